//! Baselines: findings reviewed earlier, remembered by content fingerprint.
//!
//! A fingerprint hashes the finding's kind, topic and, for each side sorted by
//! article id, the article id and the normalized value (low, high, unit) or
//! framing term. Byte offsets and sentences are left out, so a baseline
//! survives edits elsewhere in the articles.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::{Evidence, Finding};

pub const BASELINE_SCHEMA: &str = "crosscheck.baseline/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub schema: String,
    pub findings: Vec<BaselineEntry>,
}

/// One reviewed finding; only `fingerprint` is matched, the rest is for the reviewer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub kind: String,
    pub topic: String,
    #[serde(default)]
    pub event: Option<String>,
    pub articles: [String; 2],
    #[serde(default)]
    pub summary: String,
}

fn side(evidence: &Evidence) -> String {
    let value = match &evidence.value {
        Some(v) => format!(
            "{}..{} {}",
            v.low.map(|x| x.to_string()).unwrap_or_default(),
            v.high.map(|x| x.to_string()).unwrap_or_default(),
            v.unit
        ),
        None => String::new(),
    };
    format!(
        "{}\u{1f}{}\u{1f}{}",
        evidence.article,
        value,
        evidence.term.as_deref().unwrap_or("")
    )
}

pub fn fingerprint(finding: &Finding) -> String {
    let mut sides: Vec<String> = finding.evidence.iter().map(side).collect();
    sides.sort();
    let mut hasher = sha1_smol::Sha1::new();
    hasher.update(finding.kind.as_str().as_bytes());
    hasher.update(b"\x1e");
    hasher.update(finding.topic.as_bytes());
    for s in &sides {
        hasher.update(b"\x1e");
        hasher.update(s.as_bytes());
    }
    hasher.digest().to_string()[..16].to_string()
}

/// What the baseline file says about one finding.
pub fn entry(f: &Finding) -> BaselineEntry {
    BaselineEntry {
        fingerprint: fingerprint(f),
        kind: f.kind.as_str().to_string(),
        topic: f.topic.clone(),
        event: f.event.clone(),
        articles: [f.evidence[0].article.clone(), f.evidence[1].article.clone()],
        summary: f.summary.clone(),
    }
}

/// The baseline file for these entries: one per fingerprint, sorted.
pub fn build(mut entries: Vec<BaselineEntry>) -> Baseline {
    entries.sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
    entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    Baseline {
        schema: BASELINE_SCHEMA.to_string(),
        findings: entries,
    }
}

pub fn read(path: &Path) -> Result<BTreeSet<String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--baseline {}: cannot read: {e}", path.display()))?;
    let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
        format!(
            "--baseline {}: not a crosscheck baseline ({e}); write one with --write-baseline",
            path.display()
        )
    })?;
    if baseline.schema != BASELINE_SCHEMA {
        return Err(format!(
            "--baseline {}: schema '{}' is not {BASELINE_SCHEMA}",
            path.display(),
            baseline.schema
        ));
    }
    Ok(baseline
        .findings
        .into_iter()
        .map(|e| e.fingerprint)
        .collect())
}

pub fn write(path: &Path, entries: Vec<BaselineEntry>) -> Result<(), String> {
    let mut text = serde_json::to_string_pretty(&build(entries)).expect("plain data");
    text.push('\n');
    std::fs::write(path, text)
        .map_err(|e| format!("--write-baseline {}: cannot write: {e}", path.display()))
}
