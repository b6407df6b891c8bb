//! Throughput of each pipeline stage, in bytes of article text per second,
//! over a fixed sample of the generated corpus
//! (`benches/fixtures/corpus-400.jsonl`: `gen_corpus --articles 400 --seed 42`).
//!
//! cargo bench --bench stages            # all stages
//! cargo bench --bench stages -- extract # one stage
//!
//! Each stage reports MB/s over the same text: ingest (the JSONL file to
//! articles), segment (sentence spans), normalize (`find_quantities` over every
//! sentence), extract (whole article to claims), extract_grouped (the same
//! claims as the commands make them, each stage over 32 articles before the
//! next), dates (whole article to date claims), write (the `extract --format jsonl` lines of those claims), align
//! and compare (per event, over claims extracted beforehand; the throughput
//! counts the text those claims came from, so the stages add up).

use std::collections::BTreeMap;
use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

use crosscheck::align::align;
use crosscheck::article::Article;
use crosscheck::claim::Claim;
use crosscheck::compare::compare;
use crosscheck::extract::{extract_article, extract_articles_in};
use crosscheck::ingest::{read_inputs, IngestOptions};
use crosscheck::lines::{write_date, write_figure};
use crosscheck::normalize::find_quantities;
use crosscheck::rules::{CompiledRules, RulePack};
use crosscheck::segment::segment;
use crosscheck::temporal::{extract_dates, DateClaim};

// The same allocator as the binary, so the figures are the binary's.
#[global_allocator]
static GLOBAL: crosscheck::allocator::Mimalloc = crosscheck::allocator::Mimalloc;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/benches/fixtures/corpus-400.jsonl"
);

struct Sample {
    rules: CompiledRules,
    articles: Vec<Article>,
    bytes: u64,
    /// Claims of each event, in article order.
    events: Vec<Vec<Claim>>,
}

fn sample() -> Sample {
    let rules = RulePack::builtin()
        .expect("built-in rules load")
        .compile()
        .expect("built-in rules compile");
    let articles: Vec<Article> = read_inputs(&[FIXTURE.to_string()], &IngestOptions::default())
        .map(|a| a.expect("the fixture reads"))
        .collect();
    let bytes = articles.iter().map(|a| a.text.len() as u64).sum();
    let mut events: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
    for article in &articles {
        events
            .entry(article.event.clone().unwrap_or_default())
            .or_default()
            .extend(extract_article(article, &rules));
    }
    Sample {
        rules,
        articles,
        bytes,
        events: events.into_values().collect(),
    }
}

fn stages(c: &mut Criterion) {
    let s = sample();
    let mut group = c.benchmark_group("stage");
    group
        .throughput(Throughput::Bytes(s.bytes))
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));

    group.bench_function("ingest", |b| {
        b.iter(|| read_inputs(&[FIXTURE.to_string()], &IngestOptions::default()).count())
    });
    group.bench_function("segment", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &s.articles {
                n += segment(black_box(&a.text), &s.rules.segment).len();
            }
            n
        })
    });
    let sentences: Vec<&str> = s
        .articles
        .iter()
        .flat_map(|a| {
            segment(&a.text, &s.rules.segment)
                .into_iter()
                .map(|span| span.slice(&a.text))
        })
        .collect();
    group.bench_function("normalize", |b| {
        b.iter(|| {
            let mut n = 0;
            for sentence in &sentences {
                n += find_quantities(black_box(sentence), &s.rules.units).len();
            }
            n
        })
    });
    group.bench_function("extract", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &s.articles {
                n += extract_article(black_box(a), &s.rules).len();
            }
            n
        })
    });
    group.bench_function("extract_grouped", |b| {
        b.iter(|| {
            let mut n = 0;
            for articles in s.articles.chunks(32) {
                let sentences: Vec<_> = articles
                    .iter()
                    .map(|a| segment(black_box(&a.text), &s.rules.segment))
                    .collect();
                n += extract_articles_in(articles, &sentences, &s.rules)
                    .iter()
                    .map(Vec::len)
                    .sum::<usize>();
            }
            n
        })
    });
    group.bench_function("dates", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &s.articles {
                n += extract_dates(black_box(a), &s.rules).len();
            }
            n
        })
    });
    let extracted: Vec<(Vec<Claim>, Vec<DateClaim>)> = s
        .articles
        .iter()
        .map(|a| (extract_article(a, &s.rules), extract_dates(a, &s.rules)))
        .collect();
    group.bench_function("write", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            out.clear();
            for (claims, dates) in &extracted {
                for claim in claims {
                    write_figure(&mut out, black_box(claim));
                    out.push(b'\n');
                }
                for date in dates {
                    write_date(&mut out, black_box(date));
                    out.push(b'\n');
                }
            }
            out.len()
        })
    });
    group.bench_function("align", |b| {
        b.iter(|| {
            let mut n = 0;
            for claims in &s.events {
                n += align(black_box(claims)).len();
            }
            n
        })
    });
    let aligned: Vec<_> = s.events.iter().map(|claims| align(claims)).collect();
    group.bench_function("compare", |b| {
        b.iter(|| {
            let mut n = 0;
            for groups in &aligned {
                n += compare(black_box(groups), &s.rules).findings.len();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
