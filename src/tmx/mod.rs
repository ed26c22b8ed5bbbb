//! TMX 1.4b: writing, reading and validating translation memories.
//!
//! PLACEHOLDER until the TMX issue lands.
