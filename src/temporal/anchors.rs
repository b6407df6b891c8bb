//! A sentence-level gate before the date parser: most sentences of a news
//! article hold no date, and tokenizing each of them only to find that out
//! was the largest cost of reading dates.
//!
//! Every piece the parser can build other than a bare part of the day
//! contains a digit or one word of a short list taken from the rules:
//! a month, a weekday, a clock name ("noon"), one word of each fixed relative
//! expression ("yesterday", "week"), "ago", "within", "end", or a number word
//! joined by a hyphen ("two-week"). Parts of a day alone ("spent the night")
//! are never reported, so a sentence with none of these can be skipped
//! without changing any result. The gate must only ever say "maybe" too
//! often, never "no" wrongly; `parse::tests` checks it against the parser.

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
                .match_kind(MatchKind::Standard)
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
        if bytes.iter().any(u8::is_ascii_digit) {
            return true;
        }
        // A token never has an ASCII letter or digit just outside it, so a
        // rule word the tokenizer would find always passes these checks.
        let outside_word = |at: Option<&u8>| at.is_none_or(|b| !b.is_ascii_alphanumeric());
        // Overlapping search: a hit inside a longer word must not hide a whole-word hit.
        automaton.find_overlapping_iter(sentence).any(|hit| {
            let before = hit.start().checked_sub(1).map(|i| &bytes[i]);
            outside_word(before)
                && (self.hyphenated[hit.pattern().as_usize()] || outside_word(bytes.get(hit.end())))
        })
    }
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
        assert!(gate.may_hold_date("Talks resumed 3 days later."));
        assert!(gate.may_hold_date("They had a two-week deadline."));
        assert!(gate.may_hold_date("It ended years ago."));
        assert!(gate.may_hold_date("Rain fell yesterday\u{2019}s evening."));
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
