//! The rule pack compiled for matching: one automaton per lexicon, built once
//! when the pack loads and shared read-only by every worker.

use std::collections::HashMap;

use rustc_hash::FxHashSet;

use super::schema::{ConceptRole, FramingConcept, Label, MetricDef, SeverityScale, SubjectFrom};
use super::{RuleError, RulePack};
use crate::lexicon::{LexiconSet, PhraseHit};
use crate::normalize::UnitTable;
use crate::segment::SegmentRules;
use crate::span::Span;

/// A metric ready for extraction.
#[derive(Debug, Clone)]
pub struct Metric {
    pub id: String,
    pub cumulative: bool,
    pub planned: bool,
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
    pub changes_are_levels: bool,
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
            planned: def.planned,
            dimensions: def.dimensions.clone(),
            default_subject: def.default_subject.clone(),
            subject_from: def.subject_from,
            range,
            sentence_wide: def.sentence_wide,
            merge_subjects: def.merge_subjects.clone(),
            required_subjects: def.required_subjects.clone(),
            topic_id: def.counts_as.clone().unwrap_or_else(|| def.id.clone()),
            severity: def.severity,
            changes_are_levels: def.changes_are_levels,
        }
    }

    pub fn accepts(&self, dimension: &str, value: f64) -> bool {
        let in_range = self.range.0.is_none_or(|low| value >= low)
            && self.range.1.is_none_or(|high| value <= high);
        in_range && self.dimensions.iter().any(|d| d == dimension)
    }
}

/// The lexicons searched in every sentence with a figure, in the order of
/// [`CompiledRules::sentence_lexicons`]'s categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexicon {
    Metric,
    Subject,
    AttributionBefore,
    AttributionVerb,
    ClauseBreak,
    BaselineBefore,
    BaselineAfter,
    BaselineClause,
    Increment,
    Projection,
    PartBefore,
    PartAfter,
    ThresholdAfter,
    PartialPeriod,
    PlacePreposition,
    Rate,
}

impl Lexicon {
    pub const COUNT: usize = 16;
}

/// A framing concept ready for matching. Its terms and exclusions are one
/// category of [`FramingTerms`], so a term inside an excluded phrase is
/// swallowed by the longer match.
#[derive(Debug, Clone)]
pub struct Concept {
    pub id: String,
    pub description: String,
    pub role: ConceptRole,
    pub contrasts: Vec<[Label; 2]>,
    pub metrics: Vec<String>,
    /// The terms of each entry: the labelled terms, then the exclusions.
    entries: Vec<Vec<String>>,
    /// The label of each entry; `None` for an exclusion.
    entry_labels: Vec<Option<Label>>,
}

impl Concept {
    fn from_def(def: &FramingConcept) -> Self {
        let mut entries: Vec<Vec<String>> = Vec::new();
        let mut entry_labels = Vec::new();
        for term in &def.terms {
            entries.push(term.term.forms());
            entry_labels.push(Some(term.label));
        }
        entries.push(def.exclude.clone());
        entry_labels.push(None);
        let metrics = if def.metrics.is_empty() && def.role == ConceptRole::Agency {
            vec!["killed".to_string(), "injured".to_string()]
        } else {
            def.metrics.clone()
        };
        Concept {
            id: def.id.clone(),
            description: def.description.clone(),
            role: def.role,
            contrasts: def.contrasts.clone(),
            metrics,
            entries,
            entry_labels,
        }
    }

    /// The labelled terms among this concept's hits (exclusions dropped). A
    /// phrase listed under two labels counts once, for the first.
    fn labelled(&self, hits: &[PhraseHit]) -> Vec<(Label, Span)> {
        let mut out: Vec<(Option<Label>, Span)> = Vec::with_capacity(hits.len());
        for hit in hits {
            let label = self.entry_labels[hit.entry];
            match out.last_mut() {
                Some(last) if last.1 == hit.span => {}
                _ => out.push((label, hit.span)),
            }
        }
        out.into_iter()
            .filter_map(|(label, span)| Some((label?, span)))
            .collect()
    }

    /// Whether a pair of labels is marked as a contrast by the rule file.
    pub fn marks_contrast(&self, a: Label, b: Label) -> bool {
        self.contrasts
            .iter()
            .any(|[x, y]| (*x == a && *y == b) || (*x == b && *y == a))
    }
}

/// Every framing concept's terms and the characterizing verbs in one
/// automaton, so a sentence is scanned once however many concepts the rules
/// define.
#[derive(Debug, Clone)]
pub struct FramingTerms {
    set: LexiconSet,
    concepts: usize,
}

/// What [`FramingTerms::find`] sees in one sentence.
pub struct FramingHits {
    /// Per concept, in rule order: (label, span) in text order.
    pub concepts: Vec<Vec<(Label, Span)>>,
    pub characterizing_verbs: Vec<PhraseHit>,
}

impl FramingTerms {
    fn new(concepts: &[Concept], characterizing_verbs: &[String]) -> Self {
        let mut categories: Vec<Vec<Vec<String>>> =
            concepts.iter().map(|c| c.entries.clone()).collect();
        categories.push(vec![characterizing_verbs.to_vec()]);
        FramingTerms {
            set: LexiconSet::new(&categories),
            concepts: concepts.len(),
        }
    }

    pub fn find(&self, sentence: &str, concepts: &[Concept]) -> FramingHits {
        let hits = self.set.find_all(sentence);
        FramingHits {
            concepts: concepts
                .iter()
                .enumerate()
                .take(self.concepts)
                .map(|(at, concept)| concept.labelled(&hits[at]))
                .collect(),
            // The verbs are the set's last category, after the concepts.
            characterizing_verbs: hits[self.concepts].to_vec(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct CompiledRules {
    pub metrics: Vec<Metric>,
    pub subject_ids: Vec<String>,
    /// Every sentence-level lexicon in one automaton; see [`Lexicon`].
    pub sentence_lexicons: LexiconSet,
    /// Capitalized words that are never a place ("Officials"); looked up
    /// for every capitalized word near a place preposition.
    pub not_places: FxHashSet<String>,
    /// Lowercase; see `ContextDef::name_heads`.
    pub name_heads: FxHashSet<String>,
    pub light_words: FxHashSet<String>,
    pub rate_periods: Vec<String>,
    pub units: UnitTable,
    pub segment: SegmentRules,
    pub concepts: Vec<Concept>,
    /// See [`CompiledRules::framing_terms`]. Built on first use: `extract`
    /// never needs it, and its automaton is half of what compiling the rules
    /// costs at start-up.
    framing_terms: std::sync::OnceLock<FramingTerms>,
    characterizing_verbs: Vec<String>,
    pub characterizing_reach: usize,
    pub dates: crate::temporal::DateRules,
    metric_index: HashMap<String, usize>,
}

impl CompiledRules {
    pub fn new(pack: &RulePack) -> Result<Self, RuleError> {
        let metrics: Vec<Metric> = pack.metrics.iter().map(Metric::from_def).collect();
        let single = |terms: &Vec<String>| vec![terms.clone()];
        let context = &pack.context;
        let mut categories: Vec<Vec<Vec<String>>> = vec![Vec::new(); Lexicon::COUNT];
        categories[Lexicon::Metric as usize] =
            pack.metrics.iter().map(|m| m.terms.clone()).collect();
        categories[Lexicon::Subject as usize] =
            pack.subjects.iter().map(|s| s.terms.clone()).collect();
        categories[Lexicon::AttributionBefore as usize] = single(&pack.attribution.before_source);
        categories[Lexicon::AttributionVerb as usize] = single(&pack.attribution.verbs);
        categories[Lexicon::ClauseBreak as usize] = single(&context.clause_breaks);
        categories[Lexicon::BaselineBefore as usize] = single(&context.baseline_before);
        categories[Lexicon::BaselineAfter as usize] = single(&context.baseline_after);
        categories[Lexicon::BaselineClause as usize] = single(&context.baseline_clause);
        categories[Lexicon::Increment as usize] = single(&context.increments);
        categories[Lexicon::Projection as usize] = single(&context.projection);
        categories[Lexicon::PartBefore as usize] = single(&context.part_before);
        categories[Lexicon::PartAfter as usize] = single(&context.part_after);
        categories[Lexicon::ThresholdAfter as usize] = single(&context.thresholds_after);
        categories[Lexicon::PartialPeriod as usize] = single(&context.partial_periods);
        categories[Lexicon::PlacePreposition as usize] = single(&context.place_prepositions);
        categories[Lexicon::Rate as usize] =
            context.rates.iter().map(|r| r.terms.clone()).collect();
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
        for concept in &pack.concepts {
            for metric in &concept.metrics {
                if !pack.metrics.iter().any(|m| &m.id == metric) {
                    return Err(RuleError::new(
                        "rules",
                        None,
                        format!(
                            "concept `{}` names metric `{metric}`, which no metrics file defines",
                            concept.id
                        ),
                    ));
                }
            }
            let agency_labels = |l: &Label| matches!(l, Label::Agentless | Label::AgentNamed);
            let is_agency = concept.role == ConceptRole::Agency;
            if concept
                .terms
                .iter()
                .any(|t| agency_labels(&t.label) != is_agency)
            {
                return Err(RuleError::new(
                    "rules",
                    None,
                    format!(
                        "concept `{}`: the labels `agentless` and `agent_named` belong to `role: agency` concepts, and only they",
                        concept.id
                    ),
                ));
            }
        }
        let concepts: Vec<Concept> = pack.concepts.iter().map(Concept::from_def).collect();
        // The two automata are start-up's largest cost; they are built at once.
        let (sentence_lexicons, dates) = rayon::join(
            || LexiconSet::new(&categories),
            || crate::temporal::DateRules::new(&pack.dates, &pack.attribution.verbs),
        );
        Ok(CompiledRules {
            framing_terms: std::sync::OnceLock::new(),
            characterizing_verbs: pack.speech.characterizing_verbs.clone(),
            concepts,
            characterizing_reach: pack.speech.reach.unwrap_or(4),
            metrics,
            subject_ids,
            sentence_lexicons,
            not_places: context
                .not_places
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            name_heads: context
                .name_heads
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            light_words: context
                .light_words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            rate_periods: context.rates.iter().map(|r| r.period.clone()).collect(),
            units: pack.units.clone(),
            segment: pack.segment.clone(),
            dates: dates?,
            metric_index,
        })
    }

    /// The concepts' terms and the characterizing verbs ("called it",
    /// "branded": a term shortly after is the speaker's characterization).
    pub fn framing_terms(&self) -> &FramingTerms {
        self.framing_terms
            .get_or_init(|| FramingTerms::new(&self.concepts, &self.characterizing_verbs))
    }

    pub fn metric(&self, id: &str) -> Option<&Metric> {
        self.metric_index.get(id).map(|&i| &self.metrics[i])
    }
}
