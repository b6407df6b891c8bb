//! What a figure counts: a class from the subjects lexicon ("homes" and
//! "houses" are one class), a proper name for per-candidate metrics, or the
//! metric's default when the sentence names nothing.

use crate::extract::metric::MetricChoice;
use crate::extract::sentence::SentenceView;
use crate::extract::tokens::{is_possessive, lowered, TokenKind};
use crate::lexicon::PhraseHit;
use crate::normalize::Quantity;
use crate::rules::schema::SubjectFrom;
use crate::rules::{Lexicon, Metric};
use crate::span::Span;

/// The subject and, when it is a noun right after the figure, where it ends
/// (so the claim's text can read "More than 43,000 Palestinians").
pub struct SubjectChoice {
    pub subject: String,
    pub noun_end: Option<usize>,
}

pub fn choose_subject(
    view: &SentenceView,
    quantity: &Quantity,
    choice: &MetricChoice,
    metric: &Metric,
) -> SubjectChoice {
    let found = match metric.subject_from {
        SubjectFrom::Noun => counted_noun(view, quantity, choice),
        SubjectFrom::NameBefore => name_before(view, quantity.span).map(|name| SubjectChoice {
            subject: name,
            noun_end: None,
        }),
        SubjectFrom::NameAfter => name_after(view, choice.hit.span).map(|name| SubjectChoice {
            subject: name,
            noun_end: None,
        }),
    };
    let mut found = found.unwrap_or(SubjectChoice {
        subject: metric
            .default_subject
            .clone()
            .unwrap_or_else(|| crate::extract::UNSPECIFIED.to_string()),
        noun_end: None,
    });
    if let Some(default) = &metric.default_subject {
        if metric.merge_subjects.contains(&found.subject) {
            found.subject = default.clone();
        }
    }
    found
}

/// The listed counted noun right after a figure ("97 hostages", "97 of the
/// hostages", "2,000 damaged buildings"): function words are skipped, and at
/// most one other word may stand between.
fn noun_hit_after(view: &SentenceView, quantity: &Quantity) -> Option<PhraseHit> {
    let mut content_words = 0;
    for token in view.tokens_after(quantity.span, 5) {
        if token.kind != TokenKind::Word {
            return None;
        }
        if let Some(hit) = view
            .subject_hits()
            .iter()
            .find(|h| h.span.start == token.span.start)
        {
            return Some(*hit);
        }
        if view
            .metric_hits()
            .iter()
            .any(|h| h.span.overlaps(token.span))
        {
            return None;
        }
        if !view.is_light_word(token) {
            content_words += 1;
            if content_words >= 2 {
                return None;
            }
        }
    }
    None
}

/// The counted noun right after a figure, read as a subject of `metric`;
/// `None` when the figure names no listed noun.
pub fn counted_noun_subject(
    view: &SentenceView,
    quantity: &Quantity,
    metric: &Metric,
) -> Option<SubjectChoice> {
    let hit = noun_hit_after(view, quantity)?;
    let mut subject = view.rules.subject_ids[hit.entry].clone();
    if let Some(default) = &metric.default_subject {
        if metric.merge_subjects.contains(&subject) {
            subject = default.clone();
        }
    }
    Some(SubjectChoice {
        subject,
        noun_end: Some(hit.span.end),
    })
}

/// The subject class of the counted noun right after a figure, if listed.
pub fn counted_noun_class<'a>(view: &'a SentenceView, quantity: &Quantity) -> Option<&'a String> {
    noun_hit_after(view, quantity).map(|hit| &view.rules.subject_ids[hit.entry])
}

fn counted_noun(
    view: &SentenceView,
    quantity: &Quantity,
    choice: &MetricChoice,
) -> Option<SubjectChoice> {
    if let Some(hit) = noun_hit_after(view, quantity) {
        return Some(SubjectChoice {
            subject: view.rules.subject_ids[hit.entry].clone(),
            noun_end: Some(hit.span.end),
        });
    }
    // "The number of homes destroyed", "Evacuation orders for ... residents": the
    // noun may sit next to the metric term instead of the figure.
    let near_term = view.subject_hits().iter().find(|hit| {
        let gap = if hit.span.end <= choice.hit.span.start {
            view.tokens_between(hit.span, choice.hit.span).len()
        } else if hit.span.start >= choice.hit.span.end {
            view.tokens_between(choice.hit.span, hit.span).len()
        } else {
            0
        };
        // "Police estimated the crowd at 42,000": a noun that is speaking is the
        // source, not the thing counted.
        let speaks = view.hits(Lexicon::AttributionVerb).iter().any(|verb| {
            verb.span.start >= hit.span.end && view.tokens_between(hit.span, verb.span).is_empty()
        });
        gap <= 1 && !speaks && !view.quantities.iter().any(|q| q.span.overlaps(hit.span))
    });
    if let Some(hit) = near_term {
        return Some(SubjectChoice {
            subject: view.rules.subject_ids[hit.entry].clone(),
            noun_end: None,
        });
    }
    plural_noun_after(view, quantity)
}

/// An unlisted plural right after the figure ("four hillside communities" has
/// none, "12 tractors" has one) still keeps unlike things apart.
fn plural_noun_after(view: &SentenceView, quantity: &Quantity) -> Option<SubjectChoice> {
    // One capitalized modifier may stand between ("1,600 Hezbollah targets").
    let after = view.tokens_after(quantity.span, 2);
    let candidates = match after {
        [first, second]
            if view
                .word(first)
                .chars()
                .next()
                .is_some_and(char::is_uppercase) =>
        {
            vec![first, second]
        }
        [first, ..] => vec![first],
        [] => Vec::new(),
    };
    let token = candidates.into_iter().find(|token| {
        let word = view.word(token);
        let lower = lowered(word);
        token.kind == TokenKind::Word
            && lower.len() > 3
            && lower.ends_with('s')
            && !lower.ends_with("ss")
            // "this", "thus", "bonus", "crisis": not plurals.
            && !lower.ends_with("is")
            && !lower.ends_with("us")
            && lower.chars().all(|c| c.is_alphabetic())
            && word.chars().next().is_some_and(|c| c.is_lowercase())
            && !view.is_light_word(token)
            && !view
                .metric_hits()
                .iter()
                .any(|h| h.span.overlaps(token.span))
    })?;
    Some(SubjectChoice {
        subject: view.word(token).to_lowercase(),
        noun_end: Some(token.span.end),
    })
}

fn proper_name(view: &SentenceView, token: &crate::extract::tokens::Token) -> Option<String> {
    if token.kind != TokenKind::Word {
        return None;
    }
    let word = view.word(token);
    if !word.chars().next().is_some_and(|c| c.is_uppercase()) {
        return None;
    }
    let bare = word.trim_end_matches("'s").trim_end_matches("\u{2019}s");
    let lower = bare.to_lowercase();
    let is_lexicon_word = view.rules.not_places.contains(lower.as_str())
        || view.rules.segment.sentence_starters.contains(bare)
        || view
            .metric_hits()
            .iter()
            .any(|h| h.span.overlaps(token.span))
        || view
            .subject_hits()
            .iter()
            .any(|h| h.span.overlaps(token.span));
    (!is_lexicon_word && bare.chars().any(|c| c.is_alphabetic())).then_some(lower)
}

/// The subject a name gives, from the token at `index` in the sentence:
/// that word, unless the run of capitalized words it is in ends in a word
/// many names share ("Labour Party"), whose other words then tell it apart
/// ("labour"), so two parties are never one subject.
fn name_subject(view: &SentenceView, index: usize) -> Option<String> {
    let word = proper_name(view, &view.tokens[index])?;
    let in_name = |k: usize| proper_name(view, &view.tokens[k]);
    // "Marta Kessel's Civic Union": a possessive ends the owner's name, and
    // the party's begins after it.
    let before: Vec<String> = (0..index)
        .rev()
        .take_while(|&k| !is_possessive(view.word(&view.tokens[k])))
        .map_while(in_name)
        .collect();
    let after: Vec<String> = (index + 1..view.tokens.len()).map_while(in_name).collect();
    let head = after.last().unwrap_or(&word);
    if before.len() + after.len() == 0 || !view.rules.name_heads.contains(head) {
        return Some(word);
    }
    // The run's words in order, less its head.
    let mut name: Vec<&str> = before.iter().rev().map(String::as_str).collect();
    name.push(&word);
    name.extend(after.iter().map(String::as_str));
    name.pop();
    Some(name.join(" "))
}

/// Index in the sentence's tokens of the first token of `tokens`, a slice of them.
fn index_of(view: &SentenceView, tokens: &[crate::extract::tokens::Token]) -> usize {
    tokens.first().map_or(0, |t| {
        view.tokens.partition_point(|k| k.span.start < t.span.start)
    })
}

/// The nearest capitalized name before the figure; the last word of a run, so
/// "Mayor Paul Greer" and "Greer" are the same subject.
fn name_before(view: &SentenceView, span: Span) -> Option<String> {
    // A name the figure is given to right after it ("67.9 million for Harris") comes first.
    let after = view.tokens_after(span, 2);
    if let [link, _] = after {
        if matches!(view.word(link).to_lowercase().as_str(), "for" | "to") {
            if let Some(name) = name_subject(view, index_of(view, after) + 1) {
                return Some(name);
            }
        }
    }
    let before = view.tokens_before(span, 40);
    let offset = index_of(view, before);
    // "won the election in Valdoria with 31.4%", "the Canyon Fire north of
    // Redmont": a name after a place word is where the figure is, not
    // whose it is.
    let place_words = view.hits(Lexicon::PlacePreposition);
    let is_place = |k: usize| {
        k > 0 && {
            let word = before[k - 1].span;
            place_words.iter().any(|hit| hit.span == word)
                || matches!(lowered(view.word(&before[k - 1])).as_ref(), "of" | "at")
        }
    };
    (0..before.len())
        .rev()
        .filter(|&k| !is_place(k))
        .find_map(|k| name_subject(view, offset + k))
}

fn name_after(view: &SentenceView, span: Span) -> Option<String> {
    let after = view.tokens_after(span, 6);
    let offset = index_of(view, after);
    (0..after.len()).find_map(|k| name_subject(view, offset + k))
}
