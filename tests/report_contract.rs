//! The JSON report is a contract: it reads back into the typed structs, and
//! every finding carries both sentences with spans that point at its words.

use assert_cmd::Command;
use crosscheck::pipeline::{Report, REPORT_SCHEMA};

#[test]
fn the_json_report_reads_back_and_spans_point_at_the_claims() {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = Command::cargo_bin("crosscheck")
        .unwrap()
        .current_dir(root)
        .args([
            "compare",
            "samples/flood/f1-courier.md",
            "samples/flood/f2-herald.md",
            "samples/flood/f3-wire.md",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report: Report =
        serde_json::from_slice(&output.stdout).expect("the report matches the typed contract");
    assert_eq!(report.schema, REPORT_SCHEMA);
    assert!(!report.findings.is_empty());
    for finding in &report.findings {
        assert_ne!(finding.evidence[0].article, finding.evidence[1].article);
        for evidence in &finding.evidence {
            let summary = report
                .articles
                .iter()
                .find(|a| a.id == evidence.article)
                .expect("evidence names an article");
            let article = crosscheck::ingest::read_inputs(
                &[format!("{root}/{}", summary.path)],
                &Default::default(),
            )
            .next()
            .unwrap()
            .unwrap();
            let [start, end]: [usize; 2] = evidence.span.into();
            assert_eq!(
                &article.text[start..end],
                evidence.text,
                "span points at the claim's words"
            );
            assert!(evidence.sentence.contains(&evidence.text));
        }
    }
}
