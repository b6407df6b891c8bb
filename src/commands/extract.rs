//! `crosscheck extract`: the claims of each article, for inspection and for
//! map-style pipelines whose claims are compared later with `check --claims`.

use std::io::Write;

use super::{prepare, ExitStatus, Outcome};
use rayon::prelude::*;

use crate::article::Article;
use crate::claim::Claim;
use crate::cli::ExtractArgs;
use crate::extract::extract_article;
use crate::finding::Evidence;
use crate::ingest::read_inputs;
use crate::normalize::QuantityKind;
use crate::report::{render_claims_table, render_dates_table, Format};
use crate::temporal::{extract_dates, DateClaim};

pub fn run(args: &ExtractArgs) -> Outcome {
    let (rules, options) = match prepare(&args.rules, &args.input) {
        Ok(prepared) => prepared,
        Err(outcome) => return outcome,
    };
    let mut stdout = String::new();
    // JSONL is the dataset format: written as each batch finishes, never
    // held whole.
    let mut lines_out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    let mut stderr = Vec::new();
    let mut all: Vec<Claim> = Vec::new();
    let mut all_dates: Vec<DateClaim> = Vec::new();
    let mut status = ExitStatus::Clean;
    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    let mut inputs = read_inputs(&args.inputs, &options).peekable();
    // Articles stream in batches: each batch is extracted in parallel and
    // written out in input order before the next is read.
    while inputs.peek().is_some() {
        batch.clear();
        for item in inputs.by_ref().take(BATCH) {
            match item {
                Ok(article) => batch.push(article),
                Err(skip) => {
                    stderr.push(format!("error: {skip}"));
                    status = ExitStatus::Error;
                }
            }
        }
        let extracted: Vec<(Vec<Claim>, Vec<DateClaim>, String)> = batch
            .par_iter()
            .map(|article| {
                let mut claims = extract_article(article, &rules);
                let mut dates = extract_dates(article, &rules);
                if args.comparable {
                    claims.retain(|c| c.topic.is_some());
                    dates.retain(|d| d.key.is_some());
                }
                if args.format == Format::Jsonl {
                    // Lines are written here, in parallel, and only copied out in order.
                    let lines = jsonl_lines(&claims, &dates);
                    (Vec::new(), Vec::new(), lines)
                } else {
                    (claims, dates, String::new())
                }
            })
            .collect();
        for (claims, dates, lines) in extracted {
            all.extend(claims);
            all_dates.extend(dates);
            if let Err(e) = lines_out.write_all(lines.as_bytes()) {
                return closed_or_failed(e, stderr, status);
            }
        }
    }
    if let Err(e) = lines_out.flush() {
        return closed_or_failed(e, stderr, status);
    }
    match args.format {
        Format::Jsonl => {}
        Format::Json => {
            let lines: Vec<serde_json::Value> = all
                .iter()
                .map(|claim| serde_json::to_value(ClaimLine::new(claim)).expect("plain data"))
                .chain(all_dates.iter().map(DateClaim::to_line))
                .collect();
            stdout = serde_json::to_string_pretty(&lines).expect("claims are plain data") + "\n";
        }
        Format::Table | Format::Markdown => {
            stdout = render_claims_table(&all);
            if !all_dates.is_empty() {
                stdout.push('\n');
                stdout.push_str(&render_dates_table(&all_dates));
            }
        }
    }
    Outcome {
        stdout,
        stderr,
        status,
    }
}

const BATCH: usize = 512;

/// One article's claims and dates as JSONL.
fn jsonl_lines(claims: &[Claim], dates: &[DateClaim]) -> String {
    let mut lines = String::new();
    for claim in claims {
        lines.push_str(&claim_line(claim));
        lines.push('\n');
    }
    for date in dates {
        lines.push_str(&date.to_line().to_string());
        lines.push('\n');
    }
    lines
}

/// A closed pipe (`crosscheck extract ... | head`) ends the run quietly;
/// any other write error is reported.
fn closed_or_failed(error: std::io::Error, mut stderr: Vec<String>, status: ExitStatus) -> Outcome {
    let status = if error.kind() == std::io::ErrorKind::BrokenPipe {
        status
    } else {
        stderr.push(format!("error: cannot write the claims: {error}"));
        ExitStatus::Error
    };
    Outcome {
        stdout: String::new(),
        stderr,
        status,
    }
}

/// A claim as one JSONL line: the Evidence fields of the contract plus
/// `kind` and `metric`, and the whole claim so it can be compared later
/// without the article (`crosscheck check --claims`). Date claims follow the
/// figures of each article as lines with `kind: "temporal"`, `metric` set to
/// their `when/...` key and a `date` object (see `DateClaim::to_line`).
#[derive(Debug, serde::Serialize)]
pub struct ClaimLine<'a> {
    #[serde(flatten)]
    pub evidence: Evidence,
    pub kind: QuantityKind,
    pub metric: Option<&'a str>,
    pub claim: &'a Claim,
}

impl<'a> ClaimLine<'a> {
    pub fn new(claim: &'a Claim) -> Self {
        ClaimLine {
            evidence: Evidence::from_claim(claim),
            kind: claim.quantity.kind,
            metric: claim.metric.as_deref(),
            claim,
        }
    }
}

pub fn claim_line(claim: &Claim) -> String {
    serde_json::to_string(&ClaimLine::new(claim)).expect("claims are plain data")
}
