//! One event's findings past the spill budget, as sorted runs on disk.
//!
//! An event's findings are pairs of its articles, so an event of a few
//! thousand articles has millions of them. Past the budget, the findings
//! held so far are sorted into report order, rendered as the report prints
//! them, and written to a temporary file: a run of records, each its sort
//! key and its text. The sink merges the runs back, one record at a time,
//! when the event's turn comes; the findings left when the event is done
//! stay in memory as the last run. Peak memory is then the budget and one
//! read buffer per run, not the event's findings.
//!
//! Report order is severity (highest first), topic and id, and findings
//! equal in all three keep the order they were made in: within a run the
//! sort is stable, and between runs the earlier run goes first.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};

use lz4_flex::frame::{FrameDecoder, FrameEncoder};

use super::temp::{self, RemovedOnDrop};
use crate::finding::{Finding, Severity};

/// The most runs merged at once: each is an open file and its read buffer.
/// More are merged in passes first, so a very large event cannot run past
/// the limit on open files.
const MAX_FAN_IN: usize = 64;

/// A rendered finding and what it sorts by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub severity: Severity,
    pub topic: String,
    pub id: String,
    /// The finding as the report prints it.
    pub text: Vec<u8>,
}

impl Record {
    pub fn of(finding: &Finding, text: Vec<u8>) -> Self {
        Record {
            severity: finding.severity,
            topic: finding.topic.clone(),
            id: finding.id.clone(),
            text,
        }
    }

    /// The report's order: the most severe first, then by topic and id.
    fn order(&self, other: &Self) -> Ordering {
        other
            .severity
            .cmp(&self.severity)
            .then_with(|| self.topic.cmp(&other.topic))
            .then_with(|| self.id.cmp(&other.id))
    }

    fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(&[severity_byte(self.severity)])?;
        for field in [self.topic.as_bytes(), self.id.as_bytes(), &self.text] {
            let length = u32::try_from(field.len()).map_err(io::Error::other)?;
            out.write_all(&length.to_le_bytes())?;
            out.write_all(field)?;
        }
        Ok(())
    }

    /// The next record of a run.
    fn read(input: &mut impl Read) -> io::Result<Self> {
        let mut severity = [0u8; 1];
        input.read_exact(&mut severity)?;
        let severity = severity_of(severity[0])?;
        let mut field = || -> io::Result<Vec<u8>> {
            let mut length = [0u8; 4];
            input.read_exact(&mut length)?;
            let mut bytes = vec![0u8; u32::from_le_bytes(length) as usize];
            input.read_exact(&mut bytes)?;
            Ok(bytes)
        };
        let text_of = |bytes: Vec<u8>| String::from_utf8(bytes).map_err(io::Error::other);
        let topic = text_of(field()?)?;
        let id = text_of(field()?)?;
        let text = field()?;
        Ok(Record {
            severity,
            topic,
            id,
            text,
        })
    }
}

fn severity_byte(severity: Severity) -> u8 {
    match severity {
        Severity::Low => 0,
        Severity::Medium => 1,
        Severity::High => 2,
    }
}

fn severity_of(byte: u8) -> io::Result<Severity> {
    match byte {
        0 => Ok(Severity::Low),
        1 => Ok(Severity::Medium),
        2 => Ok(Severity::High),
        other => Err(io::Error::other(format!(
            "a spilled finding has severity byte {other}"
        ))),
    }
}

/// One run: a file and how many records it holds, or records kept in
/// memory (the last run of an event, or one that could not be written).
enum Run {
    File(RemovedOnDrop, usize),
    Memory(Vec<Record>),
}

/// An event's runs, in the order their findings were made.
#[derive(Default)]
pub struct Runs {
    runs: Vec<Run>,
}

/// Writes records, in report order, to a new temporary file, LZ4-compressed:
/// a large event's rendered findings are gigabytes of repetitive JSON, which
/// compresses several times over and then stays in the page cache.
fn write_run(records: impl IntoIterator<Item = io::Result<Record>>) -> io::Result<Run> {
    let (file, path) = temp::create("findings")?;
    let mut out = FrameEncoder::new(BufWriter::with_capacity(1 << 16, file));
    let mut count = 0;
    for record in records {
        record?.write(&mut out)?;
        count += 1;
    }
    out.finish().map_err(io::Error::other)?.flush()?;
    Ok(Run::File(path, count))
}

impl Runs {
    /// Writes `records`, already in report order, as the next run.
    pub fn write(&mut self, records: &[Record]) -> io::Result<()> {
        let run = write_run(records.iter().cloned().map(Ok))?;
        self.runs.push(run);
        Ok(())
    }

    /// Keeps `records`, already in report order, in memory as the next run.
    pub fn keep(&mut self, records: Vec<Record>) {
        self.runs.push(Run::Memory(records));
    }

    /// Every record, in report order.
    pub fn merge(mut self) -> io::Result<Merge> {
        while self.runs.len() > MAX_FAN_IN {
            let rest = self.runs.split_off(MAX_FAN_IN);
            let first = std::mem::replace(&mut self.runs, rest);
            let mut merged = Merge::over(first)?;
            let run = write_run(std::iter::from_fn(|| merged.next_record().transpose()))?;
            // The merged run takes the first place: every run left is a
            // later one, so ties still go to the findings made first.
            self.runs.insert(0, run);
        }
        Merge::over(self.runs)
    }
}

/// One source of a merge: a run on disk or the records kept in memory.
enum Source {
    File {
        /// Boxed, as the decoder carries its block buffers' bookkeeping inline.
        reader: Box<FrameDecoder<BufReader<File>>>,
        /// Records still to read: a run is read to its count, so a file
        /// cut short is an error rather than an end (the LZ4 reader takes a
        /// file cut between two of its blocks for a whole one).
        left: usize,
        _path: RemovedOnDrop,
    },
    Memory(std::vec::IntoIter<Record>),
}

impl Source {
    fn next(&mut self) -> io::Result<Option<Record>> {
        match self {
            Source::File { left: 0, .. } => Ok(None),
            Source::File { reader, left, .. } => {
                *left -= 1;
                Record::read(reader).map(Some)
            }
            Source::Memory(records) => Ok(records.next()),
        }
    }
}

/// The head of one source in the merge's heap: its record and the source's
/// place, which breaks ties in favour of the earlier run.
struct Head {
    record: Record,
    source: usize,
}

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Head {}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Head {
    fn cmp(&self, other: &Self) -> Ordering {
        self.record
            .order(&other.record)
            .then(self.source.cmp(&other.source))
    }
}

/// A k-way merge of an event's runs, in report order.
pub struct Merge {
    sources: Vec<Source>,
    heap: BinaryHeap<Reverse<Head>>,
}

impl Merge {
    fn over(runs: Vec<Run>) -> io::Result<Self> {
        let mut sources = Vec::with_capacity(runs.len());
        for run in runs {
            sources.push(match run {
                Run::File(path, count) => Source::File {
                    reader: Box::new(FrameDecoder::new(BufReader::with_capacity(
                        1 << 16,
                        File::open(&path.0)?,
                    ))),
                    left: count,
                    _path: path,
                },
                Run::Memory(records) => Source::Memory(records.into_iter()),
            });
        }
        let mut heap = BinaryHeap::with_capacity(sources.len());
        for (source, input) in sources.iter_mut().enumerate() {
            if let Some(record) = input.next()? {
                heap.push(Reverse(Head { record, source }));
            }
        }
        Ok(Merge { sources, heap })
    }

    /// The next record in report order, or `None` when all are out.
    pub fn next_record(&mut self) -> io::Result<Option<Record>> {
        let Some(Reverse(Head { record, source })) = self.heap.pop() else {
            return Ok(None);
        };
        if let Some(next) = self.sources[source].next()? {
            self.heap.push(Reverse(Head {
                record: next,
                source,
            }));
        }
        Ok(Some(record))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(severity: Severity, topic: &str, id: &str, text: &str) -> Record {
        Record {
            severity,
            topic: topic.to_string(),
            id: id.to_string(),
            text: text.as_bytes().to_vec(),
        }
    }

    /// Records in a mixed order, with ties on every key, as an event makes them.
    fn made() -> Vec<Record> {
        let severities = [Severity::Low, Severity::High, Severity::Medium];
        (0..2_000)
            .map(|i| {
                record(
                    severities[(i * 7) % 3],
                    ["killed/people", "aid/USD", "when/quake"][(i * 5) % 3],
                    &format!("{:03x}", (i * 13) % 40),
                    &format!("finding {i}\n\"quoted\" \u{2014} text"),
                )
            })
            .collect()
    }

    /// What one stable sort of every record gives.
    fn sorted(mut records: Vec<Record>) -> Vec<Record> {
        records.sort_by(|a, b| a.order(b));
        records
    }

    fn merged(runs: Runs) -> Vec<Record> {
        let mut merge = runs.merge().unwrap();
        let mut out = Vec::new();
        while let Some(record) = merge.next_record().unwrap() {
            out.push(record);
        }
        out
    }

    #[test]
    fn runs_merge_back_in_the_order_one_stable_sort_gives() {
        let records = made();
        let mut runs = Runs::default();
        // Runs in memory among those on disk, as a run that could not be
        // written stays, and the last run of an event.
        for (i, chunk) in records.chunks(100).enumerate() {
            let chunk = sorted(chunk.to_vec());
            if i % 4 == 3 {
                runs.keep(chunk);
            } else {
                runs.write(&chunk).unwrap();
            }
        }
        let paths: Vec<std::path::PathBuf> = runs
            .runs
            .iter()
            .filter_map(|run| match run {
                Run::File(path, _) => Some(path.0.clone()),
                Run::Memory(_) => None,
            })
            .collect();
        assert!(paths.len() > 10 && paths.iter().all(|p| p.exists()));
        assert_eq!(merged(runs), sorted(records));
        assert!(paths.iter().all(|p| !p.exists()), "runs are removed");
    }

    #[test]
    fn more_runs_than_the_fan_in_are_merged_in_passes_and_keep_the_order() {
        let records = made();
        let mut runs = Runs::default();
        for (i, chunk) in records.chunks(15).enumerate() {
            if i % 10 == 9 {
                runs.keep(sorted(chunk.to_vec()));
            } else {
                runs.write(&sorted(chunk.to_vec())).unwrap();
            }
        }
        assert!(runs.runs.len() > MAX_FAN_IN * 2, "{} runs", runs.runs.len());
        assert_eq!(merged(runs), sorted(records));
    }

    #[test]
    fn a_cut_short_run_is_an_error_not_an_early_end() {
        let mut runs = Runs::default();
        runs.write(&sorted(made()[..50].to_vec())).unwrap();
        let Run::File(path, _) = &runs.runs[0] else {
            panic!("the run was written")
        };
        let path = path.0.clone();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let read_all = runs.merge().and_then(|mut merge| {
            while merge.next_record()?.is_some() {}
            Ok(())
        });
        assert!(read_all.is_err());
    }
}
