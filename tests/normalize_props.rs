//! Property tests: the normalizer never panics, reads its own number
//! formats back, and always returns ordered intervals on char boundaries.
use crosscheck::normalize::{find_quantities, parse_number, UnitTable};
use proptest::prelude::*;
use std::sync::LazyLock;

static UNITS: LazyLock<UnitTable> = LazyLock::new(UnitTable::builtin);

fn grouped(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

fn check_invariants(s: &str) {
    let qs = find_quantities(s, &UNITS);
    let mut last_end = 0;
    for q in &qs {
        assert!(s.is_char_boundary(q.span.start) && s.is_char_boundary(q.span.end));
        assert!(q.span.start >= last_end, "overlap or disorder in {s:?}");
        assert!(
            q.span.contains(q.number_span) || q.number_span.is_empty(),
            "{s:?}: {q:?}"
        );
        last_end = q.span.end;
        if let (Some(l), Some(h)) = (q.low, q.high) {
            assert!(l <= h, "{s:?}: {q:?}");
        }
        assert!(q.nominal.is_finite());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_any_string(s in "\\PC{0,200}") {
        check_invariants(&s);
    }

    #[test]
    fn never_panics_on_number_soup(s in "([0-9]{1,6}|[,.  \u{a0}%$€£-]|more than|about|up to|between|and|to|million|bn|m|km|one|hundred|dozens|of| ){0,40}") {
        check_invariants(&s);
    }

    #[test]
    fn separator_styles_parse_back(n in 0u64..10_000_000_000) {
        let v = n as f64;
        prop_assert_eq!(parse_number(&n.to_string()), Some(v));
        prop_assert_eq!(parse_number(&grouped(n, ",")), Some(v));
        prop_assert_eq!(parse_number(&grouped(n, " ")), Some(v));
        prop_assert_eq!(parse_number(&grouped(n, "\u{a0}")), Some(v));
    }

    #[test]
    fn intervals_are_ordered(
        q in prop::sample::select(vec!["", "about ", "nearly ", "more than ", "up to ", "at least ", "just over ", "between 3 and "]),
        n in 1u32..100_000,
        d in 0u32..100,
        u in prop::sample::select(vec!["", "%", " km", " people", " million", " degrees Fahrenheit", "bn"]),
        c in prop::sample::select(vec!["", "$", "€", "-", "fell "]),
    ) {
        let s = format!("{q}{c}{n}.{d}{u}");
        check_invariants(&s);
    }
}
