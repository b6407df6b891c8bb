//! Context tests that keep years, dates, times, ages and identifiers out of
//! the counts: "in 2023", "October 7", "4:12 am", "aged 34", "Route 66".

use super::words::{Lower, Meaning};

/// Month number for a month name or abbreviation, given the word's table
/// entry. Ambiguous words ("May", "March") must be capitalised, which is
/// checked on `word`.
pub fn month_of(word: &str, meaning: &Meaning) -> Option<u32> {
    let m = meaning.month?;
    let capital = word.chars().next().is_some_and(|c| c.is_uppercase());
    // "may", "mar", "jan" and friends are ordinary words in lower case.
    if !capital && matches!(m, 3 | 5) {
        return None;
    }
    if !capital && word.len() <= 4 {
        return None;
    }
    Some(m)
}

/// Words after which a number names something rather than counting it.
pub fn is_identifier_prefix(word: &str) -> bool {
    matches!(
        Lower::new(word).as_bytes(),
        b"no"
            | b"nos"
            | b"number"
            | b"route"
            | b"resolution"
            | b"category"
            | b"article"
            | b"flight"
            | b"highway"
            | b"interstate"
            | b"chapter"
            | b"section"
            | b"room"
            | b"level"
            | b"phase"
            | b"gate"
            | b"platform"
            | b"page"
            | b"pages"
            | b"version"
            | b"grade"
            | b"stage"
            | b"apollo"
            | b"paragraph"
            | b"item"
            | b"clause"
            | b"bill"
            | b"amendment"
            | b"act"
            | b"unit"
            | b"block"
            | b"lot"
            | b"vol"
            | b"volume"
            | b"episode"
            | b"season"
            | b"game"
            | b"round"
            | b"term"
            | b"cat"
            | b"decree"
            | b"law"
            | b"code"
            | b"precinct"
            | b"district"
            | b"ward"
            | b"building"
            | b"terminal"
            | b"channel"
            | b"line"
            | b"bus"
            | b"train"
            | b"tier"
            | b"pier"
            | b"window"
            | b"floor"
            | b"apartment"
            | b"suite"
            | b"exit"
            | b"junction"
            | b"rule"
            | b"sector"
            | b"zone"
            | b"plot"
            | b"protocol"
            | b"iphone"
            | b"windows"
            | b"boeing"
            | b"airbus"
            | b"model"
            | b"mark"
            | b"mk"
            | b"type"
            | b"class"
            | b"hall"
            | b"pillar"
            | b"track"
            | b"fig"
            | b"figure"
            | b"table"
            | b"row"
            | b"seat"
            | b"lane"
            | b"street"
    )
}

/// Determiners that make a following four-digit number a year even before a
/// plural noun: "the 2019 floods", "its 2020 accounts".
pub fn is_year_determiner(word: &str) -> bool {
    matches!(
        Lower::new(word).as_bytes(),
        b"the"
            | b"this"
            | b"that"
            | b"these"
            | b"those"
            | b"its"
            | b"their"
            | b"his"
            | b"her"
            | b"our"
    )
}

/// Connectors allowed between an age word and the number: "age to 67",
/// "the voting age of 16", "age from 64 to 67", "ages between 18 and 25".
pub fn is_age_connector(word: &str) -> bool {
    matches!(
        Lower::new(word).as_bytes(),
        b"to" | b"of" | b"from" | b"at" | b"is" | b"was" | b"between"
    )
}

/// People nouns after which "under 5" or "over 65" is an age.
pub fn is_person_noun(word: &str) -> bool {
    matches!(
        Lower::new(word).as_bytes(),
        b"children"
            | b"kids"
            | b"babies"
            | b"infants"
            | b"toddlers"
            | b"boys"
            | b"girls"
            | b"people"
            | b"adults"
            | b"those"
            | b"anyone"
            | b"everyone"
            | b"men"
            | b"women"
            | b"patients"
            | b"pensioners"
            | b"teens"
            | b"teenagers"
            | b"youngsters"
            | b"pupils"
            | b"students"
            | b"voters"
            | b"drivers"
            | b"workers"
            | b"residents"
            | b"citizens"
            | b"child"
            | b"person"
            | b"someone"
    )
}

/// Words after which a number is a person's age.
pub fn is_age_prefix(word: &str) -> bool {
    matches!(Lower::new(word).as_bytes(), b"aged" | b"age" | b"ages")
}

/// Nouns that are counted even in the singular or with no plural "s".
const COUNT_NOUNS: &[&str] = &[
    "people",
    "persons",
    "children",
    "men",
    "women",
    "police",
    "personnel",
    "staff",
    "cattle",
    "sheep",
    "fish",
    "deer",
    "livestock",
    "troops",
    "residents",
    "civilians",
    "casualties",
    "dead",
    "homes",
    "families",
    "workers",
    "migrants",
    "refugees",
];

/// Whether `word` is one of the nouns that are always counted ("people"),
/// as opposed to any plural ("floods"), which a determiner can override.
pub fn is_listed_count_noun(word: &str) -> bool {
    let lw = Lower::new(word);
    COUNT_NOUNS.iter().any(|n| n.as_bytes() == lw.as_bytes())
}

/// Whether `word` (after a four-digit number) reads as a counted noun, which
/// makes "2000 people" a count while "2023 election" stays a year.
pub fn is_count_noun(word: &str) -> bool {
    if is_listed_count_noun(word) {
        return true;
    }
    let lw = Lower::new(word);
    let lw = lw.as_bytes();
    let lower = word.chars().next().is_some_and(|c| c.is_lowercase());
    lower
        && lw.len() > 3
        && lw.ends_with(b"s")
        && !lw.ends_with(b"ss")
        && !lw.ends_with(b"us")
        && !lw.ends_with(b"is")
}

/// Parses "am"/"pm"/"a.m."/"p.m." at byte `pos` (after optional spaces);
/// returns the end byte.
pub fn meridiem(text: &str, pos: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = pos;
    while b.get(i) == Some(&b' ') && i < pos + 2 {
        i += 1;
    }
    let c = b.get(i)?.to_ascii_lowercase();
    if c != b'a' && c != b'p' {
        return None;
    }
    let rest = &b[i + 1..];
    let (len, dotted) = if rest.len() >= 3
        && rest[0] == b'.'
        && rest[1].eq_ignore_ascii_case(&b'm')
        && rest[2] == b'.'
    {
        (4, true)
    } else if rest.len() >= 2 && rest[0] == b'.' && rest[1].eq_ignore_ascii_case(&b'm') {
        (3, true)
    } else if !rest.is_empty() && rest[0].eq_ignore_ascii_case(&b'm') {
        (2, false)
    } else {
        return None;
    };
    let end = i + len;
    if !dotted && b.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(word: &str) -> Option<u32> {
        month_of(word, crate::normalize::words::meaning(word)?)
    }

    #[test]
    fn months_need_capitals_when_ambiguous() {
        assert_eq!(month("October"), Some(10));
        assert_eq!(month("Oct"), Some(10));
        assert_eq!(month("may"), None);
        assert_eq!(month("May"), Some(5));
    }

    #[test]
    fn meridiem_forms() {
        assert_eq!(meridiem("10 a.m. today", 2), Some(7));
        assert_eq!(meridiem("10pm", 2), Some(4));
        assert_eq!(meridiem("10 amps", 2), None);
    }

    #[test]
    fn count_nouns() {
        assert!(is_count_noun("people"));
        assert!(is_count_noun("soldiers"));
        assert!(!is_count_noun("election"));
        assert!(!is_count_noun("census"));
    }
}
