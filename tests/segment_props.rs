//! Properties that hold for any input: spans are in order, disjoint, trimmed,
//! on char boundaries and cover every non-whitespace character.

use crosscheck::segment::{segment, SegmentRules};
use proptest::prelude::*;
use std::sync::OnceLock;

fn rules() -> &'static SegmentRules {
    static RULES: OnceLock<SegmentRules> = OnceLock::new();
    RULES.get_or_init(SegmentRules::builtin)
}

fn check(text: &str, rules: &SegmentRules) {
    let spans = segment(text, rules);
    let mut covered = vec![false; text.len()];
    let mut last_end = 0;
    for span in &spans {
        assert!(span.start < span.end, "empty span {span:?} in {text:?}");
        assert!(
            span.start >= last_end,
            "spans out of order or overlapping: {spans:?} in {text:?}"
        );
        assert!(span.end <= text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        let s = &text[span.start..span.end];
        assert_eq!(s, s.trim(), "span not trimmed: {s:?}");
        covered[span.start..span.end]
            .iter_mut()
            .for_each(|c| *c = true);
        last_end = span.end;
    }
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() {
            assert!(
                covered[i],
                "char {c:?} at {i} not in any sentence of {text:?}: {spans:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_string(text in any::<String>()) {
        check(&text, rules());
    }

    #[test]
    fn punctuation_heavy_strings(
        text in proptest::collection::vec(
            prop_oneof![
                Just("."), Just("!"), Just("?"), Just("…"), Just(" "), Just("\n"), Just("\n\n"),
                Just("\""), Just("“"), Just("”"), Just("’"), Just("'"), Just("("), Just(")"),
                Just("U.S."), Just("Dr."), Just("No."), Just("a.m."), Just("J."), Just("The"),
                Just("86"), Just("1.5"), Just("é"), Just("# "), Just("- "), Just("word"), Just("Word"),
            ],
            0..40,
        ).prop_map(|parts| parts.concat())
    ) {
        check(&text, rules());
    }
}
