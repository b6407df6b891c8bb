//! One event's findings as they are made, in bounded memory.
//!
//! Findings are pairs of an event's articles, so one event of a few thousand
//! articles makes millions of them: held whole, they took gigabytes. In the
//! dataset formats (JSON, JSONL) the findings are held only up to the spill
//! budget; past it the held ones are sorted into report order, marked
//! against the baseline, counted and rendered as the report prints them,
//! and go to a [`Spill`] of [`Record`]s, whose runs on disk the sink merges
//! when the event's turn comes. Below the budget, and in the formats that
//! build the report whole, nothing changes: the findings are held and
//! sorted as before.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::io;

use serde::{Deserialize, Serialize};

use super::baseline::BaselineEntry;
use super::sink::{Preparer, Tally};
use super::sort_findings;
use super::spill::{self, Merged, Spill, Spilled};
use crate::finding::{Finding, FindingKind, Severity};

/// A rendered finding and what it sorts by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub severity: Severity,
    pub topic: String,
    pub id: String,
    /// The finding as the report prints it: a string, which a run stores in
    /// one piece where bytes would go one at a time.
    pub text: String,
}

/// Report order: the most severe first, then by topic and id; findings
/// equal in all three keep the order they were made in, as the spill keeps
/// ties in the order they were pushed.
impl Spilled for Record {
    /// A large event's rendered findings are gigabytes of repetitive JSON.
    const COMPRESSED: bool = true;

    fn order(&self, other: &Self) -> Ordering {
        other
            .severity
            .cmp(&self.severity)
            .then_with(|| self.topic.cmp(&other.topic))
            .then_with(|| self.id.cmp(&other.id))
    }

    fn weight(&self) -> usize {
        std::mem::size_of::<Record>() + self.topic.len() + self.id.len() + self.text.len()
    }
}

/// An event's findings that went to disk, already counted and marked.
pub(crate) struct OnDisk {
    /// The findings in report order, or why they could not be kept on disk.
    pub(super) merged: io::Result<Merged<Record>>,
    pub(super) tally: Tally,
    pub(super) baseline_entries: Vec<BaselineEntry>,
}

/// Takes an event's findings one at a time.
pub(crate) struct FindingStream<'a> {
    preparer: Preparer<'a>,
    event: String,
    budget: usize,
    held: Vec<Finding>,
    /// The held findings' rough size in memory, counted against the budget.
    weight: usize,
    kinds: BTreeMap<FindingKind, usize>,
    disk: Option<Disk>,
}

/// The spill an event's findings go to, and what was counted on the way.
struct Disk {
    /// `Err` once a run could not be written: the event's report is then lost,
    /// and the error says so.
    spill: io::Result<Spill<Record>>,
    tally: Tally,
    baseline_entries: Vec<BaselineEntry>,
}

/// What an event's stream ends with.
pub(crate) struct Streamed {
    /// The findings held, unsorted; none once any went to disk.
    pub held: Vec<Finding>,
    pub on_disk: Option<OnDisk>,
    /// How many findings there were of each kind, held or not.
    pub kinds: BTreeMap<FindingKind, usize>,
}

/// A finding's rough size in memory: the structure and its strings.
fn weight(finding: &Finding) -> usize {
    let sides: usize = finding
        .evidence
        .iter()
        .map(|e| {
            e.article.len()
                + e.sentence.len()
                + e.text.len()
                + e.term.as_ref().map_or(0, String::len)
                + e.attribution.as_ref().map_or(0, String::len)
                + e.published.as_ref().map_or(0, String::len)
        })
        .sum();
    std::mem::size_of::<Finding>() + finding.summary.len() + finding.topic.len() + sides
}

impl<'a> FindingStream<'a> {
    pub fn new(preparer: Preparer<'a>, event: &str) -> Self {
        FindingStream {
            preparer,
            event: event.to_string(),
            budget: spill::budget(),
            held: Vec::new(),
            weight: 0,
            kinds: BTreeMap::new(),
            disk: None,
        }
    }

    pub fn push(&mut self, mut finding: Finding) {
        finding.event = Some(self.event.clone());
        *self.kinds.entry(finding.kind).or_default() += 1;
        self.weight += weight(&finding);
        self.held.push(finding);
        if self.weight > self.budget && self.preparer.streams() {
            self.hand_to_spill(true);
        }
    }

    /// Hands the held findings to the spill in report order, marked,
    /// counted and rendered, and has it write them as one run unless they
    /// are the last (the spill keeps those in memory). Sorted here by topic
    /// rank, so the spill's own sort finds them in order already.
    fn hand_to_spill(&mut self, write: bool) {
        let mut held = std::mem::take(&mut self.held);
        self.weight = 0;
        sort_findings(&mut held);
        let disk = self.disk.get_or_insert_with(|| Disk {
            // Runs are written when the held findings pass the budget, not
            // when the spill's own copy of them would.
            spill: Ok(Spill::with_budget(usize::MAX)),
            tally: Tally::default(),
            baseline_entries: Vec::new(),
        });
        for mut finding in held {
            self.preparer
                .account(&mut finding, &mut disk.tally, &mut disk.baseline_entries);
            let Ok(spill) = &mut disk.spill else {
                continue;
            };
            let record = Record {
                severity: finding.severity,
                text: String::from_utf8(self.preparer.render(&finding))
                    .expect("the report is written from UTF-8 text"),
                topic: finding.topic,
                id: finding.id,
            };
            if let Err(e) = spill.push(record) {
                disk.spill = Err(e);
            }
        }
        if let (true, Ok(spill)) = (write, &mut disk.spill) {
            if let Err(e) = spill.write_run() {
                disk.spill = Err(e);
            }
        }
    }

    pub fn finish(mut self) -> Streamed {
        if self.disk.is_some() {
            self.hand_to_spill(false);
        }
        let on_disk = self.disk.map(|disk| OnDisk {
            merged: disk.spill.and_then(Spill::finish),
            tally: disk.tally,
            baseline_entries: disk.baseline_entries,
        });
        Streamed {
            held: self.held,
            on_disk,
            kinds: self.kinds,
        }
    }
}
