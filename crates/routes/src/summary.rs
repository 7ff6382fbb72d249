//! One serializable view of a route for `routes show --json` and the UI: figures per
//! route and section, the time estimate and the gear each section needs.

use serde::{Deserialize, Serialize};

use crate::gearing::{lowest_gear, Bike, GearNeed};
use crate::physics::Estimate;
use crate::profile::Profile;
use crate::sections::{route_stats, section_stats, Section, SectionKind};

/// A section with its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionSummary {
    pub name: String,
    pub kind: SectionKind,
    pub start_m: f64,
    pub end_m: f64,
    pub distance_m: f64,
    pub ascent_m: f64,
    pub descent_m: f64,
    pub avg_grade_pct: f64,
    /// Steepest `grade_window_m` (100 m) uphill stretch, percent.
    pub max_grade_pct: f64,
    pub ele_start_m: f64,
    pub ele_end_m: f64,
    /// With an estimate.
    pub est_time_s: Option<f64>,
    /// With an estimate and a bike: "34×27" or "walk".
    pub min_gear: Option<String>,
    /// The same, structured (cadence in that gear).
    pub gear: Option<GearNeed>,
}

/// A route with its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteSummary {
    pub distance_m: f64,
    pub ascent_m: f64,
    pub descent_m: f64,
    pub max_grade_pct: f64,
    pub ele_start_m: f64,
    pub ele_end_m: f64,
    pub est_time_s: Option<f64>,
    pub sections: Vec<SectionSummary>,
}

/// Puts the figures together. `estimate` must have been made for these `sections`
/// (one entry each; otherwise per-section times are left out). `gearing` is the bike
/// and the minimum comfortable cadence, rpm; a bike that cannot be judged (no cogs…)
/// leaves the gears out.
pub fn summarize(
    p: &Profile,
    sections: &[Section],
    estimate: Option<&Estimate>,
    gearing: Option<(&Bike, f64)>,
) -> RouteSummary {
    let r = route_stats(p);
    let per_section = estimate.filter(|e| e.sections.len() == sections.len());
    let sections = sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let st = section_stats(p, s.start_m, s.end_m);
            let est = per_section.map(|e| e.sections[i]);
            let gear = est.zip(gearing).and_then(|(e, (bike, cadence))| {
                lowest_gear(bike, e.steepest_speed_mps, cadence).ok()
            });
            SectionSummary {
                name: s.name.clone(),
                kind: s.kind,
                start_m: st.start_m,
                end_m: st.end_m,
                distance_m: st.distance_m,
                ascent_m: st.ascent_m,
                descent_m: st.descent_m,
                avg_grade_pct: st.avg_grade_pct,
                max_grade_pct: st.max_grade_pct,
                ele_start_m: st.ele_start_m,
                ele_end_m: st.ele_end_m,
                est_time_s: est.map(|e| e.time_s),
                min_gear: gear.map(|g| g.to_string()),
                gear,
            }
        })
        .collect();
    RouteSummary {
        distance_m: r.distance_m,
        ascent_m: r.ascent_m,
        descent_m: r.descent_m,
        max_grade_pct: r.max_grade_pct,
        ele_start_m: r.ele_start_m,
        ele_end_m: r.ele_end_m,
        est_time_s: estimate.map(|e| e.total_s),
        sections,
    }
}
