//! Eval: findings and hand-labelled gold files in, precision, recall and F1
//! per finding kind out, with every missed and every false finding listed.
//!
//! The matching and scoring rules are the contract's (`CONTRACT.md`, "Gold files").

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, FindingKind};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldFile {
    pub articles: Vec<String>,
    #[serde(default = "default_true")]
    pub exhaustive: bool,
    #[serde(default)]
    pub findings: Vec<GoldEntry>,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldEntry {
    #[serde(default)]
    pub expect: Option<String>,
    #[serde(default)]
    pub forbid: Option<String>,
    #[serde(default)]
    pub ignore: Option<String>,
    pub evidence: BTreeMap<String, GoldEvidence>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoldEvidence {
    pub quote: String,
    #[serde(default)]
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expectation {
    Expect,
    Forbid,
    Ignore,
}

impl GoldEntry {
    pub fn expectation(&self) -> Result<(Expectation, &str), String> {
        match (&self.expect, &self.forbid, &self.ignore) {
            (Some(kind), None, None) => Ok((Expectation::Expect, kind)),
            (None, Some(kind), None) => Ok((Expectation::Forbid, kind)),
            (None, None, Some(kind)) => Ok((Expectation::Ignore, kind)),
            _ => Err(
                "each finding entry needs exactly one of `expect`, `forbid` or `ignore`"
                    .to_string(),
            ),
        }
    }
}

pub fn read_gold(path: &Path) -> Result<GoldFile, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read gold file: {e}", path.display()))?;
    let gold: GoldFile =
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    for (i, entry) in gold.findings.iter().enumerate() {
        entry
            .expectation()
            .map_err(|e| format!("{}: finding {}: {e}", path.display(), i + 1))?;
    }
    Ok(gold)
}

/// Whether a finding carries, for every article the entry names, evidence from
/// that article whose sentence holds the quote and whose interval holds the value.
/// `article_ids` maps the gold file's article names to article ids.
pub fn entry_matches(
    entry: &GoldEntry,
    kind: &str,
    finding: &Finding,
    article_ids: &BTreeMap<String, String>,
) -> bool {
    if finding.kind.as_str() != kind {
        return false;
    }
    entry.evidence.iter().all(|(name, wanted)| {
        let id = article_ids
            .get(name)
            .map(String::as_str)
            .unwrap_or(name.as_str());
        let quote = wanted.quote.to_lowercase();
        finding.evidence.iter().any(|evidence| {
            evidence.article == id
                && evidence.sentence.to_lowercase().contains(&quote)
                && wanted.value.is_none_or(|value| {
                    evidence.value.as_ref().is_some_and(|v| {
                        let slack = 1e-9 * value.abs().max(1.0);
                        v.low.is_none_or(|l| value >= l - slack)
                            && v.high.is_none_or(|h| value <= h + slack)
                    })
                })
        })
    })
}

/// Whether every quote of the entry names the claim itself, not just its
/// sentence: the quote is inside the claim's own words or holds them.
///
/// Two figures often share a sentence ("52.4% ... 41.8%"), so a `forbid` entry
/// about one pair can match, by sentence, a finding about the other. When a
/// finding matches an `expect` entry precisely and a `forbid` entry only by
/// sentence, the precise match decides.
pub fn entry_matches_precisely(
    entry: &GoldEntry,
    finding: &Finding,
    article_ids: &BTreeMap<String, String>,
) -> bool {
    entry.evidence.iter().all(|(name, wanted)| {
        let id = article_ids
            .get(name)
            .map(String::as_str)
            .unwrap_or(name.as_str());
        let quote = wanted.quote.to_lowercase();
        finding.evidence.iter().any(|evidence| {
            let text = evidence.text.to_lowercase();
            evidence.article == id
                && !text.is_empty()
                && (text.contains(&quote) || quote.contains(&text))
        })
    })
}

/// A gold entry no finding matched.
#[derive(Debug, Clone, Serialize)]
pub struct Missed {
    pub gold: String,
    pub kind: String,
    pub evidence: BTreeMap<String, GoldEvidence>,
}

/// A finding that matched nothing it should have, or an entry it must not.
#[derive(Debug, Clone, Serialize)]
pub struct FalseFinding {
    pub gold: String,
    pub forbidden: bool,
    pub finding: Finding,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct KindScore {
    pub true_positives: usize,
    pub false_positives: usize,
    pub expected: usize,
    pub found_expected: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl KindScore {
    fn finish(&mut self) {
        let predicted = self.true_positives + self.false_positives;
        self.precision = (predicted > 0).then(|| self.true_positives as f64 / predicted as f64);
        self.recall =
            (self.expected > 0).then(|| self.found_expected as f64 / self.expected as f64);
        self.f1 = match (self.precision, self.recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            // Nothing expected and nothing predicted is a perfect score; nothing
            // expected but something predicted is all false positives.
            (None, None) => None,
            (Some(_), None) => Some(0.0),
            (None, Some(r)) => Some(if r > 0.0 { 1.0 } else { 0.0 }),
        };
    }

    fn add(&mut self, other: &KindScore) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.expected += other.expected;
        self.found_expected += other.found_expected;
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct EvalResult {
    pub kinds: BTreeMap<String, KindScore>,
    pub overall: KindScore,
    pub missed: Vec<Missed>,
    pub false_findings: Vec<FalseFinding>,
    pub forbidden_matches: usize,
}

impl EvalResult {
    pub fn merge(&mut self, other: EvalResult) {
        for (kind, score) in other.kinds {
            self.kinds.entry(kind).or_default().add(&score);
        }
        self.missed.extend(other.missed);
        self.false_findings.extend(other.false_findings);
        self.forbidden_matches += other.forbidden_matches;
        self.finish();
    }

    pub fn finish(&mut self) {
        let mut overall = KindScore::default();
        for score in self.kinds.values_mut() {
            score.finish();
            overall.add(score);
        }
        overall.finish();
        self.overall = overall;
    }
}

fn is_exhaustive_kind(kind: FindingKind) -> bool {
    matches!(
        kind,
        FindingKind::FigureConflict | FindingKind::FigureUpdate
    )
}

/// Scores one gold file's entries against the findings produced for its articles.
pub fn score(
    gold_name: &str,
    gold: &GoldFile,
    findings: &[Finding],
    article_ids: &BTreeMap<String, String>,
) -> EvalResult {
    let mut result = EvalResult::default();
    let entries: Vec<(Expectation, &str, &GoldEntry)> = gold
        .findings
        .iter()
        .filter_map(|entry| entry.expectation().ok().map(|(e, kind)| (e, kind, entry)))
        .collect();
    for (expectation, kind, entry) in &entries {
        if *expectation == Expectation::Expect {
            let score = result.kinds.entry(kind.to_string()).or_default();
            score.expected += 1;
            if findings
                .iter()
                .any(|f| entry_matches(entry, kind, f, article_ids))
            {
                score.found_expected += 1;
            } else {
                result.missed.push(Missed {
                    gold: gold_name.to_string(),
                    kind: kind.to_string(),
                    evidence: entry.evidence.clone(),
                });
            }
        }
    }
    for finding in findings {
        let kind = finding.kind.as_str();
        let matching = |wanted: Expectation| {
            entries
                .iter()
                .any(|(e, k, entry)| *e == wanted && entry_matches(entry, k, finding, article_ids))
        };
        let precisely = |wanted: Expectation| {
            entries.iter().any(|(e, k, entry)| {
                *e == wanted
                    && entry_matches(entry, k, finding, article_ids)
                    && entry_matches_precisely(entry, finding, article_ids)
            })
        };
        let expected = matching(Expectation::Expect);
        let expect_names_the_claims =
            precisely(Expectation::Expect) && !precisely(Expectation::Forbid);
        let forbidden = matching(Expectation::Forbid) && !expect_names_the_claims;
        let ignored = matching(Expectation::Ignore);
        let score = result.kinds.entry(kind.to_string()).or_default();
        let exhaustive = gold.exhaustive && is_exhaustive_kind(finding.kind);
        if forbidden {
            score.false_positives += 1;
            result.forbidden_matches += 1;
            result.false_findings.push(FalseFinding {
                gold: gold_name.into(),
                forbidden: true,
                finding: finding.clone(),
            });
        } else if expected {
            score.true_positives += 1;
        } else if exhaustive && !ignored {
            score.false_positives += 1;
            result.false_findings.push(FalseFinding {
                gold: gold_name.into(),
                forbidden: false,
                finding: finding.clone(),
            });
        }
    }
    result.finish();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Evidence, Severity, Value};
    use crate::span::Span;

    fn evidence(article: &str, sentence: &str, value: f64) -> Evidence {
        Evidence {
            article: article.into(),
            sentence: sentence.into(),
            span: Span::new(0, 1),
            text: String::new(),
            value: Some(Value {
                low: Some(value),
                high: Some(value),
                unit: String::new(),
            }),
            term: None,
            attribution: None,
            published: None,
            label: None,
        }
    }

    fn gold() -> GoldFile {
        serde_yaml::from_str(
            r#"
articles: [a.md, b.md]
findings:
  - expect: figure_conflict
    evidence: {a.md: {quote: "101 hostages", value: 101}, b.md: {quote: "97 hostages"}}
  - forbid: figure_conflict
    evidence: {a.md: {quote: "250"}}
"#,
        )
        .unwrap()
    }

    fn ids() -> BTreeMap<String, String> {
        [
            ("a.md".to_string(), "a".to_string()),
            ("b.md".to_string(), "b".to_string()),
        ]
        .into()
    }

    #[test]
    fn a_matching_finding_scores_full_marks() {
        let finding = Finding::new(
            FindingKind::FigureConflict,
            Severity::Low,
            "t".into(),
            "s".into(),
            [
                evidence("a", "Some 101 Hostages remain.", 101.0),
                evidence("b", "97 hostages", 97.0),
            ],
        );
        let result = score("g", &gold(), &[finding], &ids());
        let conflict = &result.kinds["figure_conflict"];
        assert_eq!(
            (conflict.precision, conflict.recall),
            (Some(1.0), Some(1.0))
        );
        assert!(result.missed.is_empty());
    }

    #[test]
    fn a_forbid_entry_that_matches_only_through_a_shared_sentence_does_not_cancel_an_expected_finding(
    ) {
        let gold: GoldFile = serde_yaml::from_str(
            r#"
articles: [a.md, b.md]
findings:
  - expect: figure_conflict
    evidence: {a.md: {quote: "41.8%"}, b.md: {quote: "43.1 percent"}}
  - forbid: figure_conflict
    evidence: {a.md: {quote: "52.4%"}, b.md: {quote: "52.4 percent"}}
"#,
        )
        .unwrap();
        let mut left = evidence("a", "Moreno won 52.4% and Greer took 41.8%.", 41.8);
        left.text = "41.8%".into();
        let mut right = evidence("b", "Moreno won 52.4 percent, Greer 43.1 percent.", 43.1);
        right.text = "43.1 percent".into();
        let finding = Finding::new(
            FindingKind::FigureConflict,
            Severity::Low,
            "t".into(),
            "s".into(),
            [left, right],
        );
        let result = score("g", &gold, &[finding], &ids());
        assert_eq!(result.forbidden_matches, 0);
        assert_eq!(result.kinds["figure_conflict"].precision, Some(1.0));
    }

    #[test]
    fn a_value_outside_the_interval_does_not_match_and_forbidden_findings_are_false() {
        let wrong_value = Finding::new(
            FindingKind::FigureConflict,
            Severity::Low,
            "t".into(),
            "s".into(),
            [
                evidence("a", "101 hostages", 100.0),
                evidence("b", "97 hostages", 97.0),
            ],
        );
        let forbidden = Finding::new(
            FindingKind::FigureConflict,
            Severity::Low,
            "u".into(),
            "s".into(),
            [
                evidence("a", "250 taken", 250.0),
                evidence("b", "97 hostages", 97.0),
            ],
        );
        let result = score("g", &gold(), &[wrong_value, forbidden], &ids());
        let conflict = &result.kinds["figure_conflict"];
        assert_eq!(conflict.recall, Some(0.0));
        assert_eq!(conflict.false_positives, 2);
        assert_eq!(result.forbidden_matches, 1);
        assert_eq!(result.missed.len(), 1);
    }
}
