//! Temporal: an article in, its date claims out; date claims of one event in,
//! `date_conflict` findings out.
//!
//! Each date or time expression ("early on Sunday", "at 4:12 am local time",
//! "October 7", "last week", "within 10 days") is resolved against the
//! article's publication day into a half-open interval of civil date-times,
//! and tied to the event term nearest to it ("struck", "attack", "deadline")
//! by the same weighted word distance the extractor uses for metrics. Dates
//! that only say when a source spoke ("the ministry said on Tuesday") are
//! kept for inspection but never compared. The vocabulary is `kind: dates`
//! rule data (`rules/dates.yaml`).

mod anchors;
mod compare;
mod dateline;
mod lexicon;
mod parse;
mod resolve;

pub use compare::{compare_dates, compare_dates_each};
pub use lexicon::DateRules;
pub use resolve::{Clock, Interval};

use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::extract::TokenKind;
use crate::rules::CompiledRules;
use crate::segment::segment;
use crate::span::Span;
use parse::{find_groups, Folded, Group, Words};

/// How finely an interval was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
}

impl Precision {
    pub fn as_str(&self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Week => "week",
            Precision::Day => "day",
            Precision::Hour => "hour",
            Precision::Minute => "minute",
        }
    }

    /// Whether the claim names a time of day, so gaps are measured in hours.
    pub fn is_sub_day(&self) -> bool {
        matches!(self, Precision::Hour | Precision::Minute)
    }
}

/// One date or time expression in one article, resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateClaim {
    pub article: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub event: Option<String>,
    pub sentence: String,
    pub sentence_span: Span,
    /// The expression's words in the article text.
    pub span: Span,
    pub text: String,
    /// `[start, end)`, or `None` when the day is unknown (a time of day alone).
    pub interval: Option<Interval>,
    /// A time of day that no day anchors.
    pub clock: Option<Clock>,
    /// A named zone ("GMT"); `None` is the place's own time.
    pub zone: Option<String>,
    pub precision: Precision,
    /// A deadline ("within 10 days", "by Friday" in a sentence that looks ahead).
    pub deadline: bool,
    /// The event term the date is about, as written.
    pub event_term: Option<String>,
    /// `when/<event id>`: dates meet dates with the same key.
    pub key: Option<String>,
    pub skipped_because: Option<String>,
}

impl DateClaim {
    /// Whether two claims can both be true: intervals overlap, or they cannot be compared.
    pub fn compatible(&self, other: &DateClaim) -> bool {
        if self.zone != other.zone {
            return true;
        }
        match (&self.interval, &other.interval, &self.clock, &other.clock) {
            (Some(a), Some(b), _, _) => a.overlaps(b),
            (None, None, Some(a), Some(b)) => a.from < b.to && b.from < a.to,
            (Some(interval), None, _, Some(clock)) | (None, Some(interval), Some(clock), _) => {
                match interval.single_day() {
                    Some(day) if self.precision.is_sub_day() || other.precision.is_sub_day() => {
                        interval.overlaps(&resolve::anchor(clock, day))
                    }
                    _ => true,
                }
            }
            _ => true,
        }
    }

    /// The interval as ISO text: `2025-09-14` for whole days, date-times otherwise.
    pub fn interval_iso(&self) -> Option<(String, String)> {
        if let Some(interval) = &self.interval {
            return Some((iso(interval.start), iso(interval.end)));
        }
        self.clock
            .as_ref()
            .map(|c| (clock_text(c.from), clock_text(c.to)))
    }
}

/// Every date line writes two of these, so years with four digits are
/// written digit by digit rather than through jiff's general formatters,
/// which years before 0 still go through.
fn iso(value: DateTime) -> String {
    let midnight = value.time() == jiff::civil::Time::midnight();
    match crate::digits::civil(value) {
        Some(written) => {
            let length = if midnight { 10 } else { 16 };
            String::from_utf8(written[..length].to_vec()).expect("digits and separators are ASCII")
        }
        _ if midnight => value.date().to_string(),
        _ => value.strftime("%Y-%m-%dT%H:%M").to_string(),
    }
}

fn clock_text(minutes: i64) -> String {
    let minutes = minutes.rem_euclid(24 * 60);
    format!("T{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Past this cost an event term belongs to another part of the sentence.
const MAX_COST: f64 = 8.0;
/// Event terms before a date often head its clause ("struck ... on Sunday").
const BEFORE_WEIGHT: f64 = 0.6;
/// Words an attribution verb may have between it and a date it governs ("said in a statement on").
const MAX_SPEECH_GAP: usize = 3;
/// A date this long before publication is about an earlier event of the same kind.
const EARLIER_EVENT_DAYS: i64 = 180;

/// All date claims of one article, in text order.
pub fn extract_dates(article: &Article, rules: &CompiledRules) -> Vec<DateClaim> {
    extract_dates_in(article, &segment(&article.text, &rules.segment), rules)
}

/// The same over sentence spans segmented earlier.
pub fn extract_dates_in(
    article: &Article,
    sentences: &[Span],
    rules: &CompiledRules,
) -> Vec<DateClaim> {
    let published = article.published_date();
    let mut claims: Vec<(DateClaim, bool)> = Vec::with_capacity(4);
    for &sentence_span in sentences {
        let sentence = sentence_span.slice(&article.text);
        for (mut claim, speech) in sentence_claims(sentence, published, rules) {
            claim.span = claim.span.shifted(sentence_span.start);
            claim.sentence_span = sentence_span;
            claim.article = article.id.clone();
            claim.outlet = article.outlet.clone();
            claim.published = article.published.clone();
            claim.event = article.event.clone();
            claims.push((claim, speech));
        }
    }
    anchor_clocks(&mut claims);
    claims.into_iter().map(|(claim, _)| claim).collect()
}

/// Date claims of a snippet with a given publication date, as rule examples use.
pub fn extract_dates_text(
    text: &str,
    published: Option<&str>,
    rules: &CompiledRules,
) -> Vec<DateClaim> {
    let mut article = Article::from_parts("example", "example", None, text);
    article.published = published.map(str::to_string);
    extract_dates(&article, rules)
}

/// A time of day with no day takes the day of the same sentence's date, or
/// else of the article's last date before it; dates when a source spoke do not count.
fn anchor_clocks(claims: &mut [(DateClaim, bool)]) {
    let day_of = |claim: &DateClaim| claim.interval.and_then(|i| i.single_day());
    for index in 0..claims.len() {
        let Some(clock) = claims[index].0.clock.clone() else {
            continue;
        };
        let sentence = claims[index].0.sentence_span;
        let same_sentence = claims
            .iter()
            .filter(|(c, speech)| !speech && c.sentence_span == sentence)
            .find_map(|(c, _)| day_of(c));
        let before = claims[..index]
            .iter()
            .rev()
            .filter(|(_, speech)| !speech)
            .find_map(|(c, _)| day_of(c));
        if let Some(day) = same_sentence.or(before) {
            let interval = resolve::anchor(&clock, day);
            if interval.start < interval.end {
                let claim = &mut claims[index].0;
                claim.interval = Some(interval);
                claim.clock = None;
            }
        }
    }
}

fn sentence_claims(
    sentence: &str,
    published: Option<Date>,
    rules: &CompiledRules,
) -> Vec<(DateClaim, bool)> {
    if !rules.dates.anchors.may_hold_date(sentence) {
        return Vec::new();
    }
    parsed_sentence_claims(sentence, published, rules)
}

/// [`sentence_claims`] without the gate.
fn parsed_sentence_claims(
    sentence: &str,
    published: Option<Date>,
    rules: &CompiledRules,
) -> Vec<(DateClaim, bool)> {
    let dates = &rules.dates;
    let folded = Folded::new(sentence);
    let words = Words::new(&folded);
    let groups = find_groups(&words, dates);
    if groups.is_empty() {
        return Vec::new();
    }
    let lexicons = dates.lexicons.find_all(sentence);
    let event_hits = dates.event_hits(&lexicons);
    let event_hits = &event_hits[..];
    let speech_verbs = &lexicons[lexicon::SPEECH_VERBS];
    // Only a marker before a date matters, so the search stops at the last one.
    let last_start = groups.iter().map(|g| g.tokens.0).max().unwrap_or(0);
    let markers: Vec<usize> = (0..last_start)
        .filter(|&i| {
            words
                .word(i)
                .is_some_and(|w| dates.future_first_words.contains(w))
                && dates
                    .future_markers
                    .iter()
                    .any(|m| words.phrase_at(i, m).is_some())
        })
        .collect();
    // A date looks ahead when a marker ("will", "must") comes before it in the same clause.
    let looks_ahead = |group: &Group| {
        markers.iter().any(|&m| {
            m < group.tokens.0
                && (m..group.tokens.0).all(|k| words.tokens[k].kind != TokenKind::Break)
        })
    };
    let mut out = Vec::new();
    for group in &groups {
        // "spent the night": a part of a day with no day is not a date.
        if group
            .pieces
            .iter()
            .all(|p| matches!(p, parse::Piece::Part { .. }))
        {
            continue;
        }
        // "the October 7 attack" names an event; its year is not the nearest one.
        let named = group.tokens.0 > 0
            && words.lower[group.tokens.0 - 1] == "the"
            && matches!(
                group.pieces.first(),
                Some(parse::Piece::Date { year: None, .. })
            )
            && dates.months.contains_key(words.lower[group.tokens.0]);
        let event = nearest_event(&words, group, &groups, event_hits, rules);
        let deadline_event = event.is_some_and(|(entry, _)| dates.events[entry].deadline);
        let speech = is_speech_date(&words, group, speech_verbs, event_hits);
        let resolved = resolve::resolve(
            group,
            published,
            looks_ahead(group) || deadline_event,
            dates,
        );
        let mut claim = DateClaim {
            article: String::new(),
            outlet: None,
            published: None,
            event: None,
            sentence: sentence.to_string(),
            sentence_span: Span::default(),
            span: group.span,
            text: group.span.slice(sentence).to_string(),
            interval: None,
            clock: None,
            zone: None,
            precision: Precision::Day,
            deadline: false,
            event_term: event.map(|(_, span)| span.slice(sentence).to_string()),
            key: None,
            skipped_because: None,
        };
        if named {
            claim.skipped_because =
                Some("a date used as a name (\"the October 7 attack\"), year unknown".to_string());
            out.push((claim, true));
            continue;
        }
        if dateline::is_dateline_date(sentence, group.span) {
            claim.skipped_because = Some(
                "the dateline's date: when the story was filed, not when anything happened"
                    .to_string(),
            );
            out.push((claim, true));
            continue;
        }
        let Some(resolved) = resolved else {
            claim.skipped_because = Some(
                "cannot be resolved: no publication date, or outside the calendar".to_string(),
            );
            out.push((claim, speech));
            continue;
        };
        claim.interval = resolved.interval;
        claim.clock = resolved.clock;
        claim.zone = resolved.zone;
        claim.precision = resolved.precision;
        claim.deadline = resolved.deadline || deadline_event;
        // "said on Wednesday that the ultimatum expires": the speaking day is no deadline.
        if speech && !resolved.deadline {
            claim.deadline = false;
            claim.skipped_because =
                Some("says when a source spoke, not when the event happened".to_string());
            out.push((claim, speech));
            continue;
        }
        let id = if claim.deadline {
            Some("deadline".to_string())
        } else {
            match event {
                Some((entry, span)) if dates.events[entry].generic => {
                    claim.skipped_because = Some(format!(
                        "\"{}\" says something happened, not what, and nothing in its clause names the event",
                        span.slice(sentence)
                    ));
                    out.push((claim, false));
                    continue;
                }
                event => event.map(|(entry, _)| dates.events[entry].id.clone()),
            }
        };
        let Some(id) = id else {
            claim.skipped_because =
                Some("no event term near the date says what it dates".to_string());
            out.push((claim, speech));
            continue;
        };
        let mut key = String::with_capacity(id.len() + 16);
        key.push_str("when/");
        key.push_str(&id);
        if let (Some(interval), Some(published)) = (&claim.interval, published) {
            let limit = resolve::add_days(published, -EARLIER_EVENT_DAYS).at(0, 0, 0, 0);
            if interval.end < limit {
                key.push_str(&format!("/in-{}", interval.start.year()));
            }
        }
        claim.key = Some(key);
        out.push((claim, false));
    }
    out
}

/// Token index range `[first, end)` covering a byte span.
fn token_range(words: &Words, span: Span) -> (usize, usize) {
    let first = words.tokens.partition_point(|t| t.span.end <= span.start);
    let end = words.tokens.partition_point(|t| t.span.start < span.end);
    (first, end.max(first))
}

/// The event term nearest to the expression in weighted word distance.
fn nearest_event(
    words: &Words,
    group: &Group,
    groups: &[Group],
    hits: &[crate::lexicon::PhraseHit],
    rules: &CompiledRules,
) -> Option<(usize, Span)> {
    let in_group = |k: usize| groups.iter().any(|g| g.tokens.0 <= k && k < g.tokens.1);
    let cost_between = |from: usize, to: usize| -> f64 {
        (from..to)
            .map(|k| {
                if in_group(k) {
                    return 0.25;
                }
                match words.tokens[k].kind {
                    TokenKind::Comma => 1.5,
                    TokenKind::Break => 3.0,
                    TokenKind::Other => 0.5,
                    TokenKind::Word if rules.light_words.contains(words.lower[k]) => 0.25,
                    TokenKind::Word => 1.0,
                }
            })
            .sum()
    };
    let mut best: Option<(f64, usize, usize, Span)> = None;
    for hit in hits {
        if hit.span.overlaps(group.span) {
            continue;
        }
        let (first, end) = token_range(words, hit.span);
        let (cost, bytes) = if first >= group.tokens.1 {
            (
                cost_between(group.tokens.1, first),
                hit.span.start - group.span.end,
            )
        } else {
            (
                BEFORE_WEIGHT * cost_between(end, group.tokens.0),
                group.span.start.saturating_sub(hit.span.end),
            )
        };
        if cost > MAX_COST {
            continue;
        }
        let better = best
            .as_ref()
            .is_none_or(|(c, b, _, _)| cost < *c || (cost == *c && bytes < *b));
        if better {
            best = Some((cost, bytes, hit.entry, hit.span));
        }
    }
    let (_, _, entry, span) = best?;
    // A generic verb with nothing named in its clause comes back as itself,
    // so the caller can say why the date is left without a key.
    if rules.dates.events[entry].generic {
        if let Some(named) = event_named_in_clause(words, span, hits, rules) {
            return Some(named);
        }
    }
    Some((entry, span))
}

/// The term of a non-generic event nearest to a generic verb's span, with
/// no clause break between them: "the quake hit", "was struck by a
/// tremor", but not "the quake killed 86; a landslide hit the village".
fn event_named_in_clause(
    words: &Words,
    verb: Span,
    hits: &[crate::lexicon::PhraseHit],
    rules: &CompiledRules,
) -> Option<(usize, Span)> {
    let (verb_first, verb_end) = token_range(words, verb);
    hits.iter()
        .filter(|hit| !rules.dates.events[hit.entry].generic && !hit.span.overlaps(verb))
        .filter(|hit| {
            let (first, end) = token_range(words, hit.span);
            let between = if first >= verb_end {
                verb_end..first
            } else {
                end..verb_first
            };
            words.tokens[between]
                .iter()
                .all(|t| t.kind != TokenKind::Break)
        })
        .min_by_key(|hit| {
            if hit.span.start >= verb.end {
                hit.span.start - verb.end
            } else {
                verb.start - hit.span.end
            }
        })
        .map(|hit| (hit.entry, hit.span))
}

/// Whether an attribution verb governs the date: "said on Tuesday", "on
/// Tuesday said", "said in a statement on Tuesday", with no clause break
/// and no event term between them.
fn is_speech_date(
    words: &Words,
    group: &Group,
    verbs: &[crate::lexicon::PhraseHit],
    events: &[crate::lexicon::PhraseHit],
) -> bool {
    verbs.iter().any(|verb| {
        if events.iter().any(|e| e.span.overlaps(verb.span)) {
            return false;
        }
        let (first, end) = token_range(words, verb.span);
        let between = if end <= group.tokens.0 {
            end..group.tokens.0
        } else if group.tokens.1 <= first {
            group.tokens.1..first
        } else {
            return false;
        };
        between.len() <= MAX_SPEECH_GAP
            && between
                .clone()
                .all(|k| words.tokens[k].kind == TokenKind::Word)
            && !events.iter().any(|e| {
                let (a, b) = token_range(words, e.span);
                a < between.end && between.start < b
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_text_is_what_jiff_writes() {
        let jiff_iso = |value: DateTime| {
            if value.time() == jiff::civil::Time::midnight() {
                value.date().to_string()
            } else {
                value.strftime("%Y-%m-%dT%H:%M").to_string()
            }
        };
        for year in [-5, 0, 7, 999, 1000, 1999, 2024, 2025, 2100, 9999] {
            for (month, day) in [(1, 1), (2, 29), (10, 7), (12, 31)] {
                let Ok(date) = jiff::civil::Date::new(year, month, day) else {
                    continue;
                };
                for (hour, minute) in [(0, 0), (0, 1), (4, 12), (12, 0), (23, 59)] {
                    let value = date.at(hour, minute, 0, 0);
                    assert_eq!(iso(value), jiff_iso(value), "{value}");
                }
            }
        }
    }

    fn sample_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = vec![std::fs::read_to_string(root.join("rules/dates.yaml")).unwrap()];
        for entry in std::fs::read_dir(root.join("samples")).unwrap() {
            let dir = entry.unwrap().path();
            for file in std::fs::read_dir(&dir).unwrap() {
                texts.push(std::fs::read_to_string(file.unwrap().path()).unwrap_or_default());
            }
        }
        let corpus =
            std::fs::read_to_string(root.join("benches/fixtures/corpus-400.jsonl")).unwrap();
        for line in corpus.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            texts.push(value["text"].as_str().unwrap_or_default().to_string());
        }
        texts
    }

    /// Dates look for attribution verbs with a matcher of their own; it must
    /// find what the sentence lexicons find, hit for hit.
    #[test]
    fn speech_verbs_are_found_as_the_sentence_lexicons_find_them() {
        let rules = crate::rules::builtin_compiled();
        let mut found = 0;
        let mut texts = sample_texts();
        texts.push(
            "He said: \"I'd say\", she SAYS, they'd told, said-so, unsaid, says.".to_string(),
        );
        for text in &texts {
            for span in segment(text, &rules.segment) {
                let sentence = span.slice(text);
                let own = rules.dates.lexicons.find_all(sentence);
                let shared = rules.sentence_lexicons.find_all(sentence);
                let own = &own[lexicon::SPEECH_VERBS];
                assert_eq!(
                    own,
                    &shared[crate::rules::Lexicon::AttributionVerb as usize],
                    "in {sentence:?}"
                );
                found += own.len();
            }
        }
        assert!(found > 100, "found {found}");
    }

    /// The gate in front of the parser may let through sentences with no
    /// date, but must never turn away one the parser would read a date in.
    #[test]
    fn the_sentence_gate_never_hides_a_date_the_parser_finds() {
        let rules = crate::rules::builtin_compiled();
        let mut texts = sample_texts();
        texts.push(
            "Polls open at noon. Talks ended two weeks ago. The mine flooded overnight. \
             They face a two-week deadline. It rained TOMORROW. By the end of the month it \
             reopened. The vote was held within a fortnight. A week ago it struck."
                .to_string(),
        );
        // Dates in digits with no rule word, and figures that are no dates.
        texts.push(
            "The quake struck at 4:12. It struck at 16 : 30 GMT. It hit at 9 . 15 local time. \
             It hit at 9 .15. The strike began at 4pm. The strike began at 4 PM. The raid \
             began at 11\u{202F}a.m. The raid began at 11 p. m. The treaty was signed \
             2023-10-07. They face a 48-hour deadline. A 6.8 quake killed 86 and injured \
             1,200. Prices rose 12.50 percent to $3.25. Voting ended at 8.30."
                .to_string(),
        );
        let published = Date::new(2024, 3, 15).ok();
        let (mut gated, mut dated) = (0, 0);
        for text in &texts {
            for span in segment(text, &rules.segment) {
                let sentence = span.slice(text);
                let found = parsed_sentence_claims(sentence, published, &rules);
                dated += usize::from(!found.is_empty());
                if !rules.dates.anchors.may_hold_date(sentence) {
                    gated += 1;
                    assert!(found.is_empty(), "the gate hid a date in {sentence:?}");
                }
            }
        }
        // Both sides of the gate were exercised.
        assert!(gated > 20 && dated > 20, "gated {gated}, dated {dated}");
    }
}
