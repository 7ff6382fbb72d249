//! Backups, restores and their schedule, over `paceline_store::backup`. Settings are
//! plain values in the vault (`backup.*`); the passphrase of scheduled backups is a
//! secret (`backup/passphrase`), kept where the vault keeps its secrets.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use paceline_jobs::Schedule;
use paceline_store::backup::{self as store_backup, BackupOptions};
pub use paceline_store::backup::{BackupError, BackupHeader, RestoreReport, Stage};
use paceline_types::{kind, BackupProgress, BackupScheduleInfo, BackupStatus, JobId, JobPayload};

use crate::{App, AppError, Config, Result, SecretString};

/// The secret holding the passphrase of scheduled backups.
pub const BACKUP_PASSPHRASE_SECRET: &str = "backup/passphrase";
/// The name of the backup entry of the app's scheduler.
pub const BACKUP_SCHEDULE: &str = "backup";
const LAST: &str = "backup.last";
const FOLDER: &str = "backup.folder";
const WHEN: &str = "backup.schedule";
const KEEP: &str = "backup.keep";

/// A progress callback: `(stage, done, total)`.
pub type BackupProgressFn<'a> = &'a mut dyn FnMut(Stage, u64, u64);

/// Scheduled backups: where, when, how many kept.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupSchedule {
    pub folder: PathBuf,
    pub schedule: Schedule,
    pub keep: u32,
}

fn status(info: &store_backup::BackupInfo) -> BackupStatus {
    BackupStatus {
        path: info.path.display().to_string(),
        bytes: info.bytes,
        created_utc: info.header.created_utc,
        athletes: info.header.athletes,
        activities: info.header.activities,
    }
}

impl App {
    /// Backs the whole vault up into `out`, sealed with `pass` (at least 8
    /// characters), and remembers it as the last backup.
    pub fn backup_to(
        &self,
        out: &Path,
        pass: &SecretString,
        progress: BackupProgressFn,
    ) -> Result<BackupStatus> {
        let info =
            self.store
                .backup_to(out, pass, self.now(), &BackupOptions::default(), progress)?;
        let s = status(&info);
        // Plain values: `utc bytes athletes activities path` (the path last: it may hold spaces).
        self.store.set_setting(
            LAST,
            &format!(
                "{} {} {} {} {}",
                s.created_utc, s.bytes, s.athletes, s.activities, s.path
            ),
        )?;
        Ok(s)
    }

    /// The last backup this vault made, if any.
    pub fn last_backup(&self) -> Result<Option<BackupStatus>> {
        let Some(v) = self.store.setting(LAST)? else {
            return Ok(None);
        };
        let mut parts = v.splitn(5, ' ');
        let mut num = || parts.next().and_then(|p| p.parse::<i64>().ok());
        let (Some(utc), Some(bytes), Some(athletes), Some(activities)) =
            (num(), num(), num(), num())
        else {
            return Ok(None);
        };
        Ok(Some(BackupStatus {
            created_utc: utc,
            bytes: bytes as u64,
            athletes: athletes as u32,
            activities: activities as u32,
            path: parts.next().unwrap_or_default().to_string(),
        }))
    }

    /// Backs up into `out` as a background job (kind `backup`), with progress events.
    pub fn start_backup(self: &Arc<Self>, out: PathBuf, pass: SecretString) -> Result<JobId> {
        self.start_backup_then(out, pass, |_| Ok(()))
    }

    fn start_backup_then(
        self: &Arc<Self>,
        out: PathBuf,
        pass: SecretString,
        after: impl FnOnce(&App) -> Result<()> + Send + 'static,
    ) -> Result<JobId> {
        let app = self.clone();
        let id = self
            .jobs
            .jobs
            .start(kind::BACKUP, None, move |ctx| {
                crate::jobs::recorded(&app, ctx, || {
                    let mut last = (Stage::Copy, 0u64);
                    let s = app
                        .backup_to(&out, &pass, &mut |stage, done, total| {
                            // Every 1 %: a 1 GB vault must not flood the window with events.
                            if stage != last.0 || done >= last.1 + total / 100 || done == total {
                                last = (stage, done);
                                ctx.progress(JobPayload::BackupProgress(BackupProgress {
                                    done,
                                    total,
                                }));
                            }
                        })
                        .map_err(|e| e.to_string())?;
                    after(&app).map_err(|e| e.to_string())?;
                    Ok(JobPayload::BackedUp(s))
                })
            })
            .map_err(crate::jobs::busy)?;
        Ok(id.0)
    }

    /// Backs up into `folder` under a dated name, as a job ("Back up now").
    pub fn start_backup_into(self: &Arc<Self>, folder: &Path, pass: SecretString) -> Result<JobId> {
        if !folder.is_dir() {
            return Err(AppError::InvalidInput(format!(
                "the backup folder {} does not exist; choose another",
                folder.display()
            )));
        }
        let out = folder.join(store_backup::backup_file_name(self.now()));
        self.start_backup(out, pass)
    }

    /// The Backups card: the last backup and the schedule.
    pub fn backup_overview(&self) -> Result<paceline_types::BackupOverview> {
        Ok(paceline_types::BackupOverview {
            last: self.last_backup()?,
            schedule: self.backup_schedule_info()?,
        })
    }

    /// Restores the backup `file` into `cfg`'s data folder. The vault there must not be
    /// open (quit the app first); it is replaced only once the backup has been
    /// verified, and kept as it was on any error. A new computer: the data folder is
    /// empty, and the restore creates its vault key.
    pub fn restore(
        cfg: &Config,
        file: &Path,
        pass: &SecretString,
        progress: BackupProgressFn,
    ) -> Result<RestoreReport> {
        Ok(store_backup::restore(
            &cfg.data_dir,
            file,
            pass,
            &cfg.keys,
            progress,
        )?)
    }

    /// The header of a backup file (what it holds, when it was made).
    pub fn backup_header(file: &Path) -> Result<BackupHeader> {
        Ok(store_backup::read_header(file)?)
    }

    /// Sets (or with `None`, removes) the backup schedule. A schedule needs the
    /// passphrase its backups are sealed with, given now or stored before.
    pub fn set_backup_schedule(
        self: &Arc<Self>,
        schedule: Option<&BackupSchedule>,
        pass: Option<&SecretString>,
    ) -> Result<Option<i64>> {
        let Some(s) = schedule else {
            for key in [FOLDER, WHEN, KEEP] {
                self.store.set_setting(key, "")?;
            }
            self.store.delete_secret(BACKUP_PASSPHRASE_SECRET)?;
            self.unschedule(BACKUP_SCHEDULE);
            return Ok(None);
        };
        s.schedule
            .validate()
            .map_err(|e| AppError::InvalidInput(e.to_string()))?;
        if s.keep == 0 {
            return Err(AppError::InvalidInput(
                "keep at least one backup (--keep 1 or more)".into(),
            ));
        }
        if !s.folder.is_dir() {
            return Err(AppError::InvalidInput(format!(
                "the backup folder {} does not exist; create it first",
                s.folder.display()
            )));
        }
        match pass {
            Some(p) => {
                if paceline_store::ExposeSecret::expose_secret(p)
                    .chars()
                    .count()
                    < store_backup::MIN_PASSPHRASE_CHARS
                {
                    return Err(paceline_store::Error::from(BackupError::WeakPassphrase).into());
                }
                self.store.put_secret(BACKUP_PASSPHRASE_SECRET, p)?
            }
            None if self.store.secret(BACKUP_PASSPHRASE_SECRET)?.is_none() => {
                return Err(AppError::InvalidInput(
                    "scheduled backups need a passphrase: give one".into(),
                ))
            }
            None => {}
        }
        self.store
            .set_setting(FOLDER, &s.folder.display().to_string())?;
        self.store.set_setting(WHEN, &s.schedule.to_string())?;
        self.store.set_setting(KEEP, &s.keep.to_string())?;
        self.resume_backup_schedule()
    }

    /// The stored backup schedule, if one is set.
    pub fn backup_schedule(&self) -> Result<Option<BackupSchedule>> {
        let get =
            |k| -> Result<Option<String>> { Ok(self.store.setting(k)?.filter(|v| !v.is_empty())) };
        let (Some(folder), Some(when), Some(keep)) = (get(FOLDER)?, get(WHEN)?, get(KEEP)?) else {
            return Ok(None);
        };
        let schedule = Schedule::parse(&when).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Some(BackupSchedule {
            folder: folder.into(),
            schedule,
            keep: keep.parse().unwrap_or(1),
        }))
    }

    /// The schedule as the window shows it.
    pub fn backup_schedule_info(&self) -> Result<Option<BackupScheduleInfo>> {
        let next = self
            .schedules()
            .into_iter()
            .find(|(n, _, _)| n == BACKUP_SCHEDULE)
            .map(|(_, _, due)| due);
        Ok(self.backup_schedule()?.map(|s| BackupScheduleInfo {
            folder: s.folder.display().to_string(),
            schedule: s.schedule.to_string(),
            keep: s.keep,
            next_utc: next,
        }))
    }

    /// Registers the stored schedule with the app's scheduler (the shell calls this at
    /// start); returns when it is first due.
    pub fn resume_backup_schedule(self: &Arc<Self>) -> Result<Option<i64>> {
        let Some(s) = self.backup_schedule()? else {
            return Ok(None);
        };
        let first = self.schedule(BACKUP_SCHEDULE, s.schedule.clone(), |app| {
            app.run_scheduled_backup()
        })?;
        Ok(Some(first))
    }

    /// One scheduled backup: into the folder under a dated name, then rotation.
    pub fn run_scheduled_backup(self: &Arc<Self>) -> Result<JobId> {
        let s = self
            .backup_schedule()?
            .ok_or_else(|| AppError::InvalidInput("no backup schedule is set".into()))?;
        let pass = self
            .store
            .secret(BACKUP_PASSPHRASE_SECRET)?
            .ok_or_else(|| {
                AppError::InvalidInput(
                    "the passphrase of scheduled backups is missing; set the schedule again".into(),
                )
            })?;
        let out = s.folder.join(store_backup::backup_file_name(self.now()));
        let (folder, keep) = (s.folder.clone(), s.keep as usize);
        self.start_backup_then(out, pass, move |_| {
            store_backup::rotate(&folder, keep)?;
            Ok(())
        })
    }
}
