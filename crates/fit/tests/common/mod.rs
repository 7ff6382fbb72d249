//! Shared helpers for corpus tests: locate the corpus, read fitparser values.
#![allow(dead_code)]

use fitparser::{FitDataRecord, Value};
use std::path::PathBuf;

/// `/work/shared/corpus/<sub>` or `$PACELINE_CORPUS/<sub>`, if present.
pub fn corpus_dir(sub: &str) -> Option<PathBuf> {
    let root = std::env::var_os("PACELINE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/corpus"));
    let dir = root.join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIP: corpus folder {} not found (set PACELINE_CORPUS)",
            dir.display()
        );
        None
    }
}

/// Plain FIT files in a corpus folder (wrapped .gz/.zip are skipped here).
pub fn fit_files(sub: &str) -> Vec<PathBuf> {
    let Some(dir) = corpus_dir(sub) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("fit"))
    });
    v.sort();
    v
}

pub fn field<'a>(r: &'a FitDataRecord, name: &str) -> Option<&'a Value> {
    r.fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
}

pub fn num(r: &FitDataRecord, name: &str) -> Option<f64> {
    field(r, name).and_then(|v| match v.clone() {
        Value::Timestamp(t) => Some(t.timestamp() as f64),
        Value::Invalid | Value::String(_) => None,
        Value::Array(a) => a
            .first()
            .cloned()
            .and_then(|v| TryInto::<f64>::try_into(v).ok()),
        v => TryInto::<f64>::try_into(v).ok(),
    })
}

pub fn by_kind<'a>(recs: &'a [FitDataRecord], kind: &str) -> Vec<&'a FitDataRecord> {
    recs.iter()
        .filter(|r| r.kind().to_string() == kind)
        .collect()
}
