//! A small JSON writer for the claim lines. `extract` writes several bytes
//! of JSON for every byte it reads, and going through serde's derived
//! serializers escaped every key and every string byte by byte; here keys are
//! written as they are and strings are scanned eight bytes at a time.
//!
//! The output is byte for byte what `serde_json` writes for the same data
//! (the tests in `lines` compare the two), so readers see no difference.

use serde::Serialize;

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

    /// Starts a member; `name` is plain ASCII with nothing to escape.
    fn key(&mut self, name: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    pub fn str(&mut self, name: &str, value: &str) {
        let out = self.key(name);
        string(out, value);
    }

    pub fn opt_str(&mut self, name: &str, value: Option<&str>) {
        let out = self.key(name);
        match value {
            Some(value) => string(out, value),
            None => out.extend_from_slice(b"null"),
        }
    }

    pub fn null(&mut self, name: &str) {
        self.key(name).extend_from_slice(b"null");
    }

    pub fn bool(&mut self, name: &str, value: bool) {
        let text: &[u8] = if value { b"true" } else { b"false" };
        self.key(name).extend_from_slice(text);
    }

    pub fn span(&mut self, name: &str, span: Span) {
        let out = self.key(name);
        out.push(b'[');
        integer(out, span.start);
        out.push(b',');
        integer(out, span.end);
        out.push(b']');
    }

    pub fn opt_f64(&mut self, name: &str, value: Option<f64>) {
        let out = self.key(name);
        match value {
            Some(value) => float(out, value),
            None => out.extend_from_slice(b"null"),
        }
    }

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
    pub fn object(&mut self, name: &str) -> Object<'_> {
        Object::open(self.key(name))
    }
}

fn integer(out: &mut Vec<u8>, value: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = value;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Floats in serde_json's shortest round-trip form ("369.0", "1.5e+16"),
/// from the same formatter it uses; not-a-number and infinities are `null`.
fn float(out: &mut Vec<u8>, value: f64) {
    if value.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(value).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A JSON string: only `"`, `\` and control bytes are escaped, as serde_json does.
fn string(out: &mut Vec<u8>, value: &str) {
    out.push(b'"');
    let bytes = value.as_bytes();
    let mut clean_from = 0;
    let mut at = 0;
    while at < bytes.len() {
        if at + 8 <= bytes.len() {
            let chunk = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
            if !needs_escape(chunk) {
                at += 8;
                continue;
            }
        }
        let byte = bytes[at];
        let escape: Option<&[u8]> = match byte {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            0x08 => Some(b"\\b"),
            0x0c => Some(b"\\f"),
            0x00..=0x1f => None,
            _ => {
                at += 1;
                continue;
            }
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
        at += 1;
        clean_from = at;
    }
    out.extend_from_slice(&bytes[clean_from..]);
    out.push(b'"');
}

/// Whether any of eight bytes is `"`, `\` or below 0x20.
fn needs_escape(chunk: u64) -> bool {
    (swar::equal(chunk, b'"') | swar::equal(chunk, b'\\') | swar::below(chunk, 0x20)) != 0
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
        // Every single byte value in every position of an eight-byte chunk.
        for byte in 0u8..=0x7f {
            for position in 0..9 {
                let mut text = vec![b'x'; 9];
                text[position] = byte;
                let text = String::from_utf8(text).unwrap();
                assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
            }
        }
    }

    #[test]
    fn integers_and_floats_read_as_serde_json_writes_them() {
        for n in [0usize, 7, 10, 99, 100, 123_456_789, usize::MAX] {
            let mut out = Vec::new();
            integer(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
        let mut object = Vec::new();
        let mut writer = Object::open(&mut object);
        writer.f64("a", 369.0);
        writer.opt_f64("b", None);
        writer.opt_f64("c", Some(1.5e16));
        writer.f64("d", f64::NAN);
        writer.f64("e", 0.1 + 0.2);
        writer.f64("f", -7.25e-9);
        writer.close();
        let expected = serde_json::json!({"a": 369.0, "b": null, "c": 1.5e16, "d": f64::NAN, "e": 0.1 + 0.2, "f": -7.25e-9});
        assert_eq!(String::from_utf8(object).unwrap(), expected.to_string());
    }
}
