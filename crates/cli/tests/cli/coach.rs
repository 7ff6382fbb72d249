//! `paceline coach …` against the scripted fake LLM server: providers with a key from
//! the environment (never printed), order, budget, a streamed answer, rules from words
//! saved with --yes, the ledger, and `plan generate --planner llm` refused by the budget
//! with nothing saved.

use std::path::Path;
use std::process::{Command, Output};

use paceline_llm_fake::{FakeLlm, Turn};

use super::stdout;

const KEY: &str = "sk-CLI-PLANTED-5521";

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paceline"))
        .args(args)
        .env("PACELINE_DATA_DIR", data)
        .env("PACELINE_PASSPHRASE", "cli-test")
        .env("PACELINE_TEST_LLM_KEY", KEY)
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

fn ok(data: &Path, args: &[&str]) -> String {
    let o = run(data, args);
    assert!(
        o.status.success(),
        "{args:?}: {}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    let all = format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
    assert!(!all.contains(KEY), "{args:?} printed the key");
    stdout(&o)
}

#[test]
fn coach_commands_against_a_fake_provider() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fake = rt.block_on(FakeLlm::start());
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let url = format!("{}/v1", fake.url());
    ok(
        &data,
        &[
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
            "PACELINE_TEST_LLM_KEY",
            "--price-in",
            "1",
            "--price-out",
            "2",
        ],
    );
    ok(
        &data,
        &[
            "coach",
            "providers",
            "add",
            "local",
            "--kind",
            "ollama",
            "--base-url",
            &fake.url(),
            "--model",
            "llama3",
        ],
    );
    let list = ok(&data, &["coach", "providers", "list"]);
    assert!(list.starts_with("1. cloud (openai)"), "{list}");
    assert!(list.contains("key: set"), "{list}");
    assert!(
        list.contains("2. local (ollama)") && list.contains("(local), local"),
        "{list}"
    );
    ok(&data, &["coach", "providers", "order", "local", "cloud"]);
    assert!(ok(&data, &["coach", "providers", "list"]).starts_with("1. local"));
    let bad = run(&data, &["coach", "providers", "order", "nope"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no provider named nope"));
    ok(&data, &["coach", "providers", "order", "cloud"]);

    let b = ok(&data, &["coach", "budget", "--daily", "1.5"]);
    assert!(
        b.contains("daily:   $1.50") && b.contains("weekly:  no cap"),
        "{b}"
    );

    // A streamed answer on stdout; the key went to the provider only.
    fake.push(Turn::text(
        "Easy week ahead: two runs and a long ride.",
        400,
        12,
    ));
    let a = ok(&data, &["coach", "ask", "What's next?"]);
    assert_eq!(a.trim(), "Easy week ahead: two runs and a long ride.");
    assert_eq!(
        fake.requests()[0]
            .headers
            .get("authorization")
            .map(String::as_str),
        Some(format!("Bearer {KEY}").as_str())
    );

    // Rules from words, saved with --yes.
    let rules = serde_json::json!({"rules": [{"type": "rest_day", "day": "mon"}],
        "injuries": [], "unparsed": ""});
    fake.push(Turn::text(rules.to_string(), 300, 40));
    let r = ok(&data, &["coach", "rules", "Mondays off", "--yes"]);
    assert!(
        r.contains("rule: rest day on mon") && r.contains("saved as rules version 1"),
        "{r}"
    );

    let l: serde_json::Value =
        serde_json::from_str(&ok(&data, &["coach", "ledger", "--json"])).unwrap();
    assert_eq!(l["summary"]["calls"], 2);
    assert_eq!(l["summary"]["tokens_in"], 700);
    assert_eq!(l["summary"]["tokens_out"], 52);
    // (700 × $1 + 52 × $2) per million.
    let cost = l["summary"]["cost_usd"].as_f64().unwrap();
    assert!((cost - 804.0 / 1e6).abs() < 1e-12, "{cost}");
    assert_eq!(l["calls"][0]["action"], "chat");
    assert_eq!(l["calls"][1]["prompt"], "rules_parse");

    // A cap of 0: the LLM planner is refused before anything is sent; nothing saved.
    ok(&data, &["plan", "sports", "run"]);
    ok(&data, &["plan", "availability", "tue=1", "thu=1", "sat=2"]);
    ok(&data, &["coach", "providers", "remove", "local"]);
    ok(&data, &["coach", "budget", "--daily", "0"]);
    let sent = fake.requests().len();
    let o = run(&data, &["plan", "generate", "--planner", "llm"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("daily budget of $0.00 would be crossed"),
        "{err}"
    );
    assert_eq!(fake.requests().len(), sent);
    let versions = ok(&data, &["plan", "versions"]);
    assert!(!versions.contains("llm"), "{versions}");
    drop(rt);
}
