//! Compare: aligned claims in, findings out.
//!
//! Two articles agree on a topic when any of their figures overlap once
//! qualifiers and units are applied. Disjoint figures conflict, unless the
//! metric is a running total and the later article reports more: that is an
//! update. Severity grows with the gap between the figures as written.

use crate::align::TopicGroup;
use crate::claim::Claim;
use crate::finding::{Evidence, Finding, FindingKind, Severity};
use crate::rules::schema::{GapMeasure, SeverityScale};
use crate::rules::CompiledRules;

/// How one article's figure on a topic stands against the others, for the table.
#[derive(Debug, Clone)]
pub struct TopicRow<'a> {
    pub claim: &'a Claim,
    pub verdict: String,
}

#[derive(Debug, Clone)]
pub struct TopicComparison<'a> {
    pub topic: String,
    pub rows: Vec<TopicRow<'a>>,
}

#[derive(Debug, Clone, Default)]
pub struct Comparison<'a> {
    pub findings: Vec<Finding>,
    pub topics: Vec<TopicComparison<'a>>,
}

/// Figures this far apart are about different scopes (a day's toll and a
/// war's), not rival counts of one thing: no outlet misreports by 20 times.
const SCOPE_RATIO: f64 = 20.0;

const DEFAULT_RELATIVE: SeverityScale = SeverityScale {
    measure: GapMeasure::Relative,
    medium: 0.10,
    high: 0.25,
};
const DEFAULT_POINTS: SeverityScale = SeverityScale {
    measure: GapMeasure::Absolute,
    medium: 2.0,
    high: 5.0,
};

/// Every topic's findings, and its table of how each article's figure stands.
pub fn compare<'a>(groups: &[TopicGroup<'a>], rules: &CompiledRules) -> Comparison<'a> {
    let mut findings = Vec::new();
    let topics = compare_with(groups, rules, true, &mut |f| findings.push(f));
    Comparison { findings, topics }
}

/// Each finding handed to `emit` as it is made, for a dataset check, which
/// shows no tables and need not hold a large event's findings at once: an
/// article's verdict names every article it disagrees with, so in a large
/// event the verdicts alone grow with the square of its articles.
pub fn compare_each(
    groups: &[TopicGroup<'_>],
    rules: &CompiledRules,
    emit: &mut dyn FnMut(Finding),
) {
    compare_with(groups, rules, false, emit);
}

fn compare_with<'a>(
    groups: &[TopicGroup<'a>],
    rules: &CompiledRules,
    tables: bool,
    emit: &mut dyn FnMut(Finding),
) -> Vec<TopicComparison<'a>> {
    let mut topics = Vec::new();
    for group in groups {
        let mut rows: Vec<TopicRow> = Vec::new();
        let articles: Vec<(&&str, &Vec<&Claim>)> = group.by_article.iter().collect();
        let mut verdicts: Vec<Vec<String>> = vec![Vec::new(); articles.len()];
        for i in 0..articles.len() {
            for j in i + 1..articles.len() {
                let Some(finding) = compare_pair(&group.topic, articles[i].1, articles[j].1, rules)
                else {
                    continue;
                };
                if tables {
                    let (mine, theirs) = match finding.kind {
                        FindingKind::FigureUpdate => ("updated by", "updates"),
                        _ => ("conflicts with", "conflicts with"),
                    };
                    let earlier_is_i = finding.evidence[0].article == *articles[i].0;
                    let (first, second) = if earlier_is_i { (i, j) } else { (j, i) };
                    verdicts[first].push(format!("{mine} {}", articles[second].0));
                    verdicts[second].push(format!("{theirs} {}", articles[first].0));
                }
                emit(finding);
            }
        }
        if !tables {
            continue;
        }
        for ((_, claims), verdict) in articles.iter().zip(verdicts) {
            let verdict = if verdict.is_empty() {
                "consistent".to_string()
            } else {
                verdict.join("; ")
            };
            rows.push(TopicRow {
                claim: claims[0],
                verdict,
            });
        }
        topics.push(TopicComparison {
            topic: group.topic.clone(),
            rows,
        });
    }
    topics
}

/// Whether two figures are close enough in size to be about the same scope.
pub fn same_scale(a: &Claim, b: &Claim) -> bool {
    let (x, y) = (a.nominal().abs(), b.nominal().abs());
    let (small, large) = if x < y { (x, y) } else { (y, x) };
    small == 0.0 || large / small <= SCOPE_RATIO
}

fn places_compatible(a: &Claim, b: &Claim) -> bool {
    a.places.is_empty() || b.places.is_empty() || a.places.iter().any(|p| b.places.contains(p))
}

/// The gap between two disjoint intervals, or `None` when they overlap.
fn gap(a: &Claim, b: &Claim) -> Option<f64> {
    if a.overlaps(b) {
        return None;
    }
    match (a.high(), b.low(), b.high(), a.low()) {
        (Some(ah), Some(bl), _, _) if ah < bl => Some(bl - ah),
        (_, _, Some(bh), Some(al)) if bh < al => Some(al - bh),
        _ => None,
    }
}

fn compare_pair(
    topic: &str,
    left: &[&Claim],
    right: &[&Claim],
    rules: &CompiledRules,
) -> Option<Finding> {
    let pairs: Vec<(&Claim, &Claim)> = left
        .iter()
        .flat_map(|a| right.iter().map(move |b| (*a, *b)))
        .filter(|(a, b)| places_compatible(a, b) && same_scale(a, b))
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let metric = left[0].metric.as_deref().and_then(|id| rules.metric(id));
    let cumulative = metric.is_some_and(|m| m.cumulative);
    let (a_rep, b_rep) = pairs[0];
    let dates = (published_day(a_rep), published_day(b_rep));
    if let (true, (Some(da), Some(db))) = (cumulative, dates) {
        if da != db {
            let (early, late) = if da < db {
                (a_rep, b_rep)
            } else {
                (b_rep, a_rep)
            };
            if late.nominal() > early.nominal() && !late.contains_value(early.nominal()) {
                let summary = format!(
                    "{} ({}) reports {} for {}, up from {} in {} ({}): a running total that rose, not a contradiction.",
                    source_name(late),
                    late.published.as_deref().unwrap_or("undated"),
                    quoted(late),
                    readable_topic(topic),
                    quoted(early),
                    source_name(early),
                    early.published.as_deref().unwrap_or("undated"),
                );
                return Some(Finding::new(
                    FindingKind::FigureUpdate,
                    Severity::Low,
                    topic.to_string(),
                    summary,
                    [Evidence::from_claim(early), Evidence::from_claim(late)],
                ));
            }
        }
    }
    if pairs.iter().any(|(a, b)| a.overlaps(b)) {
        return None;
    }
    let (a, b) = pairs.iter().copied().min_by(|x, y| {
        gap(x.0, x.1)
            .unwrap_or(0.0)
            .total_cmp(&gap(y.0, y.1).unwrap_or(0.0))
    })?;
    let scale = metric
        .and_then(|m| m.severity)
        .unwrap_or(if a.quantity.dimension == "percent" {
            DEFAULT_POINTS
        } else {
            DEFAULT_RELATIVE
        });
    let severity = severity_of(a.nominal(), b.nominal(), scale);
    let (first, second) = chronological(a, b);
    let different_sources = match (&first.attribution, &second.attribution) {
        (Some(x), Some(y)) => !x.eq_ignore_ascii_case(y),
        _ => false,
    };
    let ending = if different_sources {
        "the two sources' figures cannot both be true"
    } else {
        "the figures cannot both be true"
    };
    let summary = format!(
        "{} reports {} for {} but {} reports {}; {ending}.",
        source_name(first),
        quoted(first),
        readable_topic(topic),
        source_name(second),
        quoted(second),
    );
    Some(Finding::new(
        FindingKind::FigureConflict,
        severity,
        topic.to_string(),
        summary,
        [Evidence::from_claim(first), Evidence::from_claim(second)],
    ))
}

fn chronological<'a>(a: &'a Claim, b: &'a Claim) -> (&'a Claim, &'a Claim) {
    match (published_day(a), published_day(b)) {
        (Some(da), Some(db)) if db < da => (b, a),
        _ => (a, b),
    }
}

fn published_day(claim: &Claim) -> Option<&str> {
    claim.published.as_deref().and_then(|p| p.get(..10))
}

pub fn severity_of(a: f64, b: f64, scale: SeverityScale) -> Severity {
    let difference = (a - b).abs();
    let gap = match scale.measure {
        GapMeasure::Absolute => difference,
        GapMeasure::Relative => {
            let larger = a.abs().max(b.abs());
            if larger == 0.0 {
                0.0
            } else {
                difference / larger
            }
        }
    };
    if gap >= scale.high {
        Severity::High
    } else if gap >= scale.medium {
        Severity::Medium
    } else {
        Severity::Low
    }
}

fn source_name(claim: &Claim) -> String {
    let outlet = claim.outlet.as_deref().unwrap_or(&claim.article);
    match &claim.attribution {
        Some(source) => format!("{outlet} (citing {source})"),
        None => outlet.to_string(),
    }
}

fn quoted(claim: &Claim) -> String {
    format!("\u{201c}{}\u{201d}", claim.text)
}

/// "killed/people" reads as "killed (people)", "wind_speed/m-per-s" as
/// "wind speed (m/s)".
pub fn readable_topic(topic: &str) -> String {
    let mut parts = topic.split('/');
    let metric = parts.next().unwrap_or(topic).replace('_', " ");
    let rest: Vec<String> = parts
        .map(|part| part.replace(crate::extract::UNIT_PER, "/"))
        .collect();
    if rest.is_empty() {
        metric
    } else {
        format!("{metric} ({})", rest.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::align;
    use crate::claim::test_claim;

    fn findings(claims: &[Claim]) -> Vec<Finding> {
        let rules = crate::rules::builtin_compiled();
        compare(&align(claims), &rules).findings
    }

    #[test]
    fn disjoint_figures_on_the_same_day_conflict_and_overlapping_ones_agree() {
        let conflict = findings(&[
            test_claim("a", "killed/people", Some(86.0), None, "2025-09-14"),
            test_claim("b", "killed/people", Some(62.0), Some(62.0), "2025-09-14"),
        ]);
        assert_eq!(conflict.len(), 1);
        assert_eq!(conflict[0].kind, FindingKind::FigureConflict);
        assert_eq!(conflict[0].severity, Severity::High);
        let agree = findings(&[
            test_claim("a", "killed/people", Some(86.0), None, "2025-09-14"),
            test_claim("b", "killed/people", Some(90.0), Some(90.0), "2025-09-14"),
        ]);
        assert!(agree.is_empty());
    }

    #[test]
    fn a_later_higher_running_total_is_an_update_and_a_later_lower_one_a_conflict() {
        let update = findings(&[
            test_claim("a", "killed/people", Some(86.0), None, "2025-09-14"),
            test_claim("b", "killed/people", Some(124.0), Some(124.0), "2025-09-17"),
        ]);
        assert_eq!(update.len(), 1);
        assert_eq!(update[0].kind, FindingKind::FigureUpdate);
        assert_eq!(
            update[0].evidence[0].article, "a",
            "the earlier figure comes first"
        );
        let lower = findings(&[
            test_claim("a", "killed/people", Some(124.0), Some(124.0), "2025-09-14"),
            test_claim("b", "killed/people", Some(86.0), Some(86.0), "2025-09-17"),
        ]);
        assert_eq!(lower[0].kind, FindingKind::FigureConflict);
    }

    #[test]
    fn a_non_cumulative_metric_never_updates() {
        let found = findings(&[
            test_claim("a", "magnitude", Some(6.8), Some(6.8), "2025-09-14"),
            test_claim("b", "magnitude", Some(7.1), Some(7.1), "2025-09-17"),
        ]);
        assert_eq!(found[0].kind, FindingKind::FigureConflict);
    }

    #[test]
    fn an_article_agrees_when_any_of_its_figures_overlaps() {
        let found = findings(&[
            test_claim(
                "a",
                "strikers/workers",
                Some(22000.0),
                Some(22000.0),
                "2026-02-03",
            ),
            test_claim(
                "a",
                "strikers/workers",
                Some(14500.0),
                Some(14500.0),
                "2026-02-03",
            ),
            test_claim(
                "b",
                "strikers/workers",
                Some(14500.0),
                Some(14500.0),
                "2026-02-03",
            ),
        ]);
        assert!(found.is_empty());
    }

    #[test]
    fn figures_twenty_times_apart_or_in_other_places_are_not_compared() {
        let scale = findings(&[
            test_claim("a", "killed/people", Some(30.0), Some(30.0), "2024-11-09"),
            test_claim(
                "b",
                "killed/people",
                Some(43552.0),
                Some(43552.0),
                "2024-11-09",
            ),
        ]);
        assert!(scale.is_empty());
        let mut gaza = test_claim("a", "killed/people", Some(40.0), Some(40.0), "2024-11-09");
        gaza.places = vec!["gaza".into()];
        let mut lebanon = test_claim("b", "killed/people", Some(25.0), Some(25.0), "2024-11-09");
        lebanon.places = vec!["lebanon".into()];
        assert!(findings(&[gaza, lebanon]).is_empty());
    }

    #[test]
    fn severity_grows_with_the_gap() {
        assert_eq!(severity_of(86.0, 62.0, DEFAULT_RELATIVE), Severity::High);
        assert_eq!(
            severity_of(400.0, 350.0, DEFAULT_RELATIVE),
            Severity::Medium
        );
        assert_eq!(severity_of(101.0, 97.0, DEFAULT_RELATIVE), Severity::Low);
        assert_eq!(severity_of(41.8, 43.1, DEFAULT_POINTS), Severity::Low);
        assert_eq!(severity_of(6.0, 12.0, DEFAULT_POINTS), Severity::High);
    }

    #[test]
    fn topics_read_as_words() {
        assert_eq!(
            readable_topic("vote_share/greer/percent"),
            "vote share (greer, percent)"
        );
        assert_eq!(readable_topic("wind_speed/m-per-s"), "wind speed (m/s)");
    }

    #[test]
    fn the_findings_alone_are_the_findings_of_the_full_comparison() {
        let rules = crate::rules::builtin_compiled();
        let claims = crate::pipeline::sample_claims();
        let groups = align(&claims);
        let full = compare(&groups, &rules);
        assert!(full.findings.len() > 10, "{}", full.findings.len());
        assert!(full
            .topics
            .iter()
            .any(|t| t.rows.iter().any(|r| r.verdict != "consistent")));
        let mut each = Vec::new();
        compare_each(&groups, &rules, &mut |f| each.push(f));
        assert_eq!(each, full.findings);
    }
}
