//! What `check` holds of an article until every article has been read and
//! its group's turn comes: an event group's members ([`Held`]), or an
//! article to be clustered by content, with what clustering reads of it
//! ([`Unlabelled`]).
//!
//! An article is held as read and extracted only when its group is compared.
//! Its digest (claims with their sentences, framing terms, dates, a MinHash
//! signature) is two to three times the size of its text and took about 43k
//! instructions to write to a spill run and read back, against a few
//! thousand for the article; so a large dataset's spill cost most of a fifth
//! of the run, and a held text cost little. Extraction is the same work in
//! either phase, and in the later one it runs in parallel over event groups.
//! A `--claims` file gives digests, not texts, and those are held as they are.

use serde::{Deserialize, Serialize};

use rayon::prelude::*;

use super::spill::Spilled;
use super::{day_of, lead, similar, Digest};
use crate::article::Article;
use crate::extract::GROUP;
use crate::rules::CompiledRules;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Held {
    /// An article as read, not yet extracted.
    Text(Article),
    /// An article known only by its claims.
    Digest(Digest),
}

impl Held {
    pub fn id(&self) -> &str {
        match self {
            Held::Text(a) => &a.id,
            Held::Digest(d) => &d.id,
        }
    }

    pub fn path(&self) -> &str {
        match self {
            Held::Text(a) => &a.path,
            Held::Digest(d) => &d.path,
        }
    }
}

/// Held articles wait sorted by (event, id, path): one event at a time.
impl Spilled for Held {
    fn event(&self) -> Option<&str> {
        match self {
            Held::Text(a) => a.event.as_deref(),
            Held::Digest(d) => d.event.as_deref(),
        }
    }

    fn order(&self, other: &Self) -> std::cmp::Ordering {
        self.event()
            .cmp(&other.event())
            .then_with(|| self.id().cmp(other.id()))
            .then_with(|| self.path().cmp(other.path()))
    }

    fn weight(&self) -> usize {
        match self {
            Held::Text(a) => article_weight(a),
            Held::Digest(d) => digest_weight(d),
        }
    }
}

fn optional(s: &Option<String>) -> usize {
    s.as_ref().map_or(0, String::len)
}

fn article_weight(a: &Article) -> usize {
    // Seven strings' headers and the allocator's rounding.
    256 + a.id.len()
        + a.path.len()
        + optional(&a.outlet)
        + optional(&a.title)
        + optional(&a.published)
        + optional(&a.url)
        + optional(&a.event)
        + a.text.len()
}

fn digest_weight(d: &Digest) -> usize {
    let strings = d.id.len()
        + d.path.len()
        + optional(&d.title)
        + optional(&d.outlet)
        + optional(&d.published)
        + optional(&d.event);
    let claims: usize = d
        .claims
        .iter()
        .map(|c| c.sentence.len() + c.text.len() + c.article.len() + 600)
        .sum();
    let terms: usize = d
        .terms
        .iter()
        .map(|t| t.sentence.len() + t.term.len() + t.article.len() + 160)
        .sum();
    let dates: usize = d
        .dates
        .iter()
        .map(|x| x.sentence.len() + x.text.len() + x.article.len() + 320)
        .sum();
    256 + strings + claims + terms + dates + d.signature.len() * 8 + d.positions.len() * 24
}

/// One event group's digests, in the group's order: its digests as they
/// came, and its texts extracted in chunks of [`GROUP`] articles (as
/// `extract` runs its stages over a group of articles), in parallel when the
/// event is large enough to fill more than one, so that one large event is
/// not extracted on one thread while the others wait.
pub fn into_digests(group: Vec<Held>, rules: &CompiledRules) -> Vec<Digest> {
    digests_of(group.into_iter().map(|held| (held, None)).collect(), rules)
}

/// A cluster's digests, in its order, as [`into_digests`] gives them; each
/// member's signature, computed when it was clustered, is not computed again.
pub fn into_clustered_digests(
    members: Vec<(Held, Vec<u64>)>,
    rules: &CompiledRules,
) -> Vec<Digest> {
    digests_of(
        members
            .into_iter()
            .map(|(held, signature)| (held, Some(signature)))
            .collect(),
        rules,
    )
}

fn digests_of(group: Vec<(Held, Option<Vec<u64>>)>, rules: &CompiledRules) -> Vec<Digest> {
    let mut texts = Vec::new();
    let mut signatures = Vec::new();
    let mut slots = Vec::with_capacity(group.len());
    for (held, signature) in group {
        match held {
            Held::Text(article) => {
                texts.push(article);
                signatures.push(signature);
                slots.push(None);
            }
            Held::Digest(mut digest) => {
                if let Some(signature) = signature {
                    digest.signature = signature;
                }
                slots.push(Some(digest));
            }
        }
    }
    // Compared within their group, these articles need no cluster keys.
    let extracted: Vec<Digest> = texts
        .par_chunks(GROUP)
        .zip(signatures.par_chunks_mut(GROUP))
        .flat_map_iter(|(chunk, known)| {
            let mut known = known.iter_mut();
            Digest::from_articles_with(chunk, rules, move |article| {
                let signature = known
                    .next()
                    .and_then(Option::take)
                    .unwrap_or_else(|| similar::signature(&article.text));
                (signature, Vec::new())
            })
        })
        .collect();
    let mut extracted = extracted.into_iter();
    slots
        .into_iter()
        .map(|slot| slot.unwrap_or_else(|| extracted.next().expect("one digest per text")))
        .collect()
}

/// An article to be grouped by content, as read or as the digest of a
/// `--claims` file, with what clustering reads of it, computed in parallel
/// as it is read; `clusters::Unclustered` then keeps it in compact form
/// until every article is read.
pub struct Unlabelled {
    pub held: Held,
    pub signature: Vec<u64>,
    pub keys: Vec<String>,
    /// Days since the epoch of the publication day, when known.
    pub day: Option<i64>,
}

impl Unlabelled {
    pub fn text(article: Article) -> Self {
        Unlabelled {
            signature: similar::signature(&article.text),
            keys: similar::cluster_keys(article.title.as_deref(), lead(&article)),
            day: day_of(article.published.as_deref()),
            held: Held::Text(article),
        }
    }

    /// A digest's signature and keys move out of it while it is clustered.
    pub fn digest(mut digest: Digest) -> Self {
        Unlabelled {
            signature: std::mem::take(&mut digest.signature),
            keys: std::mem::take(&mut digest.keys),
            day: day_of(digest.published.as_deref()),
            held: Held::Digest(digest),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::sample_articles;

    /// The built-in rules, the sample articles and their digests as
    /// extraction on reading gives them.
    fn samples() -> (CompiledRules, Vec<Article>, Vec<Digest>) {
        let rules = crate::rules::builtin_compiled();
        let articles = sample_articles();
        let digests = Digest::from_articles(&articles, &rules, |_| false);
        (rules, articles, digests)
    }

    fn assert_same_digest(digest: &Digest, expected: &Digest) {
        assert_eq!(
            serde_json::to_string(digest).unwrap(),
            serde_json::to_string(expected).unwrap(),
            "{}",
            expected.id
        );
    }

    /// Held texts extracted in their event's turn, in chunks when the event
    /// is large, give the digests that extracting them as they were read
    /// gave, and digests held among them keep their places.
    #[test]
    fn a_held_group_gives_the_digests_extraction_on_reading_gave() {
        let (rules, articles, on_reading) = samples();
        let mut from_claims = on_reading[1].clone();
        from_claims.id = "from-a-claims-file".into();
        // An event larger than one extraction chunk: the samples five times.
        let copies = 5;
        let mut group: Vec<Held> = std::iter::repeat_n(&articles, copies)
            .flatten()
            .cloned()
            .map(Held::Text)
            .collect();
        assert!(group.len() > 2 * GROUP);
        group.insert(1, Held::Digest(from_claims));
        let held = into_digests(group, &rules);
        assert_eq!(held.len(), copies * articles.len() + 1);
        assert_eq!(held[1].id, "from-a-claims-file");
        let texts: Vec<&Digest> = held
            .iter()
            .filter(|d| d.id != "from-a-claims-file")
            .collect();
        let expected = std::iter::repeat_n(&on_reading, copies).flatten();
        for (digest, expected) in texts.iter().zip(expected) {
            assert_same_digest(digest, expected);
        }
        assert!(on_reading.iter().any(|d| !d.claims.is_empty()));
    }

    /// A cluster's members come back as the digests extraction gives, each
    /// with the signature it was clustered by (not computed again), and a
    /// `--claims` digest gets its signature back after clustering.
    #[test]
    fn clustered_members_keep_the_signature_they_were_clustered_by() {
        let (rules, articles, on_reading) = samples();
        let from_claims = Unlabelled::digest(on_reading[0].clone());
        assert!(from_claims.signature == on_reading[0].signature);
        let mut members: Vec<(Held, Vec<u64>)> = vec![(from_claims.held, from_claims.signature)];
        for article in &articles {
            let unlabelled = Unlabelled::text(article.clone());
            assert!(!unlabelled.keys.is_empty(), "{}", article.id);
            members.push((unlabelled.held, unlabelled.signature));
        }
        // A marker signature shows which one the digest carries.
        members[2].1 = vec![7; members[2].1.len()];
        let digests = into_clustered_digests(members, &rules);
        assert_eq!(digests.len(), articles.len() + 1);
        assert_eq!(digests[0].signature, on_reading[0].signature);
        assert_eq!(digests[2].signature, vec![7; on_reading[1].signature.len()]);
        // Every text but the marked one is the digest extraction gave.
        for (digest, expected) in digests[1..].iter().zip(&on_reading) {
            if digest.id == digests[2].id {
                continue;
            }
            assert_same_digest(digest, expected);
        }
    }

    /// A text weighs about its length; a digest of the same article more,
    /// so the budget holds more articles as texts.
    #[test]
    fn a_text_weighs_less_than_its_digest() {
        let (_, articles, digests) = samples();
        for (article, digest) in articles.iter().zip(digests) {
            let text = Held::Text(article.clone()).weight();
            assert!(text >= article.text.len(), "{}", article.id);
            assert!(text < Held::Digest(digest).weight(), "{}", article.id);
        }
    }
}
