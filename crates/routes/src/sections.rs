//! Sections: climbs, descents and flats, found automatically and edited by the athlete.
//!
//! # The rule (on the smoothed [`Profile`], defaults in [`SectionRule`])
//! 1. Each sample's grade is taken over the `grade_window_m` (100 m) centred on it.
//!    Samples at ≥ `min_grade` (3 %) are *rising*, at ≤ −`min_grade` *falling*.
//! 2. Runs of rising samples join across a gap when the gap is at most `max_gap_m`
//!    (300 m) long and the road drops at most `max_dip_m` (10 m) below the highest point
//!    reached so far: the tolerated dip. Falling runs join symmetrically (a rise of at
//!    most 10 m).
//! 3. A joined run is a **climb** (a **descent**) when it is at least `min_length_m`
//!    (500 m) long and its average grade is at least 3 % (at most −3 %). When a joined run
//!    fails, its parts are judged one by one.
//! 4. Everything between is **flat** (which includes rolling ground that never makes a
//!    climb). A flat shorter than `min_flat_m` (100 m) between two sections is split
//!    between them; at the start or end it joins its neighbour.
//!
//! Boundaries are within about half the grade window (±50 m) of where the road's
//! character changes: the grade window and the elevation smoothing both blur by that much.

use serde::{Deserialize, Serialize};

use crate::profile::Profile;

/// Climb, descent or flat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Climb,
    Descent,
    Flat,
}

impl SectionKind {
    pub fn label(self) -> &'static str {
        match self {
            SectionKind::Climb => "Climb",
            SectionKind::Descent => "Descent",
            SectionKind::Flat => "Flat",
        }
    }
}

/// A stretch of the route, `start_m..end_m` from the route's start. A route's sections
/// are contiguous and cover it from 0 to its length.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub name: String,
    pub kind: SectionKind,
    pub start_m: f64,
    pub end_m: f64,
}

/// Thresholds of the automatic split (module docs give the rule).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SectionRule {
    /// Shortest climb or descent, metres. Default 500.
    pub min_length_m: f64,
    /// Least average grade of a climb (and of rising samples), fraction. Default 0.03.
    pub min_grade: f64,
    /// Largest drop inside a climb (rise inside a descent), metres. Default 10.
    pub max_dip_m: f64,
    /// Longest easier stretch joined into a climb or descent, metres. Default 300.
    pub max_gap_m: f64,
    /// Shortest flat kept between two sections, metres. Default 100.
    pub min_flat_m: f64,
}

impl Default for SectionRule {
    fn default() -> Self {
        SectionRule {
            min_length_m: 500.0,
            min_grade: 0.03,
            max_dip_m: 10.0,
            max_gap_m: 300.0,
            min_flat_m: 100.0,
        }
    }
}

/// Figures of a section or a whole route, from the smoothed profile.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SectionStats {
    pub start_m: f64,
    pub end_m: f64,
    pub distance_m: f64,
    /// Sum of rises and of drops along the smoothed profile, metres (both ≥ 0).
    pub ascent_m: f64,
    pub descent_m: f64,
    /// (end elevation − start elevation) / distance, percent.
    pub avg_grade_pct: f64,
    /// Steepest uphill (`max`) and downhill (`min`, negative) stretch of the profile's
    /// `grade_window_m` (100 m) inside the section, percent; the average grade when the
    /// section is shorter than the window.
    pub max_grade_pct: f64,
    pub min_grade_pct: f64,
    /// Where the steepest uphill window starts, metres from the route start.
    pub steepest_at_m: f64,
    pub ele_start_m: f64,
    pub ele_end_m: f64,
}

/// Figures of `start_m..end_m` (clamped to the route).
pub fn section_stats(p: &Profile, start_m: f64, end_m: f64) -> SectionStats {
    let total = p.total_m();
    let a = start_m.clamp(0.0, total);
    let b = end_m.clamp(a, total);
    let (ea, eb) = (p.ele_at(a), p.ele_at(b));
    // Elevations at the ends and every sample strictly inside.
    let inner = p.distance_m.partition_point(|&x| x <= a)..p.distance_m.partition_point(|&x| x < b);
    let mut line: Vec<(f64, f64)> = Vec::with_capacity(inner.len() + 2);
    line.push((a, ea));
    line.extend(inner.map(|i| (p.distance_m[i], p.ele_m[i])));
    line.push((b, eb));
    let (mut up, mut down) = (0.0, 0.0);
    for w in line.windows(2) {
        let d = w[1].1 - w[0].1;
        if d > 0.0 {
            up += d;
        } else {
            down -= d;
        }
    }
    let dist = b - a;
    let avg = if dist > 0.0 { (eb - ea) / dist } else { 0.0 };
    let (mut max, mut min, mut at) = (avg, avg, a);
    let win = p.options.grade_window_m;
    if dist >= win {
        let mut first = true;
        for &(d, ele) in &line {
            let target = d + win;
            if target > b + 1e-9 {
                break;
            }
            let g = (p.ele_at(target) - ele) / win;
            if first || g > max {
                max = g;
                at = d;
            }
            if first || g < min {
                min = g;
            }
            first = false;
        }
    }
    SectionStats {
        start_m: a,
        end_m: b,
        distance_m: dist,
        ascent_m: up,
        descent_m: down,
        avg_grade_pct: avg * 100.0,
        max_grade_pct: max * 100.0,
        min_grade_pct: min * 100.0,
        steepest_at_m: at,
        ele_start_m: ea,
        ele_end_m: eb,
    }
}

/// Figures of the whole route.
pub fn route_stats(p: &Profile) -> SectionStats {
    section_stats(p, 0.0, p.total_m())
}

/// The automatic split (module docs). Always at least one section; a route without
/// elevation is one flat.
pub fn auto_sections(p: &Profile, rule: &SectionRule) -> Vec<Section> {
    let total = p.total_m();
    let mut found: Vec<(usize, usize, SectionKind)> = Vec::new();
    if p.has_elevation && p.distance_m.len() > 2 {
        let g = p.window_grades();
        found.extend(climbs(p, &g, rule, 1.0).map(|(a, b)| (a, b, SectionKind::Climb)));
        found.extend(climbs(p, &g, rule, -1.0).map(|(a, b)| (a, b, SectionKind::Descent)));
        found.sort_by_key(|s| s.0);
    }
    let mut bounds: Vec<(f64, f64, SectionKind)> = Vec::new();
    let mut cursor = 0.0;
    for (a, b, kind) in found {
        let (sa, sb) = (p.distance_m[a].max(cursor), p.distance_m[b]);
        if sb <= cursor {
            continue; // inside the previous section (overlapping joins)
        }
        let gap = sa - cursor;
        if gap >= rule.min_flat_m {
            bounds.push((cursor, sa, SectionKind::Flat));
        } else if let Some(last) = bounds.last_mut() {
            // A sliver between two sections: split it.
            last.1 = cursor + gap / 2.0;
        }
        let start = bounds.last().map_or(0.0, |l| l.1);
        bounds.push((start, sb, kind));
        cursor = sb;
    }
    if total - cursor >= rule.min_flat_m || bounds.is_empty() {
        bounds.push((cursor, total, SectionKind::Flat));
    } else if let Some(last) = bounds.last_mut() {
        last.1 = total;
    }
    let mut counts = [0usize; 3];
    bounds
        .into_iter()
        .map(|(a, b, kind)| {
            let n = &mut counts[kind as usize];
            *n += 1;
            Section {
                name: format!("{} {}", kind.label(), n),
                kind,
                start_m: a,
                end_m: b,
            }
        })
        .collect()
}

/// Sample index ranges of climbs (`sign` 1) or descents (`sign` −1).
fn climbs<'a>(
    p: &'a Profile,
    g: &'a [f64],
    rule: &'a SectionRule,
    sign: f64,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    // Elevation turned upside down makes a descent a climb.
    let e = move |i: usize| p.ele_m[i] * sign;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < g.len() {
        if g[i] * sign >= rule.min_grade {
            let s = i;
            while i + 1 < g.len() && g[i + 1] * sign >= rule.min_grade {
                i += 1;
            }
            runs.push((s, i));
        }
        i += 1;
    }
    // Join runs across tolerated gaps.
    let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut high = f64::NEG_INFINITY;
    for r in runs {
        let joined = groups
            .last()
            .and_then(|grp| grp.last())
            .is_some_and(|last| {
                let gap_m = p.distance_m[r.0] - p.distance_m[last.1];
                let low = (last.1..=r.0).map(e).fold(f64::INFINITY, f64::min);
                gap_m <= rule.max_gap_m && high - low <= rule.max_dip_m
            });
        let top = (r.0..=r.1).map(e).fold(f64::NEG_INFINITY, f64::max);
        if joined {
            if let Some(grp) = groups.last_mut() {
                grp.push(r);
            }
            high = high.max(top);
        } else {
            groups.push(vec![r]);
            high = top;
        }
    }
    let ok = move |(a, b): (usize, usize)| {
        let len = p.distance_m[b] - p.distance_m[a];
        len >= rule.min_length_m && (e(b) - e(a)) / len >= rule.min_grade
    };
    groups.into_iter().flat_map(move |grp| {
        let whole = (grp[0].0, grp[grp.len() - 1].1);
        if ok(whole) {
            vec![whole]
        } else {
            grp.into_iter().filter(|&r| ok(r)).collect()
        }
    })
}

/// Why an edit of a section list was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SectionEditError {
    #[error("there is no section {index} (the route has {count})")]
    NoSuchSection { index: usize, count: usize },
    #[error("{at_m:.0} m is not inside a section; split somewhere between two boundaries")]
    NotInside { at_m: f64 },
    #[error("each part of a split must be at least {min_m:.0} m long")]
    TooShort { min_m: f64 },
    #[error("the last section has no next section to merge with")]
    NothingToMerge,
    #[error("a section needs a name")]
    EmptyName,
    #[error("the sections do not cover the route from 0 to {total_m:.0} m without gaps")]
    NotContiguous { total_m: f64 },
}

/// Shortest part a split may leave, metres.
pub const MIN_SPLIT_M: f64 = 20.0;

/// Splits the section containing `at_m` there. Both parts keep the kind; the second is
/// named "<name> (2)".
pub fn split(sections: &mut Vec<Section>, at_m: f64) -> Result<(), SectionEditError> {
    let i = sections
        .iter()
        .position(|s| at_m.is_finite() && s.start_m < at_m && at_m < s.end_m)
        .ok_or(SectionEditError::NotInside { at_m })?;
    let s = &sections[i];
    if at_m - s.start_m < MIN_SPLIT_M || s.end_m - at_m < MIN_SPLIT_M {
        return Err(SectionEditError::TooShort { min_m: MIN_SPLIT_M });
    }
    let second = Section {
        name: format!("{} (2)", s.name),
        kind: s.kind,
        start_m: at_m,
        end_m: s.end_m,
    };
    sections[i].end_m = at_m;
    sections.insert(i + 1, second);
    Ok(())
}

/// Merges section `index` with the next one, keeping the first's name. Two sections of
/// one kind keep it; otherwise the merged stretch is judged by its average grade
/// (≥ `rule.min_grade` climb, ≤ −`min_grade` descent, else flat).
pub fn merge(
    sections: &mut Vec<Section>,
    index: usize,
    p: &Profile,
    rule: &SectionRule,
) -> Result<(), SectionEditError> {
    let count = sections.len();
    if index >= count {
        return Err(SectionEditError::NoSuchSection { index, count });
    }
    if index + 1 >= count {
        return Err(SectionEditError::NothingToMerge);
    }
    let next = sections.remove(index + 1);
    let s = &mut sections[index];
    s.end_m = next.end_m;
    if s.kind != next.kind {
        let g = section_stats(p, s.start_m, s.end_m).avg_grade_pct / 100.0;
        s.kind = if g >= rule.min_grade {
            SectionKind::Climb
        } else if g <= -rule.min_grade {
            SectionKind::Descent
        } else {
            SectionKind::Flat
        };
    }
    Ok(())
}

/// Renames section `index` (the name is trimmed and must not be empty).
pub fn rename(sections: &mut [Section], index: usize, name: &str) -> Result<(), SectionEditError> {
    let count = sections.len();
    let name = name.trim();
    if name.is_empty() {
        return Err(SectionEditError::EmptyName);
    }
    let s = sections
        .get_mut(index)
        .ok_or(SectionEditError::NoSuchSection { index, count })?;
    s.name = name.to_string();
    Ok(())
}

/// Checks a stored list against a route of `total_m` metres: non-empty, contiguous,
/// from 0 to the end (1 m slack for rounding).
pub fn validate(sections: &[Section], total_m: f64) -> Result<(), SectionEditError> {
    let bad = SectionEditError::NotContiguous { total_m };
    let (Some(first), Some(last)) = (sections.first(), sections.last()) else {
        return Err(bad);
    };
    let joined = sections
        .windows(2)
        .all(|w| (w[0].end_m - w[1].start_m).abs() < 1e-6);
    let ordered = sections.iter().all(|s| s.end_m > s.start_m);
    if !joined || !ordered || first.start_m.abs() > 1.0 || (last.end_m - total_m).abs() > 1.0 {
        return Err(bad);
    }
    Ok(())
}
