//! Groups and their weekly digests: list and edit groups, generate, show, save and
//! send a digest, the WhatsApp settings. No command ever answers the token.

use std::path::Path;

use paceline_app::SecretString;
use paceline_types::{
    AthleteId, DeliveryInfo, DigestView, GroupInfo, Passphrase, SavedDigest, WhatsAppSettings,
};
use tauri::State;

use super::Reply;
use crate::Shell;

#[tauri::command(async)]
pub fn groups(shell: State<'_, Shell>) -> Reply<Vec<GroupInfo>> {
    Ok(shell.app()?.groups()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn add_group(
    shell: State<'_, Shell>,
    name: String,
    tz: String,
    members: Vec<AthleteId>,
    schedule: Option<String>,
) -> Reply<GroupInfo> {
    Ok(shell
        .app()?
        .add_group(&name, &tz, &members, schedule.as_deref())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn update_group(
    shell: State<'_, Shell>,
    id: i64,
    name: String,
    tz: String,
) -> Reply<GroupInfo> {
    Ok(shell.app()?.update_group(id, &name, &tz)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn set_group_members(
    shell: State<'_, Shell>,
    id: i64,
    members: Vec<AthleteId>,
) -> Reply<GroupInfo> {
    Ok(shell.app()?.set_group_members(id, &members)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn set_group_schedule(shell: State<'_, Shell>, id: i64, schedule: String) -> Reply<GroupInfo> {
    Ok(shell.app()?.set_group_schedule(id, &schedule)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn set_group_whatsapp(
    shell: State<'_, Shell>,
    id: i64,
    recipient: Option<String>,
) -> Reply<GroupInfo> {
    Ok(shell.app()?.set_group_whatsapp(id, recipient.as_deref())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn delete_group(shell: State<'_, Shell>, id: i64) -> Reply<()> {
    Ok(shell.app()?.delete_group(id)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn generate_digest(
    shell: State<'_, Shell>,
    group_id: i64,
    week: Option<String>,
) -> Reply<DigestView> {
    Ok(shell
        .app()?
        .generate_group_digest(group_id, week.as_deref())?)
}

#[tauri::command(async)]
pub fn group_digest(
    shell: State<'_, Shell>,
    group_id: i64,
    week: Option<String>,
) -> Reply<Option<DigestView>> {
    Ok(shell.app()?.group_digest(group_id, week.as_deref())?)
}

#[tauri::command(async)]
pub fn athlete_digest(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    week: Option<String>,
) -> Reply<DigestView> {
    Ok(shell.app()?.athlete(athlete_id)?.digest(week.as_deref())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn send_digest(shell: State<'_, Shell>, digest_id: i64, again: bool) -> Reply<DeliveryInfo> {
    Ok(shell.app()?.send_digest(digest_id, again)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn save_digest(shell: State<'_, Shell>, digest_id: i64, folder: String) -> Reply<SavedDigest> {
    Ok(shell.app()?.save_digest(digest_id, Path::new(&folder))?)
}

#[tauri::command(async)]
pub fn whatsapp_settings(shell: State<'_, Shell>) -> Reply<WhatsAppSettings> {
    Ok(shell.app()?.whatsapp_settings()?)
}

// Not instrumented: the token must not reach a log line.
#[tauri::command(async)]
pub fn set_whatsapp(
    shell: State<'_, Shell>,
    phone_number_id: String,
    recipient: String,
    token: Passphrase,
) -> Reply<WhatsAppSettings> {
    let token = (!token.0.trim().is_empty()).then(|| SecretString::from(token.0));
    Ok(shell
        .app()?
        .set_whatsapp(&phone_number_id, &recipient, token.as_ref())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn clear_whatsapp(shell: State<'_, Shell>) -> Reply<()> {
    Ok(shell.app()?.clear_whatsapp()?)
}
