//! Eight bytes at a time as one little-endian word ("SWAR"): byte classes
//! and case folding without a branch per byte, for the scans that run over
//! every byte or every candidate surface.

const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const EACH: u64 = 0x0101_0101_0101_0101;

/// High bit of each byte of `x7` (high bits clear) set where it is >= n.
/// A byte plus `0x80 - n` stays below 0x100, so nothing carries over.
fn at_least(x7: u64, n: u8) -> u64 {
    (x7 + EACH * u64::from(0x80 - n)) & HIGH
}

/// The high bit of each byte of `x` set where that byte is an ASCII letter.
pub fn letters(x: u64) -> u64 {
    let folded = (x | (EACH * 0x20)) & LOW7;
    at_least(folded, b'a') & !at_least(folded, b'z' + 1) & !x & HIGH
}

/// The high bit of each byte of `x` set where that byte is an ASCII digit.
pub fn digits(x: u64) -> u64 {
    let low = x & LOW7;
    at_least(low, b'0') & !at_least(low, b'9' + 1) & !x & HIGH
}

/// The high bit of each byte of `x` set where that byte is below `n` (n <= 0x80).
pub fn below(x: u64, n: u8) -> u64 {
    !at_least(x & LOW7, n) & !x & HIGH
}

/// The high bit of each byte of `x` set where that byte equals `byte`.
pub fn equal(x: u64, byte: u8) -> u64 {
    below(x ^ (EACH * u64::from(byte)), 1)
}

/// `x` with each byte as `u8::to_ascii_lowercase` makes it.
pub fn to_ascii_lowercase(x: u64) -> u64 {
    let low = x & LOW7;
    let upper = at_least(low, b'A') & !at_least(low, b'Z' + 1) & !x & HIGH;
    // 0x80 >> 2 is 0x20, the case bit.
    x | upper >> 2
}

/// The bits of the first `n` bytes of a loaded word.
pub fn first_bytes(n: usize) -> u64 {
    match n {
        0 => 0,
        1..=7 => (1 << (8 * n)) - 1,
        _ => u64::MAX,
    }
}

/// How many of the bytes of `x`, from the first, are ASCII letters (0-8).
pub fn leading_letters(x: u64) -> usize {
    (!letters(x) & HIGH).trailing_zeros() as usize / 8
}

/// How many of the bytes of `x`, from the first, are ASCII letters or
/// digits (0-8).
pub fn leading_alphanumerics(x: u64) -> usize {
    (!(letters(x) | digits(x)) & HIGH).trailing_zeros() as usize / 8
}

/// Whether some byte of `x` is outside ASCII.
pub fn any_non_ascii(x: u64) -> bool {
    x & HIGH != 0
}

/// The eight bytes of `b` from `at`, zero-padded past its end.
pub fn load(b: &[u8], at: usize) -> u64 {
    let rest = b.get(at..).unwrap_or_default();
    match rest.first_chunk::<8>() {
        Some(full) => u64::from_le_bytes(*full),
        None => load_short(rest),
    }
}

/// Fewer than eight bytes, zero-padded, from overlapping reads instead of a
/// byte loop or a `memcpy` call: most words are this short.
fn load_short(r: &[u8]) -> u64 {
    let n = r.len();
    let read4 = |at: usize| {
        r[at..]
            .first_chunk::<4>()
            .map_or(0, |w| u32::from_le_bytes(*w))
    };
    if n >= 4 {
        u64::from(read4(0)) | u64::from(read4(n - 4)) << (8 * (n - 4))
    } else if n > 0 {
        u64::from(r[0])
            | u64::from(r[n / 2]) << (8 * (n / 2))
            | u64::from(r[n - 1]) << (8 * (n - 1))
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value in every lane, against the byte-wise functions.
    #[test]
    fn agrees_with_the_byte_functions() {
        for lane in 0..8 {
            for c in 0..=255u8 {
                // Neighbours that would carry into the lane if a lane overflowed.
                let mut bytes = [0xffu8; 8];
                bytes[lane] = c;
                let x = u64::from_le_bytes(bytes);
                let at = |mask: u64| mask >> (8 * lane + 7) & 1 == 1;
                assert_eq!(at(letters(x)), c.is_ascii_alphabetic(), "{c:#x}");
                assert_eq!(at(digits(x)), c.is_ascii_digit(), "{c:#x}");
                assert_eq!(at(below(x, 0x20)), c < 0x20, "{c:#x}");
                assert_eq!(at(equal(x, b'"')), c == b'"', "{c:#x}");
                let lowered = to_ascii_lowercase(x).to_le_bytes();
                let expected = bytes.map(|b| b.to_ascii_lowercase());
                assert_eq!(lowered, expected, "{c:#x}");
            }
        }
    }

    #[test]
    fn counts_leading_letters() {
        let word = |s: &[u8; 8]| u64::from_le_bytes(*s);
        assert_eq!(leading_letters(word(b"abcdefgh")), 8);
        assert_eq!(leading_letters(word(b"People, ")), 6);
        assert_eq!(leading_letters(word(b"7 people")), 0);
        assert_eq!(leading_letters(load(b"ab", 0)), 2);
        assert_eq!(leading_alphanumerics(word(b"Sunday's")), 6);
        assert_eq!(leading_alphanumerics(word(b"48hours!")), 7);
        assert_eq!(leading_alphanumerics(word(b"_a123456")), 0);
        assert_eq!(leading_alphanumerics(load("ab\u{e9}".as_bytes(), 0)), 2);
    }

    #[test]
    fn loads_every_short_length() {
        let text = b"abcdefghijk";
        for n in 0..=text.len() {
            let mut padded = [0u8; 8];
            let k = n.min(8);
            padded[..k].copy_from_slice(&text[..k]);
            assert_eq!(load(&text[..n], 0), u64::from_le_bytes(padded), "{n}");
        }
    }

    #[test]
    fn loads_pad_with_zeros() {
        assert_eq!(load(b"abc", 0), u64::from_le_bytes(*b"abc\0\0\0\0\0"));
        assert_eq!(
            load(b"abcdefghij", 8),
            u64::from_le_bytes(*b"ij\0\0\0\0\0\0")
        );
        assert_eq!(load(b"abc", 3), 0);
        assert_eq!(first_bytes(2), 0xffff);
    }
}
