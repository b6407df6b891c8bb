//! The line format of `extract --format jsonl`, written and read back.
//!
//! Each line holds the contract's Evidence fields plus `kind` and `metric`,
//! and under `claim` only what the rest of the line does not already say, so
//! `check --claims` can rebuild the claim without the article. The sentence
//! is the longest field and used to be written twice; a dataset's claims are
//! several times the size of its text, so writing it once matters.
//!
//! Figure lines carry the figure's `value`; date lines have `kind:
//! "temporal"`, `metric` set to their `when/...` key and a `date` object.

use std::sync::Arc;

/// A member's key as written after an earlier member: `,"name":`. The
/// object writes it without the comma when it is the first, so each key is
/// one copy of a constant instead of four writes.
macro_rules! member {
    ($name:literal) => {
        concat!(",\"", $name, "\":")
    };
}

mod finding;
mod json;

#[cfg(test)]
mod reference;

pub use finding::write_finding;
use json::Object;
use serde::Deserialize;

use crate::claim::{Claim, Role};
use crate::normalize::Quantity;
use crate::span::Span;
use crate::temporal::{Clock, DateClaim, Interval, Precision};

const TEMPORAL: &str = "temporal";

/// Appends a figure claim's line, without the newline.
pub fn write_figure(out: &mut Vec<u8>, claim: &Claim) {
    let quantity = &claim.quantity;
    let mut line = Object::open(out);
    line.str(member!("article"), &claim.article);
    line.str(member!("sentence"), &claim.sentence);
    line.span(member!("span"), claim.span);
    line.str(member!("text"), &claim.text);
    let mut value = line.object(member!("value"));
    value.opt_f64(member!("low"), quantity.low);
    value.opt_f64(member!("high"), quantity.high);
    value.str(member!("unit"), claim.value_unit());
    value.close();
    line.null(member!("term"));
    line.opt_str(member!("attribution"), claim.attribution.as_deref());
    line.opt_str(member!("published"), claim.published.as_deref());
    line.name(member!("kind"), quantity.kind.as_str());
    line.opt_str(member!("metric"), claim.metric.as_deref());
    let mut rest = line.object(member!("claim"));
    rest.opt_str(member!("outlet"), claim.outlet.as_deref());
    rest.opt_str(member!("event"), claim.event.as_deref());
    rest.span(member!("sentence_span"), claim.sentence_span);
    let mut q = rest.object(member!("quantity"));
    q.span(member!("span"), quantity.span);
    q.span(member!("number_span"), quantity.number_span);
    q.name(member!("kind"), quantity.kind.as_str());
    q.name(member!("qualifier"), quantity.qualifier.as_str());
    q.opt_f64(member!("low"), quantity.low);
    q.opt_f64(member!("high"), quantity.high);
    q.f64(member!("nominal"), quantity.nominal);
    q.str(member!("unit"), &quantity.unit);
    q.str(member!("dimension"), &quantity.dimension);
    q.bool(member!("vague"), quantity.vague);
    q.opt_f64(member!("change"), quantity.change);
    q.span(member!("value_span"), quantity.value_span);
    q.close();
    rest.opt_str(member!("subject"), claim.subject.as_deref());
    rest.strings(member!("places"), &claim.places);
    rest.opt_str(member!("rate"), claim.rate.as_deref());
    rest.name(member!("role"), claim.role.as_str());
    rest.bool(member!("in_title"), claim.in_title);
    rest.opt_str(member!("topic"), claim.topic.as_deref());
    rest.opt_str(member!("skipped_because"), claim.skipped_because.as_deref());
    rest.close();
    line.close();
}

/// Appends a date claim's line, without the newline.
pub fn write_date(out: &mut Vec<u8>, claim: &DateClaim) {
    let (start, end) = claim.interval_iso().unzip();
    let mut line = Object::open(out);
    line.str(member!("article"), &claim.article);
    line.str(member!("sentence"), &claim.sentence);
    line.span(member!("span"), claim.span);
    line.str(member!("text"), &claim.text);
    line.null(member!("value"));
    line.opt_str(member!("term"), claim.event_term.as_deref());
    line.null(member!("attribution"));
    line.opt_str(member!("published"), claim.published.as_deref());
    line.name(member!("kind"), TEMPORAL);
    line.opt_str(member!("metric"), claim.key.as_deref());
    let mut date = line.object(member!("date"));
    date.opt_str(member!("start"), start.as_deref());
    date.opt_str(member!("end"), end.as_deref());
    date.name(member!("precision"), claim.precision.as_str());
    date.bool(member!("anchored"), claim.interval.is_some());
    date.opt_str(member!("zone"), claim.zone.as_deref());
    date.bool(member!("deadline"), claim.deadline);
    date.opt_str(member!("skipped_because"), claim.skipped_because.as_deref());
    date.close();
    let mut rest = line.object(member!("claim"));
    rest.opt_str(member!("outlet"), claim.outlet.as_deref());
    rest.opt_str(member!("event"), claim.event.as_deref());
    rest.span(member!("sentence_span"), claim.sentence_span);
    match claim.interval {
        Some(interval) => {
            let mut at = rest.object(member!("interval"));
            at.datetime(member!("start"), interval.start);
            at.datetime(member!("end"), interval.end);
            at.close();
        }
        None => rest.null(member!("interval")),
    }
    match &claim.clock {
        Some(clock) => {
            let mut at = rest.object(member!("clock"));
            at.i64(member!("from"), clock.from);
            at.i64(member!("to"), clock.to);
            at.opt_str(member!("zone"), clock.zone.as_deref());
            at.bool(member!("exact_minute"), clock.exact_minute);
            at.close();
        }
        None => rest.null(member!("clock")),
    }
    rest.close();
    line.close();
}

/// One line on its own, as text.
fn line_of<T>(write: fn(&mut Vec<u8>, &T), claim: &T) -> String {
    let mut line = Vec::new();
    write(&mut line, claim);
    String::from_utf8(line).expect("lines are written from UTF-8 text")
}

/// A line as `serde_json::Value`, for `--format json`'s array.
pub fn figure_value(claim: &Claim) -> serde_json::Value {
    serde_json::from_str(&line_of(write_figure, claim)).expect("a line just written parses")
}

/// A line as `serde_json::Value`, for `--format json`'s array.
pub fn date_value(claim: &DateClaim) -> serde_json::Value {
    serde_json::from_str(&line_of(write_date, claim)).expect("a line just written parses")
}

/// One line read back.
#[derive(Debug, PartialEq)]
pub enum Record {
    Figure(Claim),
    Date(DateClaim),
}

impl Record {
    pub fn article(&self) -> &str {
        match self {
            Record::Figure(claim) => &claim.article,
            Record::Date(claim) => &claim.article,
        }
    }
}

/// Every field a line holds, figure or date.
#[derive(Deserialize)]
struct AnyLine<'a> {
    article: String,
    sentence: String,
    span: Span,
    text: String,
    term: Option<String>,
    attribution: Option<String>,
    published: Option<String>,
    #[serde(borrow)]
    kind: std::borrow::Cow<'a, str>,
    metric: Option<String>,
    date: Option<DateFlags>,
    claim: Rest,
}

#[derive(Deserialize)]
struct DateFlags {
    precision: Precision,
    zone: Option<String>,
    deadline: bool,
    skipped_because: Option<String>,
}

/// The `claim` object of either kind of line, read in the same pass as the
/// rest of it; which of its fields must be there depends on `kind`.
#[derive(Deserialize)]
struct Rest {
    outlet: Option<String>,
    event: Option<String>,
    sentence_span: Span,
    quantity: Option<Quantity>,
    subject: Option<String>,
    places: Option<Vec<String>>,
    rate: Option<String>,
    role: Option<Role>,
    in_title: Option<bool>,
    topic: Option<String>,
    skipped_because: Option<String>,
    interval: Option<Interval>,
    clock: Option<Clock>,
}

fn required<T>(value: Option<T>, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}` in `claim`"))
}

/// Parses one line of `extract --format jsonl`.
pub fn read_line(line: &str) -> Result<Record, String> {
    let any: AnyLine = serde_json::from_str(line).map_err(|e| e.to_string())?;
    if any.kind == TEMPORAL {
        let flags = any
            .date
            .ok_or_else(|| "a temporal line without its `date` object".to_string())?;
        let rest = any.claim;
        return Ok(Record::Date(DateClaim {
            article: any.article,
            outlet: rest.outlet,
            published: any.published,
            event: rest.event,
            sentence: any.sentence,
            sentence_span: rest.sentence_span,
            span: any.span,
            text: any.text,
            interval: rest.interval,
            clock: rest.clock,
            zone: flags.zone,
            precision: flags.precision,
            deadline: flags.deadline,
            event_term: any.term,
            key: any.metric,
            skipped_because: flags.skipped_because,
        }));
    }
    let rest = any.claim;
    let shared = |s: String| -> Arc<str> { Arc::from(s) };
    Ok(Record::Figure(Claim {
        article: shared(any.article),
        outlet: rest.outlet.map(shared),
        published: any.published.map(shared),
        event: rest.event.map(shared),
        sentence: shared(any.sentence),
        sentence_span: rest.sentence_span,
        span: any.span,
        text: any.text,
        quantity: required(rest.quantity, "quantity")?,
        metric: any.metric,
        subject: rest.subject,
        attribution: any.attribution,
        places: required(rest.places, "places")?,
        rate: rest.rate,
        role: required(rest.role, "role")?,
        in_title: required(rest.in_title, "in_title")?,
        topic: rest.topic,
        skipped_because: rest.skipped_because,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;

    fn article() -> Article {
        let mut article = Article::from_parts(
            "a1",
            "a1.md",
            Some("Quake kills 120".to_string()),
            "Quake kills 120\n\nThe quake struck early on Sunday, officials said, \
             and killed at least 120 people in Tarn. Rescuers worked until 4:30 pm. \
             Losses reached about $2.5 billion, the ministry said.",
        );
        article.outlet = Some("Coastal Gazette".to_string());
        article.published = Some("2024-03-11".to_string());
        article.event = Some("quake".to_string());
        article
    }

    #[test]
    fn every_line_reads_back_as_the_claim_it_was_written_from() {
        let rules = crate::rules::builtin_compiled();
        let article = article();
        let claims = crate::extract::extract_article(&article, &rules);
        let dates = crate::temporal::extract_dates(&article, &rules);
        assert!(claims.len() >= 2 && !dates.is_empty());
        for claim in claims {
            let read = read_line(&line_of(write_figure, &claim)).unwrap();
            assert_eq!(read, Record::Figure(claim));
        }
        for date in dates {
            let read = read_line(&line_of(write_date, &date)).unwrap();
            assert_eq!(read, Record::Date(date));
        }
    }

    /// The hand-written writer against serde's, over every claim of the samples.
    #[test]
    fn lines_are_byte_for_byte_what_serde_json_writes() {
        let rules = crate::rules::builtin_compiled();
        let options = crate::ingest::IngestOptions::default();
        let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples").to_string();
        let mut articles: Vec<Article> = crate::ingest::read_inputs(&[samples], &options)
            .filter_map(Result::ok)
            .collect();
        let mut odd = article();
        odd.text
            .push_str(" A \"quoted\" 5 km\ttab on 2024-03-10, said the ministry\u{1}.");
        articles.push(odd);
        let (mut figures, mut dates) = (0, 0);
        for article in &articles {
            for claim in crate::extract::extract_article(article, &rules) {
                let reference = String::from_utf8(reference::figure(&claim)).unwrap();
                assert_eq!(line_of(write_figure, &claim), reference);
                figures += 1;
            }
            for claim in crate::temporal::extract_dates(article, &rules) {
                let reference = String::from_utf8(reference::date(&claim)).unwrap();
                assert_eq!(line_of(write_date, &claim), reference);
                dates += 1;
            }
        }
        assert!(
            figures > 50 && dates > 20,
            "{figures} figures, {dates} dates"
        );
    }

    #[test]
    fn a_line_holds_the_contract_fields_and_the_sentence_once() {
        let rules = crate::rules::builtin_compiled();
        let claims = crate::extract::extract_article(&article(), &rules);
        let claim = claims
            .iter()
            .find(|c| c.text.contains("120 people"))
            .unwrap();
        let text = line_of(write_figure, claim);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        for field in ["article", "sentence", "span", "text", "value", "term"] {
            assert!(value.get(field).is_some(), "{field} missing from {text}");
        }
        for field in ["attribution", "published", "kind", "metric"] {
            assert!(value.get(field).is_some(), "{field} missing from {text}");
        }
        assert_eq!(value["value"]["unit"], "people");
        assert_eq!(value["metric"], "killed");
        assert_eq!(text.matches("Rescuers").count(), 0);
        assert_eq!(text.matches("killed at least 120").count(), 1);
    }

    #[test]
    fn a_line_that_is_not_a_claim_says_why() {
        let error = read_line(r#"{"article": "a1"}"#).unwrap_err();
        assert!(error.contains("missing field"), "{error}");
    }
}
