//! Extract: an article in, its claims out. Each figure the normalizer finds
//! becomes a claim with its metric, subject, source, places and role; a figure
//! that cannot be compared says why, so `crosscheck extract` can show it.

mod attribution;
mod context;
mod group;
mod metric;
mod sentence;
mod subject;
mod tokens;

pub use group::{extract_group, GroupExtraction, GROUP};
pub use sentence::is_comparable;
pub use tokens::{lowered, tokenize, Token, TokenKind};

use std::sync::Arc;

use crate::article::Article;
use crate::claim::{Claim, Role};
use crate::normalize::{find_quantities, Quantity, QuantityKind};
use crate::rules::CompiledRules;
use crate::segment::segment;
use crate::span::Span;
use sentence::SentenceView;

/// All claims of one article, in text order. Independent of every other
/// article, so articles can be extracted in parallel or on other machines.
pub fn extract_article(article: &Article, rules: &CompiledRules) -> Vec<Claim> {
    extract_article_in(article, &segment(&article.text, &rules.segment), rules)
}

/// The same over sentence spans segmented earlier, so callers that also look
/// for framing terms and dates segment each article once.
pub fn extract_article_in(
    article: &Article,
    sentences: &[Span],
    rules: &CompiledRules,
) -> Vec<Claim> {
    claims_from(article, figures_in(article, sentences, rules), rules)
}

/// The claims of a group of articles, each its own as [`extract_article_in`]
/// gives them. Each stage runs over the whole group before the next starts:
/// the stages' code together does not fit the instruction cache, and run
/// sentence by sentence they evict each other (README, Performance).
pub fn extract_articles_in(
    articles: &[Article],
    sentences: &[Vec<Span>],
    rules: &CompiledRules,
) -> Vec<Vec<Claim>> {
    let figures: Vec<Vec<SentenceFigures>> = articles
        .iter()
        .zip(sentences)
        .map(|(article, sentences)| figures_in(article, sentences, rules))
        .collect();
    articles
        .iter()
        .zip(figures)
        .map(|(article, figures)| claims_from(article, figures, rules))
        .collect()
}

/// A sentence and the figures the normalizer found in it.
struct SentenceFigures {
    span: Span,
    quantities: Vec<Quantity>,
}

/// The sentences that hold a figure, with their figures.
fn figures_in(
    article: &Article,
    sentences: &[Span],
    rules: &CompiledRules,
) -> Vec<SentenceFigures> {
    sentences
        .iter()
        .filter_map(|&span| {
            let quantities = find_quantities(span.slice(&article.text), &rules.units);
            (!quantities.is_empty()).then_some(SentenceFigures { span, quantities })
        })
        .collect()
}

fn claims_from(
    article: &Article,
    figures: Vec<SentenceFigures>,
    rules: &CompiledRules,
) -> Vec<Claim> {
    let mut claims = Vec::new();
    let id: Arc<str> = Arc::from(article.id.as_str());
    let outlet = article.outlet.as_deref().map(Arc::from);
    let published = article.published.as_deref().map(Arc::from);
    let event = article.event.as_deref().map(Arc::from);
    let published_year = article.published_date().map(|d| i32::from(d.year()));
    // Every view first, then the claims: the lexicon search and the claim
    // rules are apart in the code too.
    let views: Vec<(Span, SentenceView)> = figures
        .into_iter()
        .map(|f| {
            let view = SentenceView::new(f.span.slice(&article.text), f.quantities, rules);
            (f.span, view)
        })
        .collect();
    for (sentence_span, view) in views {
        let sources = attribution::find_sources(&view);
        // Where in `claims` the last comparable figure is: the whole a part
        // after it may belong to. An index, so no claim's strings are copied.
        let mut whole: Option<usize> = None;
        let shared_sentence: Arc<str> = Arc::from(view.text);
        for quantity in &view.quantities {
            let mut claim = claim_for(
                &view,
                &shared_sentence,
                quantity,
                &sources,
                published_year,
                whole.and_then(|at| {
                    let whole: &Claim = &claims[at];
                    Some((whole.metric.as_deref()?, whole.subject.as_deref()?))
                }),
            );
            if claim.topic.is_some() && claim.metric.is_some() && claim.subject.is_some() {
                whole = Some(claims.len());
            }
            claim.span = claim.span.shifted(sentence_span.start);
            claim.sentence_span = sentence_span;
            claim.in_title = article.is_in_title(claim.span);
            claim.article = id.clone();
            claim.outlet = outlet.clone();
            claim.published = published.clone();
            claim.event = event.clone();
            claims.push(claim);
        }
    }
    claims
}

/// Claims of a single sentence or snippet with no article around it, as the
/// rule-file examples use.
pub fn extract_text(text: &str, rules: &CompiledRules) -> Vec<Claim> {
    let article = Article::from_parts("example", "example", None, text);
    extract_article(&article, rules)
}

fn not_a_count(kind: QuantityKind) -> Option<&'static str> {
    match kind {
        QuantityKind::Year => Some("a year, not a count"),
        QuantityKind::Date => Some("a date, not a count"),
        QuantityKind::Time => Some("a time of day, not a count"),
        QuantityKind::Age => Some("an age, not a count"),
        QuantityKind::Ordinal => Some("an ordinal, not a count"),
        QuantityKind::Duration => Some("a duration, not a count"),
        QuantityKind::Identifier => Some("part of a name or number label, not a count"),
        QuantityKind::Count
        | QuantityKind::Percent
        | QuantityKind::Money
        | QuantityKind::Measure => None,
    }
}

fn claim_for(
    view: &SentenceView,
    sentence: &Arc<str>,
    quantity: &Quantity,
    sources: &[attribution::Source],
    published_year: Option<i32>,
    part_of: Option<(&str, &str)>,
) -> Claim {
    let mut claim = Claim {
        article: Arc::from(""),
        outlet: None,
        published: None,
        event: None,
        sentence: sentence.clone(),
        sentence_span: Span::default(),
        span: quantity.span,
        text: quantity.span.slice(view.text).to_string(),
        quantity: quantity.clone(),
        metric: None,
        subject: None,
        attribution: attribution::nearest_source(sources, quantity.span).map(|s| s.name.clone()),
        places: Vec::new(),
        rate: None,
        role: Role::Current,
        in_title: false,
        topic: None,
        skipped_because: None,
    };
    if let Some(reason) = not_a_count(quantity.kind) {
        claim.skipped_because = Some(reason.to_string());
        return claim;
    }
    if context::is_share_base(view, quantity) {
        claim.skipped_because = Some("the whole that a share is taken of".to_string());
        return claim;
    }
    if context::is_threshold(view, quantity) {
        claim.skipped_because = Some("a threshold, not a count".to_string());
        return claim;
    }
    claim.places = context::places(view, quantity);
    claim.rate = context::rate(view, quantity);
    // "killed 492 people, including 35 children": a part counts what its
    // whole counts, unless a verb of its own follows it ("fired 500
    // drones, of which 460 were downed").
    let is_part = context::is_part(view, quantity);
    let choice = metric::choose_metric(view, quantity, is_part);
    let own_verb_after = || {
        choice.as_ref().is_some_and(|choice| {
            choice.hit.span.start >= quantity.span.end && {
                let between = view.tokens_between(quantity.span, choice.hit.span);
                // Right after the figure, a term is its noun ("4.5 million votes").
                (1..=3).contains(&between.len())
                    && between.iter().all(|t| t.kind == TokenKind::Word)
            }
        })
    };
    let own_verb = is_part && own_verb_after();
    let parent = part_of
        .filter(|_| is_part && !own_verb)
        .and_then(|(id, _)| view.rules.metric(id))
        .and_then(|metric| {
            Some((
                metric,
                subject::counted_noun_subject(view, quantity, metric)?,
            ))
        });
    let (metric, subject, term) = match (parent, choice) {
        (Some((metric, subject)), _) => (metric, subject, None),
        (None, Some(choice)) => {
            let metric = &view.rules.metrics[choice.metric];
            let mut subject = subject::choose_subject(view, quantity, &choice, metric);
            // "500 drones, of which 460 were downed": 460 drones.
            if let (true, None, Some((_, whole))) = (own_verb, subject.noun_end, part_of) {
                subject.subject = whole.to_string();
            }
            (metric, subject, Some(choice.hit.span))
        }
        (None, None) => {
            claim.role = context::role(view, quantity, None);
            claim.skipped_because =
                Some("no metric term near the figure says what it counts".to_string());
            return claim;
        }
    };
    // A part with its own verb says what it counts, and counts what its
    // whole counts ("500 drones, of which 460 were downed").
    let part = (subject.noun_end.is_none() && is_part && !own_verb)
        || term.is_some_and(|term| context::is_part_of_term(view, quantity, term, false));
    if part {
        claim.metric = Some(metric.topic_id.clone());
        claim.skipped_because =
            Some("part of a larger figure, and the sentence does not say of what".to_string());
        return claim;
    }
    if let Some(end) = subject.noun_end {
        claim.span = Span::new(quantity.span.start, end);
        claim.text = claim.span.slice(view.text).to_string();
    }
    claim.role = context::role(view, quantity, term);
    claim.metric = Some(metric.topic_id.clone());
    claim.subject = Some(subject.subject.clone());
    match claim.role {
        Role::Baseline => {
            claim.skipped_because = Some("an earlier value the sentence compares with".to_string());
            return claim;
        }
        Role::Increment => {
            claim.skipped_because = Some("an addition to a total, not the total".to_string());
            return claim;
        }
        Role::Current | Role::Projection => {}
    }
    let in_points =
        quantity.dimension == "percent" && is_point_change(quantity.span.slice(view.text));
    // "raised rates by half a percentage point": points after "by" are a change.
    let by_points = in_points
        && view
            .tokens_before(quantity.span, 1)
            .first()
            .is_some_and(|t| view.word(t).eq_ignore_ascii_case("by"));
    let is_change =
        (quantity.change.is_some() && (in_points || !metric.changes_are_levels)) || by_points;
    let mut topic = topic_key(
        &metric.topic_id,
        &subject.subject,
        quantity,
        claim.rate.as_deref(),
        is_change,
    );
    // A figure tied to an earlier year ("the 1998 flood killed 31") meets only
    // figures about that year.
    if let Some(year) = context::stated_year(view, quantity, published_year) {
        topic.push_str(&format!("/in-{year}"));
    }
    if context::is_partial_period(view, quantity) {
        topic.push_str("/partial");
    }
    // "Damage could reach $12 billion" and "losses are put at $9 billion"
    // can both be true: a forecast meets only other forecasts, unless the
    // metric is a plan by nature, which every outlet reports as one.
    if claim.role == Role::Projection && !metric.planned {
        topic.push_str("/projected");
    }
    claim.topic = Some(topic);
    claim
}

/// "0.3 percentage points", "50 basis points", "a quarter-point": a change
/// counted in points of a rate, not a rate's own percent change.
fn is_point_change(figure: &str) -> bool {
    let bytes = figure.as_bytes();
    let ends_with = |suffix: &[u8]| {
        bytes.len() >= suffix.len()
            && bytes[bytes.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    bytes.windows(5).any(|w| w.eq_ignore_ascii_case(b"point"))
        || ends_with(b"bp")
        || ends_with(b"bps")
        || ends_with(b"pp")
}

/// How a unit's "/" is written in a topic key, whose segments "/" separates:
/// "wind_speed/m-per-s".
pub const UNIT_PER: &str = "-per-";

/// The subject of a metric that counts no particular thing (a magnitude, a revenue).
pub const UNSPECIFIED: &str = "unspecified";

/// The alignment key: metric, subject, and for anything but plain counts the
/// unit, so percentages meet percentages and euros meet euros.
pub fn topic_key(
    metric: &str,
    subject: &str,
    quantity: &Quantity,
    rate: Option<&str>,
    is_change: bool,
) -> String {
    // Built with `push_str`, not `format!`: every comparable figure has a key.
    let mut key = String::with_capacity(metric.len() + subject.len() + 16);
    key.push_str(metric);
    if subject != UNSPECIFIED {
        key.push('/');
        key.push_str(subject);
    }
    if quantity.dimension != "count" {
        key.push('/');
        let unit = if quantity.unit.is_empty() {
            &quantity.dimension
        } else {
            &quantity.unit
        };
        // "m/s" would read as two segments of the key: a unit and a rate.
        if unit.contains('/') {
            key.push_str(&unit.replace('/', UNIT_PER));
        } else {
            key.push_str(unit);
        }
    }
    // "down 11 percent" is a change, "11 percent" a level; for counts the
    // normalizer's change marker also fires on "cut 4,000 jobs", which is a level.
    if is_change && quantity.dimension == "percent" {
        key.push_str("/change");
    }
    if let Some(period) = rate {
        key.push_str("/per-");
        key.push_str(period);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::sample_articles;

    #[test]
    fn a_group_of_articles_gives_each_article_its_own_claims() {
        let rules = crate::rules::builtin_compiled();
        let articles = sample_articles();
        let sentences: Vec<Vec<Span>> = articles
            .iter()
            .map(|a| segment(&a.text, &rules.segment))
            .collect();
        let grouped = extract_articles_in(&articles, &sentences, &rules);
        assert_eq!(grouped.len(), articles.len());
        for ((article, sentences), claims) in articles.iter().zip(&sentences).zip(&grouped) {
            assert!(!claims.is_empty(), "{} has figures", article.id);
            assert!(claims.iter().all(|c| *c.article == article.id));
            assert_eq!(
                *claims,
                extract_article_in(article, sentences, &rules),
                "{}",
                article.id
            );
        }
    }
}
