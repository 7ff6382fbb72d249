//! The athlete's efforts on a route, its pictures, and planned workouts linked to it.

use paceline_routes::{match_route, ActivityTrack, MatchOptions, RouteTrace};
use paceline_types::{Chart, RouteChartKind, RouteEffort, Sport, Theme, WorkoutRoute};

use super::{invalid, on_foot};
use crate::plans::WorkoutRef;
use crate::{AppError, AthleteScope, Result};

/// Whether an activity of sport `a` may have been on a route for sport `route`.
fn same_kind(route: Sport, a: Sport) -> bool {
    if on_foot(route) {
        on_foot(a)
    } else {
        !on_foot(a) && a != Sport::Swim
    }
}

impl AthleteScope<'_> {
    /// Recorded activities that rode or ran route `id` (GPS within 50 m over ≥ 90 % of
    /// it, in order), fastest first, with their time per section of the route.
    ///
    /// Only activities of the route's kind (on foot or not) at least 90 % of its
    /// length are read, so a library of thousands of short runs is not scanned for a
    /// 100 km ride.
    pub fn route_efforts(&self, id: i64) -> Result<Vec<RouteEffort>> {
        let l = self.load_route(id)?;
        let o = MatchOptions::default();
        let trace = RouteTrace::new(&l.route, &o);
        let need_m = l.profile.total_m() * o.min_coverage - o.tolerance_m;
        let mut out = Vec::new();
        for a in self.store.list_activities(self.athlete_id)? {
            if !same_kind(l.row.sport, a.sport) || a.distance_m.is_some_and(|d| d < need_m) {
                continue;
            }
            let s = self.store.streams(self.athlete_id, a.id)?;
            if s.lat_deg.is_empty() {
                continue;
            }
            let Ok(track) = ActivityTrack::new(&s.lat_deg, &s.lon_deg, &s.time_s, o.tolerance_m)
            else {
                continue;
            };
            let m = match_route(&track, &trace, &l.sections, &o);
            if let (true, Some(elapsed_s)) = (m.matched, m.elapsed_s) {
                out.push(RouteEffort {
                    activity_id: a.id,
                    name: a.name,
                    start_utc: a.start_utc,
                    elapsed_s,
                    coverage: m.coverage,
                    section_times_s: m.section_times_s,
                });
            }
        }
        out.sort_by(|a, b| a.elapsed_s.total_cmp(&b.elapsed_s));
        Ok(out)
    }

    /// Route `id`'s picture as SVG (sizes in CSS pixels).
    pub fn route_chart(
        &self,
        id: i64,
        kind: RouteChartKind,
        theme: Theme,
        width: u32,
        height: u32,
    ) -> Result<Chart> {
        if !(200..=4000).contains(&width) || !(150..=4000).contains(&height) {
            return Err(invalid("a chart is 200–4000 px wide and 150–4000 px high"));
        }
        let l = self.load_route(id)?;
        let units = self.app.units()?;
        let draw = match kind {
            RouteChartKind::Profile => paceline_charts::route_profile,
            RouteChartKind::Outline => paceline_charts::route_outline,
        };
        let svg = draw(
            &l.profile,
            &l.sections,
            &l.row.name,
            units,
            theme,
            width,
            height,
        )
        .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Chart { svg })
    }

    /// Links a workout of the current plan to route `route_id`, or with `None`
    /// unlinks it. The link names the workout by its day and name, so it holds across
    /// plan versions that keep the workout where it is.
    pub fn link_workout_route(&self, which: WorkoutRef, route_id: Option<i64>) -> Result<()> {
        let plan = self.plan(None)?;
        let w = match which {
            WorkoutRef::Index(i) => plan.workouts.get(i).ok_or_else(|| {
                AppError::NotFound(format!(
                    "no workout #{i} in the current plan ({} workouts)",
                    plan.workouts.len()
                ))
            })?,
            WorkoutRef::Date(d) => {
                let on: Vec<_> = plan.workouts.iter().filter(|w| w.date == d).collect();
                match on[..] {
                    [w] => w,
                    [] => return Err(AppError::NotFound(format!("no workout planned on {d}"))),
                    _ => {
                        return Err(invalid(format!(
                            "{} workouts on {d}: name one by its number",
                            on.len()
                        )))
                    }
                }
            }
        };
        Ok(self
            .store
            .link_workout_route(self.athlete_id, w.date.0, &w.name, route_id)?)
    }

    /// Planned workouts linked to routes, by day.
    pub fn workout_routes(&self) -> Result<Vec<WorkoutRoute>> {
        let routes = self.store.routes(self.athlete_id)?;
        Ok(self
            .store
            .workout_route_links(self.athlete_id)?
            .into_iter()
            .map(|l| WorkoutRoute {
                route_name: routes
                    .iter()
                    .find(|r| r.id == l.route_id)
                    .map(|r| r.name.clone())
                    .unwrap_or_default(),
                day: l.day,
                workout_name: l.workout_name,
                route_id: l.route_id,
            })
            .collect())
    }
}
