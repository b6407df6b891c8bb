//! `crosscheck extract`: the claims of each article, for inspection and for
//! map-style pipelines whose claims are compared later with `check --claims`.

use super::{ingest_options, load_rules, ExitStatus, Outcome};
use crate::claim::Claim;
use crate::cli::ExtractArgs;
use crate::extract::extract_article;
use crate::ingest::read_inputs;
use crate::report::{render_claims_table, render_dates_table, Format};
use crate::temporal::{extract_dates, DateClaim};

pub fn run(args: &ExtractArgs) -> Outcome {
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(outcome) => return outcome,
    };
    let options = match ingest_options(&args.input) {
        Ok(options) => options,
        Err(outcome) => return outcome,
    };
    let mut stdout = String::new();
    let mut stderr = Vec::new();
    let mut all: Vec<Claim> = Vec::new();
    let mut all_dates: Vec<DateClaim> = Vec::new();
    let mut status = ExitStatus::Clean;
    for item in read_inputs(&args.inputs, &options) {
        let article = match item {
            Ok(article) => article,
            Err(skip) => {
                stderr.push(format!("error: {skip}"));
                status = ExitStatus::Error;
                continue;
            }
        };
        let mut claims = extract_article(&article, &rules);
        let mut dates = extract_dates(&article, &rules);
        if args.comparable {
            claims.retain(|c| c.topic.is_some());
            dates.retain(|d| d.key.is_some());
        }
        // JSONL streams article by article so memory stays bounded on large datasets.
        if args.format == Format::Jsonl {
            for claim in &claims {
                stdout.push_str(
                    &serde_json::to_string(&claim_line(claim)).expect("claims are plain data"),
                );
                stdout.push('\n');
            }
            for date in &dates {
                stdout.push_str(&date.to_line().to_string());
                stdout.push('\n');
            }
        } else {
            all.extend(claims);
            all_dates.extend(dates);
        }
    }
    match args.format {
        Format::Jsonl => {}
        Format::Json => {
            let lines: Vec<_> = all
                .iter()
                .map(claim_line)
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

/// A claim as one JSONL line: the Evidence fields of the contract plus
/// `kind` and `metric`, and the rest of the claim so it can be compared later.
/// Date claims follow the figures of each article as lines with `kind: "temporal"`,
/// `metric` set to their `when/...` key and a `date` object (see `DateClaim::to_line`).
pub fn claim_line(claim: &Claim) -> serde_json::Value {
    let evidence = crate::finding::Evidence::from_claim(claim);
    let mut line = serde_json::to_value(&evidence).expect("evidence is plain data");
    let object = line
        .as_object_mut()
        .expect("evidence serializes as an object");
    object.insert(
        "kind".into(),
        serde_json::to_value(claim.quantity.kind).expect("plain enum"),
    );
    object.insert(
        "metric".into(),
        serde_json::to_value(&claim.metric).expect("plain data"),
    );
    object.insert(
        "claim".into(),
        serde_json::to_value(claim).expect("plain data"),
    );
    line
}
