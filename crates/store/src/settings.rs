//! Key/value settings as JSON values, e.g. the unit system.

use rusqlite::OptionalExtension;
use serde::{de::DeserializeOwned, Serialize};

use crate::{Error, Result, Store};

impl Store {
    pub fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let raw: Option<String> = self.read(|c| {
            Ok(
                c.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?,
            )
        })?;
        raw.map(|v| {
            serde_json::from_str(&v).map_err(|e| Error::Damaged(format!("setting {key}: {e}")))
        })
        .transpose()
    }

    pub fn set_setting<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let json = serde_json::to_string(value).expect("settings serialize");
        self.write(|c| {
            c.execute(
                "INSERT INTO setting(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json),
            )?;
            Ok(())
        })
    }
}
