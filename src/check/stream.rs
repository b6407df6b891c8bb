//! One event's findings as they are made, in bounded memory.
//!
//! Findings are pairs of an event's articles, so one event of a few thousand
//! articles makes millions of them: held whole, they took gigabytes. In the
//! dataset formats (JSON, JSONL) the findings are held only up to the spill
//! budget; past it the held ones are sorted into report order, marked
//! against the baseline, counted, rendered and written to a run on disk
//! ([`finding_runs`](super::finding_runs)), and the sink merges the runs when
//! the event's turn comes. Below the budget, and in the formats that build
//! the report whole, nothing changes: the findings are held and sorted as
//! before.

use std::collections::BTreeMap;

use super::baseline::BaselineEntry;
use super::finding_runs::{Record, Runs};
use super::sink::{Preparer, Tally};
use super::sort_findings;
use crate::finding::{Finding, FindingKind};

/// An event's findings that went to runs, already counted and marked.
pub(crate) struct Spilled {
    pub(super) runs: Runs,
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
    spilled: Option<Spilled>,
}

/// What an event's stream ends with.
pub(crate) struct Streamed {
    /// The findings held, unsorted; none once any went to runs.
    pub held: Vec<Finding>,
    pub spilled: Option<Spilled>,
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
    pub fn new(preparer: Preparer<'a>, event: &str, budget: usize) -> Self {
        FindingStream {
            preparer,
            event: event.to_string(),
            budget,
            held: Vec::new(),
            weight: 0,
            kinds: BTreeMap::new(),
            spilled: None,
        }
    }

    pub fn push(&mut self, mut finding: Finding) {
        finding.event = Some(self.event.clone());
        *self.kinds.entry(finding.kind).or_default() += 1;
        self.weight += weight(&finding);
        self.held.push(finding);
        if self.weight > self.budget && self.preparer.streams() {
            let records = self.records();
            let spilled = self.spilled.as_mut().expect("records() starts the runs");
            // A run that cannot be written stays in memory, in its place
            // among the runs: the report loses nothing, at the cost of the
            // memory the runs were to save.
            if spilled.runs.write(&records).is_err() {
                spilled.runs.keep(records);
            }
        }
    }

    /// The held findings in report order, marked, counted and rendered.
    fn records(&mut self) -> Vec<Record> {
        let mut held = std::mem::take(&mut self.held);
        self.weight = 0;
        sort_findings(&mut held);
        let spilled = self.spilled.get_or_insert_with(|| Spilled {
            runs: Runs::default(),
            tally: Tally::default(),
            baseline_entries: Vec::new(),
        });
        held.into_iter()
            .map(|mut finding| {
                self.preparer.account(
                    &mut finding,
                    &mut spilled.tally,
                    &mut spilled.baseline_entries,
                );
                let text = self.preparer.render(&finding);
                Record::of(&finding, text)
            })
            .collect()
    }

    pub fn finish(mut self) -> Streamed {
        if self.spilled.is_some() {
            let records = self.records();
            let spilled = self.spilled.as_mut().expect("runs were started");
            spilled.runs.keep(records);
        }
        Streamed {
            held: self.held,
            spilled: self.spilled,
            kinds: self.kinds,
        }
    }
}
