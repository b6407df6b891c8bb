//! YAML front matter between `---` lines at the top of a `.txt`/`.md` file.

use std::collections::BTreeMap;

/// Splits off front matter. Returns its scalar fields (stringified; unknown
/// keys are kept but callers only read the ones they know) and the rest.
/// The error is a one-line `Skipped` reason.
pub(crate) fn split(src: &str) -> Result<(BTreeMap<String, String>, &str), String> {
    let Some(after_open) = src
        .strip_prefix("---\n")
        .or_else(|| (src.trim_end() == "---").then_some(""))
    else {
        return Ok((BTreeMap::new(), src));
    };
    // Find the closing `---` (or `...`) line.
    let mut offset = 0;
    let mut close = None;
    for line in after_open.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = close else {
        return Err("broken front matter: no closing '---' line after the opening one; add it or remove the opening '---'"
            .to_string());
    };
    let yaml = &after_open[..yaml_end];
    let body = &after_open[body_start..];
    let parsed: Result<serde_yaml::Value, _> = serde_yaml::from_str(yaml);
    if parsed.is_err() {
        if let Some(fields) = plain_lines(yaml) {
            return Ok((fields, body));
        }
    }
    let value: serde_yaml::Value = parsed.map_err(|e| {
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .trim()
            .to_string();
        match e.location() {
            // +1 for the opening `---` line.
            Some(loc) => format!(
                "broken front matter: {message} (line {} of the file); fix the YAML between the '---' lines",
                loc.line() + 1
            ),
            None => format!("broken front matter: {message}; fix the YAML between the '---' lines"),
        }
    })?;
    let mut fields = BTreeMap::new();
    match value {
        serde_yaml::Value::Null => {}
        serde_yaml::Value::Mapping(map) => {
            for (key, value) in map {
                let (Some(key), Some(value)) = (scalar(&key), scalar(&value)) else {
                    continue;
                };
                if !value.is_empty() {
                    fields.insert(key, value);
                }
            }
        }
        _ => {
            return Err(
                "broken front matter: expected 'key: value' lines (outlet, published, title, url, event, id)"
                    .to_string(),
            )
        }
    }
    Ok((fields, body))
}

/// Hand-written front matter often carries a headline with a colon
/// ("title: Floods: toll rises"), which YAML rejects. When every line is a
/// plain `key: text` pair, the text after the first colon is the value.
fn plain_lines(yaml: &str) -> Option<BTreeMap<String, String>> {
    let mut fields = BTreeMap::new();
    for line in yaml.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let value = value.trim();
        let simple_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let plain_value =
            !value.is_empty() && !value.starts_with(['[', '{', '&', '*', '|', '>', '"', '\'']);
        if !simple_key || !plain_value {
            return None;
        }
        fields.insert(key.to_string(), value.to_string());
    }
    Some(fields)
}

fn scalar(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::String(s) => Some(s.trim().to_string()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Tagged(t) => scalar(&t.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_known_and_unknown_keys() {
        let (fields, body) = split(
            "---\noutlet: Reuters\npublished: 2024-11-09\nid: 42\ntags: [a, b]\nmood: calm\n---\nBody.\n",
        )
        .unwrap();
        assert_eq!(fields["outlet"], "Reuters");
        assert_eq!(fields["published"], "2024-11-09");
        assert_eq!(fields["id"], "42");
        assert_eq!(fields["mood"], "calm");
        assert!(!fields.contains_key("tags"));
        assert_eq!(body, "Body.\n");
    }

    #[test]
    fn a_headline_with_a_colon_is_read_as_plain_text() {
        let (fields, body) =
            split("---\noutlet: Paper C\ntitle: Fires: toll rises to 10\n---\nBody.\n").unwrap();
        assert_eq!(fields["title"], "Fires: toll rises to 10");
        assert_eq!(fields["outlet"], "Paper C");
        assert_eq!(body, "Body.\n");
    }

    #[test]
    fn no_front_matter_passes_through() {
        let (fields, body) = split("Just text.\n---\nmore").unwrap();
        assert!(fields.is_empty());
        assert_eq!(body, "Just text.\n---\nmore");
    }

    #[test]
    fn broken_yaml_names_the_file_line() {
        let err = split("---\noutlet: Reuters\ntitle: [unclosed\n---\nBody").unwrap_err();
        assert!(err.starts_with("broken front matter: "), "{err}");
        assert!(err.contains("line "), "{err}");
        let err = split("---\noutlet: Reuters\nBody without end").unwrap_err();
        assert!(err.contains("no closing '---'"), "{err}");
        let err = split("---\n- a\n- b\n---\nBody").unwrap_err();
        assert!(err.contains("key: value"), "{err}");
    }
}
