//! Tokenizer for the normalizer: numbers, words and single symbols with byte
//! spans. Numbers are grouped here (thousands separators, decimals) because
//! the grouping decision needs to see the raw characters, which later stages
//! no longer look at.

use crate::swar;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Digits, possibly with thousands separators and one decimal point.
    Num,
    /// A run of letters.
    Word,
    /// Any other single non-space character.
    Sym,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
}

impl Tok {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }
}

/// Literals longer than this are not treated as quantities: they are IDs,
/// hashes or garbage, and parsing them would only produce infinities.
const MAX_DIGITS: usize = 24;

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

/// Counts the ASCII digits starting at `i`.
fn digit_run(b: &[u8], i: usize) -> usize {
    b[i.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count()
}

/// Splits `text` into tokens, replacing the contents of `toks`, whose
/// buffer the caller may reuse. Linear in the input length.
pub fn tokenize_into(text: &str, toks: &mut Vec<Tok>) {
    let b = text.as_bytes();
    toks.clear();
    toks.reserve(text.len() / 4);
    let mut i = 0;
    while i < b.len() {
        // ASCII is told by its byte, without decoding: news text is nearly
        // all ASCII.
        let (kind, end) = match b[i] {
            // `char::is_whitespace` on ASCII.
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                i += 1;
                continue;
            }
            b'a'..=b'z' | b'A'..=b'Z' => (TokKind::Word, word_end(text, i)),
            b'0'..=b'9' => {
                let end = dotted_quad(b, i).unwrap_or_else(|| scan_number(text, i));
                (TokKind::Num, end)
            }
            // ".08": a leading decimal point after a space or at the start.
            b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && (i == 0 || b[i - 1].is_ascii_whitespace() || b[i - 1] == b'(') =>
            {
                (TokKind::Num, i + 1 + digit_run(b, i + 1))
            }
            0..=0x7f => (TokKind::Sym, i + 1),
            _ => {
                let Some(ch) = text[i..].chars().next() else {
                    break;
                };
                if ch.is_whitespace() {
                    i += ch.len_utf8();
                    continue;
                }
                if ch.is_alphabetic() {
                    (TokKind::Word, word_end(text, i))
                } else {
                    (TokKind::Sym, i + ch.len_utf8())
                }
            }
        };
        toks.push(Tok {
            start: i,
            end,
            kind,
        });
        i = end;
    }
}

/// End of the run of alphabetic characters starting at `start`. ASCII
/// letters are counted eight at a time; a byte loop mispredicts at the end
/// of nearly every word.
fn word_end(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut end = start;
    loop {
        let letters = swar::leading_letters(swar::load(b, end));
        end += letters;
        if letters == 8 {
            continue;
        }
        // A letter outside ASCII ("café") continues the word.
        match b.get(end) {
            Some(c) if !c.is_ascii() => match text[end..].chars().next() {
                Some(ch) if ch.is_alphabetic() => end += ch.len_utf8(),
                _ => return end,
            },
            _ => return end,
        }
    }
}

/// "192.168.1.2": four dotted groups of one to three digits are an
/// address, kept as one token that parses to no number.
fn dotted_quad(b: &[u8], start: usize) -> Option<usize> {
    let mut p = start;
    for k in 0..4 {
        let n = digit_run(b, p);
        if !(1..=3).contains(&n) {
            return None;
        }
        p += n;
        if k < 3 {
            if b.get(p) != Some(&b'.') {
                return None;
            }
            p += 1;
        }
    }
    let more =
        matches!(b.get(p), Some(b'.' | b',')) && b.get(p + 1).is_some_and(u8::is_ascii_digit);
    (!more && !b.get(p).is_some_and(u8::is_ascii_digit)).then_some(p)
}

fn is_group_space_opt(sep: Option<char>) -> bool {
    sep.is_some_and(is_group_space)
}

/// Whether a decimal comma starts at `at` in the literal that starts at
/// `start`: a comma, then one or two digits that end the literal. Lists
/// ("1,2,3") and grouped numbers on either side rule it out.
fn decimal_comma_at(b: &[u8], start: usize, at: usize) -> bool {
    if b.get(at) != Some(&b',') {
        return false;
    }
    let n = digit_run(b, at + 1);
    if !(1..=2).contains(&n) {
        return false;
    }
    let after = at + 1 + n;
    let continues = |i: usize| {
        matches!(b.get(i), Some(b',' | b'.')) && b.get(i + 1).is_some_and(u8::is_ascii_digit)
    };
    // "1,2,3": a list of small numbers, not a decimal.
    let listed = start >= 2 && b[start - 1] == b',' && b[start - 2].is_ascii_digit();
    !continues(after) && !listed
}

/// Returns the end of the numeric literal starting at `start`.
fn scan_number(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let first = digit_run(b, start);
    let mut end = start + first;
    // Group separators only make sense after a short leading group:
    // "2023 500" is a year and a count, "1 000" is one thousand.
    let mut sep: Option<char> = None;
    // Indian grouping, "12,34,567.89": two-digit groups before a final
    // three-digit group. Unambiguous because Western grouping never has
    // a two-digit group after the first.
    if first <= 2 {
        let mut p = end;
        let mut pairs = 0;
        while b.get(p) == Some(&b',') && digit_run(b, p + 1) == 2 {
            pairs += 1;
            p += 3;
        }
        if pairs > 0 && b.get(p) == Some(&b',') && digit_run(b, p + 1) == 3 {
            end = p + 4;
            sep = Some(',');
        }
    }
    if first <= 3 && sep.is_none() {
        while let Some(c) = text[end..].chars().next() {
            let is_sep = c == ',' || is_group_space(c) || c == '.';
            if !is_sep || sep.is_some_and(|s| s != c && !(is_group_space(s) && is_group_space(c))) {
                break;
            }
            let after = end + c.len_utf8();
            let n = digit_run(b, after);
            if n != 3 {
                break;
            }
            // "43.000" is a thousands group, "1.500" is too ambiguous to be
            // anything but a decimal, so a single dot group only counts when
            // it is "000" or when more groups follow ("1.234.567").
            if c == '.' {
                let more = (text[after + 3..].starts_with('.') && digit_run(b, after + 4) == 3)
                    || decimal_comma_at(b, start, after + 3);
                if sep.is_none() && !more && &b[after..after + 3] != b"000" {
                    break;
                }
            }
            sep = Some(c);
            end = after + 3;
        }
    }
    // European decimal comma ("1,3", "5,00", "1.111,11"): one or two digits
    // after a comma. Three digits are a thousands group ("1,300").
    if first <= 3 && sep != Some(',') && !is_group_space_opt(sep) && decimal_comma_at(b, start, end)
    {
        return end + 1 + digit_run(b, end + 1);
    }
    // Decimal part, unless dots were already used as group separators.
    if sep != Some('.') && b.get(end) == Some(&b'.') {
        let n = digit_run(b, end + 1);
        if n > 0 {
            end += 1 + n;
        }
    }
    end
}

/// A parsed numeric literal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Literal {
    pub value: f64,
    /// Digits after the decimal point (0 for integers).
    pub decimals: u32,
    /// Trailing zeros of an integer, the precision a writer implies by "40".
    pub trailing_zeros: u32,
    /// Thousands separators were used ("1,200"), which rules out a year.
    pub grouped: bool,
    /// Count of integer digits.
    pub int_digits: usize,
}

/// Parses a literal produced by [`scan_number`]. `None` for absurd lengths.
pub fn parse_literal(lit: &str) -> Option<Literal> {
    whole_number(lit).or_else(|| parse_separated(lit))
}

/// [`parse_literal`] for any literal, with separators and decimals.
fn parse_separated(lit: &str) -> Option<Literal> {
    let b = lit.as_bytes();
    let dot_groups = b.iter().filter(|&&c| c == b'.').count();
    // "1,3" and "1.111,11": the scanner only keeps a comma followed by one
    // or two final digits when it is a decimal comma.
    let comma_decimal = lit
        .rsplit_once(',')
        .is_some_and(|(_, t)| (1..=2).contains(&t.len()) && t.bytes().all(|c| c.is_ascii_digit()));
    let dots_are_groups = comma_decimal
        || dot_groups > 1
        || (dot_groups == 1
            && {
                let tail = lit.rsplit('.').next().unwrap_or("");
                tail == "000" && lit.split('.').next().is_some_and(|h| h.len() <= 3)
            }
            && !lit.contains(','));
    // Several dots are thousands groups of three digits or nothing we read
    // ("192.168.1.2").
    if dot_groups > 1 && !comma_decimal && lit.split('.').skip(1).any(|g| g.len() != 3) {
        return None;
    }
    let mut digits = Digits::default();
    let mut grouped = false;
    for &c in b {
        match c {
            b'0'..=b'9' => digits.push(c),
            b'.' if !dots_are_groups => digits.in_frac = true,
            b',' if comma_decimal => digits.in_frac = true,
            // Separators, including each byte of a non-ASCII space.
            _ => grouped = true,
        }
    }
    digits.literal(grouped)
}

/// A whole number of digits, grouped or not by commas before every three
/// ("369", "43,000"), short enough for its value to be exact in an f64: the
/// common case, read without the general separator rules and without a
/// decimal-to-float conversion, to the same result.
fn whole_number(lit: &str) -> Option<Literal> {
    let mut value = 0u64;
    let mut digits = 0;
    // Digits since the last comma, once there is one.
    let mut group: Option<usize> = None;
    for &c in lit.as_bytes() {
        match c {
            b'0'..=b'9' if digits < 15 => {
                value = value * 10 + u64::from(c - b'0');
                digits += 1;
                group = group.map(|g| g + 1);
            }
            b',' if digits > 0 && group.is_none_or(|g| g == 3) => group = Some(0),
            _ => return None,
        }
    }
    // "1,5" or "1,5000" is for the general rules.
    if digits == 0 || group.is_some_and(|g| g != 3) {
        return None;
    }
    let mut trailing_zeros = 0;
    let mut rest = value;
    while rest != 0 && rest.is_multiple_of(10) {
        rest /= 10;
        trailing_zeros += 1;
    }
    Some(Literal {
        value: value as f64,
        decimals: 0,
        trailing_zeros,
        grouped: group.is_some(),
        int_digits: digits,
    })
}

/// The digits of a literal, integer part then fraction, kept on the stack:
/// literals are parsed many times per sentence.
#[derive(Default)]
struct Digits {
    buf: [u8; MAX_DIGITS],
    int: usize,
    frac: usize,
    in_frac: bool,
}

impl Digits {
    fn push(&mut self, c: u8) {
        let at = self.int + self.frac;
        if let Some(slot) = self.buf.get_mut(at) {
            *slot = c;
        }
        if self.in_frac {
            self.frac += 1;
        } else {
            self.int += 1;
        }
    }

    fn literal(&self, grouped: bool) -> Option<Literal> {
        // ".08" reads as "0.08".
        let int_digits = if self.int == 0 && self.frac > 0 {
            1
        } else {
            self.int
        };
        if int_digits == 0 || int_digits + self.frac > MAX_DIGITS {
            return None;
        }
        let int = &self.buf[..self.int];
        let frac = &self.buf[self.int..self.int + self.frac];
        let mut text = [0u8; MAX_DIGITS + 2];
        let mut n = 0;
        for &c in (if int.is_empty() { &b"0"[..] } else { int })
            .iter()
            .chain(if frac.is_empty() { &b""[..] } else { b"." })
            .chain(frac)
        {
            text[n] = c;
            n += 1;
        }
        let value: f64 = std::str::from_utf8(&text[..n]).ok()?.parse().ok()?;
        if !value.is_finite() {
            return None;
        }
        let trailing_zeros = if frac.is_empty() && value != 0.0 {
            int.iter().rev().take_while(|&&c| c == b'0').count() as u32
        } else {
            0
        };
        Some(Literal {
            value,
            decimals: self.frac as u32,
            trailing_zeros,
            grouped,
            int_digits,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokenize(text: &str) -> Vec<Tok> {
        let mut toks = Vec::new();
        tokenize_into(text, &mut toks);
        toks
    }

    fn nums(s: &str) -> Vec<&str> {
        tokenize(s)
            .iter()
            .filter(|t| t.kind == TokKind::Num)
            .map(|t| t.text(s))
            .collect()
    }

    #[test]
    fn groups_thousands_only_in_three_digit_groups() {
        assert_eq!(
            nums("43,000 and 43 000 and 43\u{a0}000"),
            ["43,000", "43 000", "43\u{a0}000"]
        );
        assert_eq!(nums("423 0000"), ["423", "0000"]);
        assert_eq!(nums("in 2023 500 people"), ["2023", "500"]);
        assert_eq!(nums("1,234,567.5"), ["1,234,567.5"]);
        assert_eq!(nums("ages 5, 10 and 15"), ["5", "10", "15"]);
    }

    #[test]
    fn dot_groups_are_conservative() {
        assert_eq!(parse_literal("43.000").unwrap().value, 43000.0);
        assert_eq!(parse_literal("1.234.567").unwrap().value, 1234567.0);
        assert_eq!(parse_literal("1.500").unwrap().value, 1.5);
        assert_eq!(parse_literal("6.8").unwrap().value, 6.8);
    }

    #[test]
    fn decimal_commas_only_where_unambiguous() {
        assert_eq!(nums("5.00 or 5,00."), ["5.00", "5,00"]);
        assert_eq!(nums("1.111,11, 1,111.11"), ["1.111,11", "1,111.11"]);
        assert_eq!(nums("The number is 1,3."), ["1,3"]);
        assert_eq!(nums("1,2,3 and 4,5,6"), ["1", "2", "3", "4", "5", "6"]);
        assert_eq!(parse_literal("1,3").unwrap().value, 1.3);
        assert_eq!(parse_literal("5,00").unwrap().value, 5.0);
        assert_eq!(parse_literal("1.111,11").unwrap().value, 1111.11);
        // A comma before three digits stays a thousands separator.
        assert_eq!(parse_literal("1,300").unwrap().value, 1300.0);
        assert_eq!(nums("1,300 people, 3,000 residents"), ["1,300", "3,000"]);
        assert_eq!(parse_literal("12,400").unwrap().value, 12400.0);
    }

    #[test]
    fn dotted_addresses_are_no_number() {
        assert_eq!(nums("at 192.168.1.2 today"), ["192.168.1.2"]);
        assert!(parse_literal("192.168.1.2").is_none());
        assert_eq!(nums("1.234.567"), ["1.234.567"]);
        assert_eq!(parse_literal("1.234.567").unwrap().value, 1234567.0);
    }

    #[test]
    fn whole_numbers_read_as_the_general_rules_do() {
        for lit in [
            "0",
            "7",
            "007",
            "369",
            "2024",
            "1000",
            "999999999999999",
            "43,000",
            "1,234,567",
            "0,000",
            "999,999,999,999,999",
        ] {
            let whole = whole_number(lit).unwrap();
            assert_eq!(Some(whole), parse_separated(lit), "{lit}");
            assert_eq!(
                whole.value.to_string(),
                lit.replace(',', "").parse::<u64>().unwrap().to_string()
            );
        }
        for lit in [
            "9999999999999999",
            "1,3",
            "1,2345",
            "12,34,567",
            "1.5",
            ",100",
            "1,000,",
        ] {
            assert!(whole_number(lit).is_none(), "{lit}");
        }
    }

    #[test]
    fn precision_is_recorded() {
        let l = parse_literal("52.40").unwrap();
        assert_eq!(l.decimals, 2);
        assert_eq!(parse_literal("12,400").unwrap().trailing_zeros, 2);
        assert!(parse_literal(&"9".repeat(10_000)).is_none());
    }
}
