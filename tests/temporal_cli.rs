//! Date conflicts through the command line: two quake reports that give
//! different times, and two that name the same day in different words from
//! different publication dates.

use assert_cmd::Command;
use serde_json::Value;

fn crosscheck() -> Command {
    Command::cargo_bin("crosscheck").expect("the binary builds")
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("temp dir is writable");
    path.display().to_string()
}

fn findings_of(args: &[&str]) -> Vec<Value> {
    let output = crosscheck().args(args).output().expect("the binary runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("the report is JSON");
    report["findings"].as_array().expect("findings").clone()
}

fn date_conflicts(findings: &[Value]) -> Vec<&Value> {
    findings
        .iter()
        .filter(|f| f["kind"] == "date_conflict")
        .collect()
}

const TIME_A: &str = "---\noutlet: Karsa Herald\npublished: 2025-09-14\n---\nA strong earthquake struck eastern Karsa early on Sunday. The quake hit at 4:12 am local time, the seismology institute said.\n";
const TIME_B: &str = "---\noutlet: Velm Observer\npublished: 2025-09-15\n---\nThe earthquake struck shortly after 5 am on Sunday, regional officials said on Monday.\n";

#[test]
fn quake_times_that_cannot_both_be_true_are_a_date_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.md", TIME_A);
    let b = write(&dir, "b.md", TIME_B);
    let findings = findings_of(&["compare", "--format", "json", &a, &b]);
    let conflicts = date_conflicts(&findings);
    assert_eq!(conflicts.len(), 1, "{findings:#?}");
    let finding = conflicts[0];
    assert_eq!(finding["topic"], "when/quake");
    // 47 minutes apart: under the hour that makes a time gap medium.
    assert_eq!(finding["severity"], "low");
    let evidence = finding["evidence"].as_array().unwrap();
    assert!(evidence[0]["sentence"]
        .as_str()
        .unwrap()
        .contains("The quake hit at 4:12 am local time"));
    assert_eq!(evidence[0]["text"], "at 4:12 am local time");
    assert!(evidence[1]["sentence"]
        .as_str()
        .unwrap()
        .contains("struck shortly after 5 am on Sunday"));
    assert_eq!(evidence[0]["published"], "2025-09-14");
    assert_eq!(evidence[1]["published"], "2025-09-15");
    assert!(evidence[0]["value"].is_null());
    let summary = finding["summary"].as_str().unwrap();
    assert!(summary.contains("2025-09-14T04:12"), "{summary}");
    assert!(summary.contains("2025-09-14T05:00"), "{summary}");
}

const DAY_A: &str = "---\noutlet: Gulf Ledger\npublished: 2023-10-10\n---\nThe attack on October 7 killed hundreds of people, officials said.\n";
const DAY_B: &str = "---\noutlet: Levant Courier\npublished: 2023-10-08\n---\nGunmen launched the attack on Saturday, crossing the border before dawn.\n";
const DAY_C: &str = "---\noutlet: Atlantic Daily\npublished: 2023-10-12\n---\nThe attack on Tuesday was the deadliest in years, police said on Wednesday.\n";

#[test]
fn the_same_day_named_differently_from_different_publication_dates_is_no_conflict() {
    // 2023-10-07 was a Saturday; "on Saturday" published on the 8th is the 7th.
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.md", DAY_A);
    let b = write(&dir, "b.md", DAY_B);
    let findings = findings_of(&["compare", "--format", "json", &a, &b]);
    assert!(date_conflicts(&findings).is_empty(), "{findings:#?}");
}

#[test]
fn a_different_day_for_the_same_attack_is_a_date_conflict() {
    // "on Tuesday" published Thursday 2023-10-12 is the 10th, not the 7th.
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.md", DAY_A);
    let c = write(&dir, "c.md", DAY_C);
    let findings = findings_of(&["compare", "--format", "json", &a, &c]);
    let conflicts = date_conflicts(&findings);
    assert_eq!(conflicts.len(), 1, "{findings:#?}");
    assert_eq!(conflicts[0]["topic"], "when/attack");
    assert_eq!(conflicts[0]["severity"], "high");
}

#[test]
fn extract_lists_date_claims_with_their_interval() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.md", TIME_A);
    let output = crosscheck()
        .args(["extract", "--format", "jsonl", &a])
        .output()
        .expect("the binary runs");
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let time = lines
        .iter()
        .find(|l| l["kind"] == "temporal" && l["text"] == "at 4:12 am local time")
        .expect("the time is listed");
    assert_eq!(time["metric"], "when/quake");
    assert_eq!(time["date"]["start"], "2025-09-14T04:12");
    assert_eq!(time["date"]["end"], "2025-09-14T04:13");
    assert_eq!(time["date"]["precision"], "minute");
}

const LATE_A: &str =
    "---\noutlet: Karsa Herald\npublished: 2025-09-14\n---\nThe quake hit at 4:12 am on Sunday.\n";
const LATE_B: &str = "---\noutlet: Velm Observer\npublished: 2025-09-14\n---\nThe quake struck at 9:30 am on Sunday.\n";

#[test]
fn a_time_gap_of_hours_is_high() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.md", LATE_A);
    let b = write(&dir, "b.md", LATE_B);
    let findings = findings_of(&["compare", "--format", "json", &a, &b]);
    let conflicts = date_conflicts(&findings);
    assert_eq!(conflicts.len(), 1, "{findings:#?}");
    assert_eq!(conflicts[0]["severity"], "high");
}

#[test]
fn the_gold_dev_quake_reports_all_say_sunday_and_do_not_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "k1.md", "---\noutlet: Karsa Herald\npublished: 2025-09-14\n---\nA magnitude 6.8 earthquake struck eastern Karsa early on Sunday, killing at least 86 people.\n\nThe quake hit at 4:12 am local time at a depth of 10 km.\n");
    let b = write(&dir, "k2.md", "---\noutlet: Velm Observer\npublished: 2025-09-14\n---\nSixty-two people were killed when a magnitude 7.1 earthquake shook the Velm region on Sunday morning, regional health officials said.\n");
    let c = write(&dir, "k3.md", "---\noutlet: Eastern Bulletin\npublished: 2025-09-17\n---\nThe death toll from Sunday's earthquake in eastern Karsa has risen to 124, the national disaster agency said on Wednesday.\n");
    let findings = findings_of(&["compare", "--format", "json", &a, &b, &c]);
    assert!(date_conflicts(&findings).is_empty(), "{findings:#?}");
}

/// The one date conflict `compare` finds between two articles: its topic
/// and its summary.
fn the_one_date_conflict(a: &str, b: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.md", a);
    let b = write(&dir, "b.md", b);
    let findings = findings_of(&["compare", "--format", "json", &a, &b]);
    let conflicts = date_conflicts(&findings);
    assert_eq!(conflicts.len(), 1, "{findings:#?}");
    let topic = conflicts[0]["topic"].as_str().unwrap().to_string();
    let summary = conflicts[0]["summary"].as_str().unwrap().to_string();
    (topic, summary)
}

#[test]
fn a_ceasefire_is_dated_as_a_ceasefire_and_unnamed_happenings_are_not_compared() {
    let (topic, summary) = the_one_date_conflict(
        "---\noutlet: North Ledger\npublished: 2024-03-12\n---\nA cease-fire took effect on Monday after weeks of clashes.\n\nShares in the state airline hit a record on Monday.\n",
        "---\noutlet: South Courier\npublished: 2024-03-12\n---\nA cease-fire took effect on Tuesday after weeks of clashes.\n\nThe border crossing was hit by a power cut on Saturday.\n",
    );
    assert_eq!(topic, "when/ceasefire");
    assert!(summary.contains("dates the ceasefire to"), "{summary}");
    assert!(!summary.contains("the fire"), "{summary}");
}

#[test]
fn a_fire_that_struck_on_different_days_is_dated_as_a_fire_not_as_a_quake() {
    let (topic, summary) = the_one_date_conflict(
        "---\noutlet: Coastal Gazette\npublished: 2024-02-08\n---\nA factory fire struck Nakarvo on Tuesday, the civil defence chief said.\n",
        "---\noutlet: Morning Post\npublished: 2024-02-08\n---\nA factory fire struck Nakarvo on Monday, the civil defence chief said.\n",
    );
    assert_eq!(topic, "when/fire");
    assert!(summary.contains("dates the fire to"), "{summary}");
    assert!(!summary.contains("quake"), "{summary}");
}

#[test]
fn parts_of_days_that_meet_at_midnight_agree_but_whole_days_that_meet_differ() {
    let dir = tempfile::tempdir().unwrap();
    let late = write(&dir, "a.md", "---\noutlet: A\npublished: 2025-03-04\n---\nThe quake struck late on Sunday night, killing 12 people.\n");
    let early = write(&dir, "b.md", "---\noutlet: B\npublished: 2025-03-04\n---\nThe quake struck in the early hours of Monday, killing 12 people.\n");
    let findings = findings_of(&["compare", "--format", "json", &late, &early]);
    assert!(date_conflicts(&findings).is_empty(), "{findings:#?}");
    let monday = write(&dir, "c.md", "---\noutlet: C\npublished: 2025-03-04\n---\nThe quake struck on Monday, killing 12 people.\n");
    let sunday = write(&dir, "d.md", "---\noutlet: D\npublished: 2025-03-04\n---\nThe quake struck on Sunday, killing 12 people.\n");
    let findings = findings_of(&["compare", "--format", "json", &sunday, &monday]);
    assert_eq!(date_conflicts(&findings).len(), 1, "{findings:#?}");
}

#[test]
fn a_wire_dateline_does_not_date_the_crash_but_the_crash_day_does() {
    let (topic, summary) = the_one_date_conflict(
        "---\noutlet: Northern Dispatch\npublished: 2026-03-02\n---\nA passenger train derailed near Velhaven late on Sunday, killing 12 people.\n",
        "---\noutlet: Wire Service\npublished: 2026-03-02\n---\nVELHAVEN, March 2 (Wire) - A passenger train derailed on Monday near Velhaven, killing 12 people.\n",
    );
    assert_eq!(topic, "when/crash");
    // The dated claim of the wire story is its "on Monday", not the dateline.
    assert!(summary.contains("(\u{201c}on Monday\u{201d})"), "{summary}");
    assert!(!summary.contains("March 2"), "{summary}");
}
