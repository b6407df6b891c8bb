//! Dataset files: JSONL (one record a line), JSON (an array of records or one
//! record) and CSV (a header row). Each is read one record at a time.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::borrowed::{parse_record, parse_record_bytes, Parsed};
use super::fields::{record_to_article, FieldValue, Fields};
use super::walk::stem_of;
use super::{one, text, IngestOptions, Skipped, Source, StdinFormat};
use crate::article::Article;

/// How many leading bytes are checked for NULs before a dataset is streamed.
const SNIFF: usize = 8192;

fn open(path: &Path, shown: &str) -> Result<BufReader<File>, Skipped> {
    let file = File::open(path).map_err(|e| Skipped::new(shown, format!("cannot read: {e}")))?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let head = reader
        .fill_buf()
        .map_err(|e| Skipped::new(shown, format!("cannot read: {e}")))?;
    if let Some(at) = head.iter().take(SNIFF).position(|&b| b == 0) {
        return Err(Skipped::new(
            shown,
            format!("binary file (NUL byte at byte {at}): not a text dataset; check that this is the file you meant"),
        ));
    }
    Ok(reader)
}

/// Standard input, as one text article or as JSONL.
pub(crate) fn stdin(opts: &IngestOptions) -> Source {
    reader(
        Box::new(BufReader::new(std::io::stdin())),
        "-",
        opts.stdin_format,
        opts,
    )
}

/// Any reader, named `name` in paths and ids (`-` is shown as `stdin` in ids).
pub(crate) fn reader(
    input: Box<dyn BufRead>,
    name: &str,
    format: StdinFormat,
    opts: &IngestOptions,
) -> Source {
    let stem = if name == "-" {
        "stdin".to_string()
    } else {
        stem_of(Path::new(name))
    };
    match format {
        StdinFormat::Jsonl => Box::new(Jsonl::new(input, name.to_string(), stem, opts.clone())),
        StdinFormat::Text => {
            let mut input = input;
            let mut bytes = Vec::new();
            if let Err(e) = input.read_to_end(&mut bytes) {
                return one(Err(Skipped::new(name, format!("cannot read: {e}"))));
            }
            let result = text::decode(bytes)
                .map_err(|reason| Skipped::new(name, reason))
                .and_then(|src| text::article_from_text(&src, &stem, name, true));
            one(result)
        }
    }
}

pub(crate) fn jsonl_file(path: &Path, shown: String, opts: &IngestOptions) -> Source {
    match open(path, &shown) {
        Ok(reader) => Box::new(Jsonl::new(
            Box::new(reader),
            shown,
            stem_of(path),
            opts.clone(),
        )),
        Err(skipped) => one(Err(skipped)),
    }
}

/// Reads JSON Lines from any buffered reader (a `.jsonl` file or stdin).
pub struct Jsonl {
    reader: Box<dyn BufRead>,
    shown: String,
    stem: String,
    opts: IngestOptions,
    line: usize,
    records: usize,
    done: bool,
    buf: Vec<u8>,
}

impl Jsonl {
    pub(crate) fn new(
        reader: Box<dyn BufRead>,
        shown: String,
        stem: String,
        opts: IngestOptions,
    ) -> Self {
        Jsonl {
            reader,
            shown,
            stem,
            opts,
            line: 0,
            records: 0,
            done: false,
            buf: Vec::new(),
        }
    }
}

impl Iterator for Jsonl {
    type Item = Result<Article, Skipped>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    if self.records == 0 {
                        return Some(Err(Skipped::new(&self.shown, "empty file: no records")));
                    }
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(Skipped::new(
                        format!("{}:{}", self.shown, self.line + 1),
                        format!("cannot read: {e}"),
                    )));
                }
            }
            self.line += 1;
            let at = line_location(&self.shown, self.line);
            let line = match std::str::from_utf8(&self.buf) {
                Ok(line) => line,
                Err(e) => {
                    self.records += 1;
                    let byte = e.valid_up_to();
                    return Some(Err(Skipped::new(
                        at,
                        format!(
                            "not UTF-8 (invalid byte at byte {byte} of the line): re-save the file as UTF-8"
                        ),
                    )));
                }
            };
            let line = line.trim_start_matches('\u{feff}').trim();
            if line.is_empty() {
                continue;
            }
            self.records += 1;
            let parsed = match parse_record(line) {
                Ok(parsed) => parsed,
                Err(e) => {
                    return Some(Err(Skipped::new(
                        at,
                        format!(
                            "line is not valid JSON ({}); each line of a .jsonl file must be one JSON object",
                            json_error(&e)
                        ),
                    )))
                }
            };
            let default_id = || line_location(&self.stem, self.line);
            return Some(parsed_to_article(parsed, default_id, at, &self.opts));
        }
    }
}

/// `name:line`, as `format!` writes it, without its machinery: every
/// record of a JSONL file is named this way.
fn line_location(name: &str, line: usize) -> String {
    let mut location = Vec::with_capacity(name.len() + 8);
    location.extend_from_slice(name.as_bytes());
    location.push(b':');
    crate::digits::push_decimal(&mut location, line);
    String::from_utf8(location).expect("a name and ASCII digits")
}

fn json_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    format!("{message} at column {}", e.column())
}

fn parsed_to_article(
    parsed: Parsed<'_>,
    default_id: impl FnOnce() -> String,
    at: String,
    opts: &IngestOptions,
) -> Result<Article, Skipped> {
    match parsed {
        Parsed::Record(fields) => record_to_article(&fields, default_id, at.clone(), opts)
            .map_err(|reason| Skipped::new(at, reason)),
        Parsed::NotAnObject(kind) => Err(Skipped::new(
            at,
            format!(
                "record is not a JSON object (found {kind}); write each record as {{\"text\": ...}}"
            ),
        )),
    }
}

pub(crate) fn json_file(path: &Path, shown: String, opts: &IngestOptions) -> Source {
    match open(path, &shown) {
        Ok(reader) => Box::new(JsonArray {
            bytes: Bytes { reader },
            shown,
            stem: stem_of(path),
            opts: opts.clone(),
            state: JsonState::Start,
            record: 0,
        }),
        Err(skipped) => one(Err(skipped)),
    }
}

/// Byte-at-a-time reading with one byte of look-ahead, over a buffered reader.
struct Bytes {
    reader: BufReader<File>,
}

impl Bytes {
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        Ok(self.reader.fill_buf()?.first().copied())
    }

    fn bump(&mut self) {
        self.reader.consume(1);
    }

    fn skip_whitespace(&mut self) -> std::io::Result<Option<u8>> {
        while let Some(b) = self.peek()? {
            if b.is_ascii_whitespace() {
                self.bump();
            } else {
                return Ok(Some(b));
            }
        }
        Ok(None)
    }
}

#[derive(PartialEq)]
enum JsonState {
    Start,
    Array,
    Done,
}

/// Streams the elements of a top-level JSON array (or a single object) one at a time.
struct JsonArray {
    bytes: Bytes,
    shown: String,
    stem: String,
    opts: IngestOptions,
    state: JsonState,
    record: usize,
}

impl JsonArray {
    fn fail(&mut self, input: String, reason: String) -> Option<Result<Article, Skipped>> {
        self.state = JsonState::Done;
        Some(Err(Skipped::new(input, reason)))
    }

    /// Reads one JSON value's bytes (object, array or scalar) without parsing it.
    fn read_element(&mut self) -> std::io::Result<Result<Vec<u8>, ()>> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        while let Some(b) = self.bytes.peek()? {
            if in_string {
                out.push(b);
                self.bytes.bump();
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                    if depth == 0 {
                        return Ok(Ok(out));
                    }
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    if depth == 0 {
                        // The end of the enclosing array: a scalar ended here.
                        return Ok(if out.is_empty() { Err(()) } else { Ok(out) });
                    }
                    depth -= 1;
                    if depth == 0 {
                        out.push(b);
                        self.bytes.bump();
                        return Ok(Ok(out));
                    }
                }
                b',' if depth == 0 => return Ok(Ok(out)),
                _ => {}
            }
            out.push(b);
            self.bytes.bump();
        }
        Ok(Err(()))
    }
}

impl Iterator for JsonArray {
    type Item = Result<Article, Skipped>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let first = match self.state {
                JsonState::Done => return None,
                _ => match self.bytes.skip_whitespace() {
                    Ok(b) => b,
                    Err(e) => return self.fail(self.shown.clone(), format!("cannot read: {e}")),
                },
            };
            if self.state == JsonState::Start {
                // A UTF-8 byte-order mark.
                if first == Some(0xEF) {
                    for _ in 0..3 {
                        self.bytes.bump();
                    }
                    continue;
                }
                match first {
                    Some(b'[') => {
                        self.bytes.bump();
                        self.state = JsonState::Array;
                        continue;
                    }
                    Some(b'{') => {
                        // One record: the whole file is that object.
                        self.state = JsonState::Done;
                        let mut bytes = Vec::new();
                        if let Err(e) = self.bytes.reader.read_to_end(&mut bytes) {
                            return Some(Err(Skipped::new(self.shown.clone(), format!("cannot read: {e}"))));
                        }
                        return Some(self.parse(&bytes, 1));
                    }
                    None => return self.fail(self.shown.clone(), "empty file: no records".into()),
                    Some(_) => {
                        return self.fail(
                            self.shown.clone(),
                            "not a JSON array or object: a .json file must hold [records] or one {record}"
                                .into(),
                        )
                    }
                }
            }
            match first {
                None => {
                    let at = format!("{}:record {}", self.shown, self.record + 1);
                    return self.fail(
                        at,
                        "file ends before the JSON array is closed with ']'".into(),
                    );
                }
                Some(b']') => {
                    self.state = JsonState::Done;
                    if self.record == 0 {
                        return Some(Err(Skipped::new(
                            self.shown.clone(),
                            "empty file: no records",
                        )));
                    }
                    return None;
                }
                Some(b',') => {
                    self.bytes.bump();
                    continue;
                }
                Some(_) => {}
            }
            self.record += 1;
            let at = format!("{}:record {}", self.shown, self.record);
            match self.read_element() {
                Err(e) => return self.fail(at, format!("cannot read: {e}")),
                Ok(Err(())) => {
                    return self.fail(
                        at,
                        "file ends inside this record; the JSON array is not closed".into(),
                    )
                }
                Ok(Ok(bytes)) => return Some(self.parse(&bytes, self.record)),
            }
        }
    }
}

impl JsonArray {
    fn parse(&self, bytes: &[u8], record: usize) -> Result<Article, Skipped> {
        let at = format!("{}:record {record}", self.shown);
        let parsed = parse_record_bytes(bytes).map_err(|e| {
            let message = e.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            Skipped::new(
                at.clone(),
                format!("record is not valid JSON ({message}); fix or remove it"),
            )
        })?;
        parsed_to_article(parsed, || format!("{}:{record}", self.stem), at, &self.opts)
    }
}

pub(crate) fn csv_file(path: &Path, shown: String, opts: &IngestOptions) -> Source {
    let reader = match open(path, &shown) {
        Ok(reader) => reader,
        Err(skipped) => return one(Err(skipped)),
    };
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let headers = match csv.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return one(Err(Skipped::new(
                shown,
                format!("cannot read the CSV header: {e}"),
            )))
        }
    };
    let mut names = Vec::with_capacity(headers.len());
    for (i, field) in headers.iter().enumerate() {
        match std::str::from_utf8(field) {
            Ok(name) => names.push(name.trim().trim_start_matches('\u{feff}').to_string()),
            Err(_) => {
                return one(Err(Skipped::new(
                    format!("{shown}:1"),
                    format!(
                        "not UTF-8 in header column {}: re-save the file as UTF-8",
                        i + 1
                    ),
                )))
            }
        }
    }
    if names.iter().all(String::is_empty) {
        return one(Err(Skipped::new(
            shown,
            "empty file: no header row and no records",
        )));
    }
    Box::new(Csv {
        records: csv.into_byte_records(),
        names,
        shown,
        stem: stem_of(path),
        opts: opts.clone(),
        count: 0,
        done: false,
    })
}

struct Csv {
    records: csv::ByteRecordsIntoIter<BufReader<File>>,
    names: Vec<String>,
    shown: String,
    stem: String,
    opts: IngestOptions,
    count: usize,
    done: bool,
}

impl Iterator for Csv {
    type Item = Result<Article, Skipped>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let record = match self.records.next() {
            None => {
                self.done = true;
                if self.count == 0 {
                    return Some(Err(Skipped::new(
                        &self.shown,
                        "empty file: a header row but no records",
                    )));
                }
                return None;
            }
            Some(Err(e)) => {
                self.done = true;
                let at = match e.position() {
                    Some(pos) => format!("{}:{}", self.shown, pos.line()),
                    None => self.shown.clone(),
                };
                return Some(Err(Skipped::new(at, format!("cannot read CSV: {e}"))));
            }
            Some(Ok(record)) => record,
        };
        self.count += 1;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let at = format!("{}:{line}", self.shown);
        if record.len() != self.names.len() {
            return Some(Err(Skipped::new(
                at,
                format!(
                    "row has {} fields but the header has {}; quote fields that contain commas or line breaks",
                    record.len(),
                    self.names.len()
                ),
            )));
        }
        let mut pairs = Vec::with_capacity(self.names.len());
        for (name, field) in self.names.iter().zip(record.iter()) {
            match std::str::from_utf8(field) {
                Ok(value) => {
                    pairs.push((
                        Cow::Borrowed(name.as_str()),
                        FieldValue::Text(Cow::Borrowed(value)),
                    ));
                }
                Err(e) => {
                    return Some(Err(Skipped::new(
                        at,
                        format!(
                            "not UTF-8 in field '{name}' (invalid byte at byte {} of the field): re-save the file as UTF-8",
                            e.valid_up_to()
                        ),
                    )))
                }
            }
        }
        let default_id = || format!("{}:{line}", self.stem);
        Some(
            record_to_article(
                &Fields::from_pairs(pairs),
                default_id,
                at.clone(),
                &self.opts,
            )
            .map_err(|reason| Skipped::new(at, reason)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::line_location;

    #[test]
    fn a_line_location_reads_as_format_writes_it() {
        for line in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX] {
            assert_eq!(
                line_location("news.jsonl", line),
                format!("news.jsonl:{line}")
            );
        }
        assert_eq!(line_location("", 7), ":7");
    }
}
