//! The ids read so far and where each was first seen, for the duplicate-id
//! check, packed for datasets of millions of records.
//!
//! A map from an owned id to an owned path paid two string headers, two
//! allocations and a table slot for every record, and it grows with the
//! dataset while everything else `extract` holds does not. Here ids and
//! paths sit back to back in one buffer, and the table holds only a hash and
//! an index: `extract` over a million generated records peaked at 210 MB
//! instead of 251.

use rustc_hash::{FxBuildHasher, FxHashMap};
use std::hash::BuildHasher;

/// No further entry with the same hash.
const END: u32 = u32::MAX;

#[derive(Default)]
pub(crate) struct SeenIds {
    /// Each id followed by its path.
    text: String,
    entries: Vec<Entry>,
    /// An id's hash → the latest entry with that hash.
    by_hash: FxHashMap<u64, u32>,
}

struct Entry {
    start: usize,
    id_len: u32,
    path_len: u32,
    /// The entry before it with the same hash, or [`END`].
    same_hash: u32,
}

impl SeenIds {
    /// Where `id` was first seen, if it was.
    pub(crate) fn first_seen(&self, id: &str) -> Option<&str> {
        self.find(id, hash(id))
    }

    fn find(&self, id: &str, hash: u64) -> Option<&str> {
        let mut at = *self.by_hash.get(&hash)?;
        while at != END {
            let entry = &self.entries[at as usize];
            let id_end = entry.start + entry.id_len as usize;
            if &self.text[entry.start..id_end] == id {
                return Some(&self.text[id_end..id_end + entry.path_len as usize]);
            }
            at = entry.same_hash;
        }
        None
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.first_seen(id).is_some()
    }

    /// Records `id` as first seen at `path`; the caller has checked that it
    /// was not seen before.
    pub(crate) fn insert(&mut self, id: &str, path: &str) {
        self.insert_hashed(id, path, hash(id));
    }

    fn insert_hashed(&mut self, id: &str, path: &str, hash: u64) {
        let index = u32::try_from(self.entries.len())
            .ok()
            .filter(|&i| i != END)
            .expect("fewer than four billion records");
        let same_hash = self.by_hash.insert(hash, index).unwrap_or(END);
        self.entries.push(Entry {
            start: self.text.len(),
            id_len: u32::try_from(id.len()).expect("an id shorter than 4 GB"),
            path_len: u32::try_from(path.len()).expect("a path shorter than 4 GB"),
            same_hash,
        });
        self.text.push_str(id);
        self.text.push_str(path);
    }
}

fn hash(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_keeps_the_place_it_was_first_seen() {
        let mut seen = SeenIds::default();
        for n in 0..10_000 {
            let id = format!("ev{:06}-a{}", n / 5, n % 5);
            assert!(!seen.contains(&id));
            seen.insert(&id, &format!("data.jsonl:{}", n + 1));
        }
        assert_eq!(seen.first_seen("ev000000-a0"), Some("data.jsonl:1"));
        assert_eq!(seen.first_seen("ev001999-a4"), Some("data.jsonl:10000"));
        assert_eq!(seen.first_seen("ev002000-a0"), None);
        // An id that is a prefix of another, and the empty id.
        assert_eq!(seen.first_seen("ev00000"), None);
        seen.insert("", "empty.md");
        assert_eq!(seen.first_seen(""), Some("empty.md"));
    }

    /// Ids whose hashes collide are told apart by their text.
    #[test]
    fn ids_sharing_a_hash_are_told_apart() {
        let mut seen = SeenIds::default();
        for (id, path) in [("first", "a.md"), ("second", "b.md"), ("fir", "c.md")] {
            seen.insert_hashed(id, path, 7);
        }
        assert_eq!(seen.find("first", 7), Some("a.md"));
        assert_eq!(seen.find("second", 7), Some("b.md"));
        assert_eq!(seen.find("fir", 7), Some("c.md"));
        assert_eq!(seen.find("third", 7), None);
        assert_eq!(seen.find("first", 8), None);
    }
}
