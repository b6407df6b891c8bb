//! Reads rule files and merges them into a [`RulePack`]. The YAML crate is
//! used only here, so it can be swapped without touching the pipeline.

use std::path::Path;

use thiserror::Error;

use super::schema::{RuleFile, RuleKind};
use super::RulePack;
use crate::normalize::UnitTable;
use crate::segment::SegmentRules;

/// A rule file that cannot be used: which file, which line, and why.
#[derive(Debug, Clone, Error, PartialEq)]
#[error("{origin}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct RuleError {
    pub origin: String,
    pub line: Option<usize>,
    pub message: String,
}

impl RuleError {
    pub fn new(origin: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        RuleError {
            origin: origin.to_string(),
            line,
            message: message.into(),
        }
    }

    fn from_yaml(origin: &str, error: &serde_yaml::Error) -> Self {
        let line = error.location().map(|l| l.line());
        // serde_yaml appends " at line N column M"; the line is already in the prefix.
        let message = error.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        RuleError::new(origin, line, message)
    }
}

/// One file of the active pack, as `crosscheck rules list` shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RuleSource {
    pub origin: String,
    pub kind: String,
    pub entries: usize,
}

/// The rule kinds whose format belongs to another stage, recognized by a
/// `kind:` line or by the file's name.
enum ForeignKind {
    Units,
    Segment,
}

fn foreign_kind(origin: &str, text: &str) -> Option<ForeignKind> {
    for line in text.lines() {
        match line.trim() {
            "kind: units" => return Some(ForeignKind::Units),
            "kind: segment" => return Some(ForeignKind::Segment),
            _ => {}
        }
    }
    let stem = Path::new(origin).file_stem()?.to_string_lossy().to_string();
    match stem.as_str() {
        "units" => Some(ForeignKind::Units),
        "segment" => Some(ForeignKind::Segment),
        _ => None,
    }
}

/// Comments out a `kind:` line so the stage's own parser, which does not know
/// the key, sees the rest with every line number unchanged.
fn without_kind_line(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with("kind:") {
                format!("# {line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One rule file, read but not yet added to a pack.
pub(super) enum ParsedSource {
    Units(UnitTable),
    Segment(SegmentRules),
    Rules(Box<RuleFile>),
}

/// Reads one rule file of any kind; an error names the file and line.
pub(super) fn parse_source(origin: &str, text: &str) -> Result<ParsedSource, RuleError> {
    if let Some(kind) = foreign_kind(origin, text) {
        let text = without_kind_line(text);
        return match kind {
            ForeignKind::Units => UnitTable::from_yaml(&text, origin)
                .map(ParsedSource::Units)
                .map_err(|e| RuleError::new(origin, None, e.to_string())),
            ForeignKind::Segment => SegmentRules::from_yaml(&text, origin)
                .map(ParsedSource::Segment)
                .map_err(|e| RuleError::new(origin, None, e)),
        };
    }
    serde_yaml::from_str(text)
        .map(|file| ParsedSource::Rules(Box::new(file)))
        .map_err(|e| RuleError::from_yaml(origin, &e))
}

impl RulePack {
    pub(super) fn add_source(&mut self, origin: &str, text: &str) -> Result<(), RuleError> {
        self.add_parsed(origin, parse_source(origin, text)?)
    }

    /// Adds a file [`parse_source`] read. Parsing needs nothing from the
    /// pack, so the built-in files are parsed in parallel and added in order.
    pub(super) fn add_parsed(
        &mut self,
        origin: &str,
        parsed: ParsedSource,
    ) -> Result<(), RuleError> {
        let file = match parsed {
            ParsedSource::Units(table) => {
                self.sources.push(RuleSource {
                    origin: origin.into(),
                    kind: "units".into(),
                    entries: table.units.len(),
                });
                self.units.extend(table);
                return Ok(());
            }
            ParsedSource::Segment(rules) => {
                self.sources.push(RuleSource {
                    origin: origin.into(),
                    kind: "segment".into(),
                    entries: 1,
                });
                self.segment.extend(rules);
                return Ok(());
            }
            ParsedSource::Rules(file) => *file,
        };
        let entries = file.metrics.len()
            + file.subjects.len()
            + file.concepts.len()
            + file.examples.len()
            + file.dates.as_ref().map_or(0, |d| d.events.len());
        let kind = match file.kind {
            RuleKind::Metrics => "metrics",
            RuleKind::Subjects => "subjects",
            RuleKind::Attribution => "attribution",
            RuleKind::Context => "context",
            RuleKind::Framing => "framing",
            RuleKind::Dates => "dates",
        };
        self.check_sections(origin, &file)?;
        for metric in file.metrics {
            self.metrics.retain(|m| m.id != metric.id);
            self.metrics.push(metric);
        }
        for subject in file.subjects {
            self.subjects.retain(|s| s.id != subject.id);
            self.subjects.push(subject);
        }
        if let Some(attribution) = file.attribution {
            self.attribution
                .before_source
                .extend(attribution.before_source);
            self.attribution.verbs.extend(attribution.verbs);
        }
        for concept in file.concepts {
            self.concepts.retain(|c| c.id != concept.id);
            self.concepts.push(concept);
        }
        if let Some(speech) = file.speech {
            self.speech
                .characterizing_verbs
                .extend(speech.characterizing_verbs);
            if speech.reach.is_some() {
                self.speech.reach = speech.reach;
            }
        }
        if let Some(context) = file.context {
            let ours = &mut self.context;
            ours.baseline_before.extend(context.baseline_before);
            ours.baseline_after.extend(context.baseline_after);
            ours.baseline_clause.extend(context.baseline_clause);
            ours.projection.extend(context.projection);
            ours.place_prepositions.extend(context.place_prepositions);
            ours.not_places.extend(context.not_places);
            ours.name_heads.extend(context.name_heads);
            ours.clause_breaks.extend(context.clause_breaks);
            ours.light_words.extend(context.light_words);
            ours.rates.extend(context.rates);
            ours.increments.extend(context.increments);
            ours.part_before.extend(context.part_before);
            ours.part_after.extend(context.part_after);
            ours.thresholds_after.extend(context.thresholds_after);
            ours.partial_periods.extend(context.partial_periods);
        }
        if let Some(dates) = file.dates {
            let ours = &mut self.dates;
            ours.months.extend(dates.months);
            ours.weekdays.extend(dates.weekdays);
            ours.numbers.extend(dates.numbers);
            ours.units.extend(dates.units);
            ours.relative.extend(dates.relative);
            ours.day_parts.extend(dates.day_parts);
            ours.approximations.extend(dates.approximations);
            ours.clock_names.extend(dates.clock_names);
            ours.zones.extend(dates.zones);
            ours.local_zones.extend(dates.local_zones);
            ours.future_markers.extend(dates.future_markers);
            for event in dates.events {
                ours.events.retain(|e| e.id != event.id);
                ours.events.push(event);
            }
            if dates.severity.is_some() {
                ours.severity = dates.severity;
            }
        }
        let is_dates = file.kind == RuleKind::Dates;
        self.examples.extend(file.examples.into_iter().map(|mut e| {
            e.dates = is_dates;
            (origin.to_string(), e)
        }));
        self.sources.push(RuleSource {
            origin: origin.into(),
            kind: kind.into(),
            entries,
        });
        Ok(())
    }

    /// A section that does not belong to the file's kind is a mistake the
    /// user should hear about, not data to drop.
    fn check_sections(&self, origin: &str, file: &RuleFile) -> Result<(), RuleError> {
        let sections = [
            (RuleKind::Metrics, !file.metrics.is_empty()),
            (RuleKind::Subjects, !file.subjects.is_empty()),
            (RuleKind::Attribution, file.attribution.is_some()),
            (RuleKind::Context, file.context.is_some()),
            (
                RuleKind::Framing,
                !file.concepts.is_empty() || file.speech.is_some(),
            ),
            (RuleKind::Dates, file.dates.is_some()),
        ];
        let misplaced = sections
            .iter()
            .any(|(kind, present)| *present && *kind != file.kind);
        if misplaced {
            return Err(RuleError::new(origin, None, format!("a `kind: {:?}` file carries sections of another kind; split it into one file per kind", file.kind).to_lowercase()));
        }
        for concept in &file.concepts {
            if concept.terms.is_empty() {
                return Err(RuleError::new(
                    origin,
                    None,
                    format!("concept `{}` has no terms", concept.id),
                ));
            }
            for term in &concept.terms {
                if term.term.forms().iter().any(|t| t.trim().is_empty()) {
                    return Err(RuleError::new(
                        origin,
                        None,
                        format!("concept `{}` has an empty term", concept.id),
                    ));
                }
            }
        }
        for example in &file.examples {
            let framing = example
                .expect
                .iter()
                .chain(&example.forbid)
                .any(|e| e.concept.is_some() || e.label.is_some());
            if framing && file.kind != RuleKind::Framing {
                return Err(RuleError::new(
                    origin,
                    None,
                    "`concept` and `label` in examples belong to `kind: framing` files",
                ));
            }
        }
        for example in &file.examples {
            let date_fields = example.published.is_some()
                || example
                    .expect
                    .iter()
                    .chain(&example.forbid)
                    .any(|c| c.key.is_some() || c.start.is_some() || c.end.is_some());
            if date_fields && file.kind != RuleKind::Dates {
                return Err(RuleError::new(
                    origin,
                    None,
                    format!(
                        "example \"{}\" uses `published`, `key`, `start` or `end`, which only `kind: dates` examples take",
                        example.text
                    ),
                ));
            }
        }
        for metric in &file.metrics {
            if metric.terms.is_empty() {
                return Err(RuleError::new(
                    origin,
                    None,
                    format!("metric `{}` has no terms", metric.id),
                ));
            }
            if metric.dimensions.is_empty() {
                return Err(RuleError::new(
                    origin,
                    None,
                    format!("metric `{}` lists no dimensions", metric.id),
                ));
            }
        }
        Ok(())
    }
}

/// The rule files named by a `--rules` argument: the file itself, or every
/// `.yaml`/`.yml` under a folder, in sorted order.
pub(super) fn read_rule_paths(path: &Path) -> Result<Vec<(String, String)>, RuleError> {
    let origin = path.display().to_string();
    if path.is_dir() {
        let mut files = Vec::new();
        collect_yaml(path, &mut files)
            .map_err(|e| RuleError::new(&origin, None, format!("cannot read folder: {e}")))?;
        files.sort();
        files
            .into_iter()
            .map(|file| {
                let origin = file.display().to_string();
                std::fs::read_to_string(&file)
                    .map(|text| (origin.clone(), text))
                    .map_err(|e| {
                        RuleError::new(&origin, None, format!("cannot read rule file: {e}"))
                    })
            })
            .collect()
    } else {
        std::fs::read_to_string(path)
            .map(|text| vec![(origin.clone(), text)])
            .map_err(|e| RuleError::new(&origin, None, format!("cannot read rule file: {e}")))
    }
}

fn collect_yaml(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}
