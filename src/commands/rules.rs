//! `crosscheck rules list / check / test`.

use std::fmt::Write as _;

use super::{ExitStatus, Outcome};
use crate::cli::{RuleArgs, RulesAction};
use crate::rules::examples::run_all;
use crate::rules::RulePack;

pub fn run(action: &RulesAction) -> Outcome {
    match action {
        RulesAction::List { rules } => list(rules),
        RulesAction::Check { paths } => check(paths),
        RulesAction::Test { paths } => test(paths),
    }
}

fn load(paths: &[std::path::PathBuf]) -> Result<RulePack, Outcome> {
    RulePack::with_user_rules(paths).map_err(|errors| Outcome {
        stdout: String::new(),
        stderr: errors.iter().map(|e| format!("error: {e}")).collect(),
        status: ExitStatus::Error,
    })
}

fn list(args: &RuleArgs) -> Outcome {
    let pack = match load(&args.rules) {
        Ok(pack) => pack,
        Err(outcome) => return outcome,
    };
    let mut out = String::from("Rule files:\n");
    for source in &pack.sources {
        let _ = writeln!(
            out,
            "  {:<48} {:<12} {} entries",
            source.origin, source.kind, source.entries
        );
    }
    let _ = writeln!(out, "\nMetrics ({}):", pack.metrics.len());
    for metric in &pack.metrics {
        let flags = flags(
            [
                (metric.cumulative, "cumulative".to_string()),
                (metric.planned, "planned".to_string()),
            ],
            ", ",
        );
        let _ = writeln!(
            out,
            "  {:<18} {}{flags}; {}: {} terms",
            metric.id,
            metric.description,
            metric.dimensions.join("/"),
            metric.terms.len()
        );
    }
    let _ = writeln!(out, "\nSubject classes ({}):", pack.subjects.len());
    for subject in &pack.subjects {
        let _ = writeln!(out, "  {:<18} {}", subject.id, subject.terms.join(", "));
    }
    let _ = writeln!(out, "\nFraming concepts ({}):", pack.concepts.len());
    for concept in &pack.concepts {
        let _ = writeln!(
            out,
            "  {:<24} {:?}; {} labelled term groups: {}",
            concept.id,
            concept.role,
            concept.terms.len(),
            concept.description
        );
    }
    let _ = writeln!(out, "\nDate events ({}):", pack.dates.events.len());
    for event in &pack.dates.events {
        let flags = flags(
            [
                (event.deadline, "deadline".to_string()),
                (
                    event.generic,
                    "generic: the clause's named event, else no key".to_string(),
                ),
                (
                    !event.other_senses.is_empty(),
                    format!("not in: {}", event.other_senses.join(", ")),
                ),
            ],
            "; ",
        );
        let _ = writeln!(
            out,
            "  when/{:<13} {}{flags}",
            event.id,
            event.terms.join(", ")
        );
    }
    Outcome {
        stdout: out,
        stderr: Vec::new(),
        status: ExitStatus::Clean,
    }
}

fn check(paths: &[std::path::PathBuf]) -> Outcome {
    let pack = match load(paths) {
        Ok(pack) => pack,
        Err(outcome) => return outcome,
    };
    match pack.compile() {
        Ok(_) => Outcome {
            stdout: format!("{} rule files are valid.\n", pack.sources.len()),
            stderr: Vec::new(),
            status: ExitStatus::Clean,
        },
        Err(error) => Outcome::error(format!("error: {error}")),
    }
}

fn test(paths: &[std::path::PathBuf]) -> Outcome {
    let pack = match load(paths) {
        Ok(pack) => pack,
        Err(outcome) => return outcome,
    };
    let compiled = match pack.compile() {
        Ok(compiled) => compiled,
        Err(error) => return Outcome::error(format!("error: {error}")),
    };
    let (count, failures) = run_all(&pack.examples, &compiled);
    let mut out = String::new();
    for failure in &failures {
        let _ = writeln!(out, "FAIL {failure}");
    }
    let failed_examples = {
        let mut texts: Vec<&str> = failures.iter().map(|f| f.text.as_str()).collect();
        texts.dedup();
        texts.len()
    };
    let _ = writeln!(
        out,
        "rule-examples: {} passed, {} failed",
        count - failed_examples,
        failed_examples
    );
    let status = if failures.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    };
    Outcome {
        stdout: out,
        stderr: Vec::new(),
        status,
    }
}

/// The notes that apply, in brackets after a rule's line: " (cumulative, planned)".
fn flags<const N: usize>(notes: [(bool, String); N], separator: &str) -> String {
    let set: Vec<String> = notes
        .into_iter()
        .filter(|(applies, _)| *applies)
        .map(|(_, note)| note)
        .collect();
    if set.is_empty() {
        String::new()
    } else {
        format!(" ({})", set.join(separator))
    }
}
