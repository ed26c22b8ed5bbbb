//! The integration tests, one binary (as ripgrep's `tests/integration.rs`): each module is one
//! area's tests, run against the real `hanalign` binary or the library; [`util`] holds what they
//! share. Data per case is under `tests/data/<case>/`.

mod util;

mod align_cli;
mod align_props;
mod align_seed;
mod corrections;
mod flags_cli;
mod flow_batch;
mod flow_cli;
mod formats;
mod fuzz_replay;
mod glossary_cli;
mod glossary_fidelity;
mod glossary_formats;
mod glossary_props;
mod hostile_input;
mod model_cli;
mod roundtrip_input;
mod script_backends;
mod segment_cli;
mod segment_corpus;
mod segment_props;
mod srx;
mod tmx_atomic;
mod tmx_cli;
mod tmx_hostile;
mod tmx_props;
mod tmx_tools;
