//! The article: one news text with its metadata, as every later stage sees it.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// One news article after ingest.
///
/// `text` is the title, a blank line and the body (the title counts as
/// article text); `body_start` is where the body begins, so stages can tell a
/// headline figure from one in the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    /// Where it came from: a file path, `-` for stdin, or `file:line` for a record.
    pub path: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    /// ISO date (`2024-11-09`) or date-time as given; see [`Article::published_date`].
    pub published: Option<String>,
    pub url: Option<String>,
    pub event: Option<String>,
    pub text: String,
    pub body_start: usize,
}

impl Article {
    /// Build an article from a title and body, laying out `text` as stages expect.
    pub fn from_parts(
        id: impl Into<String>,
        path: impl Into<String>,
        title: Option<String>,
        body: &str,
    ) -> Self {
        let title = title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        let (text, body_start) = match &title {
            Some(t) => {
                let mut text = String::with_capacity(t.len() + 2 + body.len());
                text.push_str(t);
                text.push_str("\n\n");
                text.push_str(body);
                (text, t.len() + 2)
            }
            None => (body.to_string(), 0),
        };
        Article {
            id: id.into(),
            path: path.into(),
            outlet: None,
            title,
            published: None,
            url: None,
            event: None,
            text,
            body_start,
        }
    }

    pub fn title_span(&self) -> Option<Span> {
        self.title.as_ref().map(|t| Span::new(0, t.len()))
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    pub fn is_in_title(&self, span: Span) -> bool {
        span.end <= self.body_start && self.body_start > 0
    }

    /// The publication day (`YYYY-MM-DD`), whatever time or zone followed it.
    pub fn published_date(&self) -> Option<jiff::civil::Date> {
        let published = self.published.as_deref()?.trim();
        let day = published.get(..10)?;
        day.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_part_of_the_text_and_the_body_follows_it() {
        let article = Article::from_parts("a", "a.md", Some("Quake kills 86".into()), "Body here.");
        assert_eq!(article.text, "Quake kills 86\n\nBody here.");
        assert_eq!(article.body(), "Body here.");
        assert!(article.is_in_title(Span::new(12, 14)));
        assert!(!article.is_in_title(Span::new(16, 20)));
    }

    #[test]
    fn published_date_ignores_the_time_of_day() {
        let mut article = Article::from_parts("a", "a.md", None, "x");
        article.published = Some("2024-11-09T14:30:00Z".into());
        assert_eq!(article.published_date().unwrap().to_string(), "2024-11-09");
        article.published = Some("soon".into());
        assert_eq!(article.published_date(), None);
    }
}
