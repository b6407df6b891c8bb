//! HTML pages: the article text from `<article>` (or `<main>`, or `<body>`),
//! metadata from `<meta>`, `<title>`, `<h1>`, `<time>` and `<link rel=canonical>`.
//!
//! A small tolerant tokenizer is enough here: no scripting, no tree repair
//! beyond closing the nearest open element of the same name.

use super::Skipped;
use crate::article::Article;

/// Elements whose content is never article text.
const DROPPED: &[&str] = &[
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "template",
    "svg",
    "iframe",
    "button",
    "select",
    "figure-ad",
];

/// Elements that start a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "section",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "br",
    "hr",
    "tr",
    "table",
    "dd",
    "dt",
    "dl",
    "figcaption",
    "figure",
    "article",
    "main",
    "body",
    "address",
];

/// Elements with no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose content is raw text up to their end tag.
const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp"];

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End {
        name: String,
    },
    Text(String),
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Splits an HTML document into tags and (entity-decoded) text.
fn tokenize(src: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &src[i..];
        // Comments, doctype, CDATA, processing instructions.
        let skip_to = if let Some(comment) = rest.strip_prefix("<!--") {
            Some(comment.find("-->").map_or(src.len(), |e| i + 4 + e + 3))
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            Some(rest.find('>').map_or(src.len(), |e| i + e + 1))
        } else {
            None
        };
        if let Some(end) = skip_to {
            push_text(&mut tokens, &src[text_start..i]);
            i = end;
            text_start = i;
            continue;
        }
        let is_end = rest.starts_with("</");
        let name_start = i + if is_end { 2 } else { 1 };
        if !bytes
            .get(name_start)
            .is_some_and(|b| b.is_ascii_alphabetic())
        {
            // A lone '<' in text.
            i += 1;
            continue;
        }
        push_text(&mut tokens, &src[text_start..i]);
        let (token, end) = parse_tag(src, name_start, is_end);
        i = end;
        text_start = i;
        if let Token::Start {
            name,
            self_closing: false,
            ..
        } = &token
        {
            if RAW.contains(&name.as_str()) {
                let content_end = find_end_tag(src, i, name);
                let raw = &src[i..content_end];
                let name = name.clone();
                tokens.push(token);
                if !raw.is_empty() {
                    tokens.push(Token::Text(if name == "title" || name == "textarea" {
                        decode_entities(raw)
                    } else {
                        raw.to_string()
                    }));
                }
                let after = src[content_end..]
                    .find('>')
                    .map_or(src.len(), |e| content_end + e + 1);
                tokens.push(Token::End { name });
                i = after;
                text_start = i;
                continue;
            }
        }
        tokens.push(token);
    }
    push_text(&mut tokens, &src[text_start..]);
    tokens
}

/// Where `</name` starts at or after `from` (any letter case), or the end of `src`.
fn find_end_tag(src: &str, from: usize, name: &str) -> usize {
    let bytes = src.as_bytes();
    let mut at = from;
    while let Some(pos) = src[at..].find("</") {
        let start = at + pos;
        let name_at = start + 2;
        if bytes.len() >= name_at + name.len()
            && bytes[name_at..name_at + name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return start;
        }
        at = name_at;
    }
    src.len()
}

fn push_text(tokens: &mut Vec<Token>, raw: &str) {
    if !raw.is_empty() {
        tokens.push(Token::Text(decode_entities(raw)));
    }
}

/// Parses a tag whose name starts at `name_start`; returns it and the index after `>`.
fn parse_tag(src: &str, name_start: usize, is_end: bool) -> (Token, usize) {
    let bytes = src.as_bytes();
    let mut i = name_start;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/'
    {
        i += 1;
    }
    let name = src[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        match bytes[i] {
            b'>' => {
                i += 1;
                break;
            }
            b'/' => {
                self_closing = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        self_closing = false;
        let key_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        if i == key_start {
            // A stray character such as a lone '='.
            i += 1;
            continue;
        }
        let key = src[key_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let start = i + 1;
                let end = src[start..]
                    .find(quote as char)
                    .map_or(src.len(), |e| start + e);
                value = decode_entities(&src[start..end]);
                i = (end + 1).min(src.len());
            } else {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&src[start..i]);
            }
        }
        attrs.push((key, value));
    }
    let token = if is_end {
        Token::End { name }
    } else {
        Token::Start {
            name,
            attrs,
            self_closing,
        }
    };
    (token, i)
}

/// Decodes character references: named ones in common use and all numeric ones.
pub(crate) fn decode_entities(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Entity names are short: look for the ';' in the next few bytes only.
        let semi = rest.as_bytes()[1..]
            .iter()
            .take(33)
            .position(|&b| b == b';')
            .map(|s| s + 1);
        let decoded = semi.and_then(|s| decode_one(&rest[1..s]).map(|c| (c, s + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_one(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return Some(match code {
            0 => '\u{fffd}',
            // Windows-1252 quotes that pages still encode numerically.
            0x91 => '‘',
            0x92 => '’',
            0x93 => '“',
            0x94 => '”',
            0x96 => '–',
            0x97 => '—',
            _ => char::from_u32(code).unwrap_or('\u{fffd}'),
        });
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "minus" => '−',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "percnt" => '%',
        "dollar" => '$',
        "num" => '#',
        "sect" => '§',
        "para" => '¶',
        "thinsp" => '\u{2009}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "shy" => '\u{ad}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        "aacute" => 'á',
        "eacute" => 'é',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "agrave" => 'à',
        "egrave" => 'è',
        "ccedil" => 'ç',
        "ntilde" => 'ñ',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "szlig" => 'ß',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "Eacute" => 'É',
        _ => return None,
    })
}

#[derive(Default, Debug)]
struct Meta {
    og_title: Option<String>,
    title: Option<String>,
    h1: Option<String>,
    site_name: Option<String>,
    published: Option<String>,
    time: Option<String>,
    og_url: Option<String>,
    canonical: Option<String>,
}

fn set_once(slot: &mut Option<String>, value: &str) {
    let value = collapse(value);
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value);
    }
}

/// Collapses runs of ASCII whitespace to one space and trims; keeps no-break spaces.
fn collapse(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Builds an article from an HTML page.
pub(crate) fn article_from_html(src: &str, stem: &str, shown: &str) -> Result<Article, Skipped> {
    let tokens = tokenize(src);
    let meta = read_meta(&tokens);
    let root = ["article", "main", "body"].into_iter().find(|root| {
        tokens
            .iter()
            .any(|t| matches!(t, Token::Start { name, .. } if name == root))
    });
    let paragraphs = collect_paragraphs(&tokens, root);
    // `<title>` often carries the site name ("Headline | Site"): prefer the
    // `<h1>` it starts with.
    let page_title = match (&meta.title, &meta.h1) {
        (Some(t), Some(h1)) if same_headline(t, h1) => Some(h1.clone()),
        (t, _) => t.clone(),
    };
    let title = meta.og_title.clone().or(page_title).or(meta.h1.clone());
    let mut body: Vec<&str> = paragraphs.iter().map(|(_, p)| p.as_str()).collect();
    // The headline repeated as the first heading of the article body.
    if let (Some(title), Some((true, first))) = (&title, paragraphs.first()) {
        if same_headline(title, first) || meta.h1.as_deref() == Some(first.as_str()) {
            body.remove(0);
        }
    }
    let body = body.join("\n\n");
    if body.trim().is_empty() {
        let place = root.map_or("the page".to_string(), |r| format!("<{r}>"));
        return Err(Skipped::new(
            shown,
            format!("empty text: no paragraphs in {place}; nothing to compare"),
        ));
    }
    let mut article = Article::from_parts(stem, shown, title, &body);
    article.outlet = meta.site_name;
    article.published = meta.published.or(meta.time);
    article.url = meta.og_url.or(meta.canonical);
    Ok(article)
}

/// Headlines match if equal, or if the page title is the headline plus " | Site".
fn same_headline(title: &str, heading: &str) -> bool {
    title == heading
        || title.starts_with(heading)
            && title[heading.len()..]
                .trim_start()
                .starts_with(['|', '-', '–', '—'])
}

fn read_meta(tokens: &[Token]) -> Meta {
    let mut meta = Meta::default();
    let mut i = 0;
    while i < tokens.len() {
        if let Token::Start { name, attrs, .. } = &tokens[i] {
            match name.as_str() {
                "meta" => {
                    let key = attr(attrs, "property")
                        .or(attr(attrs, "name"))
                        .or(attr(attrs, "itemprop"));
                    let content = attr(attrs, "content").unwrap_or("");
                    match key.map(str::to_ascii_lowercase).as_deref() {
                        Some("og:title") => set_once(&mut meta.og_title, content),
                        Some("og:site_name") => set_once(&mut meta.site_name, content),
                        Some("og:url") => set_once(&mut meta.og_url, content),
                        Some(
                            "article:published_time" | "datepublished" | "pubdate" | "publishdate",
                        ) => set_once(&mut meta.published, content),
                        _ => {}
                    }
                }
                "link" => {
                    let rel = attr(attrs, "rel").unwrap_or("").to_ascii_lowercase();
                    if rel.split_ascii_whitespace().any(|r| r == "canonical") {
                        set_once(&mut meta.canonical, attr(attrs, "href").unwrap_or(""));
                    }
                }
                "time" => {
                    if let Some(datetime) = attr(attrs, "datetime") {
                        set_once(&mut meta.time, datetime);
                    }
                }
                "title" if meta.title.is_none() => {
                    if let Some(Token::Text(text)) = tokens.get(i + 1) {
                        set_once(&mut meta.title, text);
                    }
                }
                "h1" if meta.h1.is_none() => {
                    let mut text = String::new();
                    let mut j = i + 1;
                    while j < tokens.len() {
                        match &tokens[j] {
                            Token::End { name } if name == "h1" => break,
                            Token::Text(t) => text.push_str(t),
                            Token::Start { name, .. } if BLOCKS.contains(&name.as_str()) => break,
                            _ => {}
                        }
                        j += 1;
                    }
                    set_once(&mut meta.h1, &text);
                }
                _ => {}
            }
        }
        i += 1;
    }
    meta
}

/// The text inside the first `root` element as paragraphs; `true` marks headings.
fn collect_paragraphs(tokens: &[Token], root: Option<&str>) -> Vec<(bool, String)> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut current_heading = false;
    let mut stack: Vec<String> = Vec::new();
    // Depth in `stack` at which the root element sits, once entered.
    let mut root_depth: Option<usize> = None;
    let mut root_done = root.is_none();
    let mut inside = root.is_none();
    let flush = |current: &mut String, heading: bool, paragraphs: &mut Vec<(bool, String)>| {
        let text = collapse(current);
        let text = text.trim_matches(|c: char| c.is_whitespace());
        if !text.is_empty() {
            paragraphs.push((heading, text.to_string()));
        }
        current.clear();
    };
    for token in tokens {
        match token {
            Token::Start {
                name, self_closing, ..
            } => {
                if !inside && !root_done && Some(name.as_str()) == root {
                    inside = true;
                    root_depth = Some(stack.len());
                }
                if BLOCKS.contains(&name.as_str()) {
                    flush(&mut current, current_heading, &mut paragraphs);
                    current_heading = is_heading(name);
                }
                if !VOID.contains(&name.as_str()) && !self_closing {
                    stack.push(name.clone());
                }
            }
            Token::End { name } => {
                if BLOCKS.contains(&name.as_str()) {
                    flush(&mut current, current_heading, &mut paragraphs);
                    current_heading = false;
                }
                if let Some(pos) = stack.iter().rposition(|open| open == name) {
                    stack.truncate(pos);
                    if root_depth.is_some_and(|d| pos <= d) {
                        inside = false;
                        root_done = true;
                        root_depth = None;
                    }
                }
            }
            Token::Text(text) => {
                if inside && !stack.iter().any(|open| DROPPED.contains(&open.as_str())) {
                    current.push_str(text);
                }
            }
        }
    }
    flush(&mut current, current_heading, &mut paragraphs);
    paragraphs
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#8220;q&#x201D; &nbsp;x &bogus; & y"),
            "a & b <c> “q” \u{a0}x &bogus; & y"
        );
    }

    #[test]
    fn tag_attributes_parse_in_any_quoting() {
        let tokens = tokenize(r#"<META property='og:title' content="A &amp; B" data-x=1 hidden/>"#);
        assert_eq!(
            tokens,
            vec![Token::Start {
                name: "meta".into(),
                attrs: vec![
                    ("property".into(), "og:title".into()),
                    ("content".into(), "A & B".into()),
                    ("data-x".into(), "1".into()),
                    ("hidden".into(), "".into())
                ],
                self_closing: true
            }]
        );
    }

    #[test]
    fn page_to_article() {
        let src = r#"<!doctype html><html><head>
            <title>Quake kills 86 | Daily</title>
            <meta property="og:site_name" content="The Daily">
            <meta property="article:published_time" content="2024-11-09T10:00:00Z">
            <link rel="canonical" href="https://daily.example/quake">
            <script>var x = "<p>not text</p>";</script><style>p{}</style>
            </head><body><nav><a href="/">Home</a></nav><header>Site header</header>
            <article><h1>Quake kills 86</h1><p>At least <b>86</b> people   died, officials said.</p>
            <aside>Related: other news</aside><!-- ad --><p>Rescuers &ldquo;kept digging&rdquo;.</p>
            <h2>Aftermath</h2><p>Schools closed.<br>Roads too.</p><form>Subscribe</form></article>
            <footer>© 2024</footer></body></html>"#;
        let a = article_from_html(src, "quake", "quake.html").unwrap();
        assert_eq!(a.title.as_deref(), Some("Quake kills 86"));
        assert_eq!(a.outlet.as_deref(), Some("The Daily"));
        assert_eq!(a.published.as_deref(), Some("2024-11-09T10:00:00Z"));
        assert_eq!(a.url.as_deref(), Some("https://daily.example/quake"));
        assert_eq!(
            a.body(),
            "At least 86 people died, officials said.\n\nRescuers “kept digging”.\n\nAftermath\n\nSchools closed.\n\nRoads too."
        );
    }

    #[test]
    fn falls_back_to_main_then_body_and_time() {
        let src = "<html><body><main><p>One.</p><time datetime=\"2024-01-02\">Jan 2</time></main><p>Out.</p></body></html>";
        let a = article_from_html(src, "m", "m.html").unwrap();
        assert_eq!(a.text, "One.\n\nJan 2");
        assert_eq!(a.published.as_deref(), Some("2024-01-02"));
        let a = article_from_html(
            "<body><h1>Head</h1><p>Text &amp; more</p></body>",
            "b",
            "b.html",
        )
        .unwrap();
        assert_eq!(a.text, "Head\n\nText & more");
        let a = article_from_html("plain words, no tags", "p", "p.html").unwrap();
        assert_eq!(a.text, "plain words, no tags");
    }

    #[test]
    fn page_without_text_is_skipped() {
        let err = article_from_html("<html><body><nav>Menu</nav></body></html>", "e", "e.html")
            .unwrap_err();
        assert!(
            err.reason
                .starts_with("empty text: no paragraphs in <body>"),
            "{}",
            err.reason
        );
    }

    #[test]
    fn raw_text_ends_at_its_end_tag_in_any_case() {
        let a = article_from_html(
            "<body><SCRIPT>if (a</b) x()</Script ><p>Kept.</p></body>",
            "s",
            "s.html",
        )
        .unwrap();
        assert_eq!(a.text, "Kept.");
    }

    proptest::proptest! {
        #[test]
        fn any_markup_never_panics(src in "(<[/!a-zA-Z]{0,3}|[a-z =\"'>&;#é“]|&[a-z#0-9]{0,6};?|<!--|-->|</?(p|script|article|h1|meta) ?|content=|property=\"og:title\"){0,60}") {
            let _ = article_from_html(&src, "x", "x.html");
        }

        #[test]
        fn any_string_never_panics(src in proptest::prelude::any::<String>()) {
            let _ = article_from_html(&src, "x", "x.html");
            let _ = decode_entities(&src);
        }
    }
}
