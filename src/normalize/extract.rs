//! The quantity parser: walks the token stream once, reads a number (digits
//! or words) with its scale, currency and unit, joins ranges, attaches
//! qualifiers and change verbs, and classifies what the number is.

use std::cell::Cell;
use std::mem::take;

use super::classify;
use super::scan::{parse_literal, tokenize_into, Literal, Tok, TokKind};
use super::units::UnitTable;
use super::words::{self, Cardinal, Lower, Meaning};
use super::QuantityKind;

/// The number itself, before unit and context.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Num {
    /// Value as written, scale applied ("1.5 million" → 1.5e6).
    pub value: f64,
    /// Multiplier applied by a scale word or suffix (1 when none).
    pub scale: f64,
    /// Granularity of the last written digit, scale applied ("1.5 million"
    /// → 1e5, "40" → 10), for implied rounding.
    pub step: f64,
    pub has_decimals: bool,
    pub digits: bool,
    /// A plain four-digit literal with no separator: may be a year.
    pub year_like: bool,
    /// A lone "one": too noisy to report without a unit or scale.
    pub weak: bool,
    pub start: usize,
    pub end: usize,
    /// Token after the number.
    pub next: usize,
    /// "m" glued to the digits was read as million; may still be metres.
    pub m_suffix: bool,
}

impl Num {
    /// A whole number with no scale, decimals or year reading: number words,
    /// day numbers and clock parts.
    fn plain(value: f64, start: usize, end: usize, next: usize, digits: bool) -> Self {
        Num {
            value,
            scale: 1.0,
            step: 1.0,
            has_decimals: false,
            digits,
            year_like: false,
            weak: false,
            start,
            end,
            next,
            m_suffix: false,
        }
    }
}

/// A number with everything glued to it: currency, sign, unit, fraction or
/// vague reading, or a recognised non-count (date, time, ordinal...).
#[derive(Debug, Clone)]
pub(crate) struct Core {
    pub first: usize,
    pub next: usize,
    pub start: usize,
    pub end: usize,
    pub num: Num,
    pub unit: Option<usize>,
    pub sign: Option<f64>,
    /// Fractions and ratios ("two-thirds", "one in three") as exact percents.
    pub fraction: bool,
    pub vague: Option<(f64, Option<f64>)>,
    pub kind: Option<QuantityKind>,
}

pub(crate) struct Cx<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
    /// By token, like `toks`.
    known: Vec<Known>,
    pub units: &'a UnitTable,
}

/// What the parser asks of a token again and again, worked out once per
/// sentence: the literal of a number, the word-table entry of a word.
#[derive(Clone, Copy)]
enum Known {
    Number(Option<Literal>),
    Word(Option<&'static Meaning>),
    Symbol,
}

impl Known {
    fn of(text: &str, t: &Tok) -> Self {
        match t.kind {
            TokKind::Num => Known::Number(parse_literal(t.text(text))),
            TokKind::Word => Known::Word(words::meaning(t.text(text))),
            TokKind::Sym => Known::Symbol,
        }
    }
}

thread_local! {
    /// The buffers of the last sentence parsed on this thread, reused by the
    /// next: allocating and freeing them costs as much as tokenizing a
    /// short sentence.
    static SPARE: Cell<Option<(Vec<Tok>, Vec<Known>)>> = const { Cell::new(None) };
}

/// Buffers grown past this many tokens are dropped rather than kept, so
/// that one huge text does not pin its memory to the thread.
const SPARE_TOKENS: usize = 4096;

impl Drop for Cx<'_> {
    fn drop(&mut self) {
        if self.toks.capacity() <= SPARE_TOKENS && self.known.capacity() <= SPARE_TOKENS {
            SPARE.set(Some((take(&mut self.toks), take(&mut self.known))));
        }
    }
}

/// Words after a glued "m" that make it metres, not million ("5m tall").
fn is_extent_word(w: &str) -> bool {
    matches!(
        Lower::new(w).as_bytes(),
        b"tall"
            | b"high"
            | b"deep"
            | b"long"
            | b"wide"
            | b"away"
            | b"above"
            | b"below"
            | b"thick"
            | b"across"
            | b"high."
            | b"in"
            | b"from"
            | b"off"
            | b"of"
            | b"sprint"
            | b"race"
            | b"hurdles"
            | b"freestyle"
            | b"backstroke"
            | b"breaststroke"
            | b"butterfly"
            | b"relay"
            | b"final"
            | b"underground"
            | b"beneath"
            | b"under"
            | b"depth"
            | b"height"
            | b"radius"
    )
}

impl<'a> Cx<'a> {
    pub fn new(text: &'a str, units: &'a UnitTable) -> Self {
        let (mut toks, mut known) = SPARE.take().unwrap_or_default();
        tokenize_into(text, &mut toks);
        known.clear();
        known.extend(toks.iter().map(|t| Known::of(text, t)));
        Cx {
            text,
            toks,
            known,
            units,
        }
    }

    /// The literal of number token `i`.
    fn literal(&self, i: usize) -> Option<Literal> {
        match self.known.get(i)? {
            Known::Number(lit) => *lit,
            _ => None,
        }
    }

    /// The word-table entry of word token `i`.
    pub fn meaning(&self, i: usize) -> Option<&'static Meaning> {
        match self.known.get(i)? {
            Known::Word(m) => *m,
            _ => None,
        }
    }

    /// What a scale word, or "dozen", at token `k` multiplies by.
    fn scale_or_dozen(&self, k: usize) -> Option<f64> {
        let w = self.word(k)?;
        self.meaning(k)
            .and_then(|m| m.scale)
            .or(w.eq_ignore_ascii_case("dozen").then_some(12.0))
    }

    /// Month number of word token `i`, under [`classify::month_of`]'s rules.
    fn month(&self, i: usize) -> Option<u32> {
        classify::month_of(self.word(i)?, self.meaning(i)?)
    }

    fn word(&self, i: usize) -> Option<&'a str> {
        let t = self.toks.get(i)?;
        (t.kind == TokKind::Word).then(|| t.text(self.text))
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind != TokKind::Num && t.text(self.text).eq_ignore_ascii_case(w))
    }

    fn kind(&self, i: usize) -> Option<TokKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    /// Token `i` starts exactly where token `i - 1` ends.
    fn glued(&self, i: usize) -> bool {
        i > 0 && i < self.toks.len() && self.toks[i].start == self.toks[i - 1].end
    }

    /// Index of the first token starting at or after byte `b`.
    fn tok_at(&self, b: usize) -> usize {
        self.toks.partition_point(|t| t.start < b)
    }

    fn int_value(&self, i: usize) -> Option<f64> {
        let l = self.literal(i)?;
        (l.decimals == 0 && !l.grouped).then_some(l.value)
    }

    /// Parses the quantity core starting at token `i`.
    pub fn core(&self, i: usize) -> Option<Core> {
        if let Some(c) = self.date_or_time(i) {
            return Some(c);
        }
        let mut j = i;
        let mut prefix_unit = None;
        let start = self.toks.get(i)?.start;
        if let Some((u, end)) = self.units.match_before(self.text, start) {
            let k = self.tok_at(end);
            let gap = self.toks.get(k).map(|t| &self.text[end..t.start]);
            if self.kind(k) == Some(TokKind::Num)
                && gap.is_some_and(|g| g.len() <= 1 && g.trim().is_empty())
            {
                prefix_unit = Some(u);
                j = k;
            }
        }
        let mut sign = None;
        if prefix_unit.is_none()
            && (self.is(j, "-") || self.is(j, "+") || self.is(j, "−"))
            && self.kind(j + 1) == Some(TokKind::Num)
            && self.glued(j + 1)
            && (j == 0 || !self.glued(j) || self.kind(j - 1) == Some(TokKind::Sym))
        {
            sign = Some(if self.is(j, "+") { 1.0 } else { -1.0 });
            j += 1;
        }
        let mut core = if self.kind(j) == Some(TokKind::Num) {
            let num = self.digits(j, prefix_unit.is_some())?;
            Core {
                first: i,
                next: num.next,
                start,
                end: num.end,
                num,
                unit: prefix_unit,
                sign,
                fraction: false,
                vague: None,
                kind: None,
            }
        } else if prefix_unit.is_none() && sign.is_none() {
            self.word_number(i)?
        } else {
            return None;
        };
        if core.kind.is_some() || core.vague.is_some() {
            return Some(core);
        }
        if !core.fraction && self.ratio(&mut core) {
            return Some(core);
        }
        if core.unit.is_none() && !core.fraction {
            self.unit_after(&mut core);
        }
        Some(core)
    }

    /// Digits plus scale suffix or scale words.
    fn digits(&self, j: usize, currency: bool) -> Option<Num> {
        let t = self.toks[j];
        let lit = self.literal(j)?;
        let mut num = Num {
            value: lit.value,
            scale: 1.0,
            step: if lit.decimals > 0 {
                10f64.powi(-(lit.decimals as i32))
            } else {
                10f64.powi(lit.trailing_zeros as i32)
            },
            has_decimals: lit.decimals > 0,
            digits: true,
            year_like: !lit.grouped && lit.decimals == 0 && lit.int_digits == 4,
            weak: false,
            start: t.start,
            end: t.end,
            next: j + 1,
            m_suffix: false,
        };
        let mut k = j + 1;
        if let Some(w) = self.word(k) {
            // "24703m2" is an area: a suffix followed by digits is a unit.
            let digit_after = self.glued(k + 1) && self.kind(k + 1) == Some(TokKind::Num);
            if self.glued(k) && !digit_after {
                if let Some(s) = words::scale_suffix(w) {
                    let metres = (w == "m" || w == "M")
                        && !currency
                        && self.word(k + 1).is_some_and(is_extent_word);
                    // Lowercase "b" and "k" are only scales when they end the token.
                    if !metres {
                        num.m_suffix = w == "m";
                        self.apply_scale(&mut num, s);
                        num.end = self.toks[k].end;
                        k += 1;
                    }
                }
            }
        }
        if num.scale == 1.0 {
            // Spaced scale words: "1.5 million", "3 hundred thousand", "2.5 bn".
            let mut last = 0.0;
            while let Some(w) = self.word(k) {
                // A spaced "k" is a scale only when no word follows ("2.33 k").
                let lone = self.word(k + 1).is_none();
                let s = self.meaning(k).and_then(|m| m.scale).or(match w {
                    "bn" | "mn" | "mln" | "bln" | "tn" | "tln" | "trn" => words::scale_suffix(w),
                    "k" | "K" | "M" if lone && last == 0.0 => words::scale_suffix(w),
                    _ => None,
                });
                let s = match s {
                    Some(s) if s > last => s,
                    _ => break,
                };
                self.apply_scale(&mut num, s);
                num.end = self.toks[k].end;
                last = s;
                k += 1;
            }
            // "3 hundred and 21", "4 thousand 3 hundred and 21": further
            // groups below the last scale. A group without its own scale
            // word needs the "and" ("2 million 300 people" stays two).
            while last > 0.0 && !num.has_decimals {
                let and = self.is(k, "and") && last >= 100.0;
                let gk = if and { k + 1 } else { k };
                let (g, s2, next) = match self.group(gk) {
                    Some(x) => x,
                    None => break,
                };
                let g = g * s2.unwrap_or(1.0);
                if g <= 0.0 || g >= last || (s2.is_none() && !and) {
                    break;
                }
                num.value += g;
                num.step = num.step.min(trailing_step(g));
                num.end = self.toks[next - 1].end;
                k = next;
                match s2 {
                    Some(s2) => last = s2,
                    None => break,
                }
            }
            if last == 0.0 && self.meaning(k).is_some_and(|m| m.dozen) {
                self.apply_scale(&mut num, 12.0);
                num.end = self.toks[k].end;
                k += 1;
            }
        }
        num.next = k;
        Some(num)
    }

    /// One group of a mixed digit/word number at `k`: an unscaled integer
    /// (digits or cardinal words) and an optional scale word after it.
    fn group(&self, k: usize) -> Option<(f64, Option<f64>, usize)> {
        let (v, mut next) = match self.kind(k)? {
            TokKind::Num => (self.int_value(k)?, k + 1),
            TokKind::Word => {
                let mut card = Cardinal::default();
                let mut j = k;
                while self.word(j).is_some() {
                    let m = self.meaning(j);
                    if m.is_some_and(|m| m.scale.is_some()) || !card.push_word(m) {
                        break;
                    }
                    j += 1;
                    if self.is(j, "-") && self.glued(j) && self.glued(j + 1) {
                        j += 1;
                    }
                }
                if card.is_empty() {
                    return None;
                }
                (card.value(), j)
            }
            TokKind::Sym => return None,
        };
        let s = self.meaning(next).and_then(|m| m.scale);
        if s.is_some() {
            next += 1;
        }
        Some((v, s, next))
    }

    fn apply_scale(&self, num: &mut Num, s: f64) {
        num.value *= s;
        num.scale *= s;
        num.step *= s;
        num.year_like = false;
    }

    /// Number words, fractions, vague amounts and ordinal words at `i`.
    fn word_number(&self, i: usize) -> Option<Core> {
        let w = self.word(i)?;
        let lw = Lower::new(w);
        let lw = lw.as_bytes();
        let t = self.toks[i];
        let mk = |value: f64, end: usize, next: usize| Core {
            first: i,
            next,
            start: t.start,
            end,
            num: Num::plain(value, t.start, end, next, false),
            unit: None,
            sign: None,
            fraction: false,
            vague: None,
            kind: None,
        };
        if let Some(c) = self.vague(i, lw, &mk) {
            return Some(c);
        }
        if matches!(lw, b"noon" | b"midday" | b"midnight") {
            let mut c = mk(if lw == b"midnight" { 0.0 } else { 12.0 }, t.end, i + 1);
            c.kind = Some(QuantityKind::Time);
            return Some(c);
        }
        // "half", "half a million", "half a dozen".
        if lw == b"half" {
            let k = if self.is(i + 1, "a") || self.is(i + 1, "an") {
                i + 2
            } else {
                i + 1
            };
            if let Some(s) = self.scale_or_dozen(k) {
                let mut c = mk(0.5 * s, self.toks[k].end, k + 1);
                c.num.scale = s;
                c.num.step = s / 10.0;
                return Some(c);
            }
            // "a half-point rise", "half a percentage point": points of a rate.
            if let Some(next) = self.points_after(i + 1) {
                let mut c = mk(0.5, self.toks[next - 1].end, next);
                c.fraction = true;
                return Some(c);
            }
            if k == i + 2 {
                // "half an hour", "half a day": a duration we do not quantify.
                return None;
            }
            let mut c = mk(50.0, t.end, i + 1);
            c.fraction = true;
            return Some(c);
        }
        // "a third of", "a quarter million", "a dozen", "a million".
        if lw == b"a" || lw == b"an" {
            let w2 = self.word(i + 1)?;
            if let Some(s) = self.scale_or_dozen(i + 1) {
                let mut c = mk(s, self.toks[i + 1].end, i + 2);
                c.num.scale = s;
                c.num.step = s;
                // "a hundred thousand".
                if let Some(s2) = self.meaning(i + 2).and_then(|m| m.scale) {
                    if s2 > s {
                        c.num.value *= s2;
                        c.num.scale *= s2;
                        c.num.step *= s2;
                        c.end = self.toks[i + 2].end;
                        c.num.end = c.end;
                        c.next = i + 3;
                        c.num.next = i + 3;
                    }
                }
                return Some(c);
            }
            if let Some(d) = self.meaning(i + 1).and_then(|m| m.denominator) {
                if let Some((s, scale_at)) = self.fraction_scale(i + 2) {
                    let mut c = mk(s / d, self.toks[scale_at].end, scale_at + 1);
                    c.num.scale = s;
                    c.num.step = s / 10.0;
                    return Some(c);
                }
                // "a quarter-point cut", "a quarter of a percentage point".
                if let Some(next) = self.points_after(i + 2) {
                    let mut c = mk(1.0 / d, self.toks[next - 1].end, next);
                    c.fraction = true;
                    return Some(c);
                }
                // "a third of" is a share; "a third term" is an ordinal.
                let share = d == 2.0
                    || d == 4.0 && !w2.eq_ignore_ascii_case("fourth")
                    || self.is(i + 2, "of")
                    || self.word(i + 2).is_none();
                let mut c = mk(100.0 / d, self.toks[i + 1].end, i + 2);
                if share {
                    c.fraction = true;
                } else {
                    c.start = self.toks[i + 1].start;
                    c.num.start = c.start;
                    c.num.value = d;
                    c.kind = Some(QuantityKind::Ordinal);
                }
                return Some(c);
            }
            return None;
        }
        if let Some(o) = self.meaning(i).and_then(|m| m.ordinal) {
            let mut c = mk(o, t.end, i + 1);
            c.kind = Some(QuantityKind::Ordinal);
            return Some(c);
        }
        // Cardinal phrases: "Sixty-two", "one hundred and twenty-four".
        let mut card = Cardinal::default();
        let mut k = i;
        let mut end = t.end;
        let mut only_one = true;
        while let Some(w) = self.word(k) {
            if !card.push_word(self.meaning(k)) {
                break;
            }
            if !w.eq_ignore_ascii_case("one") {
                only_one = false;
            }
            end = self.toks[k].end;
            k += 1;
            // Hyphenated tens ("twenty-one") and "and" after a hundred or scale.
            // "fifty - two": a spaced hyphen between tens and units.
            let tens =
                card.value() >= 20.0 && card.value() % 10.0 == 0.0 && !card.ends_with_scale();
            let spaced_unit = self.is(k, "-")
                && tens
                && self
                    .meaning(k + 1)
                    .and_then(|m| m.small)
                    .is_some_and(|v| (1.0..10.0).contains(&v));
            if (self.is(k, "-") && self.glued(k) && self.glued(k + 1))
                || spaced_unit
                || (self.is(k, "and") && card.ends_with_scale())
            {
                if self.meaning(k + 1).and_then(|m| m.small).is_some() {
                    k += 1;
                    continue;
                }
                // "twenty-first": cardinal tens with an ordinal unit.
                let tens = card.value() >= 20.0 && card.value() % 10.0 == 0.0;
                if self.is(k, "-") && tens {
                    if let Some(o) = self.meaning(k + 1).and_then(|m| m.ordinal) {
                        if o < 10.0 {
                            let mut c = mk(card.value() + o, self.toks[k + 1].end, k + 2);
                            c.kind = Some(QuantityKind::Ordinal);
                            return Some(c);
                        }
                    }
                }
            }
            if self.word(k).is_some()
                && self.meaning(k).is_none_or(|m| {
                    m.scale.is_none() && m.small.is_none() && m.plural_scale.is_none()
                })
            {
                break;
            }
        }
        if card.is_empty() {
            return None;
        }
        // "dozen" multiplies: "three dozen"; in "three hundred and two
        // dozens" only the two.
        let mut value = card.value();
        let mut scale = 1.0;
        if self.meaning(k).is_some_and(|m| m.dozen) {
            let tail = card.tail();
            value = if tail > 0.0 && tail < value {
                value + 11.0 * tail
            } else {
                value * 12.0
            };
            scale = 12.0;
            end = self.toks[k].end;
            k += 1;
        }
        // Spoken fractions: "two-thirds", "three quarters", "one fifth".
        if card.words == 1 && value > 0.0 && value <= 10.0 {
            let dk = if self.is(k, "-") && self.glued(k) {
                k + 1
            } else {
                k
            };
            if let Some(d) = self.meaning(dk).and_then(|m| m.denominator) {
                if value < d {
                    // "three-quarters of a million" is a count, not a share.
                    if let Some((s, scale_at)) = self.fraction_scale(dk + 1) {
                        let mut c = mk(value * s / d, self.toks[scale_at].end, scale_at + 1);
                        c.num.scale = s;
                        c.num.step = s / 10.0;
                        return Some(c);
                    }
                    if self.meaning(dk + 1).and_then(|m| m.scale).is_none() {
                        let mut c = mk(100.0 * value / d, self.toks[dk].end, dk + 1);
                        c.fraction = true;
                        return Some(c);
                    }
                }
            }
        }
        if card.ends_with_scale() {
            scale *= card.trailing_scale();
        }
        let mut c = mk(value, end, k);
        c.num.scale = scale;
        c.num.step = trailing_step(value);
        c.num.weak = only_one && card.words == 1;
        Some(c)
    }

    /// After a fraction at `k`, points of a rate ("-point", "-percentage-
    /// point", "of a percentage point", "a percentage point"): the token
    /// after them. A quarter-point is 0.25 points, never a quarter (25%).
    fn points_after(&self, k: usize) -> Option<usize> {
        let mut j = k;
        if self.is(j, "-") && self.glued(j) {
            j += 1;
        } else if self.is(j, "of") && (self.is(j + 1, "a") || self.is(j + 1, "an")) {
            j += 2;
        } else if self.is(j, "a") {
            j += 1;
        }
        if self.is(j, "percentage") {
            j += 1;
            if self.is(j, "-") && self.glued(j) {
                j += 1;
            }
        }
        (self.is(j, "point") || self.is(j, "points")).then_some(j + 1)
    }

    /// The scale a fraction is taken of, and where its word is: "million" in
    /// "a quarter million" and in "a quarter of a million".
    fn fraction_scale(&self, k: usize) -> Option<(f64, usize)> {
        if let Some(s) = self.meaning(k).and_then(|m| m.scale) {
            return Some((s, k));
        }
        let article = self.is(k + 1, "a") || self.is(k + 1, "an");
        if !(self.is(k, "of") && article) {
            return None;
        }
        self.meaning(k + 2)
            .and_then(|m| m.scale)
            .filter(|&s| s >= 1e3)
            .map(|s| (s, k + 2))
    }

    /// "dozens", "scores of", "hundreds", "tens of thousands", "several hundred".
    fn vague(&self, i: usize, lw: &[u8], mk: &dyn Fn(f64, usize, usize) -> Core) -> Option<Core> {
        let (lo, hi, end_tok) = if let Some(a) = self.meaning(i).and_then(|m| m.plural_scale) {
            let b = if self.is(i + 1, "of") {
                self.meaning(i + 2)
                    .and_then(|m| m.plural_scale)
                    .filter(|&b| b > a)
            } else {
                None
            };
            match b {
                Some(b) => (2.0 * a * b, Some(10.0 * a * b - 1.0), i + 2),
                None if a >= 1e6 => (2.0 * a, None, i),
                None if a >= 100.0 => (2.0 * a, Some(10.0 * a - 1.0), i),
                None => return None,
            }
        } else if lw == b"dozens" {
            (24.0, Some(99.0), i)
        } else if lw == b"scores" && self.is(i + 1, "of") {
            (40.0, Some(199.0), i + 1)
        } else if lw == b"several" || lw == b"few" || (lw == b"a" && self.is(i + 1, "few")) {
            let k = if lw == b"a" { i + 2 } else { i + 1 };
            let s = self.scale_or_dozen(k)?;
            let lo = if lw == b"several" { 3.0 } else { 2.0 };
            (lo * s, Some(10.0 * s - 1.0), k)
        } else {
            return None;
        };
        let end = self.toks[end_tok].end;
        let mut c = mk(lo, end, end_tok + 1);
        c.vague = Some((lo, hi));
        Some(c)
    }

    /// "one in three", "4 in 5", "nine out of ten" → a share in percent.
    fn ratio(&self, c: &mut Core) -> bool {
        let n = c.num;
        if n.scale != 1.0 || n.has_decimals || n.value < 0.0 || n.value > 100.0 || c.unit.is_some()
        {
            return false;
        }
        let k = c.next;
        let bk = if self.is(k, "in") {
            k + 1
        } else if self.is(k, "out") && self.is(k + 1, "of") {
            k + 2
        } else {
            return false;
        };
        let Some(b) = self.core_number(bk) else {
            return false;
        };
        // "one in a thousand", "two out of five hundred": a written scale is
        // fine while the denominator stays small.
        if b.value <= n.value
            || b.value > 1000.0
            || b.year_like
            || (b.scale != 1.0 && b.digits)
            || b.has_decimals
        {
            return false;
        }
        // "1 in 10 km" is not a share.
        if self.unit_at(b.end, b.scale > 1.0).is_some() {
            return false;
        }
        c.num.value = 100.0 * n.value / b.value;
        c.end = b.end;
        c.next = b.next;
        c.num.end = b.end;
        c.num.weak = false;
        c.fraction = true;
        true
    }

    /// A bare number (digits or words) at `k`, for the second half of ratios
    /// and ranges.
    fn core_number(&self, k: usize) -> Option<Num> {
        match self.kind(k)? {
            TokKind::Num => self.digits(k, false),
            TokKind::Word => {
                let c = self.word_number(k)?;
                (c.kind.is_none() && !c.fraction && c.vague.is_none()).then_some(c.num)
            }
            TokKind::Sym => None,
        }
    }

    /// The unit written after byte `pos`: (unit, end byte).
    fn unit_at(&self, pos: usize, scaled: bool) -> Option<(usize, usize)> {
        let b = self.text.as_bytes();
        let mut p = pos;
        let mut glued = true;
        // "68-ounce", "34-year-old": one hyphen between number and unit.
        if b.get(p) == Some(&b'-') {
            p += 1;
        } else {
            while p < b.len() && p < pos + 2 && (b[p] == b' ' || b[p] == b'\t') {
                p += 1;
                glued = false;
            }
            if b.get(p..p + 2) == Some("\u{a0}".as_bytes()) {
                p += 2;
                glued = false;
            }
        }
        let found = self.units.match_after(self.text, p, glued).or_else(|| {
            // "20 (kg)", "20 [kg]": a unit in brackets right after the number.
            let close = match b.get(p)? {
                b'(' => b')',
                b'[' => b']',
                b'{' => b'}',
                b'<' => b'>',
                _ => return None,
            };
            let (u, end) = self.units.match_after(self.text, p + 1, true)?;
            (b.get(end) == Some(&close)).then_some((u, end + 1))
        });
        let found = found.or_else(|| {
            // "2.3 billion karsan lira": one unknown word before a currency name.
            let k = self.tok_at(p);
            let w = self.word(k)?;
            let after = self.toks.get(k + 1)?;
            if self.text[self.toks[k].end..after.start] != *" "
                || !is_all_lowercase(w)
                || self.meaning(k).and_then(|m| m.small).is_some()
            {
                return None;
            }
            let (u, end) = self.units.match_after(self.text, after.start, false)?;
            let def = self.units.get(u);
            (def.dimension == "money" && !def.names.is_empty()).then_some((u, end))
        })?;
        let (mut u, end) = found;
        // "30%25" is URL encoding, not thirty percent.
        if self.text[..end].ends_with('%')
            && self
                .text
                .as_bytes()
                .get(end)
                .is_some_and(|b| b.is_ascii_hexdigit())
        {
            return None;
        }
        if scaled {
            if let Some(alias) = self.units.get(u).if_scaled.as_deref() {
                u = self.units.by_id(alias).unwrap_or(u);
            }
        }
        Some((u, end))
    }

    fn unit_after(&self, c: &mut Core) {
        // A glued "m" already read as million may be metres after all
        // when a physical word follows; otherwise the scale stands.
        if let Some((u, end)) = self.unit_at(c.num.end, c.num.scale > 1.0) {
            c.unit = Some(u);
            c.end = end;
            c.next = self.tok_at(end);
            // "75 USD million": a scale word after a currency code.
            let def = self.units.get(u);
            if def.dimension == "money" && c.num.scale == 1.0 && !def.symbols.is_empty() {
                if let Some(s) = self.meaning(c.next).and_then(|m| m.scale) {
                    if s >= 1e6 {
                        let mut n = c.num;
                        self.apply_scale(&mut n, s);
                        c.num = n;
                        c.end = self.toks[c.next].end;
                        c.next += 1;
                    }
                }
            }
        }
    }

    /// Amounts written in two units of one dimension: "3 dollars 50 cents",
    /// "thirteen dollars and forty-five cents", "15 USD 50", "5 ft 2 in",
    /// "5 feet and 2 inches". The smaller part is folded into the larger.
    pub fn compound(&self, c: &mut Core) {
        let Some(u) = c.unit else { return };
        let da = self.units.get(u);
        let money = da.dimension == "money";
        if !(money || da.dimension == "length")
            || c.num.scale != 1.0
            || c.num.has_decimals
            || c.kind.is_some()
            || c.sign.is_some()
        {
            return;
        }
        let mut k = c.next;
        if self.is(k, "and") {
            k += 1;
        }
        let Some(b) = self.core_number(k) else { return };
        if b.scale != 1.0 || b.has_decimals || b.value <= 0.0 || b.value.fract() != 0.0 {
            return;
        }
        let (n, per, end) = if let Some((ub, end)) = self.unit_at(b.end, false) {
            let db = self.units.get(ub);
            if db.base != da.base || db.factor >= da.factor || b.value * db.factor >= da.factor {
                return;
            }
            (b.value, db.factor / da.factor, end)
        } else if !money && da.id == "ft" && self.is(b.next, "in") && b.value < 12.0 {
            (b.value, 1.0 / 12.0, self.toks[b.next].end)
        } else if money && b.value < 100.0 && (!b.digits || b.end - b.start <= 2) {
            // A bare two-digit tail is the minor unit, unless it counts
            // something of its own ("15 dollars 20 times").
            if self.kind(b.next) == Some(TokKind::Num)
                || (self.glued(b.next) && self.word(b.next).is_some())
                || self.word(b.next).is_some_and(classify::is_count_noun)
            {
                return;
            }
            (b.value, 0.01, b.end)
        } else {
            return;
        };
        c.num.value += n * per;
        c.num.step = c.num.step.min(per);
        c.num.year_like = false;
        c.num.end = end;
        c.end = end;
        c.next = self.tok_at(end);
    }

    /// Dates, clock times and digit ordinals starting at token `i`.
    fn date_or_time(&self, i: usize) -> Option<Core> {
        let t = *self.toks.get(i)?;
        let mk = |kind, value: f64, next: usize| {
            let end = self.toks[next - 1].end;
            Core {
                first: i,
                next,
                start: t.start,
                end,
                num: Num::plain(value, t.start, end, next, true),
                unit: None,
                sign: None,
                fraction: false,
                vague: None,
                kind: Some(kind),
            }
        };
        if t.kind == TokKind::Word {
            // "October 7", "Oct. 7, 2023".
            self.month(i)?;
            let mut k = i + 1;
            if self.is(k, ".") && self.glued(k) {
                k += 1;
            }
            let d = self.int_value(k).filter(|d| (1.0..=31.0).contains(d))?;
            let mut next = k + 1;
            if self.word(next).is_some_and(words::is_ordinal_suffix) && self.glued(next) {
                next += 1;
            }
            if self.is(next, ",")
                && self
                    .int_value(next + 1)
                    .is_some_and(|y| (1000.0..=2200.0).contains(&y))
            {
                next += 2;
            }
            let _ = d;
            return Some(mk(QuantityKind::Date, d, next));
        }
        if t.kind != TokKind::Num {
            return None;
        }
        let v = self.int_value(i);
        // Clock times: "4:12 am", "16:30", "10 a.m.", "10pm".
        if self.is(i + 1, ":")
            && self.glued(i + 1)
            && self.glued(i + 2)
            && v.is_some_and(|h| h <= 24.0)
        {
            let m = self.toks.get(i + 2)?;
            if m.kind == TokKind::Num && m.end - m.start == 2 {
                let mut next = i + 3;
                if let Some(end) = classify::meridiem(self.text, m.end) {
                    next = self.tok_at(end);
                }
                return Some(mk(QuantityKind::Time, v.unwrap_or(0.0), next));
            }
        }
        if let Some(h) = v.filter(|h| (1.0..=12.0).contains(h)) {
            if let Some(end) = classify::meridiem(self.text, t.end) {
                return Some(mk(QuantityKind::Time, h, self.tok_at(end)));
            }
        }
        // Numeric dates: "2023-10-07", "10/7/2023", "7.10.2023".
        for sep in ["-", "/", "."] {
            if self.is(i + 1, sep)
                && self.is(i + 3, sep)
                && (i + 1..=i + 4).all(|k| self.glued(k))
                && self.kind(i + 2) == Some(TokKind::Num)
                && self.kind(i + 4) == Some(TokKind::Num)
            {
                let a = self.int_value(i);
                let b = self.int_value(i + 2);
                let c = self.int_value(i + 4);
                if let (Some(a), Some(b), Some(c)) = (a, b, c) {
                    let ymd = a >= 1000.0 && (1.0..=12.0).contains(&b) && (1.0..=31.0).contains(&c);
                    let dmy = c >= 1000.0 && (1.0..=31.0).contains(&a) && (1.0..=31.0).contains(&b);
                    if ymd || dmy {
                        return Some(mk(QuantityKind::Date, a, i + 5));
                    }
                }
            }
        }
        // Digit ordinals: "7th", "21st"; "7th of October" and "7 Oct" are dates.
        let mut k = i + 1;
        let mut ordinal = false;
        if self.word(k).is_some_and(words::is_ordinal_suffix) && self.glued(k) {
            ordinal = true;
            k += 1;
        }
        if let Some(d) = v.filter(|d| (1.0..=31.0).contains(d)) {
            let mk_ = if self.is(k, "of") { k + 1 } else { k };
            if self.month(mk_).is_some() {
                let mut next = mk_ + 1;
                if self.is(next, ".") && self.glued(next) {
                    next += 1;
                }
                if self
                    .int_value(next)
                    .is_some_and(|y| (1000.0..=2200.0).contains(&y))
                {
                    next += 1;
                }
                return Some(mk(QuantityKind::Date, d, next));
            }
        }
        if ordinal {
            return Some(mk(QuantityKind::Ordinal, v.unwrap_or(0.0), k));
        }
        None
    }
}

/// Whether every character of `w` is lowercase; ASCII needs no decoding.
fn is_all_lowercase(w: &str) -> bool {
    if w.is_ascii() {
        w.bytes().all(|c| c.is_ascii_lowercase())
    } else {
        w.chars().all(char::is_lowercase)
    }
}

/// Granularity of an integer's last non-zero digit ("40" → 10, "124" → 1).
pub(crate) fn trailing_step(v: f64) -> f64 {
    if v <= 0.0 || v.fract() != 0.0 || v > 1e18 {
        return 1.0;
    }
    let mut step = 1.0;
    let mut x = v;
    while x >= 10.0 && x % 10.0 == 0.0 {
        x /= 10.0;
        step *= 10.0;
    }
    step
}
