//! Properties of date extraction for any input: no panic, every interval has
//! start before end, every span is the claim's own text, and a compared claim
//! is resolved.

use crosscheck::rules::{CompiledRules, RulePack};
use crosscheck::temporal::extract_dates_text;
use proptest::prelude::*;
use std::sync::OnceLock;

fn rules() -> &'static CompiledRules {
    static RULES: OnceLock<CompiledRules> = OnceLock::new();
    RULES.get_or_init(|| RulePack::builtin().unwrap().compile().unwrap())
}

fn check(text: &str, published: &str) {
    for claim in extract_dates_text(text, Some(published), rules()) {
        assert_eq!(claim.span.slice(text), claim.text, "{claim:?}");
        if let Some(interval) = &claim.interval {
            assert!(interval.start < interval.end, "{text:?}: {claim:?}");
        }
        if let Some(clock) = &claim.clock {
            assert!(clock.from < clock.to, "{text:?}: {claim:?}");
        }
        if claim.key.is_some() {
            assert!(
                claim.interval.is_some() || claim.clock.is_some(),
                "{claim:?}"
            );
        }
    }
}

const WORDS: &[&str] = &[
    "on",
    "at",
    "by",
    "the",
    "end",
    "of",
    "year",
    "within",
    "10",
    "a",
    "month",
    "days",
    "ago",
    "two",
    "weeks",
    "last",
    "next",
    "this",
    "Sunday",
    "Sunday's",
    "Friday",
    "Oct",
    ".",
    "7",
    "October",
    "2023",
    ",",
    "31",
    "Feb",
    "29",
    "4:12",
    "am",
    "a.m.",
    "p.m.",
    "noon",
    "midnight",
    "shortly",
    "after",
    "around",
    "early",
    "late",
    "night",
    "morning",
    "local",
    "time",
    "GMT",
    "struck",
    "deadline",
    "expires",
    "said",
    "will",
    "must",
    "2023-02-30",
    "99",
    "10000",
    "48-hour",
    "yesterday",
    "earlier",
    "in",
    "May",
    "é",
    "\u{2019}s",
];

proptest! {
    #[test]
    fn any_text_yields_well_formed_date_claims(text in ".{0,200}") {
        check(&text, "2024-02-29");
    }

    #[test]
    fn date_vocabulary_in_any_order_yields_well_formed_claims(
        words in prop::collection::vec(prop::sample::select(WORDS), 0..16),
        published in prop::sample::select(vec!["2024-01-01", "2024-02-29", "2025-12-31", "0001-01-01", "9999-12-31"]),
    ) {
        check(&words.join(" "), published);
    }
}
