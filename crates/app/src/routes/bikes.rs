//! Bikes with gearing (Settings › Equipment; several, one default) and the time
//! estimate's assumptions.

use paceline_routes::{BikeAssumptions, GearingError};
use paceline_store::{BikeRow, RouteAssumptions};
use paceline_types::{BikeEntry, RouteAssumptionsSet, RouteAssumptionsView};

use super::invalid;
use crate::{AthleteScope, Result};

fn entry(b: BikeRow) -> BikeEntry {
    BikeEntry {
        id: b.id,
        name: b.name,
        chainrings: b.chainrings,
        cassette: b.cassette,
        wheel_circumference_m: b.wheel_circumference_m,
        min_cadence_rpm: b.min_cadence_rpm,
        is_default: b.is_default,
    }
}

fn core_bike(b: &BikeRow) -> paceline_routes::Bike {
    paceline_routes::Bike {
        name: b.name.clone(),
        chainrings: b.chainrings.clone(),
        cassette: b.cassette.clone(),
        wheel_circumference_m: b.wheel_circumference_m,
    }
}

/// What the view shows: the athlete's settings over the defaults, their weight as the
/// rider's mass when they have one valid today.
pub(super) fn assumptions_view(
    stored: Option<RouteAssumptions>,
    weight_kg: Option<f64>,
) -> RouteAssumptionsView {
    let d = BikeAssumptions::default();
    let s = stored.unwrap_or(RouteAssumptions {
        bike_kg: d.bike_kg,
        cda_m2: d.cda_m2,
        crr: d.crr,
        drivetrain_loss: d.drivetrain_loss,
    });
    RouteAssumptionsView {
        rider_kg: weight_kg.unwrap_or(d.rider_kg),
        rider_kg_from_athlete: weight_kg.is_some(),
        bike_kg: s.bike_kg,
        cda_m2: s.cda_m2,
        crr: s.crr,
        drivetrain_loss: s.drivetrain_loss,
    }
}

impl AthleteScope<'_> {
    /// The athlete's bikes, the default first.
    pub fn bikes(&self) -> Result<Vec<BikeEntry>> {
        Ok(self
            .store
            .bikes(self.athlete_id)?
            .into_iter()
            .map(entry)
            .collect())
    }

    /// The default bike as the gearing core sees it, with its minimum cadence.
    pub(super) fn default_bike(&self) -> Result<Option<(paceline_routes::Bike, f64)>> {
        Ok(self
            .store
            .bikes(self.athlete_id)?
            .into_iter()
            .next()
            .map(|b| (core_bike(&b), b.min_cadence_rpm)))
    }

    /// Adds a bike (`id` 0) or replaces bike `id`; returns its id. Gearing the gear
    /// finder could not use is refused with what is wrong.
    pub fn save_bike(&self, b: &BikeEntry) -> Result<i64> {
        let name = b.name.trim();
        if name.is_empty() {
            return Err(invalid("give the bike a name"));
        }
        let mut rings = b.chainrings.clone();
        let mut cogs = b.cassette.clone();
        rings.sort_unstable_by(|a, b| b.cmp(a));
        rings.dedup();
        cogs.sort_unstable();
        cogs.dedup();
        let row = BikeRow {
            id: b.id,
            name: name.to_string(),
            chainrings: rings,
            cassette: cogs,
            wheel_circumference_m: b.wheel_circumference_m,
            min_cadence_rpm: b.min_cadence_rpm,
            is_default: b.is_default,
        };
        core_bike(&row)
            .gears()
            .map_err(|e| invalid(e.to_string()))?;
        if !(b.min_cadence_rpm.is_finite() && (1.0..=200.0).contains(&b.min_cadence_rpm)) {
            return Err(invalid(
                GearingError::Cadence(b.min_cadence_rpm).to_string(),
            ));
        }
        let id = (b.id != 0).then_some(b.id);
        Ok(self.store.save_bike(self.athlete_id, id, &row)?)
    }

    pub fn delete_bike(&self, id: i64) -> Result<()> {
        Ok(self.store.delete_bike(self.athlete_id, id)?)
    }

    /// The assumptions the estimate uses now.
    pub fn route_assumptions(&self) -> Result<RouteAssumptionsView> {
        let (_, _, weight) = self.route_thresholds()?;
        Ok(assumptions_view(
            self.store.route_assumptions(self.athlete_id)?,
            weight,
        ))
    }

    /// Sets bike mass, CdA, Crr and drivetrain loss (checked as the physics checks
    /// them).
    pub fn set_route_assumptions(&self, a: &RouteAssumptionsSet) -> Result<()> {
        let ok = |v: f64, lo: f64, hi: f64| v.is_finite() && (lo..=hi).contains(&v);
        if !ok(a.bike_kg, 0.0, 100.0) {
            return Err(invalid("the bike's mass must be between 0 and 100 kg"));
        }
        if !ok(a.cda_m2, 0.05, 2.0) {
            return Err(invalid(
                "CdA must be between 0.05 and 2 m² (road bike on the hoods ≈ 0.32)",
            ));
        }
        if !ok(a.crr, 0.0, 0.1) {
            return Err(invalid(
                "Crr must be between 0 and 0.1 (good road tyres ≈ 0.004)",
            ));
        }
        if !ok(a.drivetrain_loss, 0.0, 0.5) {
            return Err(invalid(
                "the drivetrain loss is a share between 0 and 0.5 (2.5 % = 0.025)",
            ));
        }
        Ok(self.store.set_route_assumptions(
            self.athlete_id,
            &RouteAssumptions {
                bike_kg: a.bike_kg,
                cda_m2: a.cda_m2,
                crr: a.crr,
                drivetrain_loss: a.drivetrain_loss,
            },
        )?)
    }
}
