//! `crosscheck eval GOLD.yaml ...`: run the pipeline on each gold file's
//! articles and score the findings against the labels.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use super::{load_rules, ExitStatus, Outcome};
use crate::cli::EvalArgs;
use crate::eval::{read_gold, score, EvalResult, KindScore};
use crate::ingest::{read_inputs, IngestOptions};
use crate::pipeline::{extract_all, run_event};
use crate::report::Format;

pub fn run(args: &EvalArgs) -> Outcome {
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(outcome) => return outcome,
    };
    let mut total = EvalResult::default();
    let mut stderr = Vec::new();
    let mut status = ExitStatus::Clean;
    for gold_path in &args.gold {
        let gold = match read_gold(gold_path) {
            Ok(gold) => gold,
            Err(message) => {
                stderr.push(format!("error: {message}"));
                status = ExitStatus::Error;
                continue;
            }
        };
        let base = gold_path.parent().unwrap_or(std::path::Path::new("."));
        let paths: Vec<String> = gold
            .articles
            .iter()
            .map(|a| base.join(a).display().to_string())
            .collect();
        let mut articles = Vec::new();
        for item in read_inputs(&paths, &IngestOptions::default()) {
            match item {
                Ok(article) => articles.push(article),
                Err(skip) => {
                    stderr.push(format!("error: {skip}"));
                    status = ExitStatus::Error;
                }
            }
        }
        let article_ids: BTreeMap<String, String> = gold
            .articles
            .iter()
            .zip(&paths)
            .filter_map(|(name, path)| {
                articles
                    .iter()
                    .find(|a| &a.path == path)
                    .map(|a| (name.clone(), a.id.clone()))
            })
            .collect();
        let claims: Vec<_> = extract_all(&articles, &rules)
            .into_iter()
            .flatten()
            .collect();
        let run = run_event(&articles, &claims, Vec::new(), &rules, Instant::now());
        total.merge(score(
            &gold_path.display().to_string(),
            &gold,
            &run.report.findings,
            &article_ids,
        ));
    }
    total.finish();
    let stdout = match args.format {
        Format::Json => serde_json::to_string_pretty(&total).expect("scores are plain data") + "\n",
        _ => render(&total),
    };
    if let Some(min) = args.min_f1 {
        if status == ExitStatus::Clean && total.overall.f1.unwrap_or(1.0) < min {
            status = ExitStatus::Findings;
        }
    }
    Outcome {
        stdout,
        stderr,
        status,
    }
}

fn ratio(value: Option<f64>) -> String {
    value
        .map(|v| format!("{v:.3}"))
        .unwrap_or_else(|| "—".to_string())
}

fn row(out: &mut String, name: &str, score: &KindScore) {
    let _ = writeln!(
        out,
        "{name:<24} {:>9} {:>9} {:>9}   tp {:>3}  fp {:>3}  expected {:>3}  found {:>3}",
        ratio(score.precision),
        ratio(score.recall),
        ratio(score.f1),
        score.true_positives,
        score.false_positives,
        score.expected,
        score.found_expected
    );
}

fn render(result: &EvalResult) -> String {
    let mut out = format!(
        "{:<24} {:>9} {:>9} {:>9}\n",
        "kind", "precision", "recall", "F1"
    );
    for (kind, score) in &result.kinds {
        row(&mut out, kind, score);
    }
    row(&mut out, "overall", &result.overall);
    let _ = writeln!(out, "forbidden findings: {}", result.forbidden_matches);
    if !result.missed.is_empty() {
        out.push_str("\nMissed:\n");
        for missed in &result.missed {
            let quotes: Vec<String> = missed
                .evidence
                .iter()
                .map(|(article, e)| format!("{article}: \"{}\"", e.quote))
                .collect();
            let _ = writeln!(
                out,
                "  {} {} — {}",
                missed.gold,
                missed.kind,
                quotes.join(" / ")
            );
        }
    }
    if !result.false_findings.is_empty() {
        out.push_str("\nFalse findings:\n");
        for false_finding in &result.false_findings {
            let finding = &false_finding.finding;
            let label = if false_finding.forbidden {
                "FORBIDDEN"
            } else {
                "unlabelled"
            };
            let _ = writeln!(
                out,
                "  {} {} {} [{}]: {}",
                false_finding.gold,
                label,
                finding.kind.as_str(),
                finding.topic,
                finding.summary
            );
            for evidence in &finding.evidence {
                let _ = writeln!(out, "      {}: {}", evidence.article, evidence.sentence);
            }
        }
    }
    out
}
