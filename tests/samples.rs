//! Snapshot tests of the JSON report for each bundled sample story: the
//! content of every finding (kind, topic, both sentences and values), so a
//! wrong finding fails even when the count stays the same.

use assert_cmd::Command;
use serde_json::Value;

fn report_for(story: &str) -> Value {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut articles: Vec<String> = std::fs::read_dir(format!("{root}/samples/{story}"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| format!("samples/{story}/{}", e.file_name().to_string_lossy()))
        .collect();
    articles.sort();
    let output = Command::cargo_bin("crosscheck")
        .unwrap()
        .current_dir(root)
        .arg("compare")
        .args(&articles)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The parts of each finding a reader checks, without timings.
fn findings(report: &Value) -> Vec<Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            serde_json::json!({
                "kind": f["kind"],
                "severity": f["severity"],
                "topic": f["topic"],
                "summary": f["summary"],
                "evidence": f["evidence"].as_array().unwrap().iter().map(|e| serde_json::json!({
                    "article": e["article"],
                    "text": e["text"],
                    "value": e["value"],
                    "attribution": e["attribution"],
                    "published": e["published"],
                    "term": e["term"],
                    "label": e["label"],
                    "sentence": e["sentence"],
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

#[test]
fn flood_report() {
    insta::assert_json_snapshot!(findings(&report_for("flood")));
}

#[test]
fn protest_report() {
    insta::assert_json_snapshot!(findings(&report_for("protest")));
}

#[test]
fn qatar_mediation_report() {
    insta::assert_json_snapshot!(findings(&report_for("qatar-mediation")));
}

#[test]
fn dock_protest_report() {
    insta::assert_json_snapshot!(findings(&report_for("dock-protest")));
}

#[test]
fn quake_tarn_report() {
    insta::assert_json_snapshot!(findings(&report_for("quake-tarn")));
}

#[test]
fn deadline_report() {
    insta::assert_json_snapshot!(findings(&report_for("deadline")));
}
