//! Articles grouped by content. Every unlabelled article waits, in compact
//! form, until the last one is read: clustering needs all of their keys.
//! Then near-duplicates and clusters are found over all of them (see
//! [`similar`]), and each cluster is handed its members, in cluster-name
//! order.

use std::collections::BTreeMap;
use std::ops::Range;

use super::held::{Held, Unlabelled};
use super::similar::{self, ClusterItem, KeyBook};
use super::spill::Spilled;

/// Every article waiting to be clustered. Keys are numbered by one book
/// and kept end to end in one vector: as a vector of strings per article
/// they took more memory than the article texts, and sorting every
/// article's strings to number them cost most of the clustering time.
#[derive(Default)]
pub struct Unclustered {
    waiting: Vec<Waiting>,
    keys: Vec<u32>,
    book: KeyBook,
}

struct Waiting {
    held: Held,
    signature: Vec<u64>,
    /// Days since the epoch of the publication day, when known.
    day: Option<i64>,
    /// Where its keys' numbers are in [`Unclustered::keys`].
    keys: Range<usize>,
}

impl Unclustered {
    pub fn push(&mut self, article: Unlabelled) {
        let start = self.keys.len();
        for key in &article.keys {
            let number = self.book.number(key);
            self.keys.push(number);
        }
        self.waiting.push(Waiting {
            held: article.held,
            signature: article.signature,
            day: article.day,
            keys: start..self.keys.len(),
        });
    }

    pub(super) fn len(&self) -> usize {
        self.waiting.len()
    }
}

/// A cluster of articles grouped by content, ready to compare: its members
/// sorted by id, each with its signature, and their near-duplicate pairs as
/// member indices.
pub struct ClusterGroup {
    pub event: String,
    pub members: Vec<(Held, Vec<u64>)>,
    pub duplicates: Vec<(usize, usize, f64)>,
}

/// Clusters the waiting articles and hands each cluster its members, sorted
/// by cluster name. The keys go once the clusters are made.
pub fn into_groups(unclustered: Unclustered) -> Vec<ClusterGroup> {
    let Unclustered {
        mut waiting,
        keys,
        book,
    } = unclustered;
    waiting.sort_by(|a, b| {
        a.held
            .id()
            .cmp(b.held.id())
            .then(a.held.path().cmp(b.held.path()))
    });
    let signatures: Vec<&[u64]> = waiting.iter().map(|w| w.signature.as_slice()).collect();
    let duplicates = similar::duplicate_pairs(&signatures);
    let clusters = clusters_of(&waiting, &keys, book, &duplicates);
    drop(keys);
    let mut cluster_of = vec![(0usize, 0usize); waiting.len()];
    for (c, (_, members)) in clusters.iter().enumerate() {
        for (local, &i) in members.iter().enumerate() {
            cluster_of[i] = (c, local);
        }
    }
    let mut local_duplicates: Vec<Vec<(usize, usize, f64)>> = vec![Vec::new(); clusters.len()];
    for &(i, j, s) in &duplicates {
        let ((ci, li), (cj, lj)) = (cluster_of[i], cluster_of[j]);
        if ci == cj {
            local_duplicates[ci].push((li.min(lj), li.max(lj), s));
        }
    }
    // Every article is in exactly one cluster, so each moves to it.
    let mut slots: Vec<Option<(Held, Vec<u64>)>> = waiting
        .into_iter()
        .map(|w| Some((w.held, w.signature)))
        .collect();
    let mut groups: Vec<ClusterGroup> = clusters
        .into_iter()
        .zip(local_duplicates)
        .map(|((event, members), duplicates)| ClusterGroup {
            event,
            members: members
                .iter()
                .map(|&i| slots[i].take().expect("an article is in one cluster"))
                .collect(),
            duplicates,
        })
        .collect();
    groups.sort_by(|a, b| a.event.cmp(&b.event));
    groups
}

/// Each cluster's name and members, as indices into `waiting` (sorted by
/// id); `duplicates` are pairs of such indices, and always join.
fn clusters_of(
    waiting: &[Waiting],
    keys: &[u32],
    book: KeyBook,
    duplicates: &[(usize, usize, f64)],
) -> Vec<(String, Vec<usize>)> {
    if waiting.is_empty() {
        return Vec::new();
    }
    let key_count = book.len();
    let rank = book.ranks();
    let ranked: Vec<u32> = keys.iter().map(|&number| rank[number as usize]).collect();
    let items: Vec<ClusterItem> = waiting
        .iter()
        .map(|w| ClusterItem {
            keys: &ranked[w.keys.clone()],
            day: w.day,
        })
        .collect();
    let extra: Vec<(usize, usize)> = duplicates.iter().map(|&(i, j, _)| (i, j)).collect();
    let roots = similar::cluster(&items, key_count, &extra);
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, root) in roots.into_iter().enumerate() {
        clusters.entry(root).or_default().push(i);
    }
    clusters
        .into_values()
        // Articles are sorted by id, so the first member has the smallest id.
        .map(|members| (format!("auto/{}", waiting[members[0]].held.id()), members))
        .collect()
}
