//! Dataset field names: the canonical ones, their aliases and `--field` overrides.

use std::borrow::Cow;

use serde_json::Value;

use super::IngestOptions;
use crate::article::Article;

/// The fields a record may carry, under their canonical names.
pub const CANONICAL_FIELDS: &[&str] =
    &["id", "outlet", "published", "title", "text", "url", "event"];

/// Other common names for the canonical fields: `(alias, canonical)`.
pub const FIELD_ALIASES: &[(&str, &str)] = &[
    ("body", "text"),
    ("content", "text"),
    ("article", "text"),
    ("source", "outlet"),
    ("publisher", "outlet"),
    ("date", "published"),
    ("published_at", "published"),
    ("pubdate", "published"),
    ("story_id", "event"),
    ("cluster", "event"),
    ("event_id", "event"),
    ("headline", "title"),
];

/// One field's value: text (borrowed from the input where it can be) or any
/// other JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue<'a> {
    Text(Cow<'a, str>),
    Other(Value),
}

#[cfg(test)]
impl From<Value> for FieldValue<'_> {
    fn from(value: Value) -> Self {
        match value {
            Value::String(text) => FieldValue::Text(Cow::Owned(text)),
            other => FieldValue::Other(other),
        }
    }
}

/// A record's fields, one per name and sorted by name: the order and the
/// last-one-wins rule of the `serde_json::Map` records used to be read into,
/// so which field a case-blind match picks has not changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Fields<'a> {
    pairs: Vec<(Cow<'a, str>, FieldValue<'a>)>,
}

impl<'a> Fields<'a> {
    pub fn from_pairs(mut pairs: Vec<(Cow<'a, str>, FieldValue<'a>)>) -> Self {
        // A stable sort keeps repeated names in input order, so the last wins.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut unique: Vec<(Cow<'a, str>, FieldValue<'a>)> = Vec::with_capacity(pairs.len());
        for pair in pairs {
            match unique.last_mut() {
                Some(last) if last.0 == pair.0 => *last = pair,
                _ => unique.push(pair),
            }
        }
        Fields { pairs: unique }
    }

    /// The fields of a map as serde_json reads a record: the reference the
    /// tests hold the borrowed reader to.
    #[cfg(test)]
    pub fn from_map(map: serde_json::Map<String, Value>) -> Self {
        Fields::from_pairs(
            map.into_iter()
                .map(|(name, value)| (Cow::Owned(name), FieldValue::from(value)))
                .collect(),
        )
    }

    #[cfg(test)]
    pub fn get(&self, name: &str) -> Option<&FieldValue<'a>> {
        self.get_key_value(name).map(|(_, value)| value)
    }

    /// Keys are unique, so the first equal one is the one. A record has a
    /// handful of fields and most differ from `name` in length, which string
    /// equality tests first, so a scan beats a binary search of string
    /// comparisons, and this runs seven times a record.
    fn get_key_value(&self, name: &str) -> Option<(&str, &FieldValue<'a>)> {
        self.pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(key, value)| (key.as_ref(), value))
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &FieldValue<'a>)> {
        self.pairs.iter().map(|(key, value)| (key.as_ref(), value))
    }
}

/// The source field names tried for `canonical`, in order.
fn candidates<'a>(canonical: &'a str, opts: &'a IngestOptions) -> impl Iterator<Item = &'a str> {
    let mapped = opts.field_map.get(canonical).map(String::as_str);
    let defaults = mapped.is_none().then(|| {
        std::iter::once(canonical).chain(
            FIELD_ALIASES
                .iter()
                .filter(move |(_, c)| *c == canonical)
                .map(|(alias, _)| *alias),
        )
    });
    mapped.into_iter().chain(defaults.into_iter().flatten())
}

/// The record's key matching `name`, exactly or else ignoring case.
/// `plain_keys`: every key is trimmed and has no ASCII capital, so for a
/// lower-case name the case-blind scan could only find the exact key again.
fn find<'r, 'a>(
    record: &'r Fields<'a>,
    name: &str,
    plain_keys: bool,
) -> Option<(&'r str, &'r FieldValue<'a>)> {
    record.get_key_value(name).or_else(|| {
        if plain_keys && is_plain(name) {
            return None;
        }
        record
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
    })
}

fn is_plain(name: &str) -> bool {
    !name.bytes().any(|b| b.is_ascii_uppercase()) && name.trim().len() == name.len()
}

/// A field's value as text: strings trimmed, numbers and booleans written out,
/// `{"name": ...}` objects by their name, string arrays joined as paragraphs.
fn as_text<'r>(value: &'r FieldValue<'_>) -> Option<Cow<'r, str>> {
    match value {
        FieldValue::Text(text) => {
            let text = text.trim();
            (!text.is_empty()).then_some(Cow::Borrowed(text))
        }
        FieldValue::Other(value) => value_text(value).map(Cow::Owned),
    }
}

fn value_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Object(o) => return o.get("name").and_then(value_text),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(value_text).collect();
            parts.join("\n\n")
        }
    };
    (!text.is_empty()).then_some(text)
}

/// Looks up a canonical field; the second part names the field found, so a
/// present but empty text field can be told from a missing one.
fn lookup<'r>(
    record: &'r Fields<'_>,
    canonical: &str,
    opts: &IngestOptions,
    plain_keys: bool,
) -> (Option<Cow<'r, str>>, Option<&'r str>) {
    for name in candidates(canonical, opts) {
        if let Some((key, value)) = find(record, name, plain_keys) {
            match as_text(value) {
                Some(text) => return (Some(text), Some(key)),
                None => {
                    if canonical == "text" {
                        return (None, Some(key));
                    }
                }
            }
        }
    }
    (None, None)
}

/// Turns one record into an article. The error is a one-line `Skipped` reason.
pub(crate) fn record_to_article(
    record: &Fields<'_>,
    default_id: impl FnOnce() -> String,
    path: String,
    opts: &IngestOptions,
) -> Result<Article, String> {
    let plain_keys = record.iter().all(|(key, _)| is_plain(key));
    let (text, text_key) = lookup(record, "text", opts, plain_keys);
    let Some(text) = text else {
        if let Some(key) = text_key {
            return Err(format!(
                "empty text: field '{key}' is empty; nothing to compare"
            ));
        }
        let names: Vec<&str> = record.iter().map(|(key, _)| key).collect();
        let has = if names.is_empty() {
            "no fields".to_string()
        } else {
            format!("fields: {}", names.join(", "))
        };
        let wanted = match opts.field_map.get("text") {
            Some(mapped) => format!("no field '{mapped}' (from --field text={mapped})"),
            None => "no text field (looked for text, body, content, article)".to_string(),
        };
        return Err(format!(
            "{wanted}; the record has {has}; use --field text=NAME to name the field with the article text"
        ));
    };
    let get = |canonical: &str| lookup(record, canonical, opts, plain_keys).0;
    let owned = |canonical: &str| get(canonical).map(Cow::into_owned);
    let text = super::text::normalize_newlines(&text);
    let id = owned("id").unwrap_or_else(default_id);
    let mut article = Article::from_parts(id, path, owned("title"), text.trim());
    article.outlet = owned("outlet");
    article.published = owned("published");
    article.url = owned("url");
    article.event = owned("event");
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(v: Value) -> Fields<'static> {
        Fields::from_map(v.as_object().unwrap().clone())
    }

    #[test]
    fn aliases_and_numbers() {
        let r = rec(
            json!({"id": 7, "body": "Text.", "source": {"name": "AP"}, "date": "2024-01-02",
                           "story_id": 3, "headline": "Head", "url": "http://x"}),
        );
        let a = record_to_article(
            &r,
            || "f:1".into(),
            "f.jsonl:1".into(),
            &IngestOptions::default(),
        )
        .unwrap();
        assert_eq!(a.id, "7");
        assert_eq!(a.outlet.as_deref(), Some("AP"));
        assert_eq!(a.published.as_deref(), Some("2024-01-02"));
        assert_eq!(a.event.as_deref(), Some("3"));
        assert_eq!(a.title.as_deref(), Some("Head"));
        assert_eq!(a.text, "Head\n\nText.");
        assert_eq!(a.path, "f.jsonl:1");
    }

    #[test]
    fn field_map_overrides_and_case_is_ignored() {
        let mut opts = IngestOptions::default();
        opts.field_map.insert("text".into(), "story".into());
        let r = rec(json!({"Story": "From story.", "text": "Not this."}));
        let a = record_to_article(&r, || "f:1".into(), "p".into(), &opts).unwrap();
        assert_eq!(a.text, "From story.");
        assert_eq!(a.id, "f:1");
    }

    #[test]
    fn capitalised_or_padded_field_names_still_match() {
        let r = rec(json!({"Body": "From body.", " ID ": 5, "source": "Wire"}));
        let a =
            record_to_article(&r, || "f:1".into(), "p".into(), &IngestOptions::default()).unwrap();
        assert_eq!((a.text.as_str(), a.id.as_str()), ("From body.", "5"));
        assert_eq!(a.outlet.as_deref(), Some("Wire"));
        let mut opts = IngestOptions::default();
        opts.field_map.insert("text".into(), "Story".into());
        let r = rec(json!({"story": "Lower-case key.", "text": "Not this."}));
        let a = record_to_article(&r, || "f:1".into(), "p".into(), &opts).unwrap();
        assert_eq!(a.text, "Lower-case key.");
    }

    #[test]
    fn missing_text_names_fields_and_suggests_flag() {
        let r = rec(json!({"id": 1, "story": "x", "head": "y"}));
        let err = record_to_article(&r, || "f:1".into(), "p".into(), &IngestOptions::default())
            .unwrap_err();
        assert!(err.contains("fields: head, id, story"), "{err}");
        assert!(err.contains("--field text=NAME"), "{err}");
        let r = rec(json!({"text": "  "}));
        let err = record_to_article(&r, || "f:1".into(), "p".into(), &IngestOptions::default())
            .unwrap_err();
        assert!(err.starts_with("empty text: field 'text'"), "{err}");
    }
}
