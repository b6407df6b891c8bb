//! Plain-text and Markdown articles, and the byte checks every file goes through.

use std::borrow::Cow;
use std::path::Path;

use super::frontmatter;
use super::Skipped;
use crate::article::Article;

/// Reads a file as UTF-8 text, or says why it cannot be an article.
pub(crate) fn read_text_file(path: &Path, shown: &str) -> Result<String, Skipped> {
    let bytes =
        std::fs::read(path).map_err(|e| Skipped::new(shown, format!("cannot read: {e}")))?;
    decode(bytes).map_err(|reason| Skipped::new(shown, reason))
}

/// Checks bytes for NULs and UTF-8, drops a byte-order mark and turns CRLF into LF.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!(
            "binary file (NUL byte at byte {at}): not a text article; pass .txt, .md, .html or dataset files"
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let byte = e.as_bytes()[at];
        format!("not UTF-8 (invalid byte 0x{byte:02X} at byte {at}): re-save the file as UTF-8")
    })?;
    Ok(normalize_newlines(text.strip_prefix('\u{feff}').unwrap_or(&text)).into_owned())
}

pub(crate) fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Builds an article from a `.txt`/`.md` source: front matter, then an
/// optional `# Heading` title (Markdown only), then the body.
pub(crate) fn article_from_text(
    src: &str,
    stem: &str,
    shown: &str,
    markdown: bool,
) -> Result<Article, Skipped> {
    let (meta, body) = frontmatter::split(src).map_err(|reason| Skipped::new(shown, reason))?;
    let mut title = meta.get("title").cloned();
    let mut body = body;
    if markdown {
        if let Some((heading, rest)) = leading_heading(body) {
            match &title {
                None => {
                    title = Some(heading.to_string());
                    body = rest;
                }
                // The same heading repeated under the front matter: keep it once.
                Some(t) if t.trim() == heading => body = rest,
                Some(_) => {}
            }
        }
    }
    let body = body.trim();
    if body.is_empty() {
        let what = if title.is_some() {
            "no text after the title"
        } else {
            "the file has no text"
        };
        return Err(Skipped::new(
            shown,
            format!("empty text: {what}; nothing to compare"),
        ));
    }
    let id = meta.get("id").cloned().unwrap_or_else(|| stem.to_string());
    let mut article = Article::from_parts(id, shown, title, body);
    article.outlet = meta.get("outlet").cloned();
    article.published = meta.get("published").cloned();
    article.url = meta.get("url").cloned();
    article.event = meta.get("event").cloned();
    Ok(article)
}

/// A first non-blank line `# Title` and the text after it.
fn leading_heading(body: &str) -> Option<(&str, &str)> {
    let start = body.len() - body.trim_start().len();
    let rest = &body[start..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let line = rest[..line_end].trim_end();
    let heading = line.strip_prefix("# ")?.trim();
    if heading.is_empty() {
        return None;
    }
    Some((heading.trim_end_matches('#').trim_end(), &rest[line_end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_nul_and_bad_utf8_positions() {
        let err = decode(b"abc\0def".to_vec()).unwrap_err();
        assert!(err.contains("NUL byte at byte 3"), "{err}");
        let err = decode(b"caf\xe9 au lait".to_vec()).unwrap_err();
        assert!(
            err.contains("not UTF-8") && err.contains("at byte 3") && err.contains("0xE9"),
            "{err}"
        );
        assert_eq!(
            decode(b"\xef\xbb\xbfhi\r\nthere".to_vec()).unwrap(),
            "hi\nthere"
        );
    }

    #[test]
    fn markdown_heading_becomes_title() {
        let a =
            article_from_text("\n# Quake kills 86\n\nRescuers dug.\n", "q", "q.md", true).unwrap();
        assert_eq!(a.title.as_deref(), Some("Quake kills 86"));
        assert_eq!(a.body(), "Rescuers dug.");
        assert_eq!(a.id, "q");
        let a = article_from_text("# Not a title in txt\n\nBody.", "q", "q.txt", false).unwrap();
        assert_eq!(a.title, None);
        assert!(a.text.starts_with("# Not a title"));
    }

    #[test]
    fn heading_repeating_front_matter_title_is_dropped() {
        let src = "---\ntitle: Quake kills 86\n---\n# Quake kills 86\n\nBody.";
        let a = article_from_text(src, "q", "q.md", true).unwrap();
        assert_eq!(a.text, "Quake kills 86\n\nBody.");
    }

    #[test]
    fn empty_body_is_skipped() {
        let err = article_from_text("# Only a title\n", "q", "q.md", true).unwrap_err();
        assert_eq!(err.input, "q.md");
        assert!(err.reason.starts_with("empty text"), "{}", err.reason);
    }

    proptest::proptest! {
        #[test]
        fn any_text_never_panics(src in "(---\n|#|# |[a-z: \\[\\]\"]|\n|é|\\.\\.\\.\n){0,40}") {
            let _ = article_from_text(&src, "x", "x.md", true);
            let _ = article_from_text(&src, "x", "x.txt", false);
        }
    }
}
