//! Every command's arguments are checked here before its handler runs: one gate for
//! the whole table, so no command can forget it. It bounds what a window can send
//! (text lengths, list sizes, chart sizes, days, ids, paths) and answers a typed
//! `invalid_input` instead of letting an absurd value reach the vault, a renderer or
//! a provider. What a value *means* (a known sport, an existing row) is still the
//! application layer's to check; this is the shape and size of the input.

use paceline_types::{ErrorCode, WireError};
use serde_json::Value;

/// A name (athlete, group, route, section, bike, template, exercise, provider).
pub const MAX_NAME: usize = 200;
/// Any other free text: notes, a chat question, a rule in words, a schedule.
pub const MAX_TEXT: usize = 8 * 1024;
/// A prompt template the athlete edits.
pub const MAX_PROMPT: usize = 256 * 1024;
/// A GPX route's text, picked in the window.
pub const MAX_ROUTE_TEXT: usize = 32 * 1024 * 1024;
/// Entries of one list (files of an import, members, sets, ids).
pub const MAX_LIST: usize = 10_000;
/// A chart's width or height in pixels.
pub const MAX_CHART_PX: i64 = 10_000;
/// Days since 1970-01-01: 1900-01-01 ..= 2199-12-31.
pub const DAYS: std::ops::RangeInclusive<i64> = -25_567..=84_005;
/// A plan calendar or a list of days spans at most this many days.
pub const MAX_SPAN_DAYS: i64 = 3 * 366;

/// Argument keys that hold a row or athlete id (top level): positive.
const ID_KEYS: [&str; 10] = [
    "athleteId",
    "id",
    "jobId",
    "groupId",
    "digestId",
    "runId",
    "sessionId",
    "conversation",
    "activity",
    "resume",
];
/// Keys (at any depth) that hold a day number.
const DAY_KEYS: [&str; 6] = ["day", "from", "to", "until", "from_day", "since"];
/// Top-level arguments that must be absolute filesystem paths.
const PATH_KEYS: [&str; 3] = ["folder", "path", "paths"];

fn invalid(message: String) -> WireError {
    WireError {
        code: ErrorCode::InvalidInput,
        message,
    }
}

/// Checks a command's JSON arguments; `Err` is what the window gets instead.
pub fn check(command: &str, args: &Value) -> Result<(), WireError> {
    let Some(map) = args.as_object() else {
        // Commands without arguments get `{}` or nothing; there is nothing to bound.
        return Ok(());
    };
    for (key, value) in map {
        if ID_KEYS.contains(&key.as_str()) {
            check_id(key, value)?;
        }
        if PATH_KEYS.contains(&key.as_str()) {
            check_paths(key, value)?;
        }
        if key == "members" || key == "ids" {
            for v in value.as_array().into_iter().flatten() {
                check_id(key, v)?;
            }
        }
        if let Some(range) = count_range(key) {
            match value.as_i64() {
                Some(n) if range.contains(&n) => {}
                _ => {
                    return Err(invalid(format!(
                        "`{key}` must be {} to {}, not {value}",
                        range.start(),
                        range.end()
                    )))
                }
            }
        }
        walk(command, key, value)?;
    }
    if let (Some(from), Some(to)) = (
        map.get("from").and_then(Value::as_i64),
        map.get("to").and_then(Value::as_i64),
    ) {
        if from > to || to - from > MAX_SPAN_DAYS {
            return Err(invalid(format!(
                "the days {from}..{to} are not a range of at most {MAX_SPAN_DAYS} days"
            )));
        }
    }
    Ok(())
}

/// Top-level counts: days of spend, log rows, backups kept.
fn count_range(key: &str) -> Option<std::ops::RangeInclusive<i64>> {
    match key {
        "days" => Some(1..=3660),
        "limit" | "keep" => Some(1..=1000),
        _ => None,
    }
}

fn check_id(key: &str, v: &Value) -> Result<(), WireError> {
    match v {
        Value::Null => Ok(()),
        // A `ThresholdId` is an object; its parts are bounded by `walk`.
        Value::Object(_) => Ok(()),
        Value::Number(n) if n.as_i64().is_some_and(|i| i > 0) => Ok(()),
        other => Err(invalid(format!(
            "`{key}` must be a positive id, not {other}"
        ))),
    }
}

fn check_paths(key: &str, v: &Value) -> Result<(), WireError> {
    let one = |p: &Value| match p.as_str() {
        Some(s) if std::path::Path::new(s).is_absolute() && !s.contains('\0') => Ok(()),
        _ => Err(invalid(format!(
            "`{key}` must be an absolute path, not {}",
            short(p)
        ))),
    };
    match v {
        Value::Array(a) => a.iter().try_for_each(one),
        other => one(other),
    }
}

fn max_len(command: &str, key: &str) -> usize {
    match (command, key) {
        ("import_route", "text") => MAX_ROUTE_TEXT,
        ("coach_save_prompt", "body") => MAX_PROMPT,
        (_, "name" | "file_name" | "fileName" | "routeName") => MAX_NAME,
        _ => MAX_TEXT,
    }
}

/// Bounds every string, list and number below `key`.
fn walk(command: &str, key: &str, v: &Value) -> Result<(), WireError> {
    match v {
        Value::String(_) if DAY_KEYS.contains(&key) => {
            return Err(invalid(format!(
                "`{key}` must be a day number, not {}",
                short(v)
            )));
        }
        Value::String(s) => {
            let max = max_len(command, key);
            // Bytes first: a huge string is refused without counting its characters.
            if s.len() > max && s.chars().count() > max {
                return Err(invalid(format!(
                    "`{key}` is too long ({} characters; at most {max})",
                    s.chars().count()
                )));
            }
            if s.contains('\0') {
                return Err(invalid(format!("`{key}` contains a NUL character")));
            }
        }
        Value::Array(a) => {
            if a.len() > MAX_LIST {
                return Err(invalid(format!(
                    "`{key}` has {} entries; at most {MAX_LIST}",
                    a.len()
                )));
            }
            for item in a {
                walk(command, key, item)?;
            }
        }
        Value::Object(m) => {
            for (k, item) in m {
                walk(command, k, item)?;
            }
        }
        Value::Number(n) => {
            if DAY_KEYS.contains(&key) {
                match n.as_i64() {
                    Some(d) if DAYS.contains(&d) => {}
                    _ => {
                        return Err(invalid(format!(
                            "`{key}` must be a day between 1900 and 2199, not {n}"
                        )))
                    }
                }
            }
            if key == "width" || key == "height" {
                match n.as_i64() {
                    Some(px) if (1..=MAX_CHART_PX).contains(&px) => {}
                    _ => {
                        return Err(invalid(format!(
                            "`{key}` must be 1 to {MAX_CHART_PX} pixels, not {n}"
                        )))
                    }
                }
            }
        }
        Value::Bool(_) if DAY_KEYS.contains(&key) => {
            return Err(invalid(format!("`{key}` must be a day number, not {v}")));
        }
        Value::Null | Value::Bool(_) => {}
    }
    Ok(())
}

/// A value for a message, cut short (a rejected argument may be huge).
fn short(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn code(r: Result<(), WireError>) -> Option<ErrorCode> {
        r.err().map(|e| e.code)
    }

    #[test]
    fn sane_arguments_pass() {
        let ok = [
            ("list_activities", json!({ "athleteId": 1 })),
            (
                "plan_calendar",
                json!({ "athleteId": 1, "from": 20000, "to": 20030 }),
            ),
            (
                "import_files",
                json!({ "athleteId": 1, "paths": ["/tmp/a.fit"] }),
            ),
            (
                "coach_chat",
                json!({ "athleteId": 1, "conversation": null }),
            ),
            (
                "route_chart",
                json!({ "athleteId": 1, "id": 3, "width": 800, "height": 300 }),
            ),
            ("list_athletes", json!({})),
            ("list_athletes", Value::Null),
        ];
        for (c, a) in ok {
            assert_eq!(check(c, &a), Ok(()), "{c} {a}");
        }
        let long_prompt = "x".repeat(MAX_TEXT + 1);
        assert_eq!(
            check(
                "coach_save_prompt",
                &json!({ "name": "chat_system", "body": long_prompt })
            ),
            Ok(())
        );
    }

    #[test]
    fn bad_arguments_are_invalid_input() {
        let bad = [
            ("get_activity", json!({ "athleteId": 1, "id": 0 })),
            ("get_activity", json!({ "athleteId": -3, "id": 1 })),
            ("add_athlete", json!({ "name": "n".repeat(MAX_NAME + 1) })),
            (
                "coach_ask",
                json!({ "athleteId": 1, "question": "q".repeat(MAX_TEXT + 1) }),
            ),
            (
                "plan_calendar",
                json!({ "athleteId": 1, "from": 20030, "to": 20000 }),
            ),
            (
                "plan_calendar",
                json!({ "athleteId": 1, "from": 0, "to": 5000 }),
            ),
            (
                "delete_journal",
                json!({ "athleteId": 1, "day": 1_000_000 }),
            ),
            (
                "import_files",
                json!({ "athleteId": 1, "paths": ["relative/a.fit"] }),
            ),
            ("backup_now", json!({ "folder": "", "passphrase": "x" })),
            (
                "route_chart",
                json!({ "athleteId": 1, "id": 3, "width": 0, "height": 300 }),
            ),
            ("set_group_members", json!({ "id": 1, "members": [1, 0] })),
            (
                "save_journal",
                json!({ "athleteId": 1, "entry": { "day": 20000, "notes": "a\0b" } }),
            ),
            (
                "reprocess",
                json!({ "athleteId": 1, "ids": vec![1; MAX_LIST + 1] }),
            ),
        ];
        for (c, a) in bad {
            assert_eq!(code(check(c, &a)), Some(ErrorCode::InvalidInput), "{c}");
        }
        // A name at the limit counts characters, not bytes.
        assert_eq!(
            check("add_athlete", &json!({ "name": "é".repeat(MAX_NAME) })),
            Ok(())
        );
    }
}
