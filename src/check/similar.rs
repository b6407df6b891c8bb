//! Similarity without all pairs: MinHash signatures for near-duplicate texts
//! (syndicated wire copy) and name keys for clustering articles into events.
//!
//! In: an article's text (or, for `--claims`, its claim sentences).
//! Out: a fixed-size signature and a sorted set of keys; candidate pairs come
//! from hash buckets (LSH bands) and an inverted index over rare keys, so the
//! work grows with the number of articles, not with the number of pairs.

use std::sync::LazyLock;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// Hashes per MinHash signature.
pub const SIGNATURE_LEN: usize = 64;
/// LSH bands (SIGNATURE_LEN / BANDS rows each); pairs sharing any band are candidates.
const BANDS: usize = 16;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Estimated Jaccard similarity of word 5-shingles at or above which two texts are one voice.
pub const DUPLICATE_THRESHOLD: f64 = 0.8;
/// IDF-weighted overlap of name keys at or above which two articles are one event.
pub const CLUSTER_THRESHOLD: f64 = 0.4;
/// Keys per article used for candidate search (its rarest ones).
const CANDIDATE_KEYS: usize = 8;
/// A key carried by more articles than this is too common to find candidates with.
const MAX_POSTING: usize = 64;
/// Articles published further apart than this many days are never one event.
const MAX_DAYS_APART: i64 = 10;

/// SplitMix64: a fixed, seedless hash step, so signatures are the same on every machine.
const fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// FNV-1a of each lower-cased word, hashed as it is read: every article is
/// signed, so no word is copied to lower-case it.
fn word_hashes(text: &str) -> Vec<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01B3;
    let mut hashes = Vec::with_capacity(text.len() / 5);
    let mut h = OFFSET;
    let mut in_word = false;
    let feed = |h: &mut u64, b: u8| {
        *h ^= u64::from(b);
        *h = h.wrapping_mul(PRIME);
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            in_word = true;
            if c.is_ascii() {
                feed(&mut h, c.to_ascii_lowercase() as u8);
            } else {
                let mut buf = [0u8; 4];
                for lower in c.to_lowercase() {
                    for &b in lower.encode_utf8(&mut buf).as_bytes() {
                        feed(&mut h, b);
                    }
                }
            }
        } else if in_word {
            hashes.push(h);
            h = OFFSET;
            in_word = false;
        }
    }
    if in_word {
        hashes.push(h);
    }
    hashes
}

/// One (multiplier, offset) per signature slot. Slot `i` ranks shingles by
/// `a_i * x + b_i` over their well-mixed hashes `x`: a family of orderings
/// that costs a multiply and an add per slot, where re-mixing each shingle
/// for every slot cost ten times that on every article.
const SLOT_KEYS: [(u64, u64); SIGNATURE_LEN] = {
    let mut keys = [(0u64, 0u64); SIGNATURE_LEN];
    let mut i = 0;
    while i < SIGNATURE_LEN {
        keys[i] = (mix(2 * i as u64) | 1, mix(2 * i as u64 + 1));
        i += 1;
    }
    keys
};

/// One hash per run of [`SHINGLE`] word hashes, or one for all of them
/// when a text is shorter; none for no words.
fn shingle_hashes(words: &[u64]) -> Vec<u64> {
    words
        .windows(SHINGLE.min(words.len()).max(1))
        .map(|window| {
            mix(window
                .iter()
                .fold(0u64, |acc, t| mix(acc ^ t.rotate_left(17))))
        })
        .collect()
}

// The signature is filled four slots at a time.
const _: () = assert!(SIGNATURE_LEN.is_multiple_of(4));

/// The MinHash signature of a text's word 5-shingles; empty for an empty text.
pub fn signature(text: &str) -> Vec<u64> {
    let tokens = word_hashes(text);
    if tokens.is_empty() {
        return Vec::new();
    }
    let shingles = shingle_hashes(&tokens);
    #[cfg(target_arch = "x86_64")]
    if wide::available() {
        // SAFETY: the CPU has the features the function is compiled for.
        return unsafe { wide::slots(&shingles) }.to_vec();
    }
    slots_four_at_a_time(&shingles)
}

/// Four slots at a time over all shingles: their keys and minimums stay in
/// registers and each shingle is loaded once for the four, where shingle by
/// shingle every slot was loaded and stored again (a third fewer
/// instructions than that; the same signature).
fn slots_four_at_a_time(shingles: &[u64]) -> Vec<u64> {
    let mut sig = Vec::with_capacity(SIGNATURE_LEN);
    for keys in SLOT_KEYS.chunks_exact(4) {
        let mut least = [u64::MAX; 4];
        for &shingle in shingles {
            for (least, &(a, b)) in least.iter_mut().zip(keys) {
                *least = (*least).min(a.wrapping_mul(shingle).wrapping_add(b));
            }
        }
        sig.extend_from_slice(&least);
    }
    sig
}

/// All 64 slots at once in eight 512-bit registers, on CPUs with AVX-512
/// (64-bit multiply and unsigned minimum in one instruction per eight
/// slots): the signature was a seventh of `check`'s instructions. Chosen at
/// run time, so the one binary runs anywhere; the arithmetic is the same
/// wrapping integer arithmetic, so the signature is too (tested).
#[cfg(target_arch = "x86_64")]
mod wide {
    use super::{SIGNATURE_LEN, SLOT_KEYS};

    /// One part of every slot's key, as its own array for vector loads.
    const fn column(multiplier: bool) -> [u64; SIGNATURE_LEN] {
        let mut keys = [0; SIGNATURE_LEN];
        let mut i = 0;
        while i < SIGNATURE_LEN {
            keys[i] = if multiplier {
                SLOT_KEYS[i].0
            } else {
                SLOT_KEYS[i].1
            };
            i += 1;
        }
        keys
    }

    const MULTIPLIERS: [u64; SIGNATURE_LEN] = column(true);
    const OFFSETS: [u64; SIGNATURE_LEN] = column(false);

    pub fn available() -> bool {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512dq")
    }

    /// # Safety
    /// The CPU must have AVX-512F and AVX-512DQ ([`available`]).
    #[target_feature(enable = "avx512f,avx512dq")]
    pub unsafe fn slots(shingles: &[u64]) -> [u64; SIGNATURE_LEN] {
        // Plain loops over fixed-size arrays, which the compiler turns into
        // vector instructions under these target features.
        let mut least = [u64::MAX; SIGNATURE_LEN];
        for &shingle in shingles {
            for ((least, &a), &b) in least.iter_mut().zip(&MULTIPLIERS).zip(&OFFSETS) {
                *least = (*least).min(a.wrapping_mul(shingle).wrapping_add(b));
            }
        }
        least
    }
}

/// Estimated Jaccard similarity of two signatures.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.len() != SIGNATURE_LEN || b.len() != SIGNATURE_LEN {
        return 0.0;
    }
    share(a.iter().zip(b).filter(|(x, y)| x == y).count())
}

/// Signatures below this count are banded on the calling thread: the many
/// small event groups of a dataset each find their duplicates this way, and
/// a parallel split would cost more than their work.
const PARALLEL_FROM: usize = 4096;

/// Buckets larger than this are split by a second band before their pairs
/// are scored: text shared by many articles (boilerplate, a template) puts
/// thousands in one bucket, and one bucket of 8,458 generated articles held
/// 95M of the 152M candidate pairs at 1M articles.
const LARGE_BUCKET: usize = 64;

/// The key of one LSH band of a full-length signature.
fn band_key(signature: &[u64], band: usize) -> u64 {
    let rows = SIGNATURE_LEN / BANDS;
    signature[band * rows..(band + 1) * rows]
        .iter()
        .fold(band as u64, |acc, h| mix(acc ^ h))
}

/// Pairs `(i, j, similarity)` with `i < j` whose texts are near-identical,
/// found through LSH buckets, sorted.
///
/// Each band is sorted by key and its buckets read as runs, and each pair
/// in a bucket is scored at once, so only near-duplicates are kept. A hash
/// map of buckets and a set of every candidate pair held all of them at
/// once: text shared by many articles (boilerplate, a template, a wire story)
/// makes buckets of thousands, and at 300k generated articles 14M
/// candidates went into the set for 51k duplicates. A bucket of more than
/// `LARGE_BUCKET` is split by each other band, since its near-duplicates
/// share at least one more. The work is split by rows (one member against
/// the members after it in its group), since one group can hold most of a
/// band's pairs.
pub fn duplicate_pairs(signatures: &[&[u64]]) -> Vec<(usize, usize, f64)> {
    let parallel = signatures.len() >= PARALLEL_FROM;
    let most_mismatches = (0..=SIGNATURE_LEN)
        .take_while(|&m| share(SIGNATURE_LEN - m) >= DUPLICATE_THRESHOLD)
        .last();
    // Each differing slot breaks at most one band, so a near-duplicate
    // shares at least `BANDS - most_mismatches` bands: with 0.8, 4 of 16.
    // When that is two or more, a pair that shares only one band is never
    // a near-duplicate.
    let second_band_needed = most_mismatches.is_some_and(|most| BANDS.saturating_sub(most) >= 2);
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    for band in 0..BANDS {
        let mut keyed: Vec<(u64, usize)> = signatures
            .iter()
            .enumerate()
            .filter(|(_, signature)| signature.len() == SIGNATURE_LEN)
            .map(|(i, signature)| (band_key(signature, band), i))
            .collect();
        if parallel {
            keyed.par_sort_unstable();
        } else {
            keyed.sort_unstable();
        }
        // Candidate groups, end to end in `members`, and one row for each
        // member but the last of a group: (its place, the group's end).
        // Groups are read in index order, so each row's member `i` comes
        // before the members `j` it is paired with.
        let mut members: Vec<usize> = Vec::with_capacity(keyed.len());
        let mut rows: Vec<(usize, usize)> = Vec::new();
        let mut add_group = |group: &[(u64, usize)]| {
            if group.len() > 1 {
                let start = members.len();
                members.extend(group.iter().map(|&(_, i)| i));
                rows.extend((start..members.len() - 1).map(|row| (row, members.len())));
            }
        };
        for bucket in keyed.chunk_by(|a, b| a.0 == b.0) {
            if bucket.len() <= LARGE_BUCKET || !second_band_needed {
                add_group(bucket);
                continue;
            }
            // A large bucket's near-duplicates share another band as well,
            // so its pairs are looked for within each other band's buckets.
            for other in (0..BANDS).filter(|&other| other != band) {
                let mut split: Vec<(u64, usize)> = bucket
                    .iter()
                    .map(|&(_, i)| (band_key(signatures[i], other), i))
                    .collect();
                split.sort_unstable();
                for group in split.chunk_by(|a, b| a.0 == b.0) {
                    add_group(group);
                }
            }
        }
        let members = &members;
        let score_row = |&(row, end): &(usize, usize)| {
            let i = members[row];
            members[row + 1..end].iter().filter_map(move |&j| {
                near_duplicate(signatures[i], signatures[j], most_mismatches).map(|s| (i, j, s))
            })
        };
        if parallel {
            pairs.par_extend(rows.par_iter().with_min_len(256).flat_map_iter(score_row));
        } else {
            pairs.extend(rows.iter().flat_map(score_row));
        }
    }
    // A pair sharing several bands was found in each.
    pairs.sort_unstable_by_key(|&(i, j, _)| (i, j));
    pairs.dedup_by_key(|&mut (i, j, _)| (i, j));
    pairs
}

// Near-duplicates are scored eight slots at a time.
const _: () = assert!(SIGNATURE_LEN.is_multiple_of(8));

/// The similarity of `same` equal slots out of a full signature.
fn share(same: usize) -> f64 {
    same as f64 / SIGNATURE_LEN as f64
}

/// [`similarity`] of two full signatures when it reaches
/// [`DUPLICATE_THRESHOLD`]. It stops once more than `most_mismatches`
/// slots differ: most pairs in a large bucket share little more than the
/// bucket's band, and are told apart in the first slots.
fn near_duplicate(a: &[u64], b: &[u64], most_mismatches: Option<usize>) -> Option<f64> {
    let most = most_mismatches?;
    let mut mismatches = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        mismatches += x.iter().zip(y).filter(|(p, q)| p != q).count();
        if mismatches > most {
            return None;
        }
    }
    Some(share(SIGNATURE_LEN - mismatches))
}

const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "after",
    "as",
    "at",
    "but",
    "by",
    "for",
    "from",
    "he",
    "her",
    "his",
    "in",
    "it",
    "its",
    "of",
    "on",
    "or",
    "she",
    "that",
    "the",
    "their",
    "there",
    "they",
    "this",
    "to",
    "was",
    "were",
    "with",
    "said",
    "says",
    "say",
    "more",
    "than",
    "about",
    "least",
    "some",
    "over",
    "new",
    "has",
    "have",
    "had",
    "been",
    "will",
    "would",
    "could",
    "people",
    "officials",
    "official",
    "police",
    "government",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "reuters",
    "ap",
    "afp",
    "update",
    "updated",
    "breaking",
    "live",
    "news",
    "report",
    "reports",
    "according",
    "also",
    "while",
    "when",
    "where",
    "who",
    "which",
    "what",
    "into",
    "not",
    "no",
    "up",
    "down",
    "out",
    "we",
];

/// [`STOPWORDS`] as a set: every capitalized word of every clustered
/// article is looked up, and a scan of the list was most of the keys' cost.
fn is_stopword(word: &str) -> bool {
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| STOPWORDS.iter().copied().collect());
    SET.contains(word)
}

/// The keys an article is clustered by: capitalized names in its title and
/// lead, and the title's content words (prefixed `t:`), lowercased, sorted.
pub fn cluster_keys(title: Option<&str>, lead: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for text in title.into_iter().chain(std::iter::once(lead)) {
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
            let word = word.trim_matches('-');
            // Only a capitalized word can be a name: the rest are passed
            // over before they are measured or lower-cased.
            if !word.chars().next().is_some_and(char::is_uppercase)
                || word.chars().count() < 3
                || word.chars().any(|c| c.is_ascii_digit())
            {
                continue;
            }
            let lower = word.to_lowercase();
            if !is_stopword(&lower) {
                keys.push(lower);
            }
        }
    }
    if let Some(title) = title {
        for word in words(title) {
            if word.chars().count() >= 4
                && !is_stopword(&word)
                && !word.chars().all(|c| c.is_ascii_digit())
            {
                keys.push(format!("t:{word}"));
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Cluster keys numbered as they come, so that an article waiting to be
/// clustered holds four bytes a key rather than a string: every unlabelled
/// article waits until the last one is read.
#[derive(Debug, Default)]
pub struct KeyBook {
    numbers: FxHashMap<Box<str>, u32>,
}

impl KeyBook {
    pub fn number(&mut self, key: &str) -> u32 {
        if let Some(&number) = self.numbers.get(key) {
            return number;
        }
        let number = u32::try_from(self.numbers.len()).expect("fewer than 2^32 distinct keys");
        self.numbers.insert(key.into(), number);
        number
    }

    /// How many distinct keys were numbered.
    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }

    /// Each number's place among the keys in string order: numbers mapped
    /// through it sort as their keys do.
    pub fn ranks(self) -> Vec<u32> {
        let mut named: Vec<(Box<str>, u32)> = self.numbers.into_iter().collect();
        named.sort_unstable();
        let mut rank = vec![0; named.len()];
        for (place, (_, number)) in named.into_iter().enumerate() {
            rank[number as usize] = place as u32;
        }
        rank
    }
}

/// What clustering needs to know of one article.
pub struct ClusterItem<'a> {
    /// Its keys' ranks ([`KeyBook::ranks`]), in string order.
    pub keys: &'a [u32],
    /// Days since the epoch of the publication day, when known.
    pub day: Option<i64>,
}

/// Union-find over indices, with the smallest index as each set's root.
pub struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    pub fn new(n: usize) -> Self {
        Sets {
            parent: (0..n).collect(),
        }
    }

    pub fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (low, high) = (ra.min(rb), ra.max(rb));
            self.parent[high] = low;
        }
    }
}

/// Clusters items into events: candidates share one of their rarest keys
/// (inverted index, common keys skipped), and a candidate pair joins when the
/// IDF-weighted overlap coefficient of their keys reaches [`CLUSTER_THRESHOLD`]
/// and they were published at most [`MAX_DAYS_APART`] days apart. `extra`
/// pairs (near-duplicates) always join. Returns each item's set root.
///
/// Keys are ranked in string order, so each item's keys are sorted as
/// numbers and every weight is summed in the order of the strings; the
/// candidates are a sorted vector, scored in parallel. Each set's root is
/// its smallest member whatever order the pairs join in.
pub fn cluster(items: &[ClusterItem], key_count: usize, extra: &[(usize, usize)]) -> Vec<usize> {
    let n = items.len();
    let mut df = vec![0usize; key_count];
    for &key in items.iter().flat_map(|item| item.keys) {
        df[key as usize] += 1;
    }
    // A key no other article carries can never be shared; counting it would
    // only dilute the overlap of articles that do share names.
    let idf: Vec<f64> = df
        .iter()
        .map(|&count| {
            if count >= 2 {
                ((n as f64 + 1.0) / count as f64).ln()
            } else {
                0.0
            }
        })
        .collect();
    let weights: Vec<f64> = items
        .iter()
        .map(|item| item.keys.iter().map(|&k| idf[k as usize]).sum::<f64>())
        .collect();
    let mut postings: Vec<(u32, u32)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let mut rare: Vec<u32> = item
            .keys
            .iter()
            .copied()
            .filter(|&k| (2..=MAX_POSTING).contains(&df[k as usize]))
            .collect();
        rare.sort_by_key(|&k| (df[k as usize], k));
        postings.extend(rare.into_iter().take(CANDIDATE_KEYS).map(|k| (k, i as u32)));
    }
    postings.sort_unstable();
    let mut candidates: Vec<(u32, u32)> = Vec::new();
    for members in postings.chunk_by(|a, b| a.0 == b.0) {
        for (x, &(_, i)) in members.iter().enumerate() {
            for &(_, j) in &members[x + 1..] {
                candidates.push((i, j));
            }
        }
    }
    drop(postings);
    candidates.sort_unstable();
    candidates.dedup();
    let joins = |&(i, j): &(u32, u32)| {
        let (i, j) = (i as usize, j as usize);
        if let (Some(da), Some(db)) = (items[i].day, items[j].day) {
            if (da - db).abs() > MAX_DAYS_APART {
                return false;
            }
        }
        overlap(
            items[i].keys,
            items[j].keys,
            weights[i].min(weights[j]),
            &idf,
        ) >= CLUSTER_THRESHOLD
    };
    let joined: Vec<(u32, u32)> = candidates.into_par_iter().filter(joins).collect();
    let mut sets = Sets::new(n);
    for &(i, j) in extra {
        sets.union(i, j);
    }
    for (i, j) in joined {
        sets.union(i as usize, j as usize);
    }
    (0..n).map(|i| sets.find(i)).collect()
}

/// IDF-weighted overlap coefficient of two sorted key sets: the weight of the
/// shared keys over `smaller`, the weight of the smaller set.
fn overlap(a: &[u32], b: &[u32], smaller: f64, idf: &[f64]) -> f64 {
    if smaller <= 0.0 {
        return 0.0;
    }
    let (mut shared, mut x, mut y) = (0.0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Equal => {
                shared += idf[a[x] as usize];
                x += 1;
                y += 1;
            }
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
        }
    }
    shared / smaller
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet, HashMap};

    /// Near-duplicates as a map of every bucket and a set of every
    /// candidate pair find them: the definition the sorted bands must meet.
    fn duplicate_pairs_by_bucket_map(signatures: &[&[u64]]) -> Vec<(usize, usize, f64)> {
        let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
        for (i, sig) in signatures.iter().enumerate() {
            if sig.len() == SIGNATURE_LEN {
                for band in 0..BANDS {
                    buckets
                        .entry((band, band_key(sig, band)))
                        .or_default()
                        .push(i);
                }
            }
        }
        let mut pairs = BTreeSet::new();
        for members in buckets.values() {
            for (n, &i) in members.iter().enumerate() {
                for &j in &members[n + 1..] {
                    pairs.insert((i.min(j), i.max(j)));
                }
            }
        }
        pairs
            .into_iter()
            .filter_map(|(i, j)| {
                let s = similarity(signatures[i], signatures[j]);
                (s >= DUPLICATE_THRESHOLD).then_some((i, j, s))
            })
            .collect()
    }

    /// Clusters as a string-keyed index and a set of candidate pairs find them.
    fn cluster_by_string_keys(
        keys: &[Vec<String>],
        days: &[Option<i64>],
        extra: &[(usize, usize)],
    ) -> Vec<usize> {
        let n = keys.len();
        let mut df: HashMap<&str, usize> = HashMap::new();
        for key in keys.iter().flatten() {
            *df.entry(key.as_str()).or_default() += 1;
        }
        let idf = |key: &str| match df.get(key) {
            Some(&count) if count >= 2 => ((n as f64 + 1.0) / count as f64).ln(),
            _ => 0.0,
        };
        let mut postings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, item_keys) in keys.iter().enumerate() {
            let mut rare: Vec<&String> = item_keys
                .iter()
                .filter(|k| (2..=MAX_POSTING).contains(&df[k.as_str()]))
                .collect();
            rare.sort_by(|a, b| df[a.as_str()].cmp(&df[b.as_str()]).then(a.cmp(b)));
            for key in rare.into_iter().take(CANDIDATE_KEYS) {
                postings.entry(key.as_str()).or_default().push(i);
            }
        }
        let mut candidates = BTreeSet::new();
        for members in postings.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    candidates.insert((i, j));
                }
            }
        }
        let weight = |keys: &[String]| keys.iter().map(|k| idf(k)).sum::<f64>();
        let mut sets = Sets::new(n);
        for &(i, j) in extra {
            sets.union(i, j);
        }
        for (i, j) in candidates {
            let (a, b) = (&keys[i], &keys[j]);
            if let (Some(da), Some(db)) = (days[i], days[j]) {
                if (da - db).abs() > MAX_DAYS_APART {
                    continue;
                }
            }
            let smaller = weight(a).min(weight(b));
            let shared: f64 = a
                .iter()
                .filter(|k| b.binary_search(k).is_ok())
                .map(|k| idf(k))
                .sum();
            if smaller > 0.0 && shared / smaller >= CLUSTER_THRESHOLD {
                sets.union(i, j);
            }
        }
        (0..n).map(|i| sets.find(i)).collect()
    }

    /// Each article's keys numbered by one book and ranked, as `check`
    /// numbers them, with the count of distinct keys.
    fn ranked(keys: &[&[String]]) -> (Vec<Vec<u32>>, usize) {
        let mut book = KeyBook::default();
        let numbered: Vec<Vec<u32>> = keys
            .iter()
            .map(|keys| keys.iter().map(|k| book.number(k)).collect())
            .collect();
        let count = book.len();
        let rank = book.ranks();
        let ranked = numbered
            .into_iter()
            .map(|keys| keys.into_iter().map(|n| rank[n as usize]).collect())
            .collect();
        (ranked, count)
    }

    fn cluster_ranked(
        keys: &[&[String]],
        days: &[Option<i64>],
        extra: &[(usize, usize)],
    ) -> Vec<usize> {
        let (ranked, count) = ranked(keys);
        let items: Vec<ClusterItem> = ranked
            .iter()
            .zip(days)
            .map(|(keys, &day)| ClusterItem { keys, day })
            .collect();
        cluster(&items, count, extra)
    }

    #[test]
    fn numbers_rank_as_their_keys_sort() {
        let keys: Vec<String> = ["t:quake", "karvolo", "orvik", "karvolo", "ilsa"]
            .map(String::from)
            .to_vec();
        let (ranked, count) = ranked(&[&keys]);
        assert_eq!(count, 4);
        assert_eq!(ranked[0], [3, 1, 2, 1, 0]);
    }

    #[test]
    fn sorted_bands_find_the_pairs_a_bucket_map_finds() {
        // Families of signatures that differ in a few slots (near-duplicates
        // and not), past the size where the bands are read in parallel, plus
        // a short signature that is never compared.
        let mut signatures: Vec<Vec<u64>> = Vec::new();
        for family in 0..450u64 {
            let base: Vec<u64> = (0..SIGNATURE_LEN as u64)
                .map(|slot| mix(family * 1000 + slot) % 7)
                .collect();
            for variant in 0..10u64 {
                let changed = (mix(family * 10 + variant) % 24) as usize;
                let mut signature = base.clone();
                for slot in 0..changed {
                    let at =
                        (mix(family + variant * 77 + slot as u64) % SIGNATURE_LEN as u64) as usize;
                    signature[at] = mix(variant * 31 + slot as u64);
                }
                signatures.push(signature);
            }
        }
        signatures.push(vec![1, 2, 3]);
        assert!(signatures.len() > PARALLEL_FROM);
        for size in [40, signatures.len()] {
            let refs: Vec<&[u64]> = signatures[..size].iter().map(Vec::as_slice).collect();
            let expected = duplicate_pairs_by_bucket_map(&refs);
            assert!(expected.len() > size / 4, "{} pairs", expected.len());
            assert_eq!(duplicate_pairs(&refs), expected, "{size} signatures");
        }
    }

    #[test]
    fn a_bucket_of_hundreds_finds_the_pairs_a_bucket_map_finds() {
        // 600 signatures alike in their first four bands (boilerplate at the
        // top of every text) and otherwise unlike, but in pairs: the second
        // of each pair differs from the first in one slot of every other
        // band, 12 of 64, just similar enough. Those pairs share only the
        // four large buckets, so they are found only by splitting them.
        let signatures: Vec<Vec<u64>> = (0..600u64)
            .map(|n| {
                let (pair, second) = (n / 2, n % 2 == 1);
                (0..SIGNATURE_LEN as u64)
                    .map(|slot| match slot {
                        0..16 => 7,
                        _ if second && slot % 4 == 0 => mix(n * 100 + slot),
                        _ => mix(pair * 100 + slot),
                    })
                    .collect()
            })
            .collect();
        let refs: Vec<&[u64]> = signatures.iter().map(Vec::as_slice).collect();
        let expected = duplicate_pairs_by_bucket_map(&refs);
        assert_eq!(expected.len(), 300);
        assert!(expected
            .iter()
            .all(|&(i, j, s)| j == i + 1 && s == 52.0 / 64.0));
        assert_eq!(duplicate_pairs(&refs), expected);
        // With a family of near-copies too, on both sides of the threshold.
        let mut more = signatures.clone();
        for n in 0..30u64 {
            let mut copy = signatures[0].clone();
            for (slot, value) in copy.iter_mut().enumerate().skip(16).take(n as usize % 16) {
                *value = mix(n * 1000 + slot as u64);
            }
            more.push(copy);
        }
        let refs: Vec<&[u64]> = more.iter().map(Vec::as_slice).collect();
        let expected = duplicate_pairs_by_bucket_map(&refs);
        assert!(expected.len() > 500, "{} pairs", expected.len());
        assert_eq!(duplicate_pairs(&refs), expected);
    }

    #[test]
    fn numbered_keys_cluster_as_string_keys_do() {
        // Keys drawn so that some are shared by a few articles, some by
        // more than MAX_POSTING and some by one; days near and far apart.
        let keys: Vec<Vec<String>> = (0..3000u64)
            .map(|i| {
                let mut keys: Vec<String> = (0..(3 + mix(i) % 9))
                    .map(|k| {
                        let draw = mix(i * 16 + k);
                        match draw % 4 {
                            0 => format!("common{}", draw % 5),
                            1 => format!("name{}", (i / 4 + draw % 3) % 700),
                            2 => format!("t:word{}", draw % 2000),
                            _ => format!("alone{i}-{k}"),
                        }
                    })
                    .collect();
                keys.sort();
                keys.dedup();
                keys
            })
            .collect();
        let days: Vec<Option<i64>> = (0..keys.len())
            .map(|i| (i % 13 != 0).then_some((mix(i as u64) % 40) as i64))
            .collect();
        let extra = [(5, 2900), (17, 18)];
        let expected = cluster_by_string_keys(&keys, &days, &extra);
        let joined = (0..keys.len()).filter(|&i| expected[i] != i).count();
        assert!(joined > 300, "{joined} articles joined another");
        let keys: Vec<&[String]> = keys.iter().map(Vec::as_slice).collect();
        assert_eq!(cluster_ranked(&keys, &days, &extra), expected);
    }

    #[test]
    fn wire_copy_with_a_new_byline_is_a_near_duplicate_and_a_rewrite_is_not() {
        let base = "A magnitude 6.8 earthquake struck the Karvolo region early on Sunday, killing at least 86 people and injuring more than 400, Mayor Tessa Orvik said. About 3,000 residents were evacuated from hillside villages. Police arrested 12 people for looting. The government pledged $40 million in emergency aid.";
        let copy = format!("KARVOLO (Wire) - {base} Reporting by Ana Lind.");
        let other = "Sixty-two people died when an earthquake hit Karvolo on Sunday, and hundreds were hurt, the mayor said; thousands fled their homes.";
        let sigs = [signature(base), signature(&copy), signature(other)];
        let refs: Vec<&[u64]> = sigs.iter().map(Vec::as_slice).collect();
        let pairs = duplicate_pairs(&refs);
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].0, pairs[0].1), (0, 1));
    }

    #[test]
    fn each_slot_holds_the_least_ranked_shingle_and_a_short_text_is_one_shingle() {
        // Signatures are compared across runs and spilled to disk, so the
        // slot order and ranking must not drift with how they are computed.
        let text = "Rescuers in Karvolo pulled 14 survivors from the rubble on Monday, \
                    officials said, as aftershocks rattled the valley.";
        let shingles = shingle_hashes(&word_hashes(text));
        let sig = signature(text);
        assert_eq!(sig.len(), SIGNATURE_LEN);
        for (slot, &(a, b)) in SLOT_KEYS.iter().enumerate() {
            let least = shingles
                .iter()
                .map(|&x| a.wrapping_mul(x).wrapping_add(b))
                .min();
            assert_eq!(Some(sig[slot]), least, "slot {slot}");
        }
        assert_eq!(slots_four_at_a_time(&shingles), sig);
        let short = signature("Two dead");
        assert_eq!(short.len(), SIGNATURE_LEN);
        assert!(signature("").is_empty());
        assert!(similarity(&short, &signature("two DEAD")) == 1.0);
    }

    /// Where the CPU has AVX-512, the wide path and the portable one agree on
    /// every slot of many texts' shingles; elsewhere there is one path.
    #[test]
    fn the_wide_slots_are_the_portable_ones() {
        #[cfg(target_arch = "x86_64")]
        if wide::available() {
            let mut x = 7u64;
            for n in [1usize, 2, 5, 64, 300] {
                let shingles: Vec<u64> = (0..n)
                    .map(|_| {
                        x = mix(x);
                        x
                    })
                    .collect();
                // SAFETY: checked just above.
                let wide = unsafe { wide::slots(&shingles) };
                assert_eq!(wide.to_vec(), slots_four_at_a_time(&shingles), "{n}");
            }
            // Extremes of the arithmetic: zero and all-ones hashes.
            let shingles = [0, u64::MAX, 1, u64::MAX - 1];
            // SAFETY: checked just above.
            let wide = unsafe { wide::slots(&shingles) };
            assert_eq!(wide.to_vec(), slots_four_at_a_time(&shingles));
        }
    }

    /// The keys as a set of every lower-cased word's string, checked against
    /// the stop list by a scan: the definition the faster walk must meet.
    fn cluster_keys_by_set(title: Option<&str>, lead: &str) -> Vec<String> {
        let mut keys = BTreeSet::new();
        let stop = |w: &str| STOPWORDS.contains(&w);
        for text in title.into_iter().chain(std::iter::once(lead)) {
            for word in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
                let word = word.trim_matches('-');
                if word.chars().count() < 3 || word.chars().any(|c| c.is_ascii_digit()) {
                    continue;
                }
                let lower = word.to_lowercase();
                if !stop(&lower) && word.chars().next().is_some_and(char::is_uppercase) {
                    keys.insert(lower);
                }
            }
        }
        if let Some(title) = title {
            for word in words(title) {
                if word.chars().count() >= 4
                    && !stop(&word)
                    && !word.chars().all(|c| c.is_ascii_digit())
                {
                    keys.insert(format!("t:{word}"));
                }
            }
        }
        keys.into_iter().collect()
    }

    #[test]
    fn keys_are_the_capitalized_names_and_title_words_the_definition_gives() {
        let cases = [
            (
                Some("Quake in Karvolo kills 86"),
                "Mayor Tessa Orvik said on Sunday.",
            ),
            (
                Some("ÉLODIE Brant wins İstanbul vote"),
                "Ärzte and Øresund-Bridge crews, Reuters said.",
            ),
            (
                None,
                "The AP, Officials and -Karvolo- met Karvolo in 2024 at Kx9 and Ab.",
            ),
            (
                Some("New Reports: Police say 3,000 fled"),
                "Update: Denmoor's mayor",
            ),
            (Some(""), ""),
        ];
        for (title, lead) in cases {
            assert_eq!(
                cluster_keys(title, lead),
                cluster_keys_by_set(title, lead),
                "{title:?} {lead:?}"
            );
        }
        assert_eq!(
            cluster_keys(Some("Quake in Karvolo"), "Mayor Tessa Orvik said."),
            [
                "karvolo",
                "mayor",
                "orvik",
                "quake",
                "t:karvolo",
                "t:quake",
                "tessa"
            ]
        );
    }

    #[test]
    fn articles_sharing_rare_names_cluster_and_others_do_not() {
        let a = cluster_keys(
            Some("Earthquake in Karvolo kills 86"),
            "Mayor Tessa Orvik said",
        );
        let b = cluster_keys(Some("Karvolo quake toll rises"), "Tessa Orvik, the mayor");
        let c = cluster_keys(Some("Floods hit Denmoor"), "Governor Ilsa Brant said");
        let d = cluster_keys(Some("Denmoor floods"), "Ilsa Brant said");
        let keys = [&a[..], &b, &c, &d];
        assert_eq!(cluster_ranked(&keys, &[None; 4], &[]), vec![0, 0, 2, 2]);
    }
}
