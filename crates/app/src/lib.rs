//! The application layer: every operation the UI or the CLI offers, as plain Rust
//! functions over the store, the importers and the charts.
//!
//! **API boundary.** The Tauri shell and the `paceline` CLI call only this crate.
//! Errors leave as [`AppError`], which maps onto the wire's `{code, message}`.

mod dashboard;
mod error;
mod import;
mod load_charts;
pub mod logging;
mod metrics;
pub mod paths;
mod training;
pub mod watch;

use std::path::{Path, PathBuf};

pub use error::AppError;
pub use import::ImportOptions;
use paceline_store::Store;
pub use paceline_store::{KeyOptions, KeyringBackend};
use paceline_types::{
    ActivityDetail, ActivitySummary, AppInfo, AthleteProfile, Chart, ChartRequest, ImportReport,
    Settings, StreamKind,
};

pub use dashboard::BalanceDay;
pub use paceline_load::pmc::PmcDay;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

const SETTINGS_KEY: &str = "settings";
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
    athlete_id: i64,
    data_dir: PathBuf,
    /// Every activity with power has its stored power curve (checked once per run).
    curves_complete: std::sync::atomic::AtomicBool,
}

/// Seconds since the Unix epoch; the one place the core reads the clock.
pub fn now_utc() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

impl App {
    pub fn open(cfg: &Config) -> Result<App> {
        let store = Store::open(&cfg.data_dir, &cfg.keys)?;
        let athlete_id = store.ensure_athlete(DEFAULT_ATHLETE, now_utc())?;
        Ok(App {
            store,
            athlete_id,
            data_dir: cfg.data_dir.clone(),
            curves_complete: Default::default(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn info(&self) -> Result<AppInfo> {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: self.data_dir.display().to_string(),
            vault_path: self.store.path().display().to_string(),
            key_source: self.store.key_source(),
            athlete_name: self
                .store
                .athlete_name(self.athlete_id)?
                .unwrap_or_default(),
            activity_count: self.store.activity_count(self.athlete_id)?,
        })
    }

    pub fn rename_athlete(&self, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::InvalidInput(
                "the athlete's name cannot be empty".into(),
            ));
        }
        Ok(self.store.rename_athlete(self.athlete_id, name)?)
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
            self.rename_athlete(&p.name)?;
        }
        if p.sex != old.sex {
            self.store.set_athlete_sex(self.athlete_id, p.sex)?;
            self.recompute_metrics()?;
        }
        Ok(())
    }

    pub fn list_activities(&self) -> Result<Vec<ActivitySummary>> {
        Ok(self.store.list_activities(self.athlete_id)?)
    }

    pub fn activity(&self, id: i64) -> Result<ActivityDetail> {
        let a = self.store.activity(id)?;
        let streams = self.store.streams(id)?;
        let kinds = streams
            .present()
            .into_iter()
            .filter_map(|s| {
                use paceline_model::StreamId as S;
                Some(match s {
                    S::HeartRate => StreamKind::HeartRate,
                    S::Power => StreamKind::Power,
                    S::Speed => StreamKind::Speed,
                    S::Cadence => StreamKind::Cadence,
                    S::Altitude => StreamKind::Altitude,
                    S::Distance => StreamKind::Distance,
                    S::Lat => StreamKind::Position,
                    S::Temperature => StreamKind::Temperature,
                    S::Time | S::Lon => return None,
                })
            })
            .collect();
        let mut extras = self.extras_summary(id)?;
        extras.pool_length_m = a.pool_length_m;
        Ok(ActivityDetail {
            summary: a.summary,
            laps: a.laps,
            streams: kinds,
            sample_count: a.sample_count,
            warnings: a.warnings,
            extras,
        })
    }

    fn extras_summary(&self, id: i64) -> Result<paceline_types::ExtrasSummary> {
        use paceline_types as t;
        let x = self.store.extras(id)?;
        let active: Vec<_> = x.lengths.iter().filter(|l| l.active).collect();
        let strokes: Vec<u32> = active
            .iter()
            .filter_map(|l| l.strokes.map(u32::from))
            .collect();
        Ok(t::ExtrasSummary {
            legs: x
                .legs
                .iter()
                .map(|l| t::LegSummary {
                    sport: l.sport.unwrap_or(t::Sport::Other),
                    start_utc: l.start_utc,
                    elapsed_s: l.elapsed_s,
                    distance_m: l.distance_m,
                    avg_hr: l.avg_hr,
                    avg_power: l.avg_power,
                })
                .collect(),
            streams: x
                .streams
                .iter()
                .map(|s| t::NamedStream {
                    key: s.key.clone(),
                    name: s.name.clone(),
                    units: s.units.clone(),
                })
                .collect(),
            hrv_beats: x.rr_ms.len() as u32,
            active_lengths: active.len() as u32,
            strokes: (!strokes.is_empty()).then(|| strokes.iter().sum()),
            pool_length_m: None, // on the activity row: set by `activity`
            strength_sets: x
                .sets
                .iter()
                .filter(|s| s.active)
                .map(|s| t::SetSummary {
                    reps: s.reps.map(u32::from),
                    weight_kg: s.weight_kg,
                    duration_s: s.duration_s,
                })
                .collect(),
            linked_files: self
                .store
                .linked_files(id)?
                .into_iter()
                .map(|f| format!("{} ({})", f.file_name, f.format.to_ascii_uppercase()))
                .collect(),
        })
    }

    /// The activity's streams with its training zones (the thresholds valid on its
    /// day) and lap starts.
    pub fn activity_chart(&self, req: &ChartRequest) -> Result<Chart> {
        use paceline_load::zones::{coggan_power_zones, friel_hr_zones5, FrielSport};
        let a = self.store.activity(req.id)?;
        let streams = self.store.streams(req.id)?;
        let sport = metrics::load_sport(a.summary.sport);
        let (power_zones, hr_zones) = if req.zones {
            let hist = metrics::history(&self.store.thresholds(self.athlete_id)?);
            let day = metrics::local_day(a.summary.start_utc, a.summary.utc_offset_s);
            let th = paceline_load::ActivityThresholds::from_history(&hist, sport, day);
            let friel = FrielSport::of(sport);
            (
                th.ftp_w.and_then(coggan_power_zones),
                th.lthr.and_then(|l| friel_hr_zones5(l, friel)),
            )
        } else {
            (None, None)
        };
        let laps: Vec<f64> = if req.laps {
            a.laps
                .iter()
                .map(|l| (l.start_utc - a.summary.start_utc) as f64)
                .collect()
        } else {
            Vec::new()
        };
        let overlays = paceline_charts::StreamOverlays {
            power_zones: power_zones.as_ref(),
            hr_zones: hr_zones.as_ref(),
            lap_starts_s: &laps,
        };
        let draw = if req.by_distance {
            paceline_charts::activity_streams_by_distance
        } else {
            paceline_charts::activity_streams
        };
        let svg = draw(
            &streams,
            a.summary.sport,
            &overlays,
            req.theme,
            req.units,
            req.width,
            req.height,
        )
        .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Chart { svg })
    }

    pub fn settings(&self) -> Result<Settings> {
        Ok(self.store.setting(SETTINGS_KEY)?.unwrap_or_default())
    }

    pub fn set_settings(&self, s: &Settings) -> Result<()> {
        Ok(self.store.set_setting(SETTINGS_KEY, s)?)
    }

    /// Imports files and folders (walked recursively). Never fails as a whole: each
    /// file gets its own outcome and one bad file does not stop the others.
    pub fn import_paths(&self, paths: &[PathBuf]) -> ImportReport {
        import::import_paths(self, paths, ImportOptions::default())
    }

    /// [`App::import_paths`] with a progress callback and a cancel flag.
    pub fn import_paths_with(&self, paths: &[PathBuf], opts: ImportOptions) -> ImportReport {
        import::import_paths(self, paths, opts)
    }

    /// Decodes the kept original files again with the current code (all activities,
    /// or just `ids`) and replaces what was derived from them.
    pub fn reprocess(&self, ids: Option<&[i64]>) -> Result<paceline_types::ReprocessReport> {
        import::reprocess(self, ids)
    }

    /// Fills an empty vault with the demo athlete's history (weeks ending yesterday).
    /// Does nothing if the vault already holds activities.
    pub fn seed_demo(&self, weeks: u32) -> Result<ImportReport> {
        if self.store.activity_count(self.athlete_id)? > 0 {
            return Ok(ImportReport::default());
        }
        let demo = paceline_demo::ALEX;
        self.store.rename_athlete(self.athlete_id, demo.name)?;
        self.store
            .set_athlete_sex(self.athlete_id, Some(demo.sex))?;
        let today = now_utc().div_euclid(86_400) * 86_400;
        let first_day = (today / 86_400) as i32 - 7 * (weeks as i32 + 1);
        demo_thresholds(self, &demo, first_day)?;
        let files = paceline_demo::generate(&demo, today, weeks, 42);
        let report = import::import_memory(
            self,
            files.into_iter().map(|f| (f.file_name, f.bytes)).collect(),
        );
        tracing::info!(outcome = %report.headline(), "demo athlete seeded");
        Ok(report)
    }

    /// Writes wellness days (HRV, resting HR, sleep), e.g. from a device sync.
    pub fn put_wellness(&self, rows: &[paceline_store::WellnessRow]) -> Result<()> {
        Ok(self.store.put_wellness(self.athlete_id, rows)?)
    }

    /// Vault health: SQLCipher HMACs and SQLite structure.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        Ok(self.store.integrity_check()?)
    }
}

/// The demo athlete's thresholds (FTP, LTHR, max and resting HR, weight, threshold
/// pace, CSS), all valid from `from_day`.
pub fn demo_threshold_entries(
    d: &paceline_demo::Athlete,
    from_day: i32,
) -> Vec<paceline_types::Threshold> {
    use paceline_types::{Sport, Threshold, ThresholdKind as K};
    let all = |kind, value: f64| Threshold {
        sport: None,
        kind,
        value,
        from_day,
    };
    vec![
        Threshold {
            sport: Some(Sport::Ride),
            ..all(K::Ftp, d.ftp_w)
        },
        all(K::Lthr, d.lthr),
        all(K::MaxHr, d.max_hr),
        all(K::RestingHr, d.rest_hr),
        all(K::Weight, d.weight_kg),
        Threshold {
            sport: Some(Sport::Run),
            ..all(K::ThresholdSpeed, d.threshold_run_mps)
        },
        Threshold {
            sport: Some(Sport::Swim),
            ..all(K::Css, d.css_mps)
        },
    ]
}

/// The demo athlete's morning wellness (HRV, resting HR, sleep) for days
/// `from_day..to_day`, as vault rows.
pub fn demo_wellness_rows(
    d: &paceline_demo::Athlete,
    from_day: i32,
    to_day: i32,
) -> Vec<paceline_store::WellnessRow> {
    paceline_demo::wellness(d, from_day, to_day)
        .into_iter()
        .map(|w| paceline_store::WellnessRow {
            day: w.day,
            hrv_rmssd_ms: Some(w.hrv_rmssd_ms),
            resting_hr: Some(w.resting_hr),
            sleep_s: Some(w.sleep_s),
            sleep_score: Some(w.sleep_score),
        })
        .collect()
}

/// The demo athlete's thresholds, valid from the start of the demo history.
fn demo_thresholds(app: &App, d: &paceline_demo::Athlete, from_day: i32) -> Result<()> {
    let entries = demo_threshold_entries(d, from_day);
    for t in &entries {
        app.store.set_threshold(app.athlete_id, t)?;
    }
    let wellness = demo_wellness_rows(d, from_day, (now_utc() / 86_400) as i32 + 1);
    app.store.put_wellness(app.athlete_id, &wellness)?;
    Ok(())
}
