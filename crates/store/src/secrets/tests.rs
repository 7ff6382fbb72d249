use super::*;
use crate::{KeyOptions, KeyringBackend};

const PLANTED: &str = "tok-PLANTED-5e1c7a-secret";

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

fn exposed(v: Option<SecretString>) -> Option<String> {
    v.map(|s| s.expose_secret().to_string())
}

/// The stored `secret` row's value length (0 = a keyring vault's index entry).
fn row_len(store: &Store, name: &str) -> Option<usize> {
    store
        .read(|c| {
            Ok(c.query_row(
                "SELECT length(value) FROM secret WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?)
        })
        .unwrap()
}

#[test]
fn names_are_namespaced_and_say_whose_they_are() {
    assert_eq!(parse_name("llm/openai/key").unwrap(), None);
    assert_eq!(parse_name("garmin/12/tokens").unwrap(), Some(12));
    assert_eq!(parse_name("whatsapp/token").unwrap(), None);
    assert_eq!(
        athlete_secret_name("garmin", 7, "tokens"),
        "garmin/7/tokens"
    );
    assert_eq!(
        parse_name(&athlete_secret_name("garmin", 7, "tokens")).unwrap(),
        Some(7)
    );
    for bad in [
        "",
        "garmin",
        "garmin/",
        "/garmin/1",
        "garmin//x",
        "Garmin/1/x",
        "garmin/1/to ken",
        "garmin/1/é",
        "garmin/99999999999999999999999/x",
        &"a/".repeat(150),
    ] {
        let e = parse_name(bad).expect_err(bad);
        assert!(matches!(e, Error::SecretName), "{bad}: {e}");
        assert!(e.to_string().contains("e.g. garmin/1/tokens"), "{e}");
    }
}

#[test]
fn a_passphrase_vault_keeps_secrets_encrypted_inside() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &KeyOptions::with_passphrase("pw")).unwrap();
    let a = store.ensure_athlete("A", 0).unwrap();
    let b = store.add_athlete("B", 0).unwrap();
    let (ga, gb) = (
        athlete_secret_name("garmin", a, "tokens"),
        athlete_secret_name("garmin", b, "tokens"),
    );
    assert_eq!(exposed(store.secret(&ga).unwrap()), None);
    store.put_secret(&ga, &secret("a-1")).unwrap();
    store.put_secret(&ga, &secret(PLANTED)).unwrap();
    store.put_secret(&gb, &secret("b-1")).unwrap();
    store.put_secret("llm/openai/key", &secret("sk-1")).unwrap();
    assert_eq!(
        exposed(store.secret(&ga).unwrap()).as_deref(),
        Some(PLANTED)
    );
    assert_eq!(row_len(&store, &ga), Some(PLANTED.len()));
    assert_eq!(
        store.secret_names().unwrap(),
        [ga.as_str(), gb.as_str(), "llm/openai/key"]
    );
    // An athlete's secret needs the athlete; bad values are refused, never echoed.
    let e = store
        .put_secret("garmin/99/tokens", &secret(PLANTED))
        .unwrap_err();
    assert!(matches!(e, Error::AthleteNotFound(99)), "{e}");
    let e = store.put_secret("Bad Name", &secret(PLANTED)).unwrap_err();
    assert!(!format!("{e} {e:?}").contains(PLANTED));
    assert!(matches!(
        store.put_secret("llm/x", &secret("")),
        Err(Error::SecretValue(_))
    ));
    let long = "x".repeat(MAX_SECRET_BYTES + 1);
    assert!(matches!(
        store.put_secret("llm/x", &secret(&long)),
        Err(Error::SecretValue(_))
    ));
    assert!(!format!("{:?}", store.secret(&ga).unwrap()).contains(PLANTED));

    // Deleting B takes B's secrets and nothing else.
    store.delete_athlete(b).unwrap();
    assert_eq!(exposed(store.secret(&gb).unwrap()), None);
    assert_eq!(
        store.secret_names().unwrap(),
        [ga.as_str(), "llm/openai/key"]
    );
    assert!(store.delete_secret("llm/openai/key").unwrap());
    assert!(!store.delete_secret("llm/openai/key").unwrap());
    assert_eq!(store.secret_names().unwrap(), [ga.as_str()]);

    // Still there after reopening.
    drop(store);
    let store = Store::open(dir.path(), &KeyOptions::with_passphrase("pw")).unwrap();
    assert_eq!(
        exposed(store.secret(&ga).unwrap()).as_deref(),
        Some(PLANTED)
    );
}

/// A keyring vault keeps each secret in the OS keyring beside its key. Kernel
/// keyutils where the kernel allows; the Secret Service when the test suite runs a
/// gnome-keyring (`PACELINE_TEST_SECRET_SERVICE=1`, as `cargo xtask test` does).
#[test]
fn a_keyring_vault_keeps_secrets_in_the_keyring() {
    for backend in KeyringBackend::for_tests() {
        let dir = tempfile::tempdir().unwrap();
        let opts = KeyOptions {
            passphrase: None,
            backend,
        };
        let store = match Store::open(dir.path(), &opts) {
            Ok(s) => s,
            Err(Error::NoKeyring(why)) if backend == KeyringBackend::KeyUtils => {
                eprintln!("SKIP keyutils: {why}");
                continue;
            }
            Err(e) => panic!("{backend:?}: {e}"),
        };
        let a = store.ensure_athlete("A", 0).unwrap();
        let b = store.add_athlete("B", 0).unwrap();
        let (ga, gb) = (
            athlete_secret_name("garmin", a, "tokens"),
            athlete_secret_name("garmin", b, "tokens"),
        );
        store.put_secret(&ga, &secret("a-1")).unwrap();
        store.put_secret(&ga, &secret(PLANTED)).unwrap();
        store.put_secret(&gb, &secret("b-1")).unwrap();
        store.put_secret("llm/openai/key", &secret("sk-1")).unwrap();
        // The vault holds only the names; the values are in the keyring.
        assert_eq!(row_len(&store, &ga), Some(0), "{backend:?}");
        assert_eq!(
            store.secret_names().unwrap(),
            [ga.as_str(), gb.as_str(), "llm/openai/key"]
        );
        drop(store);
        let store = Store::open(dir.path(), &opts).unwrap();
        assert_eq!(
            exposed(store.secret(&ga).unwrap()).as_deref(),
            Some(PLANTED),
            "{backend:?}"
        );
        // Deleting B removes B's keyring entry (read from the keyring, not the index).
        store.delete_athlete(b).unwrap();
        assert_eq!(exposed(store.secret(&gb).unwrap()), None, "{backend:?}");
        assert_eq!(
            store.secret_names().unwrap(),
            [ga.as_str(), "llm/openai/key"]
        );
        assert_eq!(
            exposed(store.secret("llm/openai/key").unwrap()).as_deref(),
            Some("sk-1")
        );
        // Leave the keyring as we found it.
        for name in store.secret_names().unwrap() {
            assert!(store.delete_secret(&name).unwrap(), "{backend:?}: {name}");
            assert_eq!(exposed(store.secret(&name).unwrap()), None);
        }
        assert!(store.secret_names().unwrap().is_empty());
        drop(store);
        crate::keys::forget_key(dir.path(), &opts).unwrap();
    }
}
