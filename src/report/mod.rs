//! Report: findings in, text out. Reporters only print; the exit status is
//! computed from the findings elsewhere.

mod markdown;
mod table;

pub use markdown::render_markdown;
pub use table::{render_claims_table, render_dates_table, render_table};

use crate::pipeline::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Markdown,
}

pub fn render_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("the report is plain data");
    text.push('\n');
    text
}

/// One finding per line, for streaming into other tools.
pub fn render_jsonl(report: &Report) -> String {
    report
        .findings
        .iter()
        .map(|f| serde_json::to_string(f).expect("a finding is plain data") + "\n")
        .collect()
}

/// A number as a reader writes it: thousands separated, no trailing zeros.
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // Converted units carry long fractions ("29.7729 km"); a reader needs
    // fewer decimals the larger the number is.
    let decimals = match value.abs() {
        v if v >= 100.0 => 1,
        v if v >= 10.0 => 2,
        _ => 4,
    };
    let scale = 10f64.powi(decimals);
    let rounded = (value * scale).round() / scale;
    let negative = rounded < 0.0;
    let text = format!("{:.4}", rounded.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = fraction.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if negative { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

/// Base units read badly at news scale ("40,000 m"), so large lengths and
/// areas are shown in km and km², and masses in tonnes.
fn display_scale(low: Option<f64>, high: Option<f64>, unit: &str) -> (f64, &str) {
    let largest = low
        .into_iter()
        .chain(high)
        .map(f64::abs)
        .fold(0.0, f64::max);
    match unit {
        "m" if largest >= 1_000.0 => (1_000.0, "km"),
        "m2" if largest >= 1_000_000.0 => (1_000_000.0, "km²"),
        "m2" => (1.0, "m²"),
        "kg" if largest >= 10_000.0 => (1_000.0, "t"),
        _ if largest >= 1e9 && is_plain(unit) => (1e9, "billion"),
        _ if largest >= 1e6 && is_plain(unit) => (1e6, "million"),
        _ => (1.0, unit),
    }
}

/// Counts and currencies read as "1.5 million"; physical units keep their own scale.
fn is_plain(unit: &str) -> bool {
    unit.is_empty() || unit.chars().all(|c| c.is_ascii_uppercase())
}

/// An interval as "86 – ∞", "62", or "≤ 5,500".
pub fn format_interval(low: Option<f64>, high: Option<f64>, unit: &str) -> String {
    let (scale, scale_word) = display_scale(low, high, unit);
    let (low, high) = (low.map(|v| v / scale), high.map(|v| v / scale));
    // "115 – 125 million EUR": the scale word and the currency both stay.
    let unit = match scale_word {
        "million" | "billion" if unit.is_empty() => scale_word.to_string(),
        "million" | "billion" => format!("{scale_word} {unit}"),
        _ => scale_word.to_string(),
    };
    let unit = unit.as_str();
    let body = match (low, high) {
        (Some(l), Some(h)) if l == h => format_number(l),
        (Some(l), Some(h)) => format!("{} – {}", format_number(l), format_number(h)),
        (Some(l), None) => format!("≥ {}", format_number(l)),
        (None, Some(h)) => format!("≤ {}", format_number(h)),
        (None, None) => "any".to_string(),
    };
    if unit.is_empty() {
        body
    } else {
        format!("{body} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_prose() {
        assert_eq!(format_number(43000.0), "43,000");
        assert_eq!(format_number(6.8), "6.8");
        assert_eq!(format_number(1_500_000.0), "1,500,000");
        assert_eq!(format_number(-3.0), "-3");
        assert_eq!(format_number(33.33333), "33.33");
        assert_eq!(format_number(0.123456), "0.1235");
        assert_eq!(format_number(29.7729), "29.77");
    }

    #[test]
    fn intervals_show_open_bounds() {
        assert_eq!(format_interval(Some(86.0), None, ""), "≥ 86");
        assert_eq!(format_interval(Some(62.0), Some(62.0), ""), "62");
        assert_eq!(format_interval(None, Some(5500.0), ""), "≤ 5,500");
        assert_eq!(
            format_interval(Some(47.5), Some(48.5), "percent"),
            "47.5 – 48.5 percent"
        );
    }
}
