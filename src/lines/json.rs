//! A small JSON writer for the claim lines. `extract` writes several bytes
//! of JSON for every byte it reads, and going through serde's derived
//! serializers escaped every key and every string byte by byte; here keys are
//! written as they are and strings are scanned eight bytes at a time.
//!
//! The output is byte for byte what `serde_json` writes for the same data
//! (the tests in `lines` compare the two), so readers see no difference.

use serde::Serialize;

use crate::digits;
use crate::span::Span;
use crate::swar;

/// Writes one JSON object's members into a buffer.
pub struct Object<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> Object<'a> {
    pub fn open(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        Object { out, empty: true }
    }

    pub fn close(self) {
        self.out.push(b'}');
    }

    /// Starts a member; `member` is `member!`'s `,"name":`, plain ASCII
    /// with nothing to escape.
    /// Inlined, like the members that call it, so each call site writes its
    /// constant name with a few stores instead of a call to `memcpy`.
    #[inline(always)]
    fn key(&mut self, member: &str) -> &mut Vec<u8> {
        debug_assert!(member.starts_with(','), "keys come from member!");
        let written = if self.empty { &member[1..] } else { member };
        self.empty = false;
        self.out.extend_from_slice(written.as_bytes());
        self.out
    }

    #[inline(always)]
    pub fn str(&mut self, name: &str, value: &str) {
        let out = self.key(name);
        string(out, value);
    }

    /// A name from crosscheck's own vocabulary (a kind, a qualifier, a
    /// role: snake_case words), which never needs escaping, so it is copied
    /// without the check every other string gets.
    #[inline(always)]
    pub fn name(&mut self, name: &str, value: &'static str) {
        debug_assert!(!any_needs_escape(value.as_bytes()), "{value:?}");
        let out = self.key(name);
        out.push(b'"');
        out.extend_from_slice(value.as_bytes());
        out.push(b'"');
    }

    #[inline(always)]
    pub fn opt_str(&mut self, name: &str, value: Option<&str>) {
        let out = self.key(name);
        match value {
            Some(value) => string(out, value),
            None => out.extend_from_slice(b"null"),
        }
    }

    #[inline(always)]
    pub fn null(&mut self, name: &str) {
        self.key(name).extend_from_slice(b"null");
    }

    #[inline(always)]
    pub fn bool(&mut self, name: &str, value: bool) {
        let text: &[u8] = if value { b"true" } else { b"false" };
        self.key(name).extend_from_slice(text);
    }

    #[inline(always)]
    pub fn span(&mut self, name: &str, span: Span) {
        let out = self.key(name);
        out.push(b'[');
        digits::push_decimal(out, span.start);
        out.push(b',');
        digits::push_decimal(out, span.end);
        out.push(b']');
    }

    #[inline(always)]
    pub fn i64(&mut self, name: &str, value: i64) {
        let out = self.key(name);
        if value < 0 {
            out.push(b'-');
        }
        digits::push_decimal(out, value.unsigned_abs() as usize);
    }

    /// A civil date-time as jiff's serde writes it ("2024-02-07T15:30:00").
    /// The years news speaks of are written field by field; anything jiff
    /// writes differently (sub-second parts, years past 9999) goes through serde.
    pub fn datetime(&mut self, name: &str, value: jiff::civil::DateTime) {
        match digits::civil(value) {
            Some(written) if value.subsec_nanosecond() == 0 => {
                let out = self.key(name);
                out.push(b'"');
                out.extend_from_slice(&written);
                out.push(b'"');
            }
            _ => self.serialized(name, &value),
        }
    }

    #[inline(always)]
    pub fn opt_f64(&mut self, name: &str, value: Option<f64>) {
        let out = self.key(name);
        match value {
            Some(value) => float(out, value),
            None => out.extend_from_slice(b"null"),
        }
    }

    #[inline(always)]
    pub fn f64(&mut self, name: &str, value: f64) {
        let out = self.key(name);
        float(out, value);
    }

    /// Anything else (enums, jiff date-times) through serde, as serde_json writes it.
    pub fn serialized<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let out = self.key(name);
        serde_json::to_writer(out, value).expect("plain data serializes");
    }

    pub fn strings(&mut self, name: &str, values: &[String]) {
        let out = self.key(name);
        out.push(b'[');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            string(out, value);
        }
        out.push(b']');
    }

    /// A nested object.
    #[inline(always)]
    pub fn object(&mut self, name: &str) -> Object<'_> {
        Object::open(self.key(name))
    }

    /// An array of objects, each item's members written by `members`.
    pub fn objects<T>(
        &mut self,
        name: &str,
        items: &[T],
        mut members: impl FnMut(&mut Object<'_>, &T),
    ) {
        let out = self.key(name);
        out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let mut object = Object::open(&mut *out);
            members(&mut object, item);
            object.close();
        }
        out.push(b']');
    }
}

/// Floats in serde_json's shortest round-trip form ("369.0", "1.5e+16"),
/// from the same formatter it uses; not-a-number and infinities are `null`.
/// Most figures are whole numbers ("369.0", "80000000.0"), which that
/// formatter writes as the integer and ".0" up to 1e16; below 1e15, well
/// inside that, they are written as integers here, at a fifth of the cost.
fn float(out: &mut Vec<u8>, value: f64) {
    const WHOLE_LIMIT: f64 = 1e15;
    // Below the limit a float converts to an integer exactly when it is
    // whole; the conversion is one instruction where `fract` is a call.
    // Not-a-number fails the comparison and goes on to `null`.
    if value.abs() < WHOLE_LIMIT
        && (value as i64) as f64 == value
        && !(value == 0.0 && value.is_sign_negative())
    {
        if value < 0.0 {
            out.push(b'-');
        }
        digits::push_decimal(out, value.abs() as usize);
        out.extend_from_slice(b".0");
    } else if value.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(value).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A JSON string: only `"`, `\` and control bytes are escaped, as serde_json does.
/// Almost every string of a claim needs no escape at all, and most are
/// short, so the whole string is checked first without a branch per chunk
/// and then copied at once.
fn string(out: &mut Vec<u8>, value: &str) {
    let bytes = value.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if any_needs_escape(bytes) {
        escaped(out, bytes);
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
}

fn any_needs_escape(bytes: &[u8]) -> bool {
    let lanes =
        |chunk: &[u8]| escape_lanes(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
    if bytes.len() < 8 {
        // One zero-padded word; the padding is masked off, as zeros are
        // control bytes.
        return escape_lanes(swar::load(bytes, 0)) & swar::first_bytes(bytes.len()) != 0;
    }
    let mut chunks = bytes.chunks_exact(8);
    let mut found = 0;
    for chunk in &mut chunks {
        found |= lanes(chunk);
    }
    // The last eight bytes cover the tail; bytes checked twice do no harm.
    if !chunks.remainder().is_empty() {
        found |= lanes(&bytes[bytes.len() - 8..]);
    }
    found != 0
}

fn escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut clean_from = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        let escape: Option<&[u8]> = match byte {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            0x08 => Some(b"\\b"),
            0x0c => Some(b"\\f"),
            0x00..=0x1f => None,
            _ => continue,
        };
        out.extend_from_slice(&bytes[clean_from..at]);
        match escape {
            Some(sequence) => out.extend_from_slice(sequence),
            None => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ]),
        }
        clean_from = at + 1;
    }
    out.extend_from_slice(&bytes[clean_from..]);
}

/// The lanes of eight bytes that hold `"`, `\` or a byte below 0x20.
fn escape_lanes(chunk: u64) -> u64 {
    swar::equal(chunk, b'"') | swar::equal(chunk, b'\\') | swar::below(chunk, 0x20)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(value: &str) -> String {
        let mut out = Vec::new();
        string(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_escaped_exactly_as_serde_json_escapes_them() {
        let cases = [
            "",
            "plain ASCII text longer than eight bytes",
            "a \"quoted\" word and a back\\slash",
            "tab\tnew\nline\rreturn \u{8}\u{c} bell\u{7} nul\0 esc\u{1b} unit\u{1f}",
            "curly \u{2019}quotes\u{201d}, accents é, CJK 地震, emoji 🌋, DEL \u{7f}",
            "12345678\"",
            "\"1234567",
            " !#$%&'()*+,-./0123456789:;<=>?@[]^_`{|}~",
        ];
        for case in cases {
            assert_eq!(
                written(case),
                serde_json::to_string(case).unwrap(),
                "{case:?}"
            );
        }
        // Every single byte value in every position of strings that end in
        // a whole chunk, a partial one or no chunk at all.
        for length in 1..=17 {
            for byte in 0u8..=0x7f {
                for position in 0..length {
                    let mut text = vec![b'x'; length];
                    text[position] = byte;
                    let text = String::from_utf8(text).unwrap();
                    assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
                }
            }
        }
    }

    #[test]
    fn datetimes_read_as_jiff_serializes_them() {
        use jiff::civil::date;
        let cases = [
            date(2024, 2, 7).at(0, 0, 0, 0),
            date(2023, 10, 7).at(6, 30, 0, 0),
            date(1999, 12, 31).at(23, 59, 59, 0),
            date(5, 1, 1).at(1, 2, 3, 0),
            date(2024, 2, 7).at(15, 30, 0, 500_000_000),
            date(-44, 3, 15).at(12, 0, 0, 0),
            jiff::civil::DateTime::MAX,
        ];
        for value in cases {
            let mut object = Vec::new();
            let mut writer = Object::open(&mut object);
            writer.datetime(member!("at"), value);
            writer.close();
            let expected = serde_json::json!({ "at": value }).to_string();
            assert_eq!(String::from_utf8(object).unwrap(), expected, "{value}");
        }
        let mut object = Vec::new();
        let mut writer = Object::open(&mut object);
        writer.i64(member!("a"), -90);
        writer.i64(member!("b"), 1439);
        writer.close();
        assert_eq!(String::from_utf8(object).unwrap(), r#"{"a":-90,"b":1439}"#);
    }

    #[test]
    fn whole_floats_are_written_as_serde_json_writes_them() {
        let mut values: Vec<f64> = (0..20_000).map(f64::from).collect();
        let mut power = 1.0;
        for _ in 0..20 {
            values.extend([power, power - 1.0, power + 1.0, 2.5 * power, 999.0 * power]);
            power *= 10.0;
        }
        values.extend((0..54).map(|k| 2f64.powi(k)));
        values.extend([
            1e15 - 1.0,
            1e15,
            1e15 + 1.0,
            9_007_199_254_740_993.0,
            -0.0,
            0.5,
            -3.25,
        ]);
        // A spread of large whole values: a fixed multiplicative sequence.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            values.push((seed >> 14) as f64);
        }
        for value in values.clone() {
            values.push(-value);
        }
        for value in values {
            let mut out = Vec::new();
            float(&mut out, value);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&value).unwrap(),
                "{value:e}"
            );
        }
    }

    #[test]
    fn integers_and_floats_read_as_serde_json_writes_them() {
        let mut object = Vec::new();
        let mut writer = Object::open(&mut object);
        writer.f64(member!("a"), 369.0);
        writer.opt_f64(member!("b"), None);
        writer.opt_f64(member!("c"), Some(1.5e16));
        writer.f64(member!("d"), f64::NAN);
        writer.f64(member!("e"), 0.1 + 0.2);
        writer.f64(member!("f"), -7.25e-9);
        writer.close();
        let expected = serde_json::json!({"a": 369.0, "b": null, "c": 1.5e16, "d": f64::NAN, "e": 0.1 + 0.2, "f": -7.25e-9});
        assert_eq!(String::from_utf8(object).unwrap(), expected.to_string());
    }
}
