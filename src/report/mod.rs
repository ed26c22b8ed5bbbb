//! The self-contained HTML review page.
//!
//! PLACEHOLDER until the workflow issue lands.
