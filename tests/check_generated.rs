//! The generated corpus: every injected conflict found, no false conflict,
//! with and without the event field; byte-identical output whatever the
//! thread count and record order; sharded extraction gives the same findings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::Command as Cmd;
use serde_json::Value;

mod common;

fn generator() -> PathBuf {
    common::example("gen_corpus")
}

fn generate(dir: &Path, articles: usize) -> (String, Vec<Value>) {
    let corpus = dir.join("corpus.jsonl");
    let key = dir.join("key.jsonl");
    let status = Command::new(generator())
        .args(["--articles", &articles.to_string(), "--seed", "42"])
        .arg("--out")
        .arg(&corpus)
        .arg("--key")
        .arg(&key)
        .status()
        .expect("the generator example is built by cargo test");
    assert!(status.success());
    let key = std::fs::read_to_string(key)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (corpus.display().to_string(), key)
}

fn check(args: &[&str]) -> (Vec<u8>, i32) {
    let out = Cmd::cargo_bin("crosscheck")
        .unwrap()
        .arg("check")
        .args(args)
        .arg("--quiet")
        .output()
        .unwrap();
    (out.stdout, out.status.code().unwrap())
}

type Pair = (String, String, String);

fn pairs(findings: &[Value], kind: &str) -> BTreeSet<Pair> {
    findings
        .iter()
        .filter(|f| f["kind"] == kind)
        .map(|f| {
            let mut ids = [
                f["evidence"][0]["article"].as_str().unwrap().to_string(),
                f["evidence"][1]["article"].as_str().unwrap().to_string(),
            ];
            ids.sort();
            let metric = f["topic"].as_str().unwrap().split('/').next().unwrap();
            (ids[0].clone(), ids[1].clone(), metric.to_string())
        })
        .collect()
}

/// The answer key's pairs as the report can name them: a folded copy speaks
/// through the article it was folded into, so a conflict injected into the
/// copy is reported against the kept one. Two conflicting articles folded
/// into one voice would leave a pair no finding can match.
fn key_pairs(key: &[Value], kind: &str, report: &Value) -> BTreeSet<Pair> {
    let mut kept_for: BTreeMap<String, String> = BTreeMap::new();
    for fold in report["folded"].as_array().into_iter().flatten() {
        for copy in fold["folded"].as_array().unwrap() {
            kept_for.insert(
                copy.as_str().unwrap().to_string(),
                fold["kept"].as_str().unwrap().to_string(),
            );
        }
    }
    let voice = |id: &Value| {
        let id = id.as_str().unwrap();
        kept_for.get(id).cloned().unwrap_or_else(|| id.to_string())
    };
    key.iter()
        .filter(|k| k["kind"] == kind)
        .map(|k| {
            let mut ids = [voice(&k["articles"][0]), voice(&k["articles"][1])];
            ids.sort();
            let [first, second] = ids;
            (first, second, k["metric"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn every_injected_conflict_is_found_and_none_invented_with_and_without_the_event_field() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, key) = generate(dir.path(), 1200);
    for extra in [None, Some("--cluster")] {
        let mut args = vec![corpus.as_str(), "--format", "json"];
        args.extend(extra);
        let (stdout, code) = check(&args);
        assert_eq!(code, 1, "high conflicts fail the run");
        let report: Value = serde_json::from_slice(&stdout).unwrap();
        let expected = key_pairs(&key, "figure_conflict", &report);
        assert!(expected.len() > 100, "the corpus injects conflicts");
        let findings = report["findings"].as_array().unwrap();
        let found = pairs(findings, "figure_conflict");
        let missed: Vec<_> = expected.difference(&found).collect();
        let false_conflicts: Vec<_> = found.difference(&expected).collect();
        eprintln!(
            "{extra:?}: articles {}, events {}, folded {}, conflicts {}/{} found, {} false",
            report["stats"]["articles"],
            report["stats"]["events"],
            report["stats"]["folded"],
            expected.len() - missed.len(),
            expected.len(),
            false_conflicts.len()
        );
        assert!(missed.is_empty(), "missed {missed:?}");
        assert!(false_conflicts.is_empty(), "false {false_conflicts:?}");
        let updates = key_pairs(&key, "figure_update", &report);
        let found_updates = pairs(findings, "figure_update");
        assert!(updates.is_subset(&found_updates));
        // Wire copies are folded and named.
        assert!(report["stats"]["folded"].as_u64().unwrap() > 50);
        assert!(report["folded"][0]["folded"][0]
            .as_str()
            .unwrap()
            .ends_with('w'));
    }
}

fn without_seconds(json: &[u8]) -> Value {
    let mut report: Value = serde_json::from_slice(json).unwrap();
    report["stats"]["seconds"] = Value::from(0);
    // Record paths carry the record's line, which follows the order of the file.
    for article in report["articles"].as_array_mut().unwrap() {
        article["path"] = Value::Null;
    }
    report
}

#[test]
fn output_is_identical_whatever_the_threads_and_the_record_order() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, _) = generate(dir.path(), 1000);
    // A fixed shuffle of the records.
    let mut lines: Vec<String> = std::fs::read_to_string(&corpus)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let mut state: u64 = 7;
    for i in (1..lines.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        lines.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let shuffled = dir.path().join("corpus.jsonl");
    let shuffled_copy = dir.path().join("shuffled");
    std::fs::create_dir(&shuffled_copy).unwrap();
    let shuffled_file = shuffled_copy.join("corpus.jsonl");
    std::fs::write(&shuffled_file, lines.join("\n") + "\n").unwrap();
    let _ = shuffled;
    let ordered = corpus.clone();
    let shuffled = shuffled_file.display().to_string();
    for cluster in [false, true] {
        let mut outputs = Vec::new();
        for (input, threads) in [(&ordered, "1"), (&shuffled, "4"), (&ordered, "4")] {
            for format in ["json", "sarif", "jsonl", "markdown", "github"] {
                let mut args = vec![input.as_str(), "--threads", threads, "--format", format];
                if cluster {
                    args.push("--cluster");
                }
                let (stdout, _) = check(&args);
                outputs.push((format, stdout));
            }
        }
        for (i, (format, bytes)) in outputs.iter().enumerate().skip(5) {
            let (_, first) = &outputs[i % 5];
            if *format == "json" {
                assert_eq!(without_seconds(bytes), without_seconds(first));
            } else {
                // Paths differ between the two folders; compare after naming both alike.
                let a = String::from_utf8_lossy(bytes).replace("shuffled/", "");
                let b = String::from_utf8_lossy(first).replace("shuffled/", "");
                if *format == "sarif" || *format == "github" {
                    // Record lines differ with order; compare everything else.
                    let strip = |t: &str| regex_free_lines(t);
                    assert_eq!(strip(&a), strip(&b), "{format}");
                } else {
                    assert_eq!(a, b, "{format}");
                }
            }
        }
    }
}

/// Drops line numbers (`"startLine": N`, `line=N`, `:N.`), which follow record order.
fn regex_free_lines(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains("\"startLine\""))
        .map(|l| {
            l.split(",line=")
                .next()
                .unwrap()
                .split("See also")
                .next()
                .unwrap()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn extracting_two_halves_and_checking_the_claims_gives_the_same_findings_as_one_extraction() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, _) = generate(dir.path(), 400);
    let text = std::fs::read_to_string(&corpus).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (first, second) = lines.split_at(lines.len() / 2);
    let mut claim_files = Vec::new();
    for (name, part) in [("a.jsonl", first), ("b.jsonl", second)] {
        let input = dir.path().join(format!("in-{name}"));
        std::fs::write(&input, part.join("\n") + "\n").unwrap();
        let out = Cmd::cargo_bin("crosscheck")
            .unwrap()
            .args(["extract", "--format", "jsonl"])
            .arg(&input)
            .output()
            .unwrap();
        assert!(out.status.success());
        let claims = dir.path().join(format!("claims-{name}"));
        std::fs::write(&claims, out.stdout).unwrap();
        claim_files.push(claims.display().to_string());
    }
    let (sharded, sharded_code) = check(&[
        "--claims",
        &claim_files[0],
        "--claims",
        &claim_files[1],
        "--format",
        "jsonl",
    ]);
    let out = Cmd::cargo_bin("crosscheck")
        .unwrap()
        .args(["extract", "--format", "jsonl", &corpus])
        .output()
        .unwrap();
    let all_claims = dir.path().join("claims-all.jsonl");
    std::fs::write(&all_claims, out.stdout).unwrap();
    let (whole, whole_code) = check(&[
        "--claims",
        &all_claims.display().to_string(),
        "--format",
        "jsonl",
    ]);
    assert!(!whole.is_empty());
    // Every line `extract` writes, date lines included, is read back: none is
    // reported unreadable (exit 2), and dates are compared without the text.
    assert_eq!((sharded_code, whole_code), (1, 1));
    assert!(String::from_utf8_lossy(&whole).contains("\"kind\":\"date_conflict\""));
    assert_eq!(
        String::from_utf8(sharded).unwrap(),
        String::from_utf8(whole).unwrap()
    );
}

/// `check` on one dataset, with a spill budget in bytes when given.
fn check_with_budget(
    dataset: &str,
    format: &str,
    budget: Option<&str>,
    more: &[&str],
) -> std::process::Output {
    let mut cmd = Cmd::cargo_bin("crosscheck").unwrap();
    if let Some(budget) = budget {
        cmd.env("CROSSCHECK_SPILL_BUDGET", budget);
    }
    cmd.args(["check", dataset, "--quiet", "--format", format])
        .args(more)
        .output()
        .unwrap()
}

/// The same check with the default budget and with a one-byte budget, which
/// sends every held article to disk; the second run must exit as the first
/// and print no error.
fn in_memory_and_on_disk(
    dataset: &str,
    format: &str,
    more: &[&str],
) -> (std::process::Output, std::process::Output) {
    let run = |budget| check_with_budget(dataset, format, budget, more);
    let (in_memory, on_disk) = (run(None), run(Some("1")));
    assert_eq!(in_memory.status.code(), on_disk.status.code());
    assert!(
        on_disk.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&on_disk.stderr)
    );
    (in_memory, on_disk)
}

/// Under `--cluster`, every article waits on disk for its cluster when the
/// budget is one byte: the report is the one kept in memory, with clusters
/// of several articles and the near-duplicates folded in them.
#[test]
fn clustering_articles_read_back_from_disk_changes_no_finding() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, _) = generate(dir.path(), 300);
    let (in_memory, on_disk) = in_memory_and_on_disk(&corpus, "json", &["--cluster"]);
    let report = without_seconds(&on_disk.stdout);
    let events = report["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e["grouped_by"] == "cluster"));
    assert!(events.iter().any(|e| e["articles"].as_u64() > Some(2)));
    assert!(report["findings"].as_array().unwrap().len() > 50);
    assert_eq!(report, without_seconds(&in_memory.stdout));
}

/// Every article spilled to a run of its own: hundreds of runs, merged first
/// in passes of at most 64, then read back in event order, extracted and
/// compared while earlier events are written. The report is the one kept in
/// memory, and its claim count is its articles' claims, counted once.
#[test]
fn spilling_every_article_to_its_own_run_changes_no_finding() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, _) = generate(dir.path(), 300);
    for format in ["json", "jsonl"] {
        let (in_memory, spilled) = in_memory_and_on_disk(&corpus, format, &[]);
        if format == "json" {
            let report = without_seconds(&spilled.stdout);
            assert!(report["findings"].as_array().unwrap().len() > 100);
            let per_article: u64 = report["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["claims"].as_u64().unwrap())
                .sum();
            assert!(per_article > 300, "{per_article}");
            assert_eq!(report["stats"]["claims"].as_u64(), Some(per_article));
            assert_eq!(report, without_seconds(&in_memory.stdout));
        } else {
            assert_eq!(spilled.stdout, in_memory.stdout);
        }
    }
}

/// Articles with and without an event field in one dataset: clusters are
/// compared in turn with the field groups, so the report lists every event
/// in name order, a field group before a cluster of the same name, and
/// every article once, spilled or not.
#[test]
fn clusters_and_field_groups_come_out_in_one_event_order() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, _) = generate(dir.path(), 300);
    // Every third event loses its field; the event after it takes the name
    // its cluster will get, "auto/" and its first article's id.
    let mut first_of: BTreeMap<String, String> = BTreeMap::new();
    let records: Vec<serde_json::Map<String, Value>> = std::fs::read_to_string(&corpus)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for record in &records {
        let event = record["event"].as_str().unwrap().to_string();
        first_of
            .entry(event)
            .or_insert_with(|| record["id"].as_str().unwrap().to_string());
    }
    let events: Vec<String> = first_of.keys().cloned().collect();
    let mut mixed = String::new();
    for mut record in records {
        let event = record["event"].as_str().unwrap().to_string();
        let at = events.iter().position(|e| *e == event).unwrap();
        match at % 3 {
            0 => {
                record.remove("event");
            }
            1 => {
                let before = &first_of[&events[at - 1]];
                record.insert("event".into(), Value::from(format!("auto/{before}")));
            }
            _ => {}
        }
        mixed.push_str(&serde_json::to_string(&record).unwrap());
        mixed.push('\n');
    }
    let path = dir.path().join("mixed.jsonl");
    std::fs::write(&path, mixed).unwrap();
    let dataset = path.to_str().unwrap();
    let run = |budget| without_seconds(&check_with_budget(dataset, "json", budget, &[]).stdout);
    let report = run(None);
    let listed: Vec<(String, String)> = report["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap().to_string(),
                e["grouped_by"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = listed.clone();
    // "cluster" sorts before "field", so the tie order is field first.
    sorted.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    assert_eq!(listed, sorted);
    let ties = listed.windows(2).filter(|w| w[0].0 == w[1].0).count();
    assert!(
        ties > 10,
        "{ties} names shared by a field group and a cluster"
    );
    assert!(listed.iter().any(|(_, by)| by == "cluster"));
    let ids: BTreeSet<&str> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 300);
    assert_eq!(report["articles"].as_array().unwrap().len(), 300);
    assert_eq!(run(Some("1")), report);
}

/// A generated corpus's records, in file order.
fn corpus_records(corpus: &str) -> Vec<Value> {
    std::fs::read_to_string(corpus)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// `extract` over a dataset: its lines as JSON, one per claim or date.
fn extract_lines(corpus: &str, more: &[&str]) -> Vec<Value> {
    let out = Cmd::cargo_bin("crosscheck")
        .unwrap()
        .args(["extract", "--format", "jsonl", corpus])
        .args(more)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn extract_writes_every_articles_lines_in_input_order_and_comparable_keeps_only_compared_ones() {
    let dir = tempfile::tempdir().unwrap();
    // More articles than one batch (512) and many groups of 32, so lines
    // written on different threads must be put back in order.
    let (corpus, _) = generate(dir.path(), 1_100);
    let records: Vec<String> = corpus_records(&corpus)
        .iter()
        .map(|record| record["id"].as_str().unwrap().to_string())
        .collect();
    let position: BTreeMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let all = extract_lines(&corpus, &[]);
    let order: Vec<usize> = all
        .iter()
        .map(|line| position[line["article"].as_str().unwrap()])
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "lines out of input order"
    );
    let with_lines: BTreeSet<usize> = order.iter().copied().collect();
    assert!(
        with_lines.len() > records.len() * 9 / 10,
        "most articles hold a claim"
    );

    // Compared: a figure with a topic, or a date with a key (its metric).
    let compared = |line: &Value| {
        if line["kind"] == "temporal" {
            !line["metric"].is_null()
        } else {
            !line["claim"]["topic"].is_null()
        }
    };
    let expected: Vec<&Value> = all.iter().filter(|l| compared(l)).collect();
    let comparable = extract_lines(&corpus, &["--comparable"]);
    assert!(!comparable.is_empty() && comparable.len() < all.len());
    assert_eq!(comparable.iter().collect::<Vec<_>>(), expected);
}

/// One event of 150 articles with a 20 kB budget: its findings go to disk
/// as they are made, a dozen to a run, the hundreds of runs are merged in
/// passes, and the report, in JSON and JSONL, and the baseline written beside it
/// are the ones kept in memory; checked against that baseline, every
/// finding is known either way.
#[test]
fn a_large_events_findings_sent_to_disk_as_made_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, _) = generate(dir.path(), 150);
    let one_event: Vec<String> = corpus_records(&corpus)
        .into_iter()
        .map(|mut record| {
            record["event"] = Value::from("one-big-event");
            record.to_string()
        })
        .collect();
    let dataset = dir.path().join("one-event.jsonl");
    std::fs::write(&dataset, one_event.join("\n") + "\n").unwrap();
    let dataset = dataset.display().to_string();
    for format in ["json", "jsonl"] {
        let written = |name: &str| dir.path().join(format!("{name}-{format}.json"));
        let (memory_baseline, disk_baseline) = (written("memory"), written("disk"));
        let run = |budget, baseline: &Path| {
            let path = baseline.display().to_string();
            check_with_budget(&dataset, format, budget, &["--write-baseline", &path])
        };
        let (in_memory, on_disk) = (
            run(None, &memory_baseline),
            run(Some("20000"), &disk_baseline),
        );
        assert_eq!(in_memory.status.code(), on_disk.status.code());
        assert!(
            on_disk.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&on_disk.stderr)
        );
        if format == "json" {
            let report = without_seconds(&on_disk.stdout);
            assert_eq!(report["events"].as_array().unwrap().len(), 1);
            assert!(report["findings"].as_array().unwrap().len() > 2_000);
            assert_eq!(report, without_seconds(&in_memory.stdout));
        } else {
            assert!(on_disk.stdout.iter().filter(|&&b| b == b'\n').count() > 2_000);
            assert_eq!(on_disk.stdout, in_memory.stdout);
        }
        assert_eq!(
            std::fs::read(&disk_baseline).unwrap(),
            std::fs::read(&memory_baseline).unwrap()
        );
        let baseline = memory_baseline.display().to_string();
        let known = check_with_budget(&dataset, format, Some("20000"), &["--baseline", &baseline]);
        assert_eq!(
            known.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&known.stderr)
        );
    }
}
