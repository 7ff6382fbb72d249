//! The context builder's size: a 16-week plan request fits in 8,000 tokens for a
//! short history and for ten years of daily training.

use paceline_coach::context::{AthleteContext, Limits, PmcPoint, Session, WellnessPoint};
use paceline_coach::prompts::builtin;
use paceline_coach::proposal::{blocks, describe, generate_vars, Block};
use paceline_llm::{count_request, ChatRequest};
use paceline_plan::{CheckerConfig, Date};

use super::{brief, d};

/// `days` of history ending the day before `today`: a session every day (two on
/// Saturdays), wellness every morning, a PMC every day.
fn history(today: Date, days: i32) -> (Vec<Session>, Vec<PmcPoint>, Vec<WellnessPoint>) {
    let (mut s, mut p, mut w) = (Vec::new(), Vec::new(), Vec::new());
    let (mut ctl, mut atl) = (0.0f32, 0.0f32);
    for k in (1..=days).rev() {
        let date = today.plus(-k);
        let n = date.0 as usize;
        let sport = ["ride", "run", "swim", "ride", "run", "ride", "run"][n % 7];
        let load = 40.0 + (n % 5) as f32 * 15.0;
        s.push(Session {
            date,
            sport: sport.into(),
            name: format!("{sport} session with a fairly long name number {n}"),
            minutes: 45.0 + (n % 4) as f32 * 20.0,
            distance_km: Some(10.0 + (n % 30) as f32),
            load: Some(load),
            avg_hr: Some(135.0 + (n % 20) as f32),
            avg_power: (sport == "ride").then_some(200.0),
            rpe: Some(5.0),
        });
        if date.weekday() == paceline_plan::Weekday::Sat {
            s.push(Session {
                date,
                sport: "strength".into(),
                name: "Gym".into(),
                minutes: 40.0,
                distance_km: None,
                load: Some(25.0),
                avg_hr: None,
                avg_power: None,
                rpe: Some(6.0),
            });
        }
        ctl += (load - ctl) / 42.0;
        atl += (load - atl) / 7.0;
        p.push(PmcPoint {
            date,
            ctl,
            atl,
            tsb: ctl - atl,
        });
        w.push(WellnessPoint {
            date,
            hrv_ms: Some(60.0 + (n % 9) as f32),
            resting_hr: Some(48.0),
            sleep_h: Some(7.2),
        });
    }
    (s, p, w)
}

fn context(days: i32) -> AthleteContext {
    let b = brief();
    let (sessions, pmc, wellness) = history(b.start_date, days);
    let plan = paceline_plan::generate(&b, &CheckerConfig::default()).plan;
    AthleteContext {
        today: b.start_date,
        brief: b,
        pmc,
        sessions,
        wellness,
        readiness: Some((
            72,
            vec!["HRV within normal range".into(), "slept 7.2 h".into()],
        )),
        plan: Some(plan),
        limits: Limits::default(),
    }
}

/// The whole plan in one request, and the last 4-week block with the weeks before it.
fn request_tokens(ctx: &AthleteContext) -> (usize, usize) {
    let cfg = CheckerConfig::default();
    let start = ctx.today;
    let end = start.plus(16 * 7 - 1);
    let text = ctx.render();
    let p = builtin("plan_generate").unwrap();
    let schema = p.answer_schema().unwrap();
    let req = |block: Block, previous: &str| {
        let user = p
            .render(generate_vars(&text, block, start, end, &cfg, previous))
            .unwrap();
        ChatRequest::new(user)
            .with_schema("plan_weeks", schema.clone())
            .with_max_tokens(8000)
    };
    let whole = count_request(&req(
        Block {
            from: start,
            to: end,
        },
        "",
    ));
    let last = *blocks(start, end, 4).last().unwrap();
    let previous = describe(
        &ctx.plan
            .as_ref()
            .unwrap()
            .workouts
            .iter()
            .filter(|w| w.date < last.from && w.date >= last.from.plus(-28))
            .cloned()
            .collect::<Vec<_>>(),
    );
    (whole, count_request(&req(last, &previous)))
}

#[test]
fn a_16_week_plan_request_fits_in_8000_tokens_for_a_short_and_a_ten_year_history() {
    let short = context(56);
    let long = context(3653);
    let (s_whole, s_block) = request_tokens(&short);
    let (l_whole, l_block) = request_tokens(&long);
    println!(
        "plan request tokens: 8 weeks of history {s_whole} (block {s_block}), \
         10 years {l_whole} (block {l_block})"
    );
    for n in [s_whole, s_block, l_whole, l_block] {
        assert!(n <= 8000, "{n} tokens");
    }
    // Bounded by construction: ten years cost about what two months do.
    assert!(l_whole <= s_whole + 300, "{s_whole} vs {l_whole}");
}

#[test]
fn the_brief_holds_every_part_and_leaves_out_what_is_missing() {
    let ctx = context(120);
    let t = ctx.render();
    for part in [
        "Today: 2027-03-01 (mon)",
        "Thresholds: FTP 250 W · LTHR 170 bpm · threshold pace 4:30/km",
        "Fitness on 2027-02-28: CTL",
        "; ramp ",
        "Load by week, last 12 full weeks",
        "Sessions of the last 14 days",
        "Wellness: HRV 7-day",
        "Readiness today: 72/100 (HRV within normal range; slept 7.2 h)",
        "2027-06-13 A City Marathon (Run, 42.2 km, target 215 min)",
        "Hours available: mon 0, tue 1, wed 1.5",
        "Equipment: indoor trainer, power meter",
        "rest day on fri",
        "In the athlete's words: Fridays off",
        "Current plan, next 14 days:",
    ] {
        assert!(t.contains(part), "missing {part:?} in:\n{t}");
    }
    // Twelve week rows, the oldest 12 weeks before this Monday.
    assert!(t.contains("  2026-12-07:"), "{t}");
    assert!(!t.contains("  2026-11-30:"));
    // Nothing known: said, not zeros.
    let empty = AthleteContext {
        pmc: vec![],
        sessions: vec![],
        wellness: vec![],
        readiness: None,
        plan: None,
        ..ctx
    };
    let t = empty.render();
    assert!(t.contains("Fitness: no training history"));
    assert!(t.contains("Wellness: no data"));
    assert!(!t.contains("Readiness"));
    assert!(!t.contains("CTL 0.0"));
    let _ = d("2027-03-01");
}
