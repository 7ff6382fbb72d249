use paceline_coach::prompts::{self, builtin, parse_header, user_version, NAMES};
use paceline_coach::{schemas, CoachError};
use paceline_llm::structured::{is_strict_compatible, validate};
use serde_json::json;

#[test]
fn every_action_has_a_template_whose_header_names_it_and_a_known_schema() {
    assert_eq!(NAMES.len(), 12);
    for name in NAMES {
        let p = builtin(name).unwrap();
        assert_eq!(&p.name, name);
        assert!(p.version >= 1, "{name}");
        assert!(p.builtin);
        if let Some(s) = &p.schema {
            let schema = schemas::schema(s).unwrap_or_else(|| panic!("{name}: schema {s}"));
            assert!(is_strict_compatible(&schema), "{name}: {s} is not strict");
            assert!(p.answer_schema().is_some());
        }
    }
    assert_eq!(
        builtin("plan_generate").unwrap().schema.as_deref(),
        Some("plan_weeks")
    );
    assert_eq!(builtin("chat_system").unwrap().schema, None);
    assert!(matches!(builtin("nope"), Err(CoachError::UnknownPrompt(_))));
}

#[test]
fn headers_are_read_strictly() {
    let h = parse_header("{#- paceline-prompt\nname: x\nversion: 7\nschema: none\n-#}\nbody")
        .unwrap()
        .unwrap();
    assert_eq!((h.name.as_str(), h.version, h.schema), ("x", 7, None));
    assert_eq!(parse_header("no header here").unwrap(), None);
    assert!(parse_header("{# paceline-prompt\nname: x\nversion: seven\nschema: none #}").is_err());
    assert!(parse_header("{# paceline-prompt\nname: x\nschema: none #}").is_err());
    assert!(parse_header("{# paceline-prompt\nname: x\nversion: 1\nschema: none").is_err());
}

#[test]
fn rendering_is_strict_and_drops_the_header() {
    let p = builtin("weekly_review").unwrap();
    let out = p
        .render(json!({"week_start": "2027-03-01", "week_end": "2027-03-07", "brief": "B"}))
        .unwrap();
    assert!(out.starts_with("Write the athlete's review of the week 2027-03-01 to 2027-03-07"));
    assert!(!out.contains("paceline-prompt"));
    assert!(out.ends_with("Athlete brief:\nB"), "{out}");
    // A missing variable is an error naming the prompt, not an empty string.
    let e = p.render(json!({"week_start": "x"})).unwrap_err();
    assert!(e.to_string().contains("weekly_review"), "{e}");
}

#[test]
fn a_user_version_keeps_the_schema_and_must_compile() {
    let p = user_version("chat_system", 4, "Coach {{ today }}: {{ brief }}").unwrap();
    assert_eq!((p.version, p.builtin, p.schema.clone()), (4, false, None));
    assert_eq!(
        p.render(json!({"today": "T", "brief": "B"})).unwrap(),
        "Coach T: B"
    );
    let wrong_schema = "{# paceline-prompt\nname: plan_generate\nversion: 2\nschema: none #}x";
    assert!(user_version("plan_generate", 2, wrong_schema)
        .unwrap_err()
        .to_string()
        .contains("must stay `plan_weeks`"));
    assert!(user_version("chat_system", 2, "{% if %}").is_err());
    let other = "{# paceline-prompt\nname: chat_system\nversion: 2\nschema: none #}x";
    assert!(user_version("weekly_review", 2, other).is_err());
}

#[test]
fn the_schemas_accept_a_good_answer_and_name_what_is_wrong_in_a_bad_one() {
    let s = schemas::schema("analysis").unwrap();
    let good = json!({"analysis": "ok", "changes": [
        {"op": "shorten", "date": "2027-03-02", "sport": "run", "factor": 0.8, "to": null}]});
    assert!(validate(&s, &good).is_ok());
    let bad = json!({"analysis": "ok", "changes": [
        {"op": "explode", "date": "2027-03-02", "sport": "run", "factor": 0.8, "to": null}]});
    let e = validate(&s, &bad).unwrap_err();
    assert!(e[0].contains("/changes/0/op"), "{e:?}");
    let r = schemas::schema("rules").unwrap();
    let rules = json!({"rules": [{"type": "no_sport_on_day", "sport": "run", "day": "tue"},
                                 {"type": "no_back_to_back_hard_days"}],
                       "injuries": [], "unparsed": ""});
    assert!(validate(&r, &rules).is_ok());
    assert_eq!(
        prompts::NAMES
            .iter()
            .filter(|n| builtin(n).unwrap().schema.is_none())
            .count(),
        6
    );
}
