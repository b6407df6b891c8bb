//! The first look at a sentence: whether it may hold a quantity at all,
//! decided from its bytes before any tokenizing. Most sentences of an
//! article hold none, so this runs on every sentence and has to be cheap.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::swar;

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
    if has_ascii_digit(text.as_bytes()) {
        return true;
    }
    match STEMS.scan(text) {
        Scan::Found => true,
        Scan::NonAscii => text.chars().any(char::is_numeric),
        Scan::Nothing => false,
    }
}

/// `bytes.iter().any(u8::is_ascii_digit)`, sixteen bytes a step with one
/// branch, not one per byte. Run before the stem scan, it spares that scan
/// the many sentences with a figure.
fn has_ascii_digit(bytes: &[u8]) -> bool {
    let digits = |at: usize| swar::digits(swar::load(bytes, at));
    (0..bytes.len())
        .step_by(16)
        .any(|at| digits(at) | digits(at + 8) != 0)
}

/// What a pass over the bytes of a text without ASCII digits found.
enum Scan {
    /// A stem where a word starts.
    Found,
    /// Neither, but bytes outside ASCII, which may be numerals ("½", "٣").
    NonAscii,
    Nothing,
}

/// [`NUMBER_WORD_STEMS`] by their first letters. Nearly every word start
/// fails one table look-up on its first two letters ("wa", "pe"), and most
/// of the rest one bit test on the third ("the", "for"), so a sentence costs
/// little more than one pass over its bytes.
struct Stems {
    /// By `pair_slot` of the first two letters: bit `c & 31` is set when a
    /// stem goes on with letter `c`, and bit 0 when a stem ends there, which
    /// matches whatever follows.
    next_letters: [u32; 32 * 32],
    /// The stems longer than two letters by their first three.
    by_head: FxHashMap<[u8; 3], Vec<&'static [u8]>>,
}

/// Bit 0 of `Stems::next_letters`; `c & 31` is never 0 for a letter.
const ENDS_HERE: u32 = 1;

static STEMS: LazyLock<Stems> = LazyLock::new(|| {
    let mut stems = Stems {
        next_letters: [0; 32 * 32],
        by_head: FxHashMap::default(),
    };
    for stem in NUMBER_WORD_STEMS {
        let b = stem.as_bytes();
        debug_assert!(b.len() >= 2 && b.iter().all(u8::is_ascii_lowercase));
        let slot = Stems::pair_slot(b[0], b[1]);
        match *b {
            [_, _] => stems.next_letters[slot] |= ENDS_HERE,
            [x, y, z, ..] => {
                stems.next_letters[slot] |= 1 << (z & 31);
                stems.by_head.entry([x, y, z]).or_default().push(b);
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

    /// Looks for a stem, in any ASCII case, where a word begins: at the
    /// start or after a character that is not alphanumeric. The text has
    /// no ASCII digit, so an ASCII byte before a word start is no letter.
    fn scan(&self, text: &str) -> Scan {
        let b = text.as_bytes();
        let mut non_ascii = false;
        // Letters of the previous eight bytes.
        let mut prev_letters = 0;
        for at in (0..b.len()).step_by(8) {
            let x = swar::load(b, at);
            let letters = swar::letters(x);
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
        // Past the end reads as 0, which is no letter.
        let [a, b, c, ..] = swar::load(rest, 0).to_le_bytes();
        let letter = |x: u8| u32::from((x | 0x20).wrapping_sub(b'a') < 26);
        // No branches until the answer is known to be no: most word starts
        // end here, in no pattern a branch predictor could learn.
        let next = self.next_letters[Self::pair_slot(a, b)] & letter(b).wrapping_neg();
        let third = letter(c) << (c & 31);
        if next & (ENDS_HERE | third) == 0 {
            return false;
        }
        if next & ENDS_HERE != 0 {
            return true;
        }
        let head = [a, b, c].map(|x| x.to_ascii_lowercase());
        self.by_head[&head].iter().any(|stem| {
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
