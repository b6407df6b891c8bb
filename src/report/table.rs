//! The terminal table: one block per topic, one row per article, then the findings.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use super::format_interval;
use crate::claim::Claim;
use crate::compare::{readable_topic, Comparison};
use crate::framing::ConceptTable;
use crate::pipeline::Report;

fn new_table(header: Vec<&str>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(140);
    table.set_header(header);
    table
}

fn display_unit(claim: &Claim) -> &str {
    if claim.quantity.dimension == "count" {
        ""
    } else {
        &claim.quantity.unit
    }
}

pub fn render_table(report: &Report, comparison: &Comparison, framing: &[ConceptTable]) -> String {
    let mut out = String::new();
    let outlet_of = |id: &str| {
        report
            .articles
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.outlet.clone())
            .unwrap_or_else(|| id.to_string())
    };
    for topic in &comparison.topics {
        let mut table = new_table(vec![
            "Article",
            "Figure as written",
            "Interval",
            "Credited to",
            "Published",
            "Verdict",
        ]);
        for row in &topic.rows {
            let claim = row.claim;
            table.add_row(vec![
                format!("{} ({})", outlet_of(&claim.article), claim.article),
                claim.text.clone(),
                format_interval(claim.low(), claim.high(), display_unit(claim)),
                claim.attribution.clone().unwrap_or_else(|| "—".to_string()),
                claim.published.as_deref().unwrap_or("—").to_string(),
                row.verdict.clone(),
            ]);
        }
        out.push_str(&format!("{}\n{table}\n\n", readable_topic(&topic.topic)));
    }
    for concept in framing {
        let mut table = new_table(vec!["Outlet", "Term", "Label", "Sentence"]);
        for row in &concept.rows {
            let label = if row.speakers_words {
                format!("{} (speaker's word)", row.label.as_str())
            } else {
                row.label.as_str().to_string()
            };
            table.add_row(vec![
                format!(
                    "{} ({})",
                    row.outlet.as_deref().unwrap_or(&row.article),
                    row.article
                ),
                row.term.clone(),
                label,
                row.sentence.clone(),
            ]);
        }
        out.push_str(&format!(
            "Framing: {} ({})\n{table}\n\n",
            concept.concept, concept.description
        ));
    }
    if report.findings.is_empty() {
        out.push_str("No conflicting or updated figures.\n");
    } else {
        let mut table = new_table(vec!["Severity", "Kind", "Topic", "Summary"]);
        for finding in &report.findings {
            table.add_row(vec![
                finding.severity.as_str().to_string(),
                finding.kind.as_str().to_string(),
                finding.topic.clone(),
                finding.summary.clone(),
            ]);
        }
        out.push_str(&format!("Findings\n{table}\n"));
    }
    for skipped in &report.skipped {
        out.push_str(&format!("skipped {skipped}\n"));
    }
    let stats = &report.stats;
    out.push_str(&format!(
        "{} articles, {} claims ({} comparable), {} topics compared, {} findings\n",
        stats.articles,
        stats.claims,
        stats.comparable_claims,
        stats.topics_compared,
        stats.findings
    ));
    out
}

/// `crosscheck extract`: every figure found, and why it will or will not be compared.
pub fn render_claims_table(claims: &[Claim]) -> String {
    let mut table = new_table(vec![
        "Article",
        "Figure",
        "Interval",
        "Metric / subject",
        "Credited to",
        "Compared as",
    ]);
    for claim in claims {
        let what = match (&claim.metric, &claim.subject) {
            (Some(metric), Some(subject)) => format!("{metric} / {subject}"),
            (Some(metric), None) => metric.clone(),
            _ => "—".to_string(),
        };
        let compared = match (&claim.topic, &claim.skipped_because) {
            (Some(topic), _) => topic.clone(),
            (None, Some(reason)) => format!("not compared: {reason}"),
            (None, None) => "not compared".to_string(),
        };
        table.add_row(vec![
            claim.article.to_string(),
            claim.text.clone(),
            format_interval(claim.low(), claim.high(), display_unit(claim)),
            what,
            claim.attribution.clone().unwrap_or_else(|| "—".to_string()),
            compared,
        ]);
    }
    format!("{table}\n")
}

/// Date claims for `crosscheck extract`: expression, resolved interval, key.
pub fn render_dates_table(dates: &[crate::temporal::DateClaim]) -> String {
    let mut table = new_table(vec![
        "Article",
        "Date",
        "Interval",
        "Precision",
        "Compared as",
    ]);
    for date in dates {
        let interval = date
            .interval_iso()
            .map(|(start, end)| format!("[{start}, {end})"))
            .unwrap_or_else(|| "—".to_string());
        let compared = match (&date.key, &date.skipped_because) {
            (Some(key), _) => key.clone(),
            (None, Some(reason)) => format!("not compared: {reason}"),
            (None, None) => "not compared".to_string(),
        };
        table.add_row(vec![
            date.article.clone(),
            date.text.clone(),
            interval,
            date.precision.as_str().to_string(),
            compared,
        ]);
    }
    format!("{table}\n")
}
