//! Whole-word, case-insensitive phrase lookup over large term lists.
//!
//! Lexicons grow with every rule pack a user adds, so they are compiled once
//! into one Aho-Corasick automaton instead of one regex per term.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

use crate::span::Span;

/// A phrase found in a text: which entry it belongs to and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseHit {
    pub entry: usize,
    pub span: Span,
}

/// Several lexicons searched in one pass: every category keeps its own
/// leftmost-longest, non-overlapping hits, as if it had its own automaton.
/// A sentence is scanned once however many lexicons the rules define.
#[derive(Debug, Clone)]
pub struct LexiconSet {
    automaton: Option<DFA>,
    owner_of_pattern: Vec<(usize, usize)>,
    categories: usize,
}

impl LexiconSet {
    /// `categories[c][e]` lists the terms of entry `e` in category `c`.
    pub fn new(categories: &[Vec<Vec<String>>]) -> Self {
        let mut patterns = Vec::new();
        let mut owner_of_pattern = Vec::new();
        for (category, entries) in categories.iter().enumerate() {
            for (entry, terms) in entries.iter().enumerate() {
                for term in terms {
                    let term = term.trim();
                    if term.is_empty() {
                        continue;
                    }
                    // Outlets write both apostrophes; the automaton sees both spellings.
                    if term.contains('\'') {
                        patterns.push(term.replace('\'', "\u{2019}"));
                        owner_of_pattern.push((category, entry));
                    }
                    patterns.push(term.to_string());
                    owner_of_pattern.push((category, entry));
                }
            }
        }
        // A DFA: every comparable sentence is scanned, so search speed beats
        // the larger, one-off build.
        let automaton = (!patterns.is_empty()).then(|| {
            aho_corasick::dfa::Builder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .expect("plain string patterns always build")
        });
        LexiconSet {
            automaton,
            owner_of_pattern,
            categories: categories.len(),
        }
    }

    /// Hits per category, each in text order and non-overlapping.
    pub fn find_all(&self, text: &str) -> LexiconHits {
        // A sentence worth reading has a handful of hits, rarely more.
        let mut found: Vec<(usize, PhraseHit)> = Vec::with_capacity(16);
        if let Some(dfa) = &self.automaton {
            // The automaton walked by hand, one transition a byte: the
            // library's overlapping iterator re-enters its search for every
            // hit, which cost more than the walk. Hits come out in the same
            // order, by end and then as the state lists them.
            let mut state = dfa
                .start_state(Anchored::No)
                .expect("an unanchored DFA has an unanchored start state");
            let mut end = 0;
            while let Some((matched_end, matched)) = walk_to_match(dfa, state, text.as_bytes(), end)
            {
                (end, state) = (matched_end, matched);
                for index in 0..dfa.match_len(state) {
                    let pattern = dfa.match_pattern(state, index);
                    let start = end - dfa.pattern_len(pattern);
                    if is_word_boundary(text, start, end) {
                        let (category, entry) = self.owner_of_pattern[pattern.as_usize()];
                        let span = Span::new(start, end);
                        found.push((category, PhraseHit { entry, span }));
                    }
                }
            }
        }
        // Stable, so two entries' hits on one span keep the automaton's order.
        found.sort_by(|(a_category, a), (b_category, b)| {
            a_category
                .cmp(b_category)
                .then(a.span.start.cmp(&b.span.start))
                .then(b.span.end.cmp(&a.span.end))
        });
        let mut hits: Vec<PhraseHit> = Vec::with_capacity(found.len());
        let mut bounds = Vec::with_capacity(self.categories + 1);
        bounds.push(0);
        let mut found = found.into_iter().peekable();
        for category in 0..self.categories {
            let first = hits.len();
            while let Some((_, hit)) = found.next_if(|(c, _)| *c == category) {
                // A term listed under two entries (a word two metrics share)
                // keeps both hits; callers choose between them.
                let last = hits[first..].last();
                let same_span = last.is_some_and(|last| last.span == hit.span);
                if same_span || last.is_none_or(|last| last.span.end <= hit.span.start) {
                    hits.push(hit);
                }
            }
            bounds.push(hits.len());
        }
        LexiconHits { hits, bounds }
    }
}

/// The automaton's walk from `state` over `bytes[from..]` up to the first
/// match state: where the byte that entered it ends, and the state. Apart
/// from the hit handling, so that the walk's state and position stay in
/// registers: inside `find_all` they lived on the stack, and every byte
/// waited for a store to be read back before its transition could load.
#[inline(never)]
fn walk_to_match(
    dfa: &DFA,
    mut state: StateID,
    bytes: &[u8],
    from: usize,
) -> Option<(usize, StateID)> {
    for (at, &byte) in bytes.iter().enumerate().skip(from) {
        state = dfa.next_state(Anchored::No, state, byte);
        if dfa.is_match(state) {
            return Some((at + 1, state));
        }
    }
    None
}

/// A [`LexiconSet`]'s hits, all in one buffer: category `c` is `hits[c]`.
/// The default holds no hits in any category and allocates nothing, since
/// most sentences are never searched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LexiconHits {
    hits: Vec<PhraseHit>,
    /// Category `c` holds `hits[bounds[c]..bounds[c + 1]]`; empty when
    /// nothing was searched.
    bounds: Vec<usize>,
}

impl std::ops::Index<usize> for LexiconHits {
    type Output = [PhraseHit];

    #[inline]
    fn index(&self, category: usize) -> &[PhraseHit] {
        match self.bounds.get(category..=category + 1) {
            Some(&[start, end]) => &self.hits[start..end],
            _ => &[],
        }
    }
}

/// Whether a hit is a whole word: no letter, digit or `_` touches either end.
/// Nearly every neighbour is ASCII and is read as a byte.
fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let bytes = text.as_bytes();
    let before = match start.checked_sub(1).map(|i| bytes[i]) {
        None => false,
        Some(b) if b.is_ascii() => is_word(char::from(b)),
        Some(_) => text[..start].chars().next_back().is_some_and(is_word),
    };
    let after = match bytes.get(end) {
        None => false,
        Some(&b) if b.is_ascii() => is_word(char::from(b)),
        Some(_) => text[end..].chars().next().is_some_and(is_word),
    };
    !before && !after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_words_only_and_prefers_the_longest_phrase() {
        let set = LexiconSet::new(&[vec![
            vec!["killed".to_string(), "death toll".to_string()],
            vec!["death".to_string()],
        ]]);
        let text = "The death toll rose; 3 were killed, none unkilled.";
        let found: Vec<(usize, &str)> = set.find_all(text)[0]
            .iter()
            .map(|h| (h.entry, h.span.slice(text)))
            .collect();
        assert_eq!(found, vec![(0, "death toll"), (0, "killed")]);
    }

    #[test]
    fn a_set_keeps_each_category_apart_and_skips_partial_words() {
        let set = LexiconSet::new(&[
            vec![vec!["in".to_string()]],
            vec![
                vec!["in the past 24 hours".to_string()],
                vec!["past".to_string()],
            ],
        ]);
        let text = "Killed in the past 24 hours, said insiders.";
        let hits = set.find_all(text);
        assert_eq!(hits[0].len(), 1, "'insiders' is not 'in'");
        assert_eq!(hits[0][0].span.slice(text), "in");
        assert_eq!(
            hits[1].len(),
            1,
            "the longest phrase wins within its category"
        );
        assert_eq!(hits[1][0].span.slice(text), "in the past 24 hours");
    }

    #[test]
    fn a_term_shared_by_two_entries_is_found_for_both() {
        let set = LexiconSet::new(&[vec![vec!["votes".to_string()], vec!["votes".to_string()]]]);
        let hits = set.find_all("72.6 million votes");
        let entries: Vec<usize> = hits[0].iter().map(|h| h.entry).collect();
        assert_eq!(entries, vec![0, 1]);
    }

    #[test]
    fn a_partial_word_hit_does_not_hide_a_whole_word_inside_it() {
        // A leftmost-longest search would take "ncoming fire" inside
        // "incoming fire", drop it as part of a word, and go on after it.
        let set = LexiconSet::new(&[vec![
            vec!["ncoming fire".to_string()],
            vec!["fire".to_string()],
        ]]);
        let text = "under incoming fire";
        let found: Vec<&str> = set.find_all(text)[0]
            .iter()
            .map(|h| h.span.slice(text))
            .collect();
        assert_eq!(found, vec!["fire"]);
    }

    #[test]
    fn is_case_insensitive_and_accepts_curly_apostrophes() {
        let set = LexiconSet::new(&[vec![vec!["people's".to_string()]]]);
        assert_eq!(set.find_all("PEOPLE'S choice")[0].len(), 1);
        assert_eq!(set.find_all("the people\u{2019}s choice")[0].len(), 1);
    }
}
