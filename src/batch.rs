//! Aligning many document pairs in parallel.
//!
//! PLACEHOLDER until the workflow issue lands.
