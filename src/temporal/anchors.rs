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
//!
//! The gate reads every sentence, so it walks each once, word by word, with
//! a byte-class table, and looks a word up only when a rule word of its
//! length starts with its first letter; an Aho-Corasick automaton over the
//! same words took a third more instructions.

use rustc_hash::FxHashSet;

/// Words the parser itself looks for, outside the rule lists.
const PARSER_WORDS: &[&str] = &["ago", "within", "end"];

/// The longest rule word the gate packs into one key.
const LONGEST: usize = 16;

#[derive(Debug, Clone)]
pub struct DateAnchors {
    /// `None` when some rule word cannot be matched safely byte by byte (not
    /// plain ASCII letters and digits, or too long to pack); every sentence
    /// then goes to the parser.
    words: Option<WordSet>,
}

/// Rule words packed into integers, lower case, for one hash probe a word.
#[derive(Debug, Clone, Default)]
struct WordSet {
    whole: FxHashSet<u128>,
    /// Words that count only with a hyphen after them.
    hyphened: FxHashSet<u128>,
    /// Bit [`first_bit`] is set in `first[len]` when some word of that
    /// length starts with that byte: most words of a sentence are passed
    /// over on this test alone, before any hashing.
    first: [u64; LONGEST + 1],
}

/// Each byte's class, looked up rather than range-tested: the scan for
/// words reads every byte of every sentence.
const OTHER: u8 = 0;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
static BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_digit() {
            DIGIT
        } else if byte.is_ascii_alphabetic() {
            LETTER
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// A word of at most [`LONGEST`] ASCII letters and digits as one integer,
/// lower case (`| 0x20` lowers letters and leaves digits as they are).
fn packed(word: &[u8]) -> u128 {
    word.iter()
        .rev()
        .fold(0u128, |key, &b| (key << 8) | u128::from(b | 0x20))
}

/// A word's first byte as one of 64 bits, the same in either case.
fn first_bit(b: u8) -> u64 {
    1 << ((b | 0x20) & 63)
}

impl WordSet {
    fn add(&mut self, word: &str, hyphened: bool) {
        let bytes = word.as_bytes();
        self.first[bytes.len()] |= first_bit(bytes[0]);
        let set = if hyphened {
            &mut self.hyphened
        } else {
            &mut self.whole
        };
        set.insert(packed(bytes));
    }

    /// Whether the word `bytes[start..end]`, a whole run of ASCII letters
    /// and digits, is a rule word.
    fn holds(&self, bytes: &[u8], start: usize, end: usize) -> bool {
        let length = end - start;
        if length > LONGEST || self.first[length] & first_bit(bytes[start]) == 0 {
            return false;
        }
        let key = packed(&bytes[start..end]);
        self.whole.contains(&key) || (bytes.get(end) == Some(&b'-') && self.hyphened.contains(&key))
    }
}

impl DateAnchors {
    /// `words` are whole words; `hyphen_prefixes` are words that count only
    /// when a hyphen follows them ("two" in "two-week").
    pub fn new<'a>(
        words: impl IntoIterator<Item = &'a str>,
        hyphen_prefixes: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut set = WordSet::default();
        let mut safe = true;
        let plain = |word: &str| {
            (1..=LONGEST).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_alphanumeric())
        };
        for word in words.into_iter().chain(PARSER_WORDS.iter().copied()) {
            safe &= plain(word);
            if safe {
                set.add(word, false);
            }
        }
        for word in hyphen_prefixes {
            safe &= plain(word);
            if safe {
                set.add(word, true);
            }
        }
        DateAnchors {
            words: safe.then_some(set),
        }
    }

    /// Whether the parser could find a date in `sentence`.
    pub fn may_hold_date(&self, sentence: &str) -> bool {
        let Some(words) = &self.words else {
            return true;
        };
        let bytes = sentence.as_bytes();
        // One pass over the words: each is looked up as a rule word, and
        // the few that hold a digit are checked for a date written in digits.
        // A token never has an ASCII letter or digit just outside it, and
        // rule words are ASCII letters and digits only, so a rule word the
        // tokenizer would find is always a whole run of them here.
        let mut at = 0;
        while at < bytes.len() {
            if BYTE_CLASS[usize::from(bytes[at])] == OTHER {
                at += 1;
                continue;
            }
            let start = at;
            let mut classes = 0;
            while at < bytes.len() && BYTE_CLASS[usize::from(bytes[at])] != OTHER {
                classes |= BYTE_CLASS[usize::from(bytes[at])];
                at += 1;
            }
            if words.holds(bytes, start, at) {
                return true;
            }
            if classes & DIGIT != 0
                && (start..at)
                    .any(|i| bytes[i].is_ascii_digit() && digit_may_hold_date(sentence, i))
            {
                return true;
            }
        }
        false
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
    fn rule_words_that_are_not_plain_ascii_or_too_long_turn_the_gate_off() {
        let gate = DateAnchors::new(["märz"], []);
        assert!(gate.may_hold_date("Officials said the situation was calm."));
        let gate = DateAnchors::new(["seventeen-letters"], []);
        assert!(gate.may_hold_date("Officials said the situation was calm."));
    }

    #[test]
    fn words_of_every_length_are_found_in_any_case() {
        let words = [
            "a",
            "ab",
            "tuesday",
            "sixteen1letters_".trim_end_matches('_'),
        ];
        let gate = DateAnchors::new(words, []);
        for word in words {
            let shouted = word.to_ascii_uppercase();
            assert!(
                gate.may_hold_date(&format!("It was {shouted}, then.")),
                "{word}"
            );
            assert!(gate.may_hold_date(word), "{word} alone");
            assert!(!gate.may_hold_date(&format!("It was x{word}.")), "x{word}");
        }
    }
}
