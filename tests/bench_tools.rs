//! `benches/tools/articles_jsonl.rs`, which turns a user's articles into the
//! text `benches/vs_quantulum.sh` times both tools on: the ratio a user reads
//! off their own articles is only right if every article arrives whole.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod common;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tool() -> PathBuf {
    common::example("articles_jsonl")
}

fn run_tool(source: &Path, limit: usize, out: &Path) -> Output {
    Command::new(tool())
        .arg(limit.to_string())
        .arg(out)
        .arg(source)
        .output()
        .expect("the example runs")
}

/// The records written from `source`, which must convert cleanly.
fn converted(source: &Path, limit: usize, out: &Path) -> Vec<Value> {
    let result = run_tool(source, limit, out);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    std::fs::read_to_string(out)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn a_folder_of_articles_becomes_one_record_each_without_its_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("articles.jsonl");
    let story = repo().join("samples/quake-tarn");
    let written = converted(&story, 100, &out);
    let articles = std::fs::read_dir(&story)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .count();
    assert_eq!(written.len(), articles);
    let ids: std::collections::BTreeSet<&str> =
        written.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids.len(),
        written.len(),
        "each copy must stay apart: {ids:?}"
    );
    for record in &written {
        let text = record["text"].as_str().unwrap();
        assert!(!text.starts_with("---"), "front matter left in: {text:.60}");
        assert!(!record["title"].as_str().unwrap().is_empty(), "{record}");
        assert!(
            record["published"]
                .as_str()
                .is_some_and(|p| p.starts_with("20")),
            "{record}"
        );
    }
    assert_eq!(converted(&story, 2, &out).len(), 2);
}

#[test]
fn jsonl_text_aliases_are_read_and_a_bad_line_fails_the_run_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("news.jsonl");
    std::fs::write(
        &source,
        "{\"id\":\"x\",\"title\":\"Flood\",\"body\":\"The river rose 3 metres.\"}\n\n\
         {\"id\":\"y\",\"content\":\"Some 40 homes were lost.\",\"date\":\"2026-01-02\"}\n",
    )
    .unwrap();
    let out = dir.path().join("articles.jsonl");
    let written = converted(&source, 10, &out);
    assert_eq!(written.len(), 2);
    assert_eq!(written[0]["text"], "The river rose 3 metres.");
    assert_eq!(written[0]["title"], "Flood");
    assert_eq!(written[1]["text"], "Some 40 homes were lost.");
    assert_eq!(written[1]["published"], "2026-01-02");

    std::fs::write(
        &source,
        "{\"text\":\"fine\"}\n{\"title\":\"no text here\"}\n",
    )
    .unwrap();
    let result = run_tool(&source, 10, &out);
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("news.jsonl:2") && stderr.contains("no text"),
        "{stderr}"
    );
}
