//! The examples inside `rules/dates.yaml` hold, and the `dates` kind rejects
//! what does not belong to it.

use crosscheck::rules::examples::run_all;
use crosscheck::rules::RulePack;

#[test]
fn every_dates_rule_example_holds() {
    let pack = RulePack::builtin().expect("the built-in rules load");
    let compiled = pack.compile().expect("the built-in rules compile");
    let examples: Vec<_> = pack
        .examples
        .iter()
        .filter(|(origin, _)| origin.ends_with("dates.yaml"))
        .cloned()
        .collect();
    assert!(examples.len() >= 10, "dates.yaml should carry examples");
    let (_, failures) = run_all(&examples, &compiled);
    let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(
        report.is_empty(),
        "date examples failed:\n{}",
        report.join("\n")
    );
}

#[test]
fn a_wrong_date_example_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("extra.yaml");
    std::fs::write(
        &path,
        "kind: dates\nexamples:\n  - text: \"A quake struck on Sunday.\"\n    published: 2025-09-14\n    expect: [{quote: Sunday, key: when/quake, start: \"2025-09-13\"}]\n",
    )
    .unwrap();
    let pack = RulePack::with_user_rules(&[path]).expect("the file loads");
    let compiled = pack.compile().unwrap();
    let examples: Vec<_> = pack
        .examples
        .iter()
        .filter(|(origin, _)| origin.ends_with("extra.yaml"))
        .cloned()
        .collect();
    let (_, failures) = run_all(&examples, &compiled);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].problem.contains("start should be 2025-09-13"));
}

#[test]
fn a_misspelled_dates_key_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yaml");
    std::fs::write(&path, "kind: dates\ndates:\n  weekday: []\n").unwrap();
    let errors = RulePack::with_user_rules(&[path]).unwrap_err();
    let message = errors[0].to_string();
    assert!(message.contains("bad.yaml"), "{message}");
    assert!(message.contains("weekday"), "{message}");
}

#[test]
fn date_fields_in_a_metrics_example_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    std::fs::write(
        &path,
        "kind: metrics\nexamples:\n  - text: \"x\"\n    published: 2025-09-14\n",
    )
    .unwrap();
    assert!(RulePack::with_user_rules(&[path]).is_err());
}
