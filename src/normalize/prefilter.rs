//! The first look at a sentence: whether it may hold a quantity at all,
//! decided from its bytes before any tokenizing. Most sentences of an
//! article hold none, so this runs on every sentence and has to be cheap.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::swar;

/// Word stems every quantity without a digit starts from; a superset, since
/// a false alarm only costs the full parse.
pub(super) const NUMBER_WORD_STEMS: &[&str] = &[
    "zero",
    "nought",
    "naught",
    "nil",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fourty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "lakh",
    "lac",
    "million",
    "crore",
    "billion",
    "trillion",
    "dozen",
    "doz",
    "dz",
    "score",
    "half",
    "halves",
    "third",
    "quarter",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "twelfth",
    "first",
    "second",
    "several",
    "few",
    "mn",
    "bn",
    "noon",
    "midnight",
    "midday",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
    "eleventh",
];

/// A fast first look: text with no digit and no number word holds no
/// quantity, and most sentences of an article are such text.
pub fn may_hold_quantity(text: &str) -> bool {
    match STEMS.scan(text) {
        Scan::Found => true,
        Scan::NonAscii => text.chars().any(char::is_numeric),
        Scan::Nothing => false,
    }
}

/// What one pass over the bytes of a text found.
enum Scan {
    /// An ASCII digit, or a stem where a word starts.
    Found,
    /// Neither, but bytes outside ASCII, which may be numerals ("½", "٣").
    NonAscii,
    Nothing,
}

/// [`NUMBER_WORD_STEMS`] by their first letters. Nearly every word start
/// fails one bit test on its first three letters ("the", "was"), so a
/// sentence costs little more than one pass over its bytes.
struct Stems {
    /// Bit `pair_slot` is set for a stem of two letters; such a stem
    /// matches whatever follows it.
    short: Vec<u64>,
    /// Bit `head_slot` is set for the first three letters of a longer stem.
    heads: Vec<u64>,
    /// The longer stems by `head_slot`.
    by_head: FxHashMap<usize, Vec<&'static [u8]>>,
}

fn set_bit(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

fn bit(bits: &[u64], i: usize) -> bool {
    bits[i / 64] & (1 << (i % 64)) != 0
}

static STEMS: LazyLock<Stems> = LazyLock::new(|| {
    let mut stems = Stems {
        short: vec![0; (1 << 10) / 64],
        heads: vec![0; (1 << 15) / 64],
        by_head: FxHashMap::default(),
    };
    for stem in NUMBER_WORD_STEMS {
        let b = stem.as_bytes();
        debug_assert!(b.len() >= 2 && b.iter().all(u8::is_ascii_lowercase));
        match *b {
            [x, y] => set_bit(&mut stems.short, Stems::pair_slot(x, y)),
            [x, y, z, ..] => {
                let slot = Stems::head_slot(x, y, z);
                set_bit(&mut stems.heads, slot);
                stems.by_head.entry(slot).or_default().push(b);
            }
            _ => {}
        }
    }
    stems
});

impl Stems {
    /// Letters only: the low five bits are the same in either case.
    fn pair_slot(a: u8, b: u8) -> usize {
        usize::from(a & 31) << 5 | usize::from(b & 31)
    }

    /// Letters only, as `pair_slot`.
    fn head_slot(a: u8, b: u8, c: u8) -> usize {
        usize::from(a & 31) << 10 | usize::from(b & 31) << 5 | usize::from(c & 31)
    }

    /// Looks for an ASCII digit, or a stem in any ASCII case where a word
    /// begins: at the start or after a character that is not alphanumeric.
    fn scan(&self, text: &str) -> Scan {
        let b = text.as_bytes();
        let mut non_ascii = false;
        // Letters of the previous eight bytes; no digit came before.
        let mut prev_letters = 0;
        for at in (0..b.len()).step_by(8) {
            let x = swar::load(b, at);
            let (letters, digits) = swar::letters_and_digits(x);
            if digits != 0 {
                return Scan::Found;
            }
            non_ascii |= swar::any_non_ascii(x);
            // Non-ASCII bytes count as no letter here; the character they
            // belong to is decoded if a letter follows it.
            let mut starts = letters & !(letters << 8 | prev_letters >> 56);
            prev_letters = letters;
            while starts != 0 {
                let p = at + starts.trailing_zeros() as usize / 8;
                if self.stem_at(&b[p..]) && Self::word_starts_at(text, p) {
                    return Scan::Found;
                }
                starts &= starts - 1;
            }
        }
        if non_ascii {
            Scan::NonAscii
        } else {
            Scan::Nothing
        }
    }

    /// Whether `rest`, which starts with an ASCII letter, begins with a
    /// stem in any ASCII case.
    fn stem_at(&self, rest: &[u8]) -> bool {
        let [a, b, ..] = *rest else {
            return false;
        };
        if !b.is_ascii_alphabetic() {
            return false;
        }
        if bit(&self.short, Self::pair_slot(a, b)) {
            return true;
        }
        let Some(&c) = rest.get(2).filter(|c| c.is_ascii_alphabetic()) else {
            return false;
        };
        let slot = Self::head_slot(a, b, c);
        bit(&self.heads, slot)
            && self.by_head[&slot].iter().any(|stem| {
                rest.get(..stem.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(stem))
            })
    }

    /// `p` is the byte of an ASCII letter, so a char boundary.
    fn word_starts_at(text: &str, p: usize) -> bool {
        let Some(&prev) = p.checked_sub(1).map(|q| &text.as_bytes()[q]) else {
            return true;
        };
        if prev.is_ascii() {
            return !prev.is_ascii_alphanumeric();
        }
        !text[..p]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    }
}
