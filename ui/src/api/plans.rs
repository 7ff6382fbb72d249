//! Training plans: the Coach › Goals page and the Calendar.

use paceline_types::{
    args, cmd, EquipmentSet, InjuryEntry, PlanCalendar, PlanDiffView, PlanExported, PlanGenerated,
    PlanGoals, RaceEntry, WeekHours, WireError,
};

use super::{athlete, call, call_unit};

pub async fn plan_goals() -> Result<PlanGoals, WireError> {
    let a = args::PlanGoalsArgs {
        athlete_id: athlete(),
    };
    call(cmd::PLAN_GOALS, &a).await
}

pub async fn add_race(race: &RaceEntry) -> Result<i64, WireError> {
    let a = args::AddRaceArgs {
        athlete_id: athlete(),
        race: race.clone(),
    };
    call(cmd::ADD_RACE, &a).await
}

pub async fn remove_race(id: i64) -> Result<(), WireError> {
    let a = args::RemoveRaceArgs {
        athlete_id: athlete(),
        id,
    };
    call_unit(cmd::REMOVE_RACE, &a).await
}

pub async fn set_availability(hours: WeekHours) -> Result<(), WireError> {
    let a = args::SetAvailabilityArgs {
        athlete_id: athlete(),
        hours,
    };
    call_unit(cmd::SET_AVAILABILITY, &a).await
}

pub async fn set_equipment(equipment: &EquipmentSet) -> Result<(), WireError> {
    let a = args::SetEquipmentArgs {
        athlete_id: athlete(),
        equipment: equipment.clone(),
    };
    call_unit(cmd::SET_EQUIPMENT, &a).await
}

pub async fn generate_plan() -> Result<PlanGenerated, WireError> {
    let a = args::GeneratePlanArgs {
        athlete_id: athlete(),
    };
    call(cmd::GENERATE_PLAN, &a).await
}

pub async fn plan_calendar(from: i32, to: i32) -> Result<PlanCalendar, WireError> {
    let a = args::PlanCalendarArgs {
        athlete_id: athlete(),
        from,
        to,
    };
    call(cmd::PLAN_CALENDAR, &a).await
}

/// Answers the new plan version, or `invalid_input` with the checker's reasons.
pub async fn move_workout(index: u32, day: i32) -> Result<u32, WireError> {
    let a = args::MoveWorkoutArgs {
        athlete_id: athlete(),
        index,
        day,
    };
    call(cmd::MOVE_WORKOUT, &a).await
}

pub async fn undo_plan() -> Result<u32, WireError> {
    let a = args::UndoPlanArgs {
        athlete_id: athlete(),
    };
    call(cmd::UNDO_PLAN, &a).await
}

pub async fn plan_diff(a: u32, b: u32) -> Result<PlanDiffView, WireError> {
    let a = args::PlanDiffArgs {
        athlete_id: athlete(),
        a,
        b,
    };
    call(cmd::PLAN_DIFF, &a).await
}

pub async fn add_injury(injury: &InjuryEntry) -> Result<i64, WireError> {
    let a = args::AddInjuryArgs {
        athlete_id: athlete(),
        injury: injury.clone(),
    };
    call(cmd::ADD_INJURY, &a).await
}

pub async fn remove_injury(id: i64) -> Result<(), WireError> {
    let a = args::RemoveInjuryArgs {
        athlete_id: athlete(),
        id,
    };
    call_unit(cmd::REMOVE_INJURY, &a).await
}

/// `rule` is the rule's type, `fields` its `KEY=VALUE` parameters.
pub async fn add_rule(rule: String, fields: Vec<String>, text: String) -> Result<u32, WireError> {
    let a = args::AddRuleArgs {
        athlete_id: athlete(),
        rule,
        fields,
        text,
    };
    call(cmd::ADD_RULE, &a).await
}

pub async fn remove_rule(index: u32) -> Result<u32, WireError> {
    let a = args::RemoveRuleArgs {
        athlete_id: athlete(),
        index,
    };
    call(cmd::REMOVE_RULE, &a).await
}

/// `format`: `fit`, `ics` or `json`.
pub async fn export_plan(format: &str) -> Result<PlanExported, WireError> {
    let a = args::ExportPlanArgs {
        athlete_id: athlete(),
        format: format.to_string(),
    };
    call(cmd::EXPORT_PLAN, &a).await
}
