//! Temporary files of one run (the report's spool, articles waiting to be
//! clustered, the spill's runs): named by kind, process and a counter, and
//! removed when their guard goes, however the run ends.

use std::fs::File;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A temporary file's path; the file goes when this does.
pub struct RemovedOnDrop(pub PathBuf);

impl Drop for RemovedOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A fresh name in the system's temporary directory, `crosscheck-KIND-…`:
/// unique to this process and, by a counter, to this call.
pub fn unique_path(kind: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("crosscheck-{kind}-{}-{n}", std::process::id()))
}

/// A new, empty temporary file for reading and writing, at [`unique_path`].
pub fn create(kind: &str) -> io::Result<(File, RemovedOnDrop)> {
    let path = unique_path(kind);
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)?;
    Ok((file, RemovedOnDrop(path)))
}
