//! Garmin Connect client core: DI OAuth sign-in (service-ticket exchange, refresh with
//! rotation, token import, email/password/MFA SSO), a paced and retrying API client,
//! the endpoints Paceline syncs with lenient mappers to plain structs, and workout and
//! activity upload. No Tauri, no store: the application layer owns the sync.
//!
//! Start with [`GarminConfig::load`] (constants, overridable), [`EnvOverrides`], then
//! either [`DiAuth::exchange`] a [`ServiceTicket`], import tokens with
//! [`TokenSet::from_python_garminconnect`], or [`SsoLogin::login`]; build a
//! [`GarminClient`] with the [`TokenSet`] and call its endpoint methods.

pub mod auth;
pub mod client;
pub mod config;
pub mod endpoints;
pub mod error;
#[cfg(feature = "fake-server")]
pub mod fake;
pub mod http;
pub mod mappers;
pub mod tokens;
pub mod workout;

pub use auth::{login_cooldown, DiAuth, LoginOutcome, PendingMfa, ServiceTicket, SsoLogin};
pub use client::{ClientOptions, GarminClient, TokenCallback};
pub use config::{EnvOverrides, GarminConfig};
pub use endpoints::{
    date_chunks, new_since, CreatedWorkout, OriginalFile, ScheduledWorkout, UploadOutcome,
};
pub use error::{ConfigError, GarminError};
pub use http::{HttpBackend, HttpRequest, HttpResponse, Method, ReqwestBackend, TransportError};
pub use tokens::TokenSet;
pub use workout::{EndCondition, Sport, Step, StepKind, Target, Workout, WorkoutStep};
