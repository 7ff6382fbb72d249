//! Data transfer objects for commands and events. Field names are snake_case on the
//! wire; command *argument* keys are camelCase (Tauri's default), see [`cmd`].

use serde::{Deserialize, Serialize};

mod activity;
mod app;
mod athletes;
mod backup;
mod coach;
mod commands;
mod garmin;
pub mod import;
mod jobs;
mod logbook;
mod people;
mod plans;
mod routes;
mod training;

pub use activity::*;
pub use app::*;
pub use athletes::*;
pub use backup::*;
pub use coach::*;
pub use commands::{args, cmd, commands};
pub use garmin::*;
pub use import::*;
pub use jobs::*;
pub use logbook::*;
pub use people::*;
pub use plans::*;
pub use routes::*;
pub use training::*;

/// Events the shell emits to the UI.
pub mod event {
    /// Payload: [`super::JobEvent`]: a job started, reported progress or ended. Imports
    /// (drops, the watcher, the demo) report their activities through it.
    pub const JOB: &str = "job";
    /// Payload: [`super::CoachChatEvent`]: a piece of a streaming chat answer, or its end.
    pub const COACH_CHAT: &str = "coach_chat";
    /// Payload: [`super::GarminSignedIn`]: the sign-in window caught a ticket and
    /// exchanged it (or failed to).
    pub const GARMIN_SIGNED_IN: &str = "garmin_signed_in";
}

/// Error categories the UI branches on. Add one only when the UI treats it
/// differently; everything else is `Internal` with the cause in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    InvalidInput,
    Vault,
    Internal,
}

/// The one error shape on the wire: `{ "code": ..., "message": ... }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireError {
    pub code: ErrorCode,
    pub message: String,
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WireError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::*;

    #[test]
    fn error_shape_is_code_and_message() {
        let e = WireError {
            code: ErrorCode::NotFound,
            message: "no activity 7".into(),
        };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"code":"not_found","message":"no activity 7"}"#
        );
    }

    #[test]
    fn chart_request_without_overlay_flags_draws_them() {
        let old = r#"{"id":3,"theme":"dark","units":"metric","width":900,"height":340}"#;
        let r: ChartRequest = serde_json::from_str(old).unwrap();
        assert!(r.zones && r.laps);
        let off = r#"{"id":3,"theme":"dark","units":"metric","width":900,"height":340,"zones":false,"laps":false}"#;
        let r: ChartRequest = serde_json::from_str(off).unwrap();
        assert!(!r.zones && !r.laps);
    }

    #[test]
    fn wbal_reads_as_a_sentence() {
        let w = WbalSummary {
            min_kj: -4.8,
            min_at_s: 719,
            below_zero_s: 49,
        };
        assert_eq!(w.describe(), "−4.8 kJ at 12:00, 49 s below zero");
        let w = WbalSummary {
            min_kj: 12.6,
            min_at_s: 659,
            below_zero_s: 0,
        };
        assert_eq!(w.describe(), "12.6 kJ at 11:00");
    }

    #[test]
    fn threshold_keys_match_serde() {
        for k in ThresholdKind::ALL {
            assert_eq!(ThresholdKind::from_key(k.key()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.key())
            );
        }
    }

    #[test]
    fn sport_keys_round_trip() {
        for s in ALL_SPORTS {
            assert_eq!(Sport::from_key(s.key()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.key())
            );
        }
    }
}
