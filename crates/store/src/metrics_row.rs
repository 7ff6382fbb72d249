//! The vault's own form of an activity's metrics. The field names here are the
//! storage format, separate from the wire DTO: renaming or reshaping a field of
//! `ActivityMetrics` changes the conversion below, never the rows already stored.
//! Every field defaults, so rows written before a field existed still read.

use paceline_types::{ActivityMetrics, BestEffort, CriticalPower, WbalSummary, ZoneTime};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct StoredMetrics {
    load: Option<f64>,
    load_source: Option<String>,
    intensity_factor: Option<f64>,
    normalized_power: Option<f64>,
    variability_index: Option<f64>,
    efficiency_factor: Option<f64>,
    work_kj: Option<f64>,
    hr_tss: Option<f64>,
    trimp: Option<f64>,
    rpe: Option<f64>,
    session_rpe: Option<f64>,
    left_balance_pct: Option<f64>,
    decoupling_pct: Option<f64>,
    power_zones: Vec<StoredZone>,
    hr_zones: Vec<StoredZone>,
    pace_zones: Vec<StoredZone>,
    best_efforts: Vec<StoredEffort>,
    ftp: Option<f64>,
    lthr: Option<f64>,
    threshold_speed_mps: Option<f64>,
    css_mps: Option<f64>,
    notes: Vec<String>,
    critical_power: Option<StoredCp>,
    wbal: Option<StoredWbal>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct StoredZone {
    name: String,
    seconds: u32,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct StoredEffort {
    seconds: u32,
    watts: f64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct StoredCp {
    cp_w: f64,
    w_prime_j: f64,
    efforts: u32,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct StoredWbal {
    min_kj: f64,
    min_at_s: u32,
    below_zero_s: u32,
}

fn zones(z: &[ZoneTime]) -> Vec<StoredZone> {
    z.iter()
        .map(|z| StoredZone {
            name: z.name.clone(),
            seconds: z.seconds,
        })
        .collect()
}

fn wire_zones(z: Vec<StoredZone>) -> Vec<ZoneTime> {
    z.into_iter()
        .map(|z| ZoneTime {
            name: z.name,
            seconds: z.seconds,
        })
        .collect()
}

impl From<&ActivityMetrics> for StoredMetrics {
    fn from(m: &ActivityMetrics) -> Self {
        StoredMetrics {
            load: m.load,
            load_source: m.load_source.clone(),
            intensity_factor: m.intensity_factor,
            normalized_power: m.normalized_power,
            variability_index: m.variability_index,
            efficiency_factor: m.efficiency_factor,
            work_kj: m.work_kj,
            hr_tss: m.hr_tss,
            trimp: m.trimp,
            rpe: m.rpe,
            session_rpe: m.session_rpe,
            left_balance_pct: m.left_balance_pct,
            decoupling_pct: m.decoupling_pct,
            power_zones: zones(&m.power_zones),
            hr_zones: zones(&m.hr_zones),
            pace_zones: zones(&m.pace_zones),
            best_efforts: m
                .best_efforts
                .iter()
                .map(|e| StoredEffort {
                    seconds: e.seconds,
                    watts: e.watts,
                })
                .collect(),
            ftp: m.ftp,
            lthr: m.lthr,
            threshold_speed_mps: m.threshold_speed_mps,
            css_mps: m.css_mps,
            notes: m.notes.clone(),
            critical_power: m.critical_power.map(|c| StoredCp {
                cp_w: c.cp_w,
                w_prime_j: c.w_prime_j,
                efforts: c.efforts,
            }),
            wbal: m.wbal.map(|w| StoredWbal {
                min_kj: w.min_kj,
                min_at_s: w.min_at_s,
                below_zero_s: w.below_zero_s,
            }),
        }
    }
}

impl From<StoredMetrics> for ActivityMetrics {
    fn from(s: StoredMetrics) -> Self {
        ActivityMetrics {
            load: s.load,
            load_source: s.load_source,
            intensity_factor: s.intensity_factor,
            normalized_power: s.normalized_power,
            variability_index: s.variability_index,
            efficiency_factor: s.efficiency_factor,
            work_kj: s.work_kj,
            hr_tss: s.hr_tss,
            trimp: s.trimp,
            rpe: s.rpe,
            session_rpe: s.session_rpe,
            left_balance_pct: s.left_balance_pct,
            decoupling_pct: s.decoupling_pct,
            power_zones: wire_zones(s.power_zones),
            hr_zones: wire_zones(s.hr_zones),
            pace_zones: wire_zones(s.pace_zones),
            best_efforts: s
                .best_efforts
                .into_iter()
                .map(|e| BestEffort {
                    seconds: e.seconds,
                    watts: e.watts,
                })
                .collect(),
            ftp: s.ftp,
            lthr: s.lthr,
            threshold_speed_mps: s.threshold_speed_mps,
            css_mps: s.css_mps,
            notes: s.notes,
            critical_power: s.critical_power.map(|c| CriticalPower {
                cp_w: c.cp_w,
                w_prime_j: c.w_prime_j,
                efforts: c.efforts,
            }),
            wbal: s.wbal.map(|w| WbalSummary {
                min_kj: w.min_kj,
                min_at_s: w.min_at_s,
                below_zero_s: w.below_zero_s,
            }),
            power_curve: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row as the vault wrote it before this type existed (the DTO's JSON, some
    /// fields absent) reads back; and the stored form round-trips.
    #[test]
    fn old_rows_read_and_the_stored_form_round_trips() {
        let old = r#"{"load":81.5,"load_source":"power","intensity_factor":0.9,
            "normalized_power":234.0,"variability_index":null,"efficiency_factor":null,
            "work_kj":700.0,"hr_tss":null,"trimp":null,"decoupling_pct":null,
            "power_zones":[{"name":"Z2","seconds":1200}],"hr_zones":[],
            "best_efforts":[{"seconds":60,"watts":410.0}],"ftp":260.0,"lthr":null,
            "threshold_speed_mps":null,"css_mps":null,"notes":["set your LTHR"]}"#;
        let m: ActivityMetrics = serde_json::from_str::<StoredMetrics>(old).unwrap().into();
        assert_eq!(m.load, Some(81.5));
        assert_eq!(m.power_zones[0].seconds, 1200);
        assert_eq!(m.best_efforts[0].watts, 410.0);
        assert_eq!(m.notes, ["set your LTHR"]);
        assert_eq!((m.rpe, m.wbal, m.critical_power), (None, None, None));
        let again: ActivityMetrics = serde_json::from_str::<StoredMetrics>(
            &serde_json::to_string(&StoredMetrics::from(&m)).unwrap(),
        )
        .unwrap()
        .into();
        assert_eq!(again, m);
    }
}
