//! The unit and currency table: data in `rules/units.yaml`, matched here
//! against the text that follows (or, for currency symbols, precedes) a number.

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::NormalizeError;
use crate::swar;

/// One unit or currency.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitDef {
    /// Stable identifier, e.g. "km" or "USD".
    pub id: String,
    /// "length", "area", "mass", "volume", "temperature", "speed",
    /// "duration", "percent", "money", ...
    pub dimension: String,
    /// Base unit of the dimension ("m", "m2", "kg", "degC", "s", or the
    /// currency code for money; money is never converted across currencies).
    pub base: String,
    /// `base = value * factor + offset`.
    #[serde(default = "one")]
    pub factor: f64,
    #[serde(default)]
    pub offset: f64,
    /// Spelled-out names, matched case-insensitively after the number.
    /// A plain "s" plural is added automatically.
    #[serde(default)]
    pub names: Vec<String>,
    /// Abbreviations and symbols, matched case-sensitively after the number.
    #[serde(default)]
    pub symbols: Vec<String>,
    /// Symbols written before the number ("$", "€", "Rs", "USD").
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Symbols that only count when glued to the number ("40C", "5t"):
    /// spaced, they are too often an initial or a stray letter.
    #[serde(default)]
    pub attached_only: Vec<String>,
    /// Unit id to use instead when the number carries a scale word: "25
    /// pounds" is a weight, "50 million pounds" is money.
    #[serde(default)]
    pub if_scaled: Option<String>,
}

fn one() -> f64 {
    1.0
}

/// A text → value example the unit test checks against `find_quantities`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitExample {
    pub text: String,
    pub nominal: f64,
    pub unit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitFile {
    #[serde(default)]
    units: Vec<UnitDef>,
    #[serde(default)]
    examples: Vec<UnitExample>,
}

#[derive(Debug, Clone)]
struct Surface {
    text: String,
    case_insensitive: bool,
    attached_only: bool,
    unit: usize,
    /// The first eight bytes of `text` as `swar::load` reads them, lowered
    /// when case-insensitive: most candidates fail one compare of them.
    head: u64,
    /// The bits of `head` that `text` fills.
    head_mask: u64,
}

impl Surface {
    fn new(text: &str, case_insensitive: bool, attached_only: bool, unit: usize) -> Self {
        let raw = swar::load(text.as_bytes(), 0);
        let head_mask = swar::first_bytes(text.len());
        let head = if case_insensitive {
            swar::to_ascii_lowercase(raw)
        } else {
            raw
        };
        Surface {
            text: text.to_string(),
            case_insensitive,
            attached_only,
            unit,
            head: head & head_mask,
            head_mask,
        }
    }

    /// Whether the surface is written at the start of `rest`, whose first
    /// eight bytes are `raw`, and `lower` when lowered.
    fn written_at(&self, rest: &[u8], raw: u64, lower: u64) -> bool {
        let first = if self.case_insensitive { lower } else { raw };
        let n = self.text.len();
        if first & self.head_mask != self.head || rest.len() < n {
            return false;
        }
        let (Some(tail), Some(want)) = (rest.get(8..n), self.text.as_bytes().get(8..)) else {
            // Eight bytes or fewer: the head was all of it.
            return true;
        };
        if self.case_insensitive {
            tail.eq_ignore_ascii_case(want)
        } else {
            tail == want
        }
    }
}

/// Surfaces by their first two bytes: a unit is looked for after every
/// number and a currency before every word, and nearly every such place
/// starts no surface, or only a few of those sharing its first byte.
#[derive(Debug, Clone)]
struct Surfaces {
    /// By ASCII-lowered first byte, longest first: the order they are tried in.
    buckets: Vec<Vec<Surface>>,
    /// A bucket narrowed to the surfaces that may start with a given pair of
    /// ASCII-lowered bytes, in bucket order.
    by_pair: FxHashMap<(u8, u8), Vec<Surface>>,
    /// Bit `pair_bit` is set for the first two bytes, as written, of each
    /// surface (in each ASCII case for a case-insensitive one): nearly every
    /// pair in text starts none, "in" and "from" no more than "INR" and
    /// "Fr.", and a bit test is cheaper than hashing.
    pairs: Vec<u64>,
    /// A bucket narrowed to its one-byte surfaces, all that can match when
    /// the second byte starts no longer one.
    singles: Vec<Vec<Surface>>,
}

impl Default for Surfaces {
    fn default() -> Self {
        Surfaces {
            buckets: vec![Vec::new(); 256],
            by_pair: FxHashMap::default(),
            pairs: vec![0; 256 * 256 / 64],
            singles: vec![Vec::new(); 256],
        }
    }
}

impl Surfaces {
    fn add(&mut self, surface: Surface) {
        let first = usize::from(surface.text.as_bytes()[0].to_ascii_lowercase());
        let b = &mut self.buckets[first];
        b.push(surface);
        // Longest first so "km/h" beats "km"; stable so later units win ties.
        b.sort_by(|a, c| c.text.len().cmp(&a.text.len()).then(c.unit.cmp(&a.unit)));
    }

    fn pair_bit(first: u8, second: u8) -> usize {
        usize::from(first) << 8 | usize::from(second)
    }

    /// Derives the narrowed lists from the buckets, after the last `add`.
    fn reindex(&mut self) {
        self.by_pair.clear();
        self.pairs.fill(0);
        for (first, bucket) in self.buckets.iter().enumerate() {
            let single = |s: &&Surface| s.text.len() == 1;
            self.singles[first] = bucket.iter().filter(single).cloned().collect();
            for s in bucket {
                let Some(&second) = s.text.as_bytes().get(1) else {
                    continue;
                };
                let cases = |b: u8| {
                    if s.case_insensitive {
                        [b.to_ascii_lowercase(), b.to_ascii_uppercase()]
                    } else {
                        [b, b]
                    }
                };
                for x in cases(s.text.as_bytes()[0]) {
                    for y in cases(second) {
                        let bit = Self::pair_bit(x, y);
                        self.pairs[bit / 64] |= 1 << (bit % 64);
                    }
                }
                let second = second.to_ascii_lowercase();
                self.by_pair
                    .entry((first as u8, second))
                    .or_insert_with(|| {
                        let fits = |t: &&Surface| {
                            t.text
                                .as_bytes()
                                .get(1)
                                .is_none_or(|b| b.to_ascii_lowercase() == second)
                        };
                        bucket.iter().filter(fits).cloned().collect()
                    });
            }
        }
    }

    /// The surfaces that may start `rest`, in the order to try them.
    #[inline]
    fn candidates(&self, rest: &[u8]) -> &[Surface] {
        let Some(&first) = rest.first() else {
            return &[];
        };
        let pair = rest.get(1).and_then(|&second| {
            let bit = Self::pair_bit(first, second);
            if self.pairs[bit / 64] & (1 << (bit % 64)) == 0 {
                return None;
            }
            self.by_pair
                .get(&(first.to_ascii_lowercase(), second.to_ascii_lowercase()))
        });
        pair.unwrap_or(&self.singles[usize::from(first.to_ascii_lowercase())])
    }
}

/// Units plus an index from first bytes to candidate surfaces.
#[derive(Debug, Clone, Default)]
pub struct UnitTable {
    pub units: Vec<UnitDef>,
    pub examples: Vec<UnitExample>,
    after: Surfaces,
    before: Surfaces,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

impl UnitTable {
    /// The table shipped in `rules/units.yaml`.
    pub fn builtin() -> Self {
        Self::from_yaml(include_str!("../../rules/units.yaml"), "rules/units.yaml")
            .expect("built-in unit table is valid")
    }

    pub fn from_yaml(src: &str, origin: &str) -> Result<Self, NormalizeError> {
        let file: UnitFile = serde_yaml::from_str(src).map_err(|e| NormalizeError::Rules {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        let mut t = UnitTable::default();
        for u in &file.units {
            if !u.factor.is_finite() || u.factor <= 0.0 || !u.offset.is_finite() {
                return Err(NormalizeError::Rules {
                    origin: origin.to_string(),
                    message: format!("unit {}: factor must be positive and finite", u.id),
                });
            }
        }
        t.examples = file.examples;
        for u in file.units {
            t.push(u);
        }
        t.reindex();
        Ok(t)
    }

    /// Adds the units of `other`; later definitions win ties of equal length.
    pub fn extend(&mut self, other: UnitTable) {
        for u in other.units {
            self.push(u);
        }
        self.reindex();
        self.examples.extend(other.examples);
    }

    fn reindex(&mut self) {
        self.after.reindex();
        self.before.reindex();
    }

    fn push(&mut self, u: UnitDef) {
        let idx = self.units.len();
        let add = |list: &mut Surfaces, text: &str, ci: bool, attached: bool| {
            if text.is_empty() {
                return;
            }
            list.add(Surface::new(text, ci, attached, idx));
        };
        for n in &u.names {
            add(&mut self.after, n, true, false);
            if !n.ends_with('s') && n.chars().last().is_some_and(|c| c.is_alphabetic()) {
                add(&mut self.after, &format!("{n}s"), true, false);
            }
        }
        for s in &u.symbols {
            add(&mut self.after, s, false, false);
        }
        for s in &u.attached_only {
            add(&mut self.after, s, false, true);
        }
        for p in &u.prefixes {
            add(&mut self.before, p, false, false);
        }
        self.units.push(u);
    }

    /// `glued`: the surface starts right after the number, no space between.
    /// `digit_ok`: a digit may follow the surface (prefixes: "USD115").
    /// Inlined, so that the usual answer, no candidate at all, costs no call.
    #[inline]
    fn find(
        list: &Surfaces,
        text: &str,
        pos: usize,
        glued: bool,
        digit_ok: bool,
    ) -> Option<(usize, usize)> {
        let rest = text.as_bytes().get(pos..)?;
        let candidates = list.candidates(rest);
        if candidates.is_empty() {
            return None;
        }
        Self::first_written(candidates, rest, pos, glued, digit_ok)
    }

    /// The first of `candidates` written at the start of `rest`, which is
    /// at byte `pos`; arguments as for [`UnitTable::find`].
    fn first_written(
        candidates: &[Surface],
        rest: &[u8],
        pos: usize,
        glued: bool,
        digit_ok: bool,
    ) -> Option<(usize, usize)> {
        let raw = swar::load(rest, 0);
        let lower = swar::to_ascii_lowercase(raw);
        for s in candidates {
            if !s.written_at(rest, raw, lower) || (s.attached_only && !glued) {
                continue;
            }
            let n = s.text.len();
            let last = s.text.as_bytes()[n - 1];
            let next_blocks = |b: u8| {
                if digit_ok {
                    b.is_ascii_alphabetic() || b >= 0x80
                } else {
                    is_word_byte(b)
                }
            };
            if is_word_byte(last) && rest.get(n).is_some_and(|&b| next_blocks(b)) {
                continue;
            }
            return Some((s.unit, pos + n));
        }
        None
    }

    /// The longest unit written at byte `pos`: (unit index, end byte).
    #[inline]
    pub fn match_after(&self, text: &str, pos: usize, glued: bool) -> Option<(usize, usize)> {
        Self::find(&self.after, text, pos, glued, false)
    }

    /// A currency symbol or code written at `pos`, before a number.
    #[inline]
    pub fn match_before(&self, text: &str, pos: usize) -> Option<(usize, usize)> {
        Self::find(&self.before, text, pos, true, true)
    }

    pub fn get(&self, idx: usize) -> &UnitDef {
        &self.units[idx]
    }

    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.units.iter().rposition(|u| u.id == id)
    }
}
