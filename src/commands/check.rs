//! `crosscheck check DATASET ...`: a news dataset, grouped by event, compared
//! within each group. Made for CI: exit 1 on findings at or above `--fail-on`.
//! The work is done in [`crate::check`].

use super::Outcome;
use crate::cli::CheckArgs;

pub fn run(args: &CheckArgs) -> Outcome {
    crate::check::run(args)
}
