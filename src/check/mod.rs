//! `crosscheck check`: a dataset in, one report over all its events out.
//!
//! 1. **Digest** (streaming, parallel per chunk): each article is read, its
//!    claims extracted, and it is reduced to a [`Digest`]: metadata, claims,
//!    a MinHash signature, cluster keys and the line/column of each claim.
//!    The text itself is dropped, so memory holds claims, not articles.
//!    `--claims` files give digests directly.
//! 2. **Group**: by the event field, or by clustering (see [`similar`]).
//! 3. **Fold**: near-identical texts in one group keep one voice.
//! 4. **Compare** each group in parallel; findings carry their event.
//! 5. **Baseline**, render, and compute the exit status.

pub mod baseline;
pub mod output;
pub mod similar;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, IsTerminal};
use std::path::Path;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::align::align;
use crate::article::Article;
use crate::claim::Claim;
use crate::cli::{CheckArgs, CheckFormat};
use crate::commands::{exit_status, ingest_options, load_rules, Outcome};
use crate::compare::compare;
use crate::extract::extract_article;
use crate::finding::{Finding, FindingKind};
use crate::ingest::{read_inputs, Skipped};
use crate::pipeline::REPORT_SCHEMA;
use crate::rules::CompiledRules;

/// Articles read in one parallel extraction batch.
const CHUNK: usize = 256;
/// Bytes of the body, after the title, that count as the lead for clustering.
const LEAD_BYTES: usize = 1500;

/// One article reduced to what checking needs; the text is gone.
#[derive(Debug, Clone)]
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
}

impl Digest {
    pub fn from_article(article: &Article, rules: &CompiledRules) -> Self {
        let claims = extract_article(article, rules);
        let mut lead_end = (article.body_start + LEAD_BYTES).min(article.text.len());
        while !article.text.is_char_boundary(lead_end) {
            lead_end -= 1;
        }
        let lead = &article.text[article.body_start..lead_end];
        let mut offsets: Vec<usize> = claims.iter().map(|c| c.span.start).collect();
        offsets.sort_unstable();
        offsets.dedup();
        let positions = offsets
            .into_iter()
            .map(|offset| {
                let before = &article.text[..offset.min(article.text.len())];
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let column = before[line_start..].chars().count() + 1;
                (offset, line, column)
            })
            .collect();
        Digest {
            id: article.id.clone(),
            path: article.path.clone(),
            outlet: article.outlet.clone(),
            title: article.title.clone(),
            published: article.published.clone(),
            event: article.event.clone(),
            signature: similar::signature(&article.text),
            keys: similar::cluster_keys(article.title.as_deref(), lead),
            claims,
            positions,
        }
    }

    /// An article known only by claims written by `extract --format jsonl`.
    fn from_claims(id: String, claims: Vec<Claim>) -> Self {
        let mut sentences: Vec<&str> = Vec::new();
        for claim in &claims {
            if sentences.last() != Some(&claim.sentence.as_str()) {
                sentences.push(&claim.sentence);
            }
        }
        let joined = sentences.join(" ");
        let first = claims.first();
        Digest {
            path: id.clone(),
            id,
            outlet: first.and_then(|c| c.outlet.clone()),
            title: None,
            published: first.and_then(|c| c.published.clone()),
            event: first.and_then(|c| c.event.clone()),
            signature: similar::signature(&joined),
            keys: similar::cluster_keys(None, &joined),
            positions: Vec::new(),
            claims,
        }
    }

    pub fn position(&self, offset: usize) -> Option<(usize, usize)> {
        self.positions
            .binary_search_by_key(&offset, |p| p.0)
            .ok()
            .map(|i| (self.positions[i].1, self.positions[i].2))
    }

    fn day(&self) -> Option<i64> {
        let date: jiff::civil::Date = self.published.as_deref()?.get(..10)?.parse().ok()?;
        let epoch = jiff::civil::date(1970, 1, 1);
        Some(i64::from((date - epoch).get_days()))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckArticle {
    pub id: String,
    pub path: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    /// The event the article was compared in: its event field, or `auto/...` for a cluster.
    pub event: Option<String>,
    pub claims: usize,
    /// The article whose near-identical text speaks for this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

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

/// Reads articles and claim files into digests, extracting in parallel chunks.
fn digest_inputs(
    args: &CheckArgs,
    options: &crate::ingest::IngestOptions,
    rules: &CompiledRules,
    bar: &ProgressBar,
) -> (Vec<Digest>, Vec<Skipped>) {
    let mut digests = Vec::new();
    let mut skipped = Vec::new();
    if !args.inputs.is_empty() {
        let mut chunk: Vec<Article> = Vec::with_capacity(CHUNK);
        let flush = |chunk: &mut Vec<Article>, digests: &mut Vec<Digest>| {
            let done: Vec<Digest> = chunk
                .par_iter()
                .map(|a| Digest::from_article(a, rules))
                .collect();
            bar.inc(done.len() as u64);
            digests.extend(done);
            chunk.clear();
        };
        for item in read_inputs(&args.inputs, options) {
            match item {
                Ok(article) => {
                    chunk.push(article);
                    if chunk.len() == CHUNK {
                        flush(&mut chunk, &mut digests);
                    }
                }
                Err(skip) => skipped.push(skip),
            }
        }
        flush(&mut chunk, &mut digests);
    }
    let mut by_article: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
    for path in &args.claims {
        read_claims(path, &mut by_article, &mut skipped);
    }
    for (id, claims) in by_article {
        bar.inc(1);
        digests.push(Digest::from_claims(id, claims));
    }
    (digests, skipped)
}

/// Reads one `extract --format jsonl` file; each line's `claim` object is a claim.
fn read_claims(
    path: &Path,
    by_article: &mut BTreeMap<String, Vec<Claim>>,
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
        #[derive(Deserialize)]
        struct Line {
            claim: Claim,
        }
        match serde_json::from_str::<Line>(&line) {
            Ok(parsed) => by_article
                .entry(parsed.claim.article.clone())
                .or_default()
                .push(parsed.claim),
            Err(e) => skipped.push(Skipped::new(
                at,
                format!(
                    "not a claim line ({e}); write claims with `crosscheck extract --format jsonl`"
                ),
            )),
        }
    }
}

/// A group of articles compared together.
struct Group {
    event: String,
    grouped_by: &'static str,
    members: Vec<usize>,
}

/// Assigns every digest to an event: its field unless `--cluster`, else a cluster.
fn group(
    digests: &[Digest],
    force_cluster: bool,
    duplicates: &[(usize, usize, f64)],
) -> Vec<Group> {
    let mut by_event: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut unlabelled = Vec::new();
    for (i, d) in digests.iter().enumerate() {
        match (&d.event, force_cluster) {
            (Some(event), false) => by_event.entry(event.clone()).or_default().push(i),
            _ => unlabelled.push(i),
        }
    }
    let mut groups: Vec<Group> = by_event
        .into_iter()
        .map(|(event, members)| Group {
            event,
            grouped_by: "field",
            members,
        })
        .collect();
    if !unlabelled.is_empty() {
        let local: HashMap<usize, usize> = unlabelled
            .iter()
            .enumerate()
            .map(|(l, &g)| (g, l))
            .collect();
        let days: Vec<Option<i64>> = unlabelled.iter().map(|&i| digests[i].day()).collect();
        let items: Vec<similar::ClusterItem> = unlabelled
            .iter()
            .zip(&days)
            .map(|(&i, day)| similar::ClusterItem {
                keys: &digests[i].keys,
                day: *day,
            })
            .collect();
        let extra: Vec<(usize, usize)> = duplicates
            .iter()
            .filter_map(|(i, j, _)| Some((*local.get(i)?, *local.get(j)?)))
            .collect();
        let roots = similar::cluster(&items, &extra);
        let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (l, root) in roots.into_iter().enumerate() {
            clusters.entry(root).or_default().push(unlabelled[l]);
        }
        for members in clusters.into_values() {
            // Digests are sorted by id, so the first member has the smallest id.
            let event = format!("auto/{}", digests[members[0]].id);
            groups.push(Group {
                event,
                grouped_by: "cluster",
                members,
            });
        }
    }
    groups.sort_by(|a, b| a.event.cmp(&b.event));
    groups
}

/// The result of comparing one group.
struct GroupResult {
    findings: Vec<Finding>,
    folded: Vec<Folded>,
    duplicate_of: Vec<(usize, String)>,
    topics: usize,
}

fn compare_group(
    group: &Group,
    digests: &[Digest],
    duplicates: &BTreeMap<usize, Vec<(usize, f64)>>,
    rules: &CompiledRules,
) -> GroupResult {
    let members: BTreeSet<usize> = group.members.iter().copied().collect();
    let mut sets = similar::Sets::new(digests.len());
    let mut best: HashMap<(usize, usize), f64> = HashMap::new();
    for &i in &group.members {
        for &(j, s) in duplicates.get(&i).into_iter().flatten() {
            if members.contains(&j) {
                sets.union(i, j);
                best.insert((i.min(j), i.max(j)), s);
            }
        }
    }
    let mut folds: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in &group.members {
        let root = sets.find(i);
        if root != i {
            folds.entry(root).or_default().push(i);
        }
    }
    let mut folded = Vec::new();
    let mut duplicate_of = Vec::new();
    for (kept, copies) in &folds {
        let similarity = copies
            .iter()
            .map(|&c| {
                let direct = best.get(&(*kept.min(&c), *kept.max(&c))).copied();
                direct.unwrap_or_else(|| {
                    similar::similarity(&digests[*kept].signature, &digests[c].signature)
                })
            })
            .fold(1.0f64, f64::min);
        folded.push(Folded {
            event: group.event.clone(),
            kept: digests[*kept].id.clone(),
            folded: copies.iter().map(|&c| digests[c].id.clone()).collect(),
            similarity: (similarity * 100.0).round() / 100.0,
        });
        for &c in copies {
            duplicate_of.push((c, digests[*kept].id.clone()));
        }
    }
    let voices: Vec<Claim> = group
        .members
        .iter()
        .filter(|&&i| sets.find(i) == i)
        .flat_map(|&i| digests[i].claims.iter().cloned())
        .collect();
    let groups = align(&voices);
    let comparison = compare(&groups, rules);
    let mut findings = comparison.findings;
    for finding in &mut findings {
        finding.event = Some(group.event.clone());
    }
    GroupResult {
        findings,
        folded,
        duplicate_of,
        topics: groups.len(),
    }
}

pub fn run(args: &CheckArgs) -> Outcome {
    let started = Instant::now();
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(outcome) => return outcome,
    };
    let mut options = match ingest_options(&args.input) {
        Ok(options) => options,
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
    let (mut report, locations) = pool.install(|| build_report(args, &options, &rules, &known));
    report.stats.seconds = started.elapsed().as_secs_f64();
    let mut stderr: Vec<String> = report
        .skipped
        .iter()
        .map(|s| format!("error: {s}"))
        .collect();
    if let Some(path) = &args.write_baseline {
        if let Err(e) = baseline::write(path, &report.findings) {
            return Outcome::error(format!("error: {e}"));
        }
    }
    if !args.quiet {
        let s = &report.stats;
        stderr.push(format!(
            "checked {} events: read {} = {} processed + {} skipped; {} near-duplicates folded; {} findings ({} baselined)",
            s.events, s.read, s.processed, s.skipped, s.folded, s.findings, s.baselined
        ));
    }
    let stdout = match args.format {
        CheckFormat::Json => output::json(&report),
        CheckFormat::Jsonl => output::jsonl(&report),
        CheckFormat::Markdown => output::markdown(&report),
        CheckFormat::Table => output::table(&report),
        CheckFormat::Sarif => output::sarif(&report, &locations),
        CheckFormat::Github => output::github(&report, &locations),
    };
    let status = exit_status(
        report.worst_new_severity(),
        args.fail_on.threshold(),
        !report.skipped.is_empty(),
    );
    Outcome {
        stdout,
        stderr,
        status,
    }
}

/// Everything but the timing, which the caller fills in; with where each claim sits, for SARIF.
pub fn build_report(
    args: &CheckArgs,
    options: &crate::ingest::IngestOptions,
    rules: &CompiledRules,
    known: &BTreeSet<String>,
) -> (CheckReport, output::Locations) {
    let bar = progress(args.quiet, "reading and extracting");
    let (mut digests, skipped) = digest_inputs(args, options, rules, &bar);
    bar.finish_and_clear();
    digests.sort_by(|a, b| a.id.cmp(&b.id).then(a.path.cmp(&b.path)));
    let signatures: Vec<&[u64]> = digests.iter().map(|d| d.signature.as_slice()).collect();
    let duplicates = similar::duplicate_pairs(&signatures);
    let groups = group(&digests, args.cluster, &duplicates);
    let mut dup_index: BTreeMap<usize, Vec<(usize, f64)>> = BTreeMap::new();
    for &(i, j, s) in &duplicates {
        dup_index.entry(i).or_default().push((j, s));
        dup_index.entry(j).or_default().push((i, s));
    }
    let bar = progress(args.quiet, "comparing events");
    let results: Vec<GroupResult> = groups
        .par_iter()
        .map(|g| {
            let r = compare_group(g, &digests, &dup_index, rules);
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();

    let mut event_of = vec![String::new(); digests.len()];
    let mut duplicate_of: Vec<Option<String>> = vec![None; digests.len()];
    let mut events = Vec::new();
    let mut findings = Vec::new();
    let mut folded = Vec::new();
    let mut topics = 0;
    for (g, r) in groups.iter().zip(results) {
        for &i in &g.members {
            event_of[i] = g.event.clone();
        }
        for (i, kept) in r.duplicate_of {
            duplicate_of[i] = Some(kept);
        }
        let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
        for f in &r.findings {
            *by_kind.entry(f.kind.as_str().to_string()).or_default() += 1;
        }
        events.push(EventSummary {
            event: g.event.clone(),
            grouped_by: g.grouped_by.to_string(),
            articles: g.members.len(),
            folded: r.folded.iter().map(|f| f.folded.len()).sum(),
            claims: g.members.iter().map(|&i| digests[i].claims.len()).sum(),
            findings: by_kind,
        });
        topics += r.topics;
        let mut group_findings = r.findings;
        group_findings.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(a.topic.cmp(&b.topic))
                .then(a.id.cmp(&b.id))
        });
        findings.extend(group_findings);
        folded.extend(r.folded);
    }
    for finding in &mut findings {
        finding.baselined = known.contains(&baseline::fingerprint(finding));
    }
    let mut articles: Vec<CheckArticle> = digests
        .iter()
        .enumerate()
        .map(|(i, d)| CheckArticle {
            id: d.id.clone(),
            path: d.path.clone(),
            outlet: d.outlet.clone(),
            title: d.title.clone(),
            published: d.published.clone(),
            event: Some(event_of[i].clone()),
            claims: d.claims.len(),
            duplicate_of: duplicate_of[i].clone(),
        })
        .collect();
    articles.sort_by(|a, b| a.event.cmp(&b.event).then(a.id.cmp(&b.id)));
    let stats = CheckStats {
        read: digests.len() + skipped.len(),
        processed: digests.len(),
        skipped: skipped.len(),
        articles: digests.len(),
        events: events.len(),
        folded: folded.iter().map(|f| f.folded.len()).sum(),
        claims: digests.iter().map(|d| d.claims.len()).sum(),
        comparable_claims: digests
            .iter()
            .flat_map(|d| &d.claims)
            .filter(|c| c.topic.is_some())
            .count(),
        topics_compared: topics,
        findings: findings.len(),
        baselined: findings.iter().filter(|f| f.baselined).count(),
        seconds: 0.0,
    };
    let report = CheckReport {
        schema: REPORT_SCHEMA.to_string(),
        articles,
        findings,
        skipped,
        events,
        folded,
        stats,
    };
    (report, output::Locations::from_digests(&digests))
}
