//! One JSON record read into its fields without building a `serde_json::Value`
//! tree: string fields (the article text above all) borrow from the line
//! whenever they hold no escape, so a record's text is copied once, into the
//! article, instead of three times.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::fields::{FieldValue, Fields};

/// A parsed line: a record, or what the line holds instead of one.
pub enum Parsed<'a> {
    Record(Fields<'a>),
    /// "a string", "an array" and so on, for the error message.
    NotAnObject(&'static str),
}

/// Parses one record; the error is serde_json's, for the caller to word.
/// Text already checked as UTF-8 is not checked again string by string.
pub fn parse_record(line: &str) -> Result<Parsed<'_>, serde_json::Error> {
    parse_with(serde_json::Deserializer::from_str(line))
}

/// [`parse_record`] over bytes not yet known to be UTF-8.
pub fn parse_record_bytes(bytes: &[u8]) -> Result<Parsed<'_>, serde_json::Error> {
    parse_with(serde_json::Deserializer::from_slice(bytes))
}

fn parse_with<'de, R: serde_json::de::Read<'de>>(
    mut deserializer: serde_json::Deserializer<R>,
) -> Result<Parsed<'de>, serde_json::Error> {
    let parsed = (&mut deserializer).deserialize_any(TopVisitor)?;
    deserializer.end()?;
    Ok(parsed)
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Parsed<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Records carry the handful of fields an article has.
        let mut pairs: Vec<(Cow<'de, str>, FieldValue<'de>)> = Vec::with_capacity(8);
        while let Some(Text(key)) = map.next_key()? {
            let value: FieldValue<'de> = map.next_value()?;
            pairs.push((key, value));
        }
        Ok(Parsed::Record(Fields::from_pairs(pairs)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Parsed::NotAnObject("null"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Parsed::NotAnObject("a boolean"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Parsed::NotAnObject("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Parsed::NotAnObject("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Parsed::NotAnObject("a number"))
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Parsed::NotAnObject("a string"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(Parsed::NotAnObject("an array"))
    }
}

/// A string that borrows from the input when it can.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

/// A field: strings as text, anything else as the `Value` serde_json builds.
impl<'de> Deserialize<'de> for FieldValue<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = FieldValue<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(FieldValue::Text(Cow::Borrowed(s)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(FieldValue::Text(Cow::Owned(s.to_string())))
    }
    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(FieldValue::Text(Cow::Owned(s)))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(FieldValue::Other(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(FieldValue::Other(Value::Null))
    }
    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(FieldValue::Other(Value::Bool(b)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(FieldValue::Other(Value::from(n)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(FieldValue::Other(Value::from(n)))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Self::Value, E> {
        Ok(FieldValue::Other(Value::from(n)))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(FieldValue::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(FieldValue::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(line: &str) -> Fields<'_> {
        match parse_record(line).unwrap() {
            Parsed::Record(fields) => fields,
            Parsed::NotAnObject(kind) => panic!("not an object: {kind}"),
        }
    }

    #[test]
    fn reads_the_fields_serde_json_reads_and_keeps_the_last_of_a_repeated_key() {
        let line = r#"{"text":"Plain text.","id":7,"source":{"name":"Wire"},"tags":["a",1],"n":null,"text":"Later \"text\"."}"#;
        let fields = record(line);
        let expected: serde_json::Map<String, Value> = serde_json::from_str(line).unwrap();
        assert_eq!(fields, Fields::from_map(expected));
        let text = fields.get("text").unwrap();
        assert_eq!(
            text,
            &FieldValue::Text(Cow::Owned("Later \"text\".".into()))
        );
    }

    #[test]
    fn plain_strings_borrow_from_the_line() {
        let fields = record(r#"{"text":"No escapes here."}"#);
        assert!(matches!(
            fields.get("text"),
            Some(FieldValue::Text(Cow::Borrowed("No escapes here.")))
        ));
    }

    #[test]
    fn names_what_a_line_holds_when_it_is_not_an_object() {
        for (line, kind) in [
            ("\"text\"", "a string"),
            ("[1, 2]", "an array"),
            ("3.5", "a number"),
            ("null", "null"),
            ("true", "a boolean"),
        ] {
            assert!(
                matches!(parse_record(line), Ok(Parsed::NotAnObject(k)) if k == kind)
                    && matches!(parse_record_bytes(line.as_bytes()), Ok(Parsed::NotAnObject(k)) if k == kind),
                "{line}"
            );
        }
        let error = parse_record(r#"{"text": "x"} trailing"#).err().unwrap();
        let value_error = serde_json::from_str::<Value>(r#"{"text": "x"} trailing"#).unwrap_err();
        assert_eq!(error.to_string(), value_error.to_string());
    }
}
