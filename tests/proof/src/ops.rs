//! The operations the kill -9 harness interrupts: import, Garmin sync, plan save,
//! backup, restore.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cli::{ok, Sandbox};
use crate::crash::{activities, activities_of, fingerprint, json, text, Operation, Outcome};
use crate::fixtures::{ride_folder, Garmin};

fn utf8(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// `paceline import` of a folder of rides from our FIT writer.
pub struct Import {
    pub files: usize,
}

impl Operation for Import {
    fn name(&self) -> &'static str {
        "import"
    }
    fn prepare(&self, sb: &Sandbox) {
        ride_folder(&sb.path().join("files"), self.files);
        sb.ok(&["profile", "--name", "Crash Import"]);
    }
    fn command(&self, sb: &Sandbox) -> Command {
        sb.cmd(&["import", "--quiet", utf8(&sb.path().join("files"))])
    }
    fn after_kill(&self, sb: &Sandbox) -> Result<(), String> {
        let n = activities(sb)?.len();
        (n <= self.files)
            .then_some(())
            .ok_or(format!("{n} activities from {} files", self.files))
    }
    fn finish(&self, sb: &Sandbox) -> Result<Outcome, String> {
        text(self.command(sb))?;
        Ok(Outcome(fingerprint(&activities(sb)?)))
    }
}

/// `paceline garmin sync`: a backfill of many activities from the fake Garmin
/// (no pacing), wellness included.
pub struct GarminSync {
    pub garmin: Garmin,
    pub activities: usize,
}

impl GarminSync {
    fn cmd(&self, sb: &Sandbox, args: &[&str]) -> Command {
        let mut c = sb.cmd(args);
        c.env("PACELINE_GARMIN_URL", self.garmin.fake.url.as_str())
            .env("PACELINE_GARMIN_PACE_MS", "0");
        c
    }
    fn synced(&self, sb: &Sandbox) -> Result<u64, String> {
        let st = json(self.cmd(sb, &["garmin", "status", "--json"]))?;
        st["synced_activities"]
            .as_u64()
            .ok_or(format!("garmin status: {st}"))
    }
}

impl Operation for GarminSync {
    fn name(&self) -> &'static str {
        "garmin"
    }
    fn prepare(&self, sb: &Sandbox) {
        let tokens = sb.path().join("garmin_tokens.json");
        self.garmin.token_file(&tokens);
        ok(
            &self
                .cmd(sb, &["garmin", "login", "--import-tokens", utf8(&tokens)])
                .output()
                .expect("paceline runs"),
            &["garmin login"],
        );
    }
    fn command(&self, sb: &Sandbox) -> Command {
        self.cmd(sb, &["garmin", "sync", "--quiet"])
    }
    /// Each synced activity is stored with its Garmin link and the cursor in one
    /// transaction: as many links as activities, never an activity without one.
    fn after_kill(&self, sb: &Sandbox) -> Result<(), String> {
        let n = activities(sb)?.len() as u64;
        let linked = self.synced(sb)?;
        if n != linked || n > self.activities as u64 {
            return Err(format!(
                "a partial sync batch: {n} activities, {linked} linked to Garmin"
            ));
        }
        Ok(())
    }
    fn finish(&self, sb: &Sandbox) -> Result<Outcome, String> {
        text(self.command(sb))?;
        let days = json(self.cmd(
            sb,
            &[
                "wellness",
                "--from",
                "2020-01-01",
                "--to",
                "2030-01-01",
                "--json",
            ],
        ))?;
        let days = days.as_array().map_or(0, Vec::len);
        Ok(Outcome(format!(
            "{} linked, {days} wellness days, {}",
            self.synced(sb)?,
            fingerprint(&activities(sb)?)
        )))
    }
}

/// `paceline plan generate` (the built-in planner) and its save as a version.
pub struct PlanSave;

fn plan_state(sb: &Sandbox) -> Result<(usize, String), String> {
    let versions = json(sb.cmd(&["plan", "versions", "--json"]))?;
    let versions = versions.as_array().cloned().unwrap_or_default();
    let mut out = String::new();
    for v in &versions {
        let n = v["version"].to_string();
        let plan = json(sb.cmd(&["plan", "show", &n, "--json"]))?;
        let rows = plan["workouts"].as_array().map_or(0, Vec::len);
        // The version's own count against the rows stored for it.
        if v["workout_count"].as_u64() != Some(rows as u64) {
            return Err(format!(
                "plan version {n} announces {} workouts, {rows} are stored",
                v["workout_count"]
            ));
        }
        out += &format!("v{n}: {rows} workouts, {} TSS; ", v["total_tss"]);
    }
    Ok((versions.len(), out))
}

impl Operation for PlanSave {
    fn name(&self) -> &'static str {
        "plan"
    }
    fn prepare(&self, sb: &Sandbox) {
        sb.ok(&["profile", "--name", "Crash Plan"]);
        sb.ok(&["plan", "sports", "run"]);
        sb.ok(&["plan", "availability", "tue=1", "thu=1", "sat=2"]);
    }
    fn command(&self, sb: &Sandbox) -> Command {
        sb.cmd(&["plan", "generate"])
    }
    fn after_kill(&self, sb: &Sandbox) -> Result<(), String> {
        let (n, _) = plan_state(sb)?;
        (n <= 1)
            .then_some(())
            .ok_or(format!("{n} plan versions after one generate"))
    }
    fn finish(&self, sb: &Sandbox) -> Result<Outcome, String> {
        if plan_state(sb)?.0 == 0 {
            text(self.command(sb))?;
        }
        Ok(Outcome(plan_state(sb)?.1))
    }
}

const BACKUP_PASS: &str = "proof-backup-pass";

fn backup_file(sb: &Sandbox) -> PathBuf {
    sb.path().join("out/vault.plbackup")
}

/// Restores `file` into a fresh folder and returns its activities' fingerprint.
fn restored(sb: &Sandbox, file: &Path) -> Result<String, String> {
    let dir = sb.path().join("check-restore");
    let _ = std::fs::remove_dir_all(&dir);
    let mut c = sb.cmd_on(&dir, &["restore", utf8(file), "--yes"]);
    c.env("PACELINE_BACKUP_PASSPHRASE", BACKUP_PASS);
    text(c)?;
    let list = activities_of(sb.cmd_on(&dir, &["activities", "--json"]))?;
    Ok(fingerprint(&list))
}

/// `paceline backup --out FILE` of a vault with activities.
pub struct Backup {
    pub files: usize,
}

impl Operation for Backup {
    fn name(&self) -> &'static str {
        "backup"
    }
    fn prepare(&self, sb: &Sandbox) {
        let files = sb.path().join("files");
        ride_folder(&files, self.files);
        sb.ok(&["import", "--quiet", utf8(&files)]);
        std::fs::create_dir_all(sb.path().join("out")).expect("the backup folder");
    }
    fn command(&self, sb: &Sandbox) -> Command {
        let _ = std::fs::remove_file(backup_file(sb));
        let mut c = sb.cmd(&["backup", "--out", utf8(&backup_file(sb))]);
        c.env("PACELINE_BACKUP_PASSPHRASE", BACKUP_PASS);
        c
    }
    /// A file at the destination is a whole backup, never a cut one.
    fn after_kill(&self, sb: &Sandbox) -> Result<(), String> {
        let f = backup_file(sb);
        if f.exists() {
            restored(sb, &f).map_err(|e| format!("the backup left at the destination: {e}"))?;
        }
        Ok(())
    }
    fn finish(&self, sb: &Sandbox) -> Result<Outcome, String> {
        text(self.command(sb))?;
        Ok(Outcome(restored(sb, &backup_file(sb))?))
    }
}

/// `paceline restore FILE --yes` over a vault holding other activities.
pub struct Restore {
    pub old: usize,
    pub new: usize,
}

impl Restore {
    fn file(sb: &Sandbox) -> PathBuf {
        sb.path().join("restore-me.plbackup")
    }
}

impl Operation for Restore {
    fn name(&self) -> &'static str {
        "restore"
    }
    fn prepare(&self, sb: &Sandbox) {
        // The backup: another vault with `new` rides.
        let other = sb.path().join("other");
        let files = sb.path().join("files-new");
        ride_folder(&files, self.new);
        ok(
            &sb.cmd_on(&other, &["import", "--quiet", utf8(&files)])
                .output()
                .expect("runs"),
            &["import"],
        );
        let mut c = sb.cmd_on(&other, &["backup", "--out", utf8(&Self::file(sb))]);
        c.env("PACELINE_BACKUP_PASSPHRASE", BACKUP_PASS);
        ok(&c.output().expect("runs"), &["backup"]);
        // The vault it replaces: the first `old` of other rides.
        let old = sb.path().join("files-old");
        std::fs::create_dir_all(&old).expect("a folder");
        for p in ride_folder(&sb.path().join("files-tmp"), self.old + self.new)
            .into_iter()
            .skip(self.new)
        {
            std::fs::rename(&p, old.join(p.file_name().expect("a name"))).expect("moved");
        }
        sb.ok(&["import", "--quiet", utf8(&old)]);
    }
    fn command(&self, sb: &Sandbox) -> Command {
        let mut c = sb.cmd(&["restore", utf8(&Self::file(sb)), "--yes"]);
        c.env("PACELINE_BACKUP_PASSPHRASE", BACKUP_PASS);
        c
    }
    /// The old vault or the restored one, nothing in between.
    fn after_kill(&self, sb: &Sandbox) -> Result<(), String> {
        let n = activities(sb)?.len();
        if n != self.old && n != self.new {
            return Err(format!(
                "{n} activities: neither the old vault ({}) nor the backup ({})",
                self.old, self.new
            ));
        }
        Ok(())
    }
    fn finish(&self, sb: &Sandbox) -> Result<Outcome, String> {
        text(self.command(sb))?;
        Ok(Outcome(fingerprint(&activities(sb)?)))
    }
}
