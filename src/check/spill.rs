//! Items held in bounded memory until all have come: an external merge sort.
//! Articles with an event field wait here, sorted by (event, id, path),
//! until every article has been read; a large event's rendered findings, in
//! report order, until the event is done (`check::stream`).
//!
//! In: items ([`Spilled`]) in any order. While they fit in [`BUDGET`] they stay in memory;
//! beyond it, each full buffer is sorted and written to a temporary file (a
//! run of length-prefixed postcard records: every item of a large dataset
//! is written and read back once, and a compact binary form costs a fraction
//! of JSON's printing and parsing). Out: the items in order, one at a time
//! or one event at a time, from a k-way merge of the runs and the last
//! buffer; items that compare equal keep the order they were pushed in. Peak memory is the
//! budget plus one buffered reader per run plus the largest event group, not
//! the dataset. More than [`MAX_FAN_IN`] runs are first merged into fewer,
//! longer ones, so the open files stay bounded however large the dataset.
//! The files are removed when the merge is dropped.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;

use lz4_flex::frame::{FrameDecoder, FrameEncoder};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// What a spill can hold: something with an order to sort by and a rough
/// size in memory.
pub trait Spilled: Serialize + DeserializeOwned {
    /// Whether runs are LZ4-compressed: worth it for repetitive text that
    /// would otherwise take gigabytes of disk and page cache.
    const COMPRESSED: bool = false;

    /// The event [`Merged::next_group`] groups items by; none for items
    /// read one at a time.
    fn event(&self) -> Option<&str> {
        None
    }
    /// The order runs are sorted and merged in.
    fn order(&self, other: &Self) -> Ordering;
    /// A rough size in memory, in bytes, counted against the budget.
    fn weight(&self) -> usize;
}

/// Estimated bytes of items kept in memory before a run is written to disk.
/// 64 MB rather than 256: on 100k and 1M generated articles, in interleaved
/// runs, it took the same time or up to 14% less with less than half the
/// peak memory. Holding and sorting one large buffer costs page faults and
/// cache misses that writing sorted runs and reading them back once does
/// not (README, Performance).
pub const BUDGET: usize = 64 << 20;

/// The most runs merged at once: each is an open file and its read buffer.
/// With [`BUDGET`] that is 4 GB of digests, about a million generated
/// articles (fewer of real length), before a merge pass is needed first;
/// without the cap, runs past the file-descriptor limit (often 1,024) made
/// a large dataset fail.
const MAX_FAN_IN: usize = 64;

/// [`BUDGET`], or `CROSSCHECK_SPILL_BUDGET` bytes when set: what each of
/// `check`'s stores of held articles keeps in memory before it writes to disk.
pub fn budget() -> usize {
    std::env::var("CROSSCHECK_SPILL_BUDGET")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(BUDGET)
}

/// Sorted runs on disk and the buffer not yet written.
pub struct Spill<T: Spilled> {
    buffer: Vec<T>,
    bytes: usize,
    budget: usize,
    dir: Option<PathBuf>,
    /// Each run's file and how many items it holds.
    runs: Vec<(PathBuf, usize)>,
    /// Runs written so far, merged ones included: names each new file.
    written: usize,
    /// [`MAX_FAN_IN`], or less in tests, to make merge passes with few runs.
    fan_in: usize,
}

impl<T: Spilled> Default for Spill<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Spilled> Spill<T> {
    /// A spill with [`BUDGET`], or `CROSSCHECK_SPILL_BUDGET` bytes when set
    /// (a smaller budget trades disk traffic for memory).
    pub fn new() -> Self {
        Self::with_budget(budget())
    }

    /// A spill that writes a run whenever the buffer passes `budget` bytes.
    pub fn with_budget(budget: usize) -> Self {
        Spill {
            buffer: Vec::new(),
            bytes: 0,
            budget,
            dir: None,
            runs: Vec::new(),
            written: 0,
            fan_in: MAX_FAN_IN,
        }
    }

    pub fn push(&mut self, item: T) -> std::io::Result<()> {
        self.bytes += item.weight();
        self.buffer.push(item);
        if self.bytes > self.budget {
            self.write_run()?;
        }
        Ok(())
    }

    /// A new run file's path, in the spill's directory (made on first use).
    fn new_run_path(&mut self) -> std::io::Result<PathBuf> {
        let dir = match &self.dir {
            Some(dir) => dir.clone(),
            None => {
                // Where runs go: a fresh directory.
                let dir = super::temp::unique_path("spill");
                std::fs::create_dir_all(&dir)?;
                self.dir = Some(dir.clone());
                dir
            }
        };
        self.written += 1;
        Ok(dir.join(format!("run-{}.bin", self.written)))
    }

    /// Writes the items pushed since the last run as a run of their own.
    pub fn write_run(&mut self) -> std::io::Result<()> {
        self.buffer.sort_by(T::order);
        let path = self.new_run_path()?;
        let mut out = RunWriter::create(&path, T::COMPRESSED)?;
        for item in self.buffer.drain(..) {
            out.write(&item)?;
        }
        self.runs.push((path, out.finish()?));
        self.bytes = 0;
        Ok(())
    }

    /// Merges consecutive runs `fan_in` at a time into one run each. The
    /// chunks are consecutive and each merge keeps ties in run order, so the
    /// final merge yields exactly the order it would have over the originals.
    fn merge_pass(&mut self) -> std::io::Result<()> {
        let old = std::mem::take(&mut self.runs);
        for chunk in old.chunks(self.fan_in) {
            if let [single] = chunk {
                self.runs.push(single.clone());
                continue;
            }
            let path = self.new_run_path()?;
            let mut merged = Merged::<T>::over(open_runs(chunk)?, None)?;
            let mut out = RunWriter::create(&path, T::COMPRESSED)?;
            while let Some(item) = merged.next_item()? {
                out.write(&item)?;
            }
            self.runs.push((path, out.finish()?));
            drop(merged);
            for (run, _) in chunk {
                std::fs::remove_file(run)?;
            }
        }
        Ok(())
    }

    /// All items pushed, merged in order.
    pub fn finish(mut self) -> std::io::Result<Merged<T>> {
        self.buffer.sort_by(T::order);
        while self.runs.len() > self.fan_in {
            self.merge_pass()?;
        }
        let mut sources = open_runs(&self.runs)?;
        sources.push(Source::Memory(std::mem::take(&mut self.buffer).into_iter()));
        Merged::over(sources, self.dir.take())
    }
}

fn open_runs<T: Spilled>(runs: &[(PathBuf, usize)]) -> std::io::Result<Vec<Source<T>>> {
    runs.iter()
        .map(|(path, items)| {
            let file = BufReader::with_capacity(1 << 16, File::open(path)?);
            let input = if T::COMPRESSED {
                RunInput::Compressed(Box::new(FrameDecoder::new(file)))
            } else {
                RunInput::Plain(file)
            };
            Ok(Source::File {
                input,
                record: Vec::new(),
                left: *items,
            })
        })
        .collect()
}

/// Writes items to a run as length-prefixed postcard records.
struct RunWriter {
    out: RunOutput,
    record: Vec<u8>,
    items: usize,
}

enum RunOutput {
    Plain(BufWriter<File>),
    Compressed(Box<FrameEncoder<BufWriter<File>>>),
}

impl RunWriter {
    fn create(path: &std::path::Path, compressed: bool) -> std::io::Result<Self> {
        let file = BufWriter::with_capacity(1 << 20, File::create(path)?);
        let out = if compressed {
            RunOutput::Compressed(Box::new(FrameEncoder::new(file)))
        } else {
            RunOutput::Plain(file)
        };
        Ok(RunWriter {
            out,
            record: Vec::new(),
            items: 0,
        })
    }

    fn write(&mut self, item: &impl Serialize) -> std::io::Result<()> {
        let mut record = std::mem::take(&mut self.record);
        record.clear();
        self.record = postcard::to_extend(item, record).map_err(invalid_data)?;
        let out: &mut dyn Write = match &mut self.out {
            RunOutput::Plain(out) => out,
            RunOutput::Compressed(out) => out,
        };
        out.write_all(&(self.record.len() as u64).to_le_bytes())?;
        out.write_all(&self.record)?;
        self.items += 1;
        Ok(())
    }

    /// Flushes the run; how many items it holds.
    fn finish(self) -> std::io::Result<usize> {
        match self.out {
            RunOutput::Plain(mut out) => out.flush()?,
            RunOutput::Compressed(out) => out.finish().map_err(std::io::Error::other)?.flush()?,
        }
        Ok(self.items)
    }
}

enum RunInput {
    Plain(BufReader<File>),
    Compressed(Box<FrameDecoder<BufReader<File>>>),
}

impl Read for RunInput {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            RunInput::Plain(input) => input.read(buf),
            RunInput::Compressed(input) => input.read(buf),
        }
    }
}

impl<T: Spilled> Drop for Spill<T> {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

enum Source<T> {
    File {
        input: RunInput,
        /// The bytes of the current record, reused from record to record
        /// rather than allocated and zeroed for each.
        record: Vec<u8>,
        /// Items still to read: a run is read to its count, so a file cut
        /// short is an error rather than an early end (the LZ4 reader takes
        /// a file cut between two of its blocks for a whole one).
        left: usize,
    },
    Memory(std::vec::IntoIter<T>),
}

impl<T: Spilled> Source<T> {
    fn next(&mut self) -> std::io::Result<Option<T>> {
        match self {
            Source::Memory(items) => Ok(items.next()),
            Source::File { left: 0, .. } => Ok(None),
            Source::File {
                input,
                record,
                left,
            } => {
                *left -= 1;
                let mut length = [0u8; 8];
                input.read_exact(&mut length)?;
                record.resize(u64::from_le_bytes(length) as usize, 0);
                input.read_exact(record)?;
                postcard::from_bytes(record).map(Some).map_err(invalid_data)
            }
        }
    }
}

fn invalid_data(error: postcard::Error) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, error)
}

/// An item at the head of a source; the heap's smallest comes first.
struct Head<T>(T, usize);

impl<T: Spilled> PartialEq for Head<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<T: Spilled> Eq for Head<T> {}
impl<T: Spilled> PartialOrd for Head<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T: Spilled> Ord for Head<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap. Ties go to the earlier source.
        other.0.order(&self.0).then_with(|| other.1.cmp(&self.1))
    }
}

/// The merge of a spill's runs, read one event group at a time.
pub struct Merged<T: Spilled> {
    sources: Vec<Source<T>>,
    heap: BinaryHeap<Head<T>>,
    dir: Option<PathBuf>,
    pending: Option<T>,
}

impl<T: Spilled> Merged<T> {
    pub fn empty() -> Self {
        Merged {
            sources: Vec::new(),
            heap: BinaryHeap::new(),
            dir: None,
            pending: None,
        }
    }

    /// The merge of `sources`, each already sorted; `dir` is removed with it.
    fn over(sources: Vec<Source<T>>, dir: Option<PathBuf>) -> std::io::Result<Self> {
        let mut merged = Merged {
            sources,
            heap: BinaryHeap::new(),
            dir,
            pending: None,
        };
        for i in 0..merged.sources.len() {
            if let Some(item) = merged.sources[i].next()? {
                merged.heap.push(Head(item, i));
            }
        }
        Ok(merged)
    }

    /// The next item in order; `None` when all are read.
    pub fn next_item(&mut self) -> std::io::Result<Option<T>> {
        if let Some(item) = self.pending.take() {
            return Ok(Some(item));
        }
        let Some(Head(item, source)) = self.heap.pop() else {
            return Ok(None);
        };
        if let Some(next) = self.sources[source].next()? {
            self.heap.push(Head(next, source));
        }
        Ok(Some(item))
    }

    /// The next event and its items, sorted by id; `None` when all are read.
    pub fn next_group(&mut self) -> std::io::Result<Option<(String, Vec<T>)>> {
        let Some(first) = self.next_item()? else {
            return Ok(None);
        };
        let event = first.event().unwrap_or_default().to_string();
        let mut members = vec![first];
        while let Some(item) = self.next_item()? {
            if item.event() == Some(event.as_str()) {
                members.push(item);
            } else {
                self.pending = Some(item);
                break;
            }
        }
        Ok(Some((event, members)))
    }
}

impl<T: Spilled> Drop for Merged<T> {
    fn drop(&mut self) {
        self.sources.clear();
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::check::held::Held;
    use crate::check::stream::Record;
    use crate::check::Digest;

    fn article(event: &str, id: &str) -> Held {
        let mut article = Article::from_parts(id, format!("data.jsonl:{id}"), None, "A text.");
        article.event = Some(event.into());
        Held::Text(article)
    }

    fn text(held: Held) -> Article {
        match held {
            Held::Text(article) => article,
            Held::Digest(digest) => panic!("{} came back as a digest", digest.id),
        }
    }

    #[test]
    fn runs_on_disk_merge_back_into_event_groups_in_order() {
        let mut spill = Spill::with_budget(1);
        for (event, id) in [("b", "3"), ("a", "2"), ("b", "1"), ("c", "9"), ("a", "1")] {
            spill.push(article(event, id)).unwrap();
        }
        assert_eq!(spill.runs.len(), 5);
        let dir = spill.dir.clone().unwrap();
        let mut merged = spill.finish().unwrap();
        let mut groups = Vec::new();
        while let Some((event, members)) = merged.next_group().unwrap() {
            let ids: Vec<String> = members.iter().map(|d| d.id().to_string()).collect();
            groups.push((event, ids));
        }
        assert_eq!(
            groups,
            vec![
                ("a".to_string(), vec!["1".to_string(), "2".to_string()]),
                ("b".to_string(), vec!["1".to_string(), "3".to_string()]),
                ("c".to_string(), vec!["9".to_string()]),
            ]
        );
        drop(merged);
        assert!(!dir.exists());
    }

    /// Every sample article, and its digest as a `--claims` file would give
    /// it, comes back from a run as it went in, through the one record
    /// buffer a source reuses.
    #[test]
    fn spilled_articles_and_digests_read_back_whole() {
        let rules = crate::rules::builtin_compiled();
        let articles = crate::ingest::sample_articles();
        let digests = Digest::from_articles(&articles, &rules, |_| false);
        let mut spill = Spill::<Held>::with_budget(usize::MAX);
        let path = spill.new_run_path().unwrap();
        let mut out = RunWriter::create(&path, Held::COMPRESSED).unwrap();
        for (article, digest) in articles.iter().zip(&digests) {
            out.write(&Held::Text(article.clone())).unwrap();
            out.write(&Held::Digest(digest.clone())).unwrap();
        }
        let items = out.finish().unwrap();
        let mut source = open_runs::<Held>(&[(path, items)]).unwrap().remove(0);
        for (article, digest) in articles.iter().zip(&digests) {
            assert_eq!(&text(source.next().unwrap().unwrap()), article);
            let Held::Digest(read) = source.next().unwrap().unwrap() else {
                panic!("{} came back as a text", digest.id);
            };
            assert_eq!(read.claims, digest.claims);
            assert_eq!(read.terms, digest.terms);
            assert_eq!(read.dates, digest.dates);
            assert_eq!(
                (
                    &read.id,
                    &read.path,
                    &read.event,
                    &read.signature,
                    &read.positions
                ),
                (
                    &digest.id,
                    &digest.path,
                    &digest.event,
                    &digest.signature,
                    &digest.positions
                )
            );
        }
        assert!(source.next().unwrap().is_none());
        assert!(digests
            .iter()
            .any(|d| d.claims.len() > 3 && !d.dates.is_empty()));
    }

    /// More runs than can be open at once: merge passes first, and the
    /// result is the order a single merge of every run gives, ties included.
    #[test]
    fn runs_beyond_the_fan_in_merge_in_passes_and_keep_the_order() {
        let mut spill = Spill::with_budget(1);
        spill.fan_in = 3;
        let mut expected = Vec::new();
        for n in 0..20 {
            // Every other article shares its (event, id, path) with the one
            // before it; the outlet tells which run it came from.
            let (event, id) = (["b", "a", "c"][n / 2 % 3], format!("{}", n / 2 % 4));
            let mut a = text(article(event, &id));
            a.outlet = Some(n.to_string());
            expected.push((event.to_string(), id, n.to_string()));
            spill.push(Held::Text(a)).unwrap();
        }
        assert_eq!(spill.runs.len(), 20);
        // A stable sort of the pushes is what one merge of all 20 runs gives.
        expected.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let dir = spill.dir.clone().unwrap();
        let mut merged = spill.finish().unwrap();
        // 20 runs, then 7, then 3: the last merge reads three runs and the buffer.
        assert_eq!(merged.sources.len(), 4);
        let mut seen = Vec::new();
        while let Some((event, members)) = merged.next_group().unwrap() {
            for held in members {
                let a = text(held);
                seen.push((event.clone(), a.id, a.outlet.unwrap()));
            }
        }
        assert_eq!(seen, expected);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 3);
        drop(merged);
        assert!(!dir.exists());
    }

    /// Rendered findings, as a large event makes them: a mixed order, with
    /// ties on every key.
    fn records() -> Vec<Record> {
        use crate::finding::Severity;
        let severities = [Severity::Low, Severity::High, Severity::Medium];
        (0..2_000)
            .map(|i| Record {
                severity: severities[(i * 7) % 3],
                topic: ["killed/people", "aid/USD", "when/quake"][(i * 5) % 3].to_string(),
                id: format!("{:03x}", (i * 13) % 40),
                text: format!("finding {i}\n\"quoted\" \u{2014} text"),
            })
            .collect()
    }

    /// What one stable sort of every record gives.
    fn sorted(mut records: Vec<Record>) -> Vec<Record> {
        records.sort_by(Record::order);
        records
    }

    fn read_all(spill: Spill<Record>) -> Vec<Record> {
        let mut merged = spill.finish().unwrap();
        let mut out = Vec::new();
        while let Some(record) = merged.next_item().unwrap() {
            out.push(record);
        }
        out
    }

    /// A large event's findings, a sorted run at a time, the last kept in
    /// memory: merged back in the order one stable sort of them all gives,
    /// from compressed runs that are removed afterwards.
    #[test]
    fn runs_of_findings_merge_back_in_the_order_one_stable_sort_gives() {
        let records = records();
        let mut spill = Spill::with_budget(usize::MAX);
        let chunks: Vec<&[Record]> = records.chunks(100).collect();
        for (i, chunk) in chunks.iter().enumerate() {
            for record in sorted(chunk.to_vec()) {
                spill.push(record).unwrap();
            }
            if i + 1 < chunks.len() {
                spill.write_run().unwrap();
            }
        }
        assert_eq!(spill.runs.len(), chunks.len() - 1);
        let dir = spill.dir.clone().unwrap();
        let plain: usize = records.iter().map(|r| r.text.len()).sum();
        let on_disk: u64 = std::fs::read_dir(&dir)
            .unwrap()
            .map(|f| f.unwrap().metadata().unwrap().len())
            .sum();
        assert!(
            (on_disk as usize) < plain,
            "{on_disk} bytes on disk for {plain} of text"
        );
        assert_eq!(read_all(spill), sorted(records));
        assert!(!dir.exists(), "runs are removed");
    }

    #[test]
    fn more_runs_of_findings_than_the_fan_in_merge_in_passes_and_keep_the_order() {
        let records = records();
        let mut spill = Spill::with_budget(usize::MAX);
        for chunk in records.chunks(15) {
            for record in sorted(chunk.to_vec()) {
                spill.push(record).unwrap();
            }
            spill.write_run().unwrap();
        }
        assert!(
            spill.runs.len() > MAX_FAN_IN * 2,
            "{} runs",
            spill.runs.len()
        );
        assert_eq!(read_all(spill), sorted(records));
    }

    /// A compressed run cut short is an error, not an early end.
    #[test]
    fn a_cut_short_run_is_an_error_not_an_early_end() {
        let mut spill = Spill::with_budget(usize::MAX);
        for record in sorted(records()[..50].to_vec()) {
            spill.push(record).unwrap();
        }
        spill.write_run().unwrap();
        let path = spill.runs[0].0.clone();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let read_all = spill.finish().and_then(|mut merged| {
            while merged.next_item()?.is_some() {}
            Ok(())
        });
        assert!(read_all.is_err());
    }
}
