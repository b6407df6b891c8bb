//! Articles waiting to be clustered, in bounded memory: kept as they are up
//! to a budget, and past it appended to a temporary file as postcard
//! records, each read back by its place when its cluster's turn comes.
//! Clustering holds every unlabelled article until the last one is read,
//! and the articles (their texts above all) were most of that memory: at
//! 1M generated articles, about a gigabyte, and real articles are several
//! times longer.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

use super::held::Held;
use super::spill::Spilled;
use super::temp::{self, RemovedOnDrop};

/// Where a waiting article is.
pub enum Stored {
    /// Boxed: a million waiting articles are mostly on disk, and each
    /// place held inline would take an article's size.
    Memory(Box<Held>),
    /// `len` bytes at byte `at` of the store's file.
    Disk { at: u64, len: usize },
}

/// Puts articles away while they are read.
pub struct Store {
    budget: usize,
    in_memory: usize,
    file: Option<StoreFile>,
}

struct StoreFile {
    writer: BufWriter<File>,
    written: u64,
    path: RemovedOnDrop,
}

impl Store {
    /// A store that keeps articles in memory up to about `budget` bytes.
    pub fn with_budget(budget: usize) -> Self {
        Store {
            budget,
            in_memory: 0,
            file: None,
        }
    }

    /// Puts an article away. One that cannot be written (a full disk) stays
    /// in memory: nothing is lost, the run only takes more memory.
    pub fn put(&mut self, held: Held) -> Stored {
        let weight = held.weight();
        if self.in_memory + weight > self.budget {
            if let Ok(stored) = self.append(&held) {
                return stored;
            }
        }
        self.in_memory += weight;
        Stored::Memory(Box::new(held))
    }

    fn append(&mut self, held: &Held) -> io::Result<Stored> {
        let record = postcard::to_stdvec(held).map_err(io::Error::other)?;
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(StoreFile::create()?),
        };
        file.writer.write_all(&record)?;
        let at = file.written;
        file.written += record.len() as u64;
        Ok(Stored::Disk {
            at,
            len: record.len(),
        })
    }

    /// Ends the putting away; what was written can now be read back.
    pub fn into_reader(self) -> io::Result<StoreReader> {
        let file = match self.file {
            Some(file) => {
                let path = file.path;
                let file = file.writer.into_inner().map_err(|e| e.into_error())?;
                Some((file, path))
            }
            None => None,
        };
        Ok(StoreReader {
            file,
            record: Vec::new(),
        })
    }
}

impl StoreFile {
    fn create() -> io::Result<Self> {
        let (file, path) = temp::create("waiting")?;
        Ok(StoreFile {
            writer: BufWriter::with_capacity(1 << 16, file),
            written: 0,
            path,
        })
    }
}

/// Reads articles back from where [`Store::put`] put them.
pub struct StoreReader {
    file: Option<(File, RemovedOnDrop)>,
    /// One record's bytes, reused from article to article.
    record: Vec<u8>,
}

impl StoreReader {
    pub fn load(&mut self, stored: Stored) -> io::Result<Held> {
        match stored {
            Stored::Memory(held) => Ok(*held),
            Stored::Disk { at, len } => {
                let Some((file, _)) = &mut self.file else {
                    return Err(io::Error::other("an article was stored in no file"));
                };
                self.record.resize(len, 0);
                file.seek(SeekFrom::Start(at))?;
                file.read_exact(&mut self.record)?;
                postcard::from_bytes(&self.record).map_err(io::Error::other)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::sample_articles;

    #[test]
    fn articles_past_the_budget_go_to_disk_and_come_back_in_any_order() {
        let articles = sample_articles();
        assert!(articles.len() >= 3);
        let first_weight = Held::Text(articles[0].clone()).weight();
        let mut store = Store::with_budget(first_weight);
        let stored: Vec<Stored> = articles
            .iter()
            .map(|article| store.put(Held::Text(article.clone())))
            .collect();
        assert!(matches!(stored[0], Stored::Memory(_)));
        assert!(stored[1..].iter().all(|s| matches!(s, Stored::Disk { .. })));
        let path = store.file.as_ref().unwrap().path.0.clone();
        let mut reader = store.into_reader().unwrap();
        for (stored, article) in stored.into_iter().zip(&articles).rev() {
            match reader.load(stored).unwrap() {
                Held::Text(back) => assert_eq!(&back, article),
                Held::Digest(_) => panic!("an article came back as a digest"),
            }
        }
        assert!(path.exists());
        drop(reader);
        assert!(!path.exists(), "the store's file outlived it");
    }

    #[test]
    fn a_store_within_its_budget_writes_no_file() {
        let mut store = Store::with_budget(usize::MAX);
        for article in sample_articles() {
            assert!(matches!(store.put(Held::Text(article)), Stored::Memory(_)));
        }
        assert!(store.file.is_none());
    }
}
