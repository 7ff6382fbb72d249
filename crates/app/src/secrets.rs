//! Secrets (Garmin tokens, LLM API keys, a WhatsApp token) for the features that
//! need them, through the store's secrets module: in the OS keyring for a keyring
//! vault, inside the encrypted vault for a passphrase vault.
//!
//! A value is only ever a [`SecretString`]: zeroed on drop, `[REDACTED]` in Debug,
//! never logged, never in an error message, never in a DTO (`Settings`, `AppInfo`
//! and `AthleteInfo` carry no secret; a test plants one and searches them).

use paceline_store::athlete_secret_name;
pub use paceline_store::{ExposeSecret, SecretString};

use crate::{App, AthleteScope, Result};

impl App {
    /// Stores or replaces the secret `name` (`<service>/<what>` for the vault,
    /// `<service>/<athlete id>/<what>` for an athlete's: see
    /// [`AthleteScope::secret_name`]).
    pub fn put_secret(&self, name: &str, value: &SecretString) -> Result<()> {
        Ok(self.store.put_secret(name, value)?)
    }

    /// The secret `name`, `None` when there is none.
    pub fn secret(&self, name: &str) -> Result<Option<SecretString>> {
        Ok(self.store.secret(name)?)
    }

    /// Deletes the secret `name`; false when there was none.
    pub fn delete_secret(&self, name: &str) -> Result<bool> {
        Ok(self.store.delete_secret(name)?)
    }

    /// The names of every secret in the vault (names are not secret), sorted.
    pub fn secret_names(&self) -> Result<Vec<String>> {
        Ok(self.store.secret_names()?)
    }
}

impl AthleteScope<'_> {
    /// The name of this athlete's secret `what` of `service`, e.g. `garmin/3/tokens`;
    /// deleted with the athlete.
    pub fn secret_name(&self, service: &str, what: &str) -> String {
        athlete_secret_name(service, self.athlete_id, what)
    }

    /// The names of this athlete's secrets, sorted.
    pub fn secret_names(&self) -> Result<Vec<String>> {
        let prefix_of = |n: &str| n.split('/').nth(1).map(str::to_string);
        let me = self.athlete_id.to_string();
        Ok(self
            .store
            .secret_names()?
            .into_iter()
            .filter(|n| prefix_of(n).as_deref() == Some(me.as_str()))
            .collect())
    }
}
