//! Date expressions resolved against fixed publication dates, one family at a
//! time, with month, year and weekday boundaries. Calendar facts used:
//! 2025-09-14 is a Sunday, 2024-03-01 a Friday, 2024-01-03 a Wednesday,
//! 2026-03-02 a Monday.

use crosscheck::rules::{CompiledRules, RulePack};
use crosscheck::temporal::{extract_dates_text, DateClaim};

fn rules() -> CompiledRules {
    RulePack::builtin()
        .expect("the built-in rules load")
        .compile()
        .expect("the built-in rules compile")
}

fn dates(text: &str, published: &str) -> Vec<DateClaim> {
    extract_dates_text(text, Some(published), &rules())
}

/// The key of the date quoting `quote`, published on 2026-02-05.
fn key(text: &str, quote: &str) -> Option<String> {
    resolved(text, "2026-02-05", quote).2
}

/// The claim whose words hold `quote`: its interval as ISO text and its key.
fn resolved(text: &str, published: &str, quote: &str) -> (String, String, Option<String>) {
    let claims = dates(text, published);
    let claim = claims
        .iter()
        .find(|c| c.text.to_lowercase().contains(&quote.to_lowercase()))
        .unwrap_or_else(|| {
            panic!(
                "no date quoting {quote:?} in {text:?}; found {:?}",
                claims.iter().map(|c| &c.text).collect::<Vec<_>>()
            )
        });
    let (start, end) = claim
        .interval_iso()
        .unwrap_or_else(|| panic!("{quote:?} did not resolve: {claim:?}"));
    (start, end, claim.key.clone())
}

fn interval(text: &str, published: &str, quote: &str) -> (String, String) {
    let (start, end, _) = resolved(text, published, quote);
    (start, end)
}

fn span(start: &str, end: &str) -> (String, String) {
    (start.to_string(), end.to_string())
}

// Absolute dates

#[test]
fn absolute_dates_in_every_common_spelling() {
    let p = "2023-10-09";
    let day = span("2023-10-07", "2023-10-08");
    assert_eq!(
        interval(
            "The attack on October 7, 2023 shocked the country.",
            p,
            "October 7"
        ),
        day
    );
    assert_eq!(
        interval(
            "The attack began on 7 October 2023 in the south.",
            p,
            "7 October"
        ),
        day
    );
    // A part of the day next to the date narrows it.
    assert_eq!(
        interval(
            "The attack began on 7 October 2023 at dawn.",
            p,
            "7 October"
        ),
        span("2023-10-07", "2023-10-07T08:00")
    );
    assert_eq!(
        interval("The attack began on 7 Oct, officials say.", p, "7 Oct"),
        day
    );
    assert_eq!(
        interval("The treaty was signed 2023-10-07 in Doha.", p, "2023-10-07"),
        day
    );
    assert_eq!(
        interval("Fighting broke out on Oct. 7 in the south.", p, "Oct. 7"),
        day
    );
    assert_eq!(
        interval(
            "The attack happened on the 7th of October.",
            p,
            "7th of October"
        ),
        day
    );
}

#[test]
fn a_date_without_a_year_is_the_nearest_past_one() {
    // Published in January: "October 7" is last October, not next.
    assert_eq!(
        interval(
            "The attack on October 7 was planned for months.",
            "2024-01-15",
            "October 7"
        ),
        span("2023-10-07", "2023-10-08")
    );
    // Published in the same month: the same year.
    assert_eq!(
        interval(
            "The attack on October 7 was planned for months.",
            "2023-10-20",
            "October 7"
        ),
        span("2023-10-07", "2023-10-08")
    );
    // Across the new year.
    assert_eq!(
        interval(
            "Fireworks started on December 31 in the capital.",
            "2024-01-02",
            "December 31"
        ),
        span("2023-12-31", "2024-01-01")
    );
}

#[test]
fn a_month_with_a_year_is_the_whole_month() {
    assert_eq!(
        interval(
            "The war started in March 2024 after months of tension.",
            "2024-06-01",
            "March 2024"
        ),
        span("2024-03-01", "2024-04-01")
    );
}

#[test]
fn a_date_used_as_a_name_is_not_resolved_to_the_nearest_year() {
    let claims = dates(
        "Some 97 hostages were seized in the October 7 attack.",
        "2024-11-09",
    );
    assert!(claims.iter().all(|c| c.key.is_none()), "{claims:?}");
}

// Weekdays

#[test]
fn a_weekday_is_the_most_recent_one_on_or_before_publication() {
    // 2025-09-14 is a Sunday; "on Sunday" published on a Sunday is that day.
    assert_eq!(
        interval("A quake struck on Sunday.", "2025-09-14", "Sunday"),
        span("2025-09-14", "2025-09-15")
    );
    // Published the following Wednesday, it is still the 14th.
    assert_eq!(
        interval(
            "The death toll from Sunday's earthquake has risen.",
            "2025-09-17",
            "Sunday"
        ),
        span("2025-09-14", "2025-09-15")
    );
    // Over a month boundary and a leap day: Friday 2024-03-01, "on Thursday" is 29 February.
    assert_eq!(
        interval(
            "The storm made landfall on Thursday.",
            "2024-03-01",
            "Thursday"
        ),
        span("2024-02-29", "2024-03-01")
    );
    // "last Sunday" published on a Sunday is the week before.
    assert_eq!(
        interval("The quake struck last Sunday.", "2025-09-14", "last Sunday"),
        span("2025-09-07", "2025-09-08")
    );
}

#[test]
fn early_and_late_on_a_weekday_stay_on_that_day() {
    assert_eq!(
        interval(
            "The storm made landfall late on Wednesday.",
            "2024-01-05",
            "late on Wednesday"
        ),
        span("2024-01-03T12:00", "2024-01-04")
    );
    assert_eq!(
        interval(
            "A quake struck early on Sunday.",
            "2025-09-15",
            "early on Sunday"
        ),
        span("2025-09-14", "2025-09-14T12:00")
    );
    assert_eq!(
        interval(
            "The gunman was killed on Monday night.",
            "2024-01-03",
            "Monday night"
        ),
        span("2024-01-01T18:00", "2024-01-02T06:00")
    );
}

#[test]
fn a_weekday_in_a_sentence_that_looks_ahead_is_the_coming_one() {
    // 2026-03-02 is a Monday.
    let (start, end, key) = resolved("The ultimatum expires on Friday.", "2026-03-02", "Friday");
    assert_eq!((start.as_str(), end.as_str()), ("2026-03-06", "2026-03-07"));
    assert_eq!(key.as_deref(), Some("when/deadline"));
    assert_eq!(
        interval(
            "Polls will open next Tuesday.",
            "2026-03-02",
            "next Tuesday"
        ),
        span("2026-03-03", "2026-03-04")
    );
}

// Relative expressions

#[test]
fn relative_days_cross_month_and_year_boundaries() {
    assert_eq!(
        interval("The quake struck yesterday.", "2024-03-01", "yesterday"),
        span("2024-02-29", "2024-03-01")
    );
    assert_eq!(
        interval("The quake struck today.", "2024-03-01", "today"),
        span("2024-03-01", "2024-03-02")
    );
    assert_eq!(
        interval(
            "The gunman was killed last night.",
            "2024-01-01",
            "last night"
        ),
        span("2023-12-31T18:00", "2024-01-01T06:00")
    );
    assert_eq!(
        interval("A quake struck this morning.", "2025-09-14", "this morning"),
        span("2025-09-14", "2025-09-14T12:00")
    );
}

#[test]
fn last_week_is_the_calendar_week_before_publication() {
    // Published Wednesday 2024-01-03: last week ran Monday 25 to Sunday 31 December.
    assert_eq!(
        interval("Fighting broke out last week.", "2024-01-03", "last week"),
        span("2023-12-25", "2024-01-01")
    );
}

#[test]
fn weeks_ago_and_months() {
    assert_eq!(
        interval(
            "Fighting broke out two weeks ago.",
            "2024-01-03",
            "two weeks ago"
        ),
        span("2023-12-17", "2023-12-24")
    );
    assert_eq!(
        interval(
            "Fighting broke out earlier this month.",
            "2024-01-03",
            "earlier this month"
        ),
        span("2024-01-01", "2024-01-04")
    );
    assert_eq!(
        interval("Fighting broke out last month.", "2024-01-03", "last month"),
        span("2023-12-01", "2024-01-01")
    );
    assert_eq!(
        interval("The strike began 3 days ago.", "2024-03-01", "3 days ago"),
        span("2024-02-27", "2024-02-28")
    );
}

// Times of day

#[test]
fn times_of_day_take_the_day_they_are_given_with() {
    assert_eq!(
        interval(
            "The quake hit at 4:12 am local time on Sunday.",
            "2025-09-15",
            "4:12 am"
        ),
        span("2025-09-14T04:12", "2025-09-14T04:13")
    );
    assert_eq!(
        interval(
            "The attack began shortly after 10 p.m. on Saturday.",
            "2025-09-15",
            "10 p.m."
        ),
        span("2025-09-13T22:00", "2025-09-13T22:30")
    );
    assert_eq!(
        interval(
            "The treaty was signed around noon on Monday.",
            "2025-09-15",
            "noon"
        ),
        span("2025-09-15T11:40", "2025-09-15T12:20")
    );
}

#[test]
fn a_time_alone_takes_the_day_of_the_article_s_last_date() {
    let claims = dates(
        "A quake struck eastern Karsa early on Sunday. The quake hit at 4:12 am local time.",
        "2025-09-14",
    );
    let time = claims
        .iter()
        .find(|c| c.text.contains("4:12"))
        .expect("the time is found");
    assert_eq!(
        time.interval_iso(),
        Some(span("2025-09-14T04:12", "2025-09-14T04:13"))
    );
    assert_eq!(time.key.as_deref(), Some("when/quake"));
}

#[test]
fn a_time_in_another_zone_keeps_its_zone() {
    let claims = dates("The quake struck at 03:12 GMT on Sunday.", "2025-09-14");
    assert_eq!(claims[0].zone.as_deref(), Some("GMT"));
}

// Deadlines

#[test]
fn durations_become_deadlines_counted_from_publication() {
    let (start, end, key) = resolved(
        "Residents must leave within 10 days.",
        "2026-03-02",
        "within 10 days",
    );
    assert_eq!((start.as_str(), end.as_str()), ("2026-03-10", "2026-03-13"));
    assert_eq!(key.as_deref(), Some("when/deadline"));
    assert_eq!(
        interval(
            "The regime must comply within a month.",
            "2026-01-31",
            "within a month"
        ),
        span("2026-02-26", "2026-03-01")
    );
    assert_eq!(
        interval(
            "Rebels were handed a 48-hour deadline to withdraw.",
            "2026-03-02",
            "48-hour"
        ),
        span("2026-03-02", "2026-03-05")
    );
}

#[test]
fn by_a_day_is_a_deadline_only_when_the_sentence_looks_ahead() {
    let (start, _, key) = resolved(
        "The company must respond by Friday.",
        "2026-03-02",
        "by Friday",
    );
    assert_eq!(
        (start.as_str(), key.as_deref()),
        ("2026-03-06", Some("when/deadline"))
    );
    assert_eq!(
        interval(
            "The plant will close by the end of the year.",
            "2026-03-02",
            "end of the year"
        ),
        span("2026-12-29", "2027-01-01")
    );
    // "had burned 12,400 acres by Saturday evening" is a past date, not a deadline.
    let claims = dates(
        "The fire had burned 12,400 acres by Saturday evening.",
        "2026-08-02",
    );
    assert!(claims.iter().all(|c| !c.deadline), "{claims:?}");
}

// What a date is about

#[test]
fn a_date_takes_the_nearest_event_term() {
    let (_, _, key) = resolved(
        "Sixty-two people were killed when a 7.1 earthquake shook the region on Sunday morning.",
        "2025-09-14",
        "Sunday",
    );
    assert_eq!(key.as_deref(), Some("when/quake"));
    let (_, _, key) = resolved(
        "The ceasefire deal was signed on Tuesday.",
        "2025-09-14",
        "Tuesday",
    );
    assert_eq!(key.as_deref(), Some("when/signed"));
}

#[test]
fn a_date_when_a_source_spoke_is_not_the_event_s_date() {
    for text in [
        "The death toll has risen to 124, the national disaster agency said on Wednesday.",
        "The ministry on Tuesday said 40 people were killed.",
        "Kestrel Motors will cut 4,000 jobs, the carmaker said on Thursday.",
        "The army said in a statement on Monday that the attack was repelled.",
    ] {
        let claims = dates(text, "2025-09-17");
        assert!(!claims.is_empty(), "the date is still found in {text:?}");
        assert!(
            claims
                .iter()
                .all(|c| c.key.is_none() && c.skipped_because.is_some()),
            "{text:?}: {claims:?}"
        );
    }
}

#[test]
fn a_bare_part_of_a_day_is_not_a_date() {
    let claims = dates(
        "Some 12,000 residents spent the night in tents.",
        "2025-09-14",
    );
    assert!(claims.is_empty(), "{claims:?}");
}

#[test]
fn an_old_date_is_keyed_to_its_year() {
    let (_, _, key) = resolved(
        "On March 3, 2011, a stronger quake struck the same region.",
        "2026-04-03",
        "March 3, 2011",
    );
    assert_eq!(key.as_deref(), Some("when/quake/in-2011"));
}

#[test]
fn a_future_word_after_the_date_does_not_move_it_forward() {
    // 2025-09-17 is a Wednesday.
    assert_eq!(
        interval(
            "The quake struck on Sunday; rescuers will keep searching.",
            "2025-09-17",
            "Sunday"
        ),
        span("2025-09-14", "2025-09-15")
    );
    assert_eq!(
        interval(
            "The quake struck on Sunday and aftershocks will follow.",
            "2025-09-17",
            "Sunday"
        ),
        span("2025-09-14", "2025-09-15")
    );
}

#[test]
fn a_generic_verb_takes_the_event_its_clause_names_and_else_no_key() {
    // The verb is nearest the date, the noun names what struck.
    assert_eq!(
        key("The quake hit at 4:12 am on Sunday.", "4:12").as_deref(),
        Some("when/quake")
    );
    assert_eq!(
        key("The village was struck by a tremor on Monday.", "Monday").as_deref(),
        Some("when/quake")
    );
    // A fire is not a quake.
    assert_eq!(
        key(
            "A factory fire struck Nakarvo on Tuesday, officials said.",
            "Tuesday"
        )
        .as_deref(),
        Some("when/fire")
    );
    assert_eq!(
        key("The army launched an offensive on Friday.", "Friday").as_deref(),
        Some("when/attack")
    );
    // Nothing in the rules names what struck, or what was launched.
    assert_eq!(
        key("Lightning struck the fuel depot on Tuesday.", "Tuesday"),
        None
    );
    assert_eq!(
        key("The company launched its new phone on Tuesday.", "Tuesday"),
        None
    );
    // A quake named in another clause does not name what hit the village.
    assert_eq!(
        key(
            "The earthquake killed 86 people; a landslide hit the village on Monday.",
            "Monday"
        ),
        None
    );
}

#[test]
fn a_date_left_without_a_key_by_a_generic_verb_says_why() {
    let claims = dates("Shares hit a record high on Monday.", "2026-02-05");
    assert_eq!(claims.len(), 1, "{claims:?}");
    assert_eq!(claims[0].key, None);
    assert_eq!(claims[0].event_term.as_deref(), Some("hit"));
    let why = claims[0].skipped_because.as_deref().unwrap_or_default();
    assert!(
        why.contains("\"hit\" says something happened, not what"),
        "{why}"
    );
}

#[test]
fn a_term_in_another_sense_names_no_event() {
    assert_eq!(
        key("Fire crews reached the village on Sunday.", "Sunday"),
        None
    );
    assert_eq!(
        key("The minister came under fire on Tuesday.", "Tuesday"),
        None
    );
    // The other sense hides only its own words: the blaze still names the fire.
    assert_eq!(
        key(
            "Fire crews arrived on Sunday to put out the blaze.",
            "Sunday"
        )
        .as_deref(),
        Some("when/fire")
    );
    assert_eq!(
        key("He died of a heart attack on Tuesday.", "Tuesday").as_deref(),
        Some("when/death")
    );
    // A cease-fire is read whole, never as a fire.
    assert_eq!(
        key("A cease-fire took effect on Monday.", "Monday").as_deref(),
        Some("when/ceasefire")
    );
    assert_eq!(
        key("The truce was agreed on Thursday.", "Thursday").as_deref(),
        Some("when/ceasefire")
    );
}
