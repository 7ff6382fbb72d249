//! The built-in exercise library: common gym and body-weight exercises with the muscle
//! groups they mainly train (credited with their volume) and the equipment.
//! The athlete's own exercises use the same [`Exercise`] type with their own ids.

use serde::{Deserialize, Serialize};

/// Muscle groups as the progress charts group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Muscle {
    Chest,
    Back,
    Shoulders,
    Biceps,
    Triceps,
    Forearms,
    Core,
    Glutes,
    Quads,
    Hamstrings,
    Calves,
}

impl Muscle {
    pub const ALL: [Muscle; 11] = [
        Muscle::Chest,
        Muscle::Back,
        Muscle::Shoulders,
        Muscle::Biceps,
        Muscle::Triceps,
        Muscle::Forearms,
        Muscle::Core,
        Muscle::Glutes,
        Muscle::Quads,
        Muscle::Hamstrings,
        Muscle::Calves,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Muscle::Chest => "Chest",
            Muscle::Back => "Back",
            Muscle::Shoulders => "Shoulders",
            Muscle::Biceps => "Biceps",
            Muscle::Triceps => "Triceps",
            Muscle::Forearms => "Forearms",
            Muscle::Core => "Core",
            Muscle::Glutes => "Glutes",
            Muscle::Quads => "Quads",
            Muscle::Hamstrings => "Hamstrings",
            Muscle::Calves => "Calves",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Equipment {
    Barbell,
    Dumbbell,
    Kettlebell,
    Machine,
    Cable,
    Bodyweight,
    Band,
    Other,
}

/// An exercise: built in (ids are stable slugs like `"bench_press"`) or the athlete's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exercise {
    pub id: String,
    pub name: String,
    /// Muscle groups it mainly trains; each is credited with the full volume.
    pub muscles: Vec<Muscle>,
    pub equipment: Equipment,
}

use Equipment as E;
use Muscle as M;

#[rustfmt::skip]
const LIBRARY: &[(&str, &str, &[Muscle], Equipment)] = &[
    ("bench_press", "Bench press", &[M::Chest, M::Triceps, M::Shoulders], E::Barbell),
    ("incline_bench_press", "Incline bench press", &[M::Chest, M::Shoulders, M::Triceps], E::Barbell),
    ("dumbbell_bench_press", "Dumbbell bench press", &[M::Chest, M::Triceps], E::Dumbbell),
    ("incline_dumbbell_press", "Incline dumbbell press", &[M::Chest, M::Shoulders], E::Dumbbell),
    ("dumbbell_fly", "Dumbbell fly", &[M::Chest], E::Dumbbell),
    ("cable_crossover", "Cable crossover", &[M::Chest], E::Cable),
    ("chest_press_machine", "Chest press (machine)", &[M::Chest, M::Triceps], E::Machine),
    ("push_up", "Push-up", &[M::Chest, M::Triceps, M::Core], E::Bodyweight),
    ("dip", "Dip", &[M::Chest, M::Triceps], E::Bodyweight),
    ("overhead_press", "Overhead press", &[M::Shoulders, M::Triceps], E::Barbell),
    ("dumbbell_shoulder_press", "Dumbbell shoulder press", &[M::Shoulders, M::Triceps], E::Dumbbell),
    ("lateral_raise", "Lateral raise", &[M::Shoulders], E::Dumbbell),
    ("front_raise", "Front raise", &[M::Shoulders], E::Dumbbell),
    ("rear_delt_fly", "Rear delt fly", &[M::Shoulders, M::Back], E::Dumbbell),
    ("face_pull", "Face pull", &[M::Shoulders, M::Back], E::Cable),
    ("upright_row", "Upright row", &[M::Shoulders], E::Barbell),
    ("shrug", "Shrug", &[M::Back], E::Barbell),
    ("deadlift", "Deadlift", &[M::Back, M::Glutes, M::Hamstrings], E::Barbell),
    ("romanian_deadlift", "Romanian deadlift", &[M::Hamstrings, M::Glutes, M::Back], E::Barbell),
    ("sumo_deadlift", "Sumo deadlift", &[M::Glutes, M::Quads, M::Back], E::Barbell),
    ("trap_bar_deadlift", "Trap bar deadlift", &[M::Quads, M::Glutes, M::Back], E::Barbell),
    ("barbell_row", "Barbell row", &[M::Back, M::Biceps], E::Barbell),
    ("dumbbell_row", "One-arm dumbbell row", &[M::Back, M::Biceps], E::Dumbbell),
    ("seated_cable_row", "Seated cable row", &[M::Back, M::Biceps], E::Cable),
    ("lat_pulldown", "Lat pulldown", &[M::Back, M::Biceps], E::Cable),
    ("pull_up", "Pull-up", &[M::Back, M::Biceps], E::Bodyweight),
    ("chin_up", "Chin-up", &[M::Back, M::Biceps], E::Bodyweight),
    ("inverted_row", "Inverted row", &[M::Back, M::Biceps], E::Bodyweight),
    ("back_extension", "Back extension", &[M::Back, M::Glutes], E::Bodyweight),
    ("good_morning", "Good morning", &[M::Hamstrings, M::Back], E::Barbell),
    ("barbell_curl", "Barbell curl", &[M::Biceps], E::Barbell),
    ("dumbbell_curl", "Dumbbell curl", &[M::Biceps], E::Dumbbell),
    ("hammer_curl", "Hammer curl", &[M::Biceps, M::Forearms], E::Dumbbell),
    ("preacher_curl", "Preacher curl", &[M::Biceps], E::Machine),
    ("triceps_pushdown", "Triceps pushdown", &[M::Triceps], E::Cable),
    ("skull_crusher", "Skull crusher", &[M::Triceps], E::Barbell),
    ("overhead_triceps_extension", "Overhead triceps extension", &[M::Triceps], E::Dumbbell),
    ("close_grip_bench_press", "Close-grip bench press", &[M::Triceps, M::Chest], E::Barbell),
    ("wrist_curl", "Wrist curl", &[M::Forearms], E::Dumbbell),
    ("farmers_carry", "Farmer's carry", &[M::Forearms, M::Core, M::Back], E::Dumbbell),
    ("back_squat", "Back squat", &[M::Quads, M::Glutes], E::Barbell),
    ("front_squat", "Front squat", &[M::Quads, M::Glutes, M::Core], E::Barbell),
    ("goblet_squat", "Goblet squat", &[M::Quads, M::Glutes], E::Kettlebell),
    ("bulgarian_split_squat", "Bulgarian split squat", &[M::Quads, M::Glutes], E::Dumbbell),
    ("lunge", "Lunge", &[M::Quads, M::Glutes], E::Dumbbell),
    ("step_up", "Step-up", &[M::Quads, M::Glutes], E::Dumbbell),
    ("leg_press", "Leg press", &[M::Quads, M::Glutes], E::Machine),
    ("leg_extension", "Leg extension", &[M::Quads], E::Machine),
    ("leg_curl", "Leg curl", &[M::Hamstrings], E::Machine),
    ("nordic_curl", "Nordic hamstring curl", &[M::Hamstrings], E::Bodyweight),
    ("hip_thrust", "Hip thrust", &[M::Glutes, M::Hamstrings], E::Barbell),
    ("glute_bridge", "Glute bridge", &[M::Glutes], E::Bodyweight),
    ("kettlebell_swing", "Kettlebell swing", &[M::Glutes, M::Hamstrings, M::Back], E::Kettlebell),
    ("standing_calf_raise", "Standing calf raise", &[M::Calves], E::Machine),
    ("seated_calf_raise", "Seated calf raise", &[M::Calves], E::Machine),
    ("single_leg_calf_raise", "Single-leg calf raise", &[M::Calves], E::Bodyweight),
    ("plank", "Plank", &[M::Core], E::Bodyweight),
    ("side_plank", "Side plank", &[M::Core], E::Bodyweight),
    ("hanging_leg_raise", "Hanging leg raise", &[M::Core], E::Bodyweight),
    ("crunch", "Crunch", &[M::Core], E::Bodyweight),
    ("cable_crunch", "Cable crunch", &[M::Core], E::Cable),
    ("russian_twist", "Russian twist", &[M::Core], E::Bodyweight),
    ("ab_wheel_rollout", "Ab wheel rollout", &[M::Core], E::Other),
    ("pallof_press", "Pallof press", &[M::Core], E::Cable),
    ("dead_bug", "Dead bug", &[M::Core], E::Bodyweight),
    ("clean", "Power clean", &[M::Quads, M::Glutes, M::Back, M::Shoulders], E::Barbell),
    ("thruster", "Thruster", &[M::Quads, M::Shoulders], E::Barbell),
    ("band_pull_apart", "Band pull-apart", &[M::Shoulders, M::Back], E::Band),
];

/// The built-in exercises, in library order.
pub fn builtin() -> Vec<Exercise> {
    LIBRARY
        .iter()
        .map(|(id, name, muscles, equipment)| Exercise {
            id: (*id).to_string(),
            name: (*name).to_string(),
            muscles: muscles.to_vec(),
            equipment: *equipment,
        })
        .collect()
}

/// A built-in exercise by id, or by name ignoring case and surrounding spaces.
pub fn find(id_or_name: &str) -> Option<Exercise> {
    let key = id_or_name.trim();
    builtin()
        .into_iter()
        .find(|e| e.id == key || e.name.eq_ignore_ascii_case(key))
}
