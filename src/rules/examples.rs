//! Runs the examples written inside rule files: each `expect` must be found
//! as written, each `forbid` must not be. `crosscheck rules test` and the test
//! suite both call this, so a rule file cannot drift from what it promises.

use super::schema::{ExpectedClaim, RuleExample};
use super::CompiledRules;
use crate::claim::Claim;
use crate::extract::extract_text;
use crate::framing::{find_terms_in_text, TermHit};
use crate::temporal::{extract_dates_text, DateClaim};

#[derive(Debug, Clone, PartialEq)]
pub struct ExampleFailure {
    pub origin: String,
    pub text: String,
    pub problem: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: example \"{}\": {}",
            self.origin, self.text, self.problem
        )
    }
}

fn describe(claim: &Claim) -> String {
    format!(
        "\"{}\" as {} / {} [{:?}, {:?}] credited to {:?}, {}{}",
        claim.text,
        claim.metric.as_deref().unwrap_or("no metric"),
        claim.subject.as_deref().unwrap_or("no subject"),
        claim.low(),
        claim.high(),
        claim.attribution,
        claim.role.as_str(),
        claim
            .skipped_because
            .as_ref()
            .map(|r| format!(" (not compared: {r})"))
            .unwrap_or_default()
    )
}

/// What is wrong with a claim against an expectation, or `None` when it fits.
fn mismatch(claim: &Claim, expected: &ExpectedClaim) -> Option<String> {
    let close =
        |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() <= 1e-6 * b.abs().max(1.0));
    let mut problems = Vec::new();
    if let Some(metric) = &expected.metric {
        if claim.metric.as_ref() != Some(metric) {
            problems.push(format!("metric should be {metric}"));
        }
    }
    if let Some(subject) = &expected.subject {
        if claim.subject.as_ref() != Some(subject) {
            problems.push(format!("subject should be {subject}"));
        }
    }
    if let Some(attribution) = &expected.attribution {
        let found = claim.attribution.as_deref().unwrap_or("").to_lowercase();
        if found != attribution.to_lowercase() {
            problems.push(format!("should be credited to {attribution:?}"));
        }
    }
    if let Some(low) = expected.low {
        if !close(claim.low(), low) {
            problems.push(format!("low bound should be {low}"));
        }
    }
    if let Some(high) = expected.high {
        if !close(claim.high(), high) {
            problems.push(format!("high bound should be {high}"));
        }
    }
    if let Some(role) = &expected.role {
        if claim.role.as_str() != role {
            problems.push(format!("role should be {role}"));
        }
    }
    if let Some(topic) = &expected.topic {
        if claim.topic.as_ref() != Some(topic) {
            problems.push(format!("topic should be {topic}, not {:?}", claim.topic));
        }
    }
    if expected.role.as_deref() != Some("baseline")
        && expected.metric.is_some()
        && claim.topic.is_none()
    {
        problems.push("should be compared".to_string());
    }
    (!problems.is_empty()).then(|| problems.join(", "))
}

fn claims_quoting<'a>(claims: &'a [Claim], quote: &str) -> Vec<&'a Claim> {
    let quote = quote.to_lowercase();
    claims
        .iter()
        .filter(|c| c.text.to_lowercase().contains(&quote))
        .collect()
}

fn is_framing(expected: &ExpectedClaim) -> bool {
    expected.concept.is_some() || expected.label.is_some()
}

fn describe_term(hit: &TermHit, rules: &CompiledRules) -> String {
    let whose = if hit.quoted {
        " (quoted)"
    } else if hit.characterized {
        " (a speaker's characterization)"
    } else {
        ""
    };
    format!(
        "\"{}\" as {} / {}{whose}",
        hit.term,
        rules.concepts[hit.concept].id,
        hit.label.as_str()
    )
}

/// Whether a term hit is the one an expectation names (label aside).
fn term_fits(hit: &TermHit, expected: &ExpectedClaim, rules: &CompiledRules) -> bool {
    hit.term
        .to_lowercase()
        .contains(&expected.quote.to_lowercase())
        && expected
            .concept
            .as_ref()
            .is_none_or(|c| &rules.concepts[hit.concept].id == c)
}

/// Framing expectations: each `expect` must be found as the outlet's own
/// word with its concept and label; each `forbid` must not be found as the
/// outlet's word (a quoted or attributed term passes).
fn run_framing(
    example: &RuleExample,
    rules: &CompiledRules,
    fail: &dyn Fn(String) -> ExampleFailure,
) -> Vec<ExampleFailure> {
    let hits = find_terms_in_text(&example.text, rules);
    let found = || {
        hits.iter()
            .map(|h| describe_term(h, rules))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut failures = Vec::new();
    for expected in example.expect.iter().filter(|e| is_framing(e)) {
        let fits = hits.iter().any(|h| {
            term_fits(h, expected, rules)
                && h.is_outlets()
                && expected.label.is_none_or(|l| h.label == l)
        });
        if !fits {
            failures.push(fail(format!(
                "no outlet's term \"{}\"{}{}; found: [{}]",
                expected.quote,
                expected
                    .concept
                    .as_ref()
                    .map(|c| format!(" as {c}"))
                    .unwrap_or_default(),
                expected
                    .label
                    .map(|l| format!(" / {}", l.as_str()))
                    .unwrap_or_default(),
                found()
            )));
        }
    }
    for forbidden in example.forbid.iter().filter(|e| is_framing(e)) {
        for hit in hits.iter().filter(|h| {
            term_fits(h, forbidden, rules)
                && h.is_outlets()
                && forbidden.label.is_none_or(|l| h.label == l)
        }) {
            failures.push(fail(format!(
                "must not be found as the outlet's framing: {}",
                describe_term(hit, rules)
            )));
        }
    }
    failures
}

pub fn run_example(
    origin: &str,
    example: &RuleExample,
    rules: &CompiledRules,
) -> Vec<ExampleFailure> {
    if example.dates {
        return run_date_example(origin, example, rules);
    }
    let claims = extract_text(&example.text, rules);
    let fail = |problem: String| ExampleFailure {
        origin: origin.into(),
        text: example.text.clone(),
        problem,
    };
    let mut failures = run_framing(example, rules, &fail);
    for expected in example.expect.iter().filter(|e| !is_framing(e)) {
        let candidates = claims_quoting(&claims, &expected.quote);
        if candidates.is_empty() {
            let found: Vec<String> = claims.iter().map(describe).collect();
            failures.push(fail(format!(
                "no claim quoting \"{}\"; found: [{}]",
                expected.quote,
                found.join("; ")
            )));
        } else if candidates.iter().all(|c| mismatch(c, expected).is_some()) {
            let claim = candidates[0];
            let problem = mismatch(claim, expected).unwrap_or_default();
            failures.push(fail(format!("{}: {problem}", describe(claim))));
        }
    }
    for forbidden in example.forbid.iter().filter(|e| !is_framing(e)) {
        for claim in claims_quoting(&claims, &forbidden.quote) {
            let only_quote = forbidden.metric.is_none() && forbidden.subject.is_none();
            let hit = if only_quote {
                claim.topic.is_some()
            } else {
                mismatch(claim, forbidden).is_none()
            };
            if hit {
                failures.push(fail(format!(
                    "must not be found as compared: {}",
                    describe(claim)
                )));
            }
        }
    }
    failures
}

fn describe_date(claim: &DateClaim) -> String {
    let (start, end) = claim.interval_iso().unzip();
    format!(
        "\"{}\" as {} [{}, {}){}",
        claim.text,
        claim.key.as_deref().unwrap_or("no key"),
        start.unwrap_or_default(),
        end.unwrap_or_default(),
        claim
            .skipped_because
            .as_ref()
            .map(|r| format!(" (not compared: {r})"))
            .unwrap_or_default()
    )
}

fn date_mismatch(claim: &DateClaim, expected: &ExpectedClaim) -> Option<String> {
    let mut problems = Vec::new();
    let (start, end) = claim.interval_iso().unzip();
    if let Some(key) = &expected.key {
        if claim.key.as_ref() != Some(key) {
            problems.push(format!("key should be {key}"));
        }
    }
    if let Some(wanted) = &expected.start {
        if start.as_ref() != Some(wanted) {
            problems.push(format!("start should be {wanted}"));
        }
    }
    if let Some(wanted) = &expected.end {
        if end.as_ref() != Some(wanted) {
            problems.push(format!("end should be {wanted}"));
        }
    }
    (!problems.is_empty()).then(|| problems.join(", "))
}

/// A `kind: dates` example: each `expect` names a date claim by its words,
/// with the key and interval it must get; each `forbid` a date that must not be compared.
fn run_date_example(
    origin: &str,
    example: &RuleExample,
    rules: &CompiledRules,
) -> Vec<ExampleFailure> {
    let claims = extract_dates_text(&example.text, example.published.as_deref(), rules);
    let fail = |problem: String| ExampleFailure {
        origin: origin.into(),
        text: example.text.clone(),
        problem,
    };
    let quoting = |quote: &str| -> Vec<&DateClaim> {
        let quote = quote.to_lowercase();
        claims
            .iter()
            .filter(|c| c.text.to_lowercase().contains(&quote))
            .collect()
    };
    let mut failures = Vec::new();
    for expected in &example.expect {
        let candidates = quoting(&expected.quote);
        if candidates.is_empty() {
            let found: Vec<String> = claims.iter().map(describe_date).collect();
            failures.push(fail(format!(
                "no date quoting \"{}\"; found: [{}]",
                expected.quote,
                found.join("; ")
            )));
        } else if candidates
            .iter()
            .all(|c| date_mismatch(c, expected).is_some())
        {
            let claim = candidates[0];
            let problem = date_mismatch(claim, expected).unwrap_or_default();
            failures.push(fail(format!("{}: {problem}", describe_date(claim))));
        }
    }
    for forbidden in &example.forbid {
        for claim in quoting(&forbidden.quote) {
            let hit =
                claim.key.is_some() && (forbidden.key.is_none() || claim.key == forbidden.key);
            if hit {
                failures.push(fail(format!(
                    "must not be compared: {}",
                    describe_date(claim)
                )));
            }
        }
    }
    failures
}

/// Every example of the pack, run; an empty list means the pack keeps its word.
pub fn run_all(
    examples: &[(String, RuleExample)],
    rules: &CompiledRules,
) -> (usize, Vec<ExampleFailure>) {
    let failures = examples
        .iter()
        .flat_map(|(origin, example)| run_example(origin, example, rules))
        .collect();
    (examples.len(), failures)
}
