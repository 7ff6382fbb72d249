//! Delivering a digest: to a folder (Markdown, HTML and the PNG beside them) or to a
//! WhatsApp group through the WhatsApp Business Cloud API (the text, split at 4,096
//! characters, then the chart as an image message).
//!
//! Every delivery has a log row. A WhatsApp delivery records each message as it goes
//! out, so a delivery that failed half-way resumes after the last message that went
//! out: nothing is sent twice, and a digest already sent is only sent again when asked.

use std::path::Path;

use paceline_store::{DeliveryRow, DeliveryUpdate, ExposeSecret, SecretString};
use paceline_types::{DeliveryInfo, SavedDigest, WhatsAppSettings};
use paceline_whatsapp::{Part, PartOutcome, Recipient, RetryPolicy};

use super::digest::{chart_file, file_stem};
use super::invalid;
use crate::{App, AppError, Result};

/// Overrides the Cloud API's base URL (tests, proxies).
pub const WHATSAPP_URL_ENV: &str = paceline_whatsapp::URL_ENV;
/// Milliseconds of the first retry's wait (tests set a few).
const BACKOFF_ENV: &str = "PACELINE_WHATSAPP_BACKOFF_MS";
/// The vault secret holding the Cloud API access token.
pub const WHATSAPP_TOKEN_SECRET: &str = "whatsapp/token";
const PHONE_KEY: &str = "whatsapp.phone_number_id";
const RECIPIENT_KEY: &str = "whatsapp.recipient";

pub(crate) fn delivery_info(r: DeliveryRow) -> DeliveryInfo {
    DeliveryInfo {
        id: r.id,
        channel: r.channel,
        target: r.target,
        status: r.status,
        attempts: r.attempts.max(0) as u32,
        parts_sent: r.parts_sent.max(0) as u32,
        error: r.error,
        created_utc: r.created_utc,
        updated_utc: r.updated_utc,
    }
}

fn not_set_up() -> AppError {
    invalid(
        "WhatsApp is not set up: paceline digest whatsapp --phone-number-id ID --recipient ID \
         --token-env VAR (or Groups › WhatsApp in the app)",
    )
}

fn retry_policy() -> RetryPolicy {
    match std::env::var(BACKOFF_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        Some(ms) => RetryPolicy {
            base_delay: std::time::Duration::from_millis(ms),
            max_delay: std::time::Duration::from_millis(ms.saturating_mul(10)),
            ..RetryPolicy::default()
        },
        None => RetryPolicy::default(),
    }
}

/// Writes `bytes` to `path` through a temporary file, so a reader never sees half a file.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("part");
    let io = |e: std::io::Error| AppError::InvalidInput(format!("{}: {e}", path.display()));
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

impl App {
    /// The WhatsApp settings (the token is only said to be there or not).
    pub fn whatsapp_settings(&self) -> Result<WhatsAppSettings> {
        let get = |k: &str| -> Result<Option<String>> {
            Ok(self.store.setting(k)?.filter(|v| !v.is_empty()))
        };
        Ok(WhatsAppSettings {
            phone_number_id: get(PHONE_KEY)?,
            recipient: get(RECIPIENT_KEY)?,
            token_set: self.secret(WHATSAPP_TOKEN_SECRET)?.is_some(),
            base_url: paceline_whatsapp::base_url_from_env()
                .map(|u| u.to_string())
                .unwrap_or_else(|e| e.to_string()),
        })
    }

    /// Sets up WhatsApp delivery: the Cloud API phone-number id, the default recipient
    /// (a phone number or a group id) and, when given, the access token (kept as a
    /// secret; `None` keeps the one stored).
    pub fn set_whatsapp(
        &self,
        phone_number_id: &str,
        recipient: &str,
        token: Option<&SecretString>,
    ) -> Result<WhatsAppSettings> {
        let phone = phone_number_id.trim();
        if phone.is_empty() || !phone.chars().all(|c| c.is_ascii_digit()) || phone.len() > 32 {
            return Err(invalid(
                "the phone-number id is the number Meta's WhatsApp Manager shows for the \
                 sending number (digits only)",
            ));
        }
        let recipient = recipient.trim();
        Recipient::parse(recipient).map_err(|e| invalid(e.to_string()))?;
        match token {
            Some(t) if t.expose_secret().trim().is_empty() => {
                return Err(invalid("the WhatsApp access token is empty"))
            }
            Some(t) => self.put_secret(WHATSAPP_TOKEN_SECRET, t)?,
            None if self.secret(WHATSAPP_TOKEN_SECRET)?.is_none() => {
                return Err(invalid(
                    "give the access token (--token-env VAR names the variable holding it)",
                ))
            }
            None => {}
        }
        self.store.set_setting(PHONE_KEY, phone)?;
        self.store.set_setting(RECIPIENT_KEY, recipient)?;
        self.whatsapp_settings()
    }

    /// Forgets the WhatsApp settings and token.
    pub fn clear_whatsapp(&self) -> Result<()> {
        self.delete_secret(WHATSAPP_TOKEN_SECRET)?;
        self.store.set_setting(PHONE_KEY, "")?;
        self.store.set_setting(RECIPIENT_KEY, "")?;
        Ok(())
    }

    pub(crate) fn whatsapp_configured(&self) -> bool {
        self.whatsapp_settings()
            .map(|s| s.token_set && s.phone_number_id.is_some() && s.recipient.is_some())
            .unwrap_or(false)
    }

    /// Sends a stored digest to its group's WhatsApp recipient: the text, then the
    /// chart. A delivery that failed part-way resumes after what went out; one already
    /// sent is refused unless `again`. The outcome is in the returned log row (a failed
    /// delivery is not an `Err`: its reason is in `error`).
    pub fn send_digest(&self, digest_id: i64, again: bool) -> Result<DeliveryInfo> {
        let row = self.store.digest(digest_id)?;
        let group = self.store.group(row.group_id)?;
        let settings = self.whatsapp_settings()?;
        let (Some(phone), Some(default_to)) = (settings.phone_number_id, settings.recipient) else {
            return Err(not_set_up());
        };
        let token = self.secret(WHATSAPP_TOKEN_SECRET)?.ok_or_else(not_set_up)?;
        let to = group.whatsapp_recipient.clone().unwrap_or(default_to);
        let recipient = Recipient::parse(&to).map_err(|e| invalid(e.to_string()))?;

        let log: Vec<DeliveryRow> = self
            .store
            .deliveries(digest_id)?
            .into_iter()
            .filter(|d| d.channel == "whatsapp" && d.target.as_deref() == Some(to.as_str()))
            .collect();
        if let Some(sent) = log.iter().find(|d| d.status == "sent") {
            if !again {
                return Err(invalid(format!(
                    "the {} digest of “{}” was already sent to {to} (delivery {}); send it again with --again",
                    row.week, group.name, sent.id
                )));
            }
        }
        // Resume the newest unfinished delivery, else open a new one.
        let resume = log.first().filter(|d| d.status != "sent").cloned();
        let (id, mut attempts, mut parts_sent, mut ids) = match resume {
            Some(d) => (
                d.id,
                d.attempts,
                d.parts_sent,
                d.message_ids.unwrap_or_default(),
            ),
            None => (
                self.store
                    .add_delivery(digest_id, "whatsapp", Some(&to), self.now())?,
                0,
                0,
                String::new(),
            ),
        };
        attempts += 1;

        let mut cfg = paceline_whatsapp::Config::new(&phone, token, recipient);
        cfg.base_url =
            paceline_whatsapp::base_url_from_env().map_err(|e| invalid(e.to_string()))?;
        cfg.retry = retry_policy();
        let caption = format!("{} · {}", group.name, row.week);
        let png = row
            .png
            .clone()
            .map(|p| (p, chart_file(&group.name, &row.week)));

        let update = |status: &str, parts: i64, ids: &str, error: Option<&str>| {
            self.store.update_delivery(
                id,
                &DeliveryUpdate {
                    status,
                    attempts,
                    parts_sent: parts,
                    message_ids: (!ids.is_empty()).then_some(ids),
                    error,
                    now_utc: self.now(),
                },
            )
        };
        update("pending", parts_sent, &ids, None)?;

        // The parts sent by an earlier try: the text's messages in order, then the chart.
        let of =
            paceline_whatsapp::split_text(&row.whatsapp, paceline_whatsapp::MAX_TEXT_CHARS).len();
        let done: Vec<Part> = (0..of)
            .map(|index| Part::Text { index, of })
            .chain(std::iter::once(Part::Image))
            .take(usize::try_from(parts_sent).unwrap_or(0))
            .collect();
        let outcome = self.block_on(async {
            let client = paceline_whatsapp::Client::new(cfg)?;
            // Each message is recorded as it goes out, so a later try resumes after it.
            let mut sent = |_: Part, o: PartOutcome| {
                if let PartOutcome::Sent(m) = o {
                    parts_sent += 1;
                    if !ids.is_empty() {
                        ids.push(',');
                    }
                    ids.push_str(m.as_str());
                    if let Err(e) = update("pending", parts_sent, &ids, None) {
                        tracing::warn!(error = %e, "delivery progress not recorded");
                    }
                }
            };
            client
                .send_digest_resume(&row.whatsapp, png, Some(&caption), &done, &mut sent)
                .await
        });
        match outcome {
            Ok(_) => {
                update("sent", parts_sent, &ids, None)?;
                tracing::info!(digest = digest_id, delivery = id, "digest sent to WhatsApp");
            }
            Err(e) => {
                let reason = e.to_string();
                update("failed", parts_sent, &ids, Some(&reason))?;
                tracing::warn!(digest = digest_id, delivery = id, error = %reason, "digest not sent");
            }
        }
        Ok(delivery_info(self.store.delivery(id)?))
    }

    /// Saves a stored digest into `dir` as Markdown, HTML and the chart's PNG beside
    /// them, and logs it.
    pub fn save_digest(&self, digest_id: i64, dir: &Path) -> Result<SavedDigest> {
        let row = self.store.digest(digest_id)?;
        let group = self.store.group(row.group_id)?;
        let saved = save_files(
            dir,
            &file_stem(&group.name, &row.week),
            &row.markdown,
            &row.html,
            row.png.as_deref(),
        )?;
        let id = self.store.add_delivery(
            digest_id,
            "folder",
            Some(&dir.display().to_string()),
            self.now(),
        )?;
        self.store.update_delivery(
            id,
            &DeliveryUpdate {
                status: "sent",
                attempts: 1,
                parts_sent: 2 + i64::from(saved.png.is_some()),
                message_ids: None,
                error: None,
                now_utc: self.now(),
            },
        )?;
        Ok(saved)
    }
}

impl crate::AthleteScope<'_> {
    /// Saves the athlete's own digest of `week` into `dir`.
    pub fn save_digest(&self, week: Option<&str>, dir: &Path) -> Result<SavedDigest> {
        let r = self.digest_files(week)?;
        save_files(
            dir,
            &file_stem(&r.digest.title, &r.digest.week),
            &r.markdown,
            &r.html,
            r.png.as_deref(),
        )
    }
}

/// Writes `<stem>.md`, `<stem>.html` and `<stem>.png` into `dir` (made if missing).
fn save_files(
    dir: &Path,
    stem: &str,
    markdown: &str,
    html: &str,
    png: Option<&[u8]>,
) -> Result<SavedDigest> {
    std::fs::create_dir_all(dir)
        .map_err(|e| AppError::InvalidInput(format!("{}: {e}", dir.display())))?;
    let md = dir.join(format!("{stem}.md"));
    let page = dir.join(format!("{stem}.html"));
    write_atomic(&md, markdown.as_bytes())?;
    write_atomic(&page, html.as_bytes())?;
    let png = match png {
        Some(bytes) => {
            let p = dir.join(format!("{stem}.png"));
            write_atomic(&p, bytes)?;
            Some(p.display().to_string())
        }
        None => None,
    };
    Ok(SavedDigest {
        markdown: md.display().to_string(),
        html: page.display().to_string(),
        png,
    })
}
