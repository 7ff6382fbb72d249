//! Groups of athletes and their weekly digests: a group has members, a time zone, an
//! optional schedule and WhatsApp recipient; each generated digest keeps its rendered
//! forms (JSON, Markdown, HTML, WhatsApp text, the PNG chart) and the athletes it names,
//! and each delivery of it a log row (pending, sent, failed with the reason).
//!
//! Every write is one transaction. A digest regenerated for the same week replaces its
//! content in place and keeps its id, so its delivery log survives.

use paceline_types::AthleteId;
use rusqlite::{params, OptionalExtension};

use crate::{Error, Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    /// IANA zone the schedule and the week are read in.
    pub tz: String,
    /// `mon 07:00 Europe/Berlin`-style schedule text; `None`: not scheduled.
    pub schedule: Option<String>,
    /// Where the digest goes on WhatsApp; `None`: the vault's default recipient.
    pub whatsapp_recipient: Option<String>,
    pub created_utc: i64,
    /// Member athlete ids, ascending.
    pub members: Vec<AthleteId>,
}

/// A stored digest with its rendered forms.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestRow {
    pub id: i64,
    pub group_id: i64,
    /// ISO week, `2026-W48`.
    pub week: String,
    pub created_utc: i64,
    pub json: String,
    pub markdown: String,
    pub html: String,
    pub whatsapp: String,
    pub png: Option<Vec<u8>>,
}

/// What a digest holds, to store it.
pub struct NewDigest<'a> {
    pub group_id: i64,
    pub week: &'a str,
    pub json: &'a str,
    pub markdown: &'a str,
    pub html: &'a str,
    pub whatsapp: &'a str,
    pub png: Option<&'a [u8]>,
    /// The athletes the digest names.
    pub athletes: &'a [AthleteId],
}

/// One delivery of a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRow {
    pub id: i64,
    pub digest_id: i64,
    /// `whatsapp`, `folder`.
    pub channel: String,
    /// The recipient or the folder.
    pub target: Option<String>,
    /// `pending`, `sent`, `failed`.
    pub status: String,
    pub attempts: i64,
    /// How many messages already went out (a retry resumes after them).
    pub parts_sent: i64,
    /// The provider's message ids, comma-separated.
    pub message_ids: Option<String>,
    pub error: Option<String>,
    pub created_utc: i64,
    pub updated_utc: i64,
}

/// An update of a delivery's state.
pub struct DeliveryUpdate<'a> {
    pub status: &'a str,
    pub attempts: i64,
    pub parts_sent: i64,
    pub message_ids: Option<&'a str>,
    pub error: Option<&'a str>,
    pub now_utc: i64,
}

const GROUP_COLS: &str = "id, name, tz, schedule, whatsapp_recipient, created_utc";

fn group_row(r: &rusqlite::Row) -> rusqlite::Result<GroupRow> {
    Ok(GroupRow {
        id: r.get(0)?,
        name: r.get(1)?,
        tz: r.get(2)?,
        schedule: r.get(3)?,
        whatsapp_recipient: r.get(4)?,
        created_utc: r.get(5)?,
        members: Vec::new(),
    })
}

const DIGEST_COLS: &str = "id, group_id, week, created_utc, json, markdown, html, whatsapp, png";

fn digest_row(r: &rusqlite::Row) -> rusqlite::Result<DigestRow> {
    Ok(DigestRow {
        id: r.get(0)?,
        group_id: r.get(1)?,
        week: r.get(2)?,
        created_utc: r.get(3)?,
        json: r.get(4)?,
        markdown: r.get(5)?,
        html: r.get(6)?,
        whatsapp: r.get(7)?,
        png: r.get(8)?,
    })
}

const DELIVERY_COLS: &str = "id, digest_id, channel, target, status, attempts, parts_sent,
    message_ids, error, created_utc, updated_utc";

fn delivery_row(r: &rusqlite::Row) -> rusqlite::Result<DeliveryRow> {
    Ok(DeliveryRow {
        id: r.get(0)?,
        digest_id: r.get(1)?,
        channel: r.get(2)?,
        target: r.get(3)?,
        status: r.get(4)?,
        attempts: r.get(5)?,
        parts_sent: r.get(6)?,
        message_ids: r.get(7)?,
        error: r.get(8)?,
        created_utc: r.get(9)?,
        updated_utc: r.get(10)?,
    })
}

fn missing(what: &'static str, id: i64) -> Error {
    Error::Missing { what, id }
}

fn members(c: &rusqlite::Connection, group: i64) -> Result<Vec<AthleteId>> {
    let mut st = c.prepare_cached(
        "SELECT athlete_id FROM group_member WHERE group_id = ?1 ORDER BY athlete_id",
    )?;
    let rows = st.query_map([group], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Adds a group; the name must be unused (ignoring case: the caller checks and
    /// says so, the UNIQUE constraint is the backstop).
    pub fn add_group(&self, name: &str, tz: &str, now_utc: i64) -> Result<i64> {
        self.write(|c| {
            c.execute(
                "INSERT INTO athlete_group(name, tz, created_utc) VALUES (?1, ?2, ?3)",
                params![name, tz, now_utc],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    /// Every group with its members, by name.
    pub fn groups(&self) -> Result<Vec<GroupRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {GROUP_COLS} FROM athlete_group ORDER BY name COLLATE NOCASE"
            ))?;
            let mut out: Vec<GroupRow> = st
                .query_map([], group_row)?
                .collect::<rusqlite::Result<_>>()?;
            for g in &mut out {
                g.members = members(c, g.id)?;
            }
            Ok(out)
        })
    }

    pub fn group(&self, id: i64) -> Result<GroupRow> {
        self.read(|c| {
            let mut g = c
                .query_row(
                    &format!("SELECT {GROUP_COLS} FROM athlete_group WHERE id = ?1"),
                    [id],
                    group_row,
                )
                .optional()?
                .ok_or(missing("group", id))?;
            g.members = members(c, id)?;
            Ok(g)
        })
    }

    /// Renames a group, or changes its zone, schedule or WhatsApp recipient.
    pub fn update_group(
        &self,
        id: i64,
        name: &str,
        tz: &str,
        schedule: Option<&str>,
        whatsapp_recipient: Option<&str>,
    ) -> Result<()> {
        self.write(|c| {
            let n = c.execute(
                "UPDATE athlete_group SET name = ?2, tz = ?3, schedule = ?4, whatsapp_recipient = ?5
                 WHERE id = ?1",
                params![id, name, tz, schedule, whatsapp_recipient],
            )?;
            (n == 1).then_some(()).ok_or(missing("group", id))
        })
    }

    /// Replaces the group's members (all or nothing: an unknown athlete changes nothing).
    pub fn set_group_members(&self, id: i64, athletes: &[AthleteId]) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            tx.query_row(
                "SELECT 1 FROM athlete_group WHERE id = ?1",
                [id],
                |_| Ok(()),
            )
            .optional()?
            .ok_or(missing("group", id))?;
            tx.execute("DELETE FROM group_member WHERE group_id = ?1", [id])?;
            for a in athletes {
                crate::athletes::exists(&tx, *a)?;
                tx.execute(
                    "INSERT OR IGNORE INTO group_member(group_id, athlete_id) VALUES (?1, ?2)",
                    [id, *a],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    /// Deletes a group with its digests and their delivery logs; the athletes stay.
    pub fn delete_group(&self, id: i64) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "DELETE FROM digest_member WHERE digest_id IN (SELECT id FROM digest WHERE group_id = ?1)",
                [id],
            )?;
            tx.execute(
                "DELETE FROM digest_delivery WHERE digest_id IN (SELECT id FROM digest WHERE group_id = ?1)",
                [id],
            )?;
            tx.execute("DELETE FROM digest WHERE group_id = ?1", [id])?;
            tx.execute("DELETE FROM group_member WHERE group_id = ?1", [id])?;
            let n = tx.execute("DELETE FROM athlete_group WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(missing("group", id));
            }
            tx.commit()?;
            Ok(())
        })
    }

    /// Stores a group's digest for a week, replacing that week's content in place (the
    /// id and the delivery log stay). Returns the digest id.
    pub fn put_digest(&self, d: &NewDigest, now_utc: i64) -> Result<i64> {
        self.write(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO digest(group_id, week, created_utc, json, markdown, html, whatsapp, png)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT(group_id, week) DO UPDATE SET created_utc = excluded.created_utc,
                    json = excluded.json, markdown = excluded.markdown, html = excluded.html,
                    whatsapp = excluded.whatsapp, png = excluded.png",
                params![
                    d.group_id, d.week, now_utc, d.json, d.markdown, d.html, d.whatsapp, d.png
                ],
            )?;
            let id: i64 = tx.query_row(
                "SELECT id FROM digest WHERE group_id = ?1 AND week = ?2",
                params![d.group_id, d.week],
                |r| r.get(0),
            )?;
            tx.execute("DELETE FROM digest_member WHERE digest_id = ?1", [id])?;
            for a in d.athletes {
                tx.execute(
                    "INSERT OR IGNORE INTO digest_member(digest_id, athlete_id) VALUES (?1, ?2)",
                    [id, *a],
                )?;
            }
            tx.commit()?;
            Ok(id)
        })
    }

    pub fn digest(&self, id: i64) -> Result<DigestRow> {
        self.read(|c| {
            c.query_row(
                &format!("SELECT {DIGEST_COLS} FROM digest WHERE id = ?1"),
                [id],
                digest_row,
            )
            .optional()?
            .ok_or(missing("digest", id))
        })
    }

    /// The group's digest of `week`, if generated.
    pub fn digest_of_week(&self, group_id: i64, week: &str) -> Result<Option<DigestRow>> {
        self.read(|c| {
            Ok(c.query_row(
                &format!("SELECT {DIGEST_COLS} FROM digest WHERE group_id = ?1 AND week = ?2"),
                params![group_id, week],
                digest_row,
            )
            .optional()?)
        })
    }

    /// The group's digests, newest week first: (id, week, created).
    pub fn digests(&self, group_id: i64) -> Result<Vec<(i64, String, i64)>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, week, created_utc FROM digest WHERE group_id = ?1 ORDER BY week DESC",
            )?;
            let rows = st.query_map([group_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Opens a delivery of a digest, `pending`.
    pub fn add_delivery(
        &self,
        digest_id: i64,
        channel: &str,
        target: Option<&str>,
        now_utc: i64,
    ) -> Result<i64> {
        self.write(|c| {
            c.execute(
                "INSERT INTO digest_delivery(digest_id, channel, target, status, created_utc, updated_utc)
                 VALUES (?1, ?2, ?3, 'pending', ?4, ?4)",
                params![digest_id, channel, target, now_utc],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    pub fn update_delivery(&self, id: i64, u: &DeliveryUpdate) -> Result<()> {
        self.write(|c| {
            let n = c.execute(
                "UPDATE digest_delivery SET status = ?2, attempts = ?3, parts_sent = ?4,
                    message_ids = ?5, error = ?6, updated_utc = ?7 WHERE id = ?1",
                params![
                    id,
                    u.status,
                    u.attempts,
                    u.parts_sent,
                    u.message_ids,
                    u.error,
                    u.now_utc
                ],
            )?;
            (n == 1).then_some(()).ok_or(missing("delivery", id))
        })
    }

    pub fn delivery(&self, id: i64) -> Result<DeliveryRow> {
        self.read(|c| {
            c.query_row(
                &format!("SELECT {DELIVERY_COLS} FROM digest_delivery WHERE id = ?1"),
                [id],
                delivery_row,
            )
            .optional()?
            .ok_or(missing("delivery", id))
        })
    }

    /// The digest's deliveries, newest first.
    pub fn deliveries(&self, digest_id: i64) -> Result<Vec<DeliveryRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {DELIVERY_COLS} FROM digest_delivery WHERE digest_id = ?1 ORDER BY id DESC"
            ))?;
            let rows = st.query_map([digest_id], delivery_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// Deletes what names athlete `id` in groups and digests (inside the athlete's delete
/// transaction): their memberships and every digest that names them, with its log.
pub(crate) fn forget_athlete(tx: &rusqlite::Transaction, id: AthleteId) -> Result<()> {
    let named = "SELECT digest_id FROM digest_member WHERE athlete_id = ?1";
    tx.execute(
        &format!("DELETE FROM digest_delivery WHERE digest_id IN ({named})"),
        [id],
    )?;
    tx.execute(&format!("DELETE FROM digest WHERE id IN ({named})"), [id])?;
    tx.execute("DELETE FROM digest_member WHERE athlete_id = ?1", [id])?;
    tx.execute("DELETE FROM group_member WHERE athlete_id = ?1", [id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KeyOptions;

    fn open_temp() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path(), &KeyOptions::with_passphrase("groups test")).unwrap();
        (dir, s)
    }

    #[test]
    fn a_group_keeps_members_and_a_regenerated_digest_keeps_its_log() {
        let (_dir, s) = open_temp();
        let a = s.add_athlete("Ana", 1).unwrap();
        let b = s.add_athlete("Ben", 1).unwrap();
        let g = s.add_group("Club", "Europe/Berlin", 5).unwrap();
        s.set_group_members(g, &[b, a]).unwrap();
        assert_eq!(s.group(g).unwrap().members, vec![a.min(b), a.max(b)]);
        // An unknown athlete changes nothing.
        assert!(s.set_group_members(g, &[a, 999]).is_err());
        assert_eq!(s.group(g).unwrap().members.len(), 2);

        let new = |md: &'static str| NewDigest {
            group_id: g,
            week: "2026-W48",
            json: "{}",
            markdown: md,
            html: "<p>",
            whatsapp: "*x*",
            png: Some(&[1, 2, 3]),
            athletes: &[],
        };
        let d1 = s.put_digest(&new("one"), 10).unwrap();
        let del = s.add_delivery(d1, "whatsapp", Some("123"), 11).unwrap();
        s.update_delivery(
            del,
            &DeliveryUpdate {
                status: "sent",
                attempts: 2,
                parts_sent: 2,
                message_ids: Some("wamid.1,wamid.2"),
                error: None,
                now_utc: 12,
            },
        )
        .unwrap();
        let d2 = s.put_digest(&new("two"), 20).unwrap();
        assert_eq!(d1, d2);
        assert_eq!(s.digest(d1).unwrap().markdown, "two");
        let log = s.deliveries(d1).unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!((log[0].status.as_str(), log[0].attempts), ("sent", 2));

        s.delete_group(g).unwrap();
        assert!(s.digest(d1).is_err());
        assert!(s.deliveries(d1).unwrap().is_empty());
        assert!(s.groups().unwrap().is_empty());
    }

    #[test]
    fn deleting_an_athlete_deletes_the_digests_that_name_them() {
        let (_dir, s) = open_temp();
        let a = s.add_athlete("Ana", 1).unwrap();
        let b = s.add_athlete("Ben", 1).unwrap();
        let g = s.add_group("Club", "UTC", 5).unwrap();
        s.set_group_members(g, &[a, b]).unwrap();
        let put = |week: &str, athletes: &[AthleteId]| {
            s.put_digest(
                &NewDigest {
                    group_id: g,
                    week,
                    json: "{}",
                    markdown: "",
                    html: "",
                    whatsapp: "",
                    png: None,
                    athletes,
                },
                1,
            )
            .unwrap()
        };
        let both = put("2026-W47", &[a, b]);
        let only_b = put("2026-W48", &[b]);
        s.add_delivery(both, "folder", None, 1).unwrap();
        s.delete_athlete(a).unwrap();
        assert!(s.digest(both).is_err());
        assert!(s.digest(only_b).is_ok());
        assert_eq!(s.group(g).unwrap().members, vec![b]);
    }
}
