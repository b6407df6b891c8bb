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

#[test]
fn every_framing_file_carries_examples_that_must_and_must_not_be_found() {
    let pack = RulePack::builtin().expect("the built-in rules load");
    let framing: Vec<_> = pack
        .sources
        .iter()
        .filter(|s| s.kind == "framing")
        .collect();
    assert!(framing.len() >= 7, "framing packs: {framing:?}");
    for source in framing {
        let examples: Vec<_> = pack
            .examples
            .iter()
            .filter(|(origin, _)| origin == &source.origin)
            .map(|(_, e)| e)
            .collect();
        assert!(
            examples
                .iter()
                .any(|e| e.expect.iter().any(|x| x.concept.is_some())),
            "{} has no example that must be found",
            source.origin
        );
        assert!(
            examples
                .iter()
                .any(|e| e.forbid.iter().any(|x| x.concept.is_some())),
            "{} has no example that must not be found",
            source.origin
        );
    }
}
