//! Architecture and hygiene checks, run as tests (`cargo test -p xtask`).

#[cfg(test)]
mod tests {
    use std::process::Command;

    use crate::sh;

    /// The crates under `crates/`: (package name, manifest path relative to the root).
    fn crates() -> Vec<(String, String)> {
        let dir = sh::root().join("crates");
        let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("crates/ is readable")
            .filter_map(|e| {
                let rel = format!(
                    "crates/{}/Cargo.toml",
                    e.ok()?.file_name().to_string_lossy()
                );
                let text = std::fs::read_to_string(sh::root().join(&rel)).ok()?;
                Some((package_name(&text)?, rel))
            })
            .collect();
        out.sort();
        out
    }

    /// `name` of the `[package]` table.
    fn package_name(manifest: &str) -> Option<String> {
        let mut in_package = false;
        for line in manifest.lines().map(str::trim) {
            if line.starts_with('[') {
                in_package = line == "[package]";
            } else if in_package {
                if let Some(v) = line.strip_prefix("name") {
                    let v = v.trim_start().strip_prefix('=')?.trim();
                    return Some(v.trim_matches('"').to_string());
                }
            }
        }
        None
    }

    /// The dependencies a manifest builds with (normal and build, for any target;
    /// not dev): (key, the rest of the line, e.g. `{ path = "../app" }`).
    fn dependencies(manifest: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut section = String::new();
        for line in manifest.lines().map(str::trim) {
            if let Some(h) = line.strip_prefix('[') {
                section = h.trim_end_matches(']').trim().to_string();
                // `[dependencies.web-sys]`: the table is the dependency.
                for table in ["dependencies.", "build-dependencies."] {
                    if let Some(rest) = section.split(table).nth(1) {
                        if !section.contains("dev-dependencies") {
                            out.push((rest.to_string(), String::new()));
                        }
                    }
                }
                continue;
            }
            let normal = ["dependencies", "build-dependencies"]
                .iter()
                .any(|t| section == *t || section.ends_with(&format!(".{t}")));
            if !normal || line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((key, value)) = line.split_once('=') {
                let key = key.trim().split('.').next().unwrap_or("").trim_matches('"');
                out.push((key.to_string(), value.trim().to_string()));
            }
        }
        out
    }

    /// The core knows nothing of the desktop stack: a command in `src-tauri` calls
    /// the core, never the other way round. Every crate under `crates/` (a new one
    /// too) is core.
    #[test]
    fn core_crates_do_not_depend_on_tauri_or_leptos() {
        for (krate, manifest) in crates() {
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
                    &krate,
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
                    "{manifest}: {krate} depends on {name}; core crates know neither Tauri \
                     nor Leptos (only src-tauri and ui do)"
                );
            }
        }
    }

    /// The CLI is a thin binary over the application layer: among our crates it
    /// depends on `paceline-app` and `paceline-types` only (dev-dependencies aside).
    #[test]
    fn the_cli_depends_on_app_and_types_only() {
        let manifest = "crates/cli/Cargo.toml";
        let text = std::fs::read_to_string(sh::root().join(manifest)).expect("the CLI manifest");
        let deps = dependencies(&text);
        assert!(
            deps.iter().any(|(k, _)| k == "paceline-app"),
            "{manifest}: the dependency parser found no paceline-app"
        );
        for (key, value) in deps {
            let ours = key.starts_with("paceline") || value.contains("path");
            let allowed = match key.as_str() {
                "paceline-app" => value.contains("\"../app\""),
                "paceline-types" => value.contains("\"../types\""),
                _ => false,
            };
            assert!(
                !ours || allowed,
                "{manifest}: depends on {key} ({value}); the CLI may use only paceline-app \
                 and paceline-types among our crates: move what it needs into the app"
            );
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

    /// The contents of the string literals of Rust source (comments skipped; raw
    /// strings and escapes handled well enough for the checks below).
    fn string_literals(src: &str) -> Vec<String> {
        let b = src.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i += 2;
                    while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                        i += 1;
                    }
                    i += 2;
                }
                // A char literal ('"', '\\'), not a lifetime.
                b'\'' if b.get(i + 2) == Some(&b'\'') => i += 3,
                b'\'' if b.get(i + 1) == Some(&b'\\') => {
                    // Past the quote, the backslash and the escaped character.
                    i += 3;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                }
                b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                    && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
                {
                    let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
                    let start = i + 1 + hashes + 1;
                    if b.get(start - 1) != Some(&b'"') {
                        i += 1;
                        continue;
                    }
                    let end_pat = format!("\"{}", "#".repeat(hashes));
                    let end = src[start..].find(&end_pat).map_or(b.len(), |e| start + e);
                    out.push(src[start..end].to_string());
                    i = end + end_pat.len();
                }
                b'"' => {
                    let start = i + 1;
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                    out.push(src[start..i.min(b.len())].to_string());
                    i += 1;
                }
                _ => i += 1,
            }
        }
        out
    }

    /// The SQL statement a string holds, if it looks like one ("SELECT … FROM",
    /// "INSERT INTO", …; upper case, as this codebase writes SQL).
    fn sql_in(literal: &str) -> Option<&'static str> {
        let s = literal.split_whitespace().collect::<Vec<_>>().join(" ");
        let has = |w: &str| s.contains(w);
        [
            ("SELECT … FROM", has("SELECT ") && has(" FROM ")),
            ("INSERT INTO", has("INSERT INTO ") || has("INSERT OR ")),
            ("UPDATE … SET", has("UPDATE ") && has(" SET ")),
            ("DELETE FROM", has("DELETE FROM ")),
            (
                "CREATE TABLE/INDEX",
                has("CREATE TABLE") || has("CREATE INDEX"),
            ),
            ("ALTER TABLE", has("ALTER TABLE")),
            ("DROP TABLE", has("DROP TABLE")),
            ("PRAGMA", s.starts_with("PRAGMA ")),
        ]
        .into_iter()
        .find_map(|(what, hit)| hit.then_some(what))
    }

    /// Tracked Rust files outside `except` (path prefixes), without this file
    /// (whose strings name what it looks for).
    fn rust_sources_outside(except: &[&str]) -> Vec<(String, String)> {
        tracked("*.rs")
            .into_iter()
            .filter(|f| f != "xtask/src/tidy.rs" && !except.iter().any(|e| f.starts_with(e)))
            .filter_map(|f| {
                let text = std::fs::read_to_string(sh::root().join(&f)).ok()?;
                Some((f, text))
            })
            .collect()
    }

    #[test]
    fn the_sql_finder_sees_statements_not_tags() {
        let src = "let a = \"SELECT id,\\n FROM activity\"; // \"DELETE FROM x\"\n\
                   let t = tag == \"SELECT\"; let c = '\"'; let r = r#\"INSERT INTO t \"q\"\"#;";
        let found: Vec<_> = string_literals(src)
            .iter()
            .filter_map(|l| sql_in(l))
            .collect();
        assert_eq!(found, ["SELECT … FROM", "INSERT INTO"]);
    }

    /// Only the store speaks SQL: no other crate names `rusqlite`, depends on it,
    /// or holds an SQL statement in a string.
    #[test]
    fn only_the_store_sees_sql() {
        let mut bad = Vec::new();
        for (f, text) in rust_sources_outside(&["crates/store/"]) {
            if text.contains("rusqlite") {
                bad.push(format!("{f}: uses rusqlite"));
            }
            for lit in string_literals(&text) {
                if let Some(what) = sql_in(&lit) {
                    bad.push(format!("{f}: SQL ({what}) in {:?}", lit.trim()));
                }
            }
        }
        for f in tracked("*Cargo.toml") {
            let text = std::fs::read_to_string(sh::root().join(&f)).unwrap_or_default();
            if f != "crates/store/Cargo.toml"
                && dependencies(&text)
                    .iter()
                    .any(|(k, _)| k == "rusqlite" || k == "libsqlite3-sys")
            {
                bad.push(format!("{f}: depends on rusqlite"));
            }
        }
        assert!(
            bad.is_empty(),
            "only crates/store sees SQL; go through a store function instead:\n{}",
            bad.join("\n")
        );
    }

    /// Secrets stay where the vault key lives: only the store's `keys.rs` and its
    /// secrets module touch the keyring crate.
    #[test]
    fn only_the_secrets_module_and_keys_touch_the_keyring() {
        let allowed = |f: &str| {
            f == "crates/store/src/keys.rs"
                || f == "crates/store/src/secrets.rs"
                || f.starts_with("crates/store/src/secrets/")
        };
        let mut bad: Vec<String> = rust_sources_outside(&[])
            .into_iter()
            .filter(|(f, text)| !allowed(f) && text.contains("keyring::"))
            .map(|(f, _)| format!("{f}: uses keyring::"))
            .collect();
        for f in tracked("*Cargo.toml") {
            let text = std::fs::read_to_string(sh::root().join(&f)).unwrap_or_default();
            if f != "crates/store/Cargo.toml"
                && dependencies(&text).iter().any(|(k, _)| k == "keyring")
            {
                bad.push(format!("{f}: depends on keyring"));
            }
        }
        assert!(
            bad.is_empty(),
            "only crates/store/src/keys.rs and the store's secrets module touch the OS \
             keyring; store and read secrets through them:\n{}",
            bad.join("\n")
        );
    }

    /// The UI calls the shell only by the names of the command table
    /// (`crates/types/src/wire/commands.rs`): every `cmd::NAME` in `ui/src/api`
    /// is defined there, and no call passes a bare string.
    #[test]
    fn the_ui_calls_only_commands_of_the_table() {
        let table = "crates/types/src/wire/commands.rs";
        let text = std::fs::read_to_string(sh::root().join(table)).expect("the command table");
        let body = text
            .split("commands! {")
            .nth(1)
            .unwrap_or_else(|| panic!("{table}: no `commands! {{` table found"));
        // Each entry starts with its constant: `NAME "name" NameArgs { … }`.
        let defined: std::collections::HashSet<&str> = body
            .lines()
            .filter_map(|l| {
                let mut w = l.split_whitespace();
                let konst = w.next()?;
                let is_const = konst
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
                (is_const && w.next()?.starts_with('"')).then_some(konst)
            })
            .collect();
        assert!(
            defined.contains("APP_INFO"),
            "{table}: the table parser found no APP_INFO"
        );
        let mut bad = Vec::new();
        for f in tracked("ui/src/api/*.rs") {
            let src = std::fs::read_to_string(sh::root().join(&f)).unwrap_or_default();
            for (i, line) in src.lines().enumerate() {
                for part in line.split("cmd::").skip(1) {
                    let name: String = part
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !defined.contains(name.as_str()) {
                        bad.push(format!("{f}:{}: cmd::{name} is not in {table}", i + 1));
                    }
                }
                if line.contains("call(\"") || line.contains("tauri_invoke(\"") {
                    bad.push(format!("{f}:{}: a command called by a bare string", i + 1));
                }
            }
        }
        assert!(
            bad.is_empty(),
            "the UI calls the shell only through the command table's cmd::* names:\n{}",
            bad.join("\n")
        );
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
