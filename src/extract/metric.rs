//! Which metric a figure counts: the metric term that is closest to it in a
//! weighted word distance, among the metrics that accept the figure's dimension.
//!
//! Distance is counted in words rather than bytes; counted nouns ("people")
//! and function words ("has risen to") barely count, while a comma, a clause
//! break or another figure in between count a lot, so in "killing at least 86
//! people and injuring more than 400" each figure takes its own verb.

use crate::extract::context;
use crate::extract::sentence::{is_comparable, SentenceView};
use crate::extract::subject::counted_noun_class;
use crate::extract::tokens::TokenKind;
use crate::lexicon::PhraseHit;
use crate::normalize::Quantity;
use crate::rules::Lexicon;

/// Past this cost a metric term belongs to another part of the sentence.
const MAX_COST: f64 = 8.0;
/// Terms before a figure often head its clause ("the death toll has risen to 124").
const BEFORE_WEIGHT: f64 = 0.6;

#[derive(Debug, Clone, Copy)]
pub struct MetricChoice {
    pub metric: usize,
    pub hit: PhraseHit,
    pub cost: f64,
}

/// `is_part`: whether the figure is a part of another ([`context::is_part`]).
pub fn choose_metric(
    view: &SentenceView,
    quantity: &Quantity,
    is_part: bool,
) -> Option<MetricChoice> {
    let mut best: Option<(MetricChoice, usize)> = None;
    let mut best_whole: Option<(MetricChoice, usize)> = None;
    let counted = counted_noun_class(view, quantity);
    for hit in view.metric_hits() {
        let metric = &view.rules.metrics[hit.entry];
        if !metric.accepts(&quantity.dimension, quantity.nominal) {
            continue;
        }
        if !metric.required_subjects.is_empty()
            && !counted.is_some_and(|c| metric.required_subjects.contains(c))
        {
            continue;
        }
        // A term past MAX_COST is dropped whatever its full cost, so its walk
        // can stop there; a sentence-wide metric needs the whole cost.
        let limit = |weight: f64| (!metric.sentence_wide).then_some(Limit { weight });
        let (cost, bytes) = if hit.span.overlaps(quantity.span) {
            (0.0, 0)
        } else if hit.span.start >= quantity.span.end {
            (
                path_cost(view, quantity, quantity.span, hit.span, limit(1.0)),
                hit.span.start - quantity.span.end,
            )
        } else {
            (
                BEFORE_WEIGHT
                    * path_cost(
                        view,
                        quantity,
                        hit.span,
                        quantity.span,
                        limit(BEFORE_WEIGHT),
                    ),
                quantity.span.start - hit.span.end,
            )
        };
        if cost > MAX_COST && !metric.sentence_wide {
            continue;
        }
        let choice = MetricChoice {
            metric: hit.entry,
            hit: *hit,
            cost,
        };
        // "19 of the injured were in a serious condition": the term right
        // after "of the" names the whole, and so does a term before a part
        // ("70 were hurt, including 21 who remain in critical condition").
        // A term after both says what the part itself counts.
        let names_the_whole = context::is_part_of_term(view, quantity, hit.span, true)
            || (is_part && hit.span.end <= quantity.span.start);
        let slot = if names_the_whole {
            &mut best_whole
        } else {
            &mut best
        };
        if slot
            .as_ref()
            .is_none_or(|current| cheaper((&choice, bytes), current))
        {
            *slot = Some((choice, bytes));
        }
    }
    match (best, best_whole) {
        (Some(own), Some(whole)) => {
            let after_both = own.0.hit.span.start >= whole.0.hit.span.end.max(quantity.span.end);
            if after_both || cheaper((&own.0, own.1), &whole) {
                Some(own.0)
            } else {
                Some(whole.0)
            }
        }
        (own, whole) => own.or(whole).map(|(choice, _)| choice),
    }
}

/// The cheaper of two choices, the nearer in bytes on a tie.
fn cheaper(choice: (&MetricChoice, usize), current: &(MetricChoice, usize)) -> bool {
    choice.0.cost < current.0.cost || (choice.0.cost == current.0.cost && choice.1 < current.1)
}

/// Spans from a part-of phrase ("among them", "including") to the end of its
/// clause: an aside listing parts of the figure before it.
fn appositive_asides(view: &SentenceView) -> Vec<crate::span::Span> {
    view.hits(Lexicon::PartBefore)
        .iter()
        .filter(|hit| {
            view.tokens_before(hit.span, 1)
                .first()
                .is_some_and(|t| t.kind == TokenKind::Comma)
        })
        .filter_map(|hit| {
            let rest = view.tokens_after(hit.span, 16);
            let end = rest.iter().find(|t| t.kind != TokenKind::Word)?;
            (end.kind == TokenKind::Comma)
                .then(|| crate::span::Span::new(hit.span.start, end.span.end))
        })
        .collect()
}

/// Where a walk may stop: once `weight` times the cost so far is past
/// [`MAX_COST`]. Every step adds a cost of zero or more, so the whole
/// path's weighted cost would be past it too.
#[derive(Debug, Clone, Copy)]
struct Limit {
    weight: f64,
}

/// The cost of the path between two spans, or with a `limit`, the cost so
/// far once it is past the limit.
fn path_cost(
    view: &SentenceView,
    quantity: &Quantity,
    left: crate::span::Span,
    right: crate::span::Span,
    limit: Option<Limit>,
) -> f64 {
    let mut cost = 0.0;
    let mut figures_crossed = Vec::new();
    let asides = appositive_asides(view);
    for token in view.tokens_between(left, right) {
        // "558 people, among them 50 children and 94 women, were killed": the
        // aside is skipped as a whole, so the figure still reaches its verb.
        if asides.iter().any(|aside| aside.contains(token.span)) {
            continue;
        }
        cost += match token.kind {
            TokenKind::Comma => 1.5,
            TokenKind::Break => 3.0,
            TokenKind::Other => 0.5,
            TokenKind::Word => {
                if let Some(index) = view.in_comparable_quantity(token.span) {
                    let other = &view.quantities[index];
                    // "112 of the 300 seats": the whole counts what its part counts.
                    if other.span == quantity.span
                        || figures_crossed.contains(&index)
                        || context::share_of_base(view, other)
                            .is_some_and(|share| share.span == quantity.span)
                    {
                        0.0
                    } else {
                        figures_crossed.push(index);
                        5.0
                    }
                } else if view
                    .quantities
                    .iter()
                    .any(|q| !is_comparable(q.kind) && q.span.contains(token.span))
                {
                    0.5
                } else if view.is_subject_word(token.span) {
                    0.0
                } else if view.is_clause_break(token.span) {
                    2.0
                } else if view.is_light_word(token) {
                    0.25
                } else {
                    1.0
                }
            }
        };
        if limit.is_some_and(|limit| limit.weight * cost > MAX_COST) {
            break;
        }
    }
    cost
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::find_quantities;

    #[test]
    fn a_walk_with_a_limit_stops_only_once_past_it() {
        let rules = crate::rules::builtin_compiled();
        let text = "Crews counted 40 houses on the hillside, near the old mill and the \
                    school, across the valley road, before the storm, which were destroyed.";
        let view = SentenceView::new(text, find_quantities(text, &rules.units), &rules);
        let figure = view.quantities[0].clone();
        let term = view
            .metric_hits()
            .iter()
            .find(|hit| hit.span.slice(text) == "destroyed")
            .expect("a metric term for destroyed buildings")
            .span;
        let whole = path_cost(&view, &figure, figure.span, term, None);
        assert!(whole > MAX_COST, "the term is far off: {whole}");
        let stopped = path_cost(
            &view,
            &figure,
            figure.span,
            term,
            Some(Limit { weight: 1.0 }),
        );
        assert!(
            stopped > MAX_COST && stopped < whole,
            "{stopped} against {whole}"
        );
        // A near term never reaches the limit, so its cost is the whole cost.
        let near_text = "Some 40 houses were destroyed.";
        let near = SentenceView::new(near_text, find_quantities(near_text, &rules.units), &rules);
        let near_figure = near.quantities[0].clone();
        let near_term = near.metric_hits()[0].span;
        assert_eq!(
            path_cost(
                &near,
                &near_figure,
                near_figure.span,
                near_term,
                Some(Limit { weight: 1.0 })
            ),
            path_cost(&near, &near_figure, near_figure.span, near_term, None),
        );
    }
}
