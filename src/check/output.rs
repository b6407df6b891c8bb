//! Reporters for `check`: a [`CheckReport`] in, text out. They only print;
//! the exit status is computed in [`super::run`]. Nothing here depends on
//! timing except `stats.seconds` in JSON, so every other format is
//! byte-identical between identical runs.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::json;

use super::{CheckReport, Digest};
use crate::finding::{Evidence, Finding, FindingKind, Severity};

/// Where an article lives, for SARIF and GitHub locations.
#[derive(Debug, Clone, Default)]
pub struct Locations {
    by_article: HashMap<String, Place>,
}

#[derive(Debug, Clone)]
struct Place {
    uri: String,
    /// For a dataset record (`file.jsonl:12`), its line in the file.
    record_line: Option<usize>,
    positions: Vec<(usize, usize, usize)>,
}

impl Locations {
    pub fn from_digests(digests: &[Digest]) -> Self {
        let mut locations = Locations::default();
        for d in digests {
            locations.insert(d);
        }
        locations
    }

    /// Remembers where one article lives; a later article with the same id wins.
    pub fn insert(&mut self, d: &Digest) {
        let (uri, record_line) = split_record(&d.path);
        let place = Place {
            uri,
            record_line,
            positions: d.positions.clone(),
        };
        self.by_article.insert(d.id.clone(), place);
    }

    /// `(uri, line, column)` of a piece of evidence, 1-based. A record in a
    /// dataset file points at its line with column 1; an article file at the
    /// line and column of the claim in the article text (title, blank line,
    /// body); an article known only from claims at line 1.
    pub fn of(&self, evidence: &Evidence) -> (String, usize, usize) {
        let Some(place) = self.by_article.get(&evidence.article) else {
            return (evidence.article.clone(), 1, 1);
        };
        if let Some(line) = place.record_line {
            return (place.uri.clone(), line, 1);
        }
        let found = place
            .positions
            .binary_search_by_key(&evidence.span.start, |p| p.0)
            .ok()
            .map(|i| (place.positions[i].1, place.positions[i].2));
        let (line, column) = found.unwrap_or((1, 1));
        (place.uri.clone(), line, column)
    }
}

/// `news.jsonl:12` → (`news.jsonl`, 12); `data.json:record 3` → (`data.json`, none).
fn split_record(path: &str) -> (String, Option<usize>) {
    if let Some((file, rest)) = path.rsplit_once(':') {
        if let Ok(line) = rest.parse::<usize>() {
            return (file.to_string(), Some(line));
        }
        if rest.starts_with("record ") {
            return (file.to_string(), None);
        }
    }
    (path.to_string(), None)
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

const FRAMING: &[FindingKind] = &[
    FindingKind::FramingDifference,
    FindingKind::AttributionDifference,
    FindingKind::HedgingDifference,
];

fn summary_rows(report: &CheckReport, markdown: bool) -> String {
    let mut out = String::new();
    let header = [
        "event",
        "grouped",
        "articles",
        "folded",
        "claims",
        "conflicts",
        "updates",
        "framing",
        "other",
    ];
    if markdown {
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    } else {
        let _ = writeln!(
            out,
            "{:<36} {:>7} {:>8} {:>6} {:>6} {:>9} {:>7} {:>7} {:>5}",
            header[0],
            header[1],
            header[2],
            header[3],
            header[4],
            header[5],
            header[6],
            header[7],
            header[8]
        );
    }
    for e in &report.events {
        let values = [
            e.articles,
            e.folded,
            e.claims,
            e.count(&[FindingKind::FigureConflict]),
            e.count(&[FindingKind::FigureUpdate]),
            e.count(FRAMING),
            e.other(),
        ];
        if markdown {
            let numbers: Vec<String> = values.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&e.event),
                e.grouped_by,
                numbers.join(" | ")
            );
        } else {
            let _ = writeln!(
                out,
                "{:<36} {:>7} {:>8} {:>6} {:>6} {:>9} {:>7} {:>7} {:>5}",
                e.event,
                e.grouped_by,
                values[0],
                values[1],
                values[2],
                values[3],
                values[4],
                values[5],
                values[6]
            );
        }
    }
    out
}

fn totals_line(report: &CheckReport) -> String {
    let s = &report.stats;
    format!(
        "{} events, {} articles ({} read = {} processed + {} skipped), {} near-duplicates folded, {} claims, {} findings ({} baselined).",
        s.events, s.articles, s.read, s.processed, s.skipped, s.folded, s.claims, s.findings, s.baselined
    )
}

fn tag(finding: &Finding) -> &'static str {
    if finding.baselined {
        " (baselined)"
    } else {
        ""
    }
}

pub fn table(report: &CheckReport) -> String {
    let mut out = String::new();
    let mut event = None;
    for f in &report.findings {
        if event != f.event.as_ref() {
            event = f.event.as_ref();
            let _ = writeln!(out, "== event: {}", f.event.as_deref().unwrap_or("-"));
        }
        let _ = writeln!(
            out,
            "{} {} [{}]{} {}",
            f.severity.as_str(),
            f.kind.as_str(),
            f.topic,
            tag(f),
            f.summary
        );
        for e in &f.evidence {
            let _ = writeln!(out, "    {}: {}", e.article, e.sentence.replace('\n', " "));
        }
    }
    if !report.folded.is_empty() {
        let _ = writeln!(out, "\nNear-duplicates compared as one voice");
        for f in &report.folded {
            let _ = writeln!(
                out,
                "  {}: {} kept; folded {} (similarity {:.2})",
                f.event,
                f.kept,
                f.folded.join(", "),
                f.similarity
            );
        }
    }
    if !report.skipped.is_empty() {
        let _ = writeln!(out, "\nSkipped");
        for s in &report.skipped {
            let _ = writeln!(out, "  {}: {}", s.input, s.reason);
        }
    }
    let _ = writeln!(out, "\nSummary");
    out.push_str(&summary_rows(report, false));
    let _ = writeln!(out, "{}", totals_line(report));
    out
}

pub fn markdown(report: &CheckReport) -> String {
    let mut out = String::from("# crosscheck dataset report\n\n");
    let _ = writeln!(out, "{}\n", totals_line(report));
    out.push_str("## Events\n\n");
    out.push_str(&summary_rows(report, true));
    out.push_str("\n## Findings\n\n");
    if report.findings.is_empty() {
        out.push_str("No conflicting or updated figures.\n\n");
    }
    for f in &report.findings {
        let _ = writeln!(
            out,
            "### {} · {} · `{}` · event `{}`{}\n\n{}\n",
            f.kind.as_str(),
            f.severity.as_str(),
            f.topic,
            f.event.as_deref().unwrap_or("-"),
            tag(f),
            f.summary
        );
        for e in &f.evidence {
            let _ = writeln!(
                out,
                "- **{}** ({}): > {}",
                e.article,
                e.published.as_deref().unwrap_or("undated"),
                cell(&e.sentence)
            );
        }
        out.push('\n');
    }
    if !report.folded.is_empty() {
        out.push_str("## Near-duplicates compared as one voice\n\n| event | kept | folded | similarity |\n|---|---|---|---|\n");
        for f in &report.folded {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.2} |",
                cell(&f.event),
                cell(&f.kept),
                cell(&f.folded.join(", ")),
                f.similarity
            );
        }
        out.push('\n');
    }
    if !report.skipped.is_empty() {
        out.push_str("## Skipped inputs\n\n");
        for s in &report.skipped {
            let _ = writeln!(out, "- `{}`: {}", s.input, s.reason);
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

const RULE_KINDS: &[FindingKind] = &[
    FindingKind::FigureConflict,
    FindingKind::FigureUpdate,
    FindingKind::FramingDifference,
    FindingKind::AttributionDifference,
    FindingKind::HedgingDifference,
    FindingKind::DateConflict,
];

fn rule_description(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::FigureConflict => {
            "Two articles give figures for the same thing that cannot both be true."
        }
        FindingKind::FigureUpdate => {
            "A running total that a later article reports higher: news, not a contradiction."
        }
        FindingKind::FramingDifference => {
            "The same actor, act or source named in differently loaded words."
        }
        FindingKind::AttributionDifference => {
            "The same source credited under differently loaded labels."
        }
        FindingKind::HedgingDifference => {
            "The same figure stated with a hedge by one outlet and as plain fact by the other."
        }
        FindingKind::DateConflict => {
            "Two articles give dates or times for the same event that cannot both be true."
        }
    }
}

/// SARIF 2.1.0: one result per finding, located at both articles' claims.
pub fn sarif(report: &CheckReport, locations: &Locations) -> String {
    let rules: Vec<_> = RULE_KINDS
        .iter()
        .map(|k| {
            json!({
                "id": k.as_str(),
                "name": k.as_str(),
                "shortDescription": {"text": rule_description(*k)},
            })
        })
        .collect();
    let results: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            let locs: Vec<_> = f
                .evidence
                .iter()
                .map(|e| {
                    let (uri, line, column) = locations.of(e);
                    json!({
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri},
                            "region": {"startLine": line, "startColumn": column},
                        },
                        "message": {"text": format!("{}: {}", e.article, e.text)},
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": f.kind.as_str(),
                "level": level(f.severity),
                "message": {"text": f.summary},
                "locations": locs,
                "partialFingerprints": {"crosscheck/v1": super::baseline::fingerprint(f)},
                "properties": {
                    "id": f.id,
                    "event": f.event,
                    "topic": f.topic,
                    "severity": f.severity.as_str(),
                },
            });
            if f.baselined {
                result["baselineState"] = json!("unchanged");
                result["suppressions"] =
                    json!([{"kind": "external", "justification": "in --baseline"}]);
            }
            result
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "crosscheck",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/crosscheck/crosscheck",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&sarif).expect("plain data");
    text.push('\n');
    text
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: one annotation per finding at its first
/// article; baselined findings become notices.
pub fn github(report: &CheckReport, locations: &Locations) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match (f.baselined, f.severity) {
            (true, _) | (false, Severity::Low) => "notice",
            (false, Severity::Medium) => "warning",
            (false, Severity::High) => "error",
        };
        let (uri, line, column) = locations.of(&f.evidence[0]);
        let (other, other_line, _) = locations.of(&f.evidence[1]);
        let title = format!(
            "crosscheck {} ({}){}",
            f.kind.as_str(),
            f.severity.as_str(),
            tag(f)
        );
        let message = format!(
            "[{}] {} See also {other}:{other_line}.",
            f.event.as_deref().unwrap_or("-"),
            f.summary
        );
        let _ = writeln!(
            out,
            "::{command} file={},line={line},col={column},title={}::{}",
            escape_property(&uri),
            escape_property(&title),
            escape_data(&message)
        );
    }
    for s in &report.skipped {
        let (uri, line) = split_record(&s.input);
        let _ = writeln!(
            out,
            "::error file={},line={},title=crosscheck skipped input::{}",
            escape_property(&uri),
            line.unwrap_or(1),
            escape_data(&s.reason)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_paths_split_into_file_and_line() {
        assert_eq!(
            split_record("data/news.jsonl:12"),
            ("data/news.jsonl".into(), Some(12))
        );
        assert_eq!(split_record("a.json:record 3"), ("a.json".into(), None));
        assert_eq!(split_record("story.md"), ("story.md".into(), None));
    }

    #[test]
    fn workflow_command_values_are_escaped() {
        assert_eq!(escape_data("50% up\nnext"), "50%25 up%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
