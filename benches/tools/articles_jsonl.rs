//! A user's articles as one JSONL file for `benches/vs_quantulum.sh`, read
//! by crosscheck's own ingest, so the benchmark times both tools on exactly
//! the text `crosscheck extract` would read: any input it takes (folders of
//! .md, .txt and .html, .jsonl, .json, .csv) with the same field aliases.
//!
//!   cargo run --release --example articles_jsonl -- LIMIT OUT INPUT...
//!
//! The first LIMIT articles are written to OUT, each with an id of its own,
//! so the copies the benchmark makes of them stay apart. An input that cannot
//! be read is named on one line and the run fails: a benchmark over part of
//! the input would mislead.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use crosscheck::ingest::{read_inputs, IngestOptions};
use serde_json::json;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(limit), Some(out), inputs) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
        args.get(2..).unwrap_or_default(),
    ) else {
        eprintln!("articles_jsonl: usage: articles_jsonl LIMIT OUT INPUT...");
        return ExitCode::from(2);
    };
    if inputs.is_empty() {
        eprintln!("articles_jsonl: usage: articles_jsonl LIMIT OUT INPUT...");
        return ExitCode::from(2);
    }
    let mut writer = match File::create(out) {
        Ok(file) => BufWriter::new(file),
        Err(e) => {
            eprintln!("articles_jsonl: {out}: cannot write: {e}");
            return ExitCode::from(2);
        }
    };
    let mut written = 0;
    let mut failed = false;
    for item in read_inputs(inputs, &IngestOptions::default()) {
        match item {
            Ok(article) if written < limit => {
                let record = json!({
                    "id": format!("input-{written}"),
                    "published": article.published,
                    "title": article.title.unwrap_or_default(),
                    "text": &article.text[article.body_start..],
                });
                if let Err(e) = writeln!(writer, "{record}") {
                    eprintln!("articles_jsonl: {out}: cannot write: {e}");
                    return ExitCode::from(2);
                }
                written += 1;
            }
            Ok(_) => {}
            Err(skipped) => {
                eprintln!("articles_jsonl: {skipped}");
                failed = true;
            }
        }
    }
    if let Err(e) = writer.flush() {
        eprintln!("articles_jsonl: {out}: cannot write: {e}");
        return ExitCode::from(2);
    }
    if written == 0 && !failed {
        eprintln!("articles_jsonl: {}: no articles", inputs.join(", "));
        failed = true;
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
