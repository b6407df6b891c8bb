//! A claim: one figure in one article, with what it counts and who says so.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::normalize::Quantity;
use crate::span::Span;

/// Why a figure stands in its sentence: the current state, an earlier value it
/// is compared with, or a projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Current,
    Baseline,
    Projection,
    /// An addition to a total ("five more bodies"), not the total itself.
    Increment,
}

impl Role {
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Current => "current",
            Role::Baseline => "baseline",
            Role::Projection => "projection",
            Role::Increment => "increment",
        }
    }
}

/// One figure found in an article.
///
/// Self-contained on purpose: a claim carries its sentence and the article's
/// metadata, so claims written by `extract --format jsonl` on one machine can
/// be compared on another without the articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The article's metadata, shared by all its claims rather than copied.
    pub article: Arc<str>,
    pub outlet: Option<Arc<str>>,
    pub published: Option<Arc<str>>,
    pub event: Option<Arc<str>>,
    /// Shared by every claim of the sentence.
    pub sentence: Arc<str>,
    pub sentence_span: Span,
    /// The claim's own words in the article: the figure and its counted noun.
    pub span: Span,
    pub text: String,
    pub quantity: Quantity,
    pub metric: Option<String>,
    pub subject: Option<String>,
    pub attribution: Option<String>,
    pub places: Vec<String>,
    /// A rate's period ("day" for "€40 million a day"), so rates meet only rates.
    pub rate: Option<String>,
    pub role: Role,
    pub in_title: bool,
    /// The alignment key, or `None` with `skipped_because` saying why the figure is not compared.
    pub topic: Option<String>,
    pub skipped_because: Option<String>,
}

impl Claim {
    pub fn low(&self) -> Option<f64> {
        self.quantity.low
    }

    pub fn high(&self) -> Option<f64> {
        self.quantity.high
    }

    /// The unit a reader sees with the value: what a count counts ("people",
    /// or "count" when unknown), else the measure's unit.
    pub fn value_unit(&self) -> &str {
        if self.quantity.dimension == "count" {
            self.subject.as_deref().unwrap_or("count")
        } else {
            &self.quantity.unit
        }
    }

    pub fn nominal(&self) -> f64 {
        self.quantity.nominal
    }

    /// Whether two claims' intervals share at least one value. Two figures
    /// that are only rounded ("1.1 billion" and "1.2 billion") meet at one
    /// point, which neither would be written as, so touching is no overlap
    /// for them; a stated bound ("at least 12") keeps its end value.
    pub fn overlaps(&self, other: &Claim) -> bool {
        let rounded_only = self.is_rounded_only() && other.is_rounded_only();
        let below = |high: Option<f64>, low: Option<f64>| matches!((high, low), (Some(h), Some(l)) if h < l || (rounded_only && h == l));
        !below(self.high(), other.low()) && !below(other.high(), self.low())
    }

    /// An exact figure whose interval comes from rounding alone.
    fn is_rounded_only(&self) -> bool {
        self.quantity.qualifier == crate::normalize::Qualifier::Exact && self.width() > 0.0
    }

    pub fn contains_value(&self, value: f64) -> bool {
        self.low().is_none_or(|l| value >= l) && self.high().is_none_or(|h| value <= h)
    }

    /// Width of the interval, infinite when a bound is open; narrower is more specific.
    pub fn width(&self) -> f64 {
        match (self.low(), self.high()) {
            (Some(l), Some(h)) => h - l,
            _ => f64::INFINITY,
        }
    }
}

/// A claim built by hand, for tests of the stages after extraction.
#[cfg(test)]
pub(crate) fn test_claim(
    article: &str,
    topic: &str,
    low: Option<f64>,
    high: Option<f64>,
    published: &str,
) -> Claim {
    use crate::normalize::{Qualifier, QuantityKind};
    let nominal = low.or(high).unwrap_or(0.0);
    Claim {
        article: article.into(),
        outlet: Some(format!("Outlet {article}").into()),
        published: Some(published.into()),
        event: None,
        sentence: format!("Sentence of {article}.").into(),
        sentence_span: Span::default(),
        span: Span::new(0, 1),
        text: format!("{nominal}"),
        quantity: Quantity {
            span: Span::default(),
            number_span: Span::default(),
            value_span: Span::default(),
            kind: QuantityKind::Count,
            qualifier: Qualifier::Exact,
            low,
            high,
            nominal,
            unit: String::new(),
            dimension: "count".into(),
            vague: false,
            change: None,
        },
        metric: topic.split('/').next().map(str::to_string),
        subject: None,
        attribution: None,
        places: vec![],
        rate: None,
        role: Role::Current,
        in_title: false,
        topic: Some(topic.into()),
        skipped_because: None,
    }
}
