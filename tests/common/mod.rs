//! Helpers shared by integration tests.

use std::path::PathBuf;
use std::process::Command;

/// The debug build of one of the crate's examples, built first: `cargo test
/// --test NAME` alone does not build examples, and a stale one would answer
/// for older code.
pub fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let debug = exe.parent().unwrap().parent().unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--example", name])
        .status()
        .unwrap();
    assert!(status.success(), "building the {name} example failed");
    debug.join("examples").join(name)
}
