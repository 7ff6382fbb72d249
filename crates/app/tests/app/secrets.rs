//! Secrets never leave the secrets module except as `SecretString`: not into a DTO
//! the UI sees, an error, Debug output, a log line, or any file in plaintext.

use std::path::Path;

use paceline_app::{App, Config, ExposeSecret, KeyOptions, KeyringBackend, SecretString};
use paceline_types::ErrorCode;

const PLANTED: &str = "sk-PLANTED-VALUE-93f1d0c7";

fn planted() -> SecretString {
    SecretString::from(PLANTED.to_string())
}

/// Every file under `dir` (recursively) holding the planted value.
fn files_with_planted(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if std::fs::read(&p)
                .unwrap()
                .windows(PLANTED.len())
                .any(|w| w == PLANTED.as_bytes())
            {
                found.push(p.display().to_string());
            }
        }
    }
    found
}

/// Plants secrets in `vault` (its own and one of a second athlete) and checks that
/// nothing the UI or a person sees carries them. Returns the athlete-scoped name.
fn plant_and_check_dtos(vault: &App) -> String {
    let me = vault.current().unwrap();
    let other = vault.add_athlete("Other").unwrap().id;
    let mine = me.secret_name("garmin", "tokens");
    vault.put_secret(&mine, &planted()).unwrap();
    vault.put_secret("llm/openai/key", &planted()).unwrap();
    let theirs = vault
        .athlete(other)
        .unwrap()
        .secret_name("garmin", "tokens");
    vault.put_secret(&theirs, &planted()).unwrap();
    assert_eq!(
        vault.secret(&mine).unwrap().unwrap().expose_secret(),
        PLANTED
    );
    assert_eq!(me.secret_names().unwrap(), [mine.as_str()]);
    assert_eq!(
        vault.secret_names().unwrap(),
        [
            mine.clone(),
            format!("garmin/{other}/tokens"),
            "llm/openai/key".into()
        ]
    );

    let wire = [
        serde_json::to_string(&me.settings().unwrap()).unwrap(),
        serde_json::to_string(&me.info().unwrap()).unwrap(),
        serde_json::to_string(&me.profile().unwrap()).unwrap(),
        serde_json::to_string(&vault.athletes().unwrap()).unwrap(),
        serde_json::to_string(&vault.athlete_info(other).unwrap()).unwrap(),
        format!("{:?}", vault.secret(&mine).unwrap()),
    ];
    for w in &wire {
        assert!(!w.contains(PLANTED), "a secret leaked: {w}");
    }
    // Errors name the problem, never the value (not even one passed by mistake).
    for (r, code) in [
        (
            vault.put_secret("Bad Name!", &planted()),
            ErrorCode::InvalidInput,
        ),
        (
            vault.put_secret("garmin/999/tokens", &planted()),
            ErrorCode::NotFound,
        ),
        (
            vault.put_secret("llm/x", &SecretString::from(String::new())),
            ErrorCode::InvalidInput,
        ),
        (
            vault.put_secret(PLANTED, &planted()),
            ErrorCode::InvalidInput,
        ),
    ] {
        let e = r.expect_err("must fail");
        assert_eq!(e.code(), code, "{e}");
        assert!(!format!("{e} {e:?}").contains(PLANTED), "{e:?}");
        let wire = serde_json::to_string(&paceline_types::WireError::from(e)).unwrap();
        assert!(!wire.contains(PLANTED), "{wire}");
    }
    mine
}

#[test]
fn a_passphrase_vault_shows_its_secrets_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config {
        data_dir: dir.path().to_path_buf(),
        keys: KeyOptions::with_passphrase("pw"),
    };
    let (dispatch, guard) = paceline_app::logging::file_dispatch(dir.path(), "trace").unwrap();
    let (vault, mine) = tracing::dispatcher::with_default(&dispatch, || {
        let vault = App::open(&cfg).unwrap();
        let mine = plant_and_check_dtos(&vault);
        (vault, mine)
    });
    drop(guard); // flushes the log file
    let logs = std::fs::read_dir(dir.path().join("logs")).unwrap().count();
    assert!(logs > 0, "the flow logged to a file");
    let log_text: String = std::fs::read_dir(dir.path().join("logs"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert!(log_text.contains("secret stored"), "{log_text}");
    assert!(!log_text.contains(PLANTED));

    // The WAL holds the latest pages until a checkpoint: scan both states.
    let wal = dir
        .path()
        .join(format!("{}-wal", paceline_store::VAULT_FILE));
    assert!(
        std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0),
        "WAL in use"
    );
    assert_eq!(files_with_planted(dir.path()), Vec::<String>::new());
    let store = paceline_store::Store::open(dir.path(), &cfg.keys).unwrap();
    store.checkpoint().unwrap();
    assert_eq!(files_with_planted(dir.path()), Vec::<String>::new());
    // It really is stored, and deleting the athlete takes theirs along.
    drop(vault);
    let vault = App::open(&cfg).unwrap();
    assert_eq!(
        vault.secret(&mine).unwrap().unwrap().expose_secret(),
        PLANTED
    );
    let other = vault.resolve_athlete("other").unwrap();
    vault.delete_athlete(other).unwrap();
    assert_eq!(
        vault.secret_names().unwrap(),
        [mine, "llm/openai/key".into()]
    );
}

/// A keyring vault: the values are in the OS keyring (kernel keyutils here; the
/// Secret Service half runs under `cargo xtask test`'s gnome-keyring), never in a
/// file of the data dir.
#[test]
fn a_keyring_vault_shows_its_secrets_nowhere() {
    for backend in KeyringBackend::for_tests() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = Config {
            data_dir: dir.path().to_path_buf(),
            keys: KeyOptions {
                passphrase: None,
                backend,
            },
        };
        let vault = match App::open(&cfg) {
            Ok(v) => v,
            Err(e) if backend == KeyringBackend::KeyUtils && e.code() == ErrorCode::Vault => {
                eprintln!("SKIP keyutils: {e}");
                continue;
            }
            Err(e) => panic!("{backend:?}: {e}"),
        };
        let mine = plant_and_check_dtos(&vault);
        paceline_store::Store::open(dir.path(), &cfg.keys)
            .unwrap()
            .checkpoint()
            .unwrap();
        assert_eq!(files_with_planted(dir.path()), Vec::<String>::new());
        let other = vault.resolve_athlete("other").unwrap();
        let theirs = vault
            .athlete(other)
            .unwrap()
            .secret_name("garmin", "tokens");
        vault.delete_athlete(other).unwrap();
        assert!(vault.secret(&theirs).unwrap().is_none(), "{backend:?}");
        for name in [mine.as_str(), "llm/openai/key"] {
            assert!(vault.delete_secret(name).unwrap(), "{backend:?}: {name}");
        }
        assert!(vault.secret_names().unwrap().is_empty());
        drop(vault);
        paceline_store::keys::forget_key(dir.path(), &cfg.keys).unwrap();
    }
}
