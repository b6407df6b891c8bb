//! `crosscheck compare A B [C ...]`: one event, one report.

use std::time::Instant;

use super::{exit_status, prepare, Outcome};
use crate::cli::CompareArgs;
use crate::ingest::read_inputs;
use crate::pipeline::{extract_all, run_event};
use crate::report::{render_json, render_jsonl, render_markdown, render_table, Format};

pub fn run(args: &CompareArgs) -> Outcome {
    let started = Instant::now();
    let (rules, options) = match prepare(&args.rules, &args.input) {
        Ok(prepared) => prepared,
        Err(outcome) => return outcome,
    };
    let mut articles = Vec::new();
    let mut skipped = Vec::new();
    for item in read_inputs(&args.inputs, &options) {
        match item {
            Ok(article) => articles.push(article),
            Err(skip) => skipped.push(skip),
        }
    }
    let mut stderr: Vec<String> = skipped.iter().map(|s| format!("error: {s}")).collect();
    if articles.len() < 2 && !args.quiet {
        stderr.push(format!(
            "note: compare needs two or more readable articles; {} could be read",
            articles.len()
        ));
    }
    let claims: Vec<_> = extract_all(&articles, &rules)
        .into_iter()
        .flatten()
        .collect();
    let run = run_event(&articles, &claims, skipped, &rules, started);
    let stdout = match args.format {
        Format::Table => render_table(&run.report, &run.comparison, &run.framing),
        Format::Json => render_json(&run.report),
        Format::Jsonl => render_jsonl(&run.report),
        Format::Markdown => render_markdown(&run.report, &run.comparison, &run.framing),
    };
    let status = exit_status(
        run.report.worst_severity(),
        args.fail_on.threshold(),
        !run.report.skipped.is_empty(),
    );
    Outcome {
        stdout,
        stderr,
        status,
    }
}
