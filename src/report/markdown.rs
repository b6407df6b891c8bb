//! Markdown for pasting into a report: a section per topic and one per finding,
//! with both sentences quoted so a reader can check the claim without the tool.

use super::format_interval;
use crate::compare::{readable_topic, Comparison};
use crate::framing::ConceptTable;
use crate::pipeline::Report;

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn render_markdown(
    report: &Report,
    comparison: &Comparison,
    framing: &[ConceptTable],
) -> String {
    let mut out = String::from("# crosscheck report\n\n");
    let stats = &report.stats;
    out.push_str(&format!(
        "{} articles, {} claims, {} topics compared, {} findings.\n\n",
        stats.articles, stats.claims, stats.topics_compared, stats.findings
    ));
    out.push_str("## Findings\n\n");
    if report.findings.is_empty() {
        out.push_str("No conflicting or updated figures.\n\n");
    }
    for finding in &report.findings {
        out.push_str(&format!(
            "### {} · {} · `{}`\n\n{}\n\n",
            finding.kind.as_str(),
            finding.severity.as_str(),
            finding.topic,
            finding.summary
        ));
        for evidence in &finding.evidence {
            out.push_str(&format!(
                "- **{}** ({}), bytes {}–{}: > {}\n",
                evidence.article,
                evidence.published.as_deref().unwrap_or("undated"),
                evidence.span.start,
                evidence.span.end,
                cell(&evidence.sentence)
            ));
        }
        out.push('\n');
    }
    out.push_str("## Figures by topic\n\n");
    for topic in &comparison.topics {
        out.push_str(&format!("### {}\n\n", readable_topic(&topic.topic)));
        out.push_str(
            "| Article | Figure as written | Interval | Credited to | Published | Verdict |\n",
        );
        out.push_str("|---|---|---|---|---|---|\n");
        for row in &topic.rows {
            let claim = row.claim;
            let unit = if claim.quantity.dimension == "count" {
                ""
            } else {
                claim.quantity.unit.as_str()
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                cell(&claim.article),
                cell(&claim.text),
                cell(&format_interval(claim.low(), claim.high(), unit)),
                cell(claim.attribution.as_deref().unwrap_or("—")),
                cell(claim.published.as_deref().unwrap_or("—")),
                cell(&row.verdict)
            ));
        }
        out.push('\n');
    }
    if !framing.is_empty() {
        out.push_str("## Framing by concept\n\n");
    }
    for concept in framing {
        out.push_str(&format!(
            "### {}\n\n{}\n\n| Outlet | Term | Label | Sentence |\n|---|---|---|---|\n",
            concept.concept, concept.description
        ));
        for row in &concept.rows {
            let label = if row.speakers_words {
                format!("{} (speaker's word)", row.label.as_str())
            } else {
                row.label.as_str().to_string()
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                cell(row.outlet.as_deref().unwrap_or(&row.article)),
                cell(&row.term),
                cell(&label),
                cell(&row.sentence)
            ));
        }
        out.push('\n');
    }
    if !report.skipped.is_empty() {
        out.push_str("## Skipped inputs\n\n");
        for skipped in &report.skipped {
            out.push_str(&format!("- `{}`: {}\n", skipped.input, skipped.reason));
        }
    }
    out
}
