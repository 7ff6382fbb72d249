//! kill -9 at random points of import, Garmin sync, plan save, backup and restore
//! (see `paceline_proof::crash`). 50 points by default (`cargo xtask test`);
//! `cargo xtask soak --points N` sets `PACELINE_PROOF_POINTS` (and bigger
//! operations with `PACELINE_PROOF_SOAK=1`). The seed is printed;
//! `PACELINE_PROOF_SEED` replays one.

use paceline_proof::crash::{self, Operation};
use paceline_proof::fixtures::Garmin;
use paceline_proof::ops::{Backup, GarminSync, Import, PlanSave, Restore};

fn env_num(key: &str) -> Option<u64> {
    let v = std::env::var(key).ok()?;
    let v = v.trim();
    match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => v.parse().ok(),
    }
}

#[test]
fn kill9_at_random_points_leaves_a_sound_vault_and_a_rerun_completes_it() {
    let points = env_num("PACELINE_PROOF_POINTS").unwrap_or(50) as usize;
    let soak = std::env::var_os("PACELINE_PROOF_SOAK").is_some();
    let seed = env_num("PACELINE_PROOF_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    eprintln!("kill -9 harness: {points} points, seed {seed:#x} (PACELINE_PROOF_SEED={seed:#x} replays it)");
    let scale = if soak { 3 } else { 1 };
    let import = Import { files: 30 * scale };
    let plan = PlanSave;
    let backup = Backup { files: 12 * scale };
    let restore = Restore {
        old: 3,
        new: 12 * scale,
    };
    let garmin = paceline_testsupport::corpus_dir().map(|c| GarminSync {
        garmin: Garmin::start(&c, 16 * scale),
        activities: 16 * scale,
    });
    let mut ops: Vec<&dyn Operation> = vec![&import, &plan, &backup, &restore];
    match &garmin {
        Some(g) => ops.insert(1, g),
        None => eprintln!(
            "SKIP the Garmin sync part: the shared corpus (its recorded API answers) is absent"
        ),
    }
    let report = crash::run(&ops, points, seed);
    eprintln!("{report}");
    assert!(report.failures.is_empty(), "{report}");
    assert!(
        report.kills() * 10 >= points * 9,
        "only {} of {points} points killed a running operation",
        report.kills()
    );
}
