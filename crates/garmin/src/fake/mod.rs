//! A fake Garmin Connect (feature `fake-server`): an axum server on 127.0.0.1 that
//! speaks the protocol end to end — SSO login with MFA, the DI ticket exchange (tickets
//! single-use) and refresh (rotating, bound to the client id), the API with Bearer
//! checks — serving the recorded bodies of `corpus/garmin-api` (read in place) and ZIPs
//! of real FIT files, with fault injection. For this crate's, the app's and e2e's tests.

mod routes;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;
use url::Url;

/// An injected fault, served instead of the real answer to the next matching request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// An empty answer with this status (500, 502, 503, 403, …).
    Status(u16),
    /// 429, with `Retry-After: n` when given.
    RateLimit { retry_after: Option<u64> },
    /// Answer after this delay (longer than the client's timeout → a timeout).
    Delay(Duration),
    /// The download ZIP cut in half.
    TruncatedZip,
}

/// An activity the fake lists and serves.
#[derive(Debug, Clone)]
pub struct FakeActivity {
    pub id: i64,
    pub start: Timestamp,
    /// The FIT bytes its download ZIP holds.
    pub fit: Vec<u8>,
}

impl FakeActivity {
    /// One activity a day from `t0` (Unix seconds), ids counting up from `first_id`:
    /// what a test serves when only the files and their number matter. A start out of
    /// range falls back to the epoch.
    pub fn daily(
        first_id: i64,
        t0: i64,
        fits: impl IntoIterator<Item = Vec<u8>>,
    ) -> Vec<FakeActivity> {
        (0i64..)
            .zip(fits)
            .map(|(i, fit)| FakeActivity {
                id: first_id + i,
                start: Timestamp::from_second(t0 + 86_400 * i).unwrap_or(Timestamp::UNIX_EPOCH),
                fit,
            })
            .collect()
    }
}

#[derive(Default)]
pub(crate) struct State {
    pub api_dir: Option<PathBuf>,
    pub access: String,
    pub refresh: String,
    pub client_id: String,
    pub generation: u32,
    pub tickets: HashSet<String>,
    pub used_tickets: HashSet<String>,
    pub activities: Vec<FakeActivity>,
    pub reorder: bool,
    pub duplicate: Option<i64>,
    pub deleted: HashSet<i64>,
    pub no_hrv: HashSet<String>,
    pub faults: VecDeque<(String, Fault)>,
    pub hits: Vec<String>,
    pub refreshes: u32,
    pub exchanges: u32,
    pub uploads: HashSet<Vec<u8>>,
    pub workouts: HashMap<i64, serde_json::Value>,
    pub token_ttl: i64,
}

/// A running fake server; stops when dropped.
pub struct FakeGarmin {
    /// Base URL (`http://127.0.0.1:port`): pass it as `PACELINE_GARMIN_URL`.
    pub url: Url,
    pub(crate) state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeGarmin {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The DI client id the fake issues tokens for (the built-in config's).
pub const CLIENT_ID: &str = "GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2";
/// The MFA code the fake accepts.
pub const MFA_CODE: &str = "123456";

impl FakeGarmin {
    /// Starts on a free port. `corpus` is the shared corpus folder (holding
    /// `garmin-api/`); without it, corpus-backed endpoints answer 404.
    pub async fn start(corpus: Option<&Path>) -> std::io::Result<Self> {
        let state = Arc::new(Mutex::new(State {
            api_dir: corpus.map(|c| c.join("garmin-api")),
            client_id: CLIENT_ID.into(),
            token_ttl: 3600,
            ..State::default()
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let app = routes::router(state.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let url = Url::parse(&format!("http://{addr}")).expect("a socket address is a URL");
        Ok(Self { url, state, task })
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Makes `ticket` valid for one exchange.
    pub fn add_ticket(&self, ticket: &str) {
        self.with(|s| s.tickets.insert(ticket.to_string()));
    }

    /// Issues tokens directly (as after a sign-in) and returns the keyring JSON of them.
    pub fn issue_tokens(&self) -> crate::TokenSet {
        let body = self.with(routes::issue);
        crate::TokenSet::from_token_response(&body, CLIENT_ID, None, Timestamp::now())
            .expect("the fake's own token answer parses")
    }

    /// The access token stops working (as if it expired on Garmin's side).
    pub fn expire_access_token(&self) {
        self.with(|s| s.access = format!("{}-revoked", s.access));
    }

    /// Lifetime (`expires_in`) of the tokens issued from now on.
    pub fn set_token_ttl(&self, secs: i64) {
        self.with(|s| s.token_ttl = secs);
    }

    /// Queues a fault for the next request whose path contains `path_part`.
    pub fn push_fault(&self, path_part: &str, fault: Fault) {
        self.with(|s| s.faults.push_back((path_part.to_string(), fault)));
    }

    /// The activities the list serves (any order; the list sorts newest first).
    pub fn set_activities(&self, acts: Vec<FakeActivity>) {
        self.with(|s| s.activities = acts);
    }

    /// Serves each list page in reverse (oldest first within the page).
    pub fn set_reordered(&self, on: bool) {
        self.with(|s| s.reorder = on);
    }

    /// Lists activity `id` twice on its page.
    pub fn set_duplicate(&self, id: Option<i64>) {
        self.with(|s| s.duplicate = id);
    }

    /// Keeps `id` in the list but answers 404 for its detail and download.
    pub fn delete_activity(&self, id: i64) {
        self.with(|s| s.deleted.insert(id));
    }

    /// HRV answers 204 (no reading) for this day.
    pub fn no_hrv_on(&self, date: &str) {
        self.with(|s| s.no_hrv.insert(date.to_string()));
    }

    /// Every request so far as `METHOD /path`.
    pub fn hits(&self) -> Vec<String> {
        self.with(|s| s.hits.clone())
    }

    /// Refreshes and ticket exchanges served successfully.
    pub fn refreshes(&self) -> u32 {
        self.with(|s| s.refreshes)
    }
    pub fn exchanges(&self) -> u32 {
        self.with(|s| s.exchanges)
    }
}

/// `fit` zipped as Garmin's download does (`{id}_ACTIVITY.fit`, deflated).
pub fn zip_fit(id: i64, fit: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file(format!("{id}_ACTIVITY.fit"), opts)
        .expect("zip into memory");
    z.write_all(fit).expect("zip into memory");
    z.finish().expect("zip into memory").into_inner()
}
