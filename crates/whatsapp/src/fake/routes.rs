//! The fake's one handler: record the hit, serve a queued fault, check the token and
//! the phone number id, then the media upload or the message send.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State as AxState};
use axum::response::Response;
use axum::Router;
use serde_json::{json, Value};

use super::{Fault, ReceivedMessage, State};
use crate::{MediaId, MessageId, MAX_CAPTION_CHARS, MAX_TEXT_CHARS};

type Shared = Arc<Mutex<State>>;

pub(crate) fn router(state: Shared) -> Router {
    Router::new()
        .fallback(handle)
        .layer(DefaultBodyLimit::max(16 << 20))
        .with_state(state)
}

fn lock(st: &Shared) -> std::sync::MutexGuard<'_, State> {
    st.lock().unwrap_or_else(|p| p.into_inner())
}

fn json_resp(status: u16, v: &Value) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(v.to_string()))
        .expect("a valid response")
}

/// A Graph-style error answer.
fn graph_error(status: u16, code: i64, message: &str, details: &str) -> Response {
    json_resp(
        status,
        &json!({"error": {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details},
            "fbtrace_id": "AFakeTraceId123",
        }}),
    )
}

fn bad_param(details: &str) -> Response {
    graph_error(400, 100, "(#100) Invalid parameter", details)
}

async fn handle(AxState(st): AxState<Shared>, req: Request) -> Response {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let fault = {
        let mut s = lock(&st);
        s.hits.push(format!("{method} {path}"));
        let i = s.faults.iter().position(|(p, _)| path.contains(p.as_str()));
        i.and_then(|i| s.faults.remove(i)).map(|(_, f)| f)
    };
    match fault {
        Some(Fault::Status(c)) => {
            return Response::builder()
                .status(c)
                .body(Body::empty())
                .expect("a valid response")
        }
        Some(Fault::RateLimit { retry_after }) => {
            let mut r = graph_error(
                429,
                130429,
                "(#130429) Rate limit hit",
                "Message failed to send because there were too many messages sent from this phone number in a short period of time",
            );
            if let Some(n) = retry_after {
                r.headers_mut()
                    .insert("retry-after", n.to_string().parse().expect("digits"));
            }
            return r;
        }
        Some(Fault::ApiError {
            status,
            code,
            message,
        }) => return graph_error(status, code, &message, &message),
        Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
        None => {}
    }
    let (token, phone_id) = {
        let s = lock(&st);
        (s.token.clone(), s.phone_number_id.clone())
    };
    if token.is_empty() || auth != format!("Bearer {token}") {
        return graph_error(
            401,
            190,
            "Invalid OAuth access token - Cannot parse access token",
            "The access token could not be decrypted",
        );
    }
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let [version, id, edge] = segs.as_slice() else {
        return graph_error(400, 100, "Unknown path components", &path);
    };
    if !version.starts_with('v') || method != "POST" {
        return graph_error(400, 100, "Unknown path components", &path);
    }
    if *id != phone_id {
        return graph_error(
            400,
            100,
            &format!("Unsupported post request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation"),
            "unknown phone number id",
        );
    }
    match *edge {
        "media" => media(&st, req).await,
        "messages" => messages(&st, req).await,
        _ => graph_error(400, 100, "Unknown path components", &path),
    }
}

async fn media(st: &Shared, req: Request) -> Response {
    let Ok(mut form) = Multipart::from_request(req, &()).await else {
        return bad_param("the upload must be multipart/form-data");
    };
    let (mut product, mut kind, mut file) = (None, None, None);
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return bad_param("the multipart body is broken"),
        };
        let name = field.name().unwrap_or("").to_string();
        let ctype = field.content_type().map(str::to_string);
        let Ok(bytes) = field.bytes().await else {
            return bad_param("the multipart body is broken");
        };
        match name.as_str() {
            "messaging_product" => product = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "type" => kind = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "file" => file = Some((bytes.to_vec(), ctype)),
            _ => {}
        }
    }
    if product.as_deref() != Some("whatsapp") {
        return bad_param("messaging_product must be whatsapp");
    }
    let Some(kind) = kind.filter(|k| k.starts_with("image/") || k.starts_with("application/"))
    else {
        return bad_param("type must be the file's MIME type");
    };
    let Some((bytes, ctype)) = file.filter(|(b, _)| !b.is_empty()) else {
        return bad_param("file is required");
    };
    if ctype.as_deref().is_some_and(|c| c != kind) {
        return bad_param("the file's content type does not match type");
    }
    let mut s = lock(st);
    let id = MediaId(format!("media-{}", s.media.len() + 1));
    s.media.push((id.clone(), bytes, kind));
    json_resp(200, &json!({"id": id.as_str()}))
}

async fn messages(st: &Shared, req: Request) -> Response {
    let Ok(body) = axum::body::to_bytes(req.into_body(), 1 << 20).await else {
        return bad_param("the body is too large");
    };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return bad_param("the body is not JSON");
    };
    let str_at = |p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
    if str_at("/messaging_product").as_deref() != Some("whatsapp") {
        return bad_param("messaging_product must be whatsapp");
    }
    let Some(to) = str_at("/to").filter(|t| !t.trim().is_empty()) else {
        return bad_param("to is required");
    };
    let recipient_type = str_at("/recipient_type").unwrap_or_else(|| "individual".into());
    if recipient_type != "individual" && recipient_type != "group" {
        return bad_param("recipient_type must be individual or group");
    }
    if recipient_type == "individual" && !to.chars().all(|c| c.is_ascii_digit()) {
        return graph_error(
            400,
            131009,
            "(#131009) Parameter value is not valid",
            "to must be a phone number for an individual recipient",
        );
    }
    let kind = str_at("/type").unwrap_or_else(|| "text".into());
    let mut msg = ReceivedMessage {
        id: MessageId(String::new()),
        to: to.clone(),
        recipient_type,
        kind: kind.clone(),
        text: None,
        media_id: None,
        caption: None,
    };
    let mut s = lock(st);
    match kind.as_str() {
        "text" => {
            let Some(b) = str_at("/text/body").filter(|b| !b.trim().is_empty()) else {
                return bad_param("text.body is required");
            };
            if b.chars().count() > MAX_TEXT_CHARS {
                return bad_param("text.body is longer than 4096 characters");
            }
            msg.text = Some(b);
        }
        "image" => {
            let Some(id) = str_at("/image/id") else {
                return bad_param("image.id is required");
            };
            if !s.media.iter().any(|(m, _, _)| m.as_str() == id) {
                return graph_error(
                    400,
                    131053,
                    "(#131053) Media upload error",
                    "the media id was not uploaded to this phone number",
                );
            }
            let caption = str_at("/image/caption");
            if caption
                .as_deref()
                .is_some_and(|c| c.chars().count() > MAX_CAPTION_CHARS)
            {
                return bad_param("image.caption is longer than 1024 characters");
            }
            msg.media_id = Some(MediaId(id));
            msg.caption = caption;
        }
        other => return bad_param(&format!("unsupported message type {other:?}")),
    }
    let id = MessageId(format!("wamid.fake-{}", s.messages.len() + 1));
    msg.id = id.clone();
    s.messages.push(msg);
    json_resp(
        200,
        &json!({
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": id.as_str()}],
        }),
    )
}
