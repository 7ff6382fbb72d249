//! Project automation. `cargo xtask <task>`:
//!
//! - `setup`   install what the build needs (system packages, wasm toolchain, tools); idempotent
//! - `ui`      build the Leptos UI into `ui/dist`
//! - `run`     set up, build and open the app on the demo athlete (`--empty`: a fresh vault)
//! - `test`    set up, then fmt, clippy and every test, end-to-end included
//! - `bench`   rerunnable benchmarks (`bench import`, `bench load`, `bench routes`, `bench history`, `bench dashboard`, `bench athletes`, `bench garmin`, `bench app`)
//! - `bundle`  the installable app through Tauri's bundler (`.deb` here; `.dmg`, `.msi` on those systems)
//! - `fuzz`    the decoders under libFuzzer (nightly, cargo-fuzz)
//! - `soak`    the long proof: kill -9 at hundreds of random points (`--points N`)
//! - `deny`    `cargo deny check` offline (licences, bans, sources, advisories)
//! - `advisories` cut an advisory-db checkout down to the crates of Cargo.lock
//!
//! Kept dependency-free so it builds in seconds before anything else.

mod bench;
mod bench_app;
mod bundle;
mod dashboard;
mod deny;
mod fuzz;
mod history;
mod oracle;
mod run;
mod setup;
mod sh;
mod soak;
mod test;
mod tidy;
mod ui;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        eprintln!(
            "usage: cargo xtask <setup|ui|run|test|bench|bundle|fuzz|soak|deny|advisories> [options]\n{}",
            HELP
        );
        return ExitCode::from(2);
    };
    sh::cd_root();
    let result = match task.as_str() {
        "setup" => setup::all().map(|_| ()),
        "ui" => setup::all().and_then(|env| ui::build(&env)),
        "run" => run::run(rest),
        "test" => test::run(rest),
        "bench" if rest.first().is_some_and(|a| a == "app") => bench_app::run(&rest[1..]),
        "bench" => bench::run(rest),
        "bundle" => bundle::run(rest),
        "fuzz" => fuzz::run(rest),
        "soak" => soak::run(rest),
        "deny" => deny::check(),
        "advisories" => deny::refresh(rest),
        "-h" | "--help" | "help" => {
            println!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown task {other:?}\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "\
tasks:
  setup                 install system packages, the wasm32 toolchain, wasm-bindgen-cli, tauri-driver
  ui                    build the UI (ui/dist)
  run [--empty] [--screenshot FILE]
                        open the app on the demo athlete; --empty: a fresh, empty vault;
                        --screenshot: headless, save a screenshot after start-up and exit
  test [--no-e2e]       formatting, clippy, every test (with a keyring daemon and the WebDriver e2e)
  bench import|load|routes
                        benchmarks; numbers print to stdout (import: ours vs fitparser,
                        python fitdecode and Garmin's JS SDK; routes: GPX import + sections
                        of a 200 km track, one activity matched against 200 routes)
  bench history [--count N] [--mb M] [--keep]
                        ten years of activities (cached) imported into a fresh vault: time, MB/s, peak RSS
  bench dashboard [--iterations N] [--fresh]
                        App::dashboard() + the 90-day PMC chart over 3,000 activities (vault kept)
  bench athletes [--rounds N] [--fresh]
                        switching athlete + dashboard in a vault of 50 athletes x 2 years (vault kept)
  bench garmin [--count N]
                        requests and wall time of a Garmin backfill of N (200) and an incremental sync (fake server)
  bench app [--runs N] [--fresh] [--bin PATH]
                        the shipped build under Xvfb on the demo athlete: cold start to the painted
                        dashboard, idle memory (PSS of all its processes), command round trip;
                        --bin: measure that binary instead of building
  bundle [--wasm-opt]
                        the release installer through Tauri's bundler (.deb here, checked;
                        .dmg on macOS, .msi on Windows); installs tauri-cli 2 on first use
  fuzz [--secs N] [TARGET...]
                        run the fuzz targets N seconds each (default 600; nightly, cargo-fuzz);
                        targets: fit gpx tcx archive garmin llm_json plan_brief route_gpx backup_header
  soak [--points N] [--seed S]
                        kill -9 at N (400) random points of import, Garmin sync, plan save,
                        backup and restore; the vault must stay sound (`test` runs 50)
  deny                  cargo deny check, offline: licences, bans, sources from deny.toml;
                        advisories from the local advisory-db copy (PACELINE_ADVISORY_DB,
                        ../shared/advisory-db or tools/advisory-db)
  advisories --from DIR [--to DIR]
                        refresh that copy from an advisory-db checkout: only the crates
                        of Cargo.lock (default --to ../shared/advisory-db)";
