//! Date claims of one event in, `date_conflict` findings out: for each pair of
//! articles and each `when/...` key both date, a conflict when no date of one
//! can be true together with any date of the other.

use std::collections::BTreeMap;

use super::lexicon::DateRules;
use super::DateClaim;
use crate::finding::{Evidence, Finding, FindingKind, Severity};

pub fn compare_dates(claims: &[DateClaim], rules: &DateRules) -> Vec<Finding> {
    let mut findings = Vec::new();
    compare_dates_each(claims, rules, &mut |f| findings.push(f));
    findings
}

/// Each date conflict handed to `emit` as it is found, so that a large
/// event's findings need not be held at once.
pub fn compare_dates_each(claims: &[DateClaim], rules: &DateRules, emit: &mut dyn FnMut(Finding)) {
    let mut by_key: BTreeMap<&str, BTreeMap<&str, Vec<&DateClaim>>> = BTreeMap::new();
    for claim in claims {
        let comparable = claim.interval.is_some() || claim.clock.is_some();
        if let (Some(key), true) = (&claim.key, comparable) {
            by_key
                .entry(key.as_str())
                .or_default()
                .entry(claim.article.as_str())
                .or_default()
                .push(claim);
        }
    }
    for (key, articles) in &by_key {
        let articles: Vec<Vec<&DateClaim>> = articles.values().map(|c| most_precise(c)).collect();
        for i in 0..articles.len() {
            for j in i + 1..articles.len() {
                if let Some(finding) = compare_pair(key, &articles[i], &articles[j], rules) {
                    emit(finding);
                }
            }
        }
    }
}

/// An article's dates for one key without those that only restate a more
/// precise one: "early on Sunday" adds nothing to "at 4:12 am" that day.
fn most_precise<'a>(claims: &[&'a DateClaim]) -> Vec<&'a DateClaim> {
    let narrower = |inner: &DateClaim, outer: &DateClaim| match (&inner.interval, &outer.interval) {
        (Some(i), Some(o)) => o.start <= i.start && i.end <= o.end && i != o,
        _ => false,
    };
    claims
        .iter()
        .filter(|outer| !claims.iter().any(|inner| narrower(inner, outer)))
        .copied()
        .collect()
}

/// Minutes between two incompatible claims, nearest edges.
fn gap_minutes(a: &DateClaim, b: &DateClaim) -> i64 {
    match (&a.interval, &b.interval) {
        (Some(x), Some(y)) => {
            let (early, late) = if x.start <= y.start { (x, y) } else { (y, x) };
            late.start.duration_since(early.end).as_mins().max(0)
        }
        _ => {
            let span = |c: &DateClaim| match (&c.interval, &c.clock) {
                (Some(i), _) => {
                    let minutes =
                        |t: jiff::civil::DateTime| i64::from(t.hour()) * 60 + i64::from(t.minute());
                    (
                        minutes(i.start),
                        minutes(i.start) + i.end.duration_since(i.start).as_mins(),
                    )
                }
                (None, Some(clock)) => (clock.from, clock.to),
                _ => (0, 0),
            };
            let (x, y) = (span(a), span(b));
            if x.1 <= y.0 {
                y.0 - x.1
            } else {
                (x.0 - y.1).max(0)
            }
        }
    }
}

/// Whole days between the starts of two claims' intervals.
fn day_difference(a: &DateClaim, b: &DateClaim) -> i64 {
    match (&a.interval, &b.interval) {
        (Some(x), Some(y)) => {
            x.start
                .date()
                .duration_since(y.start.date())
                .as_hours()
                .abs()
                / 24
        }
        _ => 0,
    }
}

fn severity(a: &DateClaim, b: &DateClaim, rules: &DateRules) -> Severity {
    let [medium, high] = if a.precision.is_sub_day() && b.precision.is_sub_day() {
        rules.severity.hours
    } else {
        rules.severity.days
    };
    let gap = if a.precision.is_sub_day() && b.precision.is_sub_day() {
        gap_minutes(a, b) as f64 / 60.0
    } else {
        day_difference(a, b).max(1) as f64
    };
    if gap >= high {
        Severity::High
    } else if gap >= medium {
        Severity::Medium
    } else {
        Severity::Low
    }
}

fn compare_pair(
    key: &str,
    left: &[&DateClaim],
    right: &[&DateClaim],
    rules: &DateRules,
) -> Option<Finding> {
    let pairs: Vec<(&DateClaim, &DateClaim)> = left
        .iter()
        .flat_map(|a| right.iter().map(move |b| (*a, *b)))
        .collect();
    if pairs.is_empty() || pairs.iter().any(|(a, b)| a.compatible(b)) {
        return None;
    }
    let (a, b) = pairs
        .iter()
        .copied()
        .min_by_key(|(a, b)| (gap_minutes(a, b), day_difference(a, b)))?;
    // "late on Sunday night" and "in the early hours of Monday" meet at
    // midnight: parts of a day have soft edges, so times that touch agree.
    // Whole days that touch ("on Sunday", "on Monday") still differ.
    if a.precision.is_sub_day() && b.precision.is_sub_day() && gap_minutes(a, b) == 0 {
        return None;
    }
    let (first, second) = match (published_day(a), published_day(b)) {
        (Some(da), Some(db)) if db < da => (b, a),
        _ => (a, b),
    };
    let summary = format!(
        "{} dates {} to {} (\u{201c}{}\u{201d}) but {} to {} (\u{201c}{}\u{201d}); both cannot be true.",
        source(first),
        readable_key(key),
        describe(first),
        first.text,
        source(second),
        describe(second),
        second.text,
    );
    Some(Finding::new(
        FindingKind::DateConflict,
        severity(a, b, rules),
        key.to_string(),
        summary,
        [evidence(first), evidence(second)],
    ))
}

/// "when/quake" reads as "the quake"; "when/quake/in-2011" as "the quake (in 2011)".
fn readable_key(key: &str) -> String {
    let mut parts = key.split('/').skip(1);
    let event = parts.next().unwrap_or(key).replace('_', " ");
    let rest: Vec<String> = parts.map(|p| p.replace('-', " ")).collect();
    if rest.is_empty() {
        format!("the {event}")
    } else {
        format!("the {event} ({})", rest.join(", "))
    }
}

fn published_day(claim: &DateClaim) -> Option<&str> {
    claim.published.as_deref().and_then(|p| p.get(..10))
}

fn source(claim: &DateClaim) -> String {
    claim
        .outlet
        .clone()
        .unwrap_or_else(|| claim.article.clone())
}

/// "2025-09-14", "2025-09-14 04:12 to 04:13", "2025-09-08 to 2025-09-15".
fn describe(claim: &DateClaim) -> String {
    let Some((start, end)) = claim.interval_iso() else {
        return "an unresolved date".to_string();
    };
    let interval = claim.interval.as_ref();
    let one_day = interval.is_some_and(|i| {
        i.start.time() == jiff::civil::Time::midnight()
            && i.end.duration_since(i.start).as_hours() == 24
    });
    if one_day {
        return start;
    }
    let zone = claim
        .zone
        .as_ref()
        .map(|z| format!(" {z}"))
        .unwrap_or_default();
    format!("[{start}, {end}){zone}")
}

fn evidence(claim: &DateClaim) -> Evidence {
    Evidence {
        article: claim.article.clone(),
        sentence: claim.sentence.clone(),
        span: claim.span,
        text: claim.text.clone(),
        value: None,
        term: None,
        label: None,
        attribution: None,
        published: claim.published.clone(),
    }
}
