//! Finds date and time expressions in one sentence: tokens in, pieces out
//! ("Sunday", "early on", "4:12 am local time"), then pieces that stand next
//! to each other grouped into one expression ("early on Sunday at 4:12 am").
//! Nothing is resolved here; see `resolve`.

use std::borrow::Cow;

use crate::extract::{lowered, tokenize, Token, TokenKind};
use crate::rules::schema::CalendarUnit;
use crate::span::Span;

use super::lexicon::DateRules;

/// One part of a date expression, as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// A calendar date; no day means the whole month, no year means the nearest one.
    Date {
        year: Option<i16>,
        month: i8,
        day: Option<i8>,
    },
    /// Monday = 1 … Sunday = 7, with "last", "next" or "this" before it.
    Weekday { day: i8, modifier: Option<Modifier> },
    /// A fixed relative expression, by its index in [`DateRules::relative`].
    Relative(usize),
    /// "two weeks ago".
    Ago { count: i64, unit: CalendarUnit },
    /// "within 10 days", "a 48-hour deadline": a deadline counted from publication.
    Within { count: i64, unit: CalendarUnit },
    /// "the end of the year".
    EndOf(CalendarUnit),
    /// Minutes from midnight, `[from, to)`, the zone when one is named, and
    /// whether minutes were written.
    Clock {
        from: i64,
        to: i64,
        zone: Option<String>,
        exact_minute: bool,
    },
    /// Part of a day in minutes from its midnight ("morning", "early on").
    Part { from: i64, to: i64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    Last,
    Next,
    This,
}

/// A date expression: adjacent pieces, the bytes they cover and whether "by" precedes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub pieces: Vec<Piece>,
    pub span: Span,
    /// Token indices `[first, end)` in the sentence.
    pub tokens: (usize, usize),
    pub by: bool,
}

/// A sentence's words lower-cased, beside the tokens they come from.
pub struct Words<'a> {
    pub text: &'a str,
    pub lower: Vec<&'a str>,
    pub tokens: &'a [Token],
}

/// A sentence's tokens lower-cased with a straight apostrophe, which
/// [`Words`] borrows: an ASCII sentence is lower-cased whole, so its tokens
/// keep their spans and it allocates once rather than once a capitalized
/// word; any other has its tokens' folded forms one after another.
pub struct Folded<'a> {
    source: &'a str,
    text: Cow<'a, str>,
    /// Where each token sits in `text`; `None` when that is its own span.
    spans: Option<Vec<Span>>,
    tokens: Vec<Token>,
}

/// A word lower-cased with a straight apostrophe; most words already are,
/// and those are borrowed rather than copied.
fn folded(word: &str) -> Cow<'_, str> {
    match lowered(word) {
        // Only text outside ASCII can hold the curly apostrophe.
        Cow::Owned(lower) if !word.is_ascii() && lower.contains('\u{2019}') => {
            Cow::Owned(lower.replace('\u{2019}', "'"))
        }
        lower => lower,
    }
}

impl<'a> Folded<'a> {
    pub fn new(text: &'a str) -> Self {
        let tokens = tokenize(text);
        if text.is_ascii() {
            let folded = if text.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(text.to_ascii_lowercase())
            } else {
                Cow::Borrowed(text)
            };
            return Folded {
                source: text,
                text: folded,
                spans: None,
                tokens,
            };
        }
        let mut joined = String::with_capacity(text.len());
        let mut spans = Vec::with_capacity(tokens.len());
        for token in &tokens {
            let start = joined.len();
            joined.push_str(&folded(token.span.slice(text)));
            spans.push(Span::new(start, joined.len()));
        }
        Folded {
            source: text,
            text: Cow::Owned(joined),
            spans: Some(spans),
            tokens,
        }
    }
}

impl<'a> Words<'a> {
    pub fn new<'s: 'a>(folded: &'a Folded<'s>) -> Self {
        let tokens = &folded.tokens;
        let lower = match &folded.spans {
            Some(spans) => spans.iter().map(|s| s.slice(&folded.text)).collect(),
            None => tokens.iter().map(|t| t.span.slice(&folded.text)).collect(),
        };
        Words {
            text: folded.source,
            lower,
            tokens,
        }
    }

    pub fn len(&self) -> usize {
        self.lower.len()
    }

    /// Token `i`, lowercased, when it is a word.
    pub fn word(&self, i: usize) -> Option<&str> {
        (i < self.len() && self.tokens[i].kind == TokenKind::Word).then(|| self.lower[i])
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.word(i) == Some(word)
    }

    fn is_capitalized(&self, i: usize) -> bool {
        self.tokens[i]
            .span
            .slice(self.text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }

    /// Whether `phrase` starts at token `i`; the index after it when it does.
    pub fn phrase_at<S: AsRef<str>>(&self, i: usize, phrase: &[S]) -> Option<usize> {
        if phrase.is_empty() {
            return None;
        }
        for (k, word) in phrase.iter().enumerate() {
            if self.word(i + k) != Some(word.as_ref()) {
                return None;
            }
        }
        Some(i + phrase.len())
    }

    /// Skips a full stop right after an abbreviation ("Oct.", "a.m.").
    fn skip_dot(&self, i: usize) -> usize {
        if i < self.len() && self.tokens[i].span.slice(self.text) == "." {
            i + 1
        } else {
            i
        }
    }
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s").unwrap_or(word)
}

fn day_number(word: &str) -> Option<i8> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .unwrap_or(word);
    let day: i8 = digits.parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

fn year_number(word: &str) -> Option<i16> {
    if word.len() != 4 {
        return None;
    }
    let year: i16 = word.parse().ok()?;
    (1800..=2200).contains(&year).then_some(year)
}

fn count(rules: &DateRules, word: &str) -> Option<i64> {
    word.parse::<i64>()
        .ok()
        .filter(|n| (1..=10_000).contains(n))
        .or_else(|| rules.numbers.get(word).copied())
}

/// Whether [`piece_at`] could find anything at token `i`: one set lookup
/// that turns away the ordinary words of a sentence before the dozen
/// lookups of `piece_at`. It must admit every word a branch there starts
/// from: digits (ISO dates, days, years, counts, clock times, "48-hour"),
/// the words of the rules' lists, their possessives ("Sunday's") and
/// hyphenated counts ("two-week").
fn could_start_piece(words: &Words, i: usize, rules: &DateRules) -> bool {
    let Some(word) = words.word(i) else {
        return false;
    };
    let stripped = strip_possessive(word);
    word.starts_with(|c: char| c.is_ascii_digit())
        || rules.piece_starters.contains(word)
        || (stripped.len() < word.len() && rules.piece_starters.contains(stripped))
        || split_hyphen(word).is_some_and(|(count, _)| rules.numbers.contains_key(count))
}

/// `word.split_once('-')`, without a substring search's setup: words are short.
fn split_hyphen(word: &str) -> Option<(&str, &str)> {
    let at = word.bytes().position(|b| b == b'-')?;
    Some((&word[..at], &word[at + 1..]))
}

/// A piece starting at token `i`, and the index after it.
fn piece_at(words: &Words, i: usize, rules: &DateRules) -> Option<(Piece, usize)> {
    let word = words.word(i)?;
    let phrases = rules.phrases_by_first_word.get(word);
    for &index in phrases.map_or(&[][..], |p| &p.relative) {
        if let Some(end) = words.phrase_at(i, &rules.relative[index].words) {
            return Some((Piece::Relative(index), end));
        }
    }
    // 2023-10-07
    let parts: Vec<&str> = if word.starts_with(|c: char| c.is_ascii_digit()) && word.contains('-') {
        word.split('-').collect()
    } else {
        Vec::new()
    };
    if parts.len() == 3 && parts[0].len() == 4 && parts.iter().all(|p| p.parse::<u32>().is_ok()) {
        let year = year_number(parts[0])?;
        let month: i8 = parts[1].parse().ok()?;
        let day: i8 = parts[2].parse().ok()?;
        if (1..=12).contains(&month) && (1..=31).contains(&day) {
            return Some((
                Piece::Date {
                    year: Some(year),
                    month,
                    day: Some(day),
                },
                i + 1,
            ));
        }
    }
    // 7 October 2023, 7th of Oct.
    if let Some(day) = day_number(word) {
        let mut j = i + 1;
        if words.is(j, "of") {
            j += 1;
        }
        if let Some(&month) = words.word(j).and_then(|w| rules.months.get(w)) {
            if words.is_capitalized(j) {
                let after_dot = words.skip_dot(j + 1);
                let year = words.word(after_dot).and_then(year_number);
                let end = if year.is_some() { after_dot + 1 } else { j + 1 };
                return Some((
                    Piece::Date {
                        year,
                        month,
                        day: Some(day),
                    },
                    end,
                ));
            }
        }
    }
    // October 7, 2023 / Oct. 7 / October 2023 / in October
    if let Some(&month) = rules.months.get(word) {
        if words.is_capitalized(i) {
            let j = words.skip_dot(i + 1);
            if let Some(day) = words.word(j).and_then(day_number) {
                let mut end = j + 1;
                let mut k = end;
                if k < words.len() && words.tokens[k].kind == TokenKind::Comma {
                    k += 1;
                }
                let year = words.word(k).and_then(year_number);
                if year.is_some() {
                    end = k + 1;
                }
                return Some((
                    Piece::Date {
                        year,
                        month,
                        day: Some(day),
                    },
                    end,
                ));
            }
            if let Some(year) = words.word(j).and_then(year_number) {
                return Some((
                    Piece::Date {
                        year: Some(year),
                        month,
                        day: None,
                    },
                    j + 1,
                ));
            }
            let month_only = i > 0
                && ["in", "early", "late", "mid", "since", "during"]
                    .iter()
                    .any(|w| words.is(i - 1, w));
            if month_only && word.len() > 3 {
                return Some((
                    Piece::Date {
                        year: None,
                        month,
                        day: None,
                    },
                    i + 1,
                ));
            }
        }
    }
    // last Tuesday, Sunday's
    let modifier = match word {
        "last" => Some(Modifier::Last),
        "next" => Some(Modifier::Next),
        "this" => Some(Modifier::This),
        _ => None,
    };
    let day_at = if modifier.is_some() { i + 1 } else { i };
    if let Some(name) = words.word(day_at) {
        if let Some(&day) = rules.weekdays.get(strip_possessive(name)) {
            if words.is_capitalized(day_at) && (name.len() > 3 || name.ends_with("'s")) {
                return Some((Piece::Weekday { day, modifier }, day_at + 1));
            }
        }
    }
    // two weeks ago
    if let Some(n) = count(rules, word) {
        if let Some(&unit) = words.word(i + 1).and_then(|w| rules.units.get(w)) {
            if words.is(i + 2, "ago") {
                return Some((Piece::Ago { count: n, unit }, i + 3));
            }
        }
    }
    // within 10 days, within a month
    if word == "within" {
        let (n, unit_at) = match words.word(i + 1).and_then(|w| count(rules, w)) {
            Some(n) => (n, i + 2),
            None => (1, i + 1),
        };
        if let Some(&unit) = words.word(unit_at).and_then(|w| rules.units.get(w)) {
            return Some((Piece::Within { count: n, unit }, unit_at + 1));
        }
    }
    // a 48-hour deadline
    if let Some((number, unit)) = split_hyphen(word) {
        if let (Some(n), Some(&unit)) = (count(rules, number), rules.units.get(unit)) {
            let deadline_word = |k: usize| {
                words.word(k).is_some_and(|w| {
                    rules.lexicons.find_all(w)[super::lexicon::EVENT_TERMS]
                        .iter()
                        .any(|hit| {
                            hit.span.start == 0
                                && hit.span.end == w.len()
                                && rules.events.get(hit.entry).is_some_and(|e| e.deadline)
                        })
                })
            };
            if deadline_word(i + 1) {
                return Some((Piece::Within { count: n, unit }, i + 1));
            }
        }
    }
    // the end of the year
    if let Some(mut j) = words.phrase_at(i, &["the", "end", "of"]) {
        if words.is(j, "the") || words.is(j, "this") {
            j += 1;
        }
        if let Some(&unit) = words.word(j).and_then(|w| rules.units.get(w)) {
            if matches!(
                unit,
                CalendarUnit::Week | CalendarUnit::Month | CalendarUnit::Year
            ) {
                return Some((Piece::EndOf(unit), j + 1));
            }
        }
    }
    if let Some(found) = clock_at(words, i, rules) {
        return Some(found);
    }
    for &index in phrases.map_or(&[][..], |p| &p.day_parts) {
        let part = &rules.day_parts[index];
        if let Some(end) = words.phrase_at(i, &part.words) {
            return Some((
                Piece::Part {
                    from: part.minutes.0,
                    to: part.minutes.1,
                },
                end,
            ));
        }
    }
    None
}

const MINUTES_IN_DAY: i64 = 24 * 60;

/// "shortly after 10 p.m.", "at 4:12 am local time", "around noon", "16:30 GMT".
fn clock_at(words: &Words, i: usize, rules: &DateRules) -> Option<(Piece, usize)> {
    let mut j = i;
    let mut slack = (0, 0);
    let mut approximated = false;
    let phrases = words
        .word(j)
        .and_then(|w| rules.phrases_by_first_word.get(w));
    for &index in phrases.map_or(&[][..], |p| &p.approximations) {
        let approximation = &rules.approximations[index];
        if let Some(end) = words.phrase_at(j, &approximation.words) {
            slack = (approximation.before, approximation.after);
            approximated = true;
            j = end;
            break;
        }
    }
    let introduced = approximated || words.is(j, "at") || (i > 0 && words.is(i - 1, "at"));
    if words.is(j, "at") {
        j += 1;
    }
    let word = words.word(j)?;
    let (minute, mut end, exact_minute, certain) =
        if let Some(&minute) = rules.clock_names.get(word) {
            (minute, j + 1, false, true)
        } else {
            let (hour_text, suffix) = split_meridiem(word);
            let hour: i64 = hour_text.parse().ok()?;
            let mut end = j + 1;
            let mut minutes = None;
            if suffix.is_none()
                && end + 1 < words.len()
                && matches!(words.tokens[end].span.slice(words.text), ":" | ".")
            {
                if let Some(m) = words.word(end + 1).filter(|m| m.len() == 2) {
                    if let Ok(m) = m.parse::<i64>() {
                        if m < 60 {
                            minutes = Some(m);
                            end += 2;
                        }
                    }
                }
            }
            let meridiem = match suffix {
                Some(s) => Some(s),
                None => {
                    let (found, after) = meridiem_at(words, end)?;
                    if found.is_some() {
                        end = after;
                    }
                    found
                }
            };
            let hour = match meridiem {
                Some(Meridiem::Am) if (1..=12).contains(&hour) => hour % 12,
                Some(Meridiem::Pm) if (1..=12).contains(&hour) => hour % 12 + 12,
                None if (0..=23).contains(&hour) && minutes.is_some() && introduced => hour,
                _ => return None,
            };
            (
                hour * 60 + minutes.unwrap_or(0),
                end,
                minutes.is_some(),
                meridiem.is_some(),
            )
        };
    if !certain && !introduced {
        return None;
    }
    // "shortly before midnight on Sunday" is late on Sunday, not late on
    // Saturday: the midnight a day ends with.
    let minute = if minute == 0 && approximated && slack.0 > 0 && slack.1 == 0 {
        MINUTES_IN_DAY
    } else {
        minute
    };
    let mut zone = None;
    let mut local = false;
    for name in &rules.local_zones {
        if let Some(after) = words.phrase_at(end, name) {
            end = if words.is(after, "time") {
                after + 1
            } else {
                after
            };
            local = true;
            break;
        }
    }
    if !local {
        for named in &rules.zones {
            if let Some(after) = words.phrase_at(end, named) {
                zone = Some(named.join(" ").to_uppercase());
                end = after;
                break;
            }
        }
    }
    let (from, to) = if approximated {
        (minute - slack.0, minute + slack.1.max(1))
    } else if exact_minute {
        (minute, minute + 1)
    } else {
        // "at 5 am" is rounded; "noon" is a name for about then.
        (minute - 20, minute + 20)
    };
    Some((
        Piece::Clock {
            from,
            to,
            zone,
            exact_minute: exact_minute && !approximated,
        },
        end,
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meridiem {
    Am,
    Pm,
}

/// "4am" → ("4", Am); "4" → ("4", None).
fn split_meridiem(word: &str) -> (&str, Option<Meridiem>) {
    if let Some(hour) = word.strip_suffix("am") {
        if !hour.is_empty() && hour.chars().all(|c| c.is_ascii_digit()) {
            return (hour, Some(Meridiem::Am));
        }
    }
    if let Some(hour) = word.strip_suffix("pm") {
        if !hour.is_empty() && hour.chars().all(|c| c.is_ascii_digit()) {
            return (hour, Some(Meridiem::Pm));
        }
    }
    (word, None)
}

/// "am", "a.m.", "p.m" at token `i`: the meridiem and the index after it;
/// `Some((None, i))` when there is none.
fn meridiem_at(words: &Words, i: usize) -> Option<(Option<Meridiem>, usize)> {
    let which = |w: &str| match w {
        "am" => Some(Meridiem::Am),
        "pm" => Some(Meridiem::Pm),
        "a" => Some(Meridiem::Am),
        "p" => Some(Meridiem::Pm),
        _ => None,
    };
    let Some(word) = words.word(i) else {
        return Some((None, i));
    };
    match word {
        "am" | "pm" => Some((which(word), i + 1)),
        "a" | "p" => {
            // a.m. is tokenized a . m .
            let dot = i + 1 < words.len() && words.tokens[i + 1].span.slice(words.text) == ".";
            if dot && words.is(i + 2, "m") {
                Some((which(word), words.skip_dot(i + 3)))
            } else {
                Some((None, i))
            }
        }
        _ => Some((None, i)),
    }
}

/// Words that may stand between two pieces of one expression.
const JOINERS: &[&str] = &["on", "at", "in", "of"];
/// Words before an expression that belong to its text.
const LEADERS: &[&str] = &["on", "at", "by", "since", "until", "in"];

/// All date expressions of a sentence, in text order.
pub fn find_groups(words: &Words, rules: &DateRules) -> Vec<Group> {
    // Sentences reach the parser only when they may hold a date; most do.
    let mut pieces: Vec<(Piece, usize, usize)> = Vec::with_capacity(4);
    let mut i = 0;
    while i < words.len() {
        if !could_start_piece(words, i, rules) {
            i += 1;
            continue;
        }
        match piece_at(words, i, rules) {
            Some((piece, end)) if end > i => {
                pieces.push((piece, i, end));
                i = end;
            }
            _ => i += 1,
        }
    }
    let mut groups: Vec<Group> = Vec::with_capacity(pieces.len());
    let mut current: Vec<(Piece, usize, usize)> = Vec::with_capacity(pieces.len());
    let flush = |current: &mut Vec<(Piece, usize, usize)>, groups: &mut Vec<Group>| {
        if current.is_empty() {
            return;
        }
        let first = current[0].1;
        let end = current[current.len() - 1].2;
        let mut start_token = first;
        let mut by = false;
        if first > 0 {
            if let Some(w) = words.word(first - 1) {
                if LEADERS.contains(&w) {
                    start_token = first - 1;
                    by = w == "by";
                }
            }
        }
        let span = Span::new(
            words.tokens[start_token].span.start,
            words.tokens[end - 1].span.end,
        );
        groups.push(Group {
            pieces: std::mem::take(current).into_iter().map(|p| p.0).collect(),
            span,
            tokens: (start_token, end),
            by,
        });
    };
    for piece in pieces {
        let joined = current.last().is_some_and(|last| {
            (last.2..piece.1).all(|k| words.word(k).is_some_and(|w| JOINERS.contains(&w)))
                && piece.1 - last.2 <= 1
        });
        if !joined {
            flush(&mut current, &mut groups);
        }
        current.push(piece);
    }
    flush(&mut current, &mut groups);
    groups
}

#[cfg(test)]
mod tests {
    use super::{Folded, Words};

    fn lower_words(sentence: &str) -> Vec<String> {
        let folded = Folded::new(sentence);
        let words = Words::new(&folded);
        (0..words.len())
            .map(|i| words.lower[i].to_string())
            .collect()
    }

    #[test]
    fn words_are_lower_cased_with_straight_apostrophes_and_keep_their_spans() {
        let ascii = "Quake struck on SUNDAY's dawn, Officials said.";
        let folded = Folded::new(ascii);
        let words = Words::new(&folded);
        for i in 0..words.len() {
            assert_eq!(
                words.lower[i],
                words.tokens[i].span.slice(ascii).to_lowercase(),
                "token {i}"
            );
        }
        assert!(lower_words(ascii).contains(&"sunday's".to_string()));
        let curly = "Élections held on Sunday\u{2019}s vote, ÉTÉ 2024.";
        let lower = lower_words(curly);
        assert!(lower.contains(&"élections".to_string()), "{lower:?}");
        assert!(lower.contains(&"sunday's".to_string()), "{lower:?}");
        assert!(lower.contains(&"été".to_string()), "{lower:?}");
        assert_eq!(lower.len(), Words::new(&Folded::new(curly)).tokens.len());
    }
}
