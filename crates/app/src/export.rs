//! Export of everything to open formats: each table as CSV and as JSON, and the
//! original activity files as imported (decompressed), named by date, sport and id —
//! into a folder, or a ZIP when the target ends in `.zip`. One athlete or all.
//!
//! ```text
//! csv/<table>.csv   json/<table>.json   files/<athlete id>/<YYYY-MM-DD>_<sport>_<id>.<ext>
//! ```

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use paceline_store::{export_tables, Cell, OriginalFile};
use paceline_types::AthleteId;

use crate::{App, AppError, Result};

/// What an export wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportReport {
    pub path: PathBuf,
    /// Rows per table, in export order.
    pub tables: Vec<(String, u64)>,
    pub files: u64,
}

/// A folder or a ZIP being written.
enum Sink {
    Dir(PathBuf),
    Zip(Box<zip::ZipWriter<BufWriter<File>>>),
}

fn io_err(what: &Path) -> impl FnOnce(std::io::Error) -> AppError + '_ {
    move |e| AppError::InvalidInput(format!("cannot write {}: {e}", what.display()))
}

impl Sink {
    fn open(out: &Path) -> Result<Sink> {
        let is_zip = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        if is_zip {
            if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(io_err(parent))?;
            }
            let f = File::create(out).map_err(io_err(out))?;
            Ok(Sink::Zip(Box::new(zip::ZipWriter::new(BufWriter::new(f)))))
        } else {
            if out.exists()
                && std::fs::read_dir(out)
                    .map_err(io_err(out))?
                    .next()
                    .is_some()
            {
                return Err(AppError::InvalidInput(format!(
                    "{} is not empty: export into a new or empty folder",
                    out.display()
                )));
            }
            std::fs::create_dir_all(out).map_err(io_err(out))?;
            Ok(Sink::Dir(out.to_path_buf()))
        }
    }

    /// Writes one file at `name` (`/`-separated) with `body`.
    fn put(
        &mut self,
        name: &str,
        body: &mut dyn FnMut(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        match self {
            Sink::Dir(root) => {
                let path = root.join(name);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(io_err(parent))?;
                }
                let mut w = BufWriter::new(File::create(&path).map_err(io_err(&path))?);
                body(&mut w)?;
                w.flush().map_err(io_err(&path))
            }
            Sink::Zip(z) => {
                let opts = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
                    .large_file(true);
                z.start_file(name, opts)
                    .map_err(|e| AppError::InvalidInput(format!("cannot write the ZIP: {e}")))?;
                body(z.as_mut())
            }
        }
    }

    fn finish(self) -> Result<()> {
        if let Sink::Zip(z) = self {
            let w = z
                .finish()
                .map_err(|e| AppError::InvalidInput(format!("cannot write the ZIP: {e}")))?;
            w.into_inner()
                .map_err(|e| AppError::InvalidInput(format!("cannot write the ZIP: {e}")))?
                .sync_all()
                .map_err(|e| AppError::InvalidInput(format!("cannot write the ZIP: {e}")))?;
        }
        Ok(())
    }
}

fn text(c: &Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Int(i) => i.to_string(),
        Cell::Real(f) => f.to_string(),
        Cell::Text(t) => t.clone(),
    }
}

fn json(c: Cell) -> serde_json::Value {
    match c {
        Cell::Null => serde_json::Value::Null,
        Cell::Int(i) => i.into(),
        Cell::Real(f) => {
            serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into)
        }
        Cell::Text(t) => t.into(),
    }
}

/// The write error as a store error, so it can leave a store callback.
fn store_io(e: std::io::Error) -> paceline_store::Error {
    paceline_store::Error::Io("export".into(), e)
}

/// `2026-01-02_ride_17.fit`: the local start date, sport and activity id, with the
/// original's extension (a linked file gets `-linked-N` after its id).
pub fn original_name(f: &OriginalFile, index: usize) -> String {
    let day = (f.start_utc + f.utc_offset_s as i64).div_euclid(86_400);
    let ext = Path::new(f.file_name.trim_end_matches(".gz"))
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .filter(|e| !e.is_empty() && e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "bin".into());
    let sport: String = f
        .sport
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let linked = if f.linked {
        format!("-linked-{index}")
    } else {
        String::new()
    };
    format!(
        "{}_{sport}_{}{linked}.{ext}",
        paceline_types::date::format_ymd(day),
        f.activity_id
    )
}

impl App {
    /// Exports `athlete`'s data (or every athlete's with `None`) into the folder `out`
    /// (new or empty), or into a ZIP when `out` ends in `.zip`.
    pub fn export(&self, out: &Path, athlete: Option<AthleteId>) -> Result<ExportReport> {
        if let Some(id) = athlete {
            self.athlete(id)?;
        }
        let mut sink = Sink::open(out)?;
        let mut tables = Vec::new();
        for table in export_tables() {
            let mut rows = 0u64;
            sink.put(&format!("csv/{table}.csv"), &mut |w| {
                let mut csv = csv::Writer::from_writer(w);
                let mut header_done = false;
                self.store
                    .export_table(table, athlete, &mut |cols, cells| {
                        if !header_done {
                            csv.write_record(cols).map_err(|e| store_io(e.into()))?;
                            header_done = true;
                        }
                        rows += 1;
                        csv.write_record(cells.iter().map(text))
                            .map_err(|e| store_io(e.into()))
                    })?;
                csv.flush().map_err(store_io)?;
                Ok(())
            })?;
            sink.put(&format!("json/{table}.json"), &mut |w| {
                // A JSON array written row by row: a long history is never all in memory.
                let mut first = true;
                w.write_all(b"[").map_err(store_io)?;
                self.store
                    .export_table(table, athlete, &mut |cols, cells| {
                        let obj: serde_json::Map<String, serde_json::Value> = cols
                            .iter()
                            .cloned()
                            .zip(cells.into_iter().map(json))
                            .collect();
                        w.write_all(if first { b"\n" } else { b",\n" })
                            .map_err(store_io)?;
                        first = false;
                        serde_json::to_writer(&mut *w, &obj).map_err(|e| store_io(e.into()))
                    })?;
                w.write_all(b"\n]\n").map_err(store_io)?;
                Ok(())
            })?;
            tables.push((table.to_string(), rows));
        }
        let mut files = 0u64;
        let mut linked_index = 0usize;
        let mut last_activity = -1;
        let mut put_err = None;
        self.store
            .export_originals(athlete, &mut |f| {
                if f.activity_id != last_activity {
                    last_activity = f.activity_id;
                    linked_index = 0;
                }
                if f.linked {
                    linked_index += 1;
                }
                let name = format!("files/{}/{}", f.athlete_id, original_name(&f, linked_index));
                if let Err(e) = sink.put(&name, &mut |w| {
                    w.write_all(&f.bytes).map_err(|e| store_io(e).into())
                }) {
                    put_err = Some(e);
                    return Err(paceline_store::Error::Io(
                        name.clone(),
                        std::io::Error::other("export stopped"),
                    ));
                }
                files += 1;
                Ok(())
            })
            .map_err(|e| match put_err.take() {
                Some(first) => first,
                None => e.into(),
            })?;
        sink.finish()?;
        tracing::info!(path = %out.display(), files, "export written");
        Ok(ExportReport {
            path: out.to_path_buf(),
            tables,
            files,
        })
    }
}
