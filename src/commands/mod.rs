//! The subcommands. Each returns an [`Outcome`]: what to print and how to
//! exit. Nothing here prints or exits; `main` does.

pub mod check;
pub mod compare;
pub mod eval;
pub mod extract;
pub mod rules;

use std::collections::BTreeMap;

use crate::cli::{InputArgs, RuleArgs, StdinFormatArg};
use crate::finding::Severity;
use crate::ingest::{IngestOptions, StdinFormat};
use crate::rules::{CompiledRules, RulePack};

/// The process exit status: the contract's three codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// Ran, and no finding at or above the threshold.
    Clean = 0,
    /// Ran, and findings at or above the threshold.
    Findings = 1,
    /// Usage error, invalid rules, or an input that could not be read.
    Error = 2,
}

/// What a command has to say: the report for standard output, notes for
/// standard error, and the exit status.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: Vec<String>,
    pub status: ExitStatus,
}

impl Outcome {
    pub fn error(message: impl Into<String>) -> Self {
        Outcome {
            stdout: String::new(),
            stderr: vec![message.into()],
            status: ExitStatus::Error,
        }
    }
}

/// Loads the built-in pack plus `--rules`, compiled; an invalid rule file is a
/// usage error naming the file and line.
pub fn load_rules(args: &RuleArgs) -> Result<CompiledRules, Outcome> {
    let pack = RulePack::with_user_rules(&args.rules).map_err(|errors| Outcome {
        stdout: String::new(),
        stderr: errors.iter().map(|e| format!("error: {e}")).collect(),
        status: ExitStatus::Error,
    })?;
    pack.compile()
        .map_err(|e| Outcome::error(format!("error: {e}")))
}

pub fn ingest_options(args: &InputArgs) -> Result<IngestOptions, Outcome> {
    let mut field_map = BTreeMap::new();
    for mapping in &args.fields {
        let Some((canonical, source)) = mapping.split_once('=') else {
            return Err(Outcome::error(format!(
                "error: --field {mapping}: expected NAME=SOURCE, e.g. --field text=body"
            )));
        };
        field_map.insert(canonical.trim().to_string(), source.trim().to_string());
    }
    let stdin_format = match args.stdin_format {
        StdinFormatArg::Text => StdinFormat::Text,
        StdinFormatArg::Jsonl => StdinFormat::Jsonl,
    };
    Ok(IngestOptions {
        field_map,
        stdin_format,
    })
}

/// Rules and input options together, as every command that reads articles needs both.
pub fn prepare(
    rules: &RuleArgs,
    input: &InputArgs,
) -> Result<(CompiledRules, IngestOptions), Outcome> {
    Ok((load_rules(rules)?, ingest_options(input)?))
}

/// The exit status of a finished run: unreadable input wins, then findings at
/// or above the threshold.
pub fn exit_status(
    worst: Option<Severity>,
    threshold: Option<Severity>,
    had_skipped: bool,
) -> ExitStatus {
    if had_skipped {
        ExitStatus::Error
    } else if matches!((worst, threshold), (Some(w), Some(t)) if w >= t) {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_input_outranks_findings_and_the_threshold_is_inclusive() {
        assert_eq!(
            exit_status(Some(Severity::High), Some(Severity::Low), true),
            ExitStatus::Error
        );
        assert_eq!(
            exit_status(Some(Severity::Medium), Some(Severity::Medium), false),
            ExitStatus::Findings
        );
        assert_eq!(
            exit_status(Some(Severity::Low), Some(Severity::Medium), false),
            ExitStatus::Clean
        );
        assert_eq!(
            exit_status(Some(Severity::High), None, false),
            ExitStatus::Clean
        );
    }
}
