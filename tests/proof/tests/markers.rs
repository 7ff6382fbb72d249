//! Nothing leaks: marker strings written through every feature (athlete name, a GPS
//! position, an HRV value, a journal note, a coach chat, a Garmin token, an LLM key,
//! a WhatsApp token) are found in no file the app wrote — vault, WAL, logs, temp
//! files, caches, backups, a restored vault — in UTF-8, UTF-16, hex or base64.
//! Exports are excluded (they are the athlete's data in the clear, on purpose); the
//! export is scanned too, to prove the markers were really written. A marker planted
//! on purpose is found, which proves the scanner works.

use std::path::Path;
use std::process::Stdio;

use paceline_llm_fake::{FakeLlm, Turn};
use paceline_proof::cli::{ok, Sandbox};
use paceline_proof::fixtures::{garmin_corpus_with_hrv, ride_at, Garmin};
use paceline_proof::scan::{scan, Marker};
use paceline_whatsapp::fake::FakeWhatsApp;

const NAME: &str = "Quillfeather Zorbantha";
// Where the marker ride starts; four decimals as text must appear nowhere.
const LAT: f64 = 63.412_97;
const LON: f64 = -19.007_81;
const HRV: f64 = 97.3127;
const NOTE: &str = "legs felt like marmalade-7731";
const CHAT: &str = "should I ride up Mount Brixelhorn-4410?";
const REPLY: &str = "Brixelhorn answer: ride it easy-8826";
const LLM_KEY: &str = "sk-proof-LLMKEY-99120472";
const WA_TOKEN: &str = "EAAproofWHATSAPPtoken55018843";
const WA_PHONE: &str = "109876543210";

/// Writes every marker through the CLI; returns the markers and where the export went.
fn write_markers(sb: &mut Sandbox, inputs: &Path) -> Vec<Marker> {
    let mut markers = vec![
        Marker::new("athlete name", NAME),
        Marker::new("latitude", "63.4129"),
        Marker::new("longitude", "19.0078"),
        Marker::new("journal note", NOTE),
        Marker::new("coach chat question", CHAT),
        Marker::new("coach chat answer", REPLY),
        Marker::new("LLM API key", LLM_KEY),
        Marker::new("WhatsApp token", WA_TOKEN),
    ];
    sb.ok(&["profile", "--name", NAME]);

    // A ride from our FIT writer whose track starts at the marker position.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64;
    let ride = inputs.join("marker-ride.fit");
    std::fs::write(&ride, ride_at(now - 8 * 86_400, 900, LAT, LON, 4242)).expect("the ride");
    let out = sb.ok(&["import", ride.to_str().expect("UTF-8 path")]);
    assert!(out.contains("1 imported"), "{out}");
    sb.ok(&["log", "journal", "--sleep", "4", "--note", NOTE]);

    // The coach: a provider whose key comes from the environment, one chat turn.
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    let llm = rt.block_on(FakeLlm::start());
    sb.set("PROOF_LLM_KEY", LLM_KEY);
    let url = format!("{}/v1", llm.url());
    sb.ok(&[
        "coach",
        "providers",
        "add",
        "cloud",
        "--kind",
        "openai",
        "--base-url",
        &url,
        "--model",
        "m1",
        "--api-key-env",
        "PROOF_LLM_KEY",
    ]);
    llm.push(Turn::text(REPLY, 300, 12));
    let answer = sb.ok(&["coach", "ask", CHAT]);
    assert!(answer.contains(REPLY), "{answer}");
    sb.unset("PROOF_LLM_KEY");

    // Garmin: tokens from the fake, a sync bringing activities and an HRV marker.
    match garmin_corpus_with_hrv(&inputs.join("garmin-corpus"), HRV) {
        Some(corpus) => {
            let g = Garmin::start(&corpus, 3);
            let (access, refresh) = g.token_file(&inputs.join("garmin_tokens.json"));
            markers.push(Marker::new("Garmin access token", access));
            markers.push(Marker::new("Garmin refresh token", refresh));
            markers.push(Marker::new("HRV value", "97.3127"));
            sb.set("PACELINE_GARMIN_URL", g.fake.url.as_str())
                .set("PACELINE_GARMIN_PACE_MS", "0");
            let tokens = inputs.join("garmin_tokens.json");
            sb.ok(&[
                "garmin",
                "login",
                "--import-tokens",
                tokens.to_str().expect("UTF-8"),
            ]);
            sb.ok(&["garmin", "sync"]);
            let days: serde_json::Value = serde_json::from_str(&sb.ok(&[
                "wellness",
                "--from",
                "2023-06-01",
                "--to",
                "2023-07-31",
                "--json",
            ]))
            .expect("wellness JSON");
            assert!(
                days.as_array()
                    .is_some_and(|d| d.iter().any(|d| d["hrv_rmssd_ms"] == HRV)),
                "the HRV marker was not stored: {days}"
            );
            sb.unset("PACELINE_GARMIN_URL");
        }
        None => eprintln!("SKIP Garmin markers (token, HRV): no corpus"),
    }

    // WhatsApp: the token from the environment, a digest sent to the fake.
    let wa = FakeWhatsApp::start_blocking(WA_TOKEN, WA_PHONE);
    sb.set("PROOF_WA_TOKEN", WA_TOKEN)
        .set("PACELINE_WHATSAPP_URL", wa.url().as_str());
    sb.ok(&[
        "digest",
        "whatsapp",
        "--phone-number-id",
        WA_PHONE,
        "--recipient",
        "15550001111",
        "--token-env",
        "PROOF_WA_TOKEN",
    ]);
    sb.unset("PROOF_WA_TOKEN");
    sb.ok(&["groups", "add", "Proof squad", "--members", NAME]);
    sb.ok(&["digest", "send", "--group", "Proof squad"]);
    assert!(!wa.messages().is_empty(), "the digest reached WhatsApp");

    // A backup, and a restore of it into another data folder.
    sb.set("PACELINE_BACKUP_PASSPHRASE", "proof-backup-pass");
    let backup = sb.path().join("backups/proof.plbackup");
    std::fs::create_dir_all(backup.parent().expect("a parent")).expect("backups folder");
    sb.ok(&["backup", "--out", backup.to_str().expect("UTF-8")]);
    let restored = sb.path().join("restored");
    let out = sb
        .cmd_on(
            &restored,
            &["restore", backup.to_str().expect("UTF-8"), "--yes"],
        )
        .output()
        .expect("restore runs");
    ok(&out, &["restore"]);
    let list = sb
        .cmd_on(&restored, &["activities", "--json"])
        .output()
        .expect("runs");
    assert!(
        ok(&list, &["activities"]).contains("\"id\""),
        "restored vault has activities"
    );

    // A kill -9 in the middle of an import leaves a WAL and a -shm behind: scan them too.
    let more = inputs.join("more");
    paceline_proof::fixtures::ride_folder(&more, 40);
    let mut child = sb
        .cmd(&["import", "--quiet", more.to_str().expect("UTF-8")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("import starts");
    std::thread::sleep(std::time::Duration::from_millis(600));
    let _ = child.kill();
    let _ = child.wait();
    markers
}

fn export_and_scan(sb: &Sandbox, markers: &[Marker]) {
    let export = sb.path().join("export");
    sb.ok(&["export", "--all", "--out", export.to_str().expect("UTF-8")]);
    let hits = scan(&[sb.path()], &[&export], markers);
    let files = paceline_proof::scan::files(sb.path()).len();
    eprintln!(
        "scanned {files} files for {} markers: {} hits",
        markers.len(),
        hits.len()
    );
    assert!(
        hits.is_empty(),
        "markers found where they must not be:\n{}",
        hits.iter().map(|h| format!("  {h}\n")).collect::<String>()
    );
    // The export holds the athlete's data in the clear: the markers really went in.
    let in_export = scan(&[&export], &[], markers);
    for what in ["athlete name", "journal note", "coach chat question"] {
        assert!(
            in_export.iter().any(|h| h.what == what),
            "the export lacks the {what}: was it written at all?"
        );
    }
}

#[test]
fn no_marker_leaks_from_a_passphrase_vault() {
    let inputs = tempfile::tempdir().expect("a temp dir");
    let mut sb = Sandbox::new();
    let markers = write_markers(&mut sb, inputs.path());
    export_and_scan(&sb, &markers);
}

/// A keyring vault keeps its secrets in the OS keyring (where they belong, so it is
/// not scanned for them); everything else must stay out of it too.
#[test]
fn no_marker_leaks_from_a_keyring_vault() {
    let inputs = tempfile::tempdir().expect("a temp dir");
    let mut sb = Sandbox::new();
    sb.unset("PACELINE_PASSPHRASE");
    if std::env::var_os("PACELINE_TEST_SECRET_SERVICE").is_none() {
        sb.set("PACELINE_KEYRING", "keyutils");
    }
    let probe = sb.run(&["info"]);
    if !probe.status.success() {
        eprintln!(
            "SKIP keyring vault: no usable keyring here ({})",
            String::from_utf8_lossy(&probe.stderr).trim()
        );
        return;
    }
    let markers = write_markers(&mut sb, inputs.path());
    export_and_scan(&sb, &markers);
    // The Secret Service daemon's files: the keyring itself may hold the secrets,
    // nothing else.
    if let Some(dir) = std::env::var_os("PACELINE_TEST_KEYRING_DIR") {
        let public: Vec<Marker> = markers
            .iter()
            .filter(|m| !m.what.contains("token") && !m.what.contains("key"))
            .cloned()
            .collect();
        let hits = scan(&[Path::new(&dir)], &[], &public);
        assert!(hits.is_empty(), "in the keyring's files: {hits:?}");
    }
}

/// The scanner finds a marker planted where it must not be, in each encoding.
#[test]
fn a_planted_marker_is_found() {
    let sb = Sandbox::new();
    let m = [Marker::new("journal note", NOTE)];
    let logs = sb.path().join("data/logs");
    std::fs::create_dir_all(&logs).expect("logs");
    assert!(
        scan(&[sb.path()], &[], &m).is_empty(),
        "clean to begin with"
    );

    let mut line = b"2026-12-06 INFO saved note=".to_vec();
    line.extend_from_slice(NOTE.as_bytes());
    std::fs::write(logs.join("paceline.log"), &line).expect("planted");
    let utf16: Vec<u8> = NOTE.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(
        sb.path().join("tmp/cache.bin"),
        [&[0u8, 7][..], &utf16].concat(),
    )
    .expect("planted");
    // base64 of "xy" + the note: the note sits two bytes into the encoded stream.
    let b64 = base64(&[b"xy", NOTE.as_bytes()].concat());
    std::fs::write(sb.path().join("home/.cache/blob.txt"), b64).expect("planted");
    let excluded = sb.path().join("export");
    std::fs::create_dir_all(&excluded).expect("export");
    std::fs::write(excluded.join("notes.csv"), NOTE).expect("planted");

    let hits = scan(&[sb.path()], &[&excluded], &m);
    let mut found: Vec<(&str, String)> = hits
        .iter()
        .map(|h| {
            (
                h.encoding,
                h.file.file_name().unwrap().to_string_lossy().into_owned(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("UTF-16LE", "cache.bin".to_string()),
            ("UTF-8", "paceline.log".to_string()),
            ("base64", "blob.txt".to_string()),
        ]
    );
    assert_eq!(
        hits.iter().find(|h| h.encoding == "UTF-8").unwrap().offset,
        27
    );
}

/// Plain base64 (standard alphabet, padded), written independently of the scanner's.
fn base64(b: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                s.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}
