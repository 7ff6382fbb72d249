//! Backups: the Settings › Backups card.

use paceline_types::{args, cmd, BackupOverview, JobId, Passphrase, WireError};

use super::{call, call_unit};

pub async fn backup_status() -> Result<BackupOverview, WireError> {
    call(cmd::BACKUP_STATUS, &args::BackupStatusArgs {}).await
}

/// Starts a backup job into `folder`; answers its id.
pub async fn backup_now(folder: &str, passphrase: String) -> Result<JobId, WireError> {
    let a = args::BackupNowArgs {
        folder: folder.into(),
        passphrase: Passphrase(passphrase),
    };
    call(cmd::BACKUP_NOW, &a).await
}

/// Sets the schedule; an empty passphrase keeps the stored one. Answers when it is
/// first due.
pub async fn set_backup_schedule(
    folder: &str,
    schedule: &str,
    keep: u32,
    passphrase: String,
) -> Result<Option<i64>, WireError> {
    let a = args::SetBackupScheduleArgs {
        folder: folder.into(),
        schedule: schedule.into(),
        keep,
        passphrase: Passphrase(passphrase),
    };
    call(cmd::SET_BACKUP_SCHEDULE, &a).await
}

pub async fn stop_backup_schedule() -> Result<(), WireError> {
    call_unit(cmd::STOP_BACKUP_SCHEDULE, &args::StopBackupScheduleArgs {}).await
}
