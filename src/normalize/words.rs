//! English number words: cardinals, scales, ordinals, fraction denominators
//! and the vague plural amounts news uses ("dozens", "tens of thousands").

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
        let mut buf = [0u8; 24];
        if w.len() > buf.len() || !w.is_ascii() {
            // "\0" never occurs in a word table.
            return Lower { buf, len: 1 };
        }
        for (d, s) in buf.iter_mut().zip(w.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        Lower { buf, len: w.len() }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("\0")
    }
}

/// Value of a cardinal word below one hundred.
pub fn small(w: &str) -> Option<f64> {
    let v = match Lower::new(w).as_str() {
        "zero" | "nought" | "naught" | "nil" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" | "fourty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    Some(v as f64)
}

/// Multipliers written as words, including the South Asian ones that
/// Indian and Pakistani outlets use for money.
pub fn scale(w: &str) -> Option<f64> {
    let v = match Lower::new(w).as_str() {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "lakh" | "lakhs" | "lac" => 1e5,
        "million" => 1e6,
        "crore" | "crores" => 1e7,
        "billion" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    };
    Some(v)
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

/// "dozen" and its abbreviations ("3 dzs", "five doz").
pub fn is_dozen(w: &str) -> bool {
    matches!(
        Lower::new(w).as_str(),
        "dozen" | "dozens" | "dz" | "dzs" | "doz" | "dozs"
    )
}

/// Plural scale words used for vague amounts ("hundreds", "thousands").
pub fn plural_scale(w: &str) -> Option<f64> {
    let v = match Lower::new(w).as_str() {
        "tens" => 1e1,
        "hundreds" => 1e2,
        "thousands" => 1e3,
        "millions" => 1e6,
        "billions" => 1e9,
        "trillions" => 1e12,
        _ => return None,
    };
    Some(v)
}

/// Ordinal words ("first" .. "twentieth", "thirtieth", "hundredth").
pub fn ordinal(w: &str) -> Option<f64> {
    let v = match Lower::new(w).as_str() {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        "fortieth" => 40,
        "fiftieth" => 50,
        "sixtieth" => 60,
        "seventieth" => 70,
        "eightieth" => 80,
        "ninetieth" => 90,
        "hundredth" => 100,
        "thousandth" => 1000,
        "millionth" => 1_000_000,
        _ => return None,
    };
    Some(v as f64)
}

/// Denominators of spoken fractions ("two-thirds", "a quarter", "one fifth").
/// "second" is deliberately missing: "a second" is a time or an ordinal.
pub fn denominator(w: &str) -> Option<f64> {
    let v = match Lower::new(w).as_str() {
        "half" | "halves" => 2,
        "third" | "thirds" => 3,
        "quarter" | "quarters" | "fourths" => 4,
        "fifth" | "fifths" => 5,
        "sixth" | "sixths" => 6,
        "seventh" | "sevenths" => 7,
        "eighth" | "eighths" => 8,
        "ninth" | "ninths" => 9,
        "tenth" | "tenths" => 10,
        _ => return None,
    };
    Some(v as f64)
}

/// Ordinal suffixes glued to digits ("7th").
pub fn is_ordinal_suffix(w: &str) -> bool {
    matches!(Lower::new(w).as_str(), "st" | "nd" | "rd" | "th")
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
    pub fn push(&mut self, w: &str) -> bool {
        if let Some(v) = small(w) {
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
        } else if w.eq_ignore_ascii_case("hundred")
            || (w.eq_ignore_ascii_case("hundreds") && matches!(self.last, 1 | 2))
        {
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
        } else if let Some(s) =
            scale(w).or_else(|| plural_scale(w).filter(|&s| s >= 1e3 && matches!(self.last, 1..=3)))
        {
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
