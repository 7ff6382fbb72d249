use jiff::civil::date;
use paceline_garmin::{date_chunks, GarminConfig, GarminError, ServiceTicket, Workout};

use crate::corpus;

#[test]
fn base_url_replaces_scheme_and_host_only() {
    let cfg = GarminConfig::builtin()
        .with_base_url(&"http://127.0.0.1:9/ignored".parse().unwrap())
        .unwrap();
    for h in [
        &cfg.hosts.sso,
        &cfg.hosts.connect,
        &cfg.hosts.connectapi,
        &cfg.hosts.diauth,
    ] {
        assert_eq!(h.as_str(), "http://127.0.0.1:9/");
    }
    assert_eq!(
        cfg.url(&cfg.hosts.diauth, &cfg.di.token_path).as_str(),
        "http://127.0.0.1:9/di-oauth2-service/oauth/token"
    );
}

#[test]
fn a_user_file_overrides_single_keys() {
    let over = "[di]\nclient_id = \"GARMIN_CONNECT_MOBILE_ANDROID_DI_2026Q1\"\n[native_headers]\nX-App-Ver = \"11000\"\n";
    let cfg = GarminConfig::parse(paceline_garmin::config::BUILTIN_TOML, Some(over)).unwrap();
    assert_eq!(cfg.di.client_id, "GARMIN_CONNECT_MOBILE_ANDROID_DI_2026Q1");
    assert_eq!(cfg.native_headers["X-App-Ver"], "11000");
    assert_eq!(cfg.native_headers["User-Agent"], "GCM-Android-5.23");
    assert!(GarminConfig::parse(paceline_garmin::config::BUILTIN_TOML, Some("[di\n")).is_err());
}

#[test]
fn tickets_parse_from_text_and_urls() {
    assert!(ServiceTicket::parse(" ST-123-abc ")
        .unwrap()
        .service_url
        .is_none());
    let t = ServiceTicket::parse("https://connect.garmin.com/app?ticket=ST-9-x_y.z#top").unwrap();
    assert_eq!(
        t.service_url.as_deref(),
        Some("https://connect.garmin.com/app")
    );
    for bad in [
        "",
        "ticket=",
        "https://sso.garmin.com/sso/embed",
        "ST-",
        "ST-a b",
    ] {
        assert!(
            matches!(ServiceTicket::parse(bad), Err(GarminError::BadTicket)),
            "{bad}"
        );
    }
}

#[test]
fn ranges_are_cut_in_28_day_chunks() {
    let c = date_chunks(date(2026, 1, 1), date(2026, 3, 1), 28);
    assert_eq!(
        c,
        vec![
            (date(2026, 1, 1), date(2026, 1, 28)),
            (date(2026, 1, 29), date(2026, 2, 25)),
            (date(2026, 2, 26), date(2026, 3, 1))
        ]
    );
    assert!(date_chunks(date(2026, 1, 2), date(2026, 1, 1), 28).is_empty());
}

#[test]
fn the_recorded_garmin_zip_unpacks_and_junk_is_a_typed_error() {
    let Some(root) = corpus() else { return };
    let z = std::fs::read(root.join("garmin-api/garth_download-service_files_activity_ID.zip"))
        .unwrap();
    let f = paceline_garmin::endpoints::unzip_original(&z).unwrap();
    assert_eq!(f.file_name, "11998957007_ACTIVITY.fit");
    assert_eq!(&f.bytes[8..12], b".FIT");
    assert!(matches!(
        paceline_garmin::endpoints::unzip_original(&z[..z.len() / 2]),
        Err(GarminError::BadZip(_))
    ));
    assert!(matches!(
        paceline_garmin::endpoints::unzip_original(b"not a zip"),
        Err(GarminError::BadZip(_))
    ));
}

#[test]
fn mappers_never_panic_on_odd_json() {
    use paceline_garmin::mappers::*;
    for v in [
        serde_json::json!(null),
        serde_json::json!([1, "x", {}]),
        serde_json::json!({"dailySleepDTO": 5}),
        serde_json::json!({"hrvSummary": {"calendarDate": 7}}),
        serde_json::json!([{"activityId": "12", "startTimeGMT": 3}]),
    ] {
        let _ = (
            map_activity_list(&v),
            map_sleep_day(&v),
            map_hrv_day(&v),
            map_body_battery(&v),
            map_weight_range(&v),
            map_training_readiness(&v),
            map_steps_range(&v),
            map_profile(&v),
        );
    }
    // a string id is still an id; a bad time is None
    let l = map_activity_list(&serde_json::json!([{"activityId": "12", "startTimeGMT": 3}]));
    assert_eq!((l[0].id, l[0].start_gmt), (12, None));
}

#[test]
fn invalid_workouts_are_refused() {
    let w = Workout {
        name: " ".into(),
        sport: paceline_garmin::Sport::Cycling,
        description: None,
        steps: vec![],
    };
    assert!(matches!(
        w.to_garmin_json(),
        Err(GarminError::BadWorkout(_))
    ));
}
