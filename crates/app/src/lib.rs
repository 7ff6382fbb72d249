//! The application layer: every operation the UI or the CLI offers, as plain Rust
//! functions over the store, the importers and the charts.
//!
//! **API boundary.** The Tauri shell and the `paceline` CLI call only this crate.
//! Errors leave as [`AppError`], which maps onto the wire's `{code, message}`.
//!
//! **Athlete scope.** A vault holds several athletes. Everything that reads or writes
//! an athlete's data goes through an [`AthleteScope`] from [`App::athlete`], so a call
//! names its athlete explicitly and the store checks that an activity id belongs to
//! them (another athlete's activity is `not_found`).

mod activities;
mod athletes;
pub mod backup;
pub mod charts;
pub mod coach;
mod dashboard;
mod demo;
mod error;
pub mod export;
mod garmin;
mod import;
pub mod jobs;
mod load_charts;
mod logbook;
pub mod logging;
mod metrics;
pub mod paths;
mod people;
mod plans;
pub mod routes;
mod schedule;
mod secrets;
mod training;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

pub use backup::BackupSchedule;
pub use error::AppError;
pub use garmin::{GarminLoginStep, GarminMfa, GarminPushed, GarminSyncOptions};
pub use import::ImportOptions;
pub use logbook::LogbookError;
pub use paceline_jobs::{Clock, ManualClock, Schedule, SystemClock};
use paceline_store::Store;
pub use paceline_store::{KeyOptions, KeyringBackend, VAULT_FILE};
use paceline_types::{AppInfo, AthleteId, AthleteProfile, ImportReport, Settings, Units};
pub use people::{parse_week, WHATSAPP_TOKEN_SECRET, WHATSAPP_URL_ENV};
pub use schedule::ScheduledStart;
pub use secrets::{ExposeSecret, SecretString};

pub use dashboard::BalanceDay;
pub use demo::{demo_threshold_entries, demo_wellness_rows};
pub use paceline_load::pmc::PmcDay;
/// The planning core (brief, plan, checker, exports), for callers of the plan API.
pub use paceline_plan as plan;
pub use paceline_store::{InjuryRow, PlanProfile, PlanSource, RaceRow, RulesVersion};
pub use plans::{parse_rule, EXPORT_DIR_ENV};
pub use plans::{Generated, PlanVersionInfo, ReadinessAdjust, WorkoutRef, READINESS_LOW};

pub type Result<T, E = AppError> = std::result::Result<T, E>;

const UNITS_KEY: &str = "units";
const DEFAULT_ATHLETE: &str = "Athlete";

/// Where the vault lives and how to unlock it.
#[derive(Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub keys: KeyOptions,
}

impl Config {
    /// `--data-dir` if given, else `PACELINE_DATA_DIR`, else the OS app-data folder;
    /// key options from the environment.
    pub fn from_env(data_dir: Option<PathBuf>) -> Config {
        Config {
            data_dir: paths::data_dir(data_dir),
            keys: KeyOptions::from_env(),
        }
    }
}

pub struct App {
    store: Store,
    data_dir: PathBuf,
    /// Every activity with power has its stored power curve (checked once per run).
    curves_complete: AtomicBool,
    /// The one clock: "now" and every athlete's "today" come from it (tests set it).
    clock: Arc<dyn Clock>,
    jobs: jobs::JobRuntime,
    schedules: schedule::Schedules,
    /// Where Garmin is (tests point it at a fake server).
    garmin: garmin::GarminEndpoint,
}

/// One athlete's view of the vault: every athlete-owned read and write hangs off it.
#[derive(Clone, Copy)]
pub struct AthleteScope<'a> {
    pub(crate) app: &'a App,
    pub(crate) store: &'a Store,
    pub(crate) athlete_id: AthleteId,
}

/// Seconds since the Unix epoch from the system clock, for timestamps that record
/// when something happened (not for "today", which comes from [`App::now`]).
pub fn now_utc() -> i64 {
    SystemClock.now_utc()
}

impl App {
    pub fn open(cfg: &Config) -> Result<App> {
        App::open_with_clock(cfg, Arc::new(SystemClock))
    }

    /// Opens the vault with an injected clock (tests pin "now").
    pub fn open_with_clock(cfg: &Config, clock: Arc<dyn Clock>) -> Result<App> {
        paths::ensure_writable(&cfg.data_dir)?;
        let store = Store::open(&cfg.data_dir, &cfg.keys)?;
        store.ensure_athlete(DEFAULT_ATHLETE, clock.now_utc())?;
        Ok(App {
            store,
            data_dir: cfg.data_dir.clone(),
            curves_complete: Default::default(),
            jobs: jobs::JobRuntime::new(clock.clone()),
            schedules: Default::default(),
            garmin: Default::default(),
            clock,
        })
    }

    /// Now, in Unix seconds, from the app's clock.
    pub fn now(&self) -> i64 {
        self.clock.now_utc()
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The scope of one athlete; `not_found` when there is no such athlete.
    pub fn athlete(&self, id: AthleteId) -> Result<AthleteScope<'_>> {
        self.store.athlete(id)?;
        Ok(AthleteScope {
            app: self,
            store: &self.store,
            athlete_id: id,
        })
    }

    /// The unit system, one for the whole vault.
    pub fn units(&self) -> Result<Units> {
        Ok(match self.store.setting(UNITS_KEY)?.as_deref() {
            Some("imperial") => Units::Imperial,
            _ => Units::Metric,
        })
    }

    pub fn set_units(&self, units: Units) -> Result<()> {
        let key = match units {
            Units::Metric => "metric",
            Units::Imperial => "imperial",
        };
        Ok(self.store.set_setting(UNITS_KEY, key)?)
    }

    /// Vault health: SQLCipher HMACs and SQLite structure.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        Ok(self.store.integrity_check()?)
    }
}

impl<'a> AthleteScope<'a> {
    pub fn id(&self) -> AthleteId {
        self.athlete_id
    }

    pub fn app(&self) -> &'a App {
        self.app
    }

    pub fn info(&self) -> Result<AppInfo> {
        let a = self.store.athlete(self.athlete_id)?;
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: self.app.data_dir.display().to_string(),
            vault_path: self.store.path().display().to_string(),
            key_source: self.store.key_source(),
            athlete_id: a.id,
            athlete_name: a.name,
            activity_count: a.activity_count,
        })
    }

    /// The vault's units and this athlete's watched folders.
    pub fn settings(&self) -> Result<Settings> {
        Ok(Settings {
            units: self.app.units()?,
            watched_folders: self.store.watched_folders(self.athlete_id)?,
        })
    }

    pub fn set_settings(&self, s: &Settings) -> Result<()> {
        self.app.set_units(s.units)?;
        Ok(self
            .store
            .set_watched_folders(self.athlete_id, &s.watched_folders)?)
    }

    /// Imports files and folders (walked recursively). Never fails as a whole: each
    /// file gets its own outcome and one bad file does not stop the others.
    pub fn import_paths(&self, paths: &[PathBuf]) -> ImportReport {
        import::import_paths(self, paths, ImportOptions::default())
    }

    /// [`AthleteScope::import_paths`] with a progress callback and a cancel flag.
    pub fn import_paths_with(&self, paths: &[PathBuf], opts: ImportOptions) -> ImportReport {
        import::import_paths(self, paths, opts)
    }

    /// Decodes the kept original files again with the current code (all activities,
    /// or just `ids`) and replaces what was derived from them.
    pub fn reprocess(&self, ids: Option<&[i64]>) -> Result<paceline_types::ReprocessReport> {
        import::reprocess(self, ids)
    }

    /// Writes wellness days (HRV, resting HR, sleep), e.g. from a device sync.
    pub fn put_wellness(&self, rows: &[paceline_store::WellnessRow]) -> Result<()> {
        Ok(self.store.put_wellness(self.athlete_id, rows)?)
    }

    pub fn profile(&self) -> Result<AthleteProfile> {
        Ok(AthleteProfile {
            name: self
                .store
                .athlete_name(self.athlete_id)?
                .unwrap_or_default(),
            sex: self.store.athlete_sex(self.athlete_id)?,
        })
    }

    /// Saves the profile; a change of sex rescores every activity (TRIMP).
    pub fn set_profile(&self, p: &AthleteProfile) -> Result<()> {
        let old = self.profile()?;
        if p.name != old.name {
            self.app.rename_athlete(self.athlete_id, &p.name)?;
        }
        if p.sex != old.sex {
            self.store.set_athlete_sex(self.athlete_id, p.sex)?;
            self.recompute_metrics()?;
        }
        Ok(())
    }
}
