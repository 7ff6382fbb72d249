// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    match paceline_desktop::args::Args::parse(std::env::args().skip(1)) {
        Ok(args) => paceline_desktop::run(args),
        Err(e) => {
            eprintln!("paceline-desktop: {e}");
            std::process::exit(2);
        }
    }
}
