//! The frame of a figure: whether it is an earlier value or a projection,
//! the places its clause names, and the period of a rate.

use crate::claim::Role;
use crate::extract::sentence::SentenceView;
use crate::extract::tokens::{is_possessive, lowered, Token, TokenKind};
use crate::normalize::Quantity;
use crate::rules::Lexicon;
use crate::span::Span;

/// How many words after a figure an "ago" or "a year earlier" still refers to it.
const BASELINE_AFTER_WORDS: usize = 4;
const PLACE_WINDOW_WORDS: usize = 12;
/// Words that set a change against the value it is measured from.
const MEASURED_AGAINST: &[&str] = &["from", "on", "over", "against", "compared", "versus", "vs"];
/// "in eastern Karsa" and "in Karsa" name the same place.
const DIRECTIONS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
];

pub fn role(view: &SentenceView, quantity: &Quantity, metric_term: Option<Span>) -> Role {
    let right_before = view.hits(Lexicon::BaselineBefore).iter().any(|hit| {
        hit.span.end <= quantity.span.start
            && view
                .tokens_between(hit.span, quantity.span)
                .iter()
                .all(|t| view.is_light_word(t))
            && view.tokens_between(hit.span, quantity.span).len() <= 1
    });
    let shortly_after = view.hits(Lexicon::BaselineAfter).iter().any(|hit| {
        hit.span.start >= quantity.span.end && {
            let between = view.tokens_between(quantity.span, hit.span);
            // "up 12% from a year earlier": a change measured against the
            // earlier value is not that value ("rose 4% a year earlier" is).
            // So is "rose 7.8% in May from a year earlier".
            let against = |t: &Token| MEASURED_AGAINST.contains(&lowered(view.word(t)).as_ref());
            let measured_against = quantity.change.is_some()
                && (between.first().is_some_and(against) || between.last().is_some_and(against));
            between.len() <= BASELINE_AFTER_WORDS
                && between.iter().all(|t| t.kind == TokenKind::Word)
                && !measured_against
        }
    });
    let superseded = view.hits(Lexicon::BaselineClause).iter().any(|hit| {
        hit.span.end <= quantity.span.start && {
            let between = view.tokens_between(hit.span, quantity.span);
            between.len() <= 8 && !between.iter().any(|t| t.kind == TokenKind::Break)
        }
    });
    if right_before || shortly_after || superseded {
        return Role::Baseline;
    }
    let increment = view.hits(Lexicon::Increment).iter().any(|hit| {
        (hit.span.start >= quantity.span.end
            && view.tokens_between(quantity.span, hit.span).is_empty())
            || (hit.span.end <= quantity.span.start
                && view.tokens_between(hit.span, quantity.span).is_empty())
    });
    if increment {
        return Role::Increment;
    }
    let reach = match metric_term {
        Some(term) => Span::new(
            term.start.min(quantity.span.start),
            term.end.max(quantity.span.end),
        ),
        None => quantity.span,
    };
    let projected = view.hits(Lexicon::Projection).iter().any(|hit| {
        reach.contains(hit.span)
            || (hit.span.end <= reach.start && view.tokens_between(hit.span, reach).len() <= 2)
    });
    if projected {
        Role::Projection
    } else {
        Role::Current
    }
}

/// "90% of Gaza's 2.3 million people": the figure after a share's "of" is the
/// whole the share is taken of, not a count of its own.
pub fn is_share_base(view: &SentenceView, quantity: &Quantity) -> bool {
    share_of_base(view, quantity).is_some()
}

/// The share taken of `base` ("90%" in "90% of Gaza's 2.3 million"), when
/// `base` is such a whole.
pub fn share_of_base<'v>(view: &'v SentenceView, base: &Quantity) -> Option<&'v Quantity> {
    let before = view.tokens_before(base.span, 4);
    for (i, token) in before.iter().enumerate().rev() {
        let word = lowered(view.word(token));
        if word == "of" {
            let share = before.get(i.checked_sub(1)?)?.span;
            return view
                .quantities
                .iter()
                .find(|q| q.kind.is_comparable() && q.span.contains(share));
        }
        if token.kind != TokenKind::Word || !(is_possessive(&word) || view.is_light_word(token)) {
            return None;
        }
    }
    None
}

/// "including 12", "among them 8": part of a larger figure the sentence gave.
pub fn is_part(view: &SentenceView, quantity: &Quantity) -> bool {
    view.hits(Lexicon::PartBefore).iter().any(|hit| {
        hit.span.end <= quantity.span.start
            && view.tokens_between(hit.span, quantity.span).is_empty()
            && !names_a_metric_of(view, hit.span, quantity)
    }) || view.hits(Lexicon::PartAfter).iter().any(|hit| {
        hit.span.start >= quantity.span.end
            && view.tokens_between(quantity.span, hit.span).is_empty()
    })
}

/// Whether a metric that can count `quantity` has a term overlapping
/// `span`: the "margin of" in "an operating margin of 5%" names the figure,
/// where "won by a margin of 5 points" makes it a difference.
fn names_a_metric_of(view: &SentenceView, span: Span, quantity: &Quantity) -> bool {
    view.metric_hits().iter().any(|hit| {
        hit.span.overlaps(span)
            && view.rules.metrics[hit.entry].accepts(&quantity.dimension, quantity.nominal)
    })
}

/// "five of the deaths", "three of those killed": a part of the total the
/// metric term names right after it. With `through_noun`, also "25 of the
/// students kidnapped", where the term may as well be the part's own verb
/// ("97 of the hostages remain"), so it names the whole only when another
/// term says what the part does.
pub fn is_part_of_term(
    view: &SentenceView,
    quantity: &Quantity,
    term: Span,
    through_noun: bool,
) -> bool {
    let between = view.tokens_between(quantity.span, term);
    term.start >= quantity.span.end
        && between
            .first()
            .is_some_and(|t| view.word(t).eq_ignore_ascii_case("of"))
        && between.len() <= if through_noun { 3 } else { 2 }
        && between.iter().all(|t| {
            view.is_light_word(t)
                || view.word(t).eq_ignore_ascii_case("those")
                || (through_noun && view.is_subject_word(t.span))
        })
}

/// "the 270 needed to win": a threshold, not a count of anything.
pub fn is_threshold(view: &SentenceView, quantity: &Quantity) -> bool {
    view.hits(Lexicon::ThresholdAfter).iter().any(|hit| {
        hit.span.start >= quantity.span.end
            && view.tokens_between(quantity.span, hit.span).is_empty()
    })
}

/// "in the past 24 hours", "on Friday alone": the figure covers part of the period.
pub fn is_partial_period(view: &SentenceView, quantity: &Quantity) -> bool {
    view.hits(Lexicon::PartialPeriod).iter().any(|hit| {
        let between = if hit.span.end <= quantity.span.start {
            view.tokens_between(hit.span, quantity.span)
        } else {
            view.tokens_between(quantity.span, hit.span)
        };
        between.len() <= 10 && !between.iter().any(|t| t.kind == TokenKind::Break)
    })
}

/// The year a date or year expression names, if it names one.
fn year_of(view: &SentenceView, quantity: &Quantity) -> Option<i32> {
    match quantity.kind {
        crate::normalize::QuantityKind::Year => Some(quantity.nominal as i32),
        crate::normalize::QuantityKind::Date => quantity
            .span
            .slice(view.text)
            .split(|c: char| !c.is_ascii_digit())
            .filter(|part| part.len() == 4)
            .filter_map(|part| part.parse::<i32>().ok())
            .find(|year| (1800..=2100).contains(year)),
        _ => None,
    }
}

/// A year near the figure that is not the article's own ("in 1998, killed 31
/// people"): the figure belongs to that year. Without a publication date
/// every stated year counts, since none can be known to be the current one.
pub fn stated_year(
    view: &SentenceView,
    quantity: &Quantity,
    published_year: Option<i32>,
) -> Option<i32> {
    view.quantities.iter().find_map(|other| {
        let year = year_of(view, other)?;
        if published_year.is_some_and(|published| year >= published) {
            return None;
        }
        // "its highest since 2008" measures the figure against the years
        // after 2008, and "double its 2022 score" against another figure;
        // neither is a figure of that year.
        if view.tokens_before(other.span, 1).first().is_some_and(|t| {
            let word = lowered(view.word(t));
            matches!(word.as_ref(), "since" | "its" | "their" | "his" | "her")
        }) {
            return None;
        }
        let between = if other.span.end <= quantity.span.start {
            view.tokens_between(other.span, quantity.span)
        } else {
            view.tokens_between(quantity.span, other.span)
        };
        let near = between.len() <= 8 && !between.iter().any(|t| t.kind == TokenKind::Break);
        near.then_some(year)
    })
}

/// Places named in the figure's clause ("in Gaza", "across Khan Younis").
pub fn places(view: &SentenceView, quantity: &Quantity) -> Vec<String> {
    let mut found = Vec::new();
    for hit in view.hits(Lexicon::PlacePreposition) {
        let between = if hit.span.end <= quantity.span.start {
            view.tokens_between(hit.span, quantity.span)
        } else {
            view.tokens_between(quantity.span, hit.span)
        };
        if between.len() > PLACE_WINDOW_WORDS || between.iter().any(|t| t.kind == TokenKind::Break)
        {
            continue;
        }
        let mut words: Vec<String> = Vec::new();
        for token in view.tokens_after(hit.span, 5) {
            let word = view.word(token);
            let lower = lowered(word);
            // "St. Lucie", "Mt. Etna": the period of an abbreviation stays inside the name.
            let after_abbreviation = words
                .last()
                .is_some_and(|w| view.rules.segment.never_end.contains(w.as_str()));
            if token.kind == TokenKind::Break && word == "." && after_abbreviation {
                continue;
            }
            let is_the =
                (lower == "the" || DIRECTIONS.contains(&lower.as_ref())) && words.is_empty();
            let capitalized = token.kind == TokenKind::Word
                && word.chars().next().is_some_and(|c| c.is_uppercase())
                && !view.rules.not_places.contains(lower.as_ref());
            if is_the {
                continue;
            }
            if capitalized {
                words.push(word.trim_end_matches("'s").to_string());
            } else {
                break;
            }
        }
        if !words.is_empty() {
            let place = words.join(" ").to_lowercase();
            if !found.contains(&place) {
                found.push(place);
            }
        }
    }
    found
}

/// "€40 million a day", "annual savings of $600m": the period of a rate.
pub fn rate(view: &SentenceView, quantity: &Quantity) -> Option<String> {
    // "from a year ago to $4.2 billion": the period points back in time
    // and is no rate.
    let points_back = |hit: &crate::lexicon::PhraseHit| {
        view.hits(Lexicon::BaselineAfter).iter().any(|back| {
            back.span.overlaps(hit.span)
                || (back.span.start >= hit.span.end
                    && view.tokens_between(hit.span, back.span).is_empty())
        })
    };
    view.hits(Lexicon::Rate)
        .iter()
        .filter(|hit| !points_back(hit))
        .find_map(|hit| {
            let between = if hit.span.start >= quantity.span.end {
                view.tokens_between(quantity.span, hit.span)
            } else if hit.span.end <= quantity.span.start {
                view.tokens_between(hit.span, quantity.span)
            } else {
                &[]
            };
            // "$83.50-a-share": a hyphen may glue the rate to the figure.
            let close = between.len() <= 2
                && between
                    .iter()
                    .all(|t| t.kind != TokenKind::Break && t.kind != TokenKind::Comma);
            close.then(|| view.rules.rate_periods[hit.entry].clone())
        })
}
