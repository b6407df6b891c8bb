//! Decimal digits written by hand, for the numbers every output line and
//! every record carries (spans, line numbers, date-times), where going
//! through `format!` or a general formatter cost more than the rest of the
//! writing.

use jiff::civil::DateTime;

/// Appends `value` in decimal. Spans are mostly offsets inside an article,
/// under ten thousand, so those are written as one fixed-size slice each: no
/// digit buffer, no copy loop.
pub fn push_decimal(out: &mut Vec<u8>, value: usize) {
    let digit = |n: usize| b'0' + (n % 10) as u8;
    match value {
        0..=9 => out.push(digit(value)),
        10..=99 => out.extend_from_slice(&[digit(value / 10), digit(value)]),
        100..=999 => out.extend_from_slice(&[digit(value / 100), digit(value / 10), digit(value)]),
        1000..=9999 => out.extend_from_slice(&[
            digit(value / 1000),
            digit(value / 100),
            digit(value / 10),
            digit(value),
        ]),
        _ => {
            let mut digits = [0u8; 20];
            let mut at = digits.len();
            let mut rest = value;
            while rest > 0 {
                at -= 1;
                digits[at] = digit(rest);
                rest /= 10;
            }
            out.extend_from_slice(&digits[at..]);
        }
    }
}

/// `value` as `YYYY-MM-DDTHH:MM:SS`, or `None` when its year is not written
/// with four digits (before 0 or after 9999). Callers take the prefix they
/// need: a day, a minute or the whole.
pub fn civil(value: DateTime) -> Option<[u8; 19]> {
    if !(0..=9999).contains(&value.year()) {
        return None;
    }
    // Every field is in range: the year checked above, the rest by jiff.
    let two = |n: i16| [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
    let year = value.year();
    let [y1, y2] = two(year / 100);
    let [y3, y4] = two(year % 100);
    let [m1, m2] = two(value.month().into());
    let [d1, d2] = two(value.day().into());
    let [h1, h2] = two(value.hour().into());
    let [n1, n2] = two(value.minute().into());
    let [s1, s2] = two(value.second().into());
    Some([
        y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2, b'T', h1, h2, b':', n1, n2, b':', s1, s2,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_read_as_serde_json_writes_them() {
        for n in [
            0,
            7,
            10,
            99,
            100,
            999,
            1000,
            9999,
            10_000,
            123_456_789,
            usize::MAX,
        ] {
            let mut out = Vec::new();
            push_decimal(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
    }

    #[test]
    fn civil_date_times_read_as_jiff_writes_them() {
        for year in [-9999, -1, 0, 7, 2024, 9999] {
            let value = jiff::civil::date(year, 2, 7).at(15, 30, 9, 0);
            let expected = (0..=9999)
                .contains(&year)
                .then(|| value.strftime("%Y-%m-%dT%H:%M:%S").to_string());
            let written = civil(value).map(|d| String::from_utf8(d.to_vec()).unwrap());
            assert_eq!(written, expected, "{year}");
        }
    }
}
