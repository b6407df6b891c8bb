//! `crosscheck extract`: the claims of each article, for inspection and for
//! map-style pipelines whose claims are compared later with `check --claims`.

use std::io::Write;

use super::{prepare, ExitStatus, Outcome};
use rayon::prelude::*;

use crate::article::Article;
use crate::claim::Claim;
use crate::cli::ExtractArgs;
use crate::extract::{extract_group, GroupExtraction, GROUP};
use crate::ingest::read_in_batches;
use crate::lines;
use crate::report::{render_claims_table, render_dates_table, Format};
use crate::rules::CompiledRules;
use crate::temporal::DateClaim;

pub fn run(args: &ExtractArgs) -> Outcome {
    let (rules, options) = match prepare(&args.rules, &args.input) {
        Ok(prepared) => prepared,
        Err(outcome) => return outcome,
    };
    let mut stdout = String::new();
    let mut stderr = Vec::new();
    let mut all: Vec<Claim> = Vec::new();
    let mut all_dates: Vec<DateClaim> = Vec::new();
    let mut status = ExitStatus::Clean;
    // Three stages run at once: the reader parses the next batch, the pool
    // extracts this one, and the writer copies out the one before. JSONL is
    // the dataset format, so it is written as batches finish, never held whole.
    let (skipped, written) = std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Vec<u8>>>(2);
        let writer = scope.spawn(move || -> std::io::Result<()> {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            for batch in receive {
                for lines in batch {
                    out.write_all(&lines)?;
                }
            }
            out.flush()
        });
        let skipped = read_in_batches(&args.inputs, &options, BATCH, |batch| {
            let extracted: Vec<GroupOutput> = batch
                .par_chunks(GROUP)
                .map(|group| claims_and_lines(group, &rules, args))
                .collect();
            let mut blocks = Vec::with_capacity(extracted.len());
            for group in extracted {
                all.extend(group.claims);
                all_dates.extend(group.dates);
                blocks.push(group.lines);
            }
            // A writer that stopped (a closed pipe) ends the reading too.
            send.send(blocks).is_ok()
        });
        drop(send);
        let written = writer.join().expect("the writer thread does not panic");
        (skipped, written)
    });
    for skip in skipped {
        stderr.push(format!("error: {skip}"));
        status = ExitStatus::Error;
    }
    if let Err(e) = written {
        return closed_or_failed(e, stderr, status);
    }
    match args.format {
        Format::Jsonl => {}
        Format::Json => {
            let lines: Vec<serde_json::Value> = all
                .iter()
                .map(lines::figure_value)
                .chain(all_dates.iter().map(lines::date_value))
                .collect();
            stdout = serde_json::to_string_pretty(&lines).expect("claims are plain data") + "\n";
        }
        Format::Table | Format::Markdown => {
            stdout = render_claims_table(&all);
            if !all_dates.is_empty() {
                stdout.push('\n');
                stdout.push_str(&render_dates_table(&all_dates));
            }
        }
    }
    Outcome {
        stdout,
        stderr,
        status,
    }
}

const BATCH: usize = 512;

/// A group's claims and dates, or for JSONL only its lines.
struct GroupOutput {
    claims: Vec<Claim>,
    dates: Vec<DateClaim>,
    /// Every article's lines, one after the other: one buffer a group, so
    /// the writer hands it to the output in one write instead of copying
    /// each article's few lines through its own buffer.
    lines: Vec<u8>,
}

/// A group's claims and dates in input order, or for JSONL their lines.
fn claims_and_lines(group: &[Article], rules: &CompiledRules, args: &ExtractArgs) -> GroupOutput {
    let GroupExtraction { claims, dates, .. } = extract_group(group, rules);
    let mut output = GroupOutput {
        claims: Vec::new(),
        dates: Vec::new(),
        lines: Vec::new(),
    };
    if args.format == Format::Jsonl {
        // About 700 bytes a figure line and 600 a date line: sized once, not grown.
        let figures: usize = claims.iter().map(Vec::len).sum();
        let date_lines: usize = dates.iter().map(Vec::len).sum();
        output.lines = Vec::with_capacity(figures * 768 + date_lines * 640);
    }
    for (mut claims, mut dates) in claims.into_iter().zip(dates) {
        if args.comparable {
            claims.retain(|c| c.topic.is_some());
            dates.retain(|d| d.key.is_some());
        }
        if args.format == Format::Jsonl {
            // Lines are written here, in parallel, and only copied out in order.
            write_jsonl_lines(&mut output.lines, &claims, &dates);
        } else {
            output.claims.extend(claims);
            output.dates.extend(dates);
        }
    }
    output
}

/// One article's claims and dates as JSONL.
fn write_jsonl_lines(lines: &mut Vec<u8>, claims: &[Claim], dates: &[DateClaim]) {
    for claim in claims {
        lines::write_figure(lines, claim);
        lines.push(b'\n');
    }
    for date in dates {
        lines::write_date(lines, date);
        lines.push(b'\n');
    }
}

/// A closed pipe (`crosscheck extract ... | head`) ends the run quietly;
/// any other write error is reported.
fn closed_or_failed(error: std::io::Error, mut stderr: Vec<String>, status: ExitStatus) -> Outcome {
    let status = if error.kind() == std::io::ErrorKind::BrokenPipe {
        status
    } else {
        stderr.push(format!("error: cannot write the claims: {error}"));
        ExitStatus::Error
    };
    Outcome {
        stdout: String::new(),
        stderr,
        status,
    }
}
