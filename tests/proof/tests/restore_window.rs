//! kill -9 at the one instant random delays almost never hit: a restore swaps the
//! vault by moving `vault.db`, `-wal` and `-shm` aside one by one, then renaming the
//! restored file in. Killed right after the first move, the data folder holds no
//! `vault.db` but the old vault as `vault.db.before-restore` (and the old WAL). The
//! next start must recover the old vault or refuse with a clear message — never
//! open a fresh empty vault beside the athlete's data.
//! `Store::open` rolls such a restore back (`backup::restore::recover_interrupted`).

use paceline_proof::cli::Sandbox;
use paceline_proof::crash::activities;
use paceline_proof::fixtures::ride_folder;

#[test]
fn a_restore_killed_between_its_renames_does_not_lose_the_vault() {
    let sb = Sandbox::new();
    let files = ride_folder(&sb.path().join("rides"), 2);
    sb.ok(&[
        "import",
        files[0].parent().and_then(|p| p.to_str()).expect("UTF-8"),
    ]);
    assert_eq!(activities(&sb).expect("opens").len(), 2);
    // What the restore's swap leaves after its first rename.
    let vault = sb.data.join("vault.db");
    std::fs::rename(&vault, sb.data.join("vault.db.before-restore")).expect("moved aside");

    let out = sb.run(&["activities", "--json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    if out.status.success() {
        let list: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            list.len(),
            2,
            "the vault was not recovered: a fresh empty one was opened instead"
        );
    } else {
        assert!(err.contains("restore"), "not a clear message: {err}");
    }
}
