//! Every example written inside a rule file must hold: rules test themselves.

use crosscheck::rules::examples::run_all;
use crosscheck::rules::RulePack;

#[test]
fn every_rule_file_example_holds() {
    let pack = RulePack::builtin().expect("the built-in rules load");
    let compiled = pack.compile().expect("the built-in rules compile");
    let (count, failures) = run_all(&pack.examples, &compiled);
    assert!(
        count >= 30,
        "rule files should carry examples; found {count}"
    );
    let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(
        report.is_empty(),
        "rule examples failed:\n{}",
        report.join("\n")
    );
}

#[test]
fn every_metric_file_carries_examples() {
    let pack = RulePack::builtin().expect("the built-in rules load");
    for source in pack.sources.iter().filter(|s| s.kind == "metrics") {
        assert!(
            pack.examples
                .iter()
                .any(|(origin, _)| origin == &source.origin),
            "{} has no examples",
            source.origin
        );
    }
}
