//! Number, quantity and unit normalization.
//!
//! Turns the figures in a sentence into intervals in a base unit so that
//! "more than 43,000", "43 000" and "some 40,000" can be compared without
//! string matching. Every figure carries the uncertainty its wording
//! implies: an interval that is too narrow becomes a false conflict.
//!
//! Years, dates, times, ages, ordinals, durations and identifiers are
//! recognised too, so that callers can leave them out of comparisons.

mod classify;
mod extract;
mod prefilter;
mod qualifier;
mod scan;
mod units;
mod words;

#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::span::Span;
use extract::{Core, Cx};
pub use prefilter::may_hold_quantity;
use scan::TokKind;
pub use units::{UnitDef, UnitExample, UnitTable};

/// What a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    Count,
    Percent,
    Money,
    Measure,
    Year,
    Date,
    Time,
    Age,
    Ordinal,
    Duration,
    Identifier,
}

impl QuantityKind {
    /// The name serde writes, without going through a serializer.
    pub fn as_str(self) -> &'static str {
        match self {
            QuantityKind::Count => "count",
            QuantityKind::Percent => "percent",
            QuantityKind::Money => "money",
            QuantityKind::Measure => "measure",
            QuantityKind::Year => "year",
            QuantityKind::Date => "date",
            QuantityKind::Time => "time",
            QuantityKind::Age => "age",
            QuantityKind::Ordinal => "ordinal",
            QuantityKind::Duration => "duration",
            QuantityKind::Identifier => "identifier",
        }
    }

    /// Kinds that are amounts of something and can conflict between sources.
    pub fn is_comparable(self) -> bool {
        matches!(
            self,
            QuantityKind::Count
                | QuantityKind::Percent
                | QuantityKind::Money
                | QuantityKind::Measure
        )
    }
}

/// How the writer hedged or bounded the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    About,
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
    Nearly,
    JustOver,
    Range,
    Vague,
}

impl Qualifier {
    /// The name serde writes, without going through a serializer.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::About => "about",
            Qualifier::AtLeast => "at_least",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtMost => "at_most",
            Qualifier::LessThan => "less_than",
            Qualifier::Nearly => "nearly",
            Qualifier::JustOver => "just_over",
            Qualifier::Range => "range",
            Qualifier::Vague => "vague",
        }
    }
}

/// A figure found in text, as an interval in its base unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Qualifier + number + unit, e.g. "more than 43,000".
    pub span: Span,
    /// Just the numeric part, e.g. "43,000" or "1.2 billion".
    pub number_span: Span,
    pub kind: QuantityKind,
    pub qualifier: Qualifier,
    /// Interval in the base unit; `None` is an open bound.
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The value as written, in the base unit.
    pub nominal: f64,
    pub unit: String,
    pub dimension: String,
    pub vague: bool,
    /// `Some(-1.0)` / `Some(1.0)` when the figure is a change ("fell 11%").
    pub change: Option<f64>,
    /// Currency + number + unit without the qualifier ("$1.2 billion" in
    /// "about $1.2 billion"); equals `span` when there is no qualifier.
    pub value_span: Span,
}

/// Errors loading normalization rules.
#[derive(Debug, thiserror::Error)]
pub enum NormalizeError {
    #[error("{origin}: {message}")]
    Rules { origin: String, message: String },
}

/// Finds all quantities in `text`, in order and non-overlapping.
pub fn find_quantities(text: &str, units: &UnitTable) -> Vec<Quantity> {
    if !may_hold_quantity(text) {
        return Vec::new();
    }
    let cx = Cx::new(text, units);
    // A sentence that gets this far nearly always holds a figure or two.
    let mut out = Vec::with_capacity(4);
    let mut i = 0;
    let mut floor = 0;
    while i < cx.toks.len() {
        match assemble(&cx, i, floor) {
            Some((q, next)) if next > i => {
                out.push(q);
                i = next;
                floor = next;
            }
            _ => i += 1,
        }
    }
    merge_bounds(text, &mut out);
    out
}

/// "more than 10 and less than 40", "at most 100 and at least 20": two
/// bounds on one figure joined by "and" become one range.
fn merge_bounds(text: &str, qs: &mut Vec<Quantity>) {
    use Qualifier::*;
    let lower = |q: &Quantity| matches!(q.qualifier, MoreThan | AtLeast) && q.high.is_none();
    let upper = |q: &Quantity| matches!(q.qualifier, AtMost | LessThan) && q.low.is_none();
    let mut k = 0;
    while k + 1 < qs.len() {
        let (a, b) = (&qs[k], &qs[k + 1]);
        let gap = text.get(a.span.end..b.span.start).unwrap_or("");
        // "higher or equal than 100, lower or equal than 300".
        let joined = matches!(gap.trim(), "and" | "," | ", and");
        let same = a.kind == b.kind && a.dimension == b.dimension && a.kind.is_comparable();
        let pair = if lower(a) && upper(b) {
            Some((a.low, b.high))
        } else if upper(a) && lower(b) {
            Some((b.low, a.high))
        } else {
            None
        };
        match pair {
            Some((Some(lo), Some(hi))) if joined && same && lo < hi => {
                let mut m = qs[k].clone();
                m.qualifier = Range;
                m.low = Some(lo);
                m.high = Some(hi);
                m.nominal = (lo + hi) / 2.0;
                m.span = Span::new(a.span.start, b.span.end);
                m.number_span = Span::new(a.number_span.start, b.number_span.end);
                m.value_span = Span::new(a.value_span.start, b.value_span.end);
                qs[k] = m;
                qs.remove(k + 1);
            }
            _ => {}
        }
        k += 1;
    }
}

static NO_UNITS: LazyLock<UnitTable> = LazyLock::new(UnitTable::default);

/// Parses a bare number phrase ("43,000", "1.5m", "Sixty-two", "a dozen").
/// Fractions come back as fractions ("two-thirds" → 0.667).
pub fn parse_number(text: &str) -> Option<f64> {
    let cx = Cx::new(text.trim(), &NO_UNITS);
    let c = cx.core(0)?;
    if c.next != cx.toks.len() || c.vague.is_some() || c.unit.is_some() {
        return None;
    }
    if c.kind.is_some_and(|k| k != QuantityKind::Ordinal) {
        // A "2023-10-07" is not a number; but "7" followed by nothing is.
        return None;
    }
    let v = if c.fraction {
        c.num.value / 100.0
    } else {
        c.num.value
    };
    Some(v * c.sign.unwrap_or(1.0))
}

fn is_range_sep(cx: &Cx, k: usize) -> Option<usize> {
    let tok = |k: usize, w: &str| {
        cx.toks
            .get(k)
            .is_some_and(|t| t.text(cx.text).eq_ignore_ascii_case(w))
    };
    if tok(k, "-") || tok(k, "–") || tok(k, "—") {
        if tok(k + 1, "to") && tok(k + 2, "-") {
            return Some(k + 3);
        }
        return Some(k + 1);
    }
    if tok(k, "to") || tok(k, "through") || tok(k, "and") {
        return Some(k + 1);
    }
    None
}

/// The word that opened a range phrase ("between 5 and 10", "from 5 to 10").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opener {
    Between,
    From,
}

impl Opener {
    /// `w` is the token a `Qualifier::Range` prefix matched, so it is one
    /// of the two words in some case.
    fn of(w: &str) -> Self {
        if w.eq_ignore_ascii_case("between") {
            Opener::Between
        } else {
            Opener::From
        }
    }
}

/// Tries to read "A to B" after core `a`; returns B.
fn range_tail(cx: &Cx, a: &Core, opener: Option<Opener>) -> Option<Core> {
    let k = a.next;
    let bk = is_range_sep(cx, k)?;
    let sep = cx.toks[k].text(cx.text);
    if sep.eq_ignore_ascii_case("and") && opener != Some(Opener::Between) {
        return None;
    }
    let b = cx.core(bk)?;
    // "+1-222-2222-2222", "12-34/56": a chain of glued numbers is an
    // identifier (phone, case or part number), not a range.
    let glued = |j: usize| j > 0 && j < cx.toks.len() && cx.toks[j].start == cx.toks[j - 1].end;
    let chained = |j: usize| {
        glued(j)
            && matches!(cx.toks[j].text(cx.text), "-" | "/")
            && glued(j + 1)
            && cx.toks[j + 1].kind == TokKind::Num
    };
    if bk == k + 1
        && glued(k)
        && glued(bk)
        && (chained(b.next)
            || (a.first > 0 && chained(a.first) && cx.toks[a.first - 1].kind == TokKind::Num)
            || a.sign.is_some())
    {
        return None;
    }
    if b.kind.is_some() || b.vague.is_some() || b.fraction || b.sign.is_some() || b.num.weak {
        return None;
    }
    if let (Some(ua), Some(ub)) = (a.unit, b.unit) {
        if cx.units.get(ua).dimension != cx.units.get(ub).dimension {
            return None;
        }
    }
    Some(b)
}

/// Reads one quantity starting at token `i`: (quantity, next token).
fn assemble(cx: &Cx, i: usize, floor: usize) -> Option<(Quantity, usize)> {
    let t = cx.toks[i];
    // Cheap rejection: most tokens are ordinary words.
    if t.kind == TokKind::Word
        && !could_start_word(cx, i)
        && cx.units.match_before(cx.text, t.start).is_none()
    {
        return None;
    }
    // Percent-encoded URLs ("q=30%25%2020%") are not figures.
    if i > 0 && t.start == cx.toks[i - 1].end && cx.toks[i - 1].text(cx.text) == "%" {
        return None;
    }
    let mut a = cx.core(i)?;
    if a.num.weak && a.unit.is_none() {
        return None;
    }
    let text = cx.text;
    let toks = &cx.toks;
    let mut qual = qualifier::prefix(text, toks, a.first, floor);
    let opener = qual
        .filter(|q| q.0 == Qualifier::Range)
        .map(|q| Opener::of(toks[q.1].text(text)));
    if opener != Some(Opener::Between) {
        cx.compound(&mut a);
    }
    let mut kind = a.kind;
    let mut b = None;
    if kind.is_none() && a.vague.is_none() && !a.fraction {
        // "rose from 20 to 30" is a change between two levels, not a range.
        let from_change = opener == Some(Opener::From)
            && qual.is_some_and(|q| qualifier::change_before(text, toks, q.1, floor).is_some());
        // "rose by 0.3 points to 8.1%", "cut by $2bn to $10bn": an amount
        // of change with its own unit, then the new level. "rise by 5 to 10
        // percent" has one unit for both ends, and stays a range.
        let by_then_level = opener.is_none()
            && a.unit.is_some()
            && a.first > 0
            && toks[a.first - 1].text(text).eq_ignore_ascii_case("by");
        if !from_change && !by_then_level {
            b = range_tail(cx, &a, opener);
        }
    }
    if let Some(bc) = &b {
        // Scale and unit written once apply to both ends: "5 to 6 million",
        // "$1-2 billion", "20 to 30 km".
        if a.num.scale == 1.0 && bc.num.scale > 1.0 && a.num.value * bc.num.scale <= bc.num.value {
            a.num.value *= bc.num.scale;
            a.num.step *= bc.num.scale;
            a.num.scale = bc.num.scale;
            a.num.year_like = false;
        }
        if a.unit.is_none() {
            a.unit = bc.unit;
        }
        let hyphen = matches!(toks[a.next].text(text), "-" | "–" | "—");
        let ok = if hyphen {
            a.num.value < bc.num.value
        } else {
            a.num.value <= bc.num.value
        };
        let is_year = |v: f64| (1800.0..=2100.0).contains(&v);
        let years = a.num.year_like
            && is_year(a.num.value)
            && ((bc.num.year_like && is_year(bc.num.value))
                || (hyphen && bc.num.digits && bc.num.end - bc.num.start == 2))
            && a.unit.is_none()
            && !next_is_count_noun(cx, bc.next);
        if years {
            kind = Some(QuantityKind::Year);
        } else if !ok {
            b = None;
        }
    }
    if b.is_none() && opener.is_some() {
        qual = None;
    }
    // "at least 5,000 to 6,000" is a range whose opener is a bound.
    let mut qualifier = match (&b, qual) {
        (Some(_), _) => Qualifier::Range,
        (None, Some((q, _))) => q,
        (None, None) => Qualifier::Exact,
    };
    let mut end_tok = b.as_ref().map_or(a.next, |b| b.next);
    let mut end = b.as_ref().map_or(a.end, |b| b.end);
    let value_end = end;
    // A bound written after the number outranks a loose hedge before it:
    // "about 500 or more" is at least 500.
    let hedged = matches!(qual, Some((Qualifier::About, _)));
    // "equal to 5000 or less": the bound after the number decides.
    let equal = matches!(qual, Some((Qualifier::Exact, _)));
    if (qual.is_none() || hedged || equal) && b.is_none() && a.vague.is_none() && a.kind.is_none() {
        if let Some((q, next)) = qualifier::suffix(text, toks, a.next) {
            if hedged && q != Qualifier::About {
                qual = None;
            }
            if !hedged || qual.is_none() {
                qualifier = q;
                end_tok = next;
                end = toks[next - 1].end;
            }
        }
    }
    // "less than 5000 or equal", "more than 5000 or equal to".
    if b.is_none() && a.kind.is_none() && end_tok == a.next {
        if let Some((q, next)) = qualifier::or_equal(text, toks, end_tok, qualifier) {
            qualifier = q;
            end_tok = next;
            end = toks[next - 1].end;
        }
    }
    let qstart_tok = qual.map_or(a.first, |q| q.1);
    let mut change = qualifier::change_before(text, toks, qstart_tok, floor);

    let def = a.unit.map(|u| cx.units.get(u));
    if kind.is_none() {
        kind = Some(classify_core(
            cx,
            &a,
            def,
            qual.is_some(),
            qstart_tok,
            floor,
            &mut end,
            &mut end_tok,
        ));
    }
    let kind = kind.unwrap_or(QuantityKind::Count);
    // "a 9% pay rise" is as much a change as "a pay increase of 9 percent".
    if change.is_none() && kind == QuantityKind::Percent {
        change = qualifier::change_after(text, toks, end_tok);
    }
    if a.vague.is_some() {
        qualifier = match qualifier {
            Qualifier::Exact => Qualifier::Vague,
            q => q,
        };
    }
    // A leading sign is a change for counts and shares, a value for measures
    // ("-5°C").
    let mut signed = 1.0;
    // After a comparison the sign is the value's: "<-30", "below -5".
    let bound = matches!(
        qual,
        Some((
            Qualifier::MoreThan | Qualifier::AtLeast | Qualifier::AtMost | Qualifier::LessThan,
            _
        ))
    );
    if let Some(s) = a.sign {
        if matches!(kind, QuantityKind::Measure | QuantityKind::Money) || bound {
            signed = s;
        } else if change.is_none() {
            change = Some(s);
        }
    }

    let (mut lo, mut hi, mut x);
    if let Some((vlo, vhi)) = a.vague {
        lo = Some(vlo);
        hi = vhi;
        x = vlo;
        match qualifier {
            Qualifier::MoreThan | Qualifier::AtLeast => hi = None,
            Qualifier::AtMost | Qualifier::LessThan => lo = None,
            _ => {}
        }
    } else if let Some(bc) = &b {
        x = (a.num.value + bc.num.value) / 2.0;
        lo = Some(a.num.value);
        hi = Some(bc.num.value);
    } else {
        x = a.num.value * signed;
        let rounding = match kind {
            QuantityKind::Money | QuantityKind::Measure => a.num.step,
            QuantityKind::Percent if !a.fraction => {
                // Percents are reported to whole points; "50%" is not "45-55%".
                if a.num.has_decimals {
                    a.num.step
                } else {
                    a.num.step.min(1.0)
                }
            }
            QuantityKind::Count if a.num.has_decimals && a.num.scale > 1.0 => a.num.step,
            _ => 0.0,
        };
        let h = rounding / 2.0;
        let (rl, rh) = (x - h, x + h);
        // A hedge widens a figure by about as much as its roundness allows:
        // "some 97" is 96.5-97.5, "about 3,000" is 2,700-3,300. The width is
        // half the place value of the last non-zero written digit (at least
        // the rounding half-step), capped at 10% of the value. A spoken
        // fraction ("nearly half") is as round as its value.
        let place = if a.fraction { x.abs() } else { a.num.step };
        let t = (place / 2.0).max(h).min(0.1 * x.abs());
        (lo, hi) = match qualifier {
            Qualifier::About => (Some(x - t), Some(x + t)),
            Qualifier::Nearly => (Some(x - t), Some(x)),
            Qualifier::JustOver => (Some(x), Some(x + t)),
            Qualifier::MoreThan | Qualifier::AtLeast => (Some(x), None),
            Qualifier::AtMost | Qualifier::LessThan => (None, Some(x)),
            _ => (Some(rl), Some(rh)),
        };
    }
    let conv = |v: f64| match def {
        Some(d) if kind != QuantityKind::Age => v * d.factor + d.offset,
        _ => v,
    };
    lo = lo.map(conv);
    hi = hi.map(conv);
    x = conv(x);
    if let (Some(l), Some(h)) = (lo, hi) {
        if l > h {
            (lo, hi) = (Some(h), Some(l));
        }
    }
    if !x.is_finite() || lo.is_some_and(|v| !v.is_finite()) || hi.is_some_and(|v| !v.is_finite()) {
        return None;
    }
    let (unit, dimension) = match kind {
        QuantityKind::Count => (String::new(), "count".to_string()),
        QuantityKind::Percent => ("percent".to_string(), "percent".to_string()),
        QuantityKind::Money | QuantityKind::Measure | QuantityKind::Duration => match def {
            Some(d) => (d.base.clone(), d.dimension.clone()),
            None => (String::new(), "count".to_string()),
        },
        QuantityKind::Age => (
            def.map_or("year", |d| d.id.as_str()).to_string(),
            "age".to_string(),
        ),
        k => (String::new(), k.as_str().to_string()),
    };
    let mut start = toks[qstart_tok].start.min(a.start);
    let mut value_start = a.start;
    // "aged 34" is one expression; the prefix belongs to the age.
    if kind == QuantityKind::Age
        && qstart_tok > floor
        && classify::is_age_prefix(toks[qstart_tok - 1].text(text))
    {
        start = toks[qstart_tok - 1].start;
        value_start = start;
    }
    let q = Quantity {
        span: Span::new(start, end),
        number_span: Span::new(a.num.start, b.as_ref().map_or(a.num.end, |b| b.num.end)),
        kind,
        qualifier,
        low: lo,
        high: hi,
        nominal: x,
        unit,
        dimension,
        vague: a.vague.is_some(),
        change,
        // "34 years old" is one value; a trailing "or more" is not.
        value_span: Span::new(
            value_start,
            if kind == QuantityKind::Age {
                end
            } else {
                value_end
            },
        ),
    };
    Some((q, end_tok.max(i + 1)))
}

/// Whether word token `i` can begin a quantity, checked before parsing.
fn could_start_word(cx: &Cx, i: usize) -> bool {
    cx.meaning(i).is_some_and(|m| {
        m.starts || (m.month.is_some() && classify::month_of(cx.toks[i].text(cx.text), m).is_some())
    })
}

fn next_is_count_noun(cx: &Cx, k: usize) -> bool {
    cx.toks
        .get(k)
        .filter(|t| t.kind == TokKind::Word)
        .is_some_and(|t| classify::is_count_noun(t.text(cx.text)))
}

/// Decides what an otherwise plain number is, from its unit and neighbours.
#[allow(clippy::too_many_arguments)]
fn classify_core(
    cx: &Cx,
    a: &Core,
    def: Option<&UnitDef>,
    qualified: bool,
    qstart: usize,
    floor: usize,
    end: &mut usize,
    end_tok: &mut usize,
) -> QuantityKind {
    use QuantityKind::*;
    let text = cx.text;
    let toks = &cx.toks;
    let tok_text = |k: usize| toks.get(k).map_or("", |t| t.text(text));
    let glued = |k: usize| k > 0 && k < toks.len() && toks[k].start == toks[k - 1].end;
    let is_word = |k: usize| toks.get(k).is_some_and(|t| t.kind == TokKind::Word);
    let f = a.first;
    if a.fraction {
        return Percent;
    }
    // Identifiers: "G20", "COVID-19", "F-16", "No. 10", "Route 66", "#3".
    if !qualified && a.num.digits && a.unit.is_none_or(|u| cx.units.get(u).dimension != "money") {
        if f > floor && glued(f) && is_word(f - 1) {
            return Identifier;
        }
        if f >= floor + 2 && glued(f) && tok_text(f - 1) == "-" && glued(f - 1) && is_word(f - 2) {
            let w = tok_text(f - 2);
            if !matches!(
                words::Lower::new(w).as_bytes(),
                b"mid" | b"late" | b"early" | b"pre" | b"post" | b"end" | b"start"
            ) && cx.meaning(f - 2).and_then(|m| m.small).is_none()
            {
                return Identifier;
            }
        }
        if f > floor && (tok_text(f - 1) == "#" || tok_text(f - 1) == "№") {
            return Identifier;
        }
        if f > floor && classify::is_identifier_prefix(tok_text(f - 1)) {
            // "No 10" needs its capital; "no 10 people" is not an identifier.
            let w = tok_text(f - 1);
            if !w.eq_ignore_ascii_case("no") || w.starts_with('N') {
                return Identifier;
            }
        }
        if f >= floor + 2 && tok_text(f - 1) == "." && tok_text(f - 2) == "No" {
            return Identifier;
        }
        // Letters glued after the digits that are no unit: "737MAX", "4G", "1990s".
        if a.unit.is_none() && a.num.scale == 1.0 && glued(a.next) && is_word(a.next) {
            if tok_text(a.next) == "s" && a.num.value % 10.0 == 0.0 {
                return Year;
            }
            return Identifier;
        }
    }
    // Ages: "aged 34", "34-year-old", "34 years old", "3 years of age".
    let prev_age = qstart > floor && classify::is_age_prefix(tok_text(qstart - 1))
        // "the retirement age to 67", "the voting age of 16".
        || (qstart > floor + 1
            && classify::is_age_connector(tok_text(qstart - 1))
            && classify::is_age_prefix(tok_text(qstart - 2)))
        // "children under 5", "people over 65".
        || (qualified
            && qstart > floor
            && matches!(
                words::Lower::new(tok_text(qstart)).as_bytes(),
                b"under" | b"over" | b"above" | b"below"
            )
            && classify::is_person_noun(tok_text(qstart - 1))
            && a.num.scale == 1.0
            && a.num.value <= 120.0
            && !next_is_count_noun(cx, a.next));
    if let Some(d) = def {
        if d.dimension == "duration" {
            let mut k = a.next;
            if tok_text(k) == "-" {
                k += 1;
            }
            if tok_text(k).eq_ignore_ascii_case("old") {
                *end = toks[k].end;
                *end_tok = k + 1;
                return Age;
            }
            if tok_text(k).eq_ignore_ascii_case("of") && tok_text(k + 1).eq_ignore_ascii_case("age")
            {
                *end = toks[k + 1].end;
                *end_tok = k + 2;
                return Age;
            }
            return if prev_age { Age } else { Duration };
        }
    }
    if prev_age && a.unit.is_none() {
        return Age;
    }
    match def.map(|d| d.dimension.as_str()) {
        Some("money") => return Money,
        Some("percent") => return Percent,
        Some(_) => return Measure,
        None => {}
    }
    if a.num.year_like
        && a.sign.is_none()
        && (1800.0..=2100.0).contains(&a.num.value)
        && !qualified
        && (!next_is_count_noun(cx, a.next)
            || (f > floor
                && classify::is_year_determiner(tok_text(f - 1))
                && !toks
                    .get(a.next)
                    .is_some_and(|t| classify::is_listed_count_noun(t.text(text)))))
    {
        return Year;
    }
    Count
}
