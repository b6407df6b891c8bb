//! The date vocabulary of the rule pack, compiled once: word tables for the
//! parser and one phrase matcher for event terms.

use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::borrow::Cow;

use super::anchors::DateAnchors;
use crate::lexicon::{LexiconHits, LexiconSet, PhraseHit};
use crate::rules::schema::{CalendarUnit, DateSeverity, DatesDef};
use crate::rules::RuleError;

/// A fixed relative expression ("last week"), as words.
#[derive(Debug, Clone)]
pub struct Relative {
    pub words: Vec<String>,
    pub unit: CalendarUnit,
    pub offset: i64,
    /// Minutes from the day's midnight, `[from, to)`.
    pub part: Option<(i64, i64)>,
    pub until_published: bool,
}

#[derive(Debug, Clone)]
pub struct DayPart {
    pub words: Vec<String>,
    pub minutes: (i64, i64),
}

#[derive(Debug, Clone)]
pub struct Approximation {
    pub words: Vec<String>,
    pub before: i64,
    pub after: i64,
}

/// Indices, in list order, of the phrases that start with one word.
#[derive(Debug, Clone, Default)]
pub struct FirstWordPhrases {
    pub relative: Vec<usize>,
    pub day_parts: Vec<usize>,
    pub approximations: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub deadline: bool,
    pub generic: bool,
}

/// Everything the date parser looks up, keyed by lowercase word.
#[derive(Debug, Clone)]
pub struct DateRules {
    pub months: HashMap<String, i8>,
    pub weekdays: HashMap<String, i8>,
    pub numbers: HashMap<String, i64>,
    pub units: HashMap<String, CalendarUnit>,
    /// Longest first, so "earlier this month" wins over "this month".
    pub relative: Vec<Relative>,
    /// The relative expressions, day parts and approximations by first word,
    /// so a word is tried only against the phrases it can start.
    pub phrases_by_first_word: HashMap<String, FirstWordPhrases>,
    /// Every word, other than one starting with a digit, that a date piece
    /// can start with; see `parse::could_start_piece`.
    pub piece_starters: FxHashSet<String>,
    /// Turns away sentences that cannot hold a date before they are tokenized.
    pub anchors: DateAnchors,
    pub day_parts: Vec<DayPart>,
    pub approximations: Vec<Approximation>,
    pub clock_names: HashMap<String, i64>,
    pub zones: Vec<Vec<String>>,
    pub local_zones: Vec<Vec<String>>,
    pub future_markers: Vec<Vec<String>>,
    /// First words of the future markers, so most words skip that list at once.
    pub future_first_words: FxHashSet<String>,
    pub events: Vec<Event>,
    /// The event terms, one entry per event ([`EVENT_TERMS`]) and one more
    /// for their phrases in other senses (see [`DateRules::event_hits`]), and the
    /// attribution verbs of the rule pack ("said", [`SPEECH_VERBS`]), found
    /// as the sentence lexicons find them, in one pass over a sentence: a
    /// date is tied to the nearest event term, and a date a verb governs
    /// says when a source spoke.
    pub lexicons: LexiconSet,
    pub severity: DateSeverity,
}

impl DateRules {
    /// A sentence's event-term hits, less the terms a phrase in another
    /// sense holds ("fire" in "fire crews"); those phrases themselves name
    /// nothing, so they are left out too.
    pub fn event_hits<'h>(&self, lexicons: &'h LexiconHits) -> Cow<'h, [PhraseHit]> {
        let hits = &lexicons[EVENT_TERMS];
        let other_sense = self.events.len();
        if hits.iter().any(|hit| hit.entry == other_sense) {
            Cow::Owned(
                hits.iter()
                    .filter(|hit| hit.entry != other_sense)
                    .copied()
                    .collect(),
            )
        } else {
            Cow::Borrowed(hits)
        }
    }
}

/// [`DateRules::lexicons`]'s categories.
pub const EVENT_TERMS: usize = 0;
pub const SPEECH_VERBS: usize = 1;

pub const DEFAULT_SEVERITY: DateSeverity = DateSeverity {
    hours: [1.0, 3.0],
    days: [1.0, 3.0],
};

fn words(phrase: &str) -> Vec<String> {
    phrase
        .split_whitespace()
        .map(|w| w.to_lowercase().trim_end_matches('.').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

fn longest_first<T>(items: &mut [T], len: impl Fn(&T) -> usize) {
    items.sort_by_key(|item| std::cmp::Reverse(len(item)));
}

impl DateRules {
    /// `speech_verbs` are the attribution verbs of the rule pack.
    pub fn new(def: &DatesDef, speech_verbs: &[String]) -> Result<Self, RuleError> {
        let bad = |message: String| RuleError::new("rules (kind: dates)", None, message);
        let mut months = HashMap::default();
        for month in &def.months {
            if !(1..=12).contains(&month.number) {
                return Err(bad(format!("month number {} is not 1-12", month.number)));
            }
            for name in &month.names {
                months.insert(name.to_lowercase(), month.number as i8);
            }
        }
        let mut weekdays = HashMap::default();
        for day in &def.weekdays {
            if !(1..=7).contains(&day.number) {
                return Err(bad(format!(
                    "weekday number {} is not 1 (Monday) to 7 (Sunday)",
                    day.number
                )));
            }
            for name in &day.names {
                weekdays.insert(name.to_lowercase(), day.number as i8);
            }
        }
        let numbers: HashMap<String, i64> = def
            .numbers
            .iter()
            .flat_map(|n| {
                n.names
                    .iter()
                    .map(move |name| (name.to_lowercase(), n.number))
            })
            .collect();
        let units = def
            .units
            .iter()
            .flat_map(|u| {
                u.names
                    .iter()
                    .map(move |name| (name.to_lowercase(), u.unit))
            })
            .collect();
        let mut day_parts = Vec::new();
        let mut part_by_id = HashMap::default();
        for part in &def.day_parts {
            let [from, to] = part.hours;
            if !(from >= 0.0 && from < to && to <= 48.0) {
                return Err(bad(format!(
                    "day part `{}` needs hours [from, to) with 0 <= from < to <= 48",
                    part.id
                )));
            }
            let minutes = ((from * 60.0).round() as i64, (to * 60.0).round() as i64);
            part_by_id.insert(part.id.clone(), minutes);
            for name in &part.names {
                day_parts.push(DayPart {
                    words: words(name),
                    minutes,
                });
            }
        }
        longest_first(&mut day_parts, |p| p.words.len());
        let mut relative = Vec::new();
        for rel in &def.relative {
            let part = match &rel.part {
                Some(id) => Some(*part_by_id.get(id).ok_or_else(|| {
                    bad(format!(
                        "relative expression {:?} names day part `{id}`, which no day_parts entry defines",
                        rel.terms
                    ))
                })?),
                None => None,
            };
            for term in &rel.terms {
                relative.push(Relative {
                    words: words(term),
                    unit: rel.unit,
                    offset: rel.offset,
                    part,
                    until_published: rel.until_published,
                });
            }
        }
        longest_first(&mut relative, |r| r.words.len());
        let mut approximations: Vec<Approximation> = def
            .approximations
            .iter()
            .flat_map(|a| {
                a.terms.iter().map(move |t| Approximation {
                    words: words(t),
                    before: a.minutes[0],
                    after: a.minutes[1],
                })
            })
            .collect();
        longest_first(&mut approximations, |a| a.words.len());
        let clock_names: HashMap<String, i64> = def
            .clock_names
            .iter()
            .flat_map(|c| c.names.iter().map(move |n| (n.to_lowercase(), c.minute)))
            .collect();
        let phrase_list = |list: &[String]| {
            let mut out: Vec<Vec<String>> = list.iter().map(|p| words(p)).collect();
            longest_first(&mut out, |w| w.len());
            out
        };
        let events = def
            .events
            .iter()
            .map(|e| Event {
                id: e.id.clone(),
                deadline: e.deadline,
                generic: e.generic,
            })
            .collect();
        // Phrases in another sense are terms of one entry past the events, so
        // the search keeps the longer phrase over the term inside it.
        let event_terms: Vec<Vec<String>> = def
            .events
            .iter()
            .map(|e| e.terms.clone())
            .chain(std::iter::once(
                def.events
                    .iter()
                    .flat_map(|e| e.other_senses.clone())
                    .collect(),
            ))
            .collect();
        let mut phrases_by_first_word: HashMap<String, FirstWordPhrases> = HashMap::default();
        let mut index_by_first_word =
            |words: &[String], list: fn(&mut FirstWordPhrases) -> &mut Vec<usize>, index: usize| {
                if let Some(first) = words.first() {
                    list(phrases_by_first_word.entry(first.clone()).or_default()).push(index);
                }
            };
        for (index, r) in relative.iter().enumerate() {
            index_by_first_word(&r.words, |p| &mut p.relative, index);
        }
        for (index, part) in day_parts.iter().enumerate() {
            index_by_first_word(&part.words, |p| &mut p.day_parts, index);
        }
        for (index, a) in approximations.iter().enumerate() {
            index_by_first_word(&a.words, |p| &mut p.approximations, index);
        }
        let piece_starters = phrases_by_first_word
            .keys()
            .chain(months.keys())
            .chain(weekdays.keys())
            .chain(numbers.keys())
            .chain(clock_names.keys())
            .cloned()
            .chain(
                ["last", "next", "this", "within", "the", "at"]
                    .into_iter()
                    .map(String::from),
            )
            .collect();
        // One word of each relative expression is enough to admit it; the
        // last ("week" of "last week") is the one least common on its own.
        let anchors = DateAnchors::new(
            months
                .keys()
                .chain(weekdays.keys())
                .chain(clock_names.keys())
                .map(String::as_str)
                .chain(
                    relative
                        .iter()
                        .filter_map(|r| r.words.last().map(String::as_str)),
                ),
            numbers.keys().map(String::as_str),
        );
        let future_markers = phrase_list(&def.future_markers);
        let future_first_words = future_markers
            .iter()
            .filter_map(|words| words.first().cloned())
            .collect();
        Ok(DateRules {
            anchors,
            months,
            weekdays,
            numbers,
            units,
            phrases_by_first_word,
            piece_starters,
            relative,
            day_parts,
            approximations,
            clock_names,
            zones: phrase_list(&def.zones),
            local_zones: phrase_list(&def.local_zones),
            future_markers,
            future_first_words,
            events,
            lexicons: LexiconSet::new(&[event_terms, vec![speech_verbs.to_vec()]]),
            severity: def.severity.unwrap_or(DEFAULT_SEVERITY),
        })
    }
}
