//! crosscheck: reads news articles about one event, extracts and normalizes
//! their figures, lines up the ones about the same thing and reports where
//! the sources disagree.
//!
//! Pipeline: ingest → segment → extract → normalize → align → compare → report.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod article;
pub mod ingest;
pub mod segment;
pub mod span;
