//! Schema migrations. Each has a stable name (a date and what it does), so features
//! written in parallel add theirs without colliding on a number. Applied names are
//! recorded in `schema_migration`; each migration runs in its own transaction with that
//! record (and `user_version`, kept equal to the count applied), so a failed one leaves
//! the vault as it was. Append-only: never edit or rename one that has shipped. A vault
//! that records a name this build does not know was written by a newer Paceline and is
//! refused rather than damaged.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

use crate::{Error, Result};

pub(crate) struct Migration {
    /// `YYYY-MM-DD-what`, unique, never changed once shipped.
    pub name: &'static str,
    pub sql: &'static str,
}

use crate::migration_sql::MIGRATIONS;

/// How many migrations this build knows (the `user_version` of an up-to-date vault).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The names of the migrations this build knows, oldest first.
pub fn migration_names() -> impl Iterator<Item = &'static str> {
    MIGRATIONS.iter().map(|m| m.name)
}

pub(crate) fn run(conn: &mut Connection) -> Result<()> {
    run_list(conn, MIGRATIONS)
}

fn run_list(conn: &mut Connection, list: &[Migration]) -> Result<()> {
    let known = list.len() as i64;
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > known {
        return Err(Error::SchemaTooNew { found, known });
    }
    let applied = applied_names(conn, list, found)?;
    if let Some(unknown) = applied.iter().find(|n| !list.iter().any(|m| m.name == **n)) {
        tracing::warn!(migration = %unknown, "vault has a migration this build does not know");
        return Err(Error::SchemaTooNew {
            found: applied.len() as i64,
            known,
        });
    }
    let mut count = applied.len() as i64;
    for m in list.iter().filter(|m| !applied.contains(m.name)) {
        let tx = conn.transaction()?;
        tx.execute_batch(m.sql)?;
        tx.execute("INSERT INTO schema_migration(name) VALUES (?1)", [m.name])?;
        count += 1;
        tx.pragma_update(None, "user_version", count)?;
        tx.commit()?;
        tracing::info!(migration = m.name, "vault schema migrated");
    }
    Ok(())
}

/// Applies the first `count` migrations as a named-migrations build of that time did.
#[cfg(test)]
pub(crate) fn run_first(conn: &mut Connection, count: usize) -> Result<()> {
    run_list(conn, &MIGRATIONS[..count.min(MIGRATIONS.len())])
}

/// Applies the first `count` migrations as a build from before named migrations
/// did (`user_version` only, no `schema_migration`): tests play the previous release.
pub(crate) fn run_legacy(conn: &mut Connection, count: usize) -> Result<()> {
    let tx = conn.transaction()?;
    for m in &MIGRATIONS[..count.min(MIGRATIONS.len())] {
        tx.execute_batch(m.sql)?;
    }
    tx.pragma_update(None, "user_version", count as i64)?;
    tx.commit()?;
    Ok(())
}

/// The names already applied. A vault from before named migrations counted them in
/// `user_version` only: the first `found` of the list are the ones it has.
fn applied_names(conn: &mut Connection, list: &[Migration], found: i64) -> Result<HashSet<String>> {
    let has_table = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !has_table {
        let tx = conn.transaction()?;
        tx.execute_batch("CREATE TABLE schema_migration (name TEXT PRIMARY KEY NOT NULL);")?;
        for m in &list[..found as usize] {
            tx.execute("INSERT INTO schema_migration(name) VALUES (?1)", [m.name])?;
        }
        tx.commit()?;
    }
    let mut st = conn.prepare("SELECT name FROM schema_migration")?;
    let names = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_5_moves_curves_out_of_the_metrics_rows() {
        let mut c = Connection::open_in_memory().unwrap();
        for m in &MIGRATIONS[..4] {
            c.execute_batch(m.sql).unwrap();
        }
        c.pragma_update(None, "user_version", 4).unwrap();
        c.execute_batch(
            "INSERT INTO athlete VALUES (1, 'A', 0);
             INSERT INTO activity(id, athlete_id, name, sport, start_utc, elapsed_s, moving_s,
                 source_format, content_hash, sample_count, imported_utc)
             VALUES (7, 1, 'r', 'ride', 100, 1, 1, 'fit', x'00', 1, 0),
                    (8, 1, 's', 'swim', 200, 1, 1, 'fit', x'01', 1, 0);
             INSERT INTO activity_metrics VALUES (7, 12.5, 'power', '{}', x'0100000000007a43'),
                                                 (8, 3.0, 'pace', '{}', NULL);",
        )
        .unwrap();
        run(&mut c).unwrap();
        let curves: Vec<(i64, Vec<u8>)> = c
            .prepare("SELECT activity_id, curve FROM power_curve")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(curves, vec![(7, vec![1, 0, 0, 0, 0, 0, 0x7a, 0x43])]);
        let cols: Vec<String> = c
            .prepare("SELECT name FROM pragma_table_info('activity_metrics')")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(cols, ["activity_id", "load", "load_source", "json"]);
        // The dashboard's two queries read covering indexes, not the rows.
        let plan = |sql: &str| -> String {
            c.query_row(&format!("EXPLAIN QUERY PLAN {sql}"), [], |r| r.get(3))
                .unwrap()
        };
        assert!(plan("SELECT activity_id, load FROM activity_metrics")
            .contains("COVERING INDEX activity_metrics_load"));
        assert!(plan(
            "SELECT id, start_utc, utc_offset_s, sport FROM activity WHERE athlete_id = 1 ORDER BY start_utc"
        )
        .contains("COVERING INDEX activity_load_days"));
        // The dashboard's loads: the athlete's id span, then a range of the loads.
        assert!(plan(
            "SELECT activity_id, load FROM activity_metrics WHERE activity_id BETWEEN 1 AND 9"
        )
        .contains("COVERING INDEX activity_metrics_load"));
        let span = plan("SELECT min(id), max(id) FROM activity WHERE athlete_id = 1");
        assert!(
            span.contains("COVERING INDEX") && span.contains("(athlete_id=?)"),
            "{span}"
        );
    }
}
