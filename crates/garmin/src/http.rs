//! The HTTP seam: every request of this crate goes through [`HttpBackend`], so the SSO
//! and token hosts can use another client (a browser-fingerprint TLS stack) and tests
//! can count or fake what goes out.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// A request, fully built (headers included).
#[derive(Clone)]
pub struct HttpRequest {
    pub method: Method,
    pub url: url::Url,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub timeout: Duration,
}

/// Manual `Debug`: bodies and the `Authorization` header can hold secrets.
impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url.path())
            .field("body_bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

/// A response with its whole body.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request got no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    Timeout,
    /// Connection refused, DNS, TLS, reset: the message names no secret.
    Failed(String),
}

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one request. Implementations keep cookies per session (the SSO flows need
/// them) and never follow redirects themselves unless told to.
pub trait HttpBackend: Send + Sync {
    fn send(&self, req: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
    /// A new session of the same kind with an empty cookie jar (one per login strategy).
    fn fresh_session(&self) -> Arc<dyn HttpBackend>;
}

/// The default backend: reqwest over rustls (ring provider), cookies kept per session,
/// redirects followed (the SSO pages redirect; the API does not).
#[derive(Clone)]
pub struct ReqwestBackend {
    client: reqwest::Client,
}

impl ReqwestBackend {
    pub fn new() -> Result<Self, TransportError> {
        // reqwest is built with `rustls-no-provider`: install ring once per process
        // (an error only means a provider is already installed). ring over aws-lc-rs:
        // no C/cmake build on the three desktops; rustls deprecates it only for lacking
        // post-quantum key exchange.
        #[allow(deprecated)]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .map_err(|e| TransportError::Failed(e.to_string()))?;
        Ok(Self { client })
    }
}

impl HttpBackend for ReqwestBackend {
    fn send(&self, req: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let method = match req.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
                Method::Put => reqwest::Method::PUT,
                Method::Delete => reqwest::Method::DELETE,
            };
            let mut b = self
                .client
                .request(method, req.url)
                .timeout(req.timeout)
                .body(req.body);
            for (k, v) in &req.headers {
                b = b.header(k, v);
            }
            let map = |e: reqwest::Error| {
                if e.is_timeout() {
                    TransportError::Timeout
                } else {
                    // without the URL: an SSO URL may carry a ticket
                    TransportError::Failed(e.without_url().to_string())
                }
            };
            let resp = b.send().await.map_err(map)?;
            let status = resp.status().as_u16();
            let headers = resp
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let body = resp.bytes().await.map_err(map)?.to_vec();
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }

    fn fresh_session(&self) -> Arc<dyn HttpBackend> {
        match ReqwestBackend::new() {
            Ok(b) => Arc::new(b),
            Err(_) => Arc::new(self.clone()),
        }
    }
}
