//! Articles grouped by content. Every unlabelled article waits, in compact
//! form, until the last one is read: clustering needs all of their keys.
//! The articles themselves wait in a [`Store`], on disk past a budget.
//! Then near-duplicates and clusters are found over all of them (see
//! [`similar`]), and the clusters are handed out in cluster-name order,
//! each with its members read back.

use std::collections::BTreeMap;
use std::io;
use std::iter::Peekable;
use std::ops::Range;

use super::held::{Held, Unlabelled};
use super::similar::{self, ClusterItem, KeyBook};
use super::spill;
use super::store::{Store, StoreReader, Stored};

/// Every article waiting to be clustered. Keys are numbered by one book
/// and kept end to end in one vector: as a vector of strings per article
/// they took more memory than the generated articles' texts, and comparing
/// them as strings in the key index was a tenth of a `--cluster` run.
pub struct Unclustered {
    waiting: Vec<Waiting>,
    keys: Vec<u32>,
    book: KeyBook,
    store: Store,
}

struct Waiting {
    /// Its id and path, which clusters are sorted and named by, kept apart
    /// from the article, which may be on disk.
    id: Box<str>,
    path: Box<str>,
    stored: Stored,
    signature: Vec<u64>,
    /// Days since the epoch of the publication day, when known.
    day: Option<i64>,
    /// Where its keys' numbers are in [`Unclustered::keys`].
    keys: Range<usize>,
}

impl Unclustered {
    /// Keeps articles in memory up to the spill budget ([`spill::budget`]).
    pub fn new() -> Self {
        Self::with_budget(spill::budget())
    }

    pub fn with_budget(budget: usize) -> Self {
        Unclustered {
            waiting: Vec::new(),
            keys: Vec::new(),
            book: KeyBook::default(),
            store: Store::with_budget(budget),
        }
    }

    pub fn push(&mut self, article: Unlabelled) {
        let start = self.keys.len();
        for key in &article.keys {
            let number = self.book.number(key);
            self.keys.push(number);
        }
        self.waiting.push(Waiting {
            id: article.held.id().into(),
            path: article.held.path().into(),
            stored: self.store.put(article.held),
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

/// A cluster whose members have not been read back yet.
struct Pending {
    event: String,
    members: Vec<(Stored, Vec<u64>)>,
    duplicates: Vec<(usize, usize, f64)>,
}

/// The clusters, in name order, each handed out with its members read back.
pub struct Clusters {
    pending: Peekable<std::vec::IntoIter<Pending>>,
    reader: io::Result<StoreReader>,
}

impl Clusters {
    /// The next cluster, when its name sorts before `before` (or any
    /// cluster, when `before` is `None`), with its members read back. A
    /// member that cannot be read fails the whole cluster.
    pub fn next_before(&mut self, before: Option<&str>) -> Option<io::Result<ClusterGroup>> {
        let pending = self
            .pending
            .next_if(|c| before.is_none_or(|event| c.event.as_str() < event))?;
        let reader = match &mut self.reader {
            Ok(reader) => reader,
            Err(e) => return Some(Err(io::Error::new(e.kind(), e.to_string()))),
        };
        let members = pending
            .members
            .into_iter()
            .map(|(stored, signature)| Ok((reader.load(stored)?, signature)))
            .collect::<io::Result<Vec<_>>>();
        Some(members.map(|members| ClusterGroup {
            event: pending.event,
            members,
            duplicates: pending.duplicates,
        }))
    }
}

/// Clusters the waiting articles, sorted by cluster name. The keys go once
/// the clusters are made.
pub fn into_groups(unclustered: Unclustered) -> Clusters {
    let Unclustered {
        mut waiting,
        keys,
        book,
        store,
    } = unclustered;
    waiting.sort_by(|a, b| a.id.cmp(&b.id).then(a.path.cmp(&b.path)));
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
    let mut slots: Vec<Option<(Stored, Vec<u64>)>> = waiting
        .into_iter()
        .map(|w| Some((w.stored, w.signature)))
        .collect();
    let mut groups: Vec<Pending> = clusters
        .into_iter()
        .zip(local_duplicates)
        .map(|((event, members), duplicates)| Pending {
            event,
            members: members
                .iter()
                .map(|&i| slots[i].take().expect("an article is in one cluster"))
                .collect(),
            duplicates,
        })
        .collect();
    groups.sort_by(|a, b| a.event.cmp(&b.event));
    Clusters {
        pending: groups.into_iter().peekable(),
        reader: store.into_reader(),
    }
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
        .map(|members| (format!("auto/{}", waiting[members[0]].id), members))
        .collect()
}
