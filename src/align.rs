//! Align: claims in, groups of claims about the same thing out.
//!
//! Claims meet only through their topic key (metric, subject, unit), looked up
//! in a map, so the work grows with the number of claims, never with the
//! number of pairs of claims. Within a topic, each article keeps only the
//! claims that speak for it: body figures over headline ones, exact figures
//! over vague ones, current values over earlier ones.

use std::collections::BTreeMap;

use crate::claim::Claim;

/// The claims of every article about one topic.
#[derive(Debug, Clone)]
pub struct TopicGroup<'a> {
    pub topic: String,
    /// Article id → its claims on this topic, most specific first.
    pub by_article: BTreeMap<&'a str, Vec<&'a Claim>>,
}

pub fn align(claims: &[Claim]) -> Vec<TopicGroup<'_>> {
    let mut topics: BTreeMap<&str, BTreeMap<&str, Vec<&Claim>>> = BTreeMap::new();
    for claim in claims {
        if let Some(topic) = &claim.topic {
            topics
                .entry(topic)
                .or_default()
                .entry(&claim.article)
                .or_default()
                .push(claim);
        }
    }
    topics
        .into_iter()
        .filter(|(_, by_article)| by_article.len() >= 2)
        .map(|(topic, by_article)| TopicGroup {
            topic: topic.to_string(),
            by_article: by_article
                .into_iter()
                .map(|(article, claims)| (article, speaking_claims(claims)))
                .collect(),
        })
        .collect()
}

/// The claims that speak for an article on one topic. A headline figure is a
/// summary of the body, and "dozens" is a summary of an exact toll, so both
/// step aside when the article gives more.
pub fn speaking_claims(mut claims: Vec<&Claim>) -> Vec<&Claim> {
    if claims.iter().any(|c| !c.in_title) {
        claims.retain(|c| !c.in_title);
    }
    if claims.iter().any(|c| !c.quantity.vague) {
        claims.retain(|c| !c.quantity.vague);
    }
    claims.sort_by(|a, b| {
        a.width()
            .total_cmp(&b.width())
            .then(a.span.start.cmp(&b.span.start))
    });
    claims
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::test_claim;

    fn claim(
        article: &str,
        topic: &str,
        low: f64,
        high: Option<f64>,
        in_title: bool,
        vague: bool,
    ) -> Claim {
        let mut claim = test_claim(article, topic, Some(low), high, "2025-01-01");
        claim.in_title = in_title;
        claim.quantity.vague = vague;
        claim.span = crate::span::Span::new(low as usize, low as usize + 1);
        claim
    }

    #[test]
    fn groups_only_topics_that_two_articles_share() {
        let claims = vec![
            claim("a", "killed/people", 86.0, Some(86.0), false, false),
            claim("b", "killed/people", 62.0, Some(62.0), false, false),
            claim("b", "injured/people", 350.0, Some(350.0), false, false),
        ];
        let groups = align(&claims);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].topic, "killed/people");
        assert_eq!(
            groups[0].by_article.keys().copied().collect::<Vec<_>>(),
            vec!["a", "b"]
        );
    }

    #[test]
    fn body_figures_replace_the_headline_and_exact_figures_replace_vague_ones() {
        let headline = claim("a", "t", 120.0, None, true, false);
        let vague = claim("a", "t", 24.0, Some(99.0), false, true);
        let exact = claim("a", "t", 124.0, Some(124.0), false, false);
        let kept = speaking_claims(vec![&headline, &vague, &exact]);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].nominal(), 124.0);
    }
}
