//! `crosscheck check DATASET ...`: a news dataset, grouped by event, compared
//! within each group. Made for CI: exit 1 on findings at or above `--fail-on`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use super::{exit_status, ingest_options, load_rules, Outcome};
use crate::article::Article;
use crate::cli::{CheckArgs, CheckFormat};
use crate::ingest::read_inputs;
use crate::pipeline::{extract_all, run_event, Report, Stats, REPORT_SCHEMA};
use crate::report::{render_json, render_jsonl, render_markdown, render_table};

/// The group of articles that carry no event field.
const NO_EVENT: &str = "(no event)";

pub fn run(args: &CheckArgs) -> Outcome {
    let started = Instant::now();
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(outcome) => return outcome,
    };
    let mut options = match ingest_options(&args.input) {
        Ok(options) => options,
        Err(outcome) => return outcome,
    };
    if args.group_by != "event" {
        options
            .field_map
            .insert("event".into(), args.group_by.clone());
    }
    let mut events: BTreeMap<String, Vec<Article>> = BTreeMap::new();
    let mut skipped = Vec::new();
    for item in read_inputs(&args.inputs, &options) {
        match item {
            Ok(article) => {
                let event = article
                    .event
                    .clone()
                    .unwrap_or_else(|| NO_EVENT.to_string());
                events.entry(event).or_default().push(article);
            }
            Err(skip) => skipped.push(skip),
        }
    }
    let mut stderr: Vec<String> = skipped.iter().map(|s| format!("error: {s}")).collect();
    let mut combined = Report {
        schema: REPORT_SCHEMA.to_string(),
        articles: Vec::new(),
        findings: Vec::new(),
        skipped: skipped.clone(),
        stats: Stats {
            articles: 0,
            claims: 0,
            comparable_claims: 0,
            topics_compared: 0,
            findings: 0,
            skipped: skipped.len(),
            seconds: 0.0,
        },
    };
    let mut text = String::new();
    let mut summary = String::new();
    for (event, articles) in &events {
        let claims: Vec<_> = extract_all(articles, &rules)
            .into_iter()
            .flatten()
            .collect();
        let run = run_event(articles, &claims, Vec::new(), &rules, started);
        let report = run.report;
        let _ = writeln!(
            summary,
            "{event:<32} {:>8} {:>8} {:>9} {:>7}",
            report.stats.articles,
            report.stats.claims,
            report
                .findings
                .iter()
                .filter(|f| f.kind.as_str() == "figure_conflict")
                .count(),
            report
                .findings
                .iter()
                .filter(|f| f.kind.as_str() == "figure_update")
                .count(),
        );
        match args.format {
            CheckFormat::Table => {
                let _ = writeln!(text, "== event: {event}");
                text.push_str(&render_table(&report, &run.comparison, &run.framing));
                text.push('\n');
            }
            CheckFormat::Markdown => {
                let _ = writeln!(text, "# Event: {event}\n");
                text.push_str(&render_markdown(&report, &run.comparison, &run.framing));
            }
            CheckFormat::Json | CheckFormat::Jsonl => {}
        }
        combined.stats.articles += report.stats.articles;
        combined.stats.claims += report.stats.claims;
        combined.stats.comparable_claims += report.stats.comparable_claims;
        combined.stats.topics_compared += report.stats.topics_compared;
        combined.articles.extend(report.articles);
        combined
            .findings
            .extend(report.findings.into_iter().map(|mut f| {
                f.event = Some(event.clone());
                f
            }));
    }
    combined.stats.findings = combined.findings.len();
    combined.stats.seconds = started.elapsed().as_secs_f64();
    let stdout = match args.format {
        CheckFormat::Json => render_json(&combined),
        CheckFormat::Jsonl => render_jsonl(&combined),
        CheckFormat::Table | CheckFormat::Markdown => {
            let header = format!(
                "{:<32} {:>8} {:>8} {:>9} {:>7}\n",
                "event", "articles", "claims", "conflicts", "updates"
            );
            format!("{text}Summary\n{header}{summary}")
        }
    };
    if !args.quiet && events.contains_key(NO_EVENT) {
        stderr.push(format!(
            "note: articles without an event field were compared together as {NO_EVENT}"
        ));
    }
    let status = exit_status(
        combined.worst_severity(),
        args.fail_on.threshold(),
        !combined.skipped.is_empty(),
    );
    Outcome {
        stdout,
        stderr,
        status,
    }
}
