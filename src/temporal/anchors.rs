//! A sentence-level gate before the date parser: most sentences of a news
//! article hold no date, and tokenizing each of them only to find that out
//! was the largest cost of reading dates.
//!
//! Every piece the parser can build other than a bare part of the day
//! contains one word of a short list taken from the rules: a month, a
//! weekday, a clock name ("noon"), one word of each fixed relative
//! expression ("yesterday", "week"), "ago", "within", "end", or a number word
//! joined by a hyphen ("two-week"); or else it is one of the few pieces
//! built from digits alone, which all show next to the digits (see
//! [`digit_may_hold_date`]). Most digits in news are figures, not dates, so a
//! digit alone does not open the gate. Parts of a day alone ("spent the
//! night") are never reported, so a sentence with none of these can be
//! skipped without changing any result. The gate must only ever say "maybe"
//! too often, never "no" wrongly; `temporal::tests` checks it against the parser.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// Words the parser itself looks for, outside the rule lists.
const PARSER_WORDS: &[&str] = &["ago", "within", "end"];

#[derive(Debug, Clone)]
pub struct DateAnchors {
    /// `None` when some rule word cannot be matched safely byte by byte
    /// (not plain ASCII letters and digits); every sentence then goes to the parser.
    automaton: Option<AhoCorasick>,
    /// Per pattern: whether it ends in a hyphen, so no word boundary is needed after it.
    hyphenated: Vec<bool>,
}

impl DateAnchors {
    /// `words` are whole words; `hyphen_prefixes` are words that count only
    /// when a hyphen follows them ("two" in "two-week").
    pub fn new<'a>(
        words: impl IntoIterator<Item = &'a str>,
        hyphen_prefixes: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut hyphenated = Vec::new();
        let mut safe = true;
        let plain =
            |word: &str| !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric());
        for word in words.into_iter().chain(PARSER_WORDS.iter().copied()) {
            safe &= plain(word);
            patterns.push(word.to_string());
            hyphenated.push(false);
        }
        for word in hyphen_prefixes {
            safe &= plain(word);
            patterns.push(format!("{word}-"));
            hyphenated.push(true);
        }
        let automaton = safe.then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns)
                .expect("plain ASCII patterns always build")
        });
        DateAnchors {
            automaton,
            hyphenated,
        }
    }

    /// Whether the parser could find a date in `sentence`.
    pub fn may_hold_date(&self, sentence: &str) -> bool {
        let Some(automaton) = &self.automaton else {
            return true;
        };
        let bytes = sentence.as_bytes();
        // Digits are rare in most of a sentence: blocks without one are
        // passed over with one branch-free test each.
        const BLOCK: usize = 16;
        for (index, block) in bytes.chunks(BLOCK).enumerate() {
            if block.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
                let start = index * BLOCK;
                let digit_opens = (start..start + block.len())
                    .any(|at| bytes[at].is_ascii_digit() && digit_may_hold_date(sentence, at));
                if digit_opens {
                    return true;
                }
            }
        }
        // A token never has an ASCII letter or digit just outside it, so a
        // rule word the tokenizer would find always passes these checks.
        let outside_word = |at: Option<&u8>| at.is_none_or(|b| !b.is_ascii_alphanumeric());
        // Patterns are ASCII letters and digits, with a trailing hyphen at
        // most, so a hit that starts inside a word never reaches past it
        // into the next word, and among hits starting where a word does the
        // longest is the only one that can end where that word does: the
        // leftmost-longest hits hide no whole-word hit.
        automaton.find_iter(sentence).any(|hit| {
            let before = hit.start().checked_sub(1).map(|i| &bytes[i]);
            outside_word(before)
                && (self.hyphenated[hit.pattern().as_usize()] || outside_word(bytes.get(hit.end())))
        })
    }
}

/// Whether the ASCII digit at byte `at` can end the number of a piece the
/// parser builds from digits with no rule word: an ISO date or a count
/// joined to a unit ("2023-10-07", "48-hour"), whose number is followed by a
/// hyphen inside its token; or a clock time, whose hour is a token of
/// digits followed by minutes after ":" or "." ("4:12", "9. 15") or by a
/// meridiem ("4pm", "4 p.m."). Tokens there can only be apart by whitespace,
/// which the tokenizer skips. Everything else with a digit (days with a
/// month, "3 days ago", "within 10 days") needs an anchor word anyway.
fn digit_may_hold_date(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    if bytes.get(at + 1) == Some(&b'-') {
        return true;
    }
    let (next, spaced) = skip_whitespace(text, at + 1);
    let two_digits_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    match bytes.get(next) {
        Some(b':') => two_digits_at(skip_whitespace(text, next + 1).0),
        Some(b'.') => {
            let (minutes, spaced_after) = skip_whitespace(text, next + 1);
            // "4.12" is one number token, never an hour and its minutes.
            (spaced || spaced_after) && two_digits_at(minutes)
        }
        // "4pm", "4 am", "4 a.m.", "4 P. M."
        Some(b'a' | b'A' | b'p' | b'P') => matches!(
            bytes.get(skip_whitespace(text, next + 1).0),
            Some(b'm' | b'M' | b'.')
        ),
        _ => false,
    }
}

/// The first byte at or after `i` that is not whitespace as the tokenizer
/// reads it, and whether any was skipped.
fn skip_whitespace(text: &str, i: usize) -> (usize, bool) {
    let rest = &text[i..];
    let skipped = rest.len() - rest.trim_start().len();
    (i + skipped, skipped > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors() -> DateAnchors {
        DateAnchors::new(["sunday", "oct", "yesterday"], ["two", "a"])
    }

    #[test]
    fn a_sentence_with_a_rule_word_or_digit_may_hold_a_date() {
        let gate = anchors();
        assert!(gate.may_hold_date("The quake struck on Sunday's eve."));
        assert!(gate.may_hold_date("It began in OCT."));
        assert!(gate.may_hold_date("Talks resumed 3 days later, at 10:30."));
        assert!(gate.may_hold_date("They had a two-week deadline."));
        assert!(gate.may_hold_date("It ended years ago."));
        assert!(gate.may_hold_date("Rain fell yesterday\u{2019}s evening."));
    }

    #[test]
    fn digits_open_the_gate_only_where_a_date_can_be_written_in_digits() {
        let gate = anchors();
        for sentence in [
            "The tremor hit at 4:12 local time.",
            "It hit at 4 : 12.",
            "It hit at 9. 15 and again at 9 .15.",
            "Shelling began at 4pm, 4PM, 4 am or 4\u{202F}a.m.",
            "It was signed 2023-10-07.",
            "They set a 48-hour deadline.",
            "Shelling began at 11 P. M.",
        ] {
            assert!(gate.may_hold_date(sentence), "{sentence:?}");
        }
        for sentence in [
            "A magnitude 6.8 quake killed 86 people and injured 1,200.",
            "Prices rose 12.50 percent, to $3.25 from 2.",
            "Some 4 apples and 5 pears, 3 - 2.",
            "Talks resumed 3 days later.",
        ] {
            assert!(!gate.may_hold_date(sentence), "{sentence:?}");
        }
    }

    #[test]
    fn words_that_only_contain_a_rule_word_do_not_count() {
        let gate = anchors();
        assert!(!gate.may_hold_date("The doctor spoke to a crowd on the sundays' fair."));
        assert!(!gate.may_hold_date("Officials said the situation was calm."));
        // "a" counts only with a hyphen after it, and "agony" is not "ago".
        assert!(!gate.may_hold_date("It was a day of agony."));
    }

    #[test]
    fn rule_words_that_are_not_plain_ascii_turn_the_gate_off() {
        let gate = DateAnchors::new(["märz"], []);
        assert!(gate.may_hold_date("Officials said the situation was calm."));
    }
}
