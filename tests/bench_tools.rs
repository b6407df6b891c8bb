//! `benches/tools/articles_jsonl.py`, which turns a user's articles into the
//! text `benches/vs_quantulum.sh` times both tools on: the ratio a user reads
//! off their own articles is only right if every article arrives whole.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run_tool(source: &Path, limit: usize, out: &Path) -> Output {
    Command::new("python3")
        .arg(repo().join("benches/tools/articles_jsonl.py"))
        .arg(source)
        .arg(limit.to_string())
        .arg(out)
        .output()
        .expect("python3 runs (the benchmarks need it too)")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "crosscheck-bench-tools-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn records(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn a_folder_of_articles_becomes_one_record_each_without_its_front_matter() {
    let dir = scratch("folder");
    let out = dir.join("articles.jsonl");
    let story = repo().join("samples/quake-tarn");
    let result = run_tool(&story, 100, &out);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let written = records(&out);
    let articles: Vec<PathBuf> = std::fs::read_dir(&story)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    assert_eq!(written.len(), articles.len());
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
    let limited = dir.join("two.jsonl");
    assert!(run_tool(&story, 2, &limited).status.success());
    assert_eq!(records(&limited).len(), 2);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn jsonl_text_aliases_are_read_and_a_bad_line_stops_the_run_naming_it() {
    let dir = scratch("jsonl");
    let source = dir.join("news.jsonl");
    std::fs::write(
        &source,
        "{\"id\":\"x\",\"title\":\"Flood\",\"body\":\"The river rose 3 metres.\"}\n\n\
         {\"content\":\"Some 40 homes were lost.\",\"date\":\"2026-01-02\"}\n",
    )
    .unwrap();
    let out = dir.join("articles.jsonl");
    let result = run_tool(&source, 10, &out);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let written = records(&out);
    assert_eq!(written.len(), 2);
    assert_eq!(written[0]["text"], "The river rose 3 metres.");
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
    std::fs::remove_dir_all(dir).unwrap();
}
