//! A fake WhatsApp Cloud API (feature `fake-server`): an axum server on 127.0.0.1 that
//! checks the Bearer token, the phone number id and the request shapes the way the
//! Graph API does, records uploaded media and messages, and serves injected faults
//! (5xx, 429 with code 130429, Graph errors, delays). For this crate's, the app's and
//! e2e's tests.

mod routes;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use url::Url;

use crate::{MediaId, MessageId};

/// An injected fault, served instead of the real answer to the next request whose
/// path contains the given text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// This status with an empty body (500, 502, 503, …).
    Status(u16),
    /// 429 with a Graph error body (code 130429), and `Retry-After: n` when given.
    RateLimit { retry_after: Option<u64> },
    /// This status with a Graph error body of this code and message (400 code 131030,
    /// 403 code 10, 500 code 2, …).
    ApiError {
        status: u16,
        code: i64,
        message: String,
    },
    /// Answer normally after this delay (longer than the client's timeout: a timeout).
    Delay(Duration),
}

/// A message the fake accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMessage {
    /// The id the fake answered with (`wamid.fake-N`).
    pub id: MessageId,
    pub to: String,
    /// `individual` or `group`.
    pub recipient_type: String,
    /// `text` or `image`.
    pub kind: String,
    /// A text message's body.
    pub text: Option<String>,
    /// An image message's media id and caption.
    pub media_id: Option<MediaId>,
    pub caption: Option<String>,
}

#[derive(Default)]
pub(crate) struct State {
    pub token: String,
    pub phone_number_id: String,
    pub faults: VecDeque<(String, Fault)>,
    pub hits: Vec<String>,
    pub messages: Vec<ReceivedMessage>,
    pub media: Vec<(MediaId, Vec<u8>, String)>,
}

enum Runner {
    /// A task on the caller's runtime.
    Task(tokio::task::JoinHandle<()>),
    /// A thread with its own runtime, stopped through the channel.
    Thread {
        stop: Option<tokio::sync::oneshot::Sender<()>>,
        thread: Option<std::thread::JoinHandle<()>>,
    },
}

/// A running fake server; stops when dropped.
pub struct FakeWhatsApp {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    runner: Runner,
}

impl Drop for FakeWhatsApp {
    fn drop(&mut self) {
        match &mut self.runner {
            Runner::Task(t) => t.abort(),
            Runner::Thread { stop, thread } => {
                if let Some(s) = stop.take() {
                    let _ = s.send(());
                }
                if let Some(t) = thread.take() {
                    let _ = t.join();
                }
            }
        }
    }
}

fn new_state(token: &str, phone_number_id: &str) -> Arc<Mutex<State>> {
    Arc::new(Mutex::new(State {
        token: token.to_string(),
        phone_number_id: phone_number_id.to_string(),
        ..State::default()
    }))
}

impl FakeWhatsApp {
    /// Serves on the current tokio runtime, on a free port of 127.0.0.1, accepting
    /// `Bearer {token}` for the phone number id `phone_number_id`.
    ///
    /// # Panics
    /// If the loopback port cannot be bound (a broken test machine).
    pub async fn start(token: &str, phone_number_id: &str) -> FakeWhatsApp {
        let state = new_state(token, phone_number_id);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0 for the fake WhatsApp server");
        let addr = listener
            .local_addr()
            .expect("a bound socket has an address");
        let app = routes::router(state.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeWhatsApp {
            addr,
            state,
            runner: Runner::Task(task),
        }
    }

    /// [`FakeWhatsApp::start`] on a thread with its own runtime, for synchronous tests
    /// (no runtime needed by the caller). Dropping it stops the thread.
    ///
    /// # Panics
    /// If the thread, its runtime or the loopback port cannot be started.
    pub fn start_blocking(token: &str, phone_number_id: &str) -> FakeWhatsApp {
        let state = new_state(token, phone_number_id);
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let st = state.clone();
        let thread = std::thread::Builder::new()
            .name("fake-whatsapp".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime for the fake WhatsApp server");
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                        .await
                        .expect("bind 127.0.0.1:0 for the fake WhatsApp server");
                    let _ = addr_tx.send(listener.local_addr());
                    let serve = axum::serve(listener, routes::router(st));
                    tokio::select! {
                        _ = serve => {}
                        _ = stop_rx => {}
                    }
                });
            })
            .expect("a thread for the fake WhatsApp server");
        let addr = addr_rx
            .recv()
            .expect("the fake WhatsApp thread reports its address")
            .expect("a bound socket has an address");
        FakeWhatsApp {
            addr,
            state,
            runner: Runner::Thread {
                stop: Some(stop_tx),
                thread: Some(thread),
            },
        }
    }

    /// `http://127.0.0.1:PORT`: pass it as `PACELINE_WHATSAPP_URL` or `Config::base_url`.
    pub fn url(&self) -> Url {
        Url::parse(&format!("http://{}", self.addr)).expect("a socket address is a URL")
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Queues `fault` for the next request whose path contains `path_contains`
    /// (`"/media"`, `"/messages"`, or `""` for any). Faults are served in order.
    pub fn push_fault(&self, path_contains: &str, fault: Fault) {
        self.with(|s| s.faults.push_back((path_contains.to_string(), fault)));
    }

    /// Faults not served yet.
    pub fn pending_faults(&self) -> usize {
        self.with(|s| s.faults.len())
    }

    /// The messages accepted, in order.
    pub fn messages(&self) -> Vec<ReceivedMessage> {
        self.with(|s| s.messages.clone())
    }

    /// The media uploaded: id, bytes, MIME type.
    pub fn media(&self) -> Vec<(MediaId, Vec<u8>, String)> {
        self.with(|s| s.media.clone())
    }

    /// Every request so far as `METHOD /path`, faulted or not.
    pub fn hits(&self) -> Vec<String> {
        self.with(|s| s.hits.clone())
    }

    /// The token the fake accepts from now on (the old one gets 401 code 190).
    pub fn set_token(&self, token: &str) {
        self.with(|s| s.token = token.to_string());
    }
}
