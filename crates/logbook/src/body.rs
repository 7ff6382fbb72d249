//! Body weight with its 7-day mean.
//!
//! A day's weight is the mean of that day's readings. The 7-day mean on day `d` is the
//! mean of the day weights within `d − 6 ..= d` (days without a reading do not count),
//! given for every day from the first reading to the last one that has at least one
//! reading in its window. Readings outside 20–400 kg or not finite are ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Day;

/// One day of the trend.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeightPoint {
    pub day: Day,
    /// That day's weight, when weighed.
    pub weight_kg: Option<f64>,
    pub mean7_kg: f64,
}

/// The trend of `readings` (day, kg), in any order.
pub fn weight_trend(readings: &[(Day, f64)]) -> Vec<WeightPoint> {
    let mut days: BTreeMap<Day, (f64, u32)> = BTreeMap::new();
    for &(d, w) in readings {
        if w.is_finite() && (20.0..=400.0).contains(&w) {
            let e = days.entry(d).or_insert((0.0, 0));
            e.0 += w;
            e.1 += 1;
        }
    }
    let day_w: BTreeMap<Day, f64> = days
        .into_iter()
        .map(|(d, (s, n))| (d, s / f64::from(n)))
        .collect();
    let (Some(&first), Some(&last)) = (day_w.keys().next(), day_w.keys().next_back()) else {
        return Vec::new();
    };
    (first..=last)
        .filter_map(|d| {
            let window: Vec<f64> = day_w
                .range(d.saturating_sub(6)..=d)
                .map(|(_, w)| *w)
                .collect();
            (!window.is_empty()).then(|| WeightPoint {
                day: d,
                weight_kg: day_w.get(&d).copied(),
                mean7_kg: window.iter().sum::<f64>() / window.len() as f64,
            })
        })
        .collect()
}
