use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use crosscheck::cli::{Cli, Command};
use crosscheck::commands::{self, ExitStatus};

#[global_allocator]
static GLOBAL: crosscheck::allocator::Mimalloc = crosscheck::allocator::Mimalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let is_help = matches!(
                error.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            );
            let _ = error.print();
            return ExitCode::from(if is_help { 0 } else { ExitStatus::Error as u8 });
        }
    };
    let outcome = match &cli.command {
        Command::Compare(args) => commands::compare::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Extract(args) => commands::extract::run(args),
        Command::Rules { action } => commands::rules::run(action),
        Command::Eval(args) => commands::eval::run(args),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`crosscheck ... | head`) is the reader's choice, not an error.
    let _ = stdout.write_all(outcome.stdout.as_bytes());
    let _ = stdout.flush();
    let mut stderr = std::io::stderr().lock();
    for line in &outcome.stderr {
        let _ = writeln!(stderr, "{line}");
    }
    ExitCode::from(outcome.status as u8)
}
