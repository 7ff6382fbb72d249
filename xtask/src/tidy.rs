//! Architecture and hygiene checks, run as tests (`cargo test -p xtask`).

#[cfg(test)]
mod tests {
    use std::process::Command;

    use crate::sh;

    /// The core knows nothing of the desktop stack: a command in `src-tauri` calls
    /// the core, never the other way round.
    #[test]
    fn core_crates_do_not_depend_on_tauri_or_leptos() {
        let core = [
            "paceline-types",
            "paceline-model",
            "paceline-fit",
            "paceline-load",
            "paceline-import",
            "paceline-store",
            "paceline-charts",
            "paceline-demo",
            "paceline-app",
            "paceline-cli",
        ];
        for krate in core {
            let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .current_dir(sh::root())
                .args([
                    "tree",
                    "--offline",
                    "-e",
                    "normal,build",
                    "--prefix",
                    "none",
                    "--format",
                    "{p}",
                    "-p",
                    krate,
                ])
                .output()
                .expect("cargo tree runs");
            assert!(
                out.status.success(),
                "{krate}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let tree = String::from_utf8_lossy(&out.stdout);
            for line in tree.lines() {
                let name = line.split_whitespace().next().unwrap_or("");
                assert!(
                    !(name.starts_with("tauri")
                        || name == "wry"
                        || name == "tao"
                        || name.starts_with("leptos")),
                    "{krate} depends on {name}"
                );
            }
        }
    }

    fn tracked(ext: &str) -> Vec<String> {
        let out = Command::new("git")
            .current_dir(sh::root())
            .args(["ls-files", ext])
            .output()
            .expect("git runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(String::from)
            .collect()
    }

    #[test]
    fn source_files_stay_under_800_lines() {
        let long: Vec<String> = tracked("*.rs")
            .into_iter()
            .filter_map(|f| {
                let n = std::fs::read_to_string(sh::root().join(&f))
                    .ok()?
                    .lines()
                    .count();
                (n > 800).then(|| format!("{f}: {n} lines"))
            })
            .collect();
        assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
    }

    /// Secrets stay in one place (ARCHITECTURE.md): only the store's `keys.rs` (the
    /// vault key) and `secrets.rs` (the integrations' secrets) touch the OS keyring.
    #[test]
    fn only_the_key_and_secrets_modules_touch_the_keyring() {
        let allowed = |f: &str| {
            f == "crates/store/src/keys.rs"
                || f == "crates/store/src/secrets.rs"
                || f.starts_with("crates/store/src/secrets/")
        };
        let offenders: Vec<String> = tracked("*.rs")
            .into_iter()
            .filter(|f| !allowed(f) && !f.starts_with("xtask/"))
            .filter(|f| {
                std::fs::read_to_string(sh::root().join(f))
                    .is_ok_and(|t| t.contains("keyring::") || t.contains("use keyring"))
            })
            .collect();
        assert!(
            offenders.is_empty(),
            "only crates/store/src/keys.rs and secrets.rs may use the keyring crate:\n{}",
            offenders.join("\n")
        );
        for toml in tracked("*Cargo.toml") {
            let text = std::fs::read_to_string(sh::root().join(&toml)).unwrap_or_default();
            let depends = text.lines().any(|l| l.trim_start().starts_with("keyring"));
            assert!(
                !depends || toml == "crates/store/Cargo.toml",
                "{toml} depends on keyring; go through paceline-store's secrets"
            );
        }
    }

    /// The repository carries no third-party data: no tracked file matches a corpus
    /// file by name and size.
    #[test]
    fn corpus_files_are_not_copied_into_the_repo() {
        let manifest = sh::root().join("../shared/corpus/MANIFEST.tsv");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            eprintln!("SKIP: no corpus beside the repo");
            return;
        };
        let corpus: std::collections::HashSet<(String, u64)> = text
            .lines()
            .skip(1)
            .filter_map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                let name = c.first()?.rsplit('/').next()?.to_string();
                Some((name, c.get(5)?.parse().ok()?))
            })
            .collect();
        for f in tracked("*") {
            let path = sh::root().join(&f);
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            assert!(
                !corpus.contains(&(name.clone(), size)),
                "{f} is a copy of corpus file {name}"
            );
        }
    }
}
