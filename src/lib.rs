//! crosscheck: reads news articles about one event, extracts and normalizes
//! their figures, lines up the ones about the same thing and reports where
//! the sources disagree.
//!
//! Pipeline: ingest → segment → extract → normalize → align → compare → report.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod allocator;
pub mod article;
pub mod check;
pub mod claim;
pub mod cli;
pub mod commands;
pub mod compare;
mod digits;
pub mod eval;
pub mod extract;
pub mod finding;
pub mod framing;
pub mod ingest;
pub mod lexicon;
pub mod lines;
pub mod normalize;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod segment;
pub mod span;
mod swar;
pub mod temporal;
