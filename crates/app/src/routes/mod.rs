//! Routes at the application level: GPX files and recorded activities become routes in
//! the vault; a route is shown with its sections, the time estimate at a chosen
//! intensity and the gear each section needs on the athlete's default bike.
//!
//! The geometry, sections, physics and gearing are `paceline-routes`'; this module
//! reads the vault (points, edited sections, bikes, assumptions, thresholds valid
//! today) and decides what is saved. Bikes and assumptions are in `bikes.rs`; efforts,
//! charts and workout links in `efforts.rs`.

mod bikes;
mod efforts;

use std::path::{Path, PathBuf};

use paceline_routes::sections::{self as secs, SectionEditError};
use paceline_routes::{
    auto_sections, gpx, route_stats, summarize, BikeAssumptions, Intensity, Profile,
    ProfileOptions, Route, RouteError, RoutePoint, RunAssumptions, Section, SectionKind,
    SectionRule,
};
use paceline_store::{NewRoute, RouteMeta, RoutePoints, RouteRow, SectionRow};
use paceline_types::{
    RouteImportOutcome, RouteIntensity, RouteListItem, RouteSectionView, RouteView, Sport,
    ThresholdKind,
};

use crate::{metrics, AppError, AthleteScope, Result};

/// Largest GPX file imported as a route (a 200 km track at 1 s is about 5 MB).
pub const MAX_ROUTE_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Riding intensity without one asked for and without an FTP, W.
pub const DEFAULT_POWER_W: f64 = 200.0;
/// Share of FTP ridden without an intensity asked for, percent.
pub const DEFAULT_FTP_PCT: f64 = 70.0;
/// Flat running pace without one asked for and without a threshold pace, s/km.
pub const DEFAULT_PACE_S_PER_KM: f64 = 360.0;
/// The default running pace is the threshold pace this much slower.
const EASY_OF_THRESHOLD: f64 = 1.15;

fn invalid(msg: impl Into<String>) -> AppError {
    AppError::InvalidInput(msg.into())
}

fn route_err(e: RouteError) -> AppError {
    invalid(e.to_string())
}

fn edit_err(e: SectionEditError) -> AppError {
    invalid(e.to_string())
}

fn on_foot(s: Sport) -> bool {
    matches!(s, Sport::Run | Sport::Walk | Sport::Hike)
}

/// The sport a GPX `<type>` names ("cycling", "Run", "hiking"…); rides otherwise.
fn sport_of_kind(kind: Option<&str>) -> Sport {
    let k = kind.unwrap_or_default().to_ascii_lowercase();
    if k.contains("run") || k.contains("jog") {
        Sport::Run
    } else if k.contains("hik") {
        Sport::Hike
    } else if k.contains("walk") {
        Sport::Walk
    } else {
        Sport::Ride
    }
}

pub(crate) fn kind_key(k: SectionKind) -> &'static str {
    match k {
        SectionKind::Climb => "climb",
        SectionKind::Descent => "descent",
        SectionKind::Flat => "flat",
    }
}

fn kind_of(key: &str) -> SectionKind {
    match key {
        "climb" => SectionKind::Climb,
        "descent" => SectionKind::Descent,
        _ => SectionKind::Flat,
    }
}

fn points_of(r: &Route) -> RoutePoints {
    RoutePoints {
        lat_deg: r.points.iter().map(|p| p.lat_deg).collect(),
        lon_deg: r.points.iter().map(|p| p.lon_deg).collect(),
        ele_m: r
            .points
            .iter()
            .map(|p| p.ele_m.map_or(f32::NAN, |e| e as f32))
            .collect(),
    }
}

fn route_of(name: &str, p: &RoutePoints) -> Result<Route> {
    let points = (0..p.lat_deg.len())
        .map(|i| RoutePoint {
            lat_deg: p.lat_deg[i],
            lon_deg: p.lon_deg[i],
            ele_m: Some(f64::from(p.ele_m[i])).filter(|e| e.is_finite()),
        })
        .collect();
    Route::new(name.to_string(), None, points)
        .map_err(|e| AppError::Internal(format!("stored route is unusable: {e}")))
}

fn list_item(r: RouteRow) -> RouteListItem {
    RouteListItem {
        id: r.id,
        name: r.name,
        sport: r.sport,
        tags: r.tags,
        distance_m: r.distance_m,
        ascent_m: r.ascent_m,
        descent_m: r.descent_m,
        source_file: r.source_file,
        created_utc: r.created_utc,
    }
}

/// A route read back for showing, estimating, matching or drawing.
pub(crate) struct Loaded {
    pub row: RouteRow,
    pub route: Route,
    pub profile: Profile,
    pub sections: Vec<Section>,
}

impl AthleteScope<'_> {
    /// Imports GPX files as routes, one transaction each. Never fails as a whole: a
    /// file that is not a route gets its error and the others still import.
    pub fn import_route_files(&self, paths: &[PathBuf]) -> Vec<RouteImportOutcome> {
        paths
            .iter()
            .map(|p| {
                let file = p
                    .file_name()
                    .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into());
                match self.import_route_file(p) {
                    Ok(id) => RouteImportOutcome {
                        file,
                        route_id: Some(id),
                        error: None,
                    },
                    Err(e) => RouteImportOutcome {
                        file,
                        route_id: None,
                        error: Some(e.to_string()),
                    },
                }
            })
            .collect()
    }

    /// Imports one GPX file as a route; returns its id.
    pub fn import_route_file(&self, path: &Path) -> Result<i64> {
        let shown = path.display();
        let meta = std::fs::metadata(path).map_err(|e| invalid(format!("{shown}: {e}")))?;
        if !meta.is_file() {
            return Err(invalid(format!("{shown} is not a file")));
        }
        if meta.len() > MAX_ROUTE_FILE_BYTES {
            return Err(invalid(format!(
                "{shown} is {} MB; routes are at most {} MB",
                meta.len() / 1_048_576,
                MAX_ROUTE_FILE_BYTES / 1_048_576
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| invalid(format!("{shown}: {e}")))?;
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.import_route_bytes(&file, &bytes)
    }

    /// Imports a GPX file's bytes (the window sends a picked file's content) as a
    /// route named after the file's route or track, else the file name.
    pub fn import_route_bytes(&self, file_name: &str, bytes: &[u8]) -> Result<i64> {
        if bytes.len() as u64 > MAX_ROUTE_FILE_BYTES {
            return Err(invalid(format!(
                "{file_name} is too large for a route (at most {} MB)",
                MAX_ROUTE_FILE_BYTES / 1_048_576
            )));
        }
        let route = gpx::parse(bytes).map_err(|e| invalid(format!("{file_name}: {e}")))?;
        let stem = Path::new(file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = match route.name.trim() {
            "" if stem.is_empty() => "Route".to_string(),
            "" => stem,
            n => n.to_string(),
        };
        let sport = sport_of_kind(route.kind.as_deref());
        let source = (!file_name.is_empty()).then_some(file_name);
        self.store_route(&name, sport, source, None, &route)
    }

    /// Saves a recorded activity's GPS line as a route (its name unless `name` is
    /// given); returns the route's id.
    pub fn save_activity_as_route(&self, activity_id: i64, name: Option<&str>) -> Result<i64> {
        let a = self.store.activity(self.athlete_id, activity_id)?;
        let s = self.store.streams(self.athlete_id, activity_id)?;
        let name = name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(&a.summary.name)
            .to_string();
        let route = Route::from_points(name.clone(), &s.lat_deg, &s.lon_deg, &s.altitude_m)
            .map_err(|e| match e {
                RouteError::NoRoute(_) => invalid(format!(
                    "activity {activity_id} has no GPS line to save as a route"
                )),
                e => route_err(e),
            })?;
        self.store_route(&name, a.summary.sport, None, Some(activity_id), &route)
    }

    fn store_route(
        &self,
        name: &str,
        sport: Sport,
        source_file: Option<&str>,
        from_activity_id: Option<i64>,
        route: &Route,
    ) -> Result<i64> {
        let stats = route_stats(&Profile::new(route, ProfileOptions::default()));
        let points = points_of(route);
        Ok(self.store.add_route(
            self.athlete_id,
            &NewRoute {
                name,
                sport,
                tags: &[],
                notes: "",
                source_file,
                from_activity_id,
                created_utc: self.app.now(),
                points: &points,
                distance_m: stats.distance_m,
                ascent_m: stats.ascent_m,
                descent_m: stats.descent_m,
            },
        )?)
    }

    /// The athlete's routes, newest first.
    pub fn routes(&self) -> Result<Vec<RouteListItem>> {
        Ok(self
            .store
            .routes(self.athlete_id)?
            .into_iter()
            .map(list_item)
            .collect())
    }

    pub(crate) fn load_route(&self, id: i64) -> Result<Loaded> {
        let row = self.store.route(self.athlete_id, id)?;
        let points = self.store.route_points(self.athlete_id, id)?;
        let route = route_of(&row.name, &points)?;
        let profile = Profile::new(&route, ProfileOptions::default());
        let sections = match self.store.route_sections(self.athlete_id, id)? {
            Some(rows) => {
                let s: Vec<Section> = rows
                    .into_iter()
                    .map(|r| Section {
                        name: r.name,
                        kind: kind_of(&r.kind),
                        start_m: r.start_m,
                        end_m: r.end_m,
                    })
                    .collect();
                // Edited on another build's profile: fall back rather than mislead.
                if secs::validate(&s, profile.total_m()).is_ok() {
                    s
                } else {
                    tracing::warn!(
                        route = id,
                        "stored sections do not fit the route; automatic"
                    );
                    auto_sections(&profile, &SectionRule::default())
                }
            }
            None => auto_sections(&profile, &SectionRule::default()),
        };
        Ok(Loaded {
            row,
            route,
            profile,
            sections,
        })
    }

    /// The FTP (W) and threshold running speed (m/s) valid today, and the weight (kg).
    fn route_thresholds(&self) -> Result<(Option<f64>, Option<f64>, Option<f64>)> {
        let h = metrics::history(&self.store.thresholds(self.athlete_id)?);
        let day = self.today()?;
        let get = |sport, kind, lo: f32, hi: f32| {
            h.get(sport, kind, day)
                .filter(|v| (lo..=hi).contains(v))
                .map(f64::from)
        };
        use paceline_load::Sport as L;
        Ok((
            get(L::Bike, ThresholdKind::Ftp, 20.0, 2500.0),
            get(L::Run, ThresholdKind::ThresholdSpeed, 0.5, 10.0),
            get(L::Other, ThresholdKind::Weight, 20.0, 300.0),
        ))
    }

    /// A route with its figures and the estimate at `intensity` (else the default of
    /// [`RouteView::intensity`]).
    pub fn route_view(&self, id: i64, intensity: Option<RouteIntensity>) -> Result<RouteView> {
        let l = self.load_route(id)?;
        let (ftp, threshold_speed, weight) = self.route_thresholds()?;
        let asked = intensity;
        let intensity = asked.unwrap_or(if on_foot(l.row.sport) {
            RouteIntensity::Pace {
                s_per_km: threshold_speed
                    .map_or(DEFAULT_PACE_S_PER_KM, |v| 1000.0 / v * EASY_OF_THRESHOLD),
            }
        } else if ftp.is_some() {
            RouteIntensity::FtpPct {
                pct: DEFAULT_FTP_PCT,
            }
        } else {
            RouteIntensity::Power {
                watts: DEFAULT_POWER_W,
            }
        });
        let physics = match intensity {
            RouteIntensity::Power { watts } => Intensity::Power { watts },
            RouteIntensity::FtpPct { pct } => {
                let ftp_w = ftp.ok_or_else(|| {
                    invalid(
                        "no FTP valid today: set one (Settings › Thresholds, or \
                         `paceline threshold set ftp WATTS`) or give a power in W",
                    )
                })?;
                if !(pct.is_finite() && pct > 0.0 && pct <= 300.0) {
                    return Err(invalid(format!(
                        "the share of FTP must be 1–300 % (got {pct})"
                    )));
                }
                Intensity::FtpPct { ftp_w, pct }
            }
            RouteIntensity::Pace { s_per_km } => Intensity::Pace { s_per_km },
        };
        let stored = self.store.route_assumptions(self.athlete_id)?;
        let assumptions = bikes::assumptions_view(stored, weight);
        let bike_a = BikeAssumptions {
            rider_kg: assumptions.rider_kg,
            bike_kg: assumptions.bike_kg,
            cda_m2: assumptions.cda_m2,
            crr: assumptions.crr,
            drivetrain_loss: assumptions.drivetrain_loss,
            ..BikeAssumptions::default()
        };
        let est = paceline_routes::estimate(
            &l.profile,
            &l.sections,
            physics,
            &bike_a,
            &RunAssumptions::default(),
        )
        .map_err(|e| invalid(e.to_string()))?;
        let bike = match physics {
            Intensity::Pace { .. } => None,
            _ => self.default_bike()?,
        };
        let gearing = bike.as_ref().map(|(b, cadence)| (b, *cadence));
        let sum = summarize(&l.profile, &l.sections, Some(&est), gearing);
        let sections = sum
            .sections
            .into_iter()
            .map(|s| RouteSectionView {
                kind: kind_key(s.kind).to_string(),
                name: s.name,
                start_m: s.start_m,
                end_m: s.end_m,
                distance_m: s.distance_m,
                ascent_m: s.ascent_m,
                descent_m: s.descent_m,
                avg_grade_pct: s.avg_grade_pct,
                max_grade_pct: s.max_grade_pct,
                ele_start_m: s.ele_start_m,
                ele_end_m: s.ele_end_m,
                est_time_s: s.est_time_s,
                min_gear: s.min_gear,
                min_gear_cadence_rpm: s.gear.map(|g| match g {
                    paceline_routes::GearNeed::Gear { cadence_rpm, .. }
                    | paceline_routes::GearNeed::Walk { cadence_rpm, .. } => cadence_rpm,
                }),
            })
            .collect();
        let r = l.row;
        Ok(RouteView {
            id: r.id,
            name: r.name,
            sport: r.sport,
            tags: r.tags,
            notes: r.notes,
            source_file: r.source_file,
            has_elevation: l.profile.has_elevation,
            distance_m: sum.distance_m,
            ascent_m: sum.ascent_m,
            descent_m: sum.descent_m,
            max_grade_pct: sum.max_grade_pct,
            ele_start_m: sum.ele_start_m,
            ele_end_m: sum.ele_end_m,
            est_time_s: est.total_s,
            avg_speed_mps: est.avg_speed_mps,
            intensity,
            power_w: est.power_w,
            pace_s_per_km: est.pace_s_per_km,
            ftp_w: ftp,
            assumptions,
            bike: bike.as_ref().map(|(b, _)| b.name.clone()),
            min_cadence_rpm: bike.map(|(_, c)| c),
            sections_edited: r.sections_edited,
            sections,
        })
    }

    /// Changes a route's name, sport, tags and notes.
    pub fn set_route_meta(
        &self,
        id: i64,
        name: &str,
        sport: Sport,
        tags: &[String],
        notes: &str,
    ) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid("a route needs a name"));
        }
        Ok(self.store.set_route_meta(
            self.athlete_id,
            id,
            &RouteMeta {
                name: name.to_string(),
                sport,
                tags: tags.to_vec(),
                notes: notes.to_string(),
            },
        )?)
    }

    pub fn delete_route(&self, id: i64) -> Result<()> {
        Ok(self.store.delete_route(self.athlete_id, id)?)
    }

    fn edit_sections(
        &self,
        id: i64,
        f: impl FnOnce(&mut Vec<Section>, &Profile) -> Result<(), SectionEditError>,
    ) -> Result<()> {
        let mut l = self.load_route(id)?;
        f(&mut l.sections, &l.profile).map_err(edit_err)?;
        let rows: Vec<SectionRow> = l
            .sections
            .iter()
            .map(|s| SectionRow {
                name: s.name.clone(),
                kind: kind_key(s.kind).to_string(),
                start_m: s.start_m,
                end_m: s.end_m,
            })
            .collect();
        Ok(self
            .store
            .set_route_sections(self.athlete_id, id, Some(&rows))?)
    }

    /// Splits the section containing `at_m` metres from the start there.
    pub fn split_route_section(&self, id: i64, at_m: f64) -> Result<()> {
        self.edit_sections(id, |s, _| secs::split(s, at_m))
    }

    /// Merges section `index` (0-based) with the next.
    pub fn merge_route_sections(&self, id: i64, index: usize) -> Result<()> {
        self.edit_sections(id, |s, p| secs::merge(s, index, p, &SectionRule::default()))
    }

    /// Renames section `index` (0-based).
    pub fn rename_route_section(&self, id: i64, index: usize, name: &str) -> Result<()> {
        self.edit_sections(id, |s, _| secs::rename(s, index, name))
    }

    /// Forgets the athlete's edits: back to the automatic split.
    pub fn reset_route_sections(&self, id: i64) -> Result<()> {
        Ok(self.store.set_route_sections(self.athlete_id, id, None)?)
    }
}
