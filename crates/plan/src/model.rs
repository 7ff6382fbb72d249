//! A plan and its workouts, in the JSON form `paceline plan export --json`
//! writes (field names are the wire format; see `docs/plan-brief.md`).

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// What a workout is done as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sport {
    Run,
    Bike,
    Swim,
    Strength,
    Other,
}

impl Sport {
    pub fn name(self) -> &'static str {
        match self {
            Sport::Run => "run",
            Sport::Bike => "bike",
            Sport::Swim => "swim",
            Sport::Strength => "strength",
            Sport::Other => "other",
        }
    }

    /// Run, bike, swim and other count as endurance time; strength does not.
    pub fn is_endurance(self) -> bool {
        self != Sport::Strength
    }
}

/// The intensity label of a whole workout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intensity {
    Recovery,
    Endurance,
    Tempo,
    Threshold,
    Vo2,
    Anaerobic,
    Race,
    Strength,
}

impl Intensity {
    pub fn name(self) -> &'static str {
        match self {
            Intensity::Recovery => "recovery",
            Intensity::Endurance => "endurance",
            Intensity::Tempo => "tempo",
            Intensity::Threshold => "threshold",
            Intensity::Vo2 => "vo2",
            Intensity::Anaerobic => "anaerobic",
            Intensity::Race => "race",
            Intensity::Strength => "strength",
        }
    }
}

/// What kind of session it is (serialized as `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkoutKind {
    Recovery,
    Endurance,
    Long,
    Tempo,
    Threshold,
    Intervals,
    Sprints,
    /// Short race-pace efforts the day(s) before a race.
    Openers,
    Technique,
    Strength,
    Race,
}

/// Where a workout happens; decides the equipment it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    Indoor,
    Outdoor,
    Pool,
    OpenWater,
    Gym,
}

/// Minutes per intensity zone (z1 easy … z5 maximal).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Zones {
    pub z1: f32,
    pub z2: f32,
    pub z3: f32,
    pub z4: f32,
    pub z5: f32,
}

impl Zones {
    pub fn total(&self) -> f32 {
        self.z1 + self.z2 + self.z3 + self.z4 + self.z5
    }

    pub fn low(&self) -> f32 {
        self.z1 + self.z2
    }

    pub fn add(&mut self, o: &Zones) {
        self.z1 += o.z1;
        self.z2 += o.z2;
        self.z3 += o.z3;
        self.z4 += o.z4;
        self.z5 += o.z5;
    }

    pub fn scaled(&self, k: f32) -> Zones {
        Zones {
            z1: self.z1 * k,
            z2: self.z2 * k,
            z3: self.z3 * k,
            z4: self.z4 * k,
            z5: self.z5 * k,
        }
    }

    /// Training stress these minutes imply: Σ minutes/60 × IF_z² × 100 with
    /// the zone intensity factors [`ZONE_IF`].
    pub fn tss(&self) -> f32 {
        let m = [self.z1, self.z2, self.z3, self.z4, self.z5];
        m.iter()
            .zip(ZONE_IF)
            .map(|(min, f)| min.max(0.0) / 60.0 * f * f * 100.0)
            .sum()
    }
}

/// Representative intensity factor of an hour in each zone, the middle of
/// its %FTP band (z1 recovery 0.55, z2 endurance 0.70, z3 tempo 0.83, z4
/// threshold 0.98, z5 VO2 1.13), so a plan's TSS is always IF² × hours × 100
/// of what it asks for.
pub const ZONE_IF: [f32; 5] = [0.55, 0.70, 0.83, 0.98, 1.13];

/// What the athlete aims for during a step.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// Percent of FTP (needs a power meter).
    PercentFtp {
        low: f32,
        high: f32,
    },
    /// Percent of lactate-threshold heart rate.
    PercentLthr {
        low: f32,
        high: f32,
    },
    /// Running pace, seconds per km (`low` is the slower bound, the larger number).
    Pace {
        low_s_per_km: f32,
        high_s_per_km: f32,
    },
    /// Swim pace, seconds per 100 m (`low` is the slower bound).
    SwimPace {
        low_s_per_100m: f32,
        high_s_per_100m: f32,
    },
    /// Rate of perceived exertion, CR-10.
    Rpe {
        low: f32,
        high: f32,
    },
    Open,
}

/// One timed step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepBody {
    pub duration_min: f32,
    pub target: Target,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A structured-workout step (`type` tags it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Step {
    Warmup(StepBody),
    Work(StepBody),
    Recovery(StepBody),
    Cooldown(StepBody),
    /// `steps` done `times` times in a row.
    Repeat {
        times: u32,
        steps: Vec<Step>,
    },
}

impl Step {
    /// Minutes the step takes, repeats included.
    pub fn minutes(&self) -> f32 {
        match self {
            Step::Warmup(b) | Step::Work(b) | Step::Recovery(b) | Step::Cooldown(b) => {
                b.duration_min
            }
            Step::Repeat { times, steps } => {
                *times as f32 * steps.iter().map(Step::minutes).sum::<f32>()
            }
        }
    }
}

/// One planned session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workout {
    pub date: Date,
    pub sport: Sport,
    #[serde(rename = "type")]
    pub kind: WorkoutKind,
    /// Short title ("Threshold 3×10 min").
    pub name: String,
    pub duration_min: f32,
    /// Target load (TSS).
    pub tss: f32,
    pub intensity: Intensity,
    pub time_in_zone_min: Zones,
    pub location: Location,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub description: String,
    /// Name of the race this workout is, for race workouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub race: Option<String>,
}

impl Workout {
    /// Race workouts are fixed by the race calendar.
    pub fn is_race(&self) -> bool {
        self.intensity == Intensity::Race
    }
}

/// A training plan. Versioning (number, parent) is the caller's: the vault
/// fills `version`/`parent_version` when it stores one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Plan {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_version: Option<u32>,
    /// Workouts sorted by date (several per day possible).
    pub workouts: Vec<Workout>,
}

impl Plan {
    /// First and last workout dates.
    pub fn span(&self) -> Option<(Date, Date)> {
        let first = self.workouts.iter().map(|w| w.date).min()?;
        let last = self.workouts.iter().map(|w| w.date).max()?;
        Some((first, last))
    }

    /// Sorts workouts by date, keeping the order within a day.
    pub fn sort(&mut self) {
        self.workouts.sort_by_key(|w| w.date);
    }
}
