//! Everything the extractor looks up in one sentence, computed once: tokens,
//! figures and every lexicon hit, all in sentence-local byte offsets.

use crate::extract::tokens::{end_at_or_before, first_at_or_after, tokenize, Token, TokenKind};
use crate::lexicon::{LexiconHits, PhraseHit};
use crate::normalize::{Quantity, QuantityKind};
use crate::rules::{CompiledRules, Lexicon};
use crate::span::Span;

pub struct SentenceView<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token>,
    pub quantities: Vec<Quantity>,
    /// Hits of every lexicon, by [`Lexicon`] category.
    hits: LexiconHits,
    pub rules: &'a CompiledRules,
}

/// Figures that count something; years, dates, ages and the like only place it.
pub fn is_comparable(kind: QuantityKind) -> bool {
    matches!(
        kind,
        QuantityKind::Count | QuantityKind::Percent | QuantityKind::Money | QuantityKind::Measure
    )
}

impl<'a> SentenceView<'a> {
    /// A sentence with the figures found in it; the lexicons and tokens are
    /// only looked up when one of them can be compared, which most sentences' cannot.
    pub fn new(text: &'a str, quantities: Vec<Quantity>, rules: &'a CompiledRules) -> Self {
        let worth_reading = quantities.iter().any(|q| is_comparable(q.kind));
        let hits = if worth_reading {
            rules.sentence_lexicons.find_all(text)
        } else {
            LexiconHits::default()
        };
        SentenceView {
            text,
            tokens: if worth_reading {
                tokenize(text)
            } else {
                Vec::new()
            },
            quantities,
            hits,
            rules,
        }
    }

    pub fn hits(&self, lexicon: Lexicon) -> &[PhraseHit] {
        &self.hits[lexicon as usize]
    }

    pub fn metric_hits(&self) -> &[PhraseHit] {
        self.hits(Lexicon::Metric)
    }

    pub fn subject_hits(&self) -> &[PhraseHit] {
        self.hits(Lexicon::Subject)
    }

    /// Tokens strictly between two spans, in text order.
    pub fn tokens_between(&self, left: Span, right: Span) -> &[Token] {
        let from = first_at_or_after(&self.tokens, left.end);
        let to = end_at_or_before(&self.tokens, right.start);
        if from >= to {
            &[]
        } else {
            &self.tokens[from..to]
        }
    }

    /// Tokens after `span`, up to `limit` of them.
    pub fn tokens_after(&self, span: Span, limit: usize) -> &[Token] {
        let from = first_at_or_after(&self.tokens, span.end);
        let to = (from + limit).min(self.tokens.len());
        &self.tokens[from..to]
    }

    /// Tokens before `span`, nearest last, up to `limit` of them.
    pub fn tokens_before(&self, span: Span, limit: usize) -> &[Token] {
        let to = end_at_or_before(&self.tokens, span.start);
        let from = to.saturating_sub(limit);
        &self.tokens[from..to]
    }

    pub fn word(&self, token: &Token) -> &'a str {
        token.span.slice(self.text)
    }

    pub fn in_comparable_quantity(&self, span: Span) -> Option<usize> {
        self.quantities
            .iter()
            .position(|q| is_comparable(q.kind) && q.span.contains(span))
    }

    pub fn is_subject_word(&self, span: Span) -> bool {
        self.subject_hits()
            .iter()
            .any(|hit| hit.span.contains(span))
    }

    pub fn is_clause_break(&self, span: Span) -> bool {
        self.hits(Lexicon::ClauseBreak)
            .iter()
            .any(|hit| hit.span.overlaps(span))
    }

    pub fn is_light_word(&self, token: &Token) -> bool {
        if token.kind != TokenKind::Word {
            return false;
        }
        // Most words are already lower case: look them up without allocating.
        let word = self.word(token);
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            self.rules.light_words.contains(&word.to_lowercase())
        } else {
            self.rules.light_words.contains(word)
        }
    }
}
