//! Where `check`'s report goes while events are still being compared.
//!
//! Findings grow with the dataset, so the dataset formats never hold them:
//! `--format jsonl` prints each finding as its event finishes, and
//! `--format json` writes the report's `articles` and `findings` arrays, as
//! their final text, to temporary files that are copied out once the
//! counts are known. Memory then holds one summary per event, not the
//! findings; an event too large to hold its own findings sends them to
//! sorted runs on disk as they are made ([`super::stream`]), and they are
//! merged into the output when its turn comes. The reading formats (table,
//! markdown) and the CI formats that point into files (SARIF, GitHub) keep
//! the whole report and render it at the end, as before.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, BufReader, Seek, Write};

use lz4_flex::frame::{FrameDecoder, FrameEncoder};
use serde::Serialize;

use super::baseline::{self, BaselineEntry};
use super::output::{self, Locations};
use super::spill::Merged;
use super::stream::Record;
use super::temp::{self, RemovedOnDrop};
use super::{CheckArticle, CheckReport, CheckStats, EventSummary, Folded, GroupOutput};
use crate::cli::CheckFormat;
use crate::finding::{Finding, Severity};
use crate::ingest::Skipped;
use crate::pipeline::REPORT_SCHEMA;

/// What the sink has counted by the end of the run.
#[derive(Debug, Default)]
pub struct Totals {
    pub articles: usize,
    pub claims: usize,
    pub findings: usize,
    pub baselined: usize,
    pub topics: usize,
    pub comparable_claims: usize,
    pub events: usize,
    pub folded: usize,
    /// The worst severity among findings not in the baseline.
    pub worst_new: Option<Severity>,
}

enum Mode {
    /// Everything kept, rendered at the end.
    Whole {
        articles: Vec<CheckArticle>,
        findings: Vec<Finding>,
        locations: Locations,
    },
    /// The `articles` and `findings` arrays' text, spooled.
    Json { articles: Spool, findings: Spool },
    /// Findings printed as they come.
    Lines,
}

/// One event's output made ready for the sink: findings marked against the
/// baseline and, in the dataset formats, already rendered. Prepared on the
/// worker threads, so the sink itself only writes.
pub(crate) struct Prepared {
    /// In the dataset formats, without its findings, articles and places,
    /// whose texts and tally below are all the sink reads of them.
    group: GroupOutput,
    articles: usize,
    tally: Tally,
    /// `--write-baseline`: each finding's entry.
    baseline_entries: Vec<BaselineEntry>,
    /// `--format json`: the articles and findings as their arrays' elements;
    /// `--format jsonl`: the findings' lines.
    article_texts: Block,
    finding_texts: Block,
    /// A large event's findings, rendered into sorted runs, to be merged
    /// into the report when the event's turn comes.
    on_disk: Option<io::Result<Merged<Record>>>,
}

/// What a failure to keep a large event's findings on disk says.
fn on_disk_error(error: io::Error) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("cannot keep an event's findings in temporary files: {error}"),
    )
}

/// A large event's rendered findings, in report order, each handed to `write`.
fn write_records(
    merged: io::Result<Merged<Record>>,
    mut write: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let mut merged = merged.map_err(on_disk_error)?;
    while let Some(record) = merged.next_item().map_err(on_disk_error)? {
        write(record.text.as_bytes())?;
    }
    Ok(())
}

/// A group's elements rendered as their array joins them (or, for lines,
/// one after another), into pieces of about [`PIECE`] bytes: a few
/// allocations a group rather than one an element, since the writer thread
/// frees them, and mimalloc frees a block of another thread's far more slowly
/// than one of its own. Not one buffer: a large event's findings run to
/// gigabytes of text, and a single buffer copied itself at every doubling and
/// briefly held three times the text.
#[derive(Default)]
struct Block {
    pieces: Vec<Vec<u8>>,
    count: usize,
}

/// A [`Block`]'s pieces grow to this capacity, as a vector does by doubling.
const PIECE: usize = 1 << 20;

/// The length past which a [`Block`] starts a new piece: below its capacity,
/// so that the element that ends a piece nearly always fits without the
/// piece doubling to twice what it holds.
const PIECE_FULL: usize = PIECE - PIECE / 8;

impl Block {
    /// The piece the next element goes to.
    fn piece(&mut self) -> &mut Vec<u8> {
        if self
            .pieces
            .last()
            .is_none_or(|piece| piece.len() >= PIECE_FULL)
        {
            self.pieces.push(Vec::new());
        }
        self.pieces.last_mut().expect("a piece was just made")
    }

    fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        self.pieces
            .iter()
            .try_for_each(|piece| out.write_all(piece))
    }

    /// Each value as an element of an array two levels into the report.
    /// Given owned values, each is dropped once it is rendered, so a large
    /// event's findings are not held as structures and as text at once.
    fn elements<T: Serialize>(values: impl IntoIterator<Item = T>) -> Self {
        let mut block = Block::default();
        for value in values {
            let separated = block.count > 0;
            let piece = block.piece();
            if separated {
                piece.extend_from_slice(b",\n");
            }
            pretty_into(piece, &value, 2, "    ").expect("the report is plain data");
            block.count += 1;
        }
        block
    }

    /// Each finding as one line of compact JSON.
    fn lines<F: std::borrow::Borrow<Finding>>(findings: impl IntoIterator<Item = F>) -> Self {
        let mut block = Block::default();
        for finding in findings {
            let piece = block.piece();
            crate::lines::write_finding(piece, finding.borrow());
            piece.push(b'\n');
            block.count += 1;
        }
        block
    }
}

/// What the totals take from a group's findings.
#[derive(Default)]
pub(super) struct Tally {
    findings: usize,
    baselined: usize,
    /// The worst severity among findings not in the baseline.
    worst_new: Option<Severity>,
}

impl Tally {
    fn add(&mut self, finding: &Finding) {
        self.findings += 1;
        if finding.baselined {
            self.baselined += 1;
        } else {
            self.worst_new = self.worst_new.max(Some(finding.severity));
        }
    }
}

/// What [`Prepared`] needs to know of the run; shared by the worker threads.
#[derive(Clone, Copy)]
pub struct Preparer<'a> {
    format: CheckFormat,
    known: &'a BTreeSet<String>,
    keep_baseline: bool,
}

impl Preparer<'_> {
    /// Whether the report is a dataset format, whose findings are rendered
    /// on the worker threads and may go to disk before their turn.
    pub(super) fn streams(&self) -> bool {
        matches!(self.format, CheckFormat::Json | CheckFormat::Jsonl)
    }

    /// Marks a finding against the baseline and counts it.
    pub(super) fn account(
        &self,
        finding: &mut Finding,
        tally: &mut Tally,
        entries: &mut Vec<BaselineEntry>,
    ) {
        // Without a baseline nothing is known, and hashing every finding's
        // evidence only to learn that cost a twentieth of a run.
        if !self.known.is_empty() {
            finding.baselined = self.known.contains(&baseline::fingerprint(finding));
        }
        tally.add(finding);
        if self.keep_baseline {
            entries.push(baseline::entry(finding));
        }
    }

    /// A finding as the dataset format prints it: a line, or an element of
    /// the `findings` array.
    pub(super) fn render(&self, finding: &Finding) -> Vec<u8> {
        let mut text = Vec::new();
        match self.format {
            CheckFormat::Json => {
                pretty_into(&mut text, finding, 2, "    ").expect("the report is plain data")
            }
            _ => crate::lines::write_finding(&mut text, finding),
        }
        text
    }

    pub(crate) fn prepare(&self, mut group: GroupOutput) -> Prepared {
        let mut tally = Tally::default();
        let mut baseline_entries = Vec::new();
        for finding in &mut group.findings {
            self.account(finding, &mut tally, &mut baseline_entries);
        }
        // A large event's findings went to runs as they were made, already
        // marked, counted and rendered.
        let on_disk = group.on_disk.take().map(|on_disk| {
            tally = on_disk.tally;
            baseline_entries = on_disk.baseline_entries;
            on_disk.merged
        });
        let articles = group.articles.len();
        // In the dataset formats the findings and articles are rendered and
        // freed here, on the thread that made them, rather than on the
        // writer's: mimalloc frees a block of its own thread far more
        // cheaply. Each finding goes as soon as it is rendered, so a large
        // event's findings are not held twice, as structures and as text.
        let (article_texts, finding_texts) = match self.format {
            CheckFormat::Json => (
                Block::elements(std::mem::take(&mut group.articles)),
                Block::elements(std::mem::take(&mut group.findings)),
            ),
            CheckFormat::Jsonl => (
                Block::default(),
                Block::lines(std::mem::take(&mut group.findings)),
            ),
            CheckFormat::Table
            | CheckFormat::Markdown
            | CheckFormat::Sarif
            | CheckFormat::Github => (Block::default(), Block::default()),
        };
        if matches!(self.format, CheckFormat::Json | CheckFormat::Jsonl) {
            group.articles = Vec::new();
            group.places = Vec::new();
        }
        Prepared {
            group,
            articles,
            tally,
            baseline_entries,
            article_texts,
            finding_texts,
            on_disk,
        }
    }
}

pub struct ReportSink<'a> {
    format: CheckFormat,
    mode: Mode,
    out: &'a mut (dyn Write + Send),
    known: &'a BTreeSet<String>,
    /// Kept only when `--write-baseline` asks for them.
    baseline: Option<Vec<BaselineEntry>>,
    events: Vec<EventSummary>,
    folded: Vec<Folded>,
    totals: Totals,
}

impl<'a> ReportSink<'a> {
    pub fn new(
        format: CheckFormat,
        out: &'a mut (dyn Write + Send),
        known: &'a BTreeSet<String>,
        keep_baseline: bool,
    ) -> io::Result<Self> {
        let mode = match format {
            CheckFormat::Json => Mode::Json {
                articles: Spool::new()?,
                findings: Spool::new()?,
            },
            CheckFormat::Jsonl => Mode::Lines,
            CheckFormat::Table
            | CheckFormat::Markdown
            | CheckFormat::Sarif
            | CheckFormat::Github => Mode::Whole {
                articles: Vec::new(),
                findings: Vec::new(),
                locations: Locations::default(),
            },
        };
        Ok(ReportSink {
            format,
            mode,
            out,
            known,
            baseline: keep_baseline.then(Vec::new),
            events: Vec::new(),
            folded: Vec::new(),
            totals: Totals::default(),
        })
    }

    pub fn preparer(&self) -> Preparer<'a> {
        Preparer {
            format: self.format,
            known: self.known,
            keep_baseline: self.baseline.is_some(),
        }
    }

    /// Takes one event's output; events must come in report order.
    pub(crate) fn push(&mut self, prepared: Prepared) -> io::Result<()> {
        let Prepared {
            group,
            articles: article_count,
            tally,
            baseline_entries,
            article_texts,
            finding_texts,
            on_disk,
        } = prepared;
        let t = &mut self.totals;
        t.events += 1;
        t.articles += article_count;
        t.claims += group.summary.claims;
        t.topics += group.topics;
        t.comparable_claims += group.comparable_claims;
        t.folded += group.folded.iter().map(|f| f.folded.len()).sum::<usize>();
        self.events.push(group.summary);
        self.folded.extend(group.folded);
        t.findings += tally.findings;
        t.baselined += tally.baselined;
        t.worst_new = t.worst_new.max(tally.worst_new);
        if let Some(entries) = &mut self.baseline {
            entries.extend(baseline_entries);
        }
        let findings = group.findings;
        match &mut self.mode {
            Mode::Whole {
                articles,
                findings: kept,
                locations,
            } => {
                articles.extend(group.articles);
                kept.extend(findings);
                for place in &group.places {
                    locations.insert(place);
                }
            }
            Mode::Json {
                articles,
                findings: spooled,
            } => {
                articles.elements(&article_texts)?;
                spooled.elements(&finding_texts)?;
                if let Some(merged) = on_disk {
                    write_records(merged, |text| spooled.element(text))?;
                }
            }
            Mode::Lines => {
                finding_texts.write_to(&mut self.out)?;
                if let Some(merged) = on_disk {
                    let out = &mut self.out;
                    write_records(merged, |text| {
                        out.write_all(text)?;
                        out.write_all(b"\n")
                    })?;
                }
            }
        }
        Ok(())
    }

    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// The baseline entries of every finding, when they were kept.
    pub fn baseline_entries(&mut self) -> Option<Vec<BaselineEntry>> {
        self.baseline.take()
    }

    /// Writes what is left of the report.
    pub fn finish(self, skipped: Vec<Skipped>, stats: CheckStats) -> io::Result<()> {
        let ReportSink {
            format,
            mode,
            out,
            events,
            folded,
            ..
        } = self;
        match mode {
            Mode::Lines => {}
            Mode::Json { articles, findings } => {
                writeln!(out, "{{")?;
                writeln!(
                    out,
                    "  \"schema\": {},",
                    serde_json::to_string(REPORT_SCHEMA)?
                )?;
                write!(out, "  \"articles\": ")?;
                articles.copy_array(out)?;
                write!(out, ",\n  \"findings\": ")?;
                findings.copy_array(out)?;
                for (name, value) in [
                    ("skipped", indented(&skipped)?),
                    ("events", indented(&events)?),
                    ("folded", indented(&folded)?),
                    ("stats", indented(&stats)?),
                ] {
                    write!(out, ",\n  \"{name}\": {value}")?;
                }
                writeln!(out, "\n}}")?;
            }
            Mode::Whole {
                articles,
                findings,
                locations,
            } => {
                let report = CheckReport {
                    schema: REPORT_SCHEMA.to_string(),
                    articles,
                    findings,
                    skipped,
                    events,
                    folded,
                    stats,
                };
                let text = match format {
                    CheckFormat::Markdown => output::markdown(&report),
                    CheckFormat::Sarif => output::sarif(&report, &locations),
                    CheckFormat::Github => output::github(&report, &locations),
                    _ => output::table(&report),
                };
                out.write_all(text.as_bytes())?;
            }
        }
        out.flush()
    }
}

/// A value as `to_string_pretty` writes it one level into an object.
fn indented(value: &impl Serialize) -> io::Result<String> {
    Ok(pretty_at(value, 1, "")?)
}

/// A value as `to_string_pretty` writes it as an element of an array two
/// levels into the report: a block of one.
#[cfg(test)]
fn element_text<T: Serialize>(value: &T) -> String {
    String::from_utf8(Block::elements(std::iter::once(value)).pieces.concat())
        .expect("JSON is UTF-8")
}

/// `prefix`, then `value` as `to_string_pretty` writes it `level` levels
/// deep: written in place at that depth rather than at the top level and
/// then re-indented line by line, which took a second pass and a second copy
/// of every finding.
fn pretty_at(value: &impl Serialize, level: usize, prefix: &str) -> serde_json::Result<String> {
    let mut text = Vec::with_capacity(prefix.len() + 1024);
    pretty_into(&mut text, value, level, prefix)?;
    Ok(String::from_utf8(text).expect("serde_json writes UTF-8"))
}

/// [`pretty_at`], appended to `out`.
fn pretty_into(
    out: &mut Vec<u8>,
    value: &impl Serialize,
    level: usize,
    prefix: &str,
) -> serde_json::Result<()> {
    out.extend_from_slice(prefix.as_bytes());
    let nested = Nested {
        level,
        has_value: false,
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(out, nested))
}

/// serde_json's `PrettyFormatter` (two spaces a level) starting `level`
/// levels deep.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn new_line<W: ?Sized + Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }

    fn indent<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        for _ in 0..self.level {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.new_line(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.new_line(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The elements of one JSON array, as pretty text two levels deep, in a
/// temporary file removed when the spool is dropped.
///
/// The text is LZ4-compressed on its way to the file, about twelve to one.
/// Written plain, the spooled findings were as large as the report itself
/// (2.3 GB for 1M generated articles); with the report written after them,
/// the page cache then held twice the report in dirty pages, past the
/// kernel's writeback thresholds, and the kernel's share of the run grew
/// faster than the dataset (README, Performance).
struct Spool {
    /// Boxed, as the encoder carries its block buffers' bookkeeping inline.
    file: Box<FrameEncoder<File>>,
    path: RemovedOnDrop,
    count: usize,
}

impl Spool {
    fn new() -> io::Result<Self> {
        let (file, path) = temp::create("report")?;
        Ok(Spool {
            file: Box::new(FrameEncoder::new(file)),
            path,
            count: 0,
        })
    }

    /// Appends a group's elements, rendered by [`Block::elements`].
    fn elements(&mut self, block: &Block) -> io::Result<()> {
        if block.count == 0 {
            return Ok(());
        }
        if self.count > 0 {
            self.file.write_all(b",\n")?;
        }
        block.write_to(&mut self.file)?;
        self.count += block.count;
        Ok(())
    }

    /// Appends one element, rendered as [`Block::elements`] renders each.
    fn element(&mut self, text: &[u8]) -> io::Result<()> {
        if self.count > 0 {
            self.file.write_all(b",\n")?;
        }
        self.file.write_all(text)?;
        self.count += 1;
        Ok(())
    }

    /// Writes `[...]` with every element, as `to_string_pretty` would.
    fn copy_array(self, out: &mut dyn Write) -> io::Result<()> {
        // The path lives to the end of the copy, then removes the file.
        let Spool {
            file,
            path: _path,
            count,
        } = self;
        if count == 0 {
            return out.write_all(b"[]");
        }
        out.write_all(b"[\n")?;
        let mut file = file.finish().map_err(io::Error::other)?;
        file.rewind()?;
        let mut text = FrameDecoder::new(BufReader::with_capacity(1 << 16, file));
        io::copy(&mut text, out)?;
        out.write_all(b"\n  ]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `element_text` wrote before: the top-level pretty text, re-indented.
    fn reindented(value: &impl Serialize) -> String {
        let text = serde_json::to_string_pretty(value).unwrap();
        format!("    {}", text.replace('\n', "\n    "))
    }

    #[test]
    fn elements_are_the_pretty_text_two_levels_in() {
        let report = &crate::pipeline::sample_report();
        assert!(report.findings.len() > 20, "{}", report.findings.len());
        for finding in &report.findings {
            assert_eq!(element_text(finding), reindented(finding));
        }
        for article in &report.articles {
            assert_eq!(element_text(article), reindented(article));
        }
        // Empty and nested containers, escapes and numbers.
        let odd = serde_json::json!({
            "empty": [], "none": {}, "nested": [[], [{}], {"a": [1, 2.5, null]}],
            "text": "line\nbreak \"quoted\" \u{1}", "n": -0.0, "flag": true
        });
        assert_eq!(element_text(&odd), reindented(&odd));
        assert_eq!(
            element_text(&Vec::<u8>::new()),
            reindented(&Vec::<u8>::new())
        );
        let one_level = serde_json::to_string_pretty(&odd)
            .unwrap()
            .replace('\n', "\n  ");
        assert_eq!(indented(&odd).unwrap(), one_level);
        let articles = serde_json::to_string_pretty(&report.articles)
            .unwrap()
            .replace('\n', "\n  ");
        assert_eq!(indented(&report.articles).unwrap(), articles);
    }

    /// A block larger than a piece is split between elements, never inside
    /// one, and reads back as one buffer would have held it.
    #[test]
    fn a_large_block_is_split_into_pieces_that_join_to_its_text() {
        let report = crate::pipeline::sample_report();
        let findings: Vec<&Finding> = report.findings.iter().cycle().take(8_000).collect();
        let lines = Block::lines(findings.iter().copied());
        assert!(lines.pieces.len() > 1, "{} pieces", lines.pieces.len());
        assert!(lines.pieces.iter().all(|piece| piece.ends_with(b"\n")));
        let mut joined = Vec::new();
        lines.write_to(&mut joined).unwrap();
        let expected: String = findings
            .iter()
            .map(|f| serde_json::to_string(f).unwrap() + "\n")
            .collect();
        assert_eq!(String::from_utf8(joined).unwrap(), expected);
        assert_eq!(lines.count, findings.len());

        let elements = Block::elements(findings.iter().copied());
        assert!(
            elements.pieces.len() > 1,
            "{} pieces",
            elements.pieces.len()
        );
        let expected = findings
            .iter()
            .map(reindented)
            .collect::<Vec<_>>()
            .join(",\n");
        assert_eq!(
            String::from_utf8(elements.pieces.concat()).unwrap(),
            expected
        );
    }

    /// A spooled array, written a block of elements at a time, copies out as
    /// the elements joined the way `to_string_pretty` joins them, takes a
    /// fraction of their size on disk, and leaves no file behind.
    #[test]
    fn a_spool_copies_out_its_elements_and_keeps_them_compressed() {
        let report = crate::pipeline::sample_report();
        // Many events' findings, as a dataset's spool holds them, a block an
        // event, with events that found nothing among them.
        let mut spool = Spool::new().unwrap();
        let mut texts = Vec::new();
        for event in 0..200 {
            let findings = &report.findings[..event % report.findings.len()];
            spool.elements(&Block::elements(findings)).unwrap();
            texts.extend(findings.iter().map(element_text));
        }
        assert_eq!(spool.count, texts.len());
        spool.file.flush().unwrap();
        let path = spool.path.0.clone();
        let on_disk = std::fs::metadata(&path).unwrap().len() as usize;
        let plain: usize = texts.iter().map(String::len).sum();
        assert!(on_disk * 4 < plain, "{on_disk} bytes on disk for {plain}");
        let mut out = Vec::new();
        spool.copy_array(&mut out).unwrap();
        let expected = format!("[\n{}\n  ]", texts.join(",\n"));
        assert!(out == expected.as_bytes(), "the copied array differs");
        assert!(!path.exists());
        let mut empty = Vec::new();
        Spool::new().unwrap().copy_array(&mut empty).unwrap();
        assert_eq!(empty, b"[]");
    }
}
