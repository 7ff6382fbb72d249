//! What the proofs feed the app: FIT files from our writer, the fake Garmin (with an
//! HRV value of our choosing) and its activities.

use std::path::{Path, PathBuf};

use paceline_fit::{
    unix_to_fit, ActivityBuilder, DeviceIdent, RecordSample, Sport, SubSport, Summary,
};
use paceline_garmin::fake::{FakeActivity, FakeGarmin};

/// A ride of `seconds` 1 Hz records whose track starts at exactly (`lat`, `lon`)
/// and moves north-east by 1e-7° a second (so the first positions keep the start's
/// first five decimals).
pub fn ride_at(start_unix: i64, seconds: u32, lat: f64, lon: f64, serial: u32) -> Vec<u8> {
    let t0 = unix_to_fit(start_unix);
    let mut b = ActivityBuilder::new(&DeviceIdent {
        time_created: t0,
        serial,
        product_name: Some("Paceline proof".into()),
        ..Default::default()
    });
    b.timer_start(t0);
    let mut dist = 0.0;
    for i in 0..seconds {
        let power = 190.0 + f64::from(i % 60);
        dist += 8.0;
        b.record(&RecordSample {
            timestamp: t0 + i,
            lat_deg: Some(lat + f64::from(i) * 1e-7),
            lon_deg: Some(lon + f64::from(i) * 1e-7),
            altitude_m: Some(200.0),
            heart_rate: Some(130 + (i % 20) as u8),
            cadence: Some(88),
            distance_m: Some(dist),
            speed_mps: Some(8.0),
            power_w: Some(power as u16),
            temperature_c: Some(20),
        });
    }
    let end = t0 + seconds;
    let s = Summary {
        sport: Sport::CYCLING,
        sub_sport: SubSport::ROAD,
        start_time: t0,
        timestamp: end,
        total_elapsed_time_s: f64::from(seconds),
        total_timer_time_s: f64::from(seconds),
        total_distance_m: Some(dist),
        start_lat_deg: Some(lat),
        start_lon_deg: Some(lon),
        ..Default::default()
    };
    b.timer_stop(end).lap(&s).session(&s).activity(end, 3600);
    b.finish()
}

/// `n` FIT files in `dir`, one ride a day of 5–15 minutes; returns their paths.
pub fn ride_folder(dir: &Path, n: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("a folder for the rides");
    (0..n)
        .map(|i| {
            let start = (19_500 + i as i64) * 86_400 + 7 * 3600;
            let secs = 300 + (i as u32 * 97) % 600;
            let bytes = paceline_testsupport::history::synthetic_ride(start, secs, i as u64);
            let p = dir.join(format!("{i:03}-ride.fit"));
            std::fs::write(&p, bytes).expect("a ride file");
            p
        })
        .collect()
}

/// A copy of the corpus's recorded Garmin API answers as symbolic links, except the
/// HRV answers, whose nightly average becomes `hrv` (so the value is a marker).
/// `None` without the corpus.
pub fn garmin_corpus_with_hrv(dir: &Path, hrv: f64) -> Option<PathBuf> {
    let api = paceline_testsupport::corpus("garmin-api")?;
    let out = dir.join("garmin-api");
    std::fs::create_dir_all(&out).expect("a corpus folder");
    for e in std::fs::read_dir(&api)
        .expect("the Garmin corpus reads")
        .flatten()
    {
        let name = e.file_name();
        let dest = out.join(&name);
        if name.to_string_lossy().starts_with("garth_hrv-service") {
            let text = std::fs::read_to_string(e.path()).expect("an HRV answer");
            let mut v: serde_json::Value = serde_json::from_str(&text).expect("HRV JSON");
            set_all(&mut v, "lastNightAvg", hrv);
            std::fs::write(dest, v.to_string()).expect("the HRV answer");
        } else {
            std::os::unix::fs::symlink(e.path(), dest).expect("a link to the corpus");
        }
    }
    Some(dir.to_path_buf())
}

fn set_all(v: &mut serde_json::Value, key: &str, to: f64) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == key {
                    *x = serde_json::json!(to);
                } else {
                    set_all(x, key, to);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| set_all(x, key, to)),
        _ => {}
    }
}

/// The fake Garmin on its own runtime, serving `corpus` (a folder holding
/// `garmin-api/`) and `n` demo activities, one a day from 2026-01-01.
pub struct Garmin {
    pub fake: FakeGarmin,
    _rt: tokio::runtime::Runtime,
}

impl Garmin {
    pub fn start(corpus: &Path, n: usize) -> Garmin {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let fake = rt
            .block_on(FakeGarmin::start(Some(corpus)))
            .expect("the fake Garmin starts");
        let weeks = 1 + n as u32 / 4;
        let files = paceline_demo::generate(&paceline_demo::ALEX, 20_400 * 86_400, weeks, 9);
        assert!(files.len() >= n, "the demo has {} files", files.len());
        let t0: i64 = 1_767_268_800;
        fake.set_activities(FakeActivity::daily(
            7000,
            t0,
            files.into_iter().take(n).map(|f| f.bytes),
        ));
        Garmin { fake, _rt: rt }
    }

    /// Tokens issued as after a sign-in, as python-garminconnect's token file
    /// (what `paceline garmin login --import-tokens` reads); also returns the
    /// access and refresh tokens.
    pub fn token_file(&self, path: &Path) -> (String, String) {
        use secrecy::ExposeSecret;
        let t = self.fake.issue_tokens();
        let access = t.access_token.expose_secret().to_string();
        let refresh = t.refresh_token.expose_secret().to_string();
        let json = serde_json::json!({
            "di_token": access,
            "di_refresh_token": refresh,
            "di_client_id": paceline_garmin::fake::CLIENT_ID,
        });
        std::fs::write(path, json.to_string()).expect("the token file");
        (access, refresh)
    }
}
