//! The whole run for one event: articles in, a report out. Reading and
//! extraction are per article and run in parallel; alignment and comparison
//! see only claims.

use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::align::align;
use crate::article::Article;
use crate::claim::Claim;
use crate::compare::{compare, Comparison};
use crate::extract::extract_article;
use crate::finding::{Finding, Severity};
use crate::framing::{compare_framing, ConceptTable};
use crate::ingest::Skipped;
use crate::rules::CompiledRules;
use crate::temporal::{compare_dates, extract_dates, DateClaim};

pub const REPORT_SCHEMA: &str = "crosscheck.report/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: String,
    pub path: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub event: Option<String>,
    pub claims: usize,
    /// In a dataset check, the article whose near-identical text speaks for this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub articles: usize,
    pub claims: usize,
    /// Claims that have a topic and so can meet claims of other articles.
    pub comparable_claims: usize,
    pub topics_compared: usize,
    pub findings: usize,
    pub skipped: usize,
    pub seconds: f64,
}

/// The JSON report, exactly as `--format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub articles: Vec<ArticleSummary>,
    pub findings: Vec<Finding>,
    pub skipped: Vec<Skipped>,
    pub stats: Stats,
}

impl Report {
    pub fn worst_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Extracts every article's claims, in parallel; the order of the output follows the input.
pub fn extract_all(articles: &[Article], rules: &CompiledRules) -> Vec<Vec<Claim>> {
    articles
        .par_iter()
        .map(|article| extract_article(article, rules))
        .collect()
}

/// Articles and their claims together with the comparison over them, for reporters.
pub struct Run<'a> {
    pub report: Report,
    pub claims: &'a [Claim],
    pub comparison: Comparison<'a>,
    /// How each article names each concept that produced a framing finding.
    pub framing: Vec<ConceptTable>,
}

pub fn run_event<'a>(
    articles: &[Article],
    claims: &'a [Claim],
    skipped: Vec<Skipped>,
    rules: &CompiledRules,
    started: Instant,
) -> Run<'a> {
    let groups = align(claims);
    let comparison = compare(&groups, rules);
    let framing = compare_framing(articles, claims, rules);
    let mut findings = comparison.findings.clone();
    findings.extend(framing.findings);
    let date_claims: Vec<DateClaim> = articles
        .par_iter()
        .flat_map_iter(|article| extract_dates(article, rules))
        .collect();
    findings.extend(compare_dates(&date_claims, &rules.dates));
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.topic.cmp(&b.topic))
            .then(a.id.cmp(&b.id))
    });
    let summaries = articles
        .iter()
        .map(|article| ArticleSummary {
            id: article.id.clone(),
            path: article.path.clone(),
            outlet: article.outlet.clone(),
            title: article.title.clone(),
            published: article.published.clone(),
            event: article.event.clone(),
            claims: claims.iter().filter(|c| *c.article == *article.id).count(),
            duplicate_of: None,
        })
        .collect();
    let stats = Stats {
        articles: articles.len(),
        claims: claims.len(),
        comparable_claims: claims.iter().filter(|c| c.topic.is_some()).count(),
        topics_compared: groups.len(),
        findings: findings.len(),
        skipped: skipped.len(),
        seconds: started.elapsed().as_secs_f64(),
    };
    let report = Report {
        schema: REPORT_SCHEMA.to_string(),
        articles: summaries,
        findings,
        skipped,
        stats,
    };
    Run {
        report,
        claims,
        comparison,
        framing: framing.tables,
    }
}

/// The bundled samples' claims, every article extracted with the built-in rules.
#[cfg(test)]
pub(crate) fn sample_claims() -> Vec<Claim> {
    let rules = crate::rules::builtin_compiled();
    all_claims(&crate::ingest::sample_articles(), &rules)
}

/// The bundled samples compared as one event: findings of every kind.
#[cfg(test)]
pub(crate) fn sample_report() -> Report {
    let rules = crate::rules::builtin_compiled();
    let articles = crate::ingest::sample_articles();
    let claims = all_claims(&articles, &rules);
    run_event(&articles, &claims, Vec::new(), &rules, Instant::now()).report
}

#[cfg(test)]
fn all_claims(articles: &[Article], rules: &CompiledRules) -> Vec<Claim> {
    extract_all(articles, rules).into_iter().flatten().collect()
}
