//! What serde's derived serializers write for a claim line: the reference
//! the hand-written writer in `json` is tested against.

use serde::Serialize;

use super::TEMPORAL;
use crate::claim::{Claim, Role};
use crate::normalize::{Quantity, QuantityKind};
use crate::span::Span;
use crate::temporal::{Clock, DateClaim, Interval, Precision};

/// A figure claim as one line.
#[derive(Serialize)]
struct FigureLine<'a> {
    article: &'a str,
    sentence: &'a str,
    span: Span,
    text: &'a str,
    value: ValueRef<'a>,
    term: Option<&'a str>,
    attribution: Option<&'a str>,
    published: Option<&'a str>,
    kind: QuantityKind,
    metric: Option<&'a str>,
    claim: FigureRest<'a>,
}

/// The Evidence `value`: a count's unit is what it counts.
#[derive(Serialize)]
struct ValueRef<'a> {
    low: Option<f64>,
    high: Option<f64>,
    unit: &'a str,
}

/// The claim's fields that the Evidence part of a line does not carry.
#[derive(Serialize)]
struct FigureRest<'a> {
    outlet: Option<&'a str>,
    event: Option<&'a str>,
    sentence_span: Span,
    quantity: &'a Quantity,
    subject: Option<&'a str>,
    places: &'a [String],
    rate: Option<&'a str>,
    role: Role,
    in_title: bool,
    topic: Option<&'a str>,
    skipped_because: Option<&'a str>,
}

/// A date claim as one line.
#[derive(Serialize)]
struct DateLine<'a> {
    article: &'a str,
    sentence: &'a str,
    span: Span,
    text: &'a str,
    value: Option<()>,
    term: Option<&'a str>,
    attribution: Option<()>,
    published: Option<&'a str>,
    kind: &'static str,
    metric: Option<&'a str>,
    date: DateView<'a>,
    claim: DateRest<'a>,
}

/// The resolved interval as people read it.
#[derive(Serialize)]
struct DateView<'a> {
    start: Option<String>,
    end: Option<String>,
    precision: Precision,
    anchored: bool,
    zone: Option<&'a str>,
    deadline: bool,
    skipped_because: Option<&'a str>,
}

#[derive(Serialize)]
struct DateRest<'a> {
    outlet: Option<&'a str>,
    event: Option<&'a str>,
    sentence_span: Span,
    interval: Option<Interval>,
    clock: Option<&'a Clock>,
}

/// What serde's derived serializers write for the same line.
pub fn figure(claim: &Claim) -> Vec<u8> {
    let quantity = &claim.quantity;
    let line = FigureLine {
        article: &claim.article,
        sentence: &claim.sentence,
        span: claim.span,
        text: &claim.text,
        value: ValueRef {
            low: quantity.low,
            high: quantity.high,
            unit: claim.value_unit(),
        },
        term: None,
        attribution: claim.attribution.as_deref(),
        published: claim.published.as_deref(),
        kind: quantity.kind,
        metric: claim.metric.as_deref(),
        claim: FigureRest {
            outlet: claim.outlet.as_deref(),
            event: claim.event.as_deref(),
            sentence_span: claim.sentence_span,
            quantity,
            subject: claim.subject.as_deref(),
            places: &claim.places,
            rate: claim.rate.as_deref(),
            role: claim.role,
            in_title: claim.in_title,
            topic: claim.topic.as_deref(),
            skipped_because: claim.skipped_because.as_deref(),
        },
    };
    serde_json::to_vec(&line).unwrap()
}

pub fn date(claim: &DateClaim) -> Vec<u8> {
    let (start, end) = claim.interval_iso().unzip();
    let line = DateLine {
        article: &claim.article,
        sentence: &claim.sentence,
        span: claim.span,
        text: &claim.text,
        value: None,
        term: claim.event_term.as_deref(),
        attribution: None,
        published: claim.published.as_deref(),
        kind: TEMPORAL,
        metric: claim.key.as_deref(),
        date: DateView {
            start,
            end,
            precision: claim.precision,
            anchored: claim.interval.is_some(),
            zone: claim.zone.as_deref(),
            deadline: claim.deadline,
            skipped_because: claim.skipped_because.as_deref(),
        },
        claim: DateRest {
            outlet: claim.outlet.as_deref(),
            event: claim.event.as_deref(),
            sentence_span: claim.sentence_span,
            interval: claim.interval,
            clock: claim.clock.as_ref(),
        },
    };
    serde_json::to_vec(&line).unwrap()
}
