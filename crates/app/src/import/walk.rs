//! Turning dropped paths into a list of files: folders walked recursively, hidden
//! files and OS litter passed over, symbolic-link loops refused (not followed).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use paceline_types::FileOutcome;

/// Deeper than any real folder tree; a guard even where links cannot be resolved.
const MAX_DEPTH: usize = 64;

#[derive(Default)]
pub(crate) struct Walk {
    /// Files with their size on disk, in a stable (sorted) order.
    pub files: Vec<(PathBuf, u64)>,
    /// Folders that could not be walked, each with its reason.
    pub problems: Vec<FileOutcome>,
    seen_dirs: HashSet<PathBuf>,
}

pub(crate) fn walk(paths: &[PathBuf]) -> Walk {
    let mut w = Walk::default();
    for p in paths {
        let mut stack = Vec::new();
        visit(&mut w, p, &mut stack);
    }
    w
}

fn hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn visit(w: &mut Walk, path: &Path, ancestors: &mut Vec<PathBuf>) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            // A dangling link or a vanished file: the worker reports it per file.
            if std::fs::symlink_metadata(path).is_ok() || e.kind() != std::io::ErrorKind::NotFound {
                w.problems.push(FileOutcome::Failed {
                    path: path.display().to_string(),
                    reason: match e.raw_os_error() {
                        Some(40) => {
                            "a symbolic link loop (the link points back at itself); not followed"
                                .into()
                        }
                        _ => format!("cannot read it: {e}"),
                    },
                });
            } else {
                w.files.push((path.to_path_buf(), 0));
            }
            return;
        }
    };
    if !meta.is_dir() {
        w.files.push((path.to_path_buf(), meta.len()));
        return;
    }
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(a) = ancestors.iter().find(|a| **a == canonical) {
        w.problems.push(FileOutcome::Failed {
            path: path.display().to_string(),
            reason: format!(
                "a symbolic link loop: this folder leads back to {}; not followed",
                a.display()
            ),
        });
        return;
    }
    // The same folder reached twice through links is walked once.
    if !w.seen_dirs.insert(canonical.clone()) {
        return;
    }
    if ancestors.len() >= MAX_DEPTH {
        w.problems.push(FileOutcome::Failed {
            path: path.display().to_string(),
            reason: format!("folders nested more than {MAX_DEPTH} deep; not followed"),
        });
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(e) => e,
        Err(e) => {
            w.problems.push(FileOutcome::Failed {
                path: path.display().to_string(),
                reason: format!("cannot read the folder: {e}"),
            });
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    ancestors.push(canonical);
    for c in children.iter().filter(|c| !hidden(c)) {
        visit(w, c, ancestors);
    }
    ancestors.pop();
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_loop_is_refused_and_the_rest_is_walked() {
        let d = tempfile::tempdir().unwrap();
        let sub = d.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("ride.fit"), b"x").unwrap();
        std::fs::write(d.path().join(".DS_Store"), b"x").unwrap();
        std::os::unix::fs::symlink(d.path().join("a"), sub.join("loop")).unwrap();
        std::os::unix::fs::symlink("self", d.path().join("self")).unwrap();
        let w = walk(&[d.path().to_path_buf()]);
        assert_eq!(w.files.len(), 1, "{:?}", w.files);
        assert!(w.files[0].0.ends_with("a/b/ride.fit"));
        let reasons: Vec<String> = w
            .problems
            .iter()
            .map(|p| match p {
                FileOutcome::Failed { reason, .. } => reason.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert!(
            reasons.iter().any(|r| r.contains("leads back to")),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|r| r.contains("points back at itself")),
            "{reasons:?}"
        );
    }
}
