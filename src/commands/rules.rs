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
        let notes: Vec<&str> = [
            (metric.cumulative, "cumulative"),
            (metric.planned, "planned"),
        ]
        .into_iter()
        .filter(|(set, _)| *set)
        .map(|(_, note)| note)
        .collect();
        let flags = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join(", "))
        };
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
        let mut notes: Vec<String> = [
            (event.deadline, "deadline"),
            (
                event.generic,
                "generic: the clause's named event, else no key",
            ),
        ]
        .into_iter()
        .filter(|(set, _)| *set)
        .map(|(_, note)| note.to_string())
        .collect();
        if !event.other_senses.is_empty() {
            notes.push(format!("not in: {}", event.other_senses.join(", ")));
        }
        let flags = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
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
