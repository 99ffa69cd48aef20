//! `accredit`: with no subcommand, the desktop app; otherwise the command line.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
