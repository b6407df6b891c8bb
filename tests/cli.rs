//! The command line as a user meets it: exit codes, bad input, formats.

use assert_cmd::Command;
use predicates::prelude::*;

fn crosscheck() -> Command {
    Command::cargo_bin("crosscheck").expect("the binary builds")
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("temp dir is writable");
    path.display().to_string()
}

const QUAKE_A: &str = "---\noutlet: Herald\npublished: 2025-09-14\n---\nThe quake killed at least 86 people, officials said.\n";
const QUAKE_B: &str = "---\noutlet: Observer\npublished: 2025-09-14\n---\nSixty-two people were killed in the quake, police said.\n";

#[test]
fn compare_exits_zero_by_default_even_with_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.md", QUAKE_A);
    let b = write(&dir, "b.md", QUAKE_B);
    crosscheck()
        .args(["compare", &a, &b])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("figure_conflict"))
        .stdout(predicate::str::contains("Sixty-two people"));
}

#[test]
fn fail_on_high_exits_one_when_a_high_conflict_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.md", QUAKE_A);
    let b = write(&dir, "b.md", QUAKE_B);
    crosscheck()
        .args(["compare", &a, &b, "--fail-on", "high"])
        .assert()
        .code(1);
}

#[test]
fn a_missing_file_is_named_and_the_other_articles_are_still_compared() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.md", QUAKE_A);
    let b = write(&dir, "b.md", QUAKE_B);
    let missing = dir.path().join("nowhere.md").display().to_string();
    crosscheck()
        .args(["compare", &a, &missing, &b, "--format", "json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nowhere.md"))
        .stdout(predicate::str::contains("\"figure_conflict\""))
        .stdout(predicate::str::contains("nowhere.md"));
}

#[test]
fn binary_empty_and_broken_front_matter_inputs_each_get_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.md", QUAKE_A);
    let b = write(&dir, "b.md", QUAKE_B);
    let empty = write(&dir, "empty.md", "   \n");
    let broken = write(
        &dir,
        "broken.md",
        "---\noutlet: [unclosed\n---\nText with 3 people killed.\n",
    );
    let binary = dir.path().join("blob.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1]).unwrap();
    let output = crosscheck()
        .args([
            "compare",
            &a,
            &b,
            &empty,
            &broken,
            &binary.display().to_string(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 3, "one line per bad input: {stderr}");
    assert!(errors.iter().any(|l| l.contains("empty.md")));
    assert!(errors
        .iter()
        .any(|l| l.contains("broken.md") && l.contains("front matter")));
    assert!(errors.iter().any(|l| l.contains("blob.txt")));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("conflicts with"),
        "the readable articles are still compared: {stdout}"
    );
}

#[test]
fn stdin_is_read_as_an_article() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.md", QUAKE_A);
    crosscheck()
        .args(["compare", &a, "-", "--format", "json"])
        .write_stdin("Sixty-two people were killed in the quake.")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("figure_conflict"));
}

#[test]
fn an_unknown_rule_key_is_a_usage_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(
        &dir,
        "bad.yaml",
        "kind: metrics\nmetrics:\n  - id: evictions\n    description: Households evicted.\n    dimensions: [count]\n    termz: [evicted]\n",
    );
    crosscheck()
        .args(["rules", "check", &rules])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.yaml:").and(predicate::str::contains("termz")));
}

#[test]
fn a_user_rule_file_teaches_a_new_metric() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(
        &dir,
        "evictions.yaml",
        "kind: metrics\nmetrics:\n  - id: evictions\n    description: Households evicted.\n    dimensions: [count]\n    default_subject: homes\n    terms: [evicted, evictions]\n",
    );
    let a = write(&dir, "a.md", "---\npublished: 2026-01-05\n---\nThe city evicted 340 households last month, officials said.\n");
    let b = write(&dir, "b.md", "---\npublished: 2026-01-05\n---\nSome 120 households were evicted, a tenants' group said.\n");
    crosscheck()
        .args(["compare", &a, &b, "--rules", &rules, "--format", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("evictions/homes"));
    crosscheck()
        .args(["compare", &a, &b, "--format", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("evictions/homes").not());
}

#[test]
fn extract_explains_why_a_figure_is_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        &dir,
        "a.md",
        "The flood of 1998 killed 31 people on Oct. 7 at 4:12 am.\n",
    );
    crosscheck()
        .args(["extract", &a, "--format", "jsonl"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("a year, not a count"))
        .stdout(predicate::str::contains("\"metric\":\"killed\""));
}

#[test]
fn rules_test_runs_every_example_and_passes() {
    crosscheck()
        .args(["rules", "test"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(" 0 failed"));
}

#[test]
fn eval_fails_below_the_minimum_f1() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "a.md", QUAKE_A);
    write(&dir, "b.md", QUAKE_B);
    let gold = write(
        &dir,
        "gold.yaml",
        "articles: [a.md, b.md]\nfindings:\n  - expect: figure_update\n    evidence: {a.md: {quote: \"86\"}, b.md: {quote: \"Sixty-two\"}}\n",
    );
    crosscheck()
        .args(["eval", &gold, "--min-f1", "0.9"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Missed"));
}

#[test]
fn rules_check_names_file_and_line_of_a_bad_framing_key_or_label() {
    let dir = tempfile::tempdir().unwrap();
    let unknown_key = write(
        &dir,
        "framing-key.yaml",
        "kind: framing\nconcepts:\n  - id: crowd\n    description: a crowd\n    terms:\n      - {term: mob, label: pejorative, loading: high}\n",
    );
    crosscheck()
        .args(["rules", "check", &unknown_key])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("framing-key.yaml:6"))
        .stderr(predicate::str::contains("unknown field `loading`"));
    let bad_label = write(
        &dir,
        "framing-label.yaml",
        "kind: framing\nconcepts:\n  - id: crowd\n    description: a crowd\n    terms:\n      - term: mob\n        label: nasty\n",
    );
    crosscheck()
        .args(["rules", "check", &bad_label])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("framing-label.yaml:7"))
        .stderr(predicate::str::contains("unknown variant `nasty`"));
}

#[test]
fn a_framing_term_inside_a_quotation_is_not_the_outlets_framing() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        &dir,
        "a.md",
        "---\noutlet: A\n---\nThe mayor said \"rioters\" had hijacked the march by 3,000 people.\n",
    );
    let b = write(
        &dir,
        "b.md",
        "---\noutlet: B\n---\nSome 3,000 demonstrators gathered outside the town hall.\n",
    );
    crosscheck()
        .args(["compare", &a, &b, "--format", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("framing_difference").not());
}

#[test]
fn rules_list_shows_metrics_framing_concepts_and_date_events() {
    crosscheck()
        .args(["rules", "list"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("killed"))
        .stdout(predicate::str::contains("military_action"))
        .stdout(predicate::str::contains("when/quake"))
        .stdout(predicate::str::contains(
            "when/event         struck, hit, jolted, shook, rocked, launched (generic",
        ));
}

#[test]
fn hostile_text_is_read_without_a_hang_or_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = format!(
        "{} people were killed. {} 40 people died. Ünïcødé 四十 ٤٠ 🎉 43 000 killed.\n",
        "9".repeat(10_000),
        "more than ".repeat(1_000)
    );
    let a = write(&dir, "a.md", &hostile);
    let b = write(&dir, "b.md", QUAKE_B);
    crosscheck()
        .args(["compare", &a, &b, "--format", "json"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(0);
}
