//! English number words: cardinals, scales, ordinals, fraction denominators
//! and the vague plural amounts news uses ("dozens", "tens of thousands").

use std::num::NonZeroU64;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::swar;

/// An ASCII-lowercased copy of a short word on the stack, so that word tables
/// can be matched without allocating per token. Words that are longer than
/// the buffer or not ASCII lower to a string that matches no table entry.
#[derive(Clone, Copy)]
pub(crate) struct Lower {
    buf: [u8; 24],
    len: usize,
}

impl Lower {
    pub fn new(w: &str) -> Self {
        let b = w.as_bytes();
        let mut buf = [0u8; 24];
        if b.len() > buf.len() {
            return Self::NONE;
        }
        for (k, lane) in buf.chunks_exact_mut(8).enumerate() {
            if 8 * k >= b.len() {
                break;
            }
            let raw = swar::load(b, 8 * k);
            if swar::any_non_ascii(raw) {
                return Self::NONE;
            }
            lane.copy_from_slice(&swar::to_ascii_lowercase(raw).to_le_bytes());
        }
        Lower { buf, len: b.len() }
    }

    /// "\0", which never occurs in a word table.
    const NONE: Lower = Lower {
        buf: [0; 24],
        len: 1,
    };

    /// The lowered bytes; compared as bytes because they are ASCII by
    /// construction and a UTF-8 check per token is measurable.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// A word of at most 15 bytes, ASCII-lowered and packed with its length into
/// two integers: as a hash key it hashes and compares in a few instructions,
/// where a string key costs a byte loop and a `memcmp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct WordKey {
    /// Bytes 0-7.
    lo: u64,
    /// Bytes 8-14, and the length in the top byte, which makes it non-zero.
    hi: NonZeroU64,
}

impl WordKey {
    const MAX: usize = 15;

    /// `None` for words that are not ASCII or too long for any word table.
    pub fn new(w: &str) -> Option<Self> {
        let (lo, hi) = Self::load(w)?;
        if swar::any_non_ascii(lo | hi) {
            return None;
        }
        Self::pack(w, lo, hi)
    }

    /// Folds ASCII letters only and keeps other bytes, as
    /// `eq_ignore_ascii_case` compares: "≈" keys as itself.
    pub fn folded(w: &str) -> Option<Self> {
        let (lo, hi) = Self::load(w)?;
        Self::pack(w, lo, hi)
    }

    /// The bytes of `w` as two words, if it fits.
    fn load(w: &str) -> Option<(u64, u64)> {
        let b = w.as_bytes();
        if b.is_empty() || b.len() > Self::MAX {
            return None;
        }
        Some((swar::load(b, 0), swar::load(b, 8)))
    }

    fn pack(w: &str, lo: u64, hi: u64) -> Option<Self> {
        let hi = swar::to_ascii_lowercase(hi) | (w.len() as u64) << 56;
        Some(WordKey {
            lo: swar::to_ascii_lowercase(lo),
            hi: NonZeroU64::new(hi)?,
        })
    }

    /// The key of a table word, which must fit.
    pub fn of_table(w: &str) -> Self {
        Self::folded(w).expect("table words are short")
    }
}

/// Cardinal words below one hundred.
const SMALL: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("nought", 0.0),
    ("naught", 0.0),
    ("nil", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fourty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

/// Multipliers written as words, including the South Asian ones that
/// Indian and Pakistani outlets use for money.
const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("lakh", 1e5),
    ("lakhs", 1e5),
    ("lac", 1e5),
    ("million", 1e6),
    ("crore", 1e7),
    ("crores", 1e7),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// Plural scale words used for vague amounts ("hundreds", "thousands").
const PLURAL_SCALES: &[(&str, f64)] = &[
    ("tens", 1e1),
    ("hundreds", 1e2),
    ("thousands", 1e3),
    ("millions", 1e6),
    ("billions", 1e9),
    ("trillions", 1e12),
];

/// Ordinal words ("first" .. "twentieth", "thirtieth", "hundredth").
const ORDINALS: &[(&str, f64)] = &[
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("eleventh", 11.0),
    ("twelfth", 12.0),
    ("thirteenth", 13.0),
    ("fourteenth", 14.0),
    ("fifteenth", 15.0),
    ("sixteenth", 16.0),
    ("seventeenth", 17.0),
    ("eighteenth", 18.0),
    ("nineteenth", 19.0),
    ("twentieth", 20.0),
    ("thirtieth", 30.0),
    ("fortieth", 40.0),
    ("fiftieth", 50.0),
    ("sixtieth", 60.0),
    ("seventieth", 70.0),
    ("eightieth", 80.0),
    ("ninetieth", 90.0),
    ("hundredth", 100.0),
    ("thousandth", 1000.0),
    ("millionth", 1_000_000.0),
];

/// Denominators of spoken fractions ("two-thirds", "a quarter", "one fifth").
/// "second" is deliberately missing: "a second" is a time or an ordinal.
const DENOMINATORS: &[(&str, f64)] = &[
    ("half", 2.0),
    ("halves", 2.0),
    ("third", 3.0),
    ("thirds", 3.0),
    ("quarter", 4.0),
    ("quarters", 4.0),
    ("fourths", 4.0),
    ("fifth", 5.0),
    ("fifths", 5.0),
    ("sixth", 6.0),
    ("sixths", 6.0),
    ("seventh", 7.0),
    ("sevenths", 7.0),
    ("eighth", 8.0),
    ("eighths", 8.0),
    ("ninth", 9.0),
    ("ninths", 9.0),
    ("tenth", 10.0),
    ("tenths", 10.0),
];

/// "dozen" and its abbreviations ("3 dzs", "five doz").
const DOZENS: &[&str] = &["dozen", "dozens", "dz", "dzs", "doz", "dozs"];

/// Month names and abbreviations; [`month`] adds the capitalisation rules.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// Words that begin a quantity besides cardinals, plural scales and
/// ordinals: "a dozen", "half", "dozens of", "several hundred", "noon", and
/// the common scales. "lakh" or "crore" alone do not start one.
const OTHER_STARTS: &[&str] = &[
    "a", "an", "half", "dozens", "scores", "several", "few", "noon", "midday", "midnight",
    "hundred", "thousand", "million", "billion",
];

/// Everything the number tables say about one lowercased word.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Meaning {
    pub small: Option<f64>,
    pub scale: Option<f64>,
    pub plural_scale: Option<f64>,
    pub ordinal: Option<f64>,
    pub denominator: Option<f64>,
    pub month: Option<u32>,
    pub dozen: bool,
    /// May begin a quantity in any case: a cardinal, plural scale, ordinal
    /// or one of [`OTHER_STARTS`]. Months depend on case, so they are not.
    pub starts: bool,
}

/// A table of words and the number each stands for.
type ValueTable = &'static [(&'static str, f64)];

impl Meaning {
    /// "hundred", the one scale word that a further scale may follow
    /// ("two hundred thousand").
    pub fn is_hundred(&self) -> bool {
        self.scale == Some(1e2)
    }

    /// "hundreds", read as "hundred" after a cardinal ("five hundreds").
    pub fn is_hundreds(&self) -> bool {
        self.plural_scale == Some(1e2)
    }
}

/// All word tables merged into one map, so that a token costs one lookup
/// instead of a string comparison per table entry.
struct Lexicon {
    words: FxHashMap<WordKey, Meaning>,
    /// Bit `len` of entry `shape_slot` is set when some word of that length
    /// starts with those two letters: most tokens fail this without hashing.
    shapes: Vec<u32>,
}

impl Lexicon {
    fn build() -> Self {
        let mut lex = Lexicon {
            words: FxHashMap::default(),
            shapes: vec![0; 32 * 32],
        };
        lex.fill(SMALL, |m, v| m.small = Some(v));
        lex.fill(SCALES, |m, v| m.scale = Some(v));
        lex.fill(PLURAL_SCALES, |m, v| m.plural_scale = Some(v));
        lex.fill(ORDINALS, |m, v| m.ordinal = Some(v));
        lex.fill(DENOMINATORS, |m, v| m.denominator = Some(v));
        for &w in DOZENS {
            lex.entry(w).dozen = true;
        }
        for &(w, m) in MONTHS {
            lex.entry(w).month = Some(m);
        }
        for &w in OTHER_STARTS {
            lex.entry(w).starts = true;
        }
        for m in lex.words.values_mut() {
            m.starts |= m.small.is_some() || m.plural_scale.is_some() || m.ordinal.is_some();
        }
        lex
    }

    fn fill(&mut self, table: ValueTable, set: fn(&mut Meaning, f64)) {
        for &(w, v) in table {
            set(self.entry(w), v);
        }
    }

    fn entry(&mut self, w: &'static str) -> &mut Meaning {
        let b = w.as_bytes();
        debug_assert!(b.len() < 32 && b.iter().all(u8::is_ascii_lowercase));
        self.shapes[Self::shape_slot(b)] |= 1 << b.len();
        self.words.entry(WordKey::of_table(w)).or_default()
    }

    /// The first two bytes, as letters fold in either case; a filter, so
    /// other bytes may share a slot.
    fn shape_slot(b: &[u8]) -> usize {
        let low5 = |k: usize| b.get(k).map_or(0, |c| usize::from(c & 31));
        low5(0) << 5 | low5(1)
    }

    fn get(&self, w: &str) -> Option<&Meaning> {
        let b = w.as_bytes();
        if b.len() >= 32 || self.shapes[Self::shape_slot(b)] & (1 << b.len()) == 0 {
            return None;
        }
        self.words.get(&WordKey::new(w)?)
    }
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

/// What the number tables say about `w`, case-insensitively.
pub(crate) fn meaning(w: &str) -> Option<&'static Meaning> {
    LEXICON.get(w)
}

/// Scale abbreviations glued to or following a digit literal ("1.5m",
/// "$2.5bn", "10k"). "m" is handled by the caller because it may be metres.
pub fn scale_suffix(w: &str) -> Option<f64> {
    let v = match w {
        "k" | "K" | "thousand" => 1e3,
        "m" | "M" | "MM" | "mn" | "mln" | "mil" | "mio" => 1e6,
        "b" | "B" | "bn" | "bln" | "billion" => 1e9,
        "tn" | "trn" | "tln" | "T" => 1e12,
        _ => return None,
    };
    Some(v)
}

/// Ordinal suffixes glued to digits ("7th").
pub fn is_ordinal_suffix(w: &str) -> bool {
    w.len() == 2 && matches!(Lower::new(w).as_bytes(), b"st" | b"nd" | b"rd" | b"th")
}

/// Accumulates a cardinal phrase word by word, refusing sequences that are
/// not one number ("one two", "twenty thirty") so that lists stay separate.
#[derive(Debug, Default, Clone, Copy)]
pub struct Cardinal {
    total: f64,
    current: f64,
    /// Magnitude class of the last word: 1 units/teens, 2 tens, 3 hundred,
    /// 4 large scale. Used to reject "five six" and "twenty thirty".
    last: u8,
    /// Smallest scale applied to the last group, for rejecting "thousand thousand".
    last_big: f64,
    /// Units and tens written after the last hundred or scale word
    /// ("three hundred and two" → 2), for "two dozens" inside a phrase.
    tail: f64,
    pub words: usize,
}

impl Cardinal {
    /// Tries to add `w`; returns false (state untouched) when it does not fit.
    #[cfg(test)]
    pub fn push(&mut self, w: &str) -> bool {
        self.push_word(meaning(w))
    }

    /// [`Cardinal::push`] for a word whose table entry is already known.
    pub fn push_word(&mut self, m: Option<&Meaning>) -> bool {
        let Some(m) = m else {
            return false;
        };
        if let Some(v) = m.small {
            let class = if v >= 20.0 && v % 10.0 == 0.0 { 2 } else { 1 };
            let ok = match self.last {
                0 | 3 | 4 => true,
                2 => class == 1 && v < 10.0 && v > 0.0,
                _ => false,
            };
            if !ok {
                return false;
            }
            self.tail = if self.last == 2 { self.tail + v } else { v };
            self.current += v;
            self.last = class;
        } else if m.is_hundred() || (m.is_hundreds() && matches!(self.last, 1 | 2)) {
            // "five hundreds" is how some writers say five hundred.
            if self.last == 3 {
                return false;
            }
            self.tail = 0.0;
            if self.current == 0.0 {
                self.current = 1.0;
            }
            self.current *= 100.0;
            self.last = 3;
        } else if let Some(s) = m.scale.or_else(|| {
            m.plural_scale
                .filter(|&s| s >= 1e3 && matches!(self.last, 1..=3))
        }) {
            if self.last == 4 && self.current == 0.0 {
                return false;
            }
            if self.last_big != 0.0 && s >= self.last_big {
                // "two million three million" is two numbers.
                return false;
            }
            self.tail = 0.0;
            if self.current == 0.0 {
                self.current = 1.0;
            }
            self.total += self.current * s;
            self.current = 0.0;
            self.last = 4;
            self.last_big = s;
        } else {
            return false;
        }
        self.words += 1;
        true
    }

    pub fn value(&self) -> f64 {
        self.total + self.current
    }

    /// Units and tens after the last hundred or scale word; the whole value
    /// when there is none.
    pub fn tail(&self) -> f64 {
        if self.last <= 2 {
            self.tail
        } else {
            0.0
        }
    }

    /// Whether the last word pushed was a scale word ("two thousand").
    pub fn ends_with_scale(&self) -> bool {
        self.last >= 3
    }

    /// The scale the phrase ends with ("five million" → 1e6), else 1.
    pub fn trailing_scale(&self) -> f64 {
        match self.last {
            3 => 100.0,
            4 => self.last_big,
            _ => 1.0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(words: &[&str]) -> Option<f64> {
        let mut c = Cardinal::default();
        for w in words {
            if !c.push(w) {
                return None;
            }
        }
        Some(c.value())
    }

    #[test]
    fn composes_cardinals() {
        assert_eq!(card(&["one", "hundred", "twenty", "four"]), Some(124.0));
        assert_eq!(card(&["two", "thousand"]), Some(2000.0));
        assert_eq!(card(&["two", "hundred", "two", "thousand"]), Some(202000.0));
        assert_eq!(
            card(&["twenty", "one", "trillion", "three", "hundred"]),
            Some(21e12 + 300.0)
        );
        assert_eq!(card(&["five", "six"]), None);
        assert_eq!(card(&["twenty", "thirty"]), None);
        assert_eq!(card(&["thousand", "million"]), None);
        assert_eq!(card(&["five", "hundreds"]), Some(500.0));
        assert_eq!(card(&["two", "thousands"]), Some(2000.0));
        assert_eq!(card(&["hundreds"]), None);
        assert_eq!(card(&["thousands"]), None);
        let mut c = Cardinal::default();
        for w in ["three", "hundred", "and", "two"] {
            if w != "and" {
                assert!(c.push(w));
            }
        }
        assert_eq!(c.tail(), 2.0);
    }
}
