//! Groups of athletes and their weekly digests, with the delivery log.

use serde::{Deserialize, Serialize};

use crate::AthleteId;

/// A member of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupMember {
    pub id: AthleteId,
    pub name: String,
}

/// A group as the Groups page and `paceline groups list` show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupInfo {
    pub id: i64,
    pub name: String,
    /// IANA zone its week and schedule are read in.
    pub tz: String,
    /// `mon 07:00 Europe/Berlin`; `None`: generated only on demand.
    pub schedule: Option<String>,
    /// When the scheduled digest is next due (Unix seconds), when scheduled.
    pub next_due_utc: Option<i64>,
    /// The WhatsApp recipient of this group; `None`: the vault's default.
    pub whatsapp_recipient: Option<String>,
    pub members: Vec<GroupMember>,
    /// The newest generated digest's week, `2026-W48`.
    pub last_week: Option<String>,
}

/// One delivery of a digest: to WhatsApp or a folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryInfo {
    pub id: i64,
    /// `whatsapp`, `folder`.
    pub channel: String,
    pub target: Option<String>,
    /// `pending`, `sent`, `failed`.
    pub status: String,
    pub attempts: u32,
    /// Messages sent so far (a retry resumes after them).
    pub parts_sent: u32,
    pub error: Option<String>,
    pub created_utc: i64,
    pub updated_utc: i64,
}

/// A generated digest, ready to show, copy or send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestView {
    /// The stored digest (0 for an athlete's own digest, which is not stored).
    pub id: i64,
    pub group_id: Option<i64>,
    pub title: String,
    /// `2026-W48`.
    pub week: String,
    /// `2026-11-23`.
    pub monday: String,
    pub sunday: String,
    pub created_utc: i64,
    pub markdown: String,
    /// A whole page with the chart inline (a data URL), for the app's view.
    pub html: String,
    /// The WhatsApp text.
    pub whatsapp: String,
    /// The chart, PNG as base64 (empty when there is none).
    pub png_base64: String,
    /// Newest first.
    pub deliveries: Vec<DeliveryInfo>,
}

/// WhatsApp Cloud API delivery settings (the token itself never leaves the vault).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WhatsAppSettings {
    pub phone_number_id: Option<String>,
    /// The default recipient: a phone number or a group id.
    pub recipient: Option<String>,
    pub token_set: bool,
    /// Where the API is (`PACELINE_WHATSAPP_URL` or Meta's).
    pub base_url: String,
}

/// Files a digest was saved as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedDigest {
    pub markdown: String,
    pub html: String,
    pub png: Option<String>,
}
