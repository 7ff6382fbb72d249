//! Sign-in: service tickets, the DI token exchange and refresh, and the email/password
//! SSO strategies.

pub mod di;
pub mod sso;
pub mod ticket;

pub use di::DiAuth;
pub use sso::{login_cooldown, LoginOutcome, PendingMfa, SsoLogin};
pub use ticket::ServiceTicket;
