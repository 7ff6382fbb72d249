//! The locked-down shell: the window's capability grants exactly the commands the UI
//! calls (per command, from the one command table), only to the main window, with a
//! strict CSP; enforced with the real ACL the build script generated.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tauri::test::MockRuntime;

mod common;
use common::*;

/// The repository at run time: a target dir shared between checkouts can hold a
/// test binary built in another one, with another path compiled in.
fn repo() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
        .parent()
        .expect("src-tauri is inside the repository")
        .to_path_buf()
}

fn capability() -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join("src-tauri/capabilities/default.json"))
        .expect("capabilities/default.json");
    serde_json::from_str(&text).expect("capability JSON")
}

/// The only capability file there is (another file would grant more).
#[test]
fn there_is_one_capability_file() {
    let files: Vec<_> = std::fs::read_dir(repo().join("src-tauri/capabilities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["default.json"]);
}

/// `cmd::NAME` constants the UI source refers to, mapped to command names.
fn commands_the_ui_calls() -> BTreeSet<String> {
    let table = std::fs::read_to_string(repo().join("crates/types/src/wire/commands.rs")).unwrap();
    // `    KONST "name" Args { … }` lines of the `commands!` table.
    let konst_to_name: Vec<(String, String)> = table
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let konst = parts.next()?;
            let name = parts.next()?.strip_prefix('"')?.strip_suffix('"')?;
            konst
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_')
                .then(|| (konst.to_string(), name.to_string()))
        })
        .collect();
    assert_eq!(
        konst_to_name.len(),
        paceline_types::commands().len(),
        "could not read the command table's lines"
    );
    let mut ui = String::new();
    let mut dirs = vec![repo().join("ui/src")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                ui.push_str(&std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let used: BTreeSet<&str> = ui
        .split("cmd::")
        .skip(1)
        .map(|rest| {
            let end = rest
                .find(|c: char| !(c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit()))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect();
    konst_to_name
        .into_iter()
        .filter(|(k, _)| used.contains(k.as_str()))
        .map(|(_, n)| n)
        .collect()
}

#[test]
fn the_capability_grants_the_main_window_exactly_what_the_ui_calls() {
    let cap = capability();
    assert_eq!(
        cap["windows"],
        serde_json::json!(["main"]),
        "main window only"
    );
    for key in ["webviews", "remote", "platforms"] {
        assert!(cap.get(key).is_none(), "`{key}` widens the capability");
    }
    let perms: Vec<&str> = cap["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("plain permission names, no scoped ones"))
        .collect();
    let (core, app): (Vec<&str>, Vec<&str>) = perms.iter().partition(|p| p.contains(':'));
    // The UI listens to events (jobs, chat, drag and drop) and nothing else of Tauri's:
    // no window, webview, path, app or plugin APIs (notifications are sent from Rust).
    assert_eq!(
        core,
        ["core:event:allow-listen", "core:event:allow-unlisten"]
    );

    let table: BTreeSet<String> = paceline_types::commands()
        .into_iter()
        .map(|(n, _)| n.to_string())
        .collect();
    let granted: BTreeSet<String> = app
        .iter()
        .map(|p| {
            p.strip_prefix("allow-")
                .unwrap_or_else(|| panic!("{p}: only allow-<command> permissions"))
                .replace('-', "_")
        })
        .collect();
    assert_eq!(granted.len(), app.len(), "a permission is listed twice");
    let unknown: Vec<_> = granted.difference(&table).collect();
    assert!(unknown.is_empty(), "not in the command table: {unknown:?}");
    let wanted = commands_the_ui_calls();
    assert!(
        wanted.len() > 100,
        "the UI's calls were not found ({})",
        wanted.len()
    );
    let missing: Vec<_> = wanted.difference(&granted).collect();
    let extra: Vec<_> = granted.difference(&wanted).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "src-tauri/capabilities/default.json must grant exactly the commands ui/src calls:\n\
         add {missing:?}\nremove {extra:?}"
    );
}

fn real_acl_app(dir: &Path) -> tauri::App<MockRuntime> {
    paceline_desktop::builder::<MockRuntime>(shell(dir))
        .build(tauri::generate_context!("../tauri.conf.json", test = true))
        .expect("app with the real ACL builds")
}

#[test]
fn the_real_acl_lets_the_main_window_in_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let app = real_acl_app(&dir.path().join("vault"));
    let main = window(&app, "main");
    let signin = window(&app, "garmin-signin");
    let body = || serde_json::json!({});

    let athletes = invoke(&main, "list_athletes", body()).expect("granted to main");
    assert!(athletes.as_array().is_some_and(|a| !a.is_empty()));

    let refused = invoke(&signin, "list_athletes", body()).expect_err("sign-in has no grant");
    assert!(
        refused.to_string().contains("not allowed"),
        "unexpected refusal: {refused}"
    );
    let refused = invoke(&signin, "current_athlete", body()).expect_err("sign-in has no grant");
    assert!(refused.to_string().contains("not allowed"), "{refused}");

    // A command of the table that the UI does not call is not granted either.
    let wanted = commands_the_ui_calls();
    if let Some((name, _)) = paceline_types::commands()
        .into_iter()
        .find(|(n, _)| !wanted.contains(*n))
    {
        let refused = invoke(&main, name, body()).expect_err("not granted");
        assert!(
            refused.to_string().contains("not allowed"),
            "{name}: {refused}"
        );
    }
    // Tauri's own APIs outside the grant, e.g. the window's, are refused too.
    let refused = invoke(
        &main,
        "plugin:window|close",
        serde_json::json!({ "label": "main" }),
    )
    .expect_err("no window permission");
    assert!(refused.to_string().contains("not allowed"), "{refused}");
}

/// The CSP's directives, parsed.
fn csp() -> Vec<(String, Vec<String>)> {
    let conf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("tauri.conf.json")).unwrap())
            .unwrap();
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP string in tauri.conf.json");
    csp.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace().map(String::from);
            let name = words.next().unwrap();
            (name, words.collect())
        })
        .collect()
}

#[test]
fn the_csp_is_strict() {
    let csp = csp();
    let get = |name: &str| -> Vec<&str> {
        csp.iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("the CSP has no {name}"))
            .1
            .iter()
            .map(String::as_str)
            .collect()
    };
    let names: BTreeSet<&str> = csp.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), csp.len(), "a directive appears twice");

    assert_eq!(get("default-src"), ["'self'"]);
    // The wasm module needs compiling; no eval, no inline or remote scripts (Tauri
    // adds hashes for the page's own inline module at build time).
    assert_eq!(get("script-src"), ["'self'", "'wasm-unsafe-eval'"]);
    // IPC only; 'self' is where the UI's own wasm file is fetched from.
    assert_eq!(
        get("connect-src"),
        ["'self'", "ipc:", "http://ipc.localhost"]
    );
    assert_eq!(get("object-src"), ["'none'"]);
    assert_eq!(get("base-uri"), ["'self'"]);
    assert_eq!(get("form-action"), ["'none'"]);
    assert_eq!(get("img-src"), ["'self'", "data:"]);
    for (name, sources) in &csp {
        for s in sources {
            assert!(
                !s.contains("unsafe-eval") || s == "'wasm-unsafe-eval'",
                "{name}: {s}"
            );
            assert!(
                !s.starts_with("https:") && !s.starts_with("http:") || s == "http://ipc.localhost",
                "{name} allows a remote origin: {s}"
            );
            assert!(s != "*" && !s.contains("*."), "{name}: wildcard {s}");
            assert!(
                !(name == "script-src" && s == "'unsafe-inline'"),
                "inline scripts"
            );
        }
    }
}
