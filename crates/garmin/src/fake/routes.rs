//! The fake's one handler: faults first, then SSO, the token host, then the API.

use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State as AxState};
use axum::response::Response;
use axum::Router;
use base64::Engine;
use jiff::Timestamp;
use serde_json::{json, Value};

use super::{zip_fit, Fault, State};

type Shared = Arc<Mutex<State>>;

pub(crate) fn router(state: Shared) -> Router {
    Router::new().fallback(handle).with_state(state)
}

fn resp(status: u16, ctype: &str, body: impl Into<Body>) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", ctype)
        .body(body.into())
        .expect("a valid response")
}

fn json_resp(status: u16, v: &Value) -> Response {
    resp(status, "application/json", v.to_string())
}

fn jwt(payload: &Value) -> String {
    let e = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
    format!(
        "{}.{}.{}",
        e(br#"{"alg":"RS256","typ":"JWT"}"#),
        e(payload.to_string().as_bytes()),
        e(b"fake-signature")
    )
}

/// New tokens (rotating both), as the DI token answer body.
pub(crate) fn issue(s: &mut State) -> Vec<u8> {
    s.generation += 1;
    let exp = Timestamp::now().as_second() + s.token_ttl;
    s.access = jwt(&json!({"exp": exp, "client_id": s.client_id, "gen": s.generation}));
    s.refresh = format!("fake-refresh-{}-{}", s.generation, fastrand::u64(..));
    json!({"access_token": s.access, "refresh_token": s.refresh, "token_type": "Bearer",
        "expires_in": s.token_ttl, "refresh_token_expires_in": 2_592_000, "scope": "CONNECT_READ"})
    .to_string()
    .into_bytes()
}

fn corpus(s: &State, name: &str) -> Option<Vec<u8>> {
    std::fs::read(s.api_dir.as_ref()?.join(name)).ok()
}

fn corpus_json(s: &State, name: &str) -> Response {
    corpus_status(s, name, 200)
}

fn corpus_status(s: &State, name: &str, status: u16) -> Response {
    match corpus(s, name) {
        Some(b) => resp(status, "application/json", b),
        None => json_resp(404, &json!({"message": "fixture absent (no corpus)"})),
    }
}

async fn handle(AxState(st): AxState<Shared>, req: Request) -> Response {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = to_bytes(req.into_body(), 64 << 20)
        .await
        .unwrap_or_default()
        .to_vec();
    let fault = {
        let mut s = st.lock().unwrap_or_else(|p| p.into_inner());
        s.hits.push(format!("{method} {path}"));
        let i = s.faults.iter().position(|(p, _)| path.contains(p.as_str()));
        i.and_then(|i| s.faults.remove(i)).map(|(_, f)| f)
    };
    let mut truncate = false;
    match fault {
        Some(Fault::Status(c)) => return resp(c, "text/html", "<html>fault</html>"),
        Some(Fault::RateLimit { retry_after }) => {
            let mut r = resp(
                429,
                "text/html",
                "<html><title>Just a moment...</title></html>",
            );
            if let Some(n) = retry_after {
                r.headers_mut()
                    .insert("retry-after", n.to_string().parse().expect("digits"));
            }
            return r;
        }
        Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
        Some(Fault::TruncatedZip) => truncate = true,
        None => {}
    }
    let q = |k: &str| {
        query
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut s = st.lock().unwrap_or_else(|p| p.into_inner());
    if path.starts_with("/mobile/") || path.starts_with("/portal/") || path.starts_with("/sso/") {
        return sso(&mut s, &method, &path, &body);
    }
    if path == "/di-oauth2-service/oauth/token" {
        return token(&mut s, &body);
    }
    if auth != format!("Bearer {}", s.access) || s.access.is_empty() {
        let mut r = json_resp(401, &json!({"error": "invalid_token"}));
        r.headers_mut().insert(
            "www-authenticate",
            "Bearer error=\"invalid_token\", error_description=\"Token is not active\""
                .parse()
                .expect("ascii"),
        );
        return r;
    }
    api(&mut s, &method, &path, &q, &body, truncate)
}

fn token(s: &mut State, body: &[u8]) -> Response {
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    let f = |k: &str| {
        form.iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let bad = |d: &str| {
        json_resp(
            400,
            &json!({"error": "invalid_grant", "error_description": d}),
        )
    };
    if f("grant_type") == "refresh_token" {
        if f("refresh_token") != s.refresh || s.refresh.is_empty() {
            return bad("Invalid refresh token");
        }
        if f("client_id") != s.client_id {
            return bad("refresh token was issued to another client");
        }
        s.refreshes += 1;
        return resp(200, "application/json", issue(s));
    }
    let t = f("service_ticket").to_string();
    // single-use: any exchange attempt burns the ticket
    let fresh = s.tickets.remove(&t) && s.used_tickets.insert(t);
    if !fresh || f("client_id") != s.client_id || f("service_url").is_empty() {
        return bad("invalid service ticket provided");
    }
    s.exchanges += 1;
    resp(200, "application/json", issue(s))
}

fn new_ticket(s: &mut State) -> String {
    let t = format!("ST-{}-fake", fastrand::u64(100_000..u64::MAX));
    s.tickets.insert(t.clone());
    t
}

/// The widget's sign-in page: a real form (a webview can sign in on it) that submits
/// itself half a second after loading, for tests that cannot type into a second
/// window; `#manual` in the address keeps it waiting.
const SIGNIN_PAGE: &str = "<html><head><title>GARMIN Authentication Application</title></head><body>\
<form id=\"login-form\" method=\"post\">\
<input type=\"hidden\" name=\"_csrf\" value=\"fake-csrf\"/>\
<input type=\"hidden\" name=\"embed\" value=\"true\"/>\
<label>Email <input id=\"username\" name=\"username\" value=\"webview@example.com\"/></label>\
<label>Password <input id=\"password\" name=\"password\" type=\"password\" value=\"fake\"/></label>\
<button id=\"login-btn-signin\" type=\"submit\">Sign In</button></form>\
<script>if (location.hash !== '#manual') setTimeout(function () { document.getElementById('login-form').submit(); }, 500);</script>\
</body></html>";

/// SSO: the user decides the script. `limited@…` gets 429 everywhere, `mfa@…` needs
/// the code [`super::MFA_CODE`], `bad@…` is a wrong password, anyone else succeeds.
fn sso(s: &mut State, method: &str, path: &str, body: &[u8]) -> Response {
    let text = String::from_utf8_lossy(body).to_string();
    let user = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("username").and_then(Value::as_str).map(String::from))
        .or_else(|| {
            url::form_urlencoded::parse(body)
                .find(|(k, _)| k == "username")
                .map(|(_, v)| v.into_owned())
        })
        .unwrap_or_default();
    if user.starts_with("limited@") {
        return resp(
            429,
            "text/html",
            "<html><title>Just a moment...</title></html>",
        );
    }
    let ok = |s: &mut State| {
        json_resp(
            200,
            &json!({"responseStatus": {"type": "SUCCESSFUL"}, "serviceTicketId": new_ticket(s)}),
        )
    };
    match (method, path) {
        ("POST", p) if p.ends_with("/api/login") => {
            if user.starts_with("bad@") {
                json_resp(
                    200,
                    &json!({"responseStatus": {"type": "INVALID_USERNAME_PASSWORD"}}),
                )
            } else if user.starts_with("mfa@") {
                json_resp(
                    200,
                    &json!({"responseStatus": {"type": "MFA_REQUIRED"},
                    "customerMfaInfo": {"mfaLastMethodUsed": "email"}}),
                )
            } else {
                ok(s)
            }
        }
        ("POST", p) if p.ends_with("/api/mfa/verifyCode") => {
            let code = serde_json::from_slice::<Value>(body).ok().and_then(|v| {
                v.get("mfaVerificationCode")
                    .and_then(Value::as_str)
                    .map(String::from)
            });
            if code.as_deref() == Some(super::MFA_CODE) {
                ok(s)
            } else {
                json_resp(
                    200,
                    &json!({"responseStatus": {"type": "INVALID_MFA_CODE"}}),
                )
            }
        }
        ("GET", "/sso/signin") => resp(200, "text/html", SIGNIN_PAGE),
        ("POST", "/sso/signin") => {
            if !text.contains("_csrf=fake-csrf") {
                return resp(403, "text/html", "<html><title>Forbidden</title></html>");
            }
            if user.starts_with("bad@") {
                return resp(
                    200,
                    "text/html",
                    "<html><title>Invalid sign in</title></html>",
                );
            }
            let t = new_ticket(s);
            // Garmin's success page names the embed URL; a browser then goes there
            // (same host here, so the webview test never leaves the fake).
            resp(200, "text/html", format!("<html><head><title>Success</title></head><body><script>var url = \"https://sso.garmin.com/sso/embed?ticket={t}\"; location.replace(\"/sso/embed?ticket={t}\");</script></body></html>"))
        }
        ("GET", _) => resp(
            200,
            "text/html",
            "<html><title>GARMIN sign in</title></html>",
        ),
        _ => json_resp(404, &json!({"message": "no such SSO path"})),
    }
}

fn list_row(s: &State, a: &super::FakeActivity) -> Value {
    let mut row = corpus(
        s,
        "garth_activitylist-service_activities_search_activities.json",
    )
    .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
    .and_then(|v| v.get(0).cloned())
    .unwrap_or_else(|| json!({"activityType": {"typeKey": "running"}}));
    let gmt = a.start.strftime("%Y-%m-%d %H:%M:%S").to_string();
    row["activityId"] = json!(a.id);
    row["activityName"] = json!(format!("Activity {}", a.id));
    row["startTimeGMT"] = json!(gmt);
    row["startTimeLocal"] = json!(gmt);
    row["beginTimestamp"] = json!(a.start.as_millisecond());
    row
}

fn api(
    s: &mut State,
    method: &str,
    path: &str,
    q: &dyn Fn(&str) -> String,
    body: &[u8],
    truncate: bool,
) -> Response {
    let seg: Vec<&str> = path.trim_matches('/').split('/').collect();
    let id_of = |i: usize| seg.get(i).and_then(|x| x.parse::<i64>().ok());
    let not_found = || corpus_status(s, "garth_activity-service_activity_ID__http404.json", 404);
    match (method, seg.as_slice()) {
        ("GET", ["userprofile-service", "socialProfile"]) => {
            corpus_json(s, "garth_userprofile-service_socialProfile.json")
        }
        ("GET", ["userprofile-service", "userprofile", "user-settings"]) => corpus_json(
            s,
            "garth_userprofile-service_userprofile_user-settings.json",
        ),
        ("GET", ["activitylist-service", "activities", "search", "activities"]) => {
            let start: usize = q("start").parse().unwrap_or(0);
            let limit: usize = q("limit").parse().unwrap_or(20);
            let mut acts = s.activities.clone();
            acts.sort_by(|a, b| b.start.cmp(&a.start).then(b.id.cmp(&a.id)));
            let mut page: Vec<Value> = acts
                .iter()
                .skip(start)
                .take(limit)
                .map(|a| list_row(s, a))
                .collect();
            if let Some(d) = s.duplicate {
                if let Some(r) = page.iter().find(|r| r["activityId"] == json!(d)).cloned() {
                    page.push(r);
                }
            }
            if s.reorder {
                page.reverse();
            }
            json_resp(200, &Value::Array(page))
        }
        ("GET", ["activity-service", "activity", _]) => {
            let id = id_of(2).unwrap_or(0);
            if s.deleted.contains(&id) || !s.activities.iter().any(|a| a.id == id) {
                return not_found();
            }
            match corpus(s, "garth_activity-service_activity_ID.json")
                .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            {
                Some(mut v) => {
                    v["activityId"] = json!(id);
                    json_resp(200, &v)
                }
                None => not_found(),
            }
        }
        ("GET", ["download-service", "files", "activity", _]) => {
            let id = id_of(3).unwrap_or(0);
            let Some(a) = s
                .activities
                .iter()
                .find(|a| a.id == id && !s.deleted.contains(&id))
            else {
                return not_found();
            };
            let mut z = zip_fit(a.id, &a.fit);
            if truncate {
                z.truncate(z.len() / 2);
            }
            resp(200, "application/x-zip-compressed", z)
        }
        ("GET", ["wellness-service", "wellness", "dailySleepData", _]) => {
            corpus_json(s, "garth_sleep-service_sleep_dailySleepData.json")
        }
        ("GET", ["wellness-service", "stats", "daily", "sleep", "score", ..]) => corpus_json(
            s,
            "garth_wellness-service_stats_daily_sleep_score_DATE_DATE.json",
        ),
        ("GET", ["hrv-service", "hrv", "daily", ..]) => {
            corpus_json(s, "garth_hrv-service_hrv_daily_DATE_DATE.json")
        }
        ("GET", ["hrv-service", "hrv", date]) => {
            if s.no_hrv.contains(*date) {
                return resp(204, "application/json", Vec::new());
            }
            corpus_json(s, "garth_hrv-service_hrv_DATE.json")
        }
        // no recording of this one (update doc §2): synthesised in the documented shape
        ("GET", ["userstats-service", "wellness", "daily", _]) => {
            let from: jiff::civil::Date = q("fromDate").parse().unwrap_or_default();
            let until: jiff::civil::Date = q("untilDate").parse().unwrap_or(from);
            let rows: Vec<Value> = super::super::date_chunks(from, until, 1)
                .iter()
                .enumerate()
                .map(|(i, (d, _))| json!({"metricsId": 60, "calendarDate": d.to_string(), "value": 48 + (i % 3) as i64}))
                .collect();
            json_resp(
                200,
                &json!({"from": from.to_string(), "until": until.to_string(),
                "metricsMap": {}, "allMetrics": {"metricsMap": {"WELLNESS_RESTING_HEART_RATE": rows}}}),
            )
        }
        ("GET", ["usersummary-service", "usersummary", "daily", ..]) => {
            corpus_json(s, "garth_usersummary-service_usersummary_daily_USER.json")
        }
        ("GET", ["usersummary-service", "stats", "steps", "daily", ..]) => corpus_json(
            s,
            "garth_usersummary-service_stats_steps_daily_DATE_DATE.json",
        ),
        ("GET", ["usersummary-service", "stats", "stress", "daily", ..]) => corpus_json(
            s,
            "garth_usersummary-service_stats_stress_daily_DATE_DATE.json",
        ),
        ("GET", ["wellness-service", "wellness", "dailyStress", _]) => {
            corpus_json(s, "garth_wellness-service_wellness_dailyStress_DATE.json")
        }
        ("GET", ["wellness-service", "wellness", "bodyBattery", "reports", "daily"]) => {
            corpus_json(
                s,
                "gcn_wellness-service_wellness_bodyBattery_reports_daily.json",
            )
        }
        ("GET", ["wellness-service", "wellness", "daily", "respiration", _]) => corpus_json(
            s,
            "gcn_wellness-service_wellness_daily_respiration_DATE.json",
        ),
        ("GET", ["wellness-service", "wellness", "daily", "spo2", _]) => {
            corpus_json(s, "gcn_wellness-service_wellness_daily_spo2_DATE.json")
        }
        ("GET", ["weight-service", "weight", "range", ..]) => {
            corpus_json(s, "garth_weight-service_weight_range_DATE_DATE.json")
        }
        ("GET", ["metrics-service", "metrics", "trainingreadiness", _]) => corpus_json(
            s,
            "garth_metrics-service_metrics_trainingreadiness_DATE.json",
        ),
        // no recordings of workouts (update doc §2): echo plus ids, as PGC's mocks do
        ("POST", ["workout-service", "workout"]) => {
            let Ok(mut v) = serde_json::from_slice::<Value>(body) else {
                return json_resp(400, &json!({"message": "not JSON"}));
            };
            if v.get("workoutName").is_none() || v.get("workoutSegments").is_none() {
                return json_resp(
                    400,
                    &json!({"message": "missing workoutName/workoutSegments"}),
                );
            }
            let id = 900_000_000 + s.workouts.len() as i64 + 1;
            v["workoutId"] = json!(id);
            s.workouts.insert(id, v.clone());
            json_resp(200, &v)
        }
        ("POST", ["workout-service", "schedule", _]) => {
            let id = id_of(2).unwrap_or(0);
            let date = serde_json::from_slice::<Value>(body)
                .ok()
                .and_then(|v| v.get("date").cloned());
            match (s.workouts.contains_key(&id), date) {
                (true, Some(d)) => json_resp(
                    200,
                    &json!({"workoutScheduleId": 700_000_000 + id % 1000,
                    "workout": {"workoutId": id}, "calendarDate": d, "createdDate": d}),
                ),
                _ => json_resp(404, &json!({"message": "no such workout"})),
            }
        }
        ("POST", ["upload-service", "upload"]) => {
            // the file part, without the multipart framing (its boundary is random)
            let text = body
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map(|i| i + 4)
                .unwrap_or(0);
            let end = body
                .windows(4)
                .rposition(|w| w == b"\r\n--")
                .unwrap_or(body.len())
                .max(text);
            if !s.uploads.insert(body[text..end].to_vec()) {
                return match corpus(s, "gcn_post_upload-service_upload__http409.json") {
                    Some(b) => resp(409, "application/json", b),
                    None => json_resp(409, &json!({})),
                };
            }
            match corpus(s, "garth_post_upload-service_upload.json") {
                Some(b) => resp(202, "application/json", b),
                None => json_resp(202, &json!({"detailedImportResult": {"failures": []}})),
            }
        }
        _ => json_resp(
            404,
            &json!({"message": "HTTP 404 Not Found", "error": "NotFoundException"}),
        ),
    }
}
