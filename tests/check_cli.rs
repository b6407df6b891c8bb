//! `crosscheck check` as CI meets it: exit codes, bad records, SARIF, baseline.

use assert_cmd::Command;
use serde_json::Value;

const A: &str = r#"{"id":"a","outlet":"Herald","published":"2025-09-14","event":"quake","title":"Quake","text":"The quake killed 86 people, officials said. Rain fell."}"#;
const B: &str = r#"{"id":"b","outlet":"Observer","published":"2025-09-14","event":"quake","title":"Quake","text":"Officials said 40 people were killed in the quake."}"#;

fn check(dir: &tempfile::TempDir, lines: &[&str], extra: &[&str]) -> (Value, i32) {
    let path = dir.path().join("news.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let out = Command::cargo_bin("crosscheck")
        .unwrap()
        .arg("check")
        .arg(&path)
        .args(extra)
        .arg("--quiet")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (value, out.status.code().unwrap())
}

/// `crosscheck check ARGS` run from the repository root, for the bundled samples.
fn check_in_repo(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("crosscheck")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

/// The report's only finding; fails, showing the report, when there are more or none.
fn the_one_finding(report: &Value) -> &Value {
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report:#}");
    &findings[0]
}

/// The only finding of checking `lines` as JSON.
fn the_one_finding_of(dir: &tempfile::TempDir, lines: &[&str]) -> Value {
    let (report, _) = check(dir, lines, &["--format", "json"]);
    the_one_finding(&report).clone()
}

/// The topics of the report's findings, sorted.
fn finding_topics(report: &Value) -> Vec<&str> {
    let mut topics: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["topic"].as_str().unwrap())
        .collect();
    topics.sort_unstable();
    topics
}

#[test]
fn exit_codes_are_zero_clean_one_findings_two_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let (report, code) = check(&dir, &[A], &["--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(report["findings"], serde_json::json!([]), "{report}");
    assert_eq!(report["articles"][0]["id"], "a");
    let (report, code) = check(&dir, &[A, B], &["--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(report["findings"][0]["event"], "quake");
    let (_, code) = check(&dir, &[A, B], &["--format", "json", "--fail-on", "never"]);
    assert_eq!(code, 0);
    let bad = [
        A,
        "{not json",
        r#"{"id":"c","title":"no text"}"#,
        r#"{"id":"a","text":"Duplicate id: 3 people were killed."}"#,
        B,
    ];
    let (report, code) = check(&dir, &bad, &["--format", "json"]);
    assert_eq!(code, 2);
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 3);
    assert!(skipped[0]["input"]
        .as_str()
        .unwrap()
        .ends_with("news.jsonl:2"));
    assert!(skipped[2]["reason"]
        .as_str()
        .unwrap()
        .contains("duplicate id"));
    let stats = &report["stats"];
    assert_eq!(stats["read"], 5);
    assert_eq!(stats["processed"], 2);
    assert_eq!(stats["skipped"], 3);
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        1,
        "the rest is still processed"
    );
}

#[test]
fn sarif_has_the_2_1_0_structure() {
    let dir = tempfile::tempdir().unwrap();
    let (sarif, code) = check(&dir, &[A, B], &["--format", "sarif"]);
    assert_eq!(code, 1);
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "crosscheck");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    for result in results {
        assert!(rules.contains(&result["ruleId"].as_str().unwrap()));
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let locations = result["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 2);
        for location in locations {
            let physical = &location["physicalLocation"];
            assert!(physical["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .ends_with("news.jsonl"));
            assert!(physical["region"]["startLine"].as_u64().unwrap() >= 1);
        }
    }
    assert_eq!(results[0]["level"], "error");
}

#[test]
fn a_baseline_survives_edits_that_shift_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline_arg = baseline.display().to_string();
    let (_, code) = check(&dir, &[A, B], &["--write-baseline", &baseline_arg]);
    assert_eq!(code, 1);
    let edited = B.replace(
        "Officials said 40",
        "In a statement late on Sunday, regional officials said 40",
    );
    let (report, code) = check(
        &dir,
        &[A, &edited],
        &["--baseline", &baseline_arg, "--format", "json"],
    );
    assert_eq!(code, 0, "baselined findings do not fail the run");
    assert_eq!(report["findings"][0]["baselined"], true);
    assert_eq!(report["stats"]["baselined"], 1);
    // A changed figure is a new finding.
    let changed = B.replace("40 people", "30 people");
    let (_, code) = check(&dir, &[A, &changed], &["--baseline", &baseline_arg]);
    assert_eq!(code, 1);
}

#[test]
fn github_format_writes_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _) = check(&dir, &[A, B], &["--format", "github"]);
    let text = text.as_str().unwrap().to_string();
    assert!(text.starts_with("::error file="), "{text}");
    assert!(text.contains("news.jsonl,line=1,"));
}

#[test]
fn articles_without_an_event_field_cluster_by_the_names_they_share() {
    let output = check_in_repo(&[
        "samples/flood",
        "samples/protest",
        "--cluster",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let event_of = |id: &str| {
        report["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| a["event"].as_str().unwrap().to_string())
            .unwrap()
    };
    let flood = event_of("f1-courier");
    assert_eq!(event_of("f2-herald"), flood);
    assert_eq!(event_of("f3-wire"), flood);
    let protest = event_of("p1-metro");
    assert_eq!(event_of("p2-national"), protest);
    assert_eq!(event_of("p3-observer"), protest);
    assert_ne!(flood, protest);
}

#[test]
fn a_dataset_check_reports_framing_and_date_findings_too() {
    let output = check_in_repo(&[
        "samples/qatar-mediation",
        "samples/deadline",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let kinds: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"framing_difference"), "{kinds:?}");
    assert!(kinds.contains(&"date_conflict"), "{kinds:?}");
    let source_label = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["topic"] == "source/gaza_health_ministry")
        .expect("the health ministry's labels differ");
    assert!(source_label["evidence"][0]["sentence"]
        .as_str()
        .unwrap()
        .contains("health"));
}

#[test]
fn a_wire_copy_is_folded_unless_its_figures_were_edited() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Rescue teams worked through the night in the river town after the \
                flood swept through its lower streets and markets on Sunday morning. \
                The flood killed {toll} people, the regional governor told reporters \
                at a briefing in the town hall. Thousands of residents spent the night \
                in schools and churches on the hills above the valley while engineers \
                inspected the damaged bridges and the water plant. Volunteers from \
                neighbouring villages brought blankets, bottled water and bread in \
                trucks and tractors along the only road that stayed open. Forecasters \
                expect more rain over the mountains later in the week, and the river \
                authority has asked families near the banks to stay away until the \
                water level falls.";
    let record = |id: &str, outlet: &str, toll: &str| {
        format!(
            r#"{{"id":"{id}","outlet":"{outlet}","published":"2025-03-02","event":"flood","text":"{}"}}"#,
            body.replace("{toll}", toll)
        )
    };
    let wire = record("wire", "Wire Service", "52");
    let copy = record("copy", "Valley Times", "52");
    let (report, _) = check(&dir, &[&wire, &copy], &["--format", "json"]);
    assert_eq!(report["stats"]["folded"], 1, "an exact copy is one voice");
    assert_eq!(report["folded"][0]["kept"], "copy");

    let edited = record("edited", "Valley Times", "25");
    let (report, code) = check(&dir, &[&wire, &edited], &["--format", "json"]);
    assert_eq!(report["stats"]["folded"], 0, "an edited figure is a voice");
    assert_eq!(code, 1);
    let finding = &report["findings"][0];
    assert_eq!(finding["kind"], "figure_conflict");
    let texts: Vec<&str> = finding["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["25 people", "52 people"]);
}

/// The framing and hedging findings of a report, as (kind, topic, articles).
fn framing_findings(report: &Value) -> Vec<(String, String, Vec<String>)> {
    let mut found: Vec<(String, String, Vec<String>)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            matches!(
                f["kind"].as_str(),
                Some("framing_difference" | "hedging_difference")
            )
        })
        .map(|f| {
            let articles = f["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["article"].as_str().unwrap().to_string())
                .collect();
            (
                f["kind"].as_str().unwrap().to_string(),
                f["topic"].as_str().unwrap().to_string(),
                articles,
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn framing_in_a_large_event_finds_what_the_same_articles_find_alone() {
    let record = |id: &str, text: &str| {
        serde_json::json!({"id": id, "outlet": format!("Outlet {id}"), "published": "2025-03-04",
            "event": "raid", "text": text})
        .to_string()
    };
    // Who caused the deaths (named and agentless), and the same toll hedged.
    let voices = [
        record(
            "named",
            "Army strikes killed at least 30 people in Dorvan on Tuesday.",
        ),
        record(
            "agentless",
            "At least 30 people were killed in Dorvan on Tuesday, officials said.",
        ),
        record("hedged", "Some 30 people were reportedly killed in Dorvan."),
    ];
    // Articles with claims of their own but no framing term, each in words
    // of its own so that none is folded into another as a near-duplicate.
    let words = [
        "harbour",
        "ferry",
        "council",
        "budget",
        "market",
        "school",
        "bridge",
        "railway",
        "orchard",
        "museum",
        "library",
        "festival",
        "stadium",
        "airport",
        "tunnel",
        "factory",
        "clinic",
        "reservoir",
        "bakery",
        "theatre",
        "garden",
        "canal",
        "tram",
        "quarry",
    ];
    let others: Vec<String> = (0..60)
        .map(|i| {
            let pick = |k: usize| words[(i * 7 + k * 5) % words.len()];
            record(
                &format!("other{i}"),
                &format!(
                    "The {} and the {} near the {} reopened after {} days; the {} plans {} new {} posts.",
                    pick(0), pick(1), pick(2), i + 2, pick(3), i + 10, pick(4)
                ),
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let alone: Vec<&str> = voices.iter().map(String::as_str).collect();
    let (small, _) = check(&dir, &alone, &["--format", "json", "--fail-on", "never"]);
    let mut crowded: Vec<&str> = others.iter().map(String::as_str).collect();
    crowded.splice(20..20, voices.iter().map(String::as_str));
    let (large, _) = check(&dir, &crowded, &["--format", "json", "--fail-on", "never"]);
    assert_eq!(large["stats"]["articles"], 63, "{large}");

    let expected = framing_findings(&small);
    let topics: Vec<&str> = expected
        .iter()
        .map(|(_, topic, _)| topic.as_str())
        .collect();
    assert!(
        topics.iter().any(|t| t.starts_with("casualty_agency/")),
        "{topics:?}"
    );
    assert!(
        topics.iter().any(|t| t.starts_with("hedging/")),
        "{topics:?}"
    );
    assert_eq!(framing_findings(&large), expected);
}

#[test]
fn two_parties_shares_are_not_one_figure_but_one_partys_two_shares_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let labour = r#"{"id":"a","outlet":"Herald","published":"2024-07-05","event":"vote","text":"The Labour Party won 33.7% of the vote nationally."}"#;
    let conservative = r#"{"id":"b","outlet":"Observer","published":"2024-07-05","event":"vote","text":"The Conservative Party won 23.7% of the vote, its worst result."}"#;
    let (report, code) = check(&dir, &[labour, conservative], &["--format", "json"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        0,
        "{report:#}"
    );
    let labour_again = r#"{"id":"c","outlet":"Courier","published":"2024-07-05","event":"vote","text":"Labour took 31.2% of the vote."}"#;
    let (report, code) = check(
        &dir,
        &[labour, conservative, labour_again],
        &["--format", "json", "--fail-on", "medium"],
    );
    assert_eq!(code, 1, "{report:#}");
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report:#}");
    assert_eq!(findings[0]["topic"], "vote_share/labour/percent");
}

#[test]
fn a_forecast_meets_only_forecasts_unless_the_metric_is_a_plan_by_nature() {
    let dir = tempfile::tempdir().unwrap();
    let forecast = r#"{"id":"a","outlet":"Herald","published":"2025-09-02","event":"storm","text":"Damage could reach $12 billion, according to an early estimate by a modelling firm."}"#;
    let tally = r#"{"id":"b","outlet":"Observer","published":"2025-09-02","event":"storm","text":"Damage was estimated at $9 billion by the state treasury."}"#;
    let (report, _) = check(&dir, &[forecast, tally], &["--format", "json"]);
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        0,
        "{report:#}"
    );
    let plan = r#"{"id":"c","outlet":"Herald","published":"2025-09-02","event":"cuts","text":"The carmaker plans to cut 4,000 jobs in Europe."}"#;
    let decision = r#"{"id":"d","outlet":"Observer","published":"2025-09-02","event":"cuts","text":"The carmaker cut 5,000 jobs in Europe."}"#;
    let finding = the_one_finding_of(&dir, &[plan, decision]);
    assert_eq!(finding["kind"], "figure_conflict");
    assert_eq!(finding["topic"], "job_cuts/jobs");
}

#[test]
fn containment_that_grew_by_a_later_report_is_an_update() {
    let dir = tempfile::tempdir().unwrap();
    let monday = r#"{"id":"a","outlet":"Herald","published":"2025-08-12","event":"fire","text":"The Ridge Fire was 15% contained on Monday, fire officials said."}"#;
    let tuesday = r#"{"id":"b","outlet":"Observer","published":"2025-08-13","event":"fire","text":"The Ridge Fire is 22% contained, according to Cal Fire."}"#;
    let finding = the_one_finding_of(&dir, &[monday, tuesday]);
    assert_eq!(finding["kind"], "figure_update");
    assert_eq!(finding["topic"], "contained/ridge/percent");
}

#[test]
fn a_rise_in_prices_is_the_inflation_rate_and_a_move_in_points_is_no_rate() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = r#"{"id":"a","outlet":"Ledger","published":"2026-06-11","event":"rates","text":"The bank raised its benchmark interest rate by 50 basis points to 5.25%. Consumer prices rose 7.8% in May from a year earlier, up from 7.1% in April."}"#;
    let watchman = r#"{"id":"b","outlet":"Watchman","published":"2026-06-11","event":"rates","text":"The central bank lifted its main rate by half a percentage point to 5.5%, the highest since 2008. Annual inflation accelerated to 8.1% in May."}"#;
    let (report, code) = check(
        &dir,
        &[ledger, watchman],
        &["--format", "json", "--fail-on", "medium"],
    );
    assert_eq!(code, 1, "{report:#}");
    // The rates conflict (5.25% against 5.5%) and so does inflation (7.8%
    // against 8.1%); the half-point move agrees with the 50 basis points and
    // never meets a rate's level.
    assert_eq!(
        finding_topics(&report),
        ["inflation/percent", "interest_rate/percent"],
        "{report:#}"
    );
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["kind"] == "figure_conflict"));
}

#[test]
fn patients_in_critical_condition_are_counted_apart_from_all_the_injured() {
    let dir = tempfile::tempdir().unwrap();
    let first = r#"{"id":"a","outlet":"Dispatch","published":"2026-03-02","event":"crash","text":"The railway operator said 64 people were injured. Officials said 19 of the injured were in a serious condition."}"#;
    let second = r#"{"id":"b","outlet":"Times","published":"2026-03-02","event":"crash","text":"Some 64 people were hurt in the crash, including 25 who remain in critical condition."}"#;
    // Before, the 19 and 25 were left out as parts of the injured, and a
    // careless reading would set them against the 64.
    let finding = the_one_finding_of(&dir, &[first, second]);
    assert_eq!(finding["kind"], "figure_conflict");
    assert_eq!(finding["topic"], "critical/people");
}

#[test]
fn a_partys_seats_and_shares_meet_whoever_owns_it_and_wherever_it_won() {
    let dir = tempfile::tempdir().unwrap();
    let standard = r#"{"id":"a","outlet":"Standard","published":"2026-05-18","event":"vote","text":"The Civic Union won the election in Valdoria with 31.4% of the vote, securing 112 of the 300 seats. The Social Democrats came second with 24.9% and 84 seats."}"#;
    let times = r#"{"id":"b","outlet":"Times","published":"2026-05-18","event":"vote","text":"Marta Kessel's Civic Union took 31.2% of the vote and 110 seats. The Social Democrats won 25.1%, and 84 seats."}"#;
    let (report, _) = check(&dir, &[standard, times], &["--format", "json"]);
    // Before, the Union's share was filed under the place ("valdoria") in
    // one report and its leader's name in the other, its 112 seats as
    // votes, and the Democrats' "came second with" share under nothing.
    assert_eq!(
        finding_topics(&report),
        [
            "seats/civic",
            "vote_share/civic/percent",
            "vote_share/democrats/percent"
        ],
        "{report:#}"
    );
}

#[test]
fn two_rounded_figures_that_only_touch_conflict_but_a_stated_bound_keeps_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let first = r#"{"id":"a","outlet":"Review","published":"2026-03-11","event":"fine","text":"The regulator fined Orbix 1.1 billion euros on Tuesday."}"#;
    let second = r#"{"id":"b","outlet":"Tribune","published":"2026-03-11","event":"fine","text":"Orbix was ordered to pay a fine of 1.2 billion euros."}"#;
    // 1.1 billion is 1.05 to 1.15 billion and 1.2 billion is 1.15 to 1.25:
    // both hold only at 1.15 billion, which neither outlet would round so.
    assert_eq!(
        the_one_finding_of(&dir, &[first, second])["topic"],
        "fine/EUR"
    );
    let bound = r#"{"id":"c","outlet":"Tribune","published":"2026-03-11","event":"fine","text":"Orbix was ordered to pay a fine of at least 1.15 billion euros."}"#;
    let (report, _) = check(&dir, &[first, bound], &["--format", "json"]);
    assert_eq!(report["findings"], serde_json::json!([]), "{report:#}");
}
