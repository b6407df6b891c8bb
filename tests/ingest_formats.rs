//! Each input format and each kind of error, on files written to a temp folder.

use std::io::Cursor;
use std::path::Path;

use crosscheck::article::Article;
use crosscheck::ingest::{read_inputs, read_reader, IngestOptions, Skipped, StdinFormat};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn read_with(inputs: &[impl AsRef<str>], opts: &IngestOptions) -> (Vec<Article>, Vec<Skipped>) {
    let inputs: Vec<String> = inputs.iter().map(|s| s.as_ref().to_string()).collect();
    let mut ok = Vec::new();
    let mut skipped = Vec::new();
    for item in read_inputs(&inputs, opts) {
        match item {
            Ok(a) => ok.push(a),
            Err(s) => skipped.push(s),
        }
    }
    (ok, skipped)
}

fn read(inputs: &[impl AsRef<str>]) -> (Vec<Article>, Vec<Skipped>) {
    read_with(inputs, &IngestOptions::default())
}

fn only_skip(inputs: &[impl AsRef<str>]) -> Skipped {
    let (ok, skipped) = read(inputs);
    assert!(ok.is_empty(), "unexpected articles: {ok:?}");
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    skipped.into_iter().next().unwrap()
}

#[test]
fn txt_with_front_matter_and_without() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.txt",
        "---\ntitle: Toll rises\noutlet: BBC\npublished: 2024-11-09T10:00:00Z\nid: 7\nfoo: bar\n---\n\nBody one.\n",
    );
    let b = write(dir.path(), "b.txt", "\r\nJust a body.\r\nSecond line.\r\n");
    let (ok, skipped) = read(&[&a, &b]);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(ok[0].id, "7");
    assert_eq!(ok[0].path, a);
    assert_eq!(ok[0].text, "Toll rises\n\nBody one.");
    assert_eq!(ok[0].body_start, "Toll rises\n\n".len());
    assert_eq!(ok[0].outlet.as_deref(), Some("BBC"));
    assert_eq!(ok[0].published.as_deref(), Some("2024-11-09T10:00:00Z"));
    assert_eq!(ok[1].id, "b");
    assert_eq!(ok[1].title, None);
    assert_eq!(ok[1].text, "Just a body.\nSecond line.");
}

#[test]
fn md_heading_is_title_only_without_front_matter_title() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.md", "# Quake kills 86\n\nBody.\n");
    let b = write(
        dir.path(),
        "b.md",
        "---\ntitle: From front matter\n---\n# Section heading\n\nBody.\n",
    );
    let (ok, _) = read(&[a, b]);
    assert_eq!(ok[0].text, "Quake kills 86\n\nBody.");
    assert_eq!(ok[1].title.as_deref(), Some("From front matter"));
    assert_eq!(ok[1].body(), "# Section heading\n\nBody.");
}

#[test]
fn html_article_main_and_body() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.htm",
        "<html><head><title>Page title</title><link rel=\"canonical\" href=\"https://x.example/a\"></head>\
         <body><header>Top</header><main><h2>Sub</h2><p>Main text&hellip;</p><noscript>JS off</noscript></main></body></html>",
    );
    let (ok, skipped) = read(&[a]);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(ok[0].title.as_deref(), Some("Page title"));
    assert_eq!(ok[0].url.as_deref(), Some("https://x.example/a"));
    assert_eq!(ok[0].body(), "Sub\n\nMain text…");
}

#[test]
fn jsonl_records_with_field_map() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "set.jsonl",
        "{\"story\": \"One.\", \"src\": \"AP\", \"id\": 1.5}\n{\"story\": \"Two.\", \"text\": \"ignored\"}\n",
    );
    let mut opts = IngestOptions::default();
    opts.field_map.insert("text".into(), "story".into());
    opts.field_map.insert("outlet".into(), "src".into());
    let (ok, skipped) = read_with(&[&f], &opts);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(ok[0].id, "1.5");
    assert_eq!(ok[0].outlet.as_deref(), Some("AP"));
    assert_eq!(ok[0].path, format!("{f}:1"));
    assert_eq!(ok[1].id, "set:2");
    assert_eq!(ok[1].text, "Two.");
}

#[test]
fn json_array_single_object_and_bad_elements() {
    let dir = tempfile::tempdir().unwrap();
    let arr = write(
        dir.path(),
        "arr.json",
        "[\n {\"id\": \"x\", \"text\": \"Braces { ] in \\\"strings\\\" are fine.\", \"tags\": [1, {\"a\": 2}]},\n \
         42,\n {\"content\": \"Third.\"}\n]\n",
    );
    let one = write(
        dir.path(),
        "one.json",
        "{\"article\": \"Only one.\", \"publisher\": \"NYT\"}",
    );
    let (ok, skipped) = read(&[&arr, &one]);
    let ids: Vec<&str> = ok.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["x", "arr:3", "one:1"]);
    assert_eq!(ok[0].text, "Braces { ] in \"strings\" are fine.");
    assert_eq!(ok[1].path, format!("{arr}:record 3"));
    assert_eq!(ok[2].outlet.as_deref(), Some("NYT"));
    assert_eq!(
        skipped,
        [Skipped::new(
            format!("{arr}:record 2"),
            "record is not a JSON object (found a number); write each record as {\"text\": ...}"
        )]
    );
}

#[test]
fn json_unclosed_array_and_non_json() {
    let dir = tempfile::tempdir().unwrap();
    let open = write(
        dir.path(),
        "open.json",
        "[{\"text\": \"Fine.\"}, {\"text\": \"cut",
    );
    let (ok, skipped) = read(&[&open]);
    assert_eq!(ok.len(), 1);
    assert_eq!(skipped[0].input, format!("{open}:record 2"));
    assert!(skipped[0].reason.contains("not closed"), "{}", skipped[0]);
    let bad = write(dir.path(), "bad.json", "hello");
    let s = only_skip(&[bad]);
    assert!(s.reason.starts_with("not a JSON array or object"), "{s}");
}

#[test]
fn csv_quoted_multiline_fields_and_wrong_field_count() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "t.csv",
        "Headline,Body,Source\n\"A, B\",\"Line one.\nLine two.\",AP\nonly,two\n,Third body.,\n",
    );
    let (ok, skipped) = read(&[&f]);
    assert_eq!(ok.len(), 2);
    assert_eq!(ok[0].title.as_deref(), Some("A, B"));
    assert_eq!(ok[0].body(), "Line one.\nLine two.");
    assert_eq!(ok[0].outlet.as_deref(), Some("AP"));
    assert_eq!(ok[0].id, "t:2");
    assert_eq!(ok[1].id, "t:5");
    assert_eq!(ok[1].outlet, None);
    assert_eq!(
        skipped,
        [Skipped::new(
            format!("{f}:4"),
            "row has 2 fields but the header has 3; quote fields that contain commas or line breaks"
        )]
    );
}

#[test]
fn csv_without_text_column_names_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "t.csv", "id,story\n1,Hello.\n");
    let s = only_skip(&[&f]);
    assert_eq!(s.input, format!("{f}:2"));
    assert_eq!(
        s.reason,
        "no text field (looked for text, body, content, article); the record has fields: id, story; \
         use --field text=NAME to name the field with the article text"
    );
}

#[test]
fn missing_file() {
    let s = only_skip(&["no/such/file.md".to_string()]);
    assert_eq!(
        s.to_string(),
        "no/such/file.md: no such file or directory: check the path (use - to read standard input)"
    );
}

#[test]
fn not_utf8_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "latin1.txt", b"Caf\xe9 prices rose.");
    let s = only_skip(&[f]);
    assert_eq!(
        s.reason,
        "not UTF-8 (invalid byte 0xE9 at byte 3): re-save the file as UTF-8"
    );
    let j = write(
        dir.path(),
        "l.jsonl",
        b"{\"text\": \"ok\"}\n{\"text\": \"caf\xe9\"}\n",
    );
    let (ok, skipped) = read(&[&j]);
    assert_eq!(ok.len(), 1);
    assert_eq!(skipped[0].input, format!("{j}:2"));
    assert!(
        skipped[0]
            .reason
            .starts_with("not UTF-8 (invalid byte at byte 13 of the line)"),
        "{}",
        skipped[0]
    );
}

#[test]
fn binary_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "x.md", b"ab\0cd");
    assert!(only_skip(&[f])
        .reason
        .starts_with("binary file (NUL byte at byte 2)"));
    let f = write(dir.path(), "x.jsonl", b"\0\0\0");
    assert!(only_skip(&[f])
        .reason
        .starts_with("binary file (NUL byte at byte 0)"));
}

#[test]
fn empty_texts_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", "  \n\n ");
    assert_eq!(
        only_skip(&[a]).reason,
        "empty text: the file has no text; nothing to compare"
    );
    let b = write(dir.path(), "b.md", "---\ntitle: T\n---\n");
    assert_eq!(
        only_skip(&[b]).reason,
        "empty text: no text after the title; nothing to compare"
    );
    let c = write(dir.path(), "c.jsonl", "{\"body\": \"\"}\n");
    assert_eq!(
        only_skip(&[c]).reason,
        "empty text: field 'body' is empty; nothing to compare"
    );
    let d = write(dir.path(), "d.jsonl", "");
    assert_eq!(only_skip(&[d]).reason, "empty file: no records");
}

#[test]
fn broken_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.md",
        "---\noutlet: AP\n  bad: indent\n---\nBody.",
    );
    let s = only_skip(&[a]);
    assert!(s.reason.starts_with("broken front matter: "), "{s}");
    assert!(s.reason.contains("(line 3 of the file)"), "{s}");
}

#[test]
fn jsonl_bad_line_and_duplicate_ids_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.jsonl",
        "{\"id\": \"s1\", \"text\": \"One.\"}\nnot json\n",
    );
    let b = write(dir.path(), "b.txt", "---\nid: s1\n---\nAgain.");
    let (ok, skipped) = read(&[&a, &b]);
    assert_eq!(ok.len(), 1);
    let shown: Vec<String> = skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            format!(
                "{a}:2: line is not valid JSON (expected ident at column 2); each line of a .jsonl file must be one JSON object"
            ),
            format!("{b}: duplicate id 's1' (first seen at {a}:1): give each article a unique id"),
        ]
    );
}

#[test]
fn unknown_extension_explicit_vs_walked() {
    let dir = tempfile::tempdir().unwrap();
    let y = write(dir.path(), "rules.yaml", "a: b");
    let n = write(dir.path(), "README", "text");
    write(dir.path(), "ok.txt", "Fine.");
    let (ok, skipped) = read(&[dir.path().display().to_string()]);
    assert_eq!((ok.len(), skipped.len()), (1, 0));
    let s = only_skip(&[y]);
    assert!(s.reason.starts_with("unknown file type '.yaml'"), "{s}");
    let s = only_skip(&[n]);
    assert!(s.reason.starts_with("file has no extension"), "{s}");
}

#[test]
fn folders_walk_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b/z.txt", "Z.");
    write(dir.path(), "b/a.txt", "A.");
    write(dir.path(), "a.txt", "Top.");
    write(dir.path(), "c/d/e.md", "Deep.");
    write(dir.path(), ".hidden/x.txt", "Hidden.");
    let (ok, skipped) = read(&[dir.path().display().to_string()]);
    assert!(skipped.is_empty(), "{skipped:?}");
    let texts: Vec<&str> = ok.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["Top.", "A.", "Z.", "Deep."]);
    // "b/a.txt" has the same stem as "a.txt": it is told apart by its path, not dropped.
    let ids: Vec<&str> = ok.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids[0], "a");
    assert!(ids[1].ends_with("b/a"), "{}", ids[1]);
    assert_eq!(&ids[2..], ["z", "e"]);
}

#[test]
fn stdin_as_text_and_as_jsonl() {
    let opts = IngestOptions::default();
    let text: Vec<_> = read_reader(
        Cursor::new("# Head\n\nBody."),
        "-",
        StdinFormat::Text,
        &opts,
    )
    .collect();
    let a = text[0].as_ref().unwrap();
    assert_eq!(
        (a.id.as_str(), a.path.as_str(), a.text.as_str()),
        ("stdin", "-", "Head\n\nBody.")
    );
    let lines = "{\"text\": \"One.\"}\n{\"text\": \"Two.\", \"id\": \"t\"}\n{bad\n";
    let items: Vec<_> = read_reader(Cursor::new(lines), "-", StdinFormat::Jsonl, &opts).collect();
    assert_eq!(items[0].as_ref().unwrap().id, "stdin:1");
    assert_eq!(items[0].as_ref().unwrap().path, "-:1");
    assert_eq!(items[1].as_ref().unwrap().id, "t");
    assert_eq!(items[2].as_ref().unwrap_err().input, "-:3");
}

#[test]
fn long_dataset_streams_every_record_in_order() {
    // Records come one at a time; a broken line at the end is reported after
    // all the good records before it.
    let dir = tempfile::tempdir().unwrap();
    let mut big = String::new();
    for i in 0..20_000 {
        big.push_str(&format!("{{\"id\": {i}, \"text\": \"Record {i}.\"}}\n"));
    }
    big.push_str("oops\n");
    let f = write(dir.path(), "big.jsonl", big);
    let mut iter = read_inputs(&[f], &IngestOptions::default());
    assert_eq!(iter.next().unwrap().unwrap().id, "0");
    let rest: Vec<_> = iter.collect();
    assert_eq!(rest.len(), 20_000);
    assert!(rest.last().unwrap().is_err());
}

#[test]
fn field_specs_are_checked() {
    let mut opts = IngestOptions::default();
    opts.map_field("text=story").unwrap();
    opts.map_field(" outlet = src ").unwrap();
    assert_eq!(opts.field_map["text"], "story");
    assert_eq!(opts.field_map["outlet"], "src");
    let err = opts.map_field("body=story").unwrap_err();
    assert_eq!(
        err,
        "--field body=story: unknown field 'body'; use one of id, outlet, published, title, text, url, event"
    );
    assert!(opts
        .map_field("text")
        .unwrap_err()
        .contains("expected CANONICAL=NAME"));
    assert!(opts.map_field("text=").unwrap_err().contains("empty"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sub/a.txt", "A.");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let (ok, skipped) = read(&[dir.path().display().to_string()]);
    assert_eq!(ok.len(), 1);
    assert!(skipped.is_empty(), "{skipped:?}");
}

#[test]
fn byte_order_marks_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "b.csv", "\u{feff}text,id\nHello.,x1\n");
    let j = write(
        dir.path(),
        "b.jsonl",
        "\u{feff}{\"text\": \"Hi.\", \"id\": \"x2\"}\n",
    );
    let t = write(dir.path(), "b.md", "\u{feff}---\nid: x3\n---\nHey.");
    let (ok, skipped) = read(&[c, j, t]);
    assert!(skipped.is_empty(), "{skipped:?}");
    let ids: Vec<&str> = ok.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["x1", "x2", "x3"]);
}
