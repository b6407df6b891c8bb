//! Measures the normalizer against Microsoft Recognizers-Text's English specs.
//!
//! `cargo run --release --example peer_suite -- [DIR] [--failures N] [--probe TEXT]`
//!
//! DIR defaults to `../shared/peer-suites/recognizers-text` next to the crate.
//! Every case of every file is counted; cases this news-oriented normalizer
//! does not try to handle are reported per category as out of scope, never
//! dropped silently. A case passes when the set of entities we report, mapped
//! to the model's notion of an entity (see `predict`), equals the expected set:
//! same trimmed, case-insensitive text and the same value (1e-6 relative),
//! ranges by their bounds, currency also by ISO code, dimensions after
//! converting the expected unit to our base unit.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use crosscheck::normalize::{
    find_quantities, parse_number, Qualifier, Quantity, QuantityKind, UnitTable,
};
use serde_json::Value;

/// Files scored, and the model each one exercises.
const FILES: &[(&str, Model)] = &[
    ("Number/NumberModel.jsonl", Model::Number),
    ("Number/NumberModelExperimentalMode.jsonl", Model::Number),
    ("Number/NumberModelPercentMode.jsonl", Model::Number),
    ("Number/PercentModel.jsonl", Model::Percent),
    ("Number/PercentModelPercentMode.jsonl", Model::Percent),
    ("Number/NumberRangeModel.jsonl", Model::Range),
    (
        "Number/NumberRangeModelExperimentalMode.jsonl",
        Model::Range,
    ),
    ("Number/OrdinalModel.jsonl", Model::Ordinal),
    (
        "Number/OrdinalModelSuppressExtendedTypes.jsonl",
        Model::Ordinal,
    ),
    ("NumberWithUnit/CurrencyModel.jsonl", Model::Currency),
    ("NumberWithUnit/DimensionModel.jsonl", Model::Dimension),
    ("NumberWithUnit/TemperatureModel.jsonl", Model::Temperature),
    ("NumberWithUnit/AgeModel.jsonl", Model::Age),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Model {
    Number,
    Percent,
    Range,
    Ordinal,
    Currency,
    Dimension,
    Temperature,
    Age,
}

/// One entity, ours or theirs, in comparable form.
#[derive(Debug, Clone)]
struct Ent {
    text: String,
    low: Option<f64>,
    high: Option<f64>,
    unit: String,
}

impl Ent {
    fn point(text: &str, v: f64, unit: &str) -> Self {
        Ent {
            text: norm_text(text),
            low: Some(v),
            high: Some(v),
            unit: unit.to_string(),
        }
    }
}

fn norm_text(s: &str) -> String {
    s.trim().to_lowercase()
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1e-9),
        (None, None) => true,
        _ => false,
    }
}

fn matches(a: &Ent, b: &Ent) -> bool {
    a.text == b.text && same(a.low, b.low) && same(a.high, b.high) && a.unit == b.unit
}

/// Expected unit name → (our base unit, factor to base, offset).
fn unit_map(name: &str) -> Option<(&'static str, f64, f64)> {
    Some(match name {
        "Meter" => ("m", 1.0, 0.0),
        "Kilometer" => ("m", 1000.0, 0.0),
        "Millimeter" => ("m", 0.001, 0.0),
        "Centimeter" => ("m", 0.01, 0.0),
        "Mile" => ("m", 1609.344, 0.0),
        "Foot" => ("m", 0.3048, 0.0),
        "Inch" => ("m", 0.0254, 0.0),
        "Yard" => ("m", 0.9144, 0.0),
        "Square meter" => ("m2", 1.0, 0.0),
        "Square kilometer" => ("m2", 1e6, 0.0),
        "Acre" => ("m2", 4046.8564224, 0.0),
        "Hectare" => ("m2", 1e4, 0.0),
        "Kilogram" => ("kg", 1.0, 0.0),
        "Gram" => ("kg", 0.001, 0.0),
        "Microgram" => ("kg", 1e-9, 0.0),
        "Milligram" => ("kg", 1e-6, 0.0),
        "Pound" => ("kg", 0.45359237, 0.0),
        "Ounce" => ("kg", 0.028349523125, 0.0),
        "Ton" => ("kg", 907.18474, 0.0),
        "Metric ton" => ("kg", 1000.0, 0.0),
        "Gallon" => ("l", 3.785411784, 0.0),
        "Barrel" => ("l", 158.987294928, 0.0),
        "Cubic foot" => ("l", 28.316846592, 0.0),
        "Milliliter" => ("l", 0.001, 0.0),
        "Liter" => ("l", 1.0, 0.0),
        "Kilometer per hour" => ("m/s", 1.0 / 3.6, 0.0),
        "Mile per hour" => ("m/s", 0.44704, 0.0),
        "C" => ("degC", 1.0, 0.0),
        "F" => ("degC", 5.0 / 9.0, -160.0 / 9.0),
        "Degree" => ("deg", 1.0, 0.0),
        _ => return None,
    })
}

/// Expected currency → (our unit, factor). ISO code wins when present.
fn currency_map(unit: &str, iso: Option<&str>) -> Option<(String, f64)> {
    if let Some(iso) = iso {
        return Some((iso.to_string(), 1.0));
    }
    Some(match unit {
        "Dollar" => ("USD".into(), 1.0),
        "Cent" => ("USD".into(), 0.01),
        "Pound" => ("GBP".into(), 1.0),
        "Pence" | "Penny" => ("GBP".into(), 0.01),
        "Rupee" => ("rupee".into(), 1.0),
        "Franc" => ("franc".into(), 1.0),
        "Bitcoin" => ("BTC".into(), 1.0),
        _ => return None,
    })
}

/// Units that news does not report: their cases are out of scope.
fn exotic_unit(name: &str) -> bool {
    unit_map(name).is_none()
}

fn parse_interval(s: &str) -> Option<(Option<f64>, Option<f64>)> {
    let inner = s.trim().get(1..s.trim().len().checked_sub(1)?)?;
    let (a, b) = inner.split_once(',')?;
    let p = |x: &str| -> Option<Option<f64>> {
        let x = x.trim();
        if x.is_empty() {
            Some(None)
        } else {
            x.parse().ok().map(Some)
        }
    };
    Some((p(a)?, p(b)?))
}

/// Why a case is out of scope, if it is. Order matters: first reason wins.
fn out_of_scope(file: &str, model: Model, case: &Value) -> Option<&'static str> {
    let stem = file.rsplit('/').next().unwrap_or(file);
    if stem.contains("ExperimentalMode")
        || stem.contains("ModelPercentMode")
        || stem.contains("Suppress")
    {
        return Some("recognizer option mode (conflicts with default-mode specs)");
    }
    let platforms = |key: &str| {
        case[key]
            .as_array()
            .is_some_and(|a| a.iter().any(|p| p.as_str() == Some("dotnet")))
    };
    if platforms("not_supported_platforms") || platforms("not_supported_by_design_platforms") {
        return Some("skipped by the .NET reference (NotSupported dotnet)");
    }
    let input = case["input"].as_str().unwrap_or("").to_lowercase();
    let exp = case["expected"].as_array().cloned().unwrap_or_default();
    let texts: Vec<String> = exp
        .iter()
        .map(|e| e["text"].as_str().unwrap_or("").to_lowercase())
        .collect();
    let any = |f: &dyn Fn(&str) -> bool| texts.iter().any(|t| f(t));
    const FRACTION_WORDS: &[&str] = &[
        "half",
        "halves",
        "third",
        "thirds",
        "quarter",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "hundredth",
        "thousandth",
        "millionth",
        "trillionth",
        "twentieth",
        "first",
        "second",
        "fifths",
        "eighths",
        "over",
    ];
    // "a thirtieth", "a fortieth": every tens ordinal is a denominator too.
    let tens_ordinal = |t: &str| {
        t.split(|c: char| !c.is_alphanumeric())
            .any(|w| w.ends_with("ieth") || w.ends_with("ieths"))
    };
    let has_word = |t: &str, ws: &[&str]| {
        t.split(|c: char| !c.is_alphanumeric()).any(|w| {
            ws.iter()
                .any(|x| w == *x || (w.ends_with('s') && w[..w.len() - 1] == **x))
        })
    };
    if model == Model::Percent {
        if exp.iter().any(|e| {
            e["value"]
                .as_str()
                .and_then(|v| v.trim_end_matches('%').parse::<f64>().ok())
                .is_none()
        }) {
            return Some("percent word without a number");
        }
        if any(&|t| t.starts_with("per")) {
            return Some("reversed percent (\"per cent of 210\")");
        }
    }
    if model == Model::Ordinal {
        if exp.iter().any(|e| {
            e["value"]
                .as_str()
                .is_some_and(|v| v.starts_with("end") || v.starts_with("current"))
        }) {
            return Some("relative ordinal (last, next, previous)");
        }
        return None;
    }
    if model == Model::Number {
        // Digit groups that the input joins with dots or slashes and the
        // spec splits into separate numbers.
        let pieces = |sep: char, min: usize| {
            input.split_whitespace().any(|w| {
                let w = w.trim_matches(|c: char| !c.is_ascii_digit());
                let parts: Vec<&str> = w.split(sep).collect();
                parts.len() >= min
                    && parts
                        .iter()
                        .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
                    && parts.iter().all(|p| texts.iter().any(|t| t == p))
            })
        };
        if pieces('.', 4) {
            return Some("dotted IP address read as separate numbers (an identifier in news)");
        }
        if pieces('/', 3) {
            return Some("slash date read as separate numbers (a date in news)");
        }
    }
    let sci = |t: &str| {
        let b = t.as_bytes();
        (1..b.len().saturating_sub(1)).any(|i| {
            b[i] == b'e'
                && b[i - 1].is_ascii_digit()
                && (b[i + 1].is_ascii_digit() || b[i + 1] == b'-' || b[i + 1] == b'+')
        })
    };
    if any(&|t| t.contains('^') || t.contains("x10") || sci(t)) {
        return Some("exponent notation");
    }
    if model != Model::Percent
        && any(&|t| {
            t.contains('/')
                || t.chars().any(|c| "½¼¾⅓⅔⅛".contains(c))
                || ((has_word(t, FRACTION_WORDS) || tens_ordinal(t)) && model != Model::Age)
        })
    {
        return Some("fraction as a number (news shares are read as percents)");
    }
    if any(&|t| has_word(t, &["point"])) {
        return Some("spoken decimal (\"five point five\")");
    }
    if any(&|t| has_word(t, &["minus", "negative"])) {
        return Some("negative number words");
    }
    if any(&|t| has_word(t, &["nought", "oh", "zero"]) && t.split_whitespace().count() > 1) {
        return Some("digit-by-digit spelling");
    }
    if input.contains(" . ") && input.chars().any(|c| c.is_ascii_digit()) && {
        let b = input.as_bytes();
        (2..b.len().saturating_sub(2)).any(|i| {
            b[i - 2].is_ascii_digit() && &b[i - 1..i + 2] == b" . " && b[i + 2].is_ascii_digit()
        })
    } {
        return Some("tokenized decimal (\"4 . 8 %\")");
    }
    // "10G": an SI prefix glued to the digits.
    let si_glued = |t: &str| {
        t.split(|c: char| !c.is_alphanumeric()).any(|w| {
            w.len() > 1 && w.ends_with('g') && w[..w.len() - 1].bytes().all(|c| c.is_ascii_digit())
        })
    };
    if any(&|t| has_word(t, &["crore", "lakh", "lakhs", "g", "mil"]) || si_glued(t))
        && model == Model::Number
    {
        return Some("regional or SI scale words (crore, lakh, 10G)");
    }
    for e in &exp {
        if e["value"].is_null() {
            return Some("unit word without a number (conversion questions)");
        }
        match model {
            Model::Dimension | Model::Temperature => {
                let u = e["resolution"]["unit"].as_str().unwrap_or("");
                if exotic_unit(u) || u == "Degree" && model == Model::Dimension {
                    return Some("unit outside news use (radian, byte, teaspoon, pm/ms...)");
                }
            }
            Model::Currency => {
                let u = e["resolution"]["unit"].as_str().unwrap_or("");
                let iso = e["resolution"]["isoCurrency"].as_str();
                if currency_map(u, iso).is_none() {
                    return Some("historic or minor currency without ISO code");
                }
            }
            _ => {}
        }
        if model == Model::Range {
            let v = e["value"].as_str().unwrap_or("");
            let t = e["text"].as_str().unwrap_or("").to_lowercase();
            // Equality phrased as a range ("equal to 5000" → [5000,5000])
            // is a point figure in news, which the number model covers.
            if t.contains("equal to") && !t.contains(" or ")
                || t.starts_with("equals")
                || t.starts_with("equaling")
                || v.starts_with('[') && v.ends_with(']') && {
                    let (lo, hi) = parse_interval(v).unwrap_or((None, None));
                    lo.is_some() && lo == hi
                }
            {
                return Some("equality written as a range (\"equal to 5000\" → [5000,5000])");
            }
            if parse_interval(v).is_none() {
                return Some("unparsable interval");
            }
        }
    }
    None
}

/// Text of a sub-span.
fn slice(input: &str, s: crosscheck::span::Span) -> &str {
    input.get(s.start..s.end).unwrap_or("")
}

/// Our entities for a model, from the quantities found in `input`.
fn predict(model: Model, input: &str, qs: &[Quantity]) -> Vec<Ent> {
    let mut out = Vec::new();
    for q in qs {
        let num_text = slice(input, q.number_span);
        match model {
            Model::Number => {
                // The number model leaves figures with units to the unit models.
                if matches!(
                    q.kind,
                    QuantityKind::Ordinal
                        | QuantityKind::Date
                        | QuantityKind::Time
                        | QuantityKind::Measure
                ) {
                    continue;
                }
                if q.kind == QuantityKind::Percent
                    && q.unit == "percent"
                    && q.low == q.high
                    && q.qualifier == Qualifier::Exact
                    && parse_number(num_text).is_none()
                {
                    continue;
                }
                if q.qualifier == Qualifier::Range {
                    // A number model reports the two ends separately.
                    for part in split_range(num_text) {
                        if let Some(v) = parse_number(part) {
                            out.push(Ent::point(part, v, ""));
                        }
                    }
                    continue;
                }
                if q.vague {
                    continue;
                }
                // A leading minus is part of a bare number ("-1").
                let span_text = slice(input, q.span);
                if let (Some(v), Some(-1.0)) = (parse_number(num_text), q.change) {
                    if span_text.starts_with('-') && q.qualifier == Qualifier::Exact {
                        out.push(Ent::point(span_text, -v, ""));
                        continue;
                    }
                }
                if let Some(v) = parse_number(num_text) {
                    out.push(Ent::point(num_text, v, ""));
                }
            }
            Model::Percent => {
                if q.kind == QuantityKind::Percent && q.qualifier != Qualifier::Range {
                    let v = if q.qualifier == Qualifier::Exact {
                        (q.low.unwrap_or(q.nominal) + q.high.unwrap_or(q.nominal)) / 2.0
                    } else {
                        q.nominal
                    };
                    out.push(Ent::point(slice(input, q.value_span), v, ""));
                }
            }
            Model::Range => {
                if matches!(q.kind, QuantityKind::Year | QuantityKind::Date) {
                    continue;
                }
                if !matches!(
                    q.qualifier,
                    Qualifier::Range
                        | Qualifier::MoreThan
                        | Qualifier::AtLeast
                        | Qualifier::AtMost
                        | Qualifier::LessThan
                ) {
                    continue;
                }
                // Bounds as written, without unit conversion.
                let written = parse_number(num_text);
                let convert = !matches!(q.dimension.as_str(), "count" | "percent" | "money");
                let (lo, hi) = match q.qualifier {
                    Qualifier::Range if convert => {
                        let parts = split_range(num_text);
                        (
                            parts.first().and_then(|p| parse_number(p)),
                            parts.last().and_then(|p| parse_number(p)),
                        )
                    }
                    Qualifier::MoreThan | Qualifier::AtLeast if convert => (written, None),
                    Qualifier::AtMost | Qualifier::LessThan if convert => (None, written),
                    // A ratio ("2 in 5") is a share we keep in percent;
                    // range models state it as a fraction.
                    _ if q.dimension == "percent"
                        && written.is_some_and(|w| same(Some(w * 100.0), Some(q.nominal))) =>
                    {
                        (q.low.map(|v| v / 100.0), q.high.map(|v| v / 100.0))
                    }
                    _ => (q.low, q.high),
                };
                // Range models report the bound without its unit.
                // A suffix bound ("200 or greater") is part of the text.
                let text_end = if q.span.end > q.value_span.end {
                    q.span.end
                } else {
                    q.number_span.end.max(q.span.start)
                };
                let text = input.get(q.span.start..text_end).unwrap_or("");
                out.push(Ent {
                    text: norm_text(text),
                    low: lo,
                    high: hi,
                    unit: String::new(),
                });
            }
            Model::Ordinal => {
                if q.kind == QuantityKind::Ordinal {
                    out.push(Ent::point(slice(input, q.span), q.nominal, ""));
                }
            }
            Model::Currency => {
                if q.kind == QuantityKind::Money && q.qualifier != Qualifier::Range {
                    out.push(Ent::point(slice(input, q.value_span), q.nominal, &q.unit));
                }
            }
            Model::Dimension | Model::Temperature => {
                let want = if model == Model::Temperature {
                    matches!(q.dimension.as_str(), "temperature" | "degree")
                } else {
                    !matches!(q.dimension.as_str(), "temperature" | "degree")
                };
                if q.kind == QuantityKind::Measure && want && q.qualifier != Qualifier::Range {
                    out.push(Ent::point(slice(input, q.value_span), q.nominal, &q.unit));
                }
            }
            Model::Age => {
                if q.kind == QuantityKind::Age {
                    out.push(Ent::point(slice(input, q.value_span), q.nominal, ""));
                }
            }
        }
    }
    out
}

/// "20 and 30" → ["20", "30"]; "100-300" → ["100", "300"].
fn split_range(s: &str) -> Vec<&str> {
    for sep in ["-to-", " to ", " and ", " through ", "–", "—", "-"] {
        if let Some((a, b)) = s.split_once(sep) {
            return vec![a.trim(), b.trim()];
        }
    }
    vec![s]
}

/// Their entities, in our comparable form.
fn expected(model: Model, case: &Value) -> Vec<Ent> {
    let mut out = Vec::new();
    for e in case["expected"].as_array().into_iter().flatten() {
        let text = e["text"].as_str().unwrap_or("");
        let v = e["value"].as_str().unwrap_or("");
        let num = |s: &str| s.trim_end_matches('%').parse::<f64>().ok();
        let ent = match model {
            Model::Range => {
                let (lo, hi) = parse_interval(v).unwrap_or((None, None));
                Ent {
                    text: norm_text(text),
                    low: lo,
                    high: hi,
                    unit: String::new(),
                }
            }
            Model::Currency => {
                let (u, f) = currency_map(
                    e["resolution"]["unit"].as_str().unwrap_or(""),
                    e["resolution"]["isoCurrency"].as_str(),
                )
                .unwrap_or_default();
                Ent::point(text, num(v).unwrap_or(f64::NAN) * f, &u)
            }
            Model::Dimension | Model::Temperature => {
                let (u, f, o) = unit_map(e["resolution"]["unit"].as_str().unwrap_or(""))
                    .unwrap_or(("?", 1.0, 0.0));
                Ent::point(text, num(v).unwrap_or(f64::NAN) * f + o, u)
            }
            _ => Ent::point(text, num(v).unwrap_or(f64::NAN), ""),
        };
        out.push(ent);
    }
    out
}

#[derive(Default)]
struct FileStats {
    cases: usize,
    in_scope: usize,
    passed: usize,
    out: BTreeMap<&'static str, usize>,
    groups: BTreeMap<String, (usize, String)>,
}

/// Names a failure so similar ones group together.
fn failure_group(model: Model, exp: &[Ent], got: &[Ent]) -> String {
    let missed: Vec<&Ent> = exp
        .iter()
        .filter(|e| !got.iter().any(|g| matches(e, g)))
        .collect();
    let extra: Vec<&Ent> = got
        .iter()
        .filter(|g| !exp.iter().any(|e| matches(e, g)))
        .collect();
    let same_text = missed
        .iter()
        .any(|m| extra.iter().any(|x| x.text == m.text));
    let overlap = missed.iter().any(|m| {
        extra
            .iter()
            .any(|x| x.text.contains(&m.text) || m.text.contains(&x.text))
    });
    let m = format!("{model:?}");
    if same_text {
        format!("{m}: right text, wrong value/unit")
    } else if overlap {
        format!("{m}: span differs")
    } else if !missed.is_empty() && extra.is_empty() {
        format!("{m}: missed entity")
    } else if missed.is_empty() {
        format!("{m}: spurious entity")
    } else {
        format!("{m}: missed one, found another")
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/peer-suites/recognizers-text");
    let mut show_failures = 0usize;
    let mut probe = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--failures" => show_failures = args.next().and_then(|n| n.parse().ok()).unwrap_or(20),
            "--probe" => probe = args.next(),
            _ => dir = PathBuf::from(a),
        }
    }
    let units = UnitTable::builtin();
    if let Some(text) = probe {
        for q in find_quantities(&text, &units) {
            println!("{:?} {q:?}", slice(&text, q.span));
        }
        return;
    }
    if !dir.is_dir() {
        println!(
            "peer suite folder {} not found; nothing to measure",
            dir.display()
        );
        return;
    }
    let mut all_groups: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut rows = Vec::new();
    for &(file, model) in FILES {
        let path = dir.join(file);
        let Ok(src) = std::fs::read_to_string(&path) else {
            println!("missing {}", path.display());
            continue;
        };
        let mut st = FileStats::default();
        let mut shown = 0;
        for line in src.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(case) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            st.cases += 1;
            if let Some(reason) = out_of_scope(file, model, &case) {
                *st.out.entry(reason).or_default() += 1;
                continue;
            }
            st.in_scope += 1;
            let input = case["input"].as_str().unwrap_or("");
            let qs = find_quantities(input, &units);
            let got = predict(model, input, &qs);
            let exp = expected(model, &case);
            let ok =
                got.len() == exp.len() && exp.iter().all(|e| got.iter().any(|g| matches(e, g)));
            if ok {
                st.passed += 1;
            } else {
                let g = failure_group(model, &exp, &got);
                let example = format!("{input:?} expected {:?} got {:?}", brief(&exp), brief(&got));
                let entry = st.groups.entry(g.clone()).or_insert((0, example.clone()));
                entry.0 += 1;
                let entry = all_groups.entry(g).or_insert((0, example.clone()));
                entry.0 += 1;
                if shown < show_failures {
                    println!("FAIL {file}: {example}");
                    shown += 1;
                }
            }
        }
        rows.push((file, st));
    }
    println!();
    println!(
        "{:<50} {:>6} {:>9} {:>7} {:>8}",
        "file", "cases", "in scope", "passed", "rate"
    );
    for (file, st) in &rows {
        let rate = if st.in_scope > 0 {
            format!("{:.1}%", 100.0 * st.passed as f64 / st.in_scope as f64)
        } else {
            "-".to_string()
        };
        println!(
            "{:<50} {:>6} {:>9} {:>7} {:>8}",
            file, st.cases, st.in_scope, st.passed, rate
        );
    }
    let dt = dir.join("DateTime");
    let mut dt_cases = 0;
    let mut dt_files = 0;
    if let Ok(rd) = std::fs::read_dir(&dt) {
        for f in rd.flatten() {
            if let Ok(s) = std::fs::read_to_string(f.path()) {
                dt_files += 1;
                dt_cases += s.lines().filter(|l| !l.trim().is_empty()).count();
            }
        }
    }
    println!(
        "{:<50} {:>6} {:>9} {:>7} {:>8}",
        format!("DateTime/* ({dt_files} files)"),
        dt_cases,
        0,
        0,
        "-"
    );
    println!(
        "\nDateTime files are out of scope for this runner: dates belong to the date extractor."
    );
    println!("\nOut of scope, per file:");
    for (file, st) in &rows {
        for (reason, n) in &st.out {
            println!("  {file}: {n:>4}  {reason}");
        }
    }
    println!("\nLargest failure groups (all files):");
    let mut groups: Vec<_> = all_groups.into_iter().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.1 .0));
    for (g, (n, ex)) in groups.iter().take(10) {
        println!("  {n:>4}  {g}\n        e.g. {ex}");
    }
}

fn brief(es: &[Ent]) -> Vec<String> {
    es.iter()
        .map(|e| {
            let f = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v}"));
            if same(e.low, e.high) {
                format!("{}={}{}", e.text, f(e.low), e.unit)
            } else {
                format!("{}=[{},{}]{}", e.text, f(e.low), f(e.high), e.unit)
            }
        })
        .collect()
}
