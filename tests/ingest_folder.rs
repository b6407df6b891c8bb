//! A folder with every format, some broken inputs and files to ignore.

use crosscheck::ingest::{read_inputs, IngestOptions, Skipped};

const DIR: &str = "tests/fixtures/ingest/mixed";

fn read(inputs: &[&str]) -> (Vec<crosscheck::article::Article>, Vec<Skipped>) {
    let inputs: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
    let mut ok = Vec::new();
    let mut skipped = Vec::new();
    for item in read_inputs(&inputs, &IngestOptions::default()) {
        match item {
            Ok(article) => ok.push(article),
            Err(s) => skipped.push(s),
        }
    }
    (ok, skipped)
}

#[test]
fn mixed_folder_yields_good_articles_and_exact_skips() {
    let (articles, skipped) = read(&[DIR]);
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "quake-ap",
            "b_page",
            "101",
            "102",
            "c_records:6",
            "csv-1",
            "csv-2",
            "g_plain"
        ]
    );
    let paths: Vec<&str> = articles.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "tests/fixtures/ingest/mixed/a_quake.md",
            "tests/fixtures/ingest/mixed/b_page.html",
            "tests/fixtures/ingest/mixed/c_records.jsonl:1",
            "tests/fixtures/ingest/mixed/c_records.jsonl:2",
            "tests/fixtures/ingest/mixed/c_records.jsonl:6",
            "tests/fixtures/ingest/mixed/d_table.csv:2",
            "tests/fixtures/ingest/mixed/d_table.csv:3",
            "tests/fixtures/ingest/mixed/sub/g_plain.txt",
        ]
    );

    let found: Vec<(String, String)> = skipped
        .iter()
        .map(|s| (s.input.clone(), s.reason.clone()))
        .collect();
    let expected = [
        (
            "tests/fixtures/ingest/mixed/c_records.jsonl:3",
            "line is not valid JSON (EOF while parsing a string at column 27); \
             each line of a .jsonl file must be one JSON object",
        ),
        (
            "tests/fixtures/ingest/mixed/c_records.jsonl:4",
            "no text field (looked for text, body, content, article); the record has fields: id, outlet, story; \
             use --field text=NAME to name the field with the article text",
        ),
        (
            "tests/fixtures/ingest/mixed/d_table.csv:4",
            "row has 3 fields but the header has 4; quote fields that contain commas or line breaks",
        ),
        (
            "tests/fixtures/ingest/mixed/e_broken.md",
            "broken front matter: did not find expected ',' or ']' (line 4 of the file); \
             fix the YAML between the '---' lines",
        ),
        (
            "tests/fixtures/ingest/mixed/sub/f_dup.txt",
            "duplicate id 'quake-ap' (first seen at tests/fixtures/ingest/mixed/a_quake.md): \
             give each article a unique id",
        ),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn mixed_folder_articles_carry_metadata() {
    let (articles, _) = read(&[DIR]);
    let by_id = |id: &str| articles.iter().find(|a| a.id == id).unwrap();

    let md = by_id("quake-ap");
    assert_eq!(md.title.as_deref(), Some("Quake kills 86"));
    assert_eq!(
        md.text,
        "Quake kills 86\n\nAt least 86 people died, officials said."
    );
    assert_eq!(md.outlet.as_deref(), Some("AP"));
    assert_eq!(md.published.as_deref(), Some("2024-11-09"));
    assert_eq!(md.url.as_deref(), Some("https://ap.example/quake"));
    assert_eq!(md.event.as_deref(), Some("quake-2024"));

    let html = by_id("b_page");
    assert_eq!(html.title.as_deref(), Some("Quake toll rises to 90"));
    assert_eq!(html.outlet.as_deref(), Some("Reuters"));
    assert_eq!(html.url.as_deref(), Some("https://reuters.example/quake"));
    assert_eq!(html.published.as_deref(), Some("2024-11-09T18:00:00Z"));
    assert_eq!(
        html.body(),
        "The death toll rose to 90 on Saturday, the ministry said.\n\nRescuers & volunteers searched 40\u{a0}buildings."
    );

    let rec = by_id("101");
    assert_eq!(rec.outlet.as_deref(), Some("BBC"));
    assert_eq!(rec.published.as_deref(), Some("2024-11-10"));
    assert_eq!(rec.title.as_deref(), Some("Death toll 92"));
    assert_eq!(rec.body(), "The toll reached 92.");

    let row = by_id("csv-1");
    assert_eq!(row.outlet.as_deref(), Some("Le Monde"));
    assert_eq!(row.text, "Toll at 95\n\nThe toll, officials said, was 95.");
    assert_eq!(by_id("csv-2").outlet.as_deref(), Some("El País"));

    let plain = by_id("g_plain");
    assert_eq!(
        (plain.title.as_deref(), plain.text.as_str()),
        (None, "Plain text article. No front matter.")
    );
}

#[test]
fn explicitly_named_unknown_files_and_missing_paths_are_reported() {
    let yaml = format!("{DIR}/notes.yaml");
    let png = format!("{DIR}/logo.png");
    let missing = format!("{DIR}/nope.md");
    let md = format!("{DIR}/a_quake.md");
    let (articles, skipped) = read(&[&yaml, &md, &png, &missing]);
    assert_eq!(articles.len(), 1);
    let shown: Vec<String> = skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            format!("{yaml}: unknown file type '.yaml': ingest reads .txt, .md, .html, .htm, .jsonl, .json and .csv; rename the file or convert it"),
            format!("{png}: unknown file type '.png': ingest reads .txt, .md, .html, .htm, .jsonl, .json and .csv; rename the file or convert it"),
            format!("{missing}: no such file or directory: check the path (use - to read standard input)"),
        ]
    );
}

#[test]
fn the_same_file_twice_is_a_duplicate() {
    let md = format!("{DIR}/a_quake.md");
    let (articles, skipped) = read(&[&md, &md]);
    assert_eq!(articles.len(), 1);
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0].reason.starts_with("duplicate id 'quake-ap'"),
        "{}",
        skipped[0]
    );
}

#[test]
fn walk_order_is_sorted_and_stable() {
    let (first, _) = read(&[DIR]);
    let (second, _) = read(&[DIR]);
    assert_eq!(first, second);
}
