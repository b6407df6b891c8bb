//! Words and punctuation of a sentence with byte spans, so distances between a
//! figure and the words around it can be measured in words, not bytes.

use crate::span::Span;

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
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                let joins_word = matches!(next, '\'' | '\u{2019}' | '-' | '.' | ',')
                    && text[i + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|after| {
                            // "43,000" and "1.5" stay one token; "Velm, said" does not.
                            if matches!(next, '.' | ',') {
                                after.is_ascii_digit() && c.is_ascii_digit()
                            } else {
                                after.is_alphanumeric()
                            }
                        });
                if next.is_alphanumeric() || joins_word {
                    end = i + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(Token {
                kind: TokenKind::Word,
                span: Span::new(start, end),
            });
        } else if !c.is_whitespace() {
            let kind = match c {
                ',' | '(' | ')' => TokenKind::Comma,
                ';' | ':' | '\u{2014}' | '\u{2013}' | '.' | '!' | '?' => TokenKind::Break,
                _ => TokenKind::Other,
            };
            tokens.push(Token {
                kind,
                span: Span::new(start, start + c.len_utf8()),
            });
        }
    }
    tokens
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
}
