//! A deterministic news corpus for `crosscheck check`: N articles as JSONL,
//! grouped into events of 3–8 articles, with injected conflicts, updates,
//! near-duplicate wire copies and framing contrasts, plus an answer key.
//!
//! cargo run --release --example gen_corpus -- --articles 1000 --seed 42 --out corpus.jsonl --key key.jsonl
//!
//! Streaming: one event is built at a time and written out, so memory does not
//! grow with --articles. The same seed always gives the same bytes.
//!
//! Key lines: {"kind": "figure_conflict" | "figure_update", "event", "metric",
//! "articles": [a, b], "values": [x, y]} — every pair of articles that must
//! produce that finding once near-duplicates are folded.

use std::fs::File;
use std::io::{BufWriter, Write};

use serde_json::json;

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SYLLABLES: &[&str] = &[
    "kar", "vo", "len", "dra", "mir", "tos", "bel", "na", "quor", "zi", "pel", "ran", "sul", "dem",
    "ori", "vat", "kel", "mun", "tar", "fes",
];
const FIRST_NAMES: &[&str] = &[
    "Tessa", "Omar", "Ilsa", "Pavel", "Amara", "Jonas", "Leila", "Marco", "Nadia", "Ruben",
    "Sofia", "Tomas", "Yara", "Henrik", "Mei", "Kwame", "Elena", "Farid", "Greta", "Ivo",
];
const OUTLETS: &[&str] = &[
    "Daily Herald",
    "The Observer",
    "City Tribune",
    "Morning Post",
    "National Courier",
    "Evening Standard",
    "Metro Times",
    "Coastal Gazette",
];
const ROLES: &[&str] = &["Mayor", "Governor", "Police chief", "Civil defence chief"];

/// A unique name for `n`: its base-20 digits as syllables.
fn name_for(mut n: u64, min_syllables: usize) -> String {
    let mut parts = Vec::new();
    while n > 0 || parts.len() < min_syllables {
        parts.push(SYLLABLES[(n % 20) as usize]);
        n /= 20;
    }
    let word: String = parts.concat();
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => word,
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Metric {
    Killed,
    Injured,
    Evacuated,
    Arrested,
    Displaced,
    Aid,
}

impl Metric {
    fn id(self) -> &'static str {
        match self {
            Metric::Killed => "killed",
            Metric::Injured => "injured",
            Metric::Evacuated => "evacuated",
            Metric::Arrested => "arrested",
            Metric::Displaced => "displaced",
            Metric::Aid => "aid",
        }
    }
    /// Running totals: a later, higher figure is an update, not a conflict.
    /// Read from the built-in rule pack, so the answer key follows the rules.
    fn cumulative(self) -> bool {
        static CUMULATIVE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        CUMULATIVE
            .get_or_init(|| {
                let pack = crosscheck::rules::RulePack::builtin().expect("built-in rules load");
                pack.metrics
                    .into_iter()
                    .filter(|m| m.cumulative)
                    .map(|m| m.id)
                    .collect()
            })
            .iter()
            .any(|id| id == self.id())
    }
    fn sentence(self, value: u64, kind: &str, official: &str, rng: &mut Rng) -> String {
        let v = thousands(value);
        match self {
            Metric::Killed => match rng.below(3) {
                0 => format!("The {kind} killed {v} people, {official} said."),
                1 => format!("Officials said {v} people were killed in the {kind}."),
                _ => format!("A total of {v} people were killed, according to {official}."),
            },
            Metric::Injured => match rng.below(2) {
                0 => format!("In all, {v} people were injured."),
                _ => format!("Hospitals said {v} people were injured."),
            },
            Metric::Evacuated => {
                format!("About {v} residents were evacuated from nearby districts.")
            }
            Metric::Arrested => format!("Police arrested {v} people overnight."),
            Metric::Displaced => format!("Some {v} people were left homeless."),
            Metric::Aid => format!("The government pledged ${v} million in emergency aid."),
        }
    }
}

struct EventKind {
    noun: &'static str,
    /// What the opening sentence says the event did to the place.
    verb: &'static str,
    metrics: &'static [Metric],
    framing: [&'static str; 2],
}

const KINDS: &[EventKind] = &[
    EventKind {
        noun: "earthquake",
        verb: "struck",
        metrics: &[
            Metric::Killed,
            Metric::Injured,
            Metric::Displaced,
            Metric::Aid,
        ],
        framing: ["a disaster foretold", "a natural catastrophe"],
    },
    EventKind {
        noun: "flood",
        verb: "hit",
        metrics: &[
            Metric::Killed,
            Metric::Evacuated,
            Metric::Displaced,
            Metric::Aid,
        ],
        framing: ["a failure of the authorities", "an act of nature"],
    },
    EventKind {
        noun: "wildfire",
        verb: "swept through",
        metrics: &[Metric::Killed, Metric::Injured, Metric::Evacuated],
        framing: ["a preventable blaze", "an unstoppable blaze"],
    },
    EventKind {
        noun: "protest",
        verb: "took place in",
        metrics: &[Metric::Arrested, Metric::Injured],
        framing: ["rioters", "demonstrators"],
    },
    EventKind {
        noun: "factory fire",
        verb: "tore through",
        metrics: &[Metric::Killed, Metric::Injured, Metric::Aid],
        framing: ["a negligent owner", "a tragic accident"],
    },
];

fn base_value(metric: Metric, rng: &mut Rng) -> u64 {
    match metric {
        Metric::Killed => rng.range(12, 400),
        Metric::Injured => rng.range(30, 900),
        Metric::Evacuated => rng.range(20, 300) * 100,
        Metric::Arrested => rng.range(20, 300),
        Metric::Displaced => rng.range(10, 200) * 100,
        Metric::Aid => rng.range(3, 9) * 10,
    }
}

struct Planned {
    id: String,
    outlet: &'static str,
    day: i64,
    values: Vec<(Metric, u64)>,
    copy_of: Option<usize>,
}

struct Args {
    articles: u64,
    seed: u64,
    out: String,
    key: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        articles: 1000,
        seed: 42,
        out: "corpus.jsonl".into(),
        key: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--articles" => args.articles = value.parse().map_err(|e| format!("{flag}: {e}"))?,
            "--seed" => args.seed = value.parse().map_err(|e| format!("{flag}: {e}"))?,
            "--out" => args.out = value,
            "--key" => args.key = Some(value),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(args)
}

fn main() -> std::io::Result<()> {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!(
                "gen_corpus: {e}\nusage: gen_corpus --articles N --seed S --out FILE [--key FILE]"
            );
            std::process::exit(2);
        }
    };
    let mut out = BufWriter::new(File::create(&args.out)?);
    let mut key = match &args.key {
        Some(path) => Some(BufWriter::new(File::create(path)?)),
        None => None,
    };
    let mut rng = Rng::new(args.seed);
    let epoch = jiff::civil::date(2024, 1, 1);
    let (mut written, mut event_no, mut conflicts) = (0u64, 0u64, 0u64);
    while written < args.articles {
        event_no += 1;
        let remaining = args.articles - written;
        let mut size = rng.range(3, 8).min(remaining);
        if remaining - size < 3 && remaining - size > 0 {
            size = remaining;
        }
        let kind = &KINDS[rng.below(KINDS.len())];
        let place = name_for(event_no * 7 + 400, 3);
        let official = format!(
            "{} {} {}",
            rng.pick(ROLES),
            rng.pick(FIRST_NAMES),
            name_for(event_no * 13 + 8000, 3)
        );
        let day = ((event_no * 37) % 700) as i64;
        let event = format!("ev{event_no:06}");
        let base: Vec<(Metric, u64)> = kind
            .metrics
            .iter()
            .map(|&m| (m, base_value(m, &mut rng)))
            .collect();

        // Plan the articles: who reports what, which is a wire copy, which an update.
        let mut planned: Vec<Planned> = Vec::new();
        for j in 0..size as usize {
            let id = format!("{event}-a{}", j + 1);
            if j > 0 && planned[j - 1].copy_of.is_none() && rng.chance(25) {
                let source = j - 1;
                planned.push(Planned {
                    id: format!("{}w", planned[source].id),
                    outlet: "Wire Service",
                    day: planned[source].day,
                    values: planned[source].values.clone(),
                    copy_of: Some(source),
                });
                continue;
            }
            let mut values: Vec<(Metric, u64)> =
                base.iter().copied().filter(|_| rng.chance(70)).collect();
            if values.is_empty() {
                values.push(base[0]);
            }
            planned.push(Planned {
                id,
                outlet: OUTLETS[rng.below(OUTLETS.len())],
                day,
                values,
                copy_of: None,
            });
        }
        // Originals sort before their copies: ids ending in 'w' follow.
        planned.sort_by(|a, b| a.id.cmp(&b.id));
        let originals: Vec<usize> = (0..planned.len())
            .filter(|&i| planned[i].copy_of.is_none())
            .collect();
        // An update: the last original, a day later, with a higher running total.
        let mut update_of: Option<usize> = None;
        if originals.len() >= 3 && rng.chance(30) {
            let u = *originals.last().expect("three originals");
            if let Some(slot) = planned[u].values.iter_mut().find(|(m, _)| m.cumulative()) {
                slot.1 = slot.1 * 3 / 2 + 5;
                planned[u].day += 1;
                update_of = Some(u);
            }
        }
        // A conflict: one original (not the update) reports a much lower figure.
        let mut conflict: Option<(usize, Metric, u64)> = None;
        if rng.chance(50) {
            let choices: Vec<usize> = originals
                .iter()
                .copied()
                .filter(|&i| Some(i) != update_of)
                .collect();
            let c = choices[rng.below(choices.len())];
            let which = rng.below(planned[c].values.len());
            let (metric, value) = planned[c].values[which];
            let low = (value / 2).max(1);
            planned[c].values[which].1 = low;
            conflict = Some((c, metric, low));
        }
        // Copies repeat their source's final figures.
        for i in 0..planned.len() {
            if let Some(source) = planned[i].copy_of {
                let source = planned
                    .iter()
                    .position(|p| {
                        p.copy_of.is_none()
                            && planned[i].id.starts_with(&p.id)
                            && p.id.len() + 1 == planned[i].id.len()
                    })
                    .unwrap_or(source);
                planned[i].values = planned[source].values.clone();
                planned[i].day = planned[source].day;
            }
        }

        // The answer key, over originals only (copies fold into them).
        if let Some(key) = key.as_mut() {
            if let Some((c, metric, low)) = conflict {
                for &o in &originals {
                    if o == c {
                        continue;
                    }
                    let Some(&(_, v)) = planned[o].values.iter().find(|(m, _)| *m == metric) else {
                        continue;
                    };
                    if metric.cumulative() && planned[o].day != planned[c].day {
                        continue;
                    }
                    conflicts += 1;
                    let (a, b) = if planned[c].id < planned[o].id {
                        (c, o)
                    } else {
                        (o, c)
                    };
                    let value_of = |i: usize| if i == c { low } else { v };
                    writeln!(
                        key,
                        "{}",
                        json!({"kind": "figure_conflict", "event": event, "metric": metric.id(),
                               "articles": [planned[a].id, planned[b].id],
                               "values": [value_of(a), value_of(b)]})
                    )?;
                }
            }
            if let Some(u) = update_of {
                let (metric, high) = *planned[u]
                    .values
                    .iter()
                    .find(|(m, _)| m.cumulative())
                    .expect("update has a running total");
                for &o in &originals {
                    let Some(&(_, v)) = planned[o].values.iter().find(|(m, _)| *m == metric) else {
                        continue;
                    };
                    if o == u || v >= high {
                        continue;
                    }
                    writeln!(
                        key,
                        "{}",
                        json!({"kind": "figure_update", "event": event, "metric": metric.id(),
                               "articles": [planned[o].id, planned[u].id], "values": [v, high]})
                    )?;
                }
            }
        }

        // Write the articles.
        let mut texts: Vec<(String, String)> = Vec::new();
        for p in &planned {
            let (title, body) = match p.copy_of {
                Some(_) => {
                    let source = texts
                        .iter()
                        .rev()
                        .find(|(id, _)| p.id.starts_with(id.as_str()))
                        .map(|(_, t)| t.clone())
                        .unwrap_or_default();
                    let (title, body) = source.split_once('\n').unwrap_or(("", &source));
                    let reporter = rng.pick(FIRST_NAMES);
                    (
                        title.to_string(),
                        format!("{body} Reporting by {reporter}."),
                    )
                }
                None => {
                    let lead_metric = p.values[0];
                    let title = match (kind.noun, lead_metric.0) {
                        (_, Metric::Killed) => format!(
                            "{} {} in {place} kills {}",
                            rng.pick(&["Deadly", "Devastating", "Major"]),
                            kind.noun,
                            lead_metric.1
                        ),
                        _ => format!(
                            "{} {} hits {place}",
                            rng.pick(&["Major", "Huge", "Fresh"]),
                            kind.noun
                        ),
                    };
                    let mut sentences = vec![format!(
                        "A {} {} {place} on {}, {official} told reporters.",
                        kind.noun,
                        kind.verb,
                        rng.pick(&["Sunday", "Monday", "Tuesday", "Friday"])
                    )];
                    for &(metric, value) in &p.values {
                        sentences.push(metric.sentence(value, kind.noun, &official, &mut rng));
                    }
                    let framing = kind.framing[rng.below(2)];
                    sentences.push(match kind.noun {
                        "protest" => format!(
                            "Witnesses in {place} described the crowd as {framing} angered by the new law."
                        ),
                        _ => format!("Residents of {place} called it {framing}."),
                    });
                    sentences.push(format!(
                        "{} {} of {} said the city would need {} to recover.",
                        rng.pick(FIRST_NAMES),
                        name_for(rng.range(20_000, 90_000), 4),
                        rng.pick(OUTLETS),
                        rng.pick(&["months", "years", "a long time"])
                    ));
                    (title, sentences.join(" "))
                }
            };
            texts.push((p.id.clone(), format!("{title}\n{body}")));
            let published = epoch
                .checked_add(jiff::Span::new().days(p.day))
                .expect("dates stay in range");
            writeln!(
                out,
                "{}",
                json!({"id": p.id, "outlet": p.outlet, "published": published.to_string(),
                       "event": event, "title": title, "text": body})
            )?;
            written += 1;
        }
    }
    out.flush()?;
    if let Some(key) = key.as_mut() {
        key.flush()?;
    }
    eprintln!(
        "gen_corpus: {written} articles in {event_no} events; {conflicts} injected conflict pairs"
    );
    Ok(())
}
