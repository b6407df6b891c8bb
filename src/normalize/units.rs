//! The unit and currency table: data in `rules/units.yaml`, matched here
//! against the text that follows (or, for currency symbols, precedes) a number.

use serde::Deserialize;

use super::NormalizeError;

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
}

/// Units plus an index from first byte to candidate surfaces, longest first.
#[derive(Debug, Clone)]
pub struct UnitTable {
    pub units: Vec<UnitDef>,
    pub examples: Vec<UnitExample>,
    after: Vec<Vec<Surface>>,
    before: Vec<Vec<Surface>>,
}

impl Default for UnitTable {
    fn default() -> Self {
        UnitTable {
            units: Vec::new(),
            examples: Vec::new(),
            after: vec![Vec::new(); 256],
            before: vec![Vec::new(); 256],
        }
    }
}

fn bucket(s: &str) -> usize {
    s.as_bytes()
        .first()
        .map_or(0, |b| b.to_ascii_lowercase() as usize)
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
        Ok(t)
    }

    /// Adds the units of `other`; later definitions win ties of equal length.
    pub fn extend(&mut self, other: UnitTable) {
        for u in other.units {
            self.push(u);
        }
        self.examples.extend(other.examples);
    }

    fn push(&mut self, u: UnitDef) {
        let idx = self.units.len();
        let add = |list: &mut Vec<Vec<Surface>>, text: &str, ci: bool, attached: bool| {
            if text.is_empty() {
                return;
            }
            let b = &mut list[bucket(text)];
            b.push(Surface {
                text: text.to_string(),
                case_insensitive: ci,
                attached_only: attached,
                unit: idx,
            });
            // Longest first so "km/h" beats "km"; stable so later units win ties.
            b.sort_by(|a, c| c.text.len().cmp(&a.text.len()).then(c.unit.cmp(&a.unit)));
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
    fn find(
        list: &[Vec<Surface>],
        text: &str,
        pos: usize,
        glued: bool,
        digit_ok: bool,
    ) -> Option<(usize, usize)> {
        let rest = text.as_bytes().get(pos..)?;
        let first = rest.first()?;
        for s in &list[first.to_ascii_lowercase() as usize] {
            let n = s.text.len();
            if rest.len() < n {
                continue;
            }
            let cand = &rest[..n];
            let ok = if s.case_insensitive {
                cand.eq_ignore_ascii_case(s.text.as_bytes())
            } else {
                cand == s.text.as_bytes()
            };
            if !ok || (s.attached_only && !glued) {
                continue;
            }
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
    pub fn match_after(&self, text: &str, pos: usize, glued: bool) -> Option<(usize, usize)> {
        Self::find(&self.after, text, pos, glued, false)
    }

    /// A currency symbol or code written at `pos`, before a number.
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
