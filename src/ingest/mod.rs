//! Ingest: turns files, folders, stdin and datasets into [`Article`]s.
//!
//! [`read_inputs`] is a lazy iterator: folders are walked in sorted order,
//! JSONL, JSON arrays and CSV are read one record at a time, and every
//! problem becomes a [`Skipped`] entry while iteration goes on.

mod borrowed;
mod fields;
mod frontmatter;
mod html;
mod records;
mod seen;
mod text;
mod walk;

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::article::Article;

pub use fields::{CANONICAL_FIELDS, FIELD_ALIASES};

/// An input that did not become an article, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// `path`, `path:LINE` or `path:record N`.
    pub input: String,
    /// One line: what is wrong and what to do about it.
    pub reason: String,
}

impl Skipped {
    pub fn new(input: impl Into<String>, reason: impl Into<String>) -> Self {
        Skipped {
            input: input.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.input, self.reason)
    }
}

impl std::error::Error for Skipped {}

/// How to read `-` (standard input).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StdinFormat {
    /// One article as plain text (front matter allowed).
    #[default]
    Text,
    /// One JSON record per line, like a `.jsonl` file.
    Jsonl,
}

#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Canonical field (`text`, `title`, ...) -> field name in the source records.
    pub field_map: BTreeMap<String, String>,
    pub stdin_format: StdinFormat,
}

impl IngestOptions {
    /// Adds a `--field CANONICAL=NAME` mapping, checking the canonical name.
    pub fn map_field(&mut self, spec: &str) -> Result<(), String> {
        let Some((canonical, name)) = spec.split_once('=') else {
            return Err(format!(
                "--field {spec}: expected CANONICAL=NAME, e.g. --field text=body"
            ));
        };
        let (canonical, name) = (canonical.trim(), name.trim());
        if !CANONICAL_FIELDS.contains(&canonical) {
            return Err(format!(
                "--field {spec}: unknown field '{canonical}'; use one of {}",
                CANONICAL_FIELDS.join(", ")
            ));
        }
        if name.is_empty() {
            return Err(format!("--field {spec}: the source field name is empty"));
        }
        self.field_map
            .insert(canonical.to_string(), name.to_string());
        Ok(())
    }
}

/// The file extensions ingest reads (lowercase, without the dot).
pub const KNOWN_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "html", "htm", "jsonl", "ndjson", "json", "csv",
];

/// Reads the inputs on a thread of its own and hands the articles to `work`
/// in batches of `size`, in input order, so that parsing the next batch
/// overlaps with work on this one. `work` returns `false` to stop reading
/// (a closed output pipe). Returns the inputs that could not be read.
pub fn read_in_batches(
    inputs: &[String],
    opts: &IngestOptions,
    size: usize,
    mut work: impl FnMut(Vec<Article>) -> bool,
) -> Vec<Skipped> {
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Article>>(2);
        let reader = scope.spawn(move || {
            let mut skipped = Vec::new();
            let mut batch = Vec::with_capacity(size);
            for item in read_inputs(inputs, opts) {
                match item {
                    Ok(article) => {
                        batch.push(article);
                        if batch.len() == size {
                            let full = std::mem::replace(&mut batch, Vec::with_capacity(size));
                            if send.send(full).is_err() {
                                return skipped;
                            }
                        }
                    }
                    Err(skip) => skipped.push(skip),
                }
            }
            if !batch.is_empty() {
                let _ = send.send(batch);
            }
            skipped
        });
        for batch in &receive {
            if !work(batch) {
                break;
            }
        }
        drop(receive);
        reader.join().expect("the reader thread does not panic")
    })
}

/// Reads every input (file, folder or `-`) lazily, in order.
pub fn read_inputs(
    inputs: &[String],
    opts: &IngestOptions,
) -> impl Iterator<Item = Result<Article, Skipped>> {
    Inputs {
        pending: inputs.iter().cloned().collect(),
        files: VecDeque::new(),
        current: None,
        opts: opts.clone(),
        seen: seen::SeenIds::default(),
    }
}

/// Reads a single file (any known extension); for callers that already have a path.
pub fn read_file(
    path: &Path,
    opts: &IngestOptions,
) -> impl Iterator<Item = Result<Article, Skipped>> {
    read_inputs(&[path.display().to_string()], opts)
}

/// Reads articles from any reader as if it were standard input named `name`
/// (used for `-`; handy for tests and embedding). Ids default to `stdin` for `-`.
pub fn read_reader(
    input: impl std::io::BufRead + 'static,
    name: &str,
    format: StdinFormat,
    opts: &IngestOptions,
) -> impl Iterator<Item = Result<Article, Skipped>> {
    Inputs {
        pending: VecDeque::new(),
        files: VecDeque::new(),
        current: Some(records::reader(Box::new(input), name, format, opts)),
        opts: opts.clone(),
        seen: seen::SeenIds::default(),
    }
}

type Source = Box<dyn Iterator<Item = Result<Article, Skipped>>>;

struct Inputs {
    /// Arguments not yet looked at.
    pending: VecDeque<String>,
    /// Files found by walking the current folder argument (already filtered).
    files: VecDeque<walk::Found>,
    current: Option<Source>,
    opts: IngestOptions,
    /// Each id read and where it was first seen.
    seen: seen::SeenIds,
}

impl Inputs {
    fn next_source(&mut self) -> Option<Source> {
        if let Some(found) = self.files.pop_front() {
            return Some(match found {
                walk::Found::File(file) => open_file(&file, &self.opts),
                walk::Found::Problem(skipped) => one(Err(skipped)),
            });
        }
        let input = self.pending.pop_front()?;
        if input == "-" {
            return Some(records::stdin(&self.opts));
        }
        let path = PathBuf::from(&input);
        match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(one(Err(Skipped::new(
                input,
                "no such file or directory: check the path (use - to read standard input)",
            )))),
            Err(e) => Some(one(Err(Skipped::new(input, format!("cannot read: {e}"))))),
            Ok(meta) if meta.is_dir() => match walk::walk(&path) {
                Ok(files) => {
                    self.files = files.into();
                    Some(Box::new(std::iter::empty()))
                }
                Err(skipped) => Some(one(Err(skipped))),
            },
            Ok(_) => {
                if walk::extension_of(&path).is_some_and(|e| KNOWN_EXTENSIONS.contains(&e.as_str()))
                {
                    Some(open_file(&path, &self.opts))
                } else {
                    let ext = walk::extension_of(&path)
                        .map(|e| format!("unknown file type '.{e}'"))
                        .unwrap_or_else(|| "file has no extension".to_string());
                    Some(one(Err(Skipped::new(
                        input,
                        format!(
                            "{ext}: ingest reads {}; rename the file or convert it",
                            known_list()
                        ),
                    ))))
                }
            }
        }
    }
}

impl Iterator for Inputs {
    type Item = Result<Article, Skipped>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(source) = self.current.as_mut() {
                match source.next() {
                    Some(Ok(mut article)) => {
                        // Two files named alike in different folders ("index.html")
                        // are told apart by their path instead of being dropped.
                        if self.seen.contains(&article.id) {
                            if let Some(by_path) = path_id(&article) {
                                if !self.seen.contains(&by_path) {
                                    article.id = by_path;
                                }
                            }
                        }
                        if let Some(first) = self.seen.first_seen(&article.id) {
                            return Some(Err(Skipped::new(
                                article.path.clone(),
                                format!(
                                    "duplicate id '{}' (first seen at {first}): give each article a unique id",
                                    article.id
                                ),
                            )));
                        }
                        self.seen.insert(&article.id, &article.path);
                        return Some(Ok(article));
                    }
                    Some(Err(skipped)) => return Some(Err(skipped)),
                    None => self.current = None,
                }
            }
            self.current = Some(self.next_source()?);
        }
    }
}

/// The id a single-article file gets when its file stem is taken: its path
/// without the extension. Records and ids set in the file keep theirs.
fn path_id(article: &Article) -> Option<String> {
    let path = Path::new(&article.path);
    let is_file_article = article.path != "-" && path.is_file();
    let id_is_stem = path
        .file_stem()
        .is_some_and(|stem| stem.to_string_lossy() == article.id);
    (is_file_article && id_is_stem).then(|| path.with_extension("").to_string_lossy().into_owned())
}

fn one(item: Result<Article, Skipped>) -> Source {
    Box::new(std::iter::once(item))
}

fn known_list() -> String {
    ".txt, .md, .html, .htm, .jsonl, .json and .csv".to_string()
}

/// Opens a file whose extension is known and returns its articles.
fn open_file(path: &Path, opts: &IngestOptions) -> Source {
    let shown = path.display().to_string();
    let ext = walk::extension_of(path).unwrap_or_default();
    match ext.as_str() {
        "jsonl" | "ndjson" => records::jsonl_file(path, shown, opts),
        "json" => records::json_file(path, shown, opts),
        "csv" => records::csv_file(path, shown, opts),
        _ => {
            let src = match text::read_text_file(path, &shown) {
                Ok(src) => src,
                Err(skipped) => return one(Err(skipped)),
            };
            let stem = walk::stem_of(path);
            let result = match ext.as_str() {
                "html" | "htm" => html::article_from_html(&src, &stem, &shown),
                "md" | "markdown" => text::article_from_text(&src, &stem, &shown, true),
                _ => text::article_from_text(&src, &stem, &shown, false),
            };
            one(result)
        }
    }
}

/// Every article of the bundled samples, for tests that need real-looking text.
#[cfg(test)]
pub(crate) fn sample_articles() -> Vec<Article> {
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let articles: Vec<Article> = read_inputs(&[samples.to_string()], &IngestOptions::default())
        .map(|a| a.expect("every sample reads"))
        .collect();
    assert!(
        articles.len() > 10,
        "the samples hold a dozen articles or more"
    );
    articles
}
