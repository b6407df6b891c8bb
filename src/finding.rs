//! Findings: what the report says about a pair of articles, each side with the
//! evidence a reader needs to check it.

use serde::{Deserialize, Serialize};

use crate::claim::Claim;
use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Two figures for the same thing at the same time that cannot both be true.
    FigureConflict,
    /// A running total that a later article reports higher: news, not a contradiction.
    FigureUpdate,
    /// The same actor, act or source named in differently loaded words.
    FramingDifference,
    /// The same source credited under differently loaded labels. Not emitted
    /// by the built-in pack: source labels are `framing_difference` findings
    /// with a `source/...` topic, as the contract's examples show.
    AttributionDifference,
    /// The same figure stated with a hedge ("reportedly", "claimed") by one
    /// outlet and as plain fact by the other.
    HedgingDifference,
    /// Two dates or times for the same event (or deadline) whose intervals,
    /// once resolved against each article's publication date, cannot overlap.
    DateConflict,
}

impl FindingKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            FindingKind::FigureConflict => "figure_conflict",
            FindingKind::FigureUpdate => "figure_update",
            FindingKind::FramingDifference => "framing_difference",
            FindingKind::AttributionDifference => "attribution_difference",
            FindingKind::HedgingDifference => "hedging_difference",
            FindingKind::DateConflict => "date_conflict",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::FigureConflict,
            Self::FigureUpdate,
            Self::FramingDifference,
            Self::AttributionDifference,
            Self::HedgingDifference,
            Self::DateConflict,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

/// A value as the JSON report shows it; a `None` bound is open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Value {
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub article: String,
    pub sentence: String,
    pub span: Span,
    pub text: String,
    pub value: Option<Value>,
    pub term: Option<String>,
    pub attribution: Option<String>,
    pub published: Option<String>,
    /// For framing kinds: the label of `term` in the rule pack (neutral, loaded, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Evidence {
    pub fn from_claim(claim: &Claim) -> Self {
        let quantity = &claim.quantity;
        let unit = claim.value_unit().to_string();
        Evidence {
            article: claim.article.to_string(),
            sentence: claim.sentence.to_string(),
            span: claim.span,
            text: claim.text.clone(),
            value: Some(Value {
                low: quantity.low,
                high: quantity.high,
                unit,
            }),
            term: None,
            attribution: claim.attribution.clone(),
            published: claim.published.as_deref().map(String::from),
            label: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub kind: FindingKind,
    pub severity: Severity,
    pub topic: String,
    pub summary: String,
    pub evidence: [Evidence; 2],
    /// The event both articles belong to, when a dataset is checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Reviewed earlier and listed in `check --baseline`: reported, but never fails the run.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub baselined: bool,
}

impl Finding {
    /// Builds a finding whose id is a short hash of its kind, topic and both
    /// evidence spans: stable across runs, machines and thread counts.
    pub fn new(
        kind: FindingKind,
        severity: Severity,
        topic: String,
        summary: String,
        evidence: [Evidence; 2],
    ) -> Self {
        let mut hasher = sha1_smol::Sha1::new();
        hasher.update(kind.as_str().as_bytes());
        hasher.update(topic.as_bytes());
        for side in &evidence {
            hasher.update(side.article.as_bytes());
            hasher.update(format!("{}:{}", side.span.start, side.span.end).as_bytes());
        }
        let id = hasher.digest().to_string()[..12].to_string();
        Finding {
            id,
            kind,
            severity,
            topic,
            summary,
            evidence,
            event: None,
            baselined: false,
        }
    }
}
