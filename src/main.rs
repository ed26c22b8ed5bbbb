//! The `hanalign` command: parses arguments and hands them to the library. See `hanalign --help`.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Ctrl-C, SIGTERM, SIGHUP: remove the temporary files of writes in progress (no destination
    // has been touched yet), then end as a signal would (128 + SIGINT).
    let _ = ctrlc::set_handler(|| {
        hanalign::atomic::remove_temporaries();
        std::process::exit(130);
    });
    let args = cli::parse();
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("hanalign: {}", cli::describe(&err));
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}
