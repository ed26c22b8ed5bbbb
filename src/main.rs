//! The `hanalign` command: parses arguments and hands them to the library. See `hanalign --help`.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::parse();
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("hanalign: {err}");
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}
