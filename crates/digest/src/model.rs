//! What goes into a digest (sessions per athlete, from the caller) and what
//! comes out (plain numbers, serialisable, formatted only by the renderers).

use jiff::civil::Date;
use paceline_types::Sport;
use serde::{Deserialize, Serialize};

use crate::IsoWeek;

/// One activity as the digest sees it. Numbers that are NaN, infinite or
/// negative count as 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub activity_id: i64,
    /// The athlete's local calendar day of the start.
    pub date: Date,
    pub sport: Sport,
    pub name: String,
    pub duration_s: f64,
    pub distance_m: f64,
    pub elevation_m: f64,
    /// Training load (TSS-like).
    pub load: f64,
    /// Mean-max power: (seconds, watts); empty without power.
    pub power_curve: Vec<(u32, f32)>,
}

/// An athlete and their sessions.
#[derive(Debug, Clone, PartialEq)]
pub struct AthleteHistory {
    pub athlete_id: i64,
    pub name: String,
    /// All of the athlete's sessions up to the week's Sunday, in any order.
    /// Earlier ones feed "new bests", streaks and the previous four weeks;
    /// any after the Sunday are ignored.
    pub sessions: Vec<Session>,
}

/// A digest's input: a group (or one athlete) and the week.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestInput {
    /// The group's name, or the athlete's for a personal digest.
    pub title: String,
    pub week: IsoWeek,
    pub athletes: Vec<AthleteHistory>,
}

/// Sums over a set of sessions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Amounts {
    pub sessions: u32,
    pub time_s: f64,
    pub distance_m: f64,
    pub elevation_m: f64,
    pub load: f64,
}

impl Amounts {
    pub(crate) fn add(&mut self, o: &Amounts) {
        self.sessions += o.sessions;
        self.time_s += o.time_s;
        self.distance_m += o.distance_m;
        self.elevation_m += o.elevation_m;
        self.load += o.load;
    }
}

/// One sport's sums.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SportTotal {
    pub sport: Sport,
    pub amounts: Amounts,
}

/// The week's sums: per sport present (in [`crate::SPORT_ORDER`]) and over all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub by_sport: Vec<SportTotal>,
    pub all: Amounts,
    /// Distinct days with at least one session of any kind or length (for a
    /// group: athlete-days).
    pub days_trained: u32,
}

/// This week's value against the mean of the four weeks before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub this_week: f64,
    /// Mean over the four previous ISO weeks, empty weeks counting as 0.
    pub previous_mean: f64,
    /// (this − mean) / mean × 100; `None` when the mean is 0.
    pub change_pct: Option<f64>,
}

impl Change {
    pub(crate) fn new(this_week: f64, previous_sum: f64) -> Change {
        let previous_mean = previous_sum / 4.0;
        let change_pct =
            (previous_mean > 0.0).then(|| (this_week - previous_mean) / previous_mean * 100.0);
        Change {
            this_week,
            previous_mean,
            change_pct,
        }
    }
}

/// "The week against the previous four" for time, distance and load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    pub time_s: Change,
    pub distance_m: Change,
    pub load: Change,
}

/// A session of the week, for the per-athlete listing and the highlights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRef {
    pub activity_id: i64,
    /// "2026-11-28".
    pub date: String,
    pub sport: Sport,
    pub name: String,
    pub duration_s: f64,
    pub distance_m: f64,
    pub elevation_m: f64,
    pub load: f64,
}

/// One athlete's week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AthleteWeek {
    pub athlete_id: i64,
    pub name: String,
    pub totals: Totals,
    pub trend: Trend,
    /// The week's sessions, by date then activity id.
    pub sessions: Vec<SessionRef>,
    /// Consecutive training days through a day of this week (0 if none).
    pub streak_days: u32,
    /// Consecutive ISO weeks with a session, ending with this one (0 if
    /// this week has none).
    pub streak_weeks: u32,
}

/// One line of a leaderboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rank {
    /// Standard competition rank: 1, 1, 3.
    pub rank: u32,
    pub athlete_id: i64,
    pub name: String,
    /// The raw value (s, m, load or days).
    pub value: f64,
    /// Shares its rank with another athlete.
    pub tied: bool,
    /// Trained this week at all (false: listed last, value shown as a dash).
    pub active: bool,
}

/// The four boards. Values are compared at display precision (time to the
/// whole minute, distance to 0.1 km whatever the display units, load and
/// days to the unit), so values that read the same tie. Each board lists
/// every athlete: by value, ties by name, idle athletes last.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Leaderboard {
    pub time: Vec<Rank>,
    pub distance: Vec<Rank>,
    pub load: Vec<Rank>,
    /// Distinct days trained.
    pub consistency: Vec<Rank>,
}

/// What a highlight is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HighlightKind {
    /// The group's longest session by time; `value` = seconds.
    LongestSession,
    /// The group's hardest session by load; `value` = load.
    HardestSession,
    /// Best mean power at `duration_s`; `value` = W, `previous` = old best.
    PowerBest,
    /// Fastest average pace over a run of at least `distance_m`; `value` =
    /// s/km, `previous` = old best.
    PaceBest,
    /// Consecutive training days; `value` = days.
    DayStreak,
    /// Consecutive weeks with a session; `value` = weeks.
    WeekStreak,
}

/// A highlight of the week. Fields that do not apply are `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Highlight {
    pub kind: HighlightKind,
    pub athlete_id: i64,
    pub athlete: String,
    pub value: f64,
    pub previous: Option<f64>,
    /// The session that set it (not for streaks).
    pub session: Option<SessionRef>,
    /// Power-curve duration, s.
    pub duration_s: Option<u32>,
    /// Pace-best minimum run distance, m.
    pub distance_m: Option<f64>,
    /// First day of a streak ("2026-11-20"; weeks: that week's Monday).
    pub since: Option<String>,
}

/// One athlete's bar in the load chart: the week's load per bucket
/// [Ride, Run, Swim, Strength, Other].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartRow {
    pub name: String,
    pub loads: [f64; 5],
}

/// The computed digest: numbers only, formatted by the renderers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    pub title: String,
    /// "2026-W48".
    pub week: String,
    /// "2026-11-23".
    pub monday: String,
    /// "2026-11-29".
    pub sunday: String,
    /// By name (then id).
    pub athletes: Vec<AthleteWeek>,
    /// Sums over all athletes.
    pub group: Totals,
    pub group_trend: Trend,
    pub leaderboard: Leaderboard,
    pub highlights: Vec<Highlight>,
    /// Every athlete's load, highest total first (then by name).
    pub chart: Vec<ChartRow>,
}
