//! Walking folders: recursively, in sorted order, keeping only known extensions.

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

/// All files under `dir` with a known extension, sorted by path. Hidden
/// entries (names starting with `.`) are not entered.
pub(crate) fn walk(dir: &Path) -> Result<Vec<PathBuf>, Skipped> {
    let mut files = Vec::new();
    collect(dir, &mut files)
        .map_err(|e| Skipped::new(dir.display().to_string(), format!("cannot read folder: {e}")))?;
    files.sort();
    Ok(files)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
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
            // An unreadable subfolder is passed over rather than failing the walk.
            let _ = collect(&path, out);
        } else if extension_of(&path).is_some_and(|e| KNOWN_EXTENSIONS.contains(&e.as_str())) {
            out.push(path);
        }
    }
    Ok(())
}
