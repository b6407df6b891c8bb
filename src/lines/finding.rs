//! `check --format jsonl`'s lines: one finding each, written with the claim
//! lines' writer. A large event's findings run to gigabytes, and serde_json
//! checked every byte of every string for escapes one at a time.

use super::json::Object;
use crate::finding::{Evidence, Finding};

/// Appends a finding as one line of compact JSON, without the newline:
/// byte for byte what `serde_json::to_writer` writes for it.
pub fn write_finding(out: &mut Vec<u8>, finding: &Finding) {
    let mut line = Object::open(out);
    line.str(member!("id"), &finding.id);
    line.name(member!("kind"), finding.kind.as_str());
    line.name(member!("severity"), finding.severity.as_str());
    line.str(member!("topic"), &finding.topic);
    line.str(member!("summary"), &finding.summary);
    line.objects(member!("evidence"), &finding.evidence, evidence);
    if let Some(event) = &finding.event {
        line.str(member!("event"), event);
    }
    if finding.baselined {
        line.bool(member!("baselined"), true);
    }
    line.close();
}

fn evidence(side: &mut Object<'_>, evidence: &Evidence) {
    side.str(member!("article"), &evidence.article);
    side.str(member!("sentence"), &evidence.sentence);
    side.span(member!("span"), evidence.span);
    side.str(member!("text"), &evidence.text);
    match &evidence.value {
        Some(figure) => {
            let mut value = side.object(member!("value"));
            value.opt_f64(member!("low"), figure.low);
            value.opt_f64(member!("high"), figure.high);
            value.str(member!("unit"), &figure.unit);
            value.close();
        }
        None => side.null(member!("value")),
    }
    side.opt_str(member!("term"), evidence.term.as_deref());
    side.opt_str(member!("attribution"), evidence.attribution.as_deref());
    side.opt_str(member!("published"), evidence.published.as_deref());
    if let Some(label) = &evidence.label {
        side.str(member!("label"), label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{FindingKind, Severity, Value};
    use crate::span::Span;

    fn line(finding: &Finding) -> String {
        let mut out = Vec::new();
        write_finding(&mut out, finding);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_finding_line_is_what_serde_json_writes() {
        let report = crate::pipeline::sample_report();
        let kinds: std::collections::BTreeSet<FindingKind> =
            report.findings.iter().map(|f| f.kind).collect();
        assert!(kinds.len() >= 4, "{kinds:?}");
        for finding in &report.findings {
            assert_eq!(line(finding), serde_json::to_string(finding).unwrap());
        }

        // What the samples may not hold: an event, a baselined finding, a
        // label, no value, open and odd bounds, and text that needs escapes.
        let side = |article: &str, value: Option<Value>, label: Option<&str>| Evidence {
            article: article.to_string(),
            sentence: "He said \"43,000\"\tdied\u{1}; the \\ toll \u{2014} rose.".to_string(),
            span: Span::new(3, 17),
            text: "43,000".to_string(),
            value,
            term: label.map(|_| "onslaught".to_string()),
            attribution: Some("the ministry".to_string()),
            published: None,
            label: label.map(String::from),
        };
        let bounds = [
            (Some(43_000.0), None),
            (None, Some(-0.0)),
            (Some(f64::NAN), Some(f64::INFINITY)),
            (Some(0.1 + 0.2), Some(1.5e16)),
            (Some(-2.5), Some(1e300)),
        ];
        for (i, (low, high)) in bounds.into_iter().enumerate() {
            let value = Value {
                low,
                high,
                unit: "USD".to_string(),
            };
            let mut finding = Finding::new(
                FindingKind::FigureConflict,
                Severity::High,
                "killed/people".to_string(),
                "A \"quoted\" summary\nover two lines.".to_string(),
                [
                    side("a", Some(value), Some("loaded")),
                    side("b", None, None),
                ],
            );
            finding.event = (i % 2 == 0).then(|| format!("event {i}"));
            finding.baselined = i % 3 == 0;
            assert_eq!(line(&finding), serde_json::to_string(&finding).unwrap());
        }
    }
}
