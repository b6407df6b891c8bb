//! Command-line arguments, parsed once and resolved into what each command needs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::finding::Severity;
use crate::report::Format;

/// Compare news articles about one event: conflicting figures, updated figures
/// and differently framed statements, each with the sentences that show it.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare two or more articles about one event and print the report.
    ///
    /// Example: crosscheck compare samples/quake/*.md --format json
    Compare(CompareArgs),
    /// Check a news dataset (files, folders, JSONL, JSON, CSV): group articles by
    /// event and compare within each group. Made for CI: exits 1 on findings at
    /// or above --fail-on (default: high).
    ///
    /// Example: crosscheck check news.jsonl --fail-on medium --format sarif
    Check(CheckArgs),
    /// Print the claims found in each article, and why each will or will not be compared.
    ///
    /// Example: crosscheck extract article.md --format jsonl
    Extract(ExtractArgs),
    /// Show, validate or test the active rule pack.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
    },
    /// Score findings against hand-labelled gold files.
    ///
    /// Example: crosscheck eval samples/*/gold.yaml --min-f1 0.9
    Eval(EvalArgs),
}

#[derive(Debug, Clone, Args)]
pub struct RuleArgs {
    /// A rule file or folder that adds to or overrides the built-in pack (repeatable).
    #[arg(long = "rules", value_name = "PATH", help_heading = "Rules")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Map a canonical field to a dataset's field name, e.g. `--field text=body` (repeatable).
    #[arg(long = "field", value_name = "NAME=SOURCE", help_heading = "Input")]
    pub fields: Vec<String>,
    /// What `-` on standard input holds.
    #[arg(long, value_enum, default_value = "text", help_heading = "Input")]
    pub stdin_format: StdinFormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StdinFormatArg {
    Text,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Low,
    Medium,
    High,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Low => Some(Severity::Low),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::High => Some(Severity::High),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// Articles (.txt, .md, .html) or `-` for standard input.
    #[arg(required = true, num_args = 1.., value_name = "ARTICLE")]
    pub inputs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table", help_heading = "Output")]
    pub format: Format,
    /// Exit 1 when a finding reaches this severity.
    #[arg(long, value_enum, default_value = "never", help_heading = "Output")]
    pub fail_on: FailOn,
    /// Print nothing but the report: no notes on standard error.
    #[arg(long, short, help_heading = "Output")]
    pub quiet: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Files, folders, JSONL/JSON/CSV datasets, or `-`.
    #[arg(required_unless_present = "claims", num_args = 0.., value_name = "DATASET")]
    pub inputs: Vec<String>,
    /// Compare claims written earlier by `crosscheck extract --format jsonl` instead of reading articles.
    #[arg(long, value_name = "FILE.jsonl", help_heading = "Input")]
    pub claims: Vec<PathBuf>,
    /// The record field that names an article's event.
    #[arg(
        long,
        default_value = "event",
        value_name = "FIELD",
        help_heading = "Grouping"
    )]
    pub group_by: String,
    /// Cluster articles into events by their content even when they carry an event field.
    #[arg(long, help_heading = "Grouping")]
    pub cluster: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table", help_heading = "Output")]
    pub format: CheckFormat,
    /// Exit 1 when a finding reaches this severity.
    #[arg(long, value_enum, default_value = "high", help_heading = "Output")]
    pub fail_on: FailOn,
    /// Findings already reviewed: they are reported but never fail the run.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub baseline: Option<PathBuf>,
    /// Write the fingerprints of this run's findings to FILE, to use as a baseline.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", help_heading = "Performance")]
    pub threads: Option<usize>,
    /// No progress bar and no notes on standard error.
    #[arg(long, short, help_heading = "Output")]
    pub quiet: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Table,
    Json,
    Jsonl,
    Markdown,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::`), shown as annotations.
    Github,
}

#[derive(Debug, Clone, Args)]
pub struct ExtractArgs {
    /// Articles (.txt, .md, .html), datasets (.jsonl, .json, .csv), folders, or `-`.
    #[arg(required = true, num_args = 1.., value_name = "ARTICLE")]
    pub inputs: Vec<String>,
    /// Output format: a table, one claim per line (jsonl), or a JSON array.
    #[arg(long, value_enum, default_value = "table", help_heading = "Output")]
    pub format: Format,
    /// Only claims that will be compared (hide years, dates and figures with no metric).
    #[arg(long, help_heading = "Output")]
    pub comparable: bool,
    #[arg(long, short, help_heading = "Output")]
    pub quiet: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// List the rule files of the active pack and what they define.
    List {
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Validate rule files: unknown keys, bad values, broken references, with file and line.
    Check {
        /// Rule files or folders to check on top of the built-in pack.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Run every example written inside the rule files.
    Test {
        /// Rule files or folders to test on top of the built-in pack.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct EvalArgs {
    /// Gold files (YAML) naming articles and the findings expected of them.
    #[arg(required = true, num_args = 1.., value_name = "GOLD.yaml")]
    pub gold: Vec<PathBuf>,
    /// Output format: table or json.
    #[arg(long, value_enum, default_value = "table", help_heading = "Output")]
    pub format: Format,
    /// Exit 1 when the overall F1 is below this.
    #[arg(long, value_name = "X", help_heading = "Output")]
    pub min_f1: Option<f64>,
    #[command(flatten)]
    pub rules: RuleArgs,
}
