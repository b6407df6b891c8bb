//! Walking folders: recursively, in sorted order, keeping only known extensions.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{Skipped, KNOWN_EXTENSIONS};

/// The extension in lowercase, without the dot.
pub(crate) fn extension_of(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// The file name without its extension, for default ids.
pub(crate) fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".to_string())
}

/// One entry of a walk: a file to read, or a folder that could not be read.
#[derive(Debug)]
pub(crate) enum Found {
    File(PathBuf),
    Problem(Skipped),
}

/// All files under `dir` with a known extension, in sorted path order, and
/// the subfolders that could not be read. Hidden entries (names starting
/// with `.`) are not entered; a folder reached twice through symlinks is
/// walked once.
pub(crate) fn walk(dir: &Path) -> Result<Vec<Found>, Skipped> {
    let mut found = Vec::new();
    let mut visited = HashSet::new();
    collect(dir, &mut found, &mut visited).map_err(|e| {
        Skipped::new(
            dir.display().to_string(),
            format!("cannot read folder: {e}"),
        )
    })?;
    Ok(found)
}

fn collect(
    dir: &Path,
    out: &mut Vec<Found>,
    visited: &mut HashSet<PathBuf>,
) -> std::io::Result<()> {
    if let Ok(real) = dir.canonicalize() {
        if !visited.insert(real) {
            return Ok(());
        }
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            if let Err(e) = collect(&path, out, visited) {
                out.push(Found::Problem(Skipped::new(
                    path.display().to_string(),
                    format!("cannot read folder: {e}; its files were not read"),
                )));
            }
        } else if extension_of(&path).is_some_and(|e| KNOWN_EXTENSIONS.contains(&e.as_str())) {
            out.push(Found::File(path));
        }
    }
    Ok(())
}
