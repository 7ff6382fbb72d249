//! The JSON schemas prompts name in their header. All of them follow OpenAI's strict
//! form (every property required, `additionalProperties: false`, optional values as
//! `null`), so every provider can enforce them where it is able to.

use serde_json::{json, Map, Value};

const SPORTS: &[&str] = &["run", "bike", "swim", "strength", "other"];
const DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const INTENSITIES: &[&str] = &[
    "recovery",
    "endurance",
    "tempo",
    "threshold",
    "vo2",
    "anaerobic",
    "race",
    "strength",
];
const KINDS: &[&str] = &[
    "recovery",
    "endurance",
    "long",
    "tempo",
    "threshold",
    "intervals",
    "sprints",
    "openers",
    "technique",
    "strength",
];
const LOCATIONS: &[&str] = &["indoor", "outdoor", "pool", "open_water", "gym"];

/// The schema named `name` (as in a prompt header), `None` for an unknown name.
pub fn schema(name: &str) -> Option<Value> {
    Some(match name {
        "plan_weeks" => plan_weeks(),
        "rules" => rules(),
        "analysis" => analysis(),
        _ => return None,
    })
}

/// An object with exactly these properties, all required.
fn obj(props: &[(&str, Value)]) -> Value {
    let mut m = Map::new();
    for (k, v) in props {
        m.insert((*k).to_string(), v.clone());
    }
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": props.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        "properties": m,
    })
}

fn one_of(values: &[&str]) -> Value {
    json!({"type": "string", "enum": values})
}

fn nullable(mut v: Value) -> Value {
    if let Some(t) = v.get("type").and_then(Value::as_str).map(str::to_owned) {
        v["type"] = json!([t, "null"]);
    }
    if let Some(e) = v.get_mut("enum").and_then(Value::as_array_mut) {
        e.push(Value::Null);
    }
    v
}

fn date() -> Value {
    json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
}

fn zone() -> Value {
    json!({"type": "integer", "minimum": 1, "maximum": 5})
}

fn minutes() -> Value {
    json!({"type": "number", "exclusiveMinimum": 0, "maximum": 600})
}

/// Weeks of workouts (plan generation and repair): steps with minutes and zones, from
/// which durations, zone minutes and TSS are computed.
fn plan_weeks() -> Value {
    let step = obj(&[
        ("kind", one_of(&["warmup", "work", "recovery", "cooldown"])),
        ("minutes", minutes()),
        ("zone", zone()),
        (
            "times",
            nullable(json!({"type": "integer", "minimum": 1, "maximum": 50})),
        ),
        ("recovery_minutes", nullable(minutes())),
        ("recovery_zone", nullable(zone())),
    ]);
    let workout = obj(&[
        ("date", date()),
        ("sport", one_of(SPORTS)),
        ("type", one_of(KINDS)),
        ("name", json!({"type": "string", "maxLength": 80})),
        ("intensity", one_of(INTENSITIES)),
        ("location", one_of(LOCATIONS)),
        ("description", json!({"type": "string", "maxLength": 400})),
        (
            "steps",
            json!({"type": "array", "minItems": 1, "maxItems": 12, "items": step}),
        ),
    ]);
    let week = obj(&[
        ("week_start", date()),
        (
            "workouts",
            json!({"type": "array", "maxItems": 21, "items": workout}),
        ),
    ]);
    obj(&[("weeks", json!({"type": "array", "items": week}))])
}

/// Rules and injuries from the athlete's words.
fn rules() -> Value {
    let sport = || one_of(SPORTS);
    let day = || one_of(DAYS);
    let n = |max: u32| json!({"type": "integer", "minimum": 0, "maximum": max});
    let rule = |t: &str, props: &[(&str, Value)]| {
        let mut all = vec![("type", json!({"type": "string", "const": t}))];
        all.extend(props.iter().cloned());
        obj(&all)
    };
    let rule_variants = vec![
        rule("no_sport_on_day", &[("sport", sport()), ("day", day())]),
        rule("rest_day", &[("day", day())]),
        rule("long_session_day", &[("sport", sport()), ("day", day())]),
        rule("max_hard_days_per_week", &[("n", n(7))]),
        rule("no_back_to_back_hard_days", &[]),
        rule(
            "max_session_minutes",
            &[("sport", sport()), ("minutes", minutes())],
        ),
        rule("min_sessions_per_week", &[("sport", sport()), ("n", n(21))]),
        rule("max_sessions_per_day", &[("n", n(5))]),
        rule(
            "sport_only_on_days",
            &[
                ("sport", sport()),
                ("days", json!({"type": "array", "items": day()})),
            ],
        ),
        rule("min_rest_days_per_week", &[("n", n(7))]),
        rule(
            "max_consecutive_days",
            &[("sport", nullable(sport())), ("n", n(7))],
        ),
    ];
    let injury = obj(&[
        ("description", json!({"type": "string", "maxLength": 200})),
        ("sport", nullable(sport())),
        ("from", date()),
        ("until", nullable(date())),
        (
            "forbidden_intensities",
            json!({"type": "array", "items": one_of(INTENSITIES)}),
        ),
        ("max_session_minutes", nullable(minutes())),
        ("forbid_sport", nullable(json!({"type": "boolean"}))),
    ]);
    obj(&[
        (
            "rules",
            json!({"type": "array", "items": {"anyOf": rule_variants}}),
        ),
        ("injuries", json!({"type": "array", "items": injury})),
        ("unparsed", json!({"type": "string"})),
    ])
}

/// An analysis with the plan changes it proposes.
fn analysis() -> Value {
    let change = obj(&[
        ("op", one_of(&["ease", "shorten", "remove", "move"])),
        ("date", date()),
        ("sport", one_of(SPORTS)),
        (
            "factor",
            nullable(json!({"type": "number", "minimum": 0.5, "maximum": 0.95})),
        ),
        ("to", nullable(date())),
    ]);
    obj(&[
        ("analysis", json!({"type": "string", "maxLength": 1500})),
        (
            "changes",
            json!({"type": "array", "maxItems": 7, "items": change}),
        ),
    ])
}
