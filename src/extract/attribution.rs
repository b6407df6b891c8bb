//! Who a figure is credited to: "according to X", "X said", ", said X".
//! The source is the noun phrase on the far side of the phrase, up to the
//! nearest clause boundary; a phrase that holds a figure is content, not a source.

use crate::extract::sentence::{is_comparable, SentenceView};
use crate::extract::tokens::{lowered, Token, TokenKind};
use crate::rules::Lexicon;
use crate::span::Span;

/// A source named in a sentence and the phrase that names it.
#[derive(Debug, Clone)]
pub struct Source {
    pub anchor: Span,
    pub name: String,
}

const MAX_SOURCE_WORDS: usize = 9;
/// Words that end a source phrase when reading away from the verb.
const PHRASE_STOPS: &[&str] = &[
    "that", "and", "while", "but", "as", "when", "after", "which", "who", "whereas",
];
/// Words that, right after an inverted verb, show it is not inverted (", said on Thursday").
const NOT_A_SOURCE_START: &[&str] = &[
    "on", "in", "that", "it", "at", "to", "late", "early", "last", "this", "earlier",
];
/// Words right before an attribution word that make it a noun ("an early
/// estimate", "the latest report"), not a verb with a subject before it.
const NOUN_BEFORE: &[&str] = &[
    "a",
    "an",
    "the",
    "early",
    "earlier",
    "latest",
    "initial",
    "preliminary",
    "official",
    "first",
    "new",
    "previous",
    "separate",
    "its",
    "their",
    "his",
    "her",
    "our",
];
/// Forms of "be" that make the verb after them passive.
const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];
/// Trailing time phrases that belong to the verb, not the source.
const TRAILING_TIME: &[&str] = &["on", "in", "late", "early", "last", "this", "earlier"];

pub fn find_sources(view: &SentenceView) -> Vec<Source> {
    let mut sources = Vec::new();
    for hit in view.hits(Lexicon::AttributionBefore) {
        if let Some(name) = phrase_after(view, hit.span) {
            sources.push(Source {
                anchor: hit.span,
                name,
            });
        }
    }
    for hit in view.hits(Lexicon::AttributionVerb) {
        let previous = view.tokens_before(hit.span, 1).first();
        let previous_word = previous.map(|t| lowered(view.word(t)));
        // "an early estimate", "the report": a noun, whose source, if any,
        // another phrase names ("by a modelling firm", "according to").
        if previous_word
            .as_deref()
            .is_some_and(|w| NOUN_BEFORE.contains(&w))
        {
            continue;
        }
        // "losses are estimated at", "is said to": a passive names its
        // source only after "by".
        if previous_word.as_deref().is_some_and(|w| BE.contains(&w)) {
            let by = view
                .tokens_after(hit.span, 1)
                .first()
                .filter(|t| view.word(t).eq_ignore_ascii_case("by"));
            if let Some(name) = by.and_then(|by| agent_after(view, by.span)) {
                sources.push(Source {
                    anchor: hit.span,
                    name,
                });
            }
            continue;
        }
        let inverted = previous.is_some_and(|t| t.kind == TokenKind::Comma) || previous.is_none();
        let after = if inverted {
            phrase_after(view, hit.span)
        } else {
            None
        };
        let name = after.filter(|name| {
            let first = lowered(name.split_whitespace().next().unwrap_or(""));
            !NOT_A_SOURCE_START.contains(&first.as_ref())
        });
        if let Some(name) = name.or_else(|| phrase_before(view, hit.span)) {
            sources.push(Source {
                anchor: hit.span,
                name,
            });
        }
    }
    sources
}

/// The source nearest to a claim, measured between the claim and the phrase that names the source.
pub fn nearest_source(sources: &[Source], claim: Span) -> Option<&Source> {
    sources.iter().min_by_key(|source| {
        if source.anchor.end <= claim.start {
            claim.start - source.anchor.end
        } else {
            source.anchor.start.saturating_sub(claim.end)
        }
    })
}

fn is_stop(view: &SentenceView, token: &Token) -> bool {
    match token.kind {
        TokenKind::Comma | TokenKind::Break => true,
        TokenKind::Other => false,
        TokenKind::Word => PHRASE_STOPS.contains(&lowered(view.word(token)).as_ref()),
    }
}

fn holds_figure(view: &SentenceView, tokens: &[Token]) -> bool {
    tokens.iter().any(|t| {
        view.quantities
            .iter()
            .any(|q| is_comparable(q.kind) && q.span.overlaps(t.span))
    })
}

fn phrase_after(view: &SentenceView, anchor: Span) -> Option<String> {
    let tokens = view.tokens_after(anchor, MAX_SOURCE_WORDS);
    let mut end = tokens
        .iter()
        .position(|t| is_stop(view, t))
        .unwrap_or(tokens.len());
    while end > 0 && TRAILING_TIME.contains(&lowered(view.word(&tokens[end - 1])).as_ref()) {
        end -= 1;
    }
    // "said on Thursday": a weekday after a preposition is the time, not the
    // source; but "an early estimate" and "the last census" are names.
    let determiner = |k: usize| {
        k > 0
            && matches!(
                lowered(view.word(&tokens[k - 1])).as_ref(),
                "a" | "an" | "the"
            )
    };
    if let Some(pos) = (0..end).find(|&k| {
        TRAILING_TIME.contains(&lowered(view.word(&tokens[k])).as_ref()) && !determiner(k)
    }) {
        end = pos;
    }
    phrase_text(view, &tokens[..end])
}

/// The agent of a passive, after its "by": "by the ministry at $3 billion"
/// names the ministry, and the figure after "at" is what it estimated.
fn agent_after(view: &SentenceView, by: Span) -> Option<String> {
    let tokens = view.tokens_after(by, MAX_SOURCE_WORDS);
    let end = tokens
        .iter()
        .position(|t| is_stop(view, t) || view.word(t).eq_ignore_ascii_case("at"))
        .unwrap_or(tokens.len());
    phrase_text(view, &tokens[..end])
}

fn phrase_before(view: &SentenceView, anchor: Span) -> Option<String> {
    let tokens = view.tokens_before(anchor, MAX_SOURCE_WORDS);
    let stop_before = |end: usize| {
        tokens[..end]
            .iter()
            .rposition(|t| is_stop(view, t))
            .map(|p| p + 1)
            .unwrap_or(0)
    };
    let mut start = stop_before(tokens.len());
    // "The unions that organised the rally said": a relative clause right
    // after a noun describes the source; it is not the source.
    let relative = |k: usize| {
        matches!(
            lowered(view.word(&tokens[k])).as_ref(),
            "that" | "who" | "which"
        )
    };
    if start >= 2
        && relative(start - 1)
        && tokens[start - 2].kind == TokenKind::Word
        && !is_stop(view, &tokens[start - 2])
    {
        start = stop_before(start - 1);
    }
    // "officials have recorded", "the ministry has also said": the verb's
    // helpers belong to it, not to the source.
    let mut end = tokens.len();
    while end > start && AUXILIARIES.contains(&lowered(view.word(&tokens[end - 1])).as_ref()) {
        end -= 1;
    }
    phrase_text(view, &tokens[start..end])
}

/// Words between a source and its verb that belong to the verb.
const AUXILIARIES: &[&str] = &[
    "have",
    "has",
    "had",
    "also",
    "later",
    "previously",
    "already",
    "would",
    "will",
    "did",
    "does",
    "do",
    "separately",
    "repeatedly",
    "initially",
];

/// Words a source phrase never ends on, and prepositions it never starts with:
/// "in a show of anger" has a verb-like "show" but no source.
const NOT_A_SOURCE_EDGE: &[&str] = &[
    "a", "an", "the", "in", "of", "to", "for", "on", "at", "with", "by", "and", "or", "from", "as",
];

fn phrase_text(view: &SentenceView, tokens: &[Token]) -> Option<String> {
    let edge = |t: &Token| NOT_A_SOURCE_EDGE.contains(&lowered(view.word(t)).as_ref());
    if tokens
        .first()
        .is_some_and(|t| edge(t) && !matches!(lowered(view.word(t)).as_ref(), "the" | "a" | "an"))
        || tokens.last().is_some_and(edge)
    {
        return None;
    }
    if tokens.is_empty()
        || holds_figure(view, tokens)
        || !tokens.iter().any(|t| t.kind == TokenKind::Word)
    {
        return None;
    }
    let span = Span::new(tokens[0].span.start, tokens[tokens.len() - 1].span.end);
    Some(span.slice(view.text).trim().to_string())
}
