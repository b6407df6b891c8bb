//! The rule pack compiled for matching: one automaton per lexicon, built once
//! when the pack loads and shared read-only by every worker.

use std::collections::{HashMap, HashSet};

use super::schema::{MetricDef, SeverityScale, SubjectFrom};
use super::{RuleError, RulePack};
use crate::lexicon::PhraseMatcher;
use crate::normalize::UnitTable;
use crate::segment::SegmentRules;

/// A metric ready for extraction.
#[derive(Debug, Clone)]
pub struct Metric {
    pub id: String,
    pub cumulative: bool,
    pub dimensions: Vec<String>,
    pub default_subject: Option<String>,
    pub subject_from: SubjectFrom,
    pub range: (Option<f64>, Option<f64>),
    pub sentence_wide: bool,
    pub merge_subjects: Vec<String>,
    pub required_subjects: Vec<String>,
    /// The metric id figures are filed under: `counts_as`, or the metric's own id.
    pub topic_id: String,
    pub severity: Option<SeverityScale>,
}

impl Metric {
    fn from_def(def: &MetricDef) -> Self {
        let range = def
            .range
            .map(|[low, high]| (low, high))
            .unwrap_or((None, None));
        Metric {
            id: def.id.clone(),
            cumulative: def.cumulative,
            dimensions: def.dimensions.clone(),
            default_subject: def.default_subject.clone(),
            subject_from: def.subject_from,
            range,
            sentence_wide: def.sentence_wide,
            merge_subjects: def.merge_subjects.clone(),
            required_subjects: def.required_subjects.clone(),
            topic_id: def.counts_as.clone().unwrap_or_else(|| def.id.clone()),
            severity: def.severity,
        }
    }

    pub fn accepts(&self, dimension: &str, value: f64) -> bool {
        let in_range = self.range.0.is_none_or(|low| value >= low)
            && self.range.1.is_none_or(|high| value <= high);
        in_range && self.dimensions.iter().any(|d| d == dimension)
    }
}

#[derive(Debug, Clone)]
pub struct CompiledRules {
    pub metrics: Vec<Metric>,
    pub metric_terms: PhraseMatcher,
    pub subject_ids: Vec<String>,
    pub subject_terms: PhraseMatcher,
    pub attribution_before: PhraseMatcher,
    pub attribution_verbs: PhraseMatcher,
    pub baseline_before: PhraseMatcher,
    pub baseline_after: PhraseMatcher,
    pub projection: PhraseMatcher,
    pub place_prepositions: PhraseMatcher,
    pub not_places: Vec<String>,
    pub clause_breaks: PhraseMatcher,
    pub light_words: HashSet<String>,
    pub increments: PhraseMatcher,
    pub rate_terms: PhraseMatcher,
    pub rate_periods: Vec<String>,
    pub units: UnitTable,
    pub segment: SegmentRules,
    pub dates: crate::temporal::DateRules,
    metric_index: HashMap<String, usize>,
}

impl CompiledRules {
    pub fn new(pack: &RulePack) -> Result<Self, RuleError> {
        let metrics: Vec<Metric> = pack.metrics.iter().map(Metric::from_def).collect();
        let metric_terms = PhraseMatcher::new(
            &pack
                .metrics
                .iter()
                .map(|m| m.terms.clone())
                .collect::<Vec<_>>(),
        );
        let subject_terms = PhraseMatcher::new(
            &pack
                .subjects
                .iter()
                .map(|s| s.terms.clone())
                .collect::<Vec<_>>(),
        );
        let single = |terms: &Vec<String>| PhraseMatcher::new(std::slice::from_ref(terms));
        let metric_index = metrics
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
        let subject_ids: Vec<String> = pack.subjects.iter().map(|s| s.id.clone()).collect();
        for metric in &pack.metrics {
            if let Some(target) = &metric.counts_as {
                if !pack.metrics.iter().any(|m| &m.id == target) {
                    return Err(RuleError::new(
                        "rules",
                        None,
                        format!(
                            "metric `{}` counts as `{target}`, which no metrics file defines",
                            metric.id
                        ),
                    ));
                }
            }
            let named = metric
                .default_subject
                .iter()
                .chain(&metric.merge_subjects)
                .chain(&metric.required_subjects);
            for subject in named {
                if !subject_ids.contains(subject) {
                    return Err(RuleError::new(
                        "rules",
                        None,
                        format!(
                            "metric `{}` names subject `{subject}`, which no subjects file defines",
                            metric.id
                        ),
                    ));
                }
            }
        }
        Ok(CompiledRules {
            metrics,
            metric_terms,
            subject_ids,
            subject_terms,
            attribution_before: single(&pack.attribution.before_source),
            attribution_verbs: single(&pack.attribution.verbs),
            baseline_before: single(&pack.context.baseline_before),
            baseline_after: single(&pack.context.baseline_after),
            projection: single(&pack.context.projection),
            place_prepositions: single(&pack.context.place_prepositions),
            not_places: pack
                .context
                .not_places
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            clause_breaks: single(&pack.context.clause_breaks),
            light_words: pack
                .context
                .light_words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            increments: single(&pack.context.increments),
            rate_terms: PhraseMatcher::new(
                &pack
                    .context
                    .rates
                    .iter()
                    .map(|r| r.terms.clone())
                    .collect::<Vec<_>>(),
            ),
            rate_periods: pack
                .context
                .rates
                .iter()
                .map(|r| r.period.clone())
                .collect(),
            units: pack.units.clone(),
            segment: pack.segment.clone(),
            dates: crate::temporal::DateRules::new(&pack.dates)?,
            metric_index,
        })
    }

    pub fn metric(&self, id: &str) -> Option<&Metric> {
        self.metric_index.get(id).map(|&i| &self.metrics[i])
    }
}
