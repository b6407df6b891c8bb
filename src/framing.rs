//! Framing: articles (and their claims) in, framing findings and side-by-side
//! tables out.
//!
//! Every article is scanned once per concept of the rule pack (`rules/framing/`);
//! each hit keeps its concept, label, sentence and whether it is the outlet's
//! own word or a speaker's (inside quotation marks, or right after "called it",
//! "branded"). Hits are indexed by concept, so two articles meet only on the
//! concepts both use: no comparison over all pairs of terms.
//!
//! Four findings come out of the index:
//! - `framing_difference`, topic `framing/<concept>`: the two articles use terms
//!   of one concept with different labels ("cut" / "slash").
//! - `framing_difference`, topic `source/<concept>`: the same source named with
//!   differently loaded labels ("local health authorities" / "Hamas-run health ministry").
//! - `framing_difference`, topic `<agency concept>/<claim topic>`: the same
//!   casualty figure stated with no one causing it ("were killed") in one article
//!   and with the cause named ("strikes killed") in the other.
//! - `hedging_difference`, topic `hedging/<claim topic>`: the same figure (values
//!   overlap) stated with a hedge ("reportedly", "claimed") in one article only.

use std::collections::{BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use crate::article::Article;
use crate::claim::Claim;
use crate::extract::{tokenize, TokenKind};
use crate::finding::{Evidence, Finding, FindingKind, Severity};
use crate::rules::schema::{ConceptRole, Label};
use crate::rules::{CompiledRules, Concept, Lexicon};
use crate::segment::{quoted_spans, segment};
use crate::span::Span;

/// One term of a concept found in an article.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TermHit {
    pub article: String,
    pub concept: usize,
    pub label: Label,
    /// The term's bytes in the article text.
    pub span: Span,
    pub term: String,
    pub sentence: String,
    pub sentence_span: Span,
    /// Inside quotation marks: the speaker's words, not the outlet's.
    pub quoted: bool,
    /// Right after "called it", "branded the strike": a speaker's characterization.
    pub characterized: bool,
}

impl TermHit {
    /// Whether the outlet itself chose the word.
    pub fn is_outlets(&self) -> bool {
        !self.quoted && !self.characterized
    }
}

/// One row of a concept's side-by-side table.
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptRow {
    pub article: String,
    pub outlet: Option<String>,
    pub term: String,
    pub label: Label,
    pub sentence: String,
    /// The term is a speaker's (quoted or attributed), shown but never reported.
    pub speakers_words: bool,
}

/// How each article names one concept, for concepts that produced a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptTable {
    pub concept: String,
    pub description: String,
    pub rows: Vec<ConceptRow>,
}

#[derive(Debug, Clone, Default)]
pub struct FramingOutcome {
    pub findings: Vec<Finding>,
    pub tables: Vec<ConceptTable>,
}

/// Words after a characterizing verb that only pick out its object ("called the walkout").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
];
/// Particles that turn "called" into another verb ("called for", "called off").
const PARTICLES: &[&str] = &[
    "for", "on", "off", "up", "in", "out", "back", "upon", "to", "into",
];

/// Every concept term in an article, in text order within each concept.
pub fn find_terms(article: &Article, rules: &CompiledRules) -> Vec<TermHit> {
    find_terms_in(article, &segment(&article.text, &rules.segment), rules)
}

/// The same over sentence spans segmented earlier.
pub fn find_terms_in(article: &Article, sentences: &[Span], rules: &CompiledRules) -> Vec<TermHit> {
    let quotes = quoted_spans(&article.text);
    let mut hits = Vec::new();
    for &sentence_span in sentences {
        let sentence = sentence_span.slice(&article.text);
        let found = rules.framing_terms().find(sentence, &rules.concepts);
        if found.concepts.iter().all(|terms| terms.is_empty()) {
            continue;
        }
        let verbs = &found.characterizing_verbs;
        // Tokens serve only to judge a term after a characterizing verb;
        // most sentences hold no term, and tokenizing every one took a fifth
        // of this function.
        let tokens = if verbs.is_empty() {
            Vec::new()
        } else {
            tokenize(sentence)
        };
        let characterized = |span: Span| {
            verbs.iter().any(|verb| {
                if verb.span.end > span.start {
                    return false;
                }
                let between: Vec<_> = tokens
                    .iter()
                    .filter(|t| t.span.start >= verb.span.end && t.span.end <= span.start)
                    .collect();
                if between.iter().any(|t| t.kind == TokenKind::Break) {
                    return false;
                }
                let words: Vec<String> = between
                    .iter()
                    .filter(|t| t.kind == TokenKind::Word)
                    .map(|t| t.span.slice(sentence).to_lowercase())
                    .collect();
                if words
                    .first()
                    .is_some_and(|w| PARTICLES.contains(&w.as_str()))
                {
                    return false;
                }
                // "called the walkout a ...": the walkout is the object, not the label.
                let only_object =
                    !words.is_empty() && words.iter().all(|w| DETERMINERS.contains(&w.as_str()));
                words.len() <= rules.characterizing_reach && !only_object
            })
        };
        for (index, terms) in found.concepts.iter().enumerate() {
            for &(label, span) in terms {
                let absolute = span.shifted(sentence_span.start);
                hits.push(TermHit {
                    article: article.id.clone(),
                    concept: index,
                    label,
                    span: absolute,
                    term: span.slice(sentence).to_string(),
                    sentence: sentence.to_string(),
                    sentence_span,
                    quoted: quotes.iter().any(|q| q.overlaps(absolute)),
                    characterized: characterized(span),
                });
            }
        }
    }
    hits
}

/// Terms in a snippet with no article around it, as rule-file examples use.
pub fn find_terms_in_text(text: &str, rules: &CompiledRules) -> Vec<TermHit> {
    let article = Article::from_parts("example", "example", None, text);
    find_terms(&article, rules)
}

/// Where a label sits between sympathetic and pejorative.
fn charge(label: Label) -> i32 {
    match label {
        Label::Sympathetic => -2,
        Label::Euphemism => -1,
        Label::Pejorative => 2,
        Label::Loaded => 1,
        _ => 0,
    }
}

/// How strongly two labels of one concept contrast; `None` when they do not.
pub fn contrast(concept: &Concept, a: Label, b: Label) -> Option<Severity> {
    if concept.marks_contrast(a, b) {
        return Some(Severity::Medium);
    }
    if a == b {
        return None;
    }
    let distance = (charge(a) - charge(b)).abs();
    Some(match distance {
        0 => Severity::Low,
        1 | 2 => Severity::Medium,
        _ => Severity::High,
    })
}

fn content_words(sentence: &str) -> HashSet<String> {
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3)
        .map(|w| w.to_lowercase())
        .collect()
}

/// Share of content words two sentences have in common, to pair the terms
/// that most likely describe the same thing.
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (content_words(a), content_words(b));
    let union = a.union(&b).count();
    if union == 0 {
        0.0
    } else {
        a.intersection(&b).count() as f64 / union as f64
    }
}

struct Side<'a> {
    article: &'a Article,
    order: usize,
}

fn outlet(article: &Article) -> String {
    article.outlet.clone().unwrap_or_else(|| article.id.clone())
}

/// The earlier article first; input order when undated or the same day.
/// Articles `i` and `j`, earlier-published first.
fn ordered_pair(articles: &[Article], i: usize, j: usize) -> (Side<'_>, Side<'_>) {
    ordered(
        Side {
            article: &articles[i],
            order: i,
        },
        Side {
            article: &articles[j],
            order: j,
        },
    )
}

fn ordered<'a>(a: Side<'a>, b: Side<'a>) -> (Side<'a>, Side<'a>) {
    match (a.article.published_date(), b.article.published_date()) {
        (Some(da), Some(db)) if db < da => (b, a),
        _ if b.order < a.order => (b, a),
        _ => (a, b),
    }
}

fn term_evidence(article: &Article, hit: &TermHit) -> Evidence {
    Evidence {
        article: article.id.clone(),
        sentence: hit.sentence.clone(),
        span: hit.span,
        text: hit.term.clone(),
        value: None,
        term: Some(hit.term.clone()),
        attribution: None,
        published: article.published.clone(),
        label: Some(hit.label.as_str().to_string()),
    }
}

fn claim_evidence(claim: &Claim, hit: Option<&TermHit>) -> Evidence {
    let mut evidence = Evidence::from_claim(claim);
    if let Some(hit) = hit {
        evidence.span = hit.span;
        evidence.term = Some(hit.term.clone());
        evidence.label = Some(hit.label.as_str().to_string());
    }
    evidence
}

/// All framing findings of one event, and a table per concept that has one.
pub fn compare_framing(
    articles: &[Article],
    claims: &[Claim],
    rules: &CompiledRules,
) -> FramingOutcome {
    let hits: Vec<Vec<TermHit>> = articles
        .par_iter()
        .map(|article| find_terms(article, rules))
        .collect();
    compare_framing_hits(articles, &hits, claims, rules)
}

/// The same, from terms found earlier: `hits[i]` are article `i`'s terms.
/// Only the articles' metadata is read, so a dataset check can drop the texts.
pub fn compare_framing_hits(
    articles: &[Article],
    hits: &[Vec<TermHit>],
    claims: &[Claim],
    rules: &CompiledRules,
) -> FramingOutcome {
    let mut findings = Vec::new();
    let by_concept = hits_by_concept(articles, hits, rules);
    let found = framing_findings_with(articles, &by_concept, claims, rules, &mut |f| {
        findings.push(f)
    });
    let tables = found
        .into_iter()
        .map(|index| table(&rules.concepts[index], articles, &by_concept[index]))
        .collect();
    FramingOutcome { findings, tables }
}

/// `by_concept[c][i]`: article `i`'s hits of concept `c`.
fn hits_by_concept<'h>(
    articles: &[Article],
    hits: &'h [Vec<TermHit>],
    rules: &CompiledRules,
) -> Vec<Vec<Vec<&'h TermHit>>> {
    let mut by_concept: Vec<Vec<Vec<&TermHit>>> =
        vec![vec![Vec::new(); articles.len()]; rules.concepts.len()];
    for (i, article_hits) in hits.iter().enumerate() {
        for hit in article_hits {
            by_concept[hit.concept][i].push(hit);
        }
    }
    by_concept
}

/// Each framing finding handed to `emit` as it is made, so that a dataset
/// check need not hold a large event's findings at once.
pub fn framing_findings_each(
    articles: &[Article],
    hits: &[Vec<TermHit>],
    claims: &[Claim],
    rules: &CompiledRules,
    emit: &mut dyn FnMut(Finding),
) {
    let by_concept = hits_by_concept(articles, hits, rules);
    framing_findings_with(articles, &by_concept, claims, rules, emit);
}

/// Each framing finding of the hits grouped by concept, handed to `emit`;
/// returns the concepts that gave any, in rule order.
fn framing_findings_with(
    articles: &[Article],
    by_concept: &[Vec<Vec<&TermHit>>],
    claims: &[Claim],
    rules: &CompiledRules,
    emit: &mut dyn FnMut(Finding),
) -> Vec<usize> {
    // claims_of[i]: article i's claims, in their order. Looked up once here:
    // filtering the event's claims for each pair of articles made a large
    // event cubic in its articles.
    let mut by_id: HashMap<&str, Vec<&Claim>> = HashMap::new();
    for claim in claims {
        by_id.entry(&claim.article).or_default().push(claim);
    }
    let claims_of: Vec<&[&Claim]> = articles
        .iter()
        .map(|a| by_id.get(a.id.as_str()).map_or(&[][..], Vec::as_slice))
        .collect();
    let mut found = Vec::new();
    for (index, concept) in rules.concepts.iter().enumerate() {
        let per_article = &by_concept[index];
        // A hedge needs only one side; every other role needs terms on both.
        let needed = if concept.role == ConceptRole::Hedge {
            1
        } else {
            2
        };
        if per_article.iter().filter(|h| !h.is_empty()).count() < needed {
            continue;
        }
        let mut any = false;
        for i in 0..articles.len() {
            for j in i + 1..articles.len() {
                // A pair with too few sides holding the concept's terms
                // cannot yield a finding of it.
                let sides = usize::from(!per_article[i].is_empty())
                    + usize::from(!per_article[j].is_empty());
                if sides < needed {
                    continue;
                }
                let pair = match concept.role {
                    ConceptRole::Framing | ConceptRole::Source => {
                        term_finding(concept, articles, (i, j), per_article)
                    }
                    ConceptRole::Agency => {
                        agency_findings(rules, concept, articles, (i, j), per_article, &claims_of)
                    }
                    ConceptRole::Hedge => {
                        hedge_findings(concept, articles, (i, j), per_article, &claims_of)
                    }
                };
                for finding in pair {
                    any = true;
                    emit(finding);
                }
            }
        }
        if any {
            found.push(index);
        }
    }
    found
}

fn table(concept: &Concept, articles: &[Article], per_article: &[Vec<&TermHit>]) -> ConceptTable {
    let mut rows = Vec::new();
    for (article, hits) in articles.iter().zip(per_article) {
        let mut seen = HashSet::new();
        for hit in hits {
            if seen.insert((hit.term.to_lowercase(), hit.sentence_span)) {
                rows.push(ConceptRow {
                    article: article.id.clone(),
                    outlet: article.outlet.clone(),
                    term: hit.term.clone(),
                    label: hit.label,
                    sentence: hit.sentence.clone(),
                    speakers_words: !hit.is_outlets(),
                });
            }
        }
    }
    ConceptTable {
        concept: concept.id.clone(),
        description: concept.description.clone(),
        rows,
    }
}

fn term_finding(
    concept: &Concept,
    articles: &[Article],
    (i, j): (usize, usize),
    per_article: &[Vec<&TermHit>],
) -> Vec<Finding> {
    let own = |k: usize| -> Vec<&TermHit> {
        per_article[k]
            .iter()
            .copied()
            .filter(|h| h.is_outlets())
            .collect()
    };
    let (left, right) = (own(i), own(j));
    let labels = |hits: &[&TermHit]| hits.iter().map(|h| h.label).collect::<BTreeSet<_>>();
    let (left_labels, right_labels) = (labels(&left), labels(&right));
    let same_labels = left_labels == right_labels;
    let mut best: Option<((Severity, f64), &TermHit, &TermHit)> = None;
    for a in &left {
        for b in &right {
            if a.term.eq_ignore_ascii_case(&b.term) {
                continue;
            }
            let Some(severity) = contrast(concept, a.label, b.label) else {
                continue;
            };
            if same_labels && !concept.marks_contrast(a.label, b.label) {
                continue;
            }
            let distinct = usize::from(!right_labels.contains(&a.label))
                + usize::from(!left_labels.contains(&b.label));
            // Sentences about the same thing share words; a label only one side
            // uses breaks ties.
            let score = (
                severity,
                similarity(&a.sentence, &b.sentence) + 0.05 * distinct as f64,
            );
            if best
                .as_ref()
                .is_none_or(|(s, _, _)| score.partial_cmp(s).is_some_and(|o| o.is_gt()))
            {
                best = Some((score, a, b));
            }
        }
    }
    let Some(((severity, _), a, b)) = best else {
        return Vec::new();
    };
    let (first, second) = ordered_pair(articles, i, j);
    let (first_hit, second_hit) = if first.order == i { (a, b) } else { (b, a) };
    let (topic, summary) = match concept.role {
        ConceptRole::Source => (
            format!("source/{}", concept.id),
            format!(
                "{} credits \u{201c}{}\u{201d} ({}) where {} credits \u{201c}{}\u{201d} ({}): the same source ({}) under differently loaded labels.",
                outlet(first.article),
                first_hit.term,
                first_hit.label.as_str(),
                outlet(second.article),
                second_hit.term,
                second_hit.label.as_str(),
                concept.description.trim_end_matches('.'),
            ),
        ),
        _ => (
            format!("framing/{}", concept.id),
            format!(
                "{} writes \u{201c}{}\u{201d} ({}) where {} writes \u{201c}{}\u{201d} ({}) for the same thing: {}.",
                outlet(first.article),
                first_hit.term,
                first_hit.label.as_str(),
                outlet(second.article),
                second_hit.term,
                second_hit.label.as_str(),
                concept.description.trim_end_matches('.'),
            ),
        ),
    };
    vec![Finding::new(
        FindingKind::FramingDifference,
        severity,
        topic,
        summary,
        [
            term_evidence(first.article, first_hit),
            term_evidence(second.article, second_hit),
        ],
    )]
}

/// The casualty claims, among an article's `claims`, that agency concepts look at.
fn casualty_claims<'a>(concept: &Concept, claims: &[&'a Claim]) -> Vec<&'a Claim> {
    claims
        .iter()
        .copied()
        .filter(|c| c.topic.is_some())
        .filter(|c| {
            c.metric
                .as_ref()
                .is_some_and(|m| concept.metrics.contains(m))
        })
        .collect()
}

/// Whether an agent word is really the source ("police said", "according to
/// the army") or the counted victims ("30 soldiers were killed").
fn not_an_agent(hit: &TermHit, claims: &[&Claim], rules: &CompiledRules) -> bool {
    if claims.iter().any(|c| c.span.overlaps(hit.span)) {
        return true;
    }
    let local = Span::new(
        hit.span.start - hit.sentence_span.start,
        hit.span.end - hit.sentence_span.start,
    );
    let sentence = hit.sentence.as_str();
    let lexicons = rules.sentence_lexicons.find_all(sentence);
    let said_after = lexicons[Lexicon::AttributionVerb as usize]
        .iter()
        .any(|v| v.span.start >= local.end && sentence[local.end..v.span.start].trim().is_empty());
    let according_before = lexicons[Lexicon::AttributionBefore as usize]
        .iter()
        .any(|b| {
            b.span.end <= local.start
                && matches!(
                    sentence[b.span.end..local.start]
                        .trim()
                        .to_lowercase()
                        .as_str(),
                    "" | "the" | "local"
                )
        });
    said_after || according_before
}

/// How a casualty sentence presents the harm: the agent term when one is
/// named, else the agentless phrase.
fn agency_of<'a>(
    hits: &[&'a TermHit],
    claim: &Claim,
    claims: &[&Claim],
    rules: &CompiledRules,
) -> Option<&'a TermHit> {
    let in_sentence: Vec<&TermHit> = hits
        .iter()
        .copied()
        .filter(|h| h.sentence_span == claim.sentence_span && h.is_outlets())
        .collect();
    in_sentence
        .iter()
        .find(|h| h.label == Label::AgentNamed && !not_an_agent(h, claims, rules))
        .or_else(|| in_sentence.iter().find(|h| h.label == Label::Agentless))
        .copied()
}

fn agency_findings(
    rules: &CompiledRules,
    concept: &Concept,
    articles: &[Article],
    (i, j): (usize, usize),
    per_article: &[Vec<&TermHit>],
    claims_of: &[&[&Claim]],
) -> Vec<Finding> {
    let (first, second) = ordered_pair(articles, i, j);
    let (left_all, right_all) = (claims_of[first.order], claims_of[second.order]);
    let left = casualty_claims(concept, left_all);
    let right = casualty_claims(concept, right_all);
    for a in &left {
        let Some(a_hit) = agency_of(&per_article[first.order], a, left_all, rules) else {
            continue;
        };
        // The same toll told two ways: same topic and the same order of size
        // (a day's toll and a war's are different figures).
        for b in right
            .iter()
            .filter(|b| b.topic == a.topic && crate::compare::same_scale(a, b))
        {
            let Some(b_hit) = agency_of(&per_article[second.order], b, right_all, rules) else {
                continue;
            };
            if a_hit.label == b_hit.label {
                continue;
            }
            let (named, unnamed) = if a_hit.label == Label::AgentNamed {
                ((first.article, a_hit), (second.article, b_hit))
            } else {
                ((second.article, b_hit), (first.article, a_hit))
            };
            let topic = a.topic.clone().unwrap_or_default();
            let summary = format!(
                "{} names who or what caused the casualties (\u{201c}{}\u{201d}) where {} gives the figure with no agent (\u{201c}{}\u{201d}).",
                outlet(named.0),
                named.1.term,
                outlet(unnamed.0),
                unnamed.1.term,
            );
            return vec![Finding::new(
                FindingKind::FramingDifference,
                Severity::Medium,
                format!("{}/{topic}", concept.id),
                summary,
                [
                    claim_evidence(a, Some(a_hit)),
                    claim_evidence(b, Some(b_hit)),
                ],
            )];
        }
    }
    Vec::new()
}

/// Whether `middle` lies strictly between `a` and `b`, in either order.
fn between(middle: Span, a: Span, b: Span) -> bool {
    let (left, right) = if a.start <= b.start { (a, b) } else { (b, a) };
    middle.start >= left.end && middle.end <= right.start
}

fn hedge_findings(
    concept: &Concept,
    articles: &[Article],
    (i, j): (usize, usize),
    per_article: &[Vec<&TermHit>],
    claims_of: &[&[&Claim]],
) -> Vec<Finding> {
    let (first, second) = ordered_pair(articles, i, j);
    // A hedge belongs to the figure it sits next to: another figure between
    // them ("100 hostages, a third of whom are thought to be dead") takes it.
    let hedge_of = |order: usize, claim: &Claim| -> Option<&TermHit> {
        per_article[order].iter().copied().find(|h| {
            h.sentence_span == claim.sentence_span
                && h.is_outlets()
                && !claims_of[order].iter().any(|other| {
                    other.sentence_span == claim.sentence_span
                        && other.span != claim.span
                        && other.quantity.kind.is_comparable()
                        && between(other.span, h.span, claim.span)
                })
        })
    };
    let of = |order: usize| -> Vec<&Claim> {
        claims_of[order]
            .iter()
            .copied()
            .filter(|c| c.topic.is_some())
            .collect()
    };
    let (left, right) = (of(first.order), of(second.order));
    let mut findings = Vec::new();
    let mut topics_done = HashSet::new();
    for a in &left {
        for b in right.iter().filter(|b| b.topic == a.topic && a.overlaps(b)) {
            let topic = a.topic.clone().unwrap_or_default();
            if topics_done.contains(&topic) {
                continue;
            }
            let (ha, hb) = (hedge_of(first.order, a), hedge_of(second.order, b));
            let (hedged, plain, hit) = match (ha, hb) {
                (Some(hit), None) => ((first.article, *a), (second.article, *b), hit),
                (None, Some(hit)) => ((second.article, *b), (first.article, *a), hit),
                _ => continue,
            };
            topics_done.insert(topic.clone());
            let summary = format!(
                "{} states \u{201c}{}\u{201d} with a hedge (\u{201c}{}\u{201d}) where {} states \u{201c}{}\u{201d} as fact: {}.",
                outlet(hedged.0),
                hedged.1.text,
                hit.term,
                outlet(plain.0),
                plain.1.text,
                concept.description.trim_end_matches('.'),
            );
            findings.push(Finding::new(
                FindingKind::HedgingDifference,
                Severity::Low,
                format!("hedging/{topic}"),
                summary,
                [claim_evidence(a, ha), claim_evidence(b, hb)],
            ));
        }
    }
    findings
}
