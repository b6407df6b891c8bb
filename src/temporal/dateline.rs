//! Wire stories open with a dateline ("VELHAVEN, March 2 (Wire) - A train
//! derailed on Monday…"): the place and day the story was filed. Its date
//! says when the reporter wrote, not when anything happened, yet it shares
//! a sentence with the event's verb, so without this check it would date
//! the event and conflict with the article's own "on Monday".

use crate::span::Span;

/// Whether the date at `date` in `sentence` is a dateline's: the sentence
/// opens with a place in capitals, then a comma, the date, an optional
/// agency in brackets and a dash.
pub fn is_dateline_date(sentence: &str, date: Span) -> bool {
    let (Some(before), Some(after)) = (sentence.get(..date.start), sentence.get(date.end..)) else {
        return false;
    };
    let Some(place) = before.trim_end().strip_suffix(',') else {
        return false;
    };
    opens_with_capitals(place)
        && place
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | ',' | '.' | '\'' | '-' | '\u{2019}'))
        && ends_in_dash(after)
}

/// "VELHAVEN", "NEW YORK", "KYIV, Ukraine": the first place name is all
/// capitals and at least two letters long, so an ordinary opening word
/// ("Officials, on Monday - …") is never taken for one.
fn opens_with_capitals(place: &str) -> bool {
    let first = place.split(',').next().unwrap_or_default().trim();
    first.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && first.chars().all(|c| !c.is_lowercase())
}

/// What follows a dateline's date: "(Agency)" at most, then a dash.
fn ends_in_dash(after: &str) -> bool {
    let mut rest = after.trim_start();
    if let Some(agency) = rest.strip_prefix('(') {
        match agency.find(')') {
            Some(close) => rest = agency[close + 1..].trim_start(),
            None => return false,
        }
    }
    rest.starts_with(['-', '\u{2013}', '\u{2014}'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_in(sentence: &str, date: &str) -> bool {
        let start = sentence.find(date).expect("the date is in the sentence");
        is_dateline_date(sentence, Span::new(start, start + date.len()))
    }

    #[test]
    fn a_wire_dateline_is_recognised_with_or_without_an_agency() {
        assert!(date_in(
            "VELHAVEN, March 2 - A train derailed on Monday.",
            "March 2"
        ));
        assert!(date_in(
            "NEW YORK, Oct 7 (Wire) \u{2014} Shares fell.",
            "Oct 7"
        ));
        assert!(date_in(
            "KYIV, Ukraine, Feb. 24 \u{2013} Russia attacked.",
            "Feb. 24"
        ));
    }

    #[test]
    fn an_ordinary_opening_is_not_a_dateline() {
        assert!(!date_in(
            "On March 2 - a Monday - the train derailed.",
            "March 2"
        ));
        assert!(!date_in(
            "Officials, on March 2 - a Monday - said so.",
            "March 2"
        ));
        assert!(!date_in("VELHAVEN, March 2 A train derailed.", "March 2"));
        assert!(!date_in(
            "The train derailed near VELHAVEN on March 2.",
            "March 2"
        ));
        assert!(!date_in("In 2024, March 2 - a date.", "March 2"));
    }
}
