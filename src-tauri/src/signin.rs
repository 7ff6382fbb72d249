//! Sign-in on Garmin's own page, in a window of its own ("garmin-signin"): Garmin runs
//! the password, MFA and CAPTCHA; we never see them. Its service ticket is caught two
//! ways, and both cancel the navigation that would consume it (tickets are single-use):
//! - `on_navigation` sees a URL holding `ticket=ST-…` (the widget's `/sso/embed?ticket=`,
//!   the portal's `/app?ticket=`);
//! - an initialization script wraps `fetch` and `XMLHttpRequest` (and listens for
//!   `postMessage`) and reports a login JSON's `serviceTicketId` by navigating to a
//!   sentinel URL that `on_navigation` intercepts.
//!
//! The window gets no IPC at all (no capability, and the shell refuses any command from
//! a window other than "main"): the navigation trick needs none. The ticket is
//! exchanged once, in Rust, by the app's ticket login (verified with the profile call),
//! then the window closes and `garmin_signed_in` tells the card.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use paceline_types::{event, AthleteId, GarminSignedIn, WireError};
use tauri::{AppHandle, Emitter, Manager, Runtime, Url, WebviewUrl, WebviewWindowBuilder};

use crate::Shell;

/// The sign-in window's label.
pub const LABEL: &str = "garmin-signin";

/// Where the injected script reports a ticket; `.invalid` never resolves, and the
/// navigation is cancelled before any request.
const SENTINEL_HOST: &str = "paceline-ticket.invalid";

/// Wraps fetch/XHR and listens for postMessage; a `serviceTicketId` (or any `ST-…`
/// ticket in a success message) goes to the sentinel URL. Runs before Garmin's scripts.
const CAPTURE_SCRIPT: &str = r#"(function () {
  var sent = false;
  function report(ticket, service) {
    if (sent || typeof ticket !== 'string' || ticket.indexOf('ST-') !== 0) return;
    sent = true;
    var q = new URLSearchParams(location.search);
    var url = 'https://paceline-ticket.invalid/?ticket=' + encodeURIComponent(ticket) +
      '&service=' + encodeURIComponent(service || q.get('service') || '');
    location.assign(url);
  }
  function inspect(text) {
    try {
      var j = JSON.parse(text);
      var ok = !j.responseStatus || j.responseStatus.type === 'SUCCESSFUL';
      if (ok && j.serviceTicketId) report(j.serviceTicketId, j.serviceUrl);
      else if (ok && j.serviceTicket) report(j.serviceTicket, j.serviceUrl);
    } catch (e) {}
  }
  var f = window.fetch;
  if (f) {
    window.fetch = function () {
      return f.apply(this, arguments).then(function (r) {
        try { r.clone().text().then(inspect, function () {}); } catch (e) {}
        return r;
      });
    };
  }
  var open = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function () {
    this.addEventListener('load', function () {
      try { if (typeof this.responseText === 'string') inspect(this.responseText); } catch (e) {}
    });
    return open.apply(this, arguments);
  };
  window.addEventListener('message', function (m) {
    var d = m.data;
    if (typeof d === 'string') inspect(d);
    else if (d && typeof d === 'object') {
      if (d.serviceTicket) report(d.serviceTicket, d.serviceUrl);
      else if (d.serviceTicketId) report(d.serviceTicketId, d.serviceUrl);
    }
  });
})();"#;

/// What a navigation of the sign-in window means.
#[derive(Debug, PartialEq)]
pub enum Caught {
    /// A ticket, as the text the app's ticket login parses (`<service>?ticket=ST-…`,
    /// or the bare ticket when the service is unknown).
    Ticket(String),
    /// Any other page: let it load.
    Pass,
    /// The sentinel without a ticket: never load it.
    Drop,
}

/// Reads a navigation: a URL with `ticket=ST-…`, or the script's sentinel.
pub fn catch(url: &Url) -> Caught {
    let param = |k: &str| {
        url.query_pairs()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.into_owned())
    };
    if url.host_str() == Some(SENTINEL_HOST) {
        let Some(ticket) = param("ticket").filter(|t| t.starts_with("ST-")) else {
            return Caught::Drop;
        };
        let service = param("service")
            .and_then(|s| Url::parse(&s).ok())
            .filter(|s| matches!(s.scheme(), "http" | "https"));
        return Caught::Ticket(match service {
            Some(mut s) => {
                s.set_query(None);
                s.set_fragment(None);
                format!("{s}?ticket={ticket}")
            }
            None => ticket,
        });
    }
    match param("ticket") {
        Some(t) if t.starts_with("ST-") => Caught::Ticket(url.to_string()),
        _ => Caught::Pass,
    }
}

/// Opens (or focuses) the sign-in window for `athlete`.
pub fn open<R: Runtime>(app: &AppHandle<R>, athlete: AthleteId) -> Result<(), WireError> {
    let core = app.state::<Shell>().app()?.clone();
    core.athlete(athlete)?;
    let start = core.garmin_signin_url()?;
    if let Some(w) = app.get_webview_window(LABEL) {
        // one sign-in at a time: start it over for this athlete
        let _ = w.destroy();
    }
    let url = Url::parse(&start).map_err(|e| internal(format!("sign-in URL: {e}")))?;
    let handle = app.clone();
    let used = Arc::new(AtomicBool::new(false));
    WebviewWindowBuilder::new(app, LABEL, WebviewUrl::External(url))
        .title("Sign in to Garmin Connect")
        .inner_size(520.0, 760.0)
        .initialization_script(CAPTURE_SCRIPT)
        .on_navigation(move |url| match catch(url) {
            Caught::Pass => true,
            Caught::Drop => false,
            Caught::Ticket(text) => {
                // exchanged once: a second report of the same sign-in is dropped
                if !used.swap(true, Ordering::SeqCst) {
                    exchange(handle.clone(), athlete, text);
                }
                false
            }
        })
        .build()
        .map_err(|e| internal(format!("the sign-in window did not open: {e}")))?;
    tracing::info!(athlete, "Garmin sign-in window opened");
    Ok(())
}

/// Exchanges the ticket on a thread of its own (the navigation callback must return),
/// closes the window and tells the UI.
fn exchange<R: Runtime>(app: AppHandle<R>, athlete: AthleteId, ticket: String) {
    let spawned = std::thread::Builder::new()
        .name("garmin-signin".into())
        .spawn(move || {
            let result = app
                .state::<Shell>()
                .app()
                .and_then(|core| Ok(core.garmin_connect_ticket(athlete, &ticket)?));
            let payload = match result {
                Ok(status) => GarminSignedIn {
                    athlete_id: athlete,
                    status: Some(status),
                    error: None,
                },
                Err(e) => {
                    tracing::warn!(athlete, error = %e.message, "Garmin sign-in failed");
                    GarminSignedIn {
                        athlete_id: athlete,
                        status: None,
                        error: Some(e.message),
                    }
                }
            };
            if let Some(w) = app.get_webview_window(LABEL) {
                let _ = w.close();
            }
            crate::tray::show_main(&app);
            if let Err(e) = app.emit(event::GARMIN_SIGNED_IN, &payload) {
                tracing::warn!(error = %e, "could not tell the UI about the sign-in");
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "Garmin ticket exchange not started");
    }
}

fn internal(message: String) -> WireError {
    WireError {
        code: paceline_types::ErrorCode::Internal,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn a_ticket_in_a_navigation_is_caught_with_its_service() {
        assert_eq!(
            catch(&u("https://sso.garmin.com/sso/embed?ticket=ST-0123-abc")),
            Caught::Ticket("https://sso.garmin.com/sso/embed?ticket=ST-0123-abc".into())
        );
        assert_eq!(
            catch(&u("https://connect.garmin.com/app?ticket=ST-9-x")),
            Caught::Ticket("https://connect.garmin.com/app?ticket=ST-9-x".into())
        );
        // the sign-in page itself names the embed service but holds no ticket
        assert_eq!(
            catch(&u("https://sso.garmin.com/sso/signin?service=https%3A%2F%2Fsso.garmin.com%2Fsso%2Fembed")),
            Caught::Pass
        );
        assert_eq!(
            catch(&u("https://sso.garmin.com/sso/embed?ticket=TGT-1")),
            Caught::Pass
        );
    }

    #[test]
    fn the_scripts_sentinel_carries_ticket_and_service() {
        let s = "https://paceline-ticket.invalid/?ticket=ST-77-m\
                 &service=https%3A%2F%2Fmobile.integration.garmin.com%2Fgcm%2Fios";
        assert_eq!(
            catch(&u(s)),
            Caught::Ticket("https://mobile.integration.garmin.com/gcm/ios?ticket=ST-77-m".into())
        );
        // no usable service: the bare ticket (the app uses the widget's service)
        let s = "https://paceline-ticket.invalid/?ticket=ST-77-m&service=javascript%3Ax";
        assert_eq!(catch(&u(s)), Caught::Ticket("ST-77-m".into()));
        // a sentinel without a ticket is never loaded
        assert_eq!(
            catch(&u("https://paceline-ticket.invalid/?ticket=x")),
            Caught::Drop
        );
    }

    #[test]
    fn the_capture_script_reports_to_the_sentinel() {
        assert!(CAPTURE_SCRIPT.contains(SENTINEL_HOST));
        assert!(CAPTURE_SCRIPT.contains("serviceTicketId"));
    }
}
