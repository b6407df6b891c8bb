//! `crosscheck check`: a dataset in, one report over all its events out.
//!
//! 1. **Read** (streaming): an article with an event field is held as read,
//!    sorted by event and spilled to disk past a budget (see [`held`] and
//!    [`spill`]). An article to be clustered by content waits as read, in
//!    memory up to the same budget and then on disk, with the MinHash
//!    signature and the numbered keys clustering reads (see `clusters`).
//!    `--claims` files give [`Digest`]s directly.
//! 2. **Group**: by the event field, merged back one event at a time, or by
//!    clustering (see [`similar`]), in one event order. Each group is then
//!    digested: metadata, claims, framing terms, dates, a MinHash signature
//!    and the line/column of each claim.
//! 3. **Fold**: near-identical texts in one group keep one voice.
//! 4. **Compare** each group in parallel; findings carry their event.
//! 5. **Baseline**, render, and compute the exit status.

pub mod baseline;
mod clusters;
pub mod held;
pub mod output;
mod positions;
pub mod similar;
pub mod sink;
pub mod spill;
mod store;
mod stream;
mod temp;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, IsTerminal};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::align::align;
use crate::article::Article;
use crate::claim::Claim;
use crate::cli::CheckArgs;
use crate::commands::{exit_status, prepare, Outcome};
use crate::compare::compare_each;
use crate::extract::{extract_group, GroupExtraction, GROUP};
use crate::finding::{Finding, FindingKind};
use crate::framing::{find_terms_in, framing_findings_each, TermHit};
use crate::ingest::{read_in_batches, Skipped};
use crate::lines::Record;
use crate::rules::CompiledRules;
use crate::span::Span;
use crate::temporal::{compare_dates_each, DateClaim};
use clusters::{ClusterGroup, Clusters, Unclustered};
use held::{Held, Unlabelled};
use positions::line_columns;
use sink::{Prepared, Preparer, ReportSink};

/// Articles read in one parallel extraction batch.
const CHUNK: usize = 256;
/// Bytes of the body, after the title, that count as the lead for clustering.
const LEAD_BYTES: usize = 1000;

/// The first [`LEAD_BYTES`] of the body, cut back to a character boundary.
fn lead(article: &Article) -> &str {
    let mut lead_end = (article.body_start + LEAD_BYTES).min(article.text.len());
    while !article.text.is_char_boundary(lead_end) {
        lead_end -= 1;
    }
    &article.text[article.body_start..lead_end]
}
/// Articles whose event groups are compared in one parallel batch.
const GROUP_BATCH: usize = 4096;

/// One article reduced to what checking needs; the text is gone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Digest {
    pub id: String,
    pub path: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub event: Option<String>,
    pub claims: Vec<Claim>,
    pub signature: Vec<u64>,
    pub keys: Vec<String>,
    /// Claim span start (byte) → (line, column), both 1-based; empty without text.
    pub positions: Vec<(usize, usize, usize)>,
    /// Framing terms found in the text, kept so the text itself can go.
    #[serde(default)]
    pub terms: Vec<TermHit>,
    /// Date and time expressions, resolved against the publication date.
    #[serde(default)]
    pub dates: Vec<DateClaim>,
}

impl Digest {
    /// The article's metadata with no text, for comparisons that read only that.
    fn metadata_only(&self) -> Article {
        let mut article =
            Article::from_parts(self.id.clone(), self.path.clone(), self.title.clone(), "");
        article.outlet = self.outlet.clone();
        article.published = self.published.clone();
        article.event = self.event.clone();
        article
    }

    /// The digests of a group of articles, in order. `clustered` says whether
    /// an article will be clustered by content and so needs its cluster keys;
    /// articles grouped by their event field do not.
    ///
    /// Each stage runs over the whole group before the next, as `extract`
    /// does (see [`extract_group`]).
    pub fn from_articles(
        articles: &[Article],
        rules: &CompiledRules,
        clustered: impl Fn(&Article) -> bool,
    ) -> Vec<Self> {
        Self::from_articles_with(articles, rules, |article| {
            let keys = if clustered(article) {
                similar::cluster_keys(article.title.as_deref(), lead(article))
            } else {
                Vec::new()
            };
            (similar::signature(&article.text), keys)
        })
    }

    /// [`Digest::from_articles`], with each article's signature and cluster
    /// keys given by `features`, called once per article in order: an
    /// article clustered before it was extracted has its signature already.
    fn from_articles_with(
        articles: &[Article],
        rules: &CompiledRules,
        mut features: impl FnMut(&Article) -> (Vec<u64>, Vec<String>),
    ) -> Vec<Self> {
        let GroupExtraction {
            sentences,
            claims,
            dates,
        } = extract_group(articles, rules);
        let terms: Vec<Vec<TermHit>> = articles
            .iter()
            .zip(&sentences)
            .map(|(article, sentences)| find_terms_in(article, sentences, rules))
            .collect();
        articles
            .iter()
            .zip(claims)
            .zip(terms.into_iter().zip(dates))
            .map(|((article, claims), (terms, dates))| {
                let (signature, keys) = features(article);
                Digest::assemble(article, claims, terms, dates, signature, keys)
            })
            .collect()
    }

    fn assemble(
        article: &Article,
        claims: Vec<Claim>,
        terms: Vec<TermHit>,
        dates: Vec<DateClaim>,
        signature: Vec<u64>,
        keys: Vec<String>,
    ) -> Self {
        let mut offsets: Vec<usize> = claims
            .iter()
            .map(|c| c.span.start)
            .chain(terms.iter().map(|t| t.span.start))
            .chain(dates.iter().map(|d| d.span.start))
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let positions = line_columns(&article.text, &offsets);
        Digest {
            id: article.id.clone(),
            path: article.path.clone(),
            outlet: article.outlet.clone(),
            title: article.title.clone(),
            published: article.published.clone(),
            event: article.event.clone(),
            signature,
            keys,
            claims,
            positions,
            terms,
            dates,
        }
    }

    /// An article known only by claims written by `extract --format jsonl`.
    /// `clustered` says, from the article's event field, whether it will be
    /// clustered by content and so needs its cluster keys.
    fn from_claims(
        id: String,
        claims: Vec<Claim>,
        dates: Vec<DateClaim>,
        clustered: impl Fn(Option<&str>) -> bool,
    ) -> Self {
        // The sentences that held a figure or a date, in text order, stand in
        // for the text when judging near-duplicates.
        let mut sentences: Vec<(Span, &str)> = claims
            .iter()
            .map(|c| (c.sentence_span, &*c.sentence))
            .chain(dates.iter().map(|d| (d.sentence_span, d.sentence.as_str())))
            .collect();
        sentences.sort_by_key(|(span, _)| span.start);
        sentences.dedup_by_key(|(span, _)| *span);
        let joined = sentences
            .iter()
            .map(|(_, sentence)| *sentence)
            .collect::<Vec<_>>()
            .join(" ");
        let metadata = |figure: Option<&Arc<str>>, date: Option<&String>| {
            figure.map(|s| s.to_string()).or_else(|| date.cloned())
        };
        let (first, first_date) = (claims.first(), dates.first());
        let event = metadata(
            first.and_then(|c| c.event.as_ref()),
            first_date.and_then(|d| d.event.as_ref()),
        );
        let keys = if clustered(event.as_deref()) {
            similar::cluster_keys(None, &joined)
        } else {
            Vec::new()
        };
        Digest {
            path: id.clone(),
            id,
            outlet: metadata(
                first.and_then(|c| c.outlet.as_ref()),
                first_date.and_then(|d| d.outlet.as_ref()),
            ),
            title: None,
            published: metadata(
                first.and_then(|c| c.published.as_ref()),
                first_date.and_then(|d| d.published.as_ref()),
            ),
            event,
            signature: similar::signature(&joined),
            keys,
            positions: Vec::new(),
            terms: Vec::new(),
            dates,
            claims,
        }
    }

    pub fn position(&self, offset: usize) -> Option<(usize, usize)> {
        self.positions
            .binary_search_by_key(&offset, |p| p.0)
            .ok()
            .map(|i| (self.positions[i].1, self.positions[i].2))
    }
}

/// Days since the epoch of a publication date, when it has one.
fn day_of(published: Option<&str>) -> Option<i64> {
    let date: jiff::civil::Date = published?.get(..10)?.parse().ok()?;
    let epoch = jiff::civil::date(1970, 1, 1);
    Some(i64::from((date - epoch).get_days()))
}

/// An article as the check report lists it: the contract's article summary,
/// whose `event` is the group it was compared in (`auto/...` for a cluster)
/// and whose `duplicate_of` names the article that speaks for a folded copy.
pub type CheckArticle = crate::pipeline::ArticleSummary;

/// A set of near-identical articles compared as one voice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Folded {
    pub event: String,
    pub kept: String,
    pub folded: Vec<String>,
    /// The lowest estimated similarity between a folded article and the kept one.
    pub similarity: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    pub event: String,
    /// `field` (the records' event field) or `cluster` (grouped by content).
    pub grouped_by: String,
    pub articles: usize,
    pub folded: usize,
    pub claims: usize,
    pub findings: BTreeMap<String, usize>,
}

impl EventSummary {
    pub fn count(&self, kinds: &[FindingKind]) -> usize {
        kinds
            .iter()
            .map(|k| self.findings.get(k.as_str()).copied().unwrap_or(0))
            .sum()
    }

    pub fn other(&self) -> usize {
        let named = [
            FindingKind::FigureConflict,
            FindingKind::FigureUpdate,
            FindingKind::FramingDifference,
            FindingKind::AttributionDifference,
        ];
        self.findings.values().sum::<usize>() - self.count(&named)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckStats {
    /// Records and files read: `processed + skipped`.
    pub read: usize,
    pub processed: usize,
    pub skipped: usize,
    pub articles: usize,
    pub events: usize,
    pub folded: usize,
    pub claims: usize,
    pub comparable_claims: usize,
    pub topics_compared: usize,
    pub findings: usize,
    pub baselined: usize,
    /// Wall-clock time; the only field that differs between identical runs.
    pub seconds: f64,
}

/// The `check --format json` report: the contract's report plus `events` and `folded`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    pub schema: String,
    pub articles: Vec<CheckArticle>,
    pub findings: Vec<Finding>,
    pub skipped: Vec<Skipped>,
    pub events: Vec<EventSummary>,
    pub folded: Vec<Folded>,
    pub stats: CheckStats,
}

impl CheckReport {
    /// The worst severity among findings not in the baseline.
    pub fn worst_new_severity(&self) -> Option<crate::finding::Severity> {
        self.findings
            .iter()
            .filter(|f| !f.baselined)
            .map(|f| f.severity)
            .max()
    }
}

/// Something that draws on stderr only for a person watching a terminal.
fn progress(quiet: bool, message: &str) -> ProgressBar {
    let visible = !quiet && std::env::var_os("CI").is_none() && std::io::stderr().is_terminal();
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg}: {pos} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Reads articles and claim files. An article with an event field (and no
/// `--cluster`) goes to `hold` as read, to be extracted in its event's turn;
/// the others go to `cluster` as read too, with the signature and keys that
/// clustering reads, computed here in parallel chunks. A reader thread
/// parses the next chunk while this one is handled. Each side receives its
/// items in input order.
fn read_articles(
    args: &CheckArgs,
    options: &crate::ingest::IngestOptions,
    bar: &ProgressBar,
    hold: &mut dyn FnMut(Held),
    cluster: &mut dyn FnMut(Unlabelled),
) -> Vec<Skipped> {
    let grouped_by_field = |event: Option<&str>| event.is_some() && !args.cluster;
    let mut skipped = Vec::new();
    if !args.inputs.is_empty() {
        skipped = read_in_batches(&args.inputs, options, CHUNK, |chunk| {
            bar.inc(chunk.len() as u64);
            let (labelled, unlabelled): (Vec<Article>, Vec<Article>) = chunk
                .into_iter()
                .partition(|a| grouped_by_field(a.event.as_deref()));
            for article in labelled {
                hold(Held::Text(article));
            }
            if !unlabelled.is_empty() {
                let ready: Vec<Unlabelled> = unlabelled
                    .into_par_iter()
                    .with_min_len(GROUP)
                    .map(Unlabelled::text)
                    .collect();
                for item in ready {
                    cluster(item);
                }
            }
            true
        });
    }
    let mut by_article: BTreeMap<String, (Vec<Claim>, Vec<DateClaim>)> = BTreeMap::new();
    for path in &args.claims {
        read_claims(path, &mut by_article, &mut skipped);
    }
    for (id, (claims, dates)) in by_article {
        bar.inc(1);
        let digest = Digest::from_claims(id, claims, dates, |event| !grouped_by_field(event));
        if grouped_by_field(digest.event.as_deref()) {
            hold(Held::Digest(digest));
        } else {
            cluster(Unlabelled::digest(digest));
        }
    }
    skipped
}

/// Reads one `extract --format jsonl` file: figure lines and date lines.
fn read_claims(
    path: &Path,
    by_article: &mut BTreeMap<String, (Vec<Claim>, Vec<DateClaim>)>,
    skipped: &mut Vec<Skipped>,
) {
    let shown = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => {
            skipped.push(Skipped::new(shown, format!("cannot read: {e}")));
            return;
        }
    };
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let at = format!("{shown}:{}", n + 1);
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                skipped.push(Skipped::new(at, format!("cannot read: {e}")));
                return;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match crate::lines::read_line(&line) {
            Ok(record) => {
                let (claims, dates) = by_article.entry(record.article().to_string()).or_default();
                match record {
                    Record::Figure(claim) => claims.push(claim),
                    Record::Date(date) => dates.push(date),
                }
            }
            Err(e) => skipped.push(Skipped::new(
                at,
                format!(
                    "not a claim line ({e}); write claims with `crosscheck extract --format jsonl`"
                ),
            )),
        }
    }
}

/// One group's share of the report, computed from its members alone.
pub(crate) struct GroupOutput {
    summary: EventSummary,
    findings: Vec<Finding>,
    /// A large event's findings, gone to runs on disk in a dataset format.
    on_disk: Option<stream::OnDisk>,
    folded: Vec<Folded>,
    articles: Vec<CheckArticle>,
    topics: usize,
    comparable_claims: usize,
    /// Where the articles named in the findings live, for SARIF and GitHub.
    places: Vec<Digest>,
}

/// Folds near-duplicates and compares one group. `members` are sorted by id;
/// `duplicates` are near-duplicate pairs `(i, j, similarity)` of indices into
/// `members`, `i < j`. Memory is that of the group, whatever the dataset.
fn compare_group(
    event: &str,
    grouped_by: &'static str,
    members: &[&Digest],
    duplicates: &[(usize, usize, f64)],
    rules: &CompiledRules,
    preparer: Preparer,
) -> GroupOutput {
    let mut sets = similar::Sets::new(members.len());
    let mut best: HashMap<(usize, usize), f64> = HashMap::new();
    for &(i, j, s) in duplicates {
        if !figures_agree(members[i], members[j]) {
            continue;
        }
        sets.union(i, j);
        best.insert((i.min(j), i.max(j)), s);
    }
    let mut folds: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..members.len() {
        let root = sets.find(i);
        if root != i {
            folds.entry(root).or_default().push(i);
        }
    }
    let mut folded = Vec::new();
    let mut duplicate_of: Vec<Option<String>> = vec![None; members.len()];
    for (kept, copies) in &folds {
        let similarity = copies
            .iter()
            .map(|&c| {
                let direct = best.get(&(*kept.min(&c), *kept.max(&c))).copied();
                direct.unwrap_or_else(|| {
                    similar::similarity(&members[*kept].signature, &members[c].signature)
                })
            })
            .fold(1.0f64, f64::min);
        folded.push(Folded {
            event: event.to_string(),
            kept: members[*kept].id.clone(),
            folded: copies.iter().map(|&c| members[c].id.clone()).collect(),
            similarity: (similarity * 100.0).round() / 100.0,
        });
        for &c in copies {
            duplicate_of[c] = Some(members[*kept].id.clone());
        }
    }
    let voices: Vec<Claim> = (0..members.len())
        .filter(|&i| sets.find(i) == i)
        .flat_map(|i| members[i].claims.iter().cloned())
        .collect();
    let groups = align(&voices);
    let mut stream = stream::FindingStream::new(preparer, event);
    compare_each(&groups, rules, &mut |f| stream.push(f));
    // Framing and dates, over the same voices: a folded copy adds nothing.
    let speakers: Vec<&Digest> = (0..members.len())
        .filter(|&i| sets.find(i) == i)
        .map(|i| members[i])
        .collect();
    let shells: Vec<Article> = speakers.iter().map(|d| d.metadata_only()).collect();
    let hits: Vec<Vec<TermHit>> = speakers.iter().map(|d| d.terms.clone()).collect();
    framing_findings_each(&shells, &hits, &voices, rules, &mut |f| stream.push(f));
    let dates: Vec<DateClaim> = speakers
        .iter()
        .flat_map(|d| d.dates.iter().cloned())
        .collect();
    compare_dates_each(&dates, &rules.dates, &mut |f| stream.push(f));
    let stream::Streamed {
        held: mut findings,
        on_disk,
        kinds,
    } = stream.finish();
    sort_findings(&mut findings);
    let by_kind: BTreeMap<String, usize> = kinds
        .into_iter()
        .map(|(kind, count)| (kind.as_str().to_string(), count))
        .collect();
    let named: rustc_hash::FxHashSet<&str> = findings
        .iter()
        .flat_map(|f| f.evidence.iter().map(|e| e.article.as_str()))
        .collect();
    let places = members
        .iter()
        .filter(|d| named.contains(d.id.as_str()))
        .map(|d| Digest {
            id: d.id.clone(),
            path: d.path.clone(),
            outlet: None,
            title: None,
            published: None,
            event: None,
            claims: Vec::new(),
            signature: Vec::new(),
            keys: Vec::new(),
            positions: d.positions.clone(),
            terms: Vec::new(),
            dates: Vec::new(),
        })
        .collect();
    let summary = EventSummary {
        event: event.to_string(),
        grouped_by: grouped_by.to_string(),
        articles: members.len(),
        folded: folded.iter().map(|f: &Folded| f.folded.len()).sum(),
        claims: members.iter().map(|d| d.claims.len()).sum(),
        findings: by_kind,
    };
    let articles = members
        .iter()
        .zip(duplicate_of)
        .map(|(d, duplicate_of)| CheckArticle {
            id: d.id.clone(),
            path: d.path.clone(),
            outlet: d.outlet.clone(),
            title: d.title.clone(),
            published: d.published.clone(),
            event: Some(event.to_string()),
            claims: d.claims.len(),
            duplicate_of,
        })
        .collect();
    GroupOutput {
        summary,
        findings,
        on_disk,
        folded,
        articles,
        topics: groups.len(),
        comparable_claims: members
            .iter()
            .flat_map(|d| &d.claims)
            .filter(|c| c.topic.is_some())
            .count(),
        places,
    }
}

/// Whether two near-identical texts give the same figures, so one may stand
/// for the other. A copy whose figure was edited ("wire copy, toll changed")
/// is the case a fact-checker most wants to see, so it keeps its own voice.
fn figures_agree(a: &Digest, b: &Digest) -> bool {
    let disagrees = |x: &Digest, y: &Digest| {
        x.claims.iter().filter(|c| c.topic.is_some()).any(|c| {
            let mut same_topic = y.claims.iter().filter(|d| d.topic == c.topic).peekable();
            same_topic.peek().is_some() && !same_topic.any(|d| d.overlaps(c))
        })
    };
    !disagrees(a, b) && !disagrees(b, a)
}

/// Near-duplicate pairs among one group's members, as member indices.
fn group_duplicates(members: &[Digest]) -> Vec<(usize, usize, f64)> {
    let signatures: Vec<&[u64]> = members.iter().map(|d| d.signature.as_slice()).collect();
    similar::duplicate_pairs(&signatures)
}

pub fn run(args: &CheckArgs) -> Outcome {
    let started = Instant::now();
    let (rules, mut options) = match prepare(&args.rules, &args.input) {
        Ok(prepared) => prepared,
        Err(outcome) => return outcome,
    };
    if args.group_by != "event" {
        options
            .field_map
            .insert("event".into(), args.group_by.clone());
    }
    let known = match &args.baseline {
        Some(path) => match baseline::read(path) {
            Ok(known) => known,
            Err(e) => return Outcome::error(format!("error: {e}")),
        },
        None => BTreeSet::new(),
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool,
        Err(e) => return Outcome::error(format!("error: --threads: {e}")),
    };
    // The report goes straight to stdout as events finish; see [`sink`].
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
    let mut sink =
        match ReportSink::new(args.format, &mut out, &known, args.write_baseline.is_some()) {
            Ok(sink) => sink,
            Err(e) => return Outcome::error(format!("error: cannot write the report: {e}")),
        };
    let run = pool.install(|| build_report(args, &options, &rules, &mut sink));
    let totals = sink.totals();
    let stats = CheckStats {
        read: run.processed + run.skipped.len(),
        processed: run.processed,
        skipped: run.skipped.len(),
        articles: run.processed,
        events: totals.events,
        folded: totals.folded,
        claims: totals.claims,
        comparable_claims: totals.comparable_claims,
        topics_compared: totals.topics,
        findings: totals.findings,
        baselined: totals.baselined,
        seconds: started.elapsed().as_secs_f64(),
    };
    let worst_new = totals.worst_new;
    let mut stderr: Vec<String> = run.skipped.iter().map(|s| format!("error: {s}")).collect();
    if let Some(path) = &args.write_baseline {
        let entries = sink.baseline_entries().unwrap_or_default();
        if let Err(e) = baseline::write(path, entries) {
            return Outcome::error(format!("error: {e}"));
        }
    }
    if !args.quiet {
        let s = &stats;
        stderr.push(format!(
            "checked {} events: read {} = {} processed + {} skipped; {} near-duplicates folded; {} findings ({} baselined)",
            s.events, s.read, s.processed, s.skipped, s.folded, s.findings, s.baselined
        ));
    }
    let any_skipped = !run.skipped.is_empty();
    if let Err(e) = sink.finish(run.skipped, stats) {
        // A closed pipe (`crosscheck check ... | head`) is the reader's choice.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            stderr.push(format!("error: cannot write the report: {e}"));
        }
    }
    let status = exit_status(worst_new, args.fail_on.threshold(), any_skipped);
    Outcome {
        stdout: String::new(),
        stderr,
        status,
    }
}

/// What reading and comparing leave besides the report itself.
pub struct RunCounts {
    pub processed: usize,
    pub skipped: Vec<Skipped>,
}

/// Reads, groups and compares, handing each event's output to `sink` in
/// report order (by event name; a field group before a cluster group of the
/// same name).
///
/// Memory: articles with an event field go, as read, to a [`spill::Spill`],
/// sorted runs on disk once they outgrow [`spill::BUDGET`], and come back
/// merged in event order, one group at a time, to be extracted and compared
/// (see [`held`]); so the texts and claims held at once are those of a batch
/// of groups, not of the dataset. Articles clustered by content (no event
/// field, or `--cluster`) are held as read, with their signatures and keys,
/// in memory: clustering needs every article's keys. Clusters are then
/// compared in turn with the field groups. Findings go to the sink as each
/// batch finishes.
pub fn build_report(
    args: &CheckArgs,
    options: &crate::ingest::IngestOptions,
    rules: &CompiledRules,
    sink: &mut ReportSink,
) -> RunCounts {
    let bar = progress(args.quiet, "reading");
    let mut spill = spill::Spill::<Held>::new();
    let mut unclustered = Unclustered::new();
    let mut spill_error = None;
    let mut held = 0usize;
    let mut skipped = read_articles(
        args,
        options,
        &bar,
        &mut |item| {
            held += 1;
            if let Err(e) = spill.push(item) {
                spill_error.get_or_insert(e);
            }
        },
        &mut |article| unclustered.push(article),
    );
    let processed = held + unclustered.len();
    bar.finish_and_clear();
    let bar = progress(args.quiet, "comparing events");

    // Clusters are formed now, over every unlabelled article; they are
    // compared in turn with the field groups, in the report's event order,
    // so their findings are never all held at once.
    let clusters = clusters::into_groups(unclustered);
    let preparer = sink.preparer();
    let mut sink_error = None;
    let mut emit = |out: Prepared, sink: &mut ReportSink| {
        if sink_error.is_none() {
            if let Err(e) = sink.push(out) {
                sink_error = Some(e);
            }
        }
    };

    // Groups by event field, in event order, compared in parallel batches.
    let merged = match spill.finish() {
        Ok(merged) => merged,
        Err(e) => {
            spill_error.get_or_insert(e);
            spill::Merged::empty()
        }
    };
    let compare_batch = |batch: Vec<Group>| -> Vec<Prepared> {
        batch
            .into_par_iter()
            .map(|group| {
                let (event, grouped_by, digests, duplicates) = match group {
                    Group::Field(event, held) => {
                        let digests = held::into_digests(held, rules);
                        let duplicates = group_duplicates(&digests);
                        (event, "field", digests, duplicates)
                    }
                    Group::Cluster(cluster) => (
                        cluster.event,
                        "cluster",
                        held::into_clustered_digests(cluster.members, rules),
                        cluster.duplicates,
                    ),
                };
                let members: Vec<&Digest> = digests.iter().collect();
                let out = compare_group(&event, grouped_by, &members, &duplicates, rules, preparer);
                bar.inc(1);
                preparer.prepare(out)
            })
            .collect()
    };
    // Three stages at once, as in `extract`: a thread merges the next batch
    // of groups out of the spilled runs, the pool compares this one, and a
    // thread hands the one before to the sink. Run between batches on the
    // pool's thread, merging (reading digests back) and writing the report
    // left the second core idle for much of this phase; overlapped, 1M
    // generated articles took 4% less wall time for 5% more CPU time.
    let merge_error = std::thread::scope(|scope| {
        let (groups, to_compare) = std::sync::mpsc::sync_channel::<Vec<Group>>(1);
        let (compared, to_write) = std::sync::mpsc::sync_channel::<Vec<Prepared>>(1);
        let merging = scope.spawn(move || merge_batches(merged, clusters, &groups));
        scope.spawn(move || {
            for batch in to_write {
                for out in batch {
                    emit(out, sink);
                }
            }
        });
        for batch in to_compare {
            if compared.send(compare_batch(batch)).is_err() {
                break;
            }
        }
        drop(compared);
        merging.join().expect("the merging thread does not panic")
    });
    if let Some(e) = merge_error {
        spill_error.get_or_insert(e);
    }
    bar.finish_and_clear();

    if let Some(e) = spill_error {
        skipped.push(Skipped::new(
            "(temporary files)".to_string(),
            format!("cannot spill claims to disk: {e}"),
        ));
    }
    if let Some(e) = sink_error {
        skipped.push(Skipped::new(
            "(report)".to_string(),
            format!("cannot write the report: {e}"),
        ));
    }
    RunCounts { processed, skipped }
}

/// One group to compare: articles grouped by their event field, as held,
/// or a cluster of articles grouped by content, with its near-duplicate
/// pairs.
enum Group {
    Field(String, Vec<Held>),
    Cluster(ClusterGroup),
}

impl Group {
    fn articles(&self) -> usize {
        match self {
            Group::Field(_, held) => held.len(),
            Group::Cluster(cluster) => cluster.members.len(),
        }
    }
}

/// Reads a spill's event groups back in order, puts each cluster before the
/// first field group whose event sorts after its name (a field group before
/// a cluster of the same name), and sends the groups in batches of about
/// [`GROUP_BATCH`] articles; stops early when the receiver is gone. A read
/// error ends the field groups there, and is returned after the groups read
/// before it and every cluster are sent; a cluster whose members cannot be
/// read back is left out, and the first such error is returned too.
fn merge_batches(
    mut merged: spill::Merged<Held>,
    mut clusters: Clusters,
    groups: &std::sync::mpsc::SyncSender<Vec<Group>>,
) -> Option<std::io::Error> {
    let mut batch = Vec::new();
    let mut batch_articles = 0;
    let mut cluster_error = None;
    // Sends a full batch; false when the receiver is gone.
    let mut add = |group: Group| -> bool {
        batch_articles += group.articles();
        batch.push(group);
        if batch_articles >= GROUP_BATCH {
            batch_articles = 0;
            return groups.send(std::mem::take(&mut batch)).is_ok();
        }
        true
    };
    // The clusters that sort before `event` (all, for `None`); false when
    // the receiver is gone. A cluster that cannot be read back is left out
    // and its error kept.
    let mut add_clusters = |before: Option<&str>, add: &mut dyn FnMut(Group) -> bool| -> bool {
        while let Some(cluster) = clusters.next_before(before) {
            match cluster {
                Ok(cluster) => {
                    if !add(Group::Cluster(cluster)) {
                        return false;
                    }
                }
                Err(e) => {
                    cluster_error.get_or_insert(e);
                }
            }
        }
        true
    };
    let error = loop {
        match merged.next_group() {
            Ok(Some((event, held))) => {
                if !add_clusters(Some(&event), &mut add) || !add(Group::Field(event, held)) {
                    return None;
                }
            }
            Ok(None) => break None,
            Err(e) => break Some(e),
        }
    };
    if !add_clusters(None, &mut add) {
        return None;
    }
    if !batch.is_empty() {
        let _ = groups.send(batch);
    }
    error.or(cluster_error)
}

/// An event's findings, most severe first, then by topic and id.
///
/// A large event has thousands of findings on each topic, and comparing their
/// topics as strings was most of the sort's time: each distinct topic is
/// ranked once instead, and the findings are sorted by rank.
fn sort_findings(findings: &mut [Finding]) {
    let mut ranks: HashMap<&str, usize> = HashMap::new();
    for f in findings.iter() {
        ranks.entry(f.topic.as_str()).or_default();
    }
    let mut topics: Vec<&str> = ranks.keys().copied().collect();
    topics.sort_unstable();
    for (rank, topic) in topics.into_iter().enumerate() {
        ranks.insert(topic, rank);
    }
    let topic_rank: Vec<usize> = findings.iter().map(|f| ranks[f.topic.as_str()]).collect();
    let mut order: Vec<usize> = (0..findings.len()).collect();
    // Stable, as the sort of the findings themselves was.
    order.sort_by(|&a, &b| {
        findings[b]
            .severity
            .cmp(&findings[a].severity)
            .then(topic_rank[a].cmp(&topic_rank[b]))
            .then(findings[a].id.cmp(&findings[b].id))
    });
    drop(ranks);
    // Put in place by following the permutation's cycles: a second vector
    // of findings would double a large event's peak memory.
    let mut placed = vec![false; findings.len()];
    for start in 0..findings.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            findings.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::sample_articles;

    #[test]
    fn a_group_of_articles_gives_each_its_own_digest() {
        let rules = crate::rules::builtin_compiled();
        let articles = sample_articles();
        let clustered = |a: &Article| a.id.len().is_multiple_of(2);
        let grouped = Digest::from_articles(&articles, &rules, clustered);
        assert_eq!(grouped.len(), articles.len());
        for (article, digest) in articles.iter().zip(&grouped) {
            let alone = Digest::from_articles(std::slice::from_ref(article), &rules, clustered);
            assert_eq!(digest.id, article.id);
            assert!(!digest.claims.is_empty() && !digest.positions.is_empty());
            assert_eq!(
                digest.keys.is_empty(),
                !clustered(article),
                "{}",
                article.id
            );
            assert_eq!(
                serde_json::to_string(digest).unwrap(),
                serde_json::to_string(&alone[0]).unwrap(),
                "{}",
                article.id
            );
        }
    }

    #[test]
    fn findings_sort_by_severity_topic_and_id_keeping_the_order_of_equals() {
        use crate::finding::{Evidence, Severity};
        let side = |article: &str, at: usize| Evidence {
            article: article.to_string(),
            sentence: String::new(),
            span: Span::new(at, at + 1),
            text: String::new(),
            value: None,
            term: None,
            attribution: None,
            published: None,
            label: None,
        };
        let severities = [Severity::Low, Severity::High, Severity::Medium];
        let topics = [
            "killed/people",
            "injured/people",
            "aid/USD",
            "killed/people/city",
        ];
        let mut findings = Vec::new();
        for i in 0..600usize {
            // Every fifth finding repeats an earlier one's kind, topic and
            // spans, so its id too: only its summary tells them apart.
            let at = if i % 5 == 0 { i / 7 } else { i };
            let mut finding = Finding::new(
                FindingKind::FigureConflict,
                severities[(i * 7) % 3],
                topics[(at * 3) % 4].to_string(),
                format!("finding {i}"),
                [side("a", at), side("b", at + 1)],
            );
            finding.severity = severities[(at * 7) % 3];
            findings.push(finding);
        }
        let mut expected = findings.clone();
        expected.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(a.topic.cmp(&b.topic))
                .then(a.id.cmp(&b.id))
        });
        let summaries = |fs: &[Finding]| fs.iter().map(|f| f.summary.clone()).collect::<Vec<_>>();
        assert_ne!(summaries(&findings), summaries(&expected));
        sort_findings(&mut findings);
        assert_eq!(summaries(&findings), summaries(&expected));
    }
}
