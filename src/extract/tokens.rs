//! Words and punctuation of a sentence with byte spans, so distances between a
//! figure and the words around it can be measured in words, not bytes.

use std::borrow::Cow;

use crate::span::Span;
use crate::swar;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// `,` or a bracket: a weak clause boundary.
    Comma,
    /// `;`, `:`, a dash or a sentence end: a strong clause boundary.
    Break,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// Splits a text into word and punctuation tokens. Apostrophes and hyphens
/// inside a word keep it whole ("Sunday's", "Hamas-run").
///
/// Runs on every sentence that holds a comparable figure, so it walks bytes
/// and decodes a char only where the text is not ASCII.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        let start = i;
        i += c.len_utf8();
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            loop {
                // ASCII letters and digits, the bulk of every word, always
                // join it, and are skipped eight at a time; only the bytes
                // after them need the rules below.
                loop {
                    let run = swar::leading_alphanumerics(swar::load(bytes, i));
                    i += run;
                    if run < 8 {
                        break;
                    }
                }
                let Some(next) = char_at(text, i) else {
                    break;
                };
                let after = || char_at(text, i + next.len_utf8());
                let joins_word = match next {
                    // "43,000" and "1.5" stay one token; "Velm, said" does not.
                    '.' | ',' => numeric && after().is_some_and(|a| a.is_ascii_digit()),
                    '\'' | '\u{2019}' | '-' => after().is_some_and(char::is_alphanumeric),
                    _ => next.is_alphanumeric(),
                };
                if !joins_word {
                    break;
                }
                i += next.len_utf8();
            }
            tokens.push(Token {
                kind: TokenKind::Word,
                span: Span::new(start, i),
            });
        } else if !c.is_whitespace() {
            let kind = match c {
                ',' | '(' | ')' => TokenKind::Comma,
                ';' | ':' | '\u{2014}' | '\u{2013}' | '.' | '!' | '?' => TokenKind::Break,
                _ => TokenKind::Other,
            };
            tokens.push(Token {
                kind,
                span: Span::new(start, i),
            });
        }
    }
    tokens
}

/// "Kessel's", "Gaza’s": a possessive, with either apostrophe.
pub fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("\u{2019}s")
}

/// A word in lower case, allocated only when it has something to lower:
/// most words of news text are plain lower-case ASCII already.
#[inline]
pub fn lowered(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(word)
    } else if word.is_ascii() {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// The char starting at byte `i`, if any; ASCII without decoding.
fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(b as char),
        Some(_) => text[i..].chars().next(),
        None => None,
    }
}

/// Index of the first token that starts at or after `offset`.
pub fn first_at_or_after(tokens: &[Token], offset: usize) -> usize {
    tokens.partition_point(|t| t.span.start < offset)
}

/// Index one past the last token that ends at or before `offset`.
pub fn end_at_or_before(tokens: &[Token], offset: usize) -> usize {
    tokens.partition_point(|t| t.span.end <= offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.span.slice(text)).collect()
    }

    #[test]
    fn keeps_numbers_possessives_and_hyphenated_words_whole() {
        assert_eq!(
            words("Sunday's quake, 43,000 Hamas-run 1.5m; end."),
            vec![
                "Sunday's",
                "quake",
                ",",
                "43,000",
                "Hamas-run",
                "1.5m",
                ";",
                "end",
                "."
            ]
        );
    }

    #[test]
    fn finds_tokens_around_an_offset() {
        let tokens = tokenize("one two three");
        assert_eq!(first_at_or_after(&tokens, 4), 1);
        assert_eq!(end_at_or_before(&tokens, 7), 2);
    }

    #[test]
    fn joins_across_non_ascii_letters_and_curly_apostrophes() {
        assert_eq!(
            words("Zürich\u{2019}s 2,5 a,b São-Paulo — x."),
            vec![
                "Zürich\u{2019}s",
                "2,5",
                "a",
                ",",
                "b",
                "São-Paulo",
                "—",
                "x",
                "."
            ]
        );
    }
}
