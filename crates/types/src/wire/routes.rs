//! Routes: the library, one route with its sections and time estimate, bikes, the
//! estimate's assumptions and the athlete's efforts on a route.

use serde::{Deserialize, Serialize};

use crate::domain::Sport;

/// A route in the library list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteListItem {
    pub id: i64,
    pub name: String,
    pub sport: Sport,
    pub tags: Vec<String>,
    pub distance_m: f64,
    pub ascent_m: f64,
    pub descent_m: f64,
    /// The GPX file it came from (name only), when it came from a file.
    pub source_file: Option<String>,
    pub created_utc: i64,
}

/// How hard the estimate is made. Without one the app picks a default (see
/// [`RouteView::intensity`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RouteIntensity {
    /// Riding at this power, W.
    Power { watts: f64 },
    /// Riding at this share of the FTP valid today, percent.
    FtpPct { pct: f64 },
    /// Running at this flat pace, seconds per km (grade-adjusted on slopes).
    Pace { s_per_km: f64 },
}

/// The assumptions of the estimate: shown and editable.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RouteAssumptionsView {
    /// The athlete's weight valid today (else 75 kg), kg. Edited as a weight threshold.
    pub rider_kg: f64,
    /// Whether `rider_kg` is the athlete's own weight (else the default).
    pub rider_kg_from_athlete: bool,
    pub bike_kg: f64,
    pub cda_m2: f64,
    pub crr: f64,
    /// Share of pedal power lost, 0–0.5.
    pub drivetrain_loss: f64,
}

/// What the athlete may set of [`RouteAssumptionsView`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RouteAssumptionsSet {
    pub bike_kg: f64,
    pub cda_m2: f64,
    pub crr: f64,
    pub drivetrain_loss: f64,
}

/// A section with its figures and, with an estimate, its time and the gear it needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteSectionView {
    pub name: String,
    /// `climb`, `descent` or `flat`.
    pub kind: String,
    pub start_m: f64,
    pub end_m: f64,
    pub distance_m: f64,
    pub ascent_m: f64,
    pub descent_m: f64,
    pub avg_grade_pct: f64,
    /// Steepest 100 m uphill stretch, percent.
    pub max_grade_pct: f64,
    pub ele_start_m: f64,
    pub ele_end_m: f64,
    pub est_time_s: Option<f64>,
    /// "34×28", "walk", or `None` without a bike (or when running).
    pub min_gear: Option<String>,
    /// Cadence in that gear (in the easiest gear when walking), rpm.
    pub min_gear_cadence_rpm: Option<f64>,
}

/// One route with its figures, sections and estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteView {
    pub id: i64,
    pub name: String,
    pub sport: Sport,
    pub tags: Vec<String>,
    pub notes: String,
    pub source_file: Option<String>,
    pub has_elevation: bool,
    pub distance_m: f64,
    pub ascent_m: f64,
    pub descent_m: f64,
    pub max_grade_pct: f64,
    pub ele_start_m: f64,
    pub ele_end_m: f64,
    /// The estimate's total, seconds.
    pub est_time_s: f64,
    pub avg_speed_mps: f64,
    /// The intensity used: the one asked for, else 70 % of the FTP valid today for a
    /// ride (200 W without an FTP), else the flat pace of the run threshold + 15 %
    /// (6:00 /km without one).
    pub intensity: RouteIntensity,
    /// Power ridden, W (rides).
    pub power_w: Option<f64>,
    /// Flat pace, s/km (runs).
    pub pace_s_per_km: Option<f64>,
    /// The FTP valid today, W, when there is one.
    pub ftp_w: Option<f64>,
    pub assumptions: RouteAssumptionsView,
    /// The bike the gears are for (the default bike) and its minimum cadence.
    pub bike: Option<String>,
    pub min_cadence_rpm: Option<f64>,
    /// The athlete edited the sections (else they are the automatic split).
    pub sections_edited: bool,
    pub sections: Vec<RouteSectionView>,
}

/// A bike's gearing (Settings › Equipment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BikeEntry {
    /// 0 for a new bike.
    pub id: i64,
    pub name: String,
    /// Chainring teeth, e.g. `[50, 34]`.
    pub chainrings: Vec<u16>,
    /// Cassette teeth, e.g. `[11, 12, 13, 14, 15, 17, 19, 21, 24, 28, 32]`.
    pub cassette: Vec<u16>,
    /// Rolling circumference of the rear wheel, metres (700×28c ≈ 2.136).
    pub wheel_circumference_m: f64,
    /// Lowest comfortable cadence, rpm.
    pub min_cadence_rpm: f64,
    pub is_default: bool,
}

/// A recorded activity that rode or ran a route, with its time per section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteEffort {
    pub activity_id: i64,
    pub name: String,
    pub start_utc: i64,
    /// Start to finish of the route inside the activity, seconds.
    pub elapsed_s: f64,
    /// Share of the route covered, 0–1.
    pub coverage: f64,
    /// One per section of the route, in order (`None` where a boundary was missed).
    pub section_times_s: Vec<Option<f64>>,
}

/// One imported file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteImportOutcome {
    pub file: String,
    /// The new route, or why the file was not imported.
    pub route_id: Option<i64>,
    pub error: Option<String>,
}

/// Which route picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteChartKind {
    /// Elevation coloured by grade, sections marked.
    Profile,
    /// The route's outline, no map tiles.
    Outline,
}

/// A planned workout linked to a route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkoutRoute {
    /// Days since 1970-01-01.
    pub day: i32,
    pub workout_name: String,
    pub route_id: i64,
    pub route_name: String,
}
