//! Groups of athletes and their weekly digests, with WhatsApp delivery. The vault's
//! groups are not scoped to the athlete the window shows; the athlete's own digest is.
//! No reply ever carries the WhatsApp token.

use paceline_types::{
    args, cmd, AthleteId, DeliveryInfo, DigestView, GroupInfo, Passphrase, SavedDigest,
    WhatsAppSettings, WireError,
};

use super::{athlete, call, call_unit};

/// Every group with its members, schedule and newest digest's week.
pub async fn groups() -> Result<Vec<GroupInfo>, WireError> {
    call(cmd::GROUPS, &args::GroupsArgs {}).await
}

/// Adds a group (IANA `tz`; `schedule` like `mon 07:00` in its zone, `None`: on demand).
pub async fn add_group(
    name: String,
    tz: String,
    members: Vec<AthleteId>,
    schedule: Option<String>,
) -> Result<GroupInfo, WireError> {
    let a = args::AddGroupArgs {
        name,
        tz,
        members,
        schedule,
    };
    call(cmd::ADD_GROUP, &a).await
}

/// Renames a group or moves it to another zone.
pub async fn update_group(id: i64, name: String, tz: String) -> Result<GroupInfo, WireError> {
    call(cmd::UPDATE_GROUP, &args::UpdateGroupArgs { id, name, tz }).await
}

pub async fn set_group_members(id: i64, members: Vec<AthleteId>) -> Result<GroupInfo, WireError> {
    let a = args::SetGroupMembersArgs { id, members };
    call(cmd::SET_GROUP_MEMBERS, &a).await
}

/// `mon 07:00`, a full schedule, or `off`.
pub async fn set_group_schedule(id: i64, schedule: String) -> Result<GroupInfo, WireError> {
    let a = args::SetGroupScheduleArgs { id, schedule };
    call(cmd::SET_GROUP_SCHEDULE, &a).await
}

/// The group's own WhatsApp recipient; `None`: the default one.
pub async fn set_group_whatsapp(
    id: i64,
    recipient: Option<String>,
) -> Result<GroupInfo, WireError> {
    let a = args::SetGroupWhatsappArgs { id, recipient };
    call(cmd::SET_GROUP_WHATSAPP, &a).await
}

pub async fn delete_group(id: i64) -> Result<(), WireError> {
    call_unit(cmd::DELETE_GROUP, &args::DeleteGroupArgs { id }).await
}

/// Generates (or regenerates) and stores a group's digest of `week` (default: the
/// last full week in the group's zone).
pub async fn generate_digest(group_id: i64, week: Option<String>) -> Result<DigestView, WireError> {
    let a = args::GenerateDigestArgs { group_id, week };
    call(cmd::GENERATE_DIGEST, &a).await
}

/// A group's stored digest of `week` (default: the newest), or none.
pub async fn group_digest(
    group_id: i64,
    week: Option<String>,
) -> Result<Option<DigestView>, WireError> {
    let a = args::GroupDigestArgs { group_id, week };
    call(cmd::GROUP_DIGEST, &a).await
}

/// The shown athlete's own digest of `week` (default: their last full week); not stored.
pub async fn athlete_digest(week: Option<String>) -> Result<DigestView, WireError> {
    let a = args::AthleteDigestArgs {
        athlete_id: athlete(),
        week,
    };
    call(cmd::ATHLETE_DIGEST, &a).await
}

/// Sends a stored digest to WhatsApp; a failed delivery is an `Ok` whose row says why.
pub async fn send_digest(digest_id: i64, again: bool) -> Result<DeliveryInfo, WireError> {
    let a = args::SendDigestArgs { digest_id, again };
    call(cmd::SEND_DIGEST, &a).await
}

/// Saves a stored digest into `folder` (Markdown, HTML, PNG).
pub async fn save_digest(digest_id: i64, folder: String) -> Result<SavedDigest, WireError> {
    let a = args::SaveDigestArgs { digest_id, folder };
    call(cmd::SAVE_DIGEST, &a).await
}

pub async fn whatsapp_settings() -> Result<WhatsAppSettings, WireError> {
    call(cmd::WHATSAPP_SETTINGS, &args::WhatsappSettingsArgs {}).await
}

/// Sets up WhatsApp delivery; an empty token keeps the stored one.
pub async fn set_whatsapp(
    phone_number_id: String,
    recipient: String,
    token: String,
) -> Result<WhatsAppSettings, WireError> {
    let a = args::SetWhatsappArgs {
        phone_number_id,
        recipient,
        token: Passphrase(token),
    };
    call(cmd::SET_WHATSAPP, &a).await
}

/// Turns WhatsApp delivery off and forgets the token.
pub async fn clear_whatsapp() -> Result<(), WireError> {
    call_unit(cmd::CLEAR_WHATSAPP, &args::ClearWhatsappArgs {}).await
}
