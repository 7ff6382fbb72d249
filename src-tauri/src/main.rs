// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // First, while this is the only thread: WebKit reads it when it starts.
    paceline_desktop::prefer_cpu_rendering();
    paceline_desktop::fix_malloc_thresholds();
    match paceline_desktop::args::Args::parse(std::env::args().skip(1)) {
        Ok(args) => paceline_desktop::run(args),
        Err(e) => {
            eprintln!("paceline-desktop: {e}");
            std::process::exit(2);
        }
    }
}
