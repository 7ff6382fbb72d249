//! Groups and their weekly digest on a real vault: generated from imported files,
//! stored, saved to a folder, sent to a fake WhatsApp Cloud API with faults, and run
//! by the scheduler in two time zones across a DST change.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use paceline_app::{App, Config, ManualClock, SecretString};
use paceline_store::KeyOptions;
use paceline_testsupport::summary::{activity_file, SpecLap, SummarySpec};

use crate::garmin::ride;

/// Monday 2026-11-23 00:00 UTC: the first day of 2026-W48.
const W48: i64 = 1_795_392_000;
const DAY: i64 = 86_400;

fn open(dir: &Path, clock: Arc<ManualClock>) -> Arc<App> {
    let cfg = Config {
        data_dir: dir.to_path_buf(),
        keys: KeyOptions::with_passphrase("test"),
    };
    Arc::new(App::open_with_clock(&cfg, clock).unwrap())
}

/// A run of `km` kilometres at 5:00/km starting at `start`.
fn run(start: i64, km: u32) -> Vec<u8> {
    let mut s = SummarySpec::run(start);
    s.laps = vec![
        SpecLap {
            timer_s: 300.0,
            rest_s: 0.0,
            distance_m: 1000.0,
        };
        km as usize
    ];
    activity_file(&s)
}

fn import(app: &App, athlete: i64, dir: &Path, files: &[(String, Vec<u8>)]) {
    let folder = dir.join(format!("in-{athlete}"));
    std::fs::create_dir_all(&folder).unwrap();
    for (name, bytes) in files {
        std::fs::write(folder.join(name), bytes).unwrap();
    }
    let r = app.athlete(athlete).unwrap().import_paths(&[folder]);
    assert_eq!(r.failed(), 0, "{r:?}");
}

/// Ana runs 10 + 8 km in W48 and 5 km the week before; Ben rides 60 minutes with
/// power in W48 and 30 minutes in W47.
fn club(dir: &Path) -> (Arc<App>, i64, i64, i64) {
    let clock = Arc::new(ManualClock::new(W48 + 8 * DAY + 9 * 3600));
    let app = open(&dir.join("vault"), clock);
    let ana = app.add_athlete("Ana").unwrap().id;
    let ben = app.add_athlete("Ben").unwrap().id;
    import(
        &app,
        ana,
        dir,
        &[
            ("a1.fit".into(), run(W48 + 7 * 3600, 10)),
            ("a2.fit".into(), run(W48 + 2 * DAY + 7 * 3600, 8)),
            ("a0.fit".into(), run(W48 - 3 * DAY + 7 * 3600, 5)),
        ],
    );
    import(
        &app,
        ben,
        dir,
        &[
            ("b1.fit".into(), ride(W48 + 5 * DAY + 9 * 3600, 60)),
            ("b0.fit".into(), ride(W48 - 2 * DAY + 9 * 3600, 30)),
        ],
    );
    let g = app
        .add_group("Club", "Europe/Berlin", &[ana, ben], None)
        .unwrap();
    (app, ana, ben, g.id)
}

#[test]
fn a_group_digest_is_generated_from_the_vault_stored_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (app, ana, _ben, group) = club(dir.path());
    // The default week is the last full week in the group's zone: W48 (today is
    // Tuesday of W49).
    let d = app.generate_group_digest(group, None).unwrap();
    assert_eq!(d.week, "2026-W48");
    assert_eq!(
        (d.monday.as_str(), d.sunday.as_str()),
        ("2026-11-23", "2026-11-29")
    );
    assert!(
        d.markdown.contains("Ana") && d.markdown.contains("Ben"),
        "{}",
        d.markdown
    );
    // Ana's 18 km of the week (not the 5 km of the week before).
    assert!(d.markdown.contains("18.0 km"), "{}", d.markdown);
    assert!(!d.png_base64.is_empty());
    // The page shows its chart inline (attribute-escaped: `/` is `&#x2f;`).
    assert!(d.html.contains("base64,"));
    assert!(!d.whatsapp.contains('#'));

    // Regenerating keeps the id; the stored one is what the group shows.
    let again = app.generate_group_digest(group, Some("2026-W48")).unwrap();
    assert_eq!(again.id, d.id);
    let stored = app.group_digest(group, None).unwrap().unwrap();
    assert_eq!(stored.markdown, d.markdown);
    assert_eq!(
        app.groups().unwrap()[0].last_week.as_deref(),
        Some("2026-W48")
    );

    // Saved into a folder: Markdown, HTML naming the PNG beside it, and the PNG.
    let out = dir.path().join("out");
    let saved = app.save_digest(d.id, &out).unwrap();
    let html = std::fs::read_to_string(&saved.html).unwrap();
    let png = std::fs::read(saved.png.as_ref().unwrap()).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    assert!(html.contains("digest-club-2026-W48.png"), "{html}");
    assert_eq!(
        std::fs::read_to_string(&saved.markdown).unwrap(),
        d.markdown
    );
    let log = app.digest(d.id).unwrap().deliveries;
    assert_eq!(
        (log[0].channel.as_str(), log[0].status.as_str()),
        ("folder", "sent")
    );

    // The athlete's own digest, not stored.
    let own = app.athlete(ana).unwrap().digest(Some("2026-W48")).unwrap();
    assert_eq!(own.id, 0);
    assert!(own.markdown.contains("18.0 km"));

    // Bad input: a bad week, an unknown group, a member that does not exist.
    assert!(app.generate_group_digest(group, Some("2026-W60")).is_err());
    assert!(app.resolve_group("nobody").is_err());
    assert!(app.set_group_members(group, &[ana, 999]).is_err());
    assert_eq!(app.group(group).unwrap().members.len(), 2);
    assert!(
        app.add_group("club", "UTC", &[], None).is_err(),
        "names are unique"
    );
    assert!(app.add_group("X", "Mars/Olympus", &[], None).is_err());
    assert!(app.add_group("Y", "UTC", &[], Some("someday")).is_err());
}

#[test]
fn whatsapp_delivery_is_exactly_once_resumes_and_logs_failures() {
    use paceline_whatsapp::fake::{FakeWhatsApp, Fault};
    let dir = tempfile::tempdir().unwrap();
    let (app, _ana, _ben, group) = club(dir.path());
    let fake = FakeWhatsApp::start_blocking("tok-123", "1234567");
    // SAFETY of the process environment: this is the only test reading these.
    std::env::set_var(paceline_app::WHATSAPP_URL_ENV, fake.url().to_string());
    std::env::set_var("PACELINE_WHATSAPP_BACKOFF_MS", "1");

    let d = app.generate_group_digest(group, Some("2026-W48")).unwrap();
    // Not set up yet: a clear error, nothing logged.
    let e = app.send_digest(d.id, false).unwrap_err().to_string();
    assert!(e.contains("not set up"), "{e}");
    app.set_whatsapp(
        "1234567",
        "491701234567",
        Some(&SecretString::from("tok-123")),
    )
    .unwrap();

    // A rate limit then success: delivered once, the text then the chart.
    fake.push_fault("/messages", Fault::RateLimit { retry_after: None });
    let sent = app.send_digest(d.id, false).unwrap();
    assert_eq!(sent.status, "sent", "{sent:?}");
    let msgs = fake.messages();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert_eq!(msgs[1].caption.as_deref(), Some("Club · 2026-W48"));
    assert_eq!(fake.media().len(), 1);
    // Sent already: refused unless asked again.
    let e = app.send_digest(d.id, false).unwrap_err().to_string();
    assert!(e.contains("already sent"), "{e}");
    assert_eq!(fake.messages().len(), 2);

    // A refusal (400 with WhatsApp's error body): failed, the reason logged, no retry.
    fake.push_fault(
        "/messages",
        Fault::ApiError {
            status: 400,
            code: 131030,
            message: "Recipient phone number not in allowed list".into(),
        },
    );
    let failed = app.send_digest(d.id, true).unwrap();
    assert_eq!(failed.status, "failed");
    assert!(
        failed.error.as_deref().unwrap().contains("131030"),
        "{failed:?}"
    );
    assert_eq!(failed.parts_sent, 0);
    assert_eq!(fake.messages().len(), 2);

    // The text goes out, the chart's upload fails: a retry resumes with the chart only.
    fake.push_fault(
        "/media",
        Fault::ApiError {
            status: 400,
            code: 131053,
            message: "Media upload error".into(),
        },
    );
    let half = app.send_digest(d.id, true).unwrap();
    assert_eq!(
        (half.status.as_str(), half.parts_sent),
        ("failed", 1),
        "{half:?}"
    );
    assert_eq!(fake.messages().len(), 3);
    let done = app.send_digest(d.id, true).unwrap();
    assert_eq!(done.id, half.id, "the failed delivery is resumed");
    assert_eq!((done.status.as_str(), done.parts_sent), ("sent", 2));
    let msgs = fake.messages();
    assert_eq!(msgs.len(), 4, "the text was not sent twice: {msgs:?}");

    // The log, newest first: the first delivery, and the second one that failed twice
    // and was resumed to the end; the token is in no row.
    let log = app.digest(d.id).unwrap().deliveries;
    let states: Vec<(&str, u32)> = log
        .iter()
        .map(|l| (l.status.as_str(), l.attempts))
        .collect();
    assert_eq!(states, [("sent", 3), ("sent", 1)]);
    assert_eq!(log[0].error, None);
    assert!(!format!("{log:?}").contains("tok-123"));
    assert!(!format!("{:?}", app.whatsapp_settings().unwrap()).contains("tok-123"));
}

#[test]
fn each_group_is_generated_on_its_own_local_schedule_across_dst() {
    let dir = tempfile::tempdir().unwrap();
    // Saturday 2026-10-24 12:00 UTC: Berlin leaves summer time on the 25th, New York
    // on 1 November.
    let clock = Arc::new(ManualClock::new(1_792_843_200));
    let app = open(&dir.path().join("vault"), clock.clone());
    let ana = app.current_athlete().unwrap();
    import(
        &app,
        ana,
        dir.path(),
        &[("r.fit".into(), run(1_792_843_200 - 2 * DAY, 6))],
    );
    let berlin = app
        .add_group("Berlin", "Europe/Berlin", &[ana], Some("mon 07:00"))
        .unwrap();
    let ny = app
        .add_group("New York", "America/New_York", &[ana], Some("mon 07:00"))
        .unwrap();
    // Monday 26 October 07:00: 06:00 UTC in Berlin (CET), 11:00 UTC in New York (EDT).
    let mon = 1_792_972_800;
    assert_eq!(berlin.next_due_utc, Some(mon + 6 * 3600));
    assert_eq!(ny.next_due_utc, Some(mon + 11 * 3600));

    app.start_scheduler(Duration::from_millis(10)).unwrap();
    let wait = |group: i64, week: &str| {
        for _ in 0..500 {
            if let Some(d) = app.group_digest(group, Some(week)).unwrap() {
                return d;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("no {week} digest for group {group}");
    };
    clock.set(mon + 6 * 3600 + 1);
    let d = wait(berlin.id, "2026-W43");
    assert!(d.markdown.contains("6.0 km"), "{}", d.markdown);
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        app.group_digest(ny.id, None).unwrap().is_none(),
        "not yet 07:00 in New York"
    );
    clock.set(mon + 11 * 3600 + 1);
    wait(ny.id, "2026-W43");

    // A week later New York is on EST: 07:00 is 12:00 UTC; Berlin stays at 06:00.
    let groups = app.groups().unwrap();
    let due = |id: i64| groups.iter().find(|g| g.id == id).unwrap().next_due_utc;
    assert_eq!(due(berlin.id), Some(mon + 7 * DAY + 6 * 3600));
    assert_eq!(due(ny.id), Some(mon + 7 * DAY + 12 * 3600));
    assert!(app.shutdown_jobs(Duration::from_secs(5)));
    // The schedules are saved: the next start brings both back.
    let reopened = open(&dir.path().join("vault"), clock);
    assert_eq!(reopened.restore_digest_schedules().unwrap(), 2);
}
