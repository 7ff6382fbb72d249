//! Command-line flags of the desktop app (kept tiny: no parser dependency).

use std::path::PathBuf;

#[derive(Debug, Default, PartialEq)]
pub struct Args {
    /// `--data-dir DIR`: vault folder (else `PACELINE_DATA_DIR`, else the OS default).
    pub data_dir: Option<PathBuf>,
    /// `--demo`: fill an empty vault with the demo athlete.
    pub demo: bool,
    /// `-v`: also log to stderr.
    pub verbose: bool,
    /// Activity files to import for the athlete shown ("Open with Paceline"; a second
    /// launch hands them to the running window).
    pub files: Vec<PathBuf>,
}

impl Args {
    pub fn parse(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut a = Args::default();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--data-dir" => {
                    a.data_dir = Some(it.next().ok_or("--data-dir needs a folder")?.into())
                }
                "--demo" => a.demo = true,
                "-v" | "--verbose" => a.verbose = true,
                other if other.starts_with("--data-dir=") => {
                    a.data_dir = Some(other["--data-dir=".len()..].into())
                }
                other if other.starts_with('-') => {
                    return Err(format!(
                        "unknown argument {other:?} (known: --data-dir DIR, --demo, -v, FILE…)"
                    ))
                }
                file => a.files.push(file.into()),
            }
        }
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_flags() {
        let a = Args::parse(
            ["--demo", "--data-dir", "/x", "-v"]
                .map(String::from)
                .into_iter(),
        )
        .unwrap();
        assert_eq!(
            a,
            Args {
                data_dir: Some("/x".into()),
                demo: true,
                verbose: true,
                files: vec![]
            }
        );
        let a = Args::parse(
            ["ride.fit", "-v", "/t/run.gpx"]
                .map(String::from)
                .into_iter(),
        )
        .unwrap();
        assert_eq!(
            a.files,
            vec![PathBuf::from("ride.fit"), PathBuf::from("/t/run.gpx")]
        );
        assert!(Args::parse(["--nope".to_string()].into_iter()).is_err());
        assert!(Args::parse(["--data-dir".to_string()].into_iter()).is_err());
    }
}
