//! The coach through the application layer against the scripted fake LLM server:
//! providers and keys, a plan written by the model (good, repaired, refused, cut off
//! by the budget), the ledger equal to the fake's usage, rules from words, the
//! rule-based analysis → suggestion → preview → approve → undo, and chat with tools.

use std::sync::{Arc, Mutex};

use paceline_app::coach::{ProviderInput, ProviderKind};
use paceline_app::plan::brief::{Availability, Priority, Race, RaceSport};
use paceline_app::plan::checker::context::plan_end;
use paceline_app::plan::{Date, Plan, Sport};
use paceline_app::{App, AthleteScope, Config, ManualClock};
use paceline_llm_fake::{FakeLlm, Recorded, Reply, Turn};
use paceline_store::KeyOptions;
use serde_json::{json, Value};

/// Monday 2027-03-01, noon UTC.
const NOW: i64 = 1_803_902_400;

pub fn app_at(now: i64) -> (tempfile::TempDir, App, Arc<ManualClock>) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(now));
    let cfg = Config {
        data_dir: dir.path().to_path_buf(),
        keys: KeyOptions::with_passphrase("test"),
    };
    let app = App::open_with_clock(&cfg, clock.clone()).unwrap();
    (dir, app, clock)
}

/// The fake server on a runtime of its own (kept alive by the caller).
pub fn fake() -> (tokio::runtime::Runtime, FakeLlm) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let f = rt.block_on(FakeLlm::start());
    (rt, f)
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A runner: six days a week, a 10 km A race eight weeks out.
pub fn runner(app: &AthleteScope) {
    app.set_plan_sports(Some(vec![Sport::Run]), vec![]).unwrap();
    app.set_availability(&Availability {
        mon: 0.0,
        tue: 1.0,
        wed: 1.0,
        thu: 1.0,
        fri: 1.0,
        sat: 1.5,
        sun: 2.0,
    })
    .unwrap();
    app.add_race(&Race {
        date: d("2027-04-25"),
        name: "Spring 10k".into(),
        sport: RaceSport::Run,
        distance_km: Some(10.0),
        priority: Priority::A,
        target_time_min: Some(50.0),
        taper_days: None,
    })
    .unwrap();
}

/// An OpenAI-compatible provider at the fake, priced per million tokens.
pub fn add_provider(app: &App, fake: &FakeLlm, key_env: Option<&str>, price: (f64, f64)) {
    app.coach_add_provider(&ProviderInput {
        name: "fake".into(),
        kind: ProviderKind::Openai,
        base_url: format!("{}/v1", fake.url()),
        model: "fake-model".into(),
        api_key_env: key_env.map(str::to_owned),
        price_in: Some(price.0),
        price_out: Some(price.1),
        timeout_s: Some(5),
        local: Some(false),
    })
    .unwrap();
}

/// The request blocks the app will make: 4 calendar weeks each, from the plan start.
fn blocks(app: &AthleteScope) -> Vec<(Date, Date)> {
    let brief = app.plan_brief().unwrap();
    let end = plan_end(&brief, &app.checker_config().unwrap());
    let mut out = Vec::new();
    let mut from = brief.start_date;
    while from <= end {
        let to = from.week_start().plus(27).min(end);
        out.push((from, to));
        from = to.plus(1);
    }
    out
}

/// The weeks of `plan` in `from..=to` as the model's JSON, every zone's minutes
/// times `scale` (races left out: the app adds them).
fn weeks_json(plan: &Plan, from: Date, to: Date, scale: f32) -> String {
    let mut weeks: Vec<(Date, Vec<Value>)> = Vec::new();
    for w in plan
        .workouts
        .iter()
        .filter(|w| !w.is_race() && w.date >= from && w.date <= to)
    {
        let z = &w.time_in_zone_min;
        let steps: Vec<Value> = [z.z1, z.z2, z.z3, z.z4, z.z5]
            .iter()
            .enumerate()
            .filter(|(_, m)| **m > 0.0)
            .map(|(i, m)| {
                json!({"kind": "work", "minutes": m * scale, "zone": i + 1, "times": null,
                       "recovery_minutes": null, "recovery_zone": null})
            })
            .collect();
        let x = json!({"date": w.date, "sport": w.sport, "type": w.kind, "name": w.name,
            "intensity": w.intensity, "location": w.location, "description": "", "steps": steps});
        let wk = w.date.week_start();
        match weeks.last_mut() {
            Some((k, list)) if *k == wk => list.push(x),
            _ => weeks.push((wk, vec![x])),
        }
    }
    let weeks: Vec<Value> = weeks
        .into_iter()
        .map(|(k, list)| json!({"week_start": k, "workouts": list}))
        .collect();
    json!({ "weeks": weeks }).to_string()
}

/// A safe plan to echo: the built-in planner's for the same brief (not saved).
fn safe_plan(app: &AthleteScope) -> Plan {
    let brief = app.plan_brief().unwrap();
    paceline_app::plan::generate(&brief, &app.checker_config().unwrap()).plan
}

fn body_text(r: &Recorded) -> String {
    r.body.to_string()
}

#[test]
fn a_plan_from_the_model_is_checked_saved_and_paid_for_exactly() {
    let (_dir, vault, _) = app_at(NOW);
    let (_rt, fake) = fake();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    runner(&app);
    add_provider(&vault, &fake, None, (1.0, 2.0));
    let safe = safe_plan(&app);
    let b = blocks(&app);
    assert_eq!(b.len(), 3, "{b:?}");
    for (i, (from, to)) in b.iter().enumerate() {
        fake.push(Turn::text(
            weeks_json(&safe, *from, *to, 1.0),
            1000 + i as u64,
            2000,
        ));
    }
    let out = app.generate_plan_llm().unwrap();
    assert!(!out.repaired);
    assert_eq!(out.version, 1);
    assert_eq!(out.calls, 3);
    // Totals are ours: every workout's TSS is its zones' TSS.
    for w in &out.plan.workouts {
        assert!((w.tss - w.time_in_zone_min.tss()).abs() < 0.1, "{w:?}");
    }
    assert_eq!(out.plan.workouts.iter().filter(|w| w.is_race()).count(), 1);
    let v = app.plan_versions().unwrap();
    assert_eq!(v[0].source, "llm");
    assert!(v[0].reason.contains("fake/fake-model"), "{}", v[0].reason);
    // The ledger's sums are the fake's usage, priced $1 in / $2 out per million.
    let rows = vault.coach_ledger(0).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows.iter().map(|r| r.tokens_in).sum::<u64>(), 3003);
    assert_eq!(rows.iter().map(|r| r.tokens_out).sum::<u64>(), 6000);
    let cost: f64 = rows.iter().map(|r| r.cost_usd).sum();
    assert!((cost - (3003.0 + 12000.0) / 1e6).abs() < 1e-12, "{cost}");
    assert!((out.cost_usd - cost).abs() < 1e-12);
    assert!(rows.iter().all(|r| r.outcome == "ok"
        && r.prompt_name == "plan_generate"
        && r.prompt_version == 1
        && r.action == "plan_generate"));
    let s = vault.coach_ledger_summary(0).unwrap();
    assert_eq!((s.calls, s.tokens_in, s.tokens_out), (3, 3003, 6000));
    assert_eq!(s.by_model[0].key, "fake/fake-model");
    assert_eq!(s.by_day[0].key, "2027-03-01");
    // The request carried the schema and the athlete's brief.
    let req = &fake.requests()[0];
    assert_eq!(req.body["response_format"]["type"], "json_schema");
    assert!(body_text(req).contains("Spring 10k"));
}

#[test]
fn a_plan_that_breaks_the_ramp_is_repaired_or_refused_never_saved_broken() {
    let (_dir, vault, _) = app_at(NOW);
    let (_rt, fake) = fake();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    runner(&app);
    add_provider(&vault, &fake, None, (1.0, 2.0));
    let safe = safe_plan(&app);
    let b = blocks(&app);
    let script = |fake: &FakeLlm, repair_scale: f32| {
        for (i, (from, to)) in b.iter().enumerate() {
            let scale = if i == 0 { 2.5 } else { 1.0 };
            fake.push(Turn::text(weeks_json(&safe, *from, *to, scale), 900, 1500));
        }
        let (from, to) = b[0];
        fake.push(Turn::text(
            weeks_json(&safe, from, to, repair_scale),
            1200,
            1500,
        ));
    };
    // Repaired: the second answer fixes the first block.
    script(&fake, 1.0);
    let out = app.generate_plan_llm().unwrap();
    assert!(out.repaired);
    assert_eq!(out.calls, 4);
    let repair = fake.requests().last().unwrap().body.to_string();
    assert!(
        repair.contains("CTL"),
        "the repair round names the ramp: {repair}"
    );
    let v = app.plan_versions().unwrap();
    assert_eq!(v.len(), 1);
    assert!(v[0].reason.contains("after one repair round"));
    assert!(app.check_plan_version(None).unwrap().passed());

    // Refused: the repair is as bad; nothing new is saved.
    script(&fake, 2.5);
    let e = app.generate_plan_llm().unwrap_err();
    assert_eq!(e.code(), paceline_types::ErrorCode::InvalidInput);
    assert!(e.to_string().contains("nothing was saved"), "{e}");
    assert!(e.to_string().contains("CTL"), "{e}");
    assert_eq!(app.plan_versions().unwrap().len(), 1);
    assert_eq!(fake.remaining(), 0);
    let rows = vault.coach_ledger(0).unwrap();
    assert_eq!(rows.len(), 8);
    assert_eq!(rows.iter().filter(|r| r.action == "plan_repair").count(), 2);
}

#[test]
fn a_budget_crossed_mid_run_stops_with_a_clear_error_and_saves_nothing() {
    let (_dir, vault, _) = app_at(NOW);
    let (_rt, fake) = fake();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    runner(&app);
    // Input free, output $1 per million: each call may cost up to 8,000 tokens = $0.008.
    add_provider(&vault, &fake, None, (0.0, 1.0));
    vault.coach_set_budget(Some(0.012), None, None).unwrap();
    let safe = safe_plan(&app);
    for (from, to) in blocks(&app) {
        fake.push(Turn::text(weeks_json(&safe, from, to, 1.0), 1000, 5000));
    }
    // First block: $0 + $0.008 ≤ $0.012, costs $0.005; second: $0.005 + $0.008 > $0.012.
    let e = app.generate_plan_llm().unwrap_err();
    assert_eq!(e.code(), paceline_types::ErrorCode::InvalidInput);
    assert!(e.to_string().contains("daily budget of $0.01"), "{e}");
    assert!(app.plan_versions().unwrap().is_empty());
    assert_eq!(fake.requests().len(), 1, "nothing is sent past the cap");
    let rows = vault.coach_ledger(0).unwrap();
    assert_eq!(
        rows.iter().map(|r| r.outcome.as_str()).collect::<Vec<_>>(),
        ["ok", "budget_refused"]
    );
    assert!((rows.iter().map(|r| r.cost_usd).sum::<f64>() - 0.005).abs() < 1e-12);
    // A cap of 0 refuses everything that costs anything.
    vault.coach_set_budget(Some(0.0), None, None).unwrap();
    assert!(app
        .generate_plan_llm()
        .unwrap_err()
        .to_string()
        .contains("budget"));
    assert_eq!(fake.requests().len(), 1);
}

/// A `MakeWriter` that keeps everything logged.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn an_api_key_is_used_but_appears_in_no_log_error_listing_or_file() {
    const MARKER: &str = "sk-PLANTED-7f3c9e1d55";
    let (dir, vault, _) = app_at(NOW);
    let (_rt, fake) = fake();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    runner(&app);
    std::env::set_var("PACELINE_TEST_COACH_KEY", MARKER);
    let missing = vault.coach_add_provider(&ProviderInput {
        name: "other".into(),
        kind: ProviderKind::Anthropic,
        base_url: fake.url(),
        model: "m".into(),
        api_key_env: Some("PACELINE_TEST_COACH_KEY_UNSET".into()),
        price_in: None,
        price_out: None,
        timeout_s: None,
        local: None,
    });
    assert!(missing.unwrap_err().to_string().contains("is not set"));
    add_provider(&vault, &fake, Some("PACELINE_TEST_COACH_KEY"), (1.0, 1.0));
    std::env::remove_var("PACELINE_TEST_COACH_KEY");
    let listed = vault.coach_providers().unwrap();
    assert!(listed[0].has_key);
    assert!(!format!("{listed:?}").contains(MARKER));
    assert!(!serde_json::to_string(&listed).unwrap().contains(MARKER));

    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // The server echoes the key in its error (some do); the error must not.
    fake.push(Reply::Status {
        status: 401,
        retry_after: None,
        body: json!({"error": {"message": format!("invalid key {MARKER}")}}).to_string(),
    });
    let e = tracing::subscriber::with_default(subscriber, || app.generate_plan_llm().unwrap_err());
    let req = &fake.requests()[0];
    assert_eq!(
        req.headers.get("authorization").map(String::as_str),
        Some(format!("Bearer {MARKER}").as_str()),
        "the key is sent to the provider"
    );
    assert!(!e.to_string().contains(MARKER), "{e}");
    assert!(!format!("{e:?}").contains(MARKER));
    let logged = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(
        logged.contains("provider failed"),
        "TRACE logs were captured"
    );
    assert!(!logged.contains(MARKER), "{logged}");
    for f in walk(dir.path()) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !bytes.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()),
            "{} holds the key",
            f.display()
        );
    }
}

fn walk(p: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(p).unwrap().flatten() {
        let path = e.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_demo_athletes_16_week_plan_request_fits_in_8000_tokens() {
    let (_dir, vault, _) = app_at(NOW);
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    app.seed_demo(16).unwrap();
    let size = app.coach_context_size().unwrap();
    println!(
        "demo athlete: brief {} tokens, 16-week plan request {} tokens",
        size.brief_tokens, size.plan_request_tokens
    );
    assert!(size.plan_request_tokens <= 8000, "{size:?}");
    let text = app.coach_context().unwrap().render();
    for part in [
        "Thresholds: FTP 250 W",
        "Load by week",
        "Races ahead:",
        "Current plan, next 14 days:",
    ] {
        assert!(text.contains(part), "{part:?} missing:\n{text}");
    }
}

#[test]
fn a_model_that_writes_no_workouts_is_refused_not_saved_as_an_empty_plan() {
    let (_dir, vault, _) = app_at(NOW);
    let (_rt, fake) = fake();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    runner(&app);
    add_provider(&vault, &fake, None, (0.0, 0.0));
    for _ in 0..blocks(&app).len() + 1 {
        fake.push(Turn::text(r#"{"weeks": []}"#, 10, 5));
    }
    let e = app.generate_plan_llm().unwrap_err().to_string();
    assert!(e.contains("nothing was saved"), "{e}");
    assert!(fake
        .requests()
        .last()
        .unwrap()
        .body
        .to_string()
        .contains("week 2027-03-01 has no workouts"),);
    assert!(app.plan_versions().unwrap().is_empty());
}
