//! kill -9 at random points of the app's writing operations. Each operation starts
//! from a saved data folder (copied fresh for every point), is killed after a
//! random delay within its measured duration, and then must leave: a vault that
//! opens and passes `paceline check` (SQLCipher's HMACs, SQLite's structure, foreign
//! keys, every activity whole), the operation's own invariant (no half sync batch, no
//! half plan version, no half backup at the destination, the old or the new vault
//! after a restore), and a re-run that ends exactly where a clean run ends.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use paceline_testsupport::history::Lcg;
use paceline_types::ActivitySummary;

use crate::cli::Sandbox;

/// What a clean run of an operation leaves, compared after every re-run.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome(pub String);

/// One operation under test.
pub trait Operation: Sync {
    fn name(&self) -> &'static str;
    /// The data folder the operation starts from (made once, copied per point).
    fn prepare(&self, sb: &Sandbox);
    /// The operation itself.
    fn command(&self, sb: &Sandbox) -> Command;
    /// After a kill: the operation's own invariant (the vault check is common).
    fn after_kill(&self, sb: &Sandbox) -> Result<(), String>;
    /// Completes the work (re-runs it where needed) and describes the end state.
    fn finish(&self, sb: &Sandbox) -> Result<Outcome, String>;
}

/// The figures of a run.
#[derive(Debug, Default)]
pub struct Report {
    pub seed: u64,
    /// (operation, kills, runs that ended before their kill)
    pub per_op: Vec<(&'static str, usize, usize)>,
    pub failures: Vec<String>,
}

impl Report {
    pub fn kills(&self) -> usize {
        self.per_op.iter().map(|p| p.1).sum()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "kill -9 harness, seed {:#x}:", self.seed)?;
        for (op, kills, done) in &self.per_op {
            writeln!(
                f,
                "  {op:<10} {kills:>4} kills ({done} runs finished before their kill)"
            )?;
        }
        write!(
            f,
            "  {} points, {} failures",
            self.kills(),
            self.failures.len()
        )?;
        for fail in &self.failures {
            write!(f, "\n  FAIL {fail}")?;
        }
        Ok(())
    }
}

/// Copies a folder tree (the saved data folder) file by file.
pub fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let dest = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_tree(&e.path(), &dest)?;
        } else {
            std::fs::copy(e.path(), dest)?;
        }
    }
    Ok(())
}

/// Runs a prepared command: its stdout, or an error with both streams.
pub fn text(mut c: Command) -> Result<String, String> {
    let out = c.output().map_err(|e| e.to_string())?;
    let args: Vec<String> = c
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "`paceline {}` failed ({}): {}{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// `paceline check`: the vault opens and passes every check.
pub fn vault_sound(sb: &Sandbox) -> Result<(), String> {
    text(sb.cmd(&["check"])).map(|_| ())
}

/// The activities, with no start time twice.
pub fn activities(sb: &Sandbox) -> Result<Vec<ActivitySummary>, String> {
    activities_of(sb.cmd(&["activities", "--json"]))
}

/// [`activities`] of another command line (another data folder).
pub fn activities_of(c: Command) -> Result<Vec<ActivitySummary>, String> {
    let out = text(c)?;
    let list: Vec<ActivitySummary> =
        serde_json::from_str(&out).map_err(|e| format!("activities JSON: {e}"))?;
    let mut starts: Vec<i64> = list.iter().map(|a| a.start_utc).collect();
    starts.sort_unstable();
    starts.dedup();
    if starts.len() != list.len() {
        return Err(format!(
            "{} activities but {} distinct starts: duplicates",
            list.len(),
            starts.len()
        ));
    }
    Ok(list)
}

/// Activities as comparable text: start, sport, samples-derived totals (ids differ).
pub fn fingerprint(list: &[ActivitySummary]) -> String {
    let mut v: Vec<String> = list
        .iter()
        .map(|a| {
            format!(
                "{} {:?} {:.1} {:?} {:?}",
                a.start_utc, a.sport, a.elapsed_s, a.distance_m, a.avg_power
            )
        })
        .collect();
    v.sort();
    format!("{} activities: {}", v.len(), v.join("; "))
}

pub fn json(c: Command) -> Result<serde_json::Value, String> {
    let out = text(c)?;
    serde_json::from_str(&out).map_err(|e| format!("not JSON: {e}: {out}"))
}

/// Runs `op` to completion once on a copy of `saved`: its duration and outcome.
fn clean_run(
    op: &dyn Operation,
    saved: &Path,
    scratch: &Sandbox,
) -> Result<(Duration, Outcome), String> {
    let _ = std::fs::remove_dir_all(&scratch.data);
    copy_tree(saved, &scratch.data).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let out = text(op.command(scratch));
    let took = started.elapsed();
    out?;
    vault_sound(scratch)?;
    Ok((took, op.finish(scratch)?))
}

/// `points` kills spread evenly over `ops`, delays from a seeded generator (one per
/// operation, so a seed replays each exactly). Two operations run side by side,
/// each on its own folders: the harness mostly waits on processes.
pub fn run(ops: &[&dyn Operation], points: usize, seed: u64) -> Report {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(vec![(0, 0, Vec::new()); ops.len()]);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(op) = ops.get(i) else { break };
                let share = points / ops.len() + usize::from(i < points % ops.len());
                let mut rng = Lcg::new(seed ^ (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
                let mut failures = Vec::new();
                let (kills, done) = run_op(*op, share, &mut rng, &mut failures);
                let mut r = results.lock().unwrap_or_else(|p| p.into_inner());
                r[i] = (kills, done, failures);
            });
        }
    });
    let mut report = Report {
        seed,
        ..Report::default()
    };
    let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    for (op, (kills, done, failures)) in ops.iter().zip(results) {
        report.per_op.push((op.name(), kills, done));
        report.failures.extend(failures);
    }
    report
}

fn run_op(
    op: &dyn Operation,
    points: usize,
    rng: &mut Lcg,
    failures: &mut Vec<String>,
) -> (usize, usize) {
    let base = Sandbox::new();
    op.prepare(&base);
    let saved: PathBuf = base.path().join("saved");
    if let Err(e) = copy_tree(&base.data, &saved) {
        failures.push(format!("{}: saving its start: {e}", op.name()));
        return (0, 0);
    }
    let (took, want) = match clean_run(op, &saved, &base) {
        Ok(r) => r,
        Err(e) => {
            failures.push(format!("{}: the clean run: {e}", op.name()));
            return (0, 0);
        }
    };
    eprintln!(
        "{}: a clean run takes {took:.2?}; {}",
        op.name(),
        short(&want.0)
    );
    let (mut kills, mut finished) = (0, 0);
    while kills < points && kills + finished < points * 4 {
        let _ = std::fs::remove_dir_all(&base.data);
        if let Err(e) = copy_tree(&saved, &base.data) {
            failures.push(format!("{}: {e}", op.name()));
            break;
        }
        let delay = took.mul_f64(rng.uniform());
        let mut child = match op
            .command(&base)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{}: spawn: {e}", op.name()));
                break;
            }
        };
        std::thread::sleep(delay);
        let ended = matches!(child.try_wait(), Ok(Some(_)));
        let _ = child.kill();
        let _ = child.wait();
        if ended {
            finished += 1;
        } else {
            kills += 1;
        }
        let at = format!("{} killed at {delay:.3?}", op.name());
        let checked = vault_sound(&base)
            .and_then(|()| op.after_kill(&base))
            .and_then(|()| op.finish(&base));
        match checked {
            Ok(got) if got == want => {}
            Ok(got) => failures.push(format!(
                "{at}: the re-run ended elsewhere than a clean run:\n    got  {}\n    want {}",
                short(&got.0),
                short(&want.0)
            )),
            Err(e) => failures.push(format!("{at}: {e}")),
        }
    }
    (kills, finished)
}

fn short(s: &str) -> String {
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s.to_string()
    }
}
