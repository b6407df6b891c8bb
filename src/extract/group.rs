//! A group of articles through segmenting, claims and dates, one stage at a
//! time over the whole group: the stages' code together does not fit the
//! instruction cache, and run article by article they evict each other
//! (README, Performance). `extract` and `check` both read articles this way.

use crate::article::Article;
use crate::claim::Claim;
use crate::rules::CompiledRules;
use crate::segment::segment;
use crate::span::Span;
use crate::temporal::{extract_dates_in, DateClaim};

use super::extract_articles_in;

/// Articles a worker takes at once: a few dozen short articles are enough
/// to keep each stage's code in the cache across the group.
pub const GROUP: usize = 32;

/// Each article's sentences, claims and dates, in the group's order.
pub struct GroupExtraction {
    pub sentences: Vec<Vec<Span>>,
    pub claims: Vec<Vec<Claim>>,
    pub dates: Vec<Vec<DateClaim>>,
}

pub fn extract_group(articles: &[Article], rules: &CompiledRules) -> GroupExtraction {
    let sentences: Vec<Vec<Span>> = articles
        .iter()
        .map(|article| segment(&article.text, &rules.segment))
        .collect();
    let claims = extract_articles_in(articles, &sentences, rules);
    let dates = articles
        .iter()
        .zip(&sentences)
        .map(|(article, sentences)| extract_dates_in(article, sentences, rules))
        .collect();
    GroupExtraction {
        sentences,
        claims,
        dates,
    }
}
