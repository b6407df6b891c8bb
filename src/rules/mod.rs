//! The rule pack: lexicons, metric definitions, units and segmentation data,
//! loaded from YAML (built into the binary from `rules/`, extended with
//! `--rules`) and compiled once into matchers the pipeline shares.

mod compiled;
pub mod examples;
mod loader;
pub mod schema;

pub use compiled::{CompiledRules, Concept, Lexicon, Metric};
pub use loader::{RuleError, RuleSource};

use crate::normalize::UnitTable;
use crate::segment::SegmentRules;
use schema::{
    AttributionDef, ContextDef, DatesDef, FramingConcept, MetricDef, RuleExample, SpeechDef,
    SubjectClass,
};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Everything the pipeline knows about words, as loaded and before compiling.
#[derive(Debug, Clone)]
pub struct RulePack {
    pub metrics: Vec<MetricDef>,
    pub subjects: Vec<SubjectClass>,
    pub attribution: AttributionDef,
    pub context: ContextDef,
    /// Framing concepts: what outlets name in differently loaded words.
    pub concepts: Vec<FramingConcept>,
    pub speech: SpeechDef,
    pub dates: DatesDef,
    pub units: UnitTable,
    pub segment: SegmentRules,
    /// Examples written inside rule files, with the file they came from.
    pub examples: Vec<(String, RuleExample)>,
    /// Every file loaded, in order, for `crosscheck rules list`.
    pub sources: Vec<RuleSource>,
}

/// The built-in rules, compiled: where most unit tests start.
#[cfg(test)]
pub(crate) fn builtin_compiled() -> CompiledRules {
    RulePack::builtin()
        .expect("the built-in rules load")
        .compile()
        .expect("the built-in rules compile")
}

impl RulePack {
    /// The pack compiled into the binary from `rules/`.
    pub fn builtin() -> Result<Self, RuleError> {
        use rayon::prelude::*;
        // Reading the YAML is a third of start-up; the files are
        // independent, so they are read at once and added in order.
        let parsed: Vec<Result<loader::ParsedSource, RuleError>> = BUILTIN_RULES
            .par_iter()
            .map(|(origin, text)| loader::parse_source(origin, text))
            .collect();
        let mut pack = RulePack::empty();
        for ((origin, _), parsed) in BUILTIN_RULES.iter().zip(parsed) {
            pack.add_parsed(origin, parsed?)?;
        }
        Ok(pack)
    }

    /// The built-in pack extended with user files or folders, in order; a
    /// later metric or subject with the same id replaces the earlier one.
    pub fn with_user_rules(paths: &[std::path::PathBuf]) -> Result<Self, Vec<RuleError>> {
        let mut pack = RulePack::builtin().map_err(|e| vec![e])?;
        let mut errors = Vec::new();
        for path in paths {
            match loader::read_rule_paths(path) {
                Ok(files) => {
                    for (origin, text) in files {
                        if let Err(error) = pack.add_source(&origin, &text) {
                            errors.push(error);
                        }
                    }
                }
                Err(error) => errors.push(error),
            }
        }
        if errors.is_empty() {
            Ok(pack)
        } else {
            Err(errors)
        }
    }

    fn empty() -> Self {
        RulePack {
            metrics: Vec::new(),
            subjects: Vec::new(),
            attribution: AttributionDef::default(),
            context: ContextDef::default(),
            concepts: Vec::new(),
            speech: SpeechDef::default(),
            dates: DatesDef::default(),
            units: UnitTable::default(),
            segment: SegmentRules::default(),
            examples: Vec::new(),
            sources: Vec::new(),
        }
    }

    pub fn compile(&self) -> Result<CompiledRules, RuleError> {
        CompiledRules::new(self)
    }
}
