//! The digest on a fixed set of sessions for four athletes, every number
//! checked by hand (the arithmetic is in the comments), plus week parsing,
//! rendering and the 50 × 2 years scale check.
//!
//! The week is 2026-W48: Monday 23 to Sunday 29 November 2026. The four
//! weeks before it are W44–W47: 26 October to 22 November.
//!
//! - Ana: Mon run, Tue ride (power bests at 1 and 5 min), Wed strength; a
//!   six-day streak from Fri 20 Nov across the week boundary; a ride on the
//!   Sunday before and a run on the Monday after (both outside the week).
//! - Ben: ride, swim, run (new best pace over 10 km); ties Ana on time
//!   (170 min at display precision, 10 200 s vs 10 190 s) and on days (3).
//!   His swim has a NaN elevation, which counts as 0.
//! - Chloé: no session this week (a run the Sunday before, a ride the Monday
//!   after).
//! - Dan: the longest and hardest session; first-ever power data (no best);
//!   five weeks in a row with training.

use jiff::civil::{date, Date};
use paceline_digest::*;
use paceline_types::{Sport, Units};

fn s(id: i64, d: Date, sport: Sport, secs: f64, km: f64, elev: f64, load: f64) -> Session {
    Session {
        activity_id: id,
        date: d,
        sport,
        name: format!("{} {id}", sport.label()),
        duration_s: secs,
        distance_m: km * 1000.0,
        elevation_m: elev,
        load,
        power_curve: Vec::new(),
    }
}

fn with_power(mut s: Session, curve: &[(u32, f32)]) -> Session {
    s.power_curve = curve.to_vec();
    s
}

fn nov(d: i8) -> Date {
    date(2026, 11, d)
}

fn fixture() -> DigestInput {
    use Sport::*;
    let ana = AthleteHistory {
        athlete_id: 1,
        name: "Ana".into(),
        sessions: vec![
            // Before the previous-four window (W43): ignored by the trend.
            s(100, date(2026, 10, 25), Ride, 3600.0, 30.0, 100.0, 40.0),
            s(101, date(2026, 10, 26), Run, 3600.0, 12.0, 50.0, 70.0),
            // 10 km in 2900 s = 290 s/km: faster than this week's run.
            s(102, nov(20), Run, 2900.0, 10.0, 50.0, 60.0),
            with_power(
                s(103, nov(21), Ride, 3600.0, 30.0, 200.0, 50.0),
                &[(5, 850.0), (60, 480.0), (300, 310.0), (1200, 270.0)],
            ),
            // The Sunday before the week.
            with_power(
                s(104, nov(22), Ride, 7200.0, 60.0, 500.0, 100.0),
                &[
                    (5, 900.0),
                    (60, 500.0),
                    (300, 320.0),
                    (1200, 280.0),
                    (3600, 250.0),
                ],
            ),
            s(105, nov(23), Run, 3000.0, 10.0, 40.0, 55.0),
            // Beats 500 W at 1 min and 320 W at 5 min; not 5 s, 20 or 60 min.
            with_power(
                s(106, nov(24), Ride, 5400.0, 45.0, 300.0, 90.0),
                &[
                    (300, 335.0),
                    (5, 880.0),
                    (60, 520.0),
                    (1200, 275.0),
                    (3600, 240.0),
                ],
            ),
            s(107, nov(25), Strength, 1800.0, 0.0, 0.0, 20.0),
            // The Monday after: excluded everywhere.
            s(108, nov(30), Run, 3600.0, 12.0, 30.0, 70.0),
        ],
    };
    let ben = AthleteHistory {
        athlete_id: 2,
        name: "Ben".into(),
        sessions: vec![
            // 5 km in 1400 s = 280 s/km, 12 km in 3600 s = 300 s/km.
            s(200, date(2026, 10, 30), Run, 1400.0, 5.0, 20.0, 25.0),
            s(201, nov(1), Run, 3600.0, 12.0, 60.0, 65.0),
            s(202, nov(23), Ride, 4000.0, 40.0, 400.0, 80.0),
            s(203, nov(26), Swim, 2540.0, 3.0, f64::NAN, 30.0),
            // 12.5 km in 3650 s = 292 s/km: a best over 10 km (was 300),
            // not over 5 km (280).
            s(204, nov(28), Run, 3650.0, 12.5, 100.0, 75.0),
        ],
    };
    let chloe = AthleteHistory {
        athlete_id: 3,
        name: "Chloé".into(),
        sessions: vec![
            s(300, nov(22), Run, 3600.0, 10.0, 20.0, 60.0),
            s(301, nov(30), Ride, 3600.0, 30.0, 100.0, 60.0),
        ],
    };
    let dan = AthleteHistory {
        athlete_id: 4,
        name: "Dan".into(),
        sessions: vec![
            s(400, date(2026, 10, 27), Ride, 3600.0, 30.0, 0.0, 50.0),
            s(401, nov(3), Ride, 3600.0, 30.0, 0.0, 50.0),
            s(402, nov(10), Ride, 3600.0, 30.0, 0.0, 50.0),
            s(403, nov(17), Ride, 3600.0, 30.0, 0.0, 50.0),
            // First power data ever: a baseline, not a best.
            with_power(
                s(404, nov(24), Ride, 14_400.0, 120.0, 1500.0, 250.0),
                &[(5, 700.0), (60, 400.0)],
            ),
            s(405, nov(29), Run, 1800.0, 5.0, f64::NEG_INFINITY, 30.0),
        ],
    };
    DigestInput {
        title: "Tuesday Club".into(),
        week: "2026-W48".parse().unwrap(),
        athletes: vec![dan, chloe, ben, ana],
    }
}

fn athlete<'a>(d: &'a Digest, name: &str) -> &'a AthleteWeek {
    d.athletes.iter().find(|a| a.name == name).unwrap()
}

/// (rank, name, tied, active) per line.
fn lines(board: &[Rank]) -> Vec<(u32, &str, bool, bool)> {
    board
        .iter()
        .map(|r| (r.rank, r.name.as_str(), r.tied, r.active))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn totals_per_athlete_and_sport() {
    let d = compute(&fixture());
    assert_eq!(d.week, "2026-W48");
    assert_eq!(
        (d.monday.as_str(), d.sunday.as_str()),
        ("2026-11-23", "2026-11-29")
    );
    let names: Vec<&str> = d.athletes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Ana", "Ben", "Chloé", "Dan"]);

    // Ana: 3000 + 5400 + 1800 = 10 200 s; 10 + 45 = 55 km; 40 + 300 = 340 m;
    // 55 + 90 + 20 = 165; Mon, Tue, Wed = 3 days. Nov 22 and 30 left out.
    let ana = athlete(&d, "Ana");
    let all = ana.totals.all;
    assert_eq!(all.sessions, 3);
    assert!(close(all.time_s, 10_200.0) && close(all.distance_m, 55_000.0));
    assert!(close(all.elevation_m, 340.0) && close(all.load, 165.0));
    assert_eq!(ana.totals.days_trained, 3);
    let sports: Vec<(Sport, u32, f64)> = ana
        .totals
        .by_sport
        .iter()
        .map(|s| (s.sport, s.amounts.sessions, s.amounts.load))
        .collect();
    assert_eq!(
        sports,
        [
            (Sport::Ride, 1, 90.0),
            (Sport::Run, 1, 55.0),
            (Sport::Strength, 1, 20.0)
        ]
    );
    let ids: Vec<i64> = ana.sessions.iter().map(|s| s.activity_id).collect();
    assert_eq!(ids, [105, 106, 107]);

    // Ben: 4000 + 2540 + 3650 = 10 190 s; 40 + 3 + 12.5 = 55.5 km;
    // 400 + 0 (NaN) + 100 = 500 m; 80 + 30 + 75 = 185.
    let ben = athlete(&d, "Ben").totals.all;
    assert!(close(ben.time_s, 10_190.0) && close(ben.distance_m, 55_500.0));
    assert!(close(ben.elevation_m, 500.0) && close(ben.load, 185.0));

    let chloe = athlete(&d, "Chloé");
    assert_eq!(chloe.totals.all, Amounts::default());
    assert!(chloe.totals.by_sport.is_empty() && chloe.sessions.is_empty());

    // Dan: 14 400 + 1800 = 16 200 s; 125 km; 1500 + 0 (−∞) m; 280.
    let dan = athlete(&d, "Dan").totals.all;
    assert!(close(dan.time_s, 16_200.0) && close(dan.distance_m, 125_000.0));
    assert!(close(dan.elevation_m, 1500.0) && close(dan.load, 280.0));

    // Group: 8 sessions, 36 590 s, 235.5 km, 2340 m, 630, 3 + 3 + 0 + 2 = 8
    // athlete-days. Ride: Ana 90 + Ben 80 + Dan 250 = 420 over 205 km;
    // Run: 55 + 75 + 30 = 160 over 27.5 km; Swim 30; Strength 20.
    let g = &d.group;
    assert_eq!((g.all.sessions, g.days_trained), (8, 8));
    assert!(close(g.all.time_s, 36_590.0) && close(g.all.distance_m, 235_500.0));
    assert!(close(g.all.elevation_m, 2340.0) && close(g.all.load, 630.0));
    let by: Vec<(Sport, u32, f64, f64)> = g
        .by_sport
        .iter()
        .map(|s| {
            (
                s.sport,
                s.amounts.sessions,
                s.amounts.distance_m,
                s.amounts.load,
            )
        })
        .collect();
    assert_eq!(
        by,
        [
            (Sport::Ride, 3, 205_000.0, 420.0),
            (Sport::Run, 3, 27_500.0, 160.0),
            (Sport::Swim, 1, 3_000.0, 30.0),
            (Sport::Strength, 1, 0.0, 20.0),
        ]
    );
}

#[test]
fn the_week_against_the_previous_four() {
    let d = compute(&fixture());
    // Ana, W44–W47: Oct 26 run, Nov 20 run, Nov 21 ride, Nov 22 ride (Oct 25
    // is W43). Time 3600 + 2900 + 3600 + 7200 = 17 300 → mean 4325;
    // (10 200 − 4325) / 4325 = +135.8 %. Distance 12 + 10 + 30 + 60 = 112 km
    // → 28 km; +96.4 %. Load 70 + 60 + 50 + 100 = 280 → 70; +135.7 %.
    let t = athlete(&d, "Ana").trend;
    assert!(close(t.time_s.previous_mean, 4325.0));
    assert!((t.time_s.change_pct.unwrap() - 135.838).abs() < 0.01);
    assert!(close(t.distance_m.previous_mean, 28_000.0));
    assert!((t.distance_m.change_pct.unwrap() - 96.429).abs() < 0.01);
    assert!(close(t.load.previous_mean, 70.0));
    assert!((t.load.change_pct.unwrap() - 135.714).abs() < 0.01);
    // Chloé: 60 load on Nov 22 → mean 15; this week 0 → −100 %.
    let c = athlete(&d, "Chloé").trend.load;
    assert_eq!(
        (c.this_week, c.previous_mean, c.change_pct),
        (0.0, 15.0, Some(-100.0))
    );
    // Group load: 280 + 90 + 60 + 200 = 630 → 157.5; 630 is +300 %.
    let g = d.group_trend;
    assert!(close(g.load.previous_mean, 157.5));
    assert!(close(g.load.change_pct.unwrap(), 300.0));
    // Time: 17 300 + 5000 + 3600 + 14 400 = 40 300 → 10 075; +263.2 %.
    assert!((g.time_s.change_pct.unwrap() - 263.176).abs() < 0.01);
    // No history at all: no percentage.
    let mut one = fixture();
    one.athletes.retain(|a| a.name == "Ana");
    one.athletes[0].sessions.retain(|s| s.date >= nov(23));
    let t = compute(&one).athletes[0].trend;
    assert_eq!(t.load.change_pct, None);
    assert_eq!(t.load.previous_mean, 0.0);
}

#[test]
fn leaderboards_rank_with_ties() {
    let d = compute(&fixture());
    let lb = &d.leaderboard;
    // Time, whole minutes: Dan 270, Ana 170, Ben 169.8 → 170 (tie, by name),
    // Chloé idle.
    assert_eq!(
        lines(&lb.time),
        [
            (1, "Dan", false, true),
            (2, "Ana", true, true),
            (2, "Ben", true, true),
            (4, "Chloé", false, false)
        ]
    );
    // Distance, 0.1 km: Dan 125.0, Ben 55.5, Ana 55.0.
    assert_eq!(
        lines(&lb.distance),
        [
            (1, "Dan", false, true),
            (2, "Ben", false, true),
            (3, "Ana", false, true),
            (4, "Chloé", false, false)
        ]
    );
    // Load: Dan 280, Ben 185, Ana 165.
    let load: Vec<(u32, &str)> = lb.load.iter().map(|r| (r.rank, r.name.as_str())).collect();
    assert_eq!(load, [(1, "Dan"), (2, "Ben"), (3, "Ana"), (4, "Chloé")]);
    // Days: Ana 3, Ben 3 (tie, competition ranking → next is 3), Dan 2.
    assert_eq!(
        lines(&lb.consistency),
        [
            (1, "Ana", true, true),
            (1, "Ben", true, true),
            (3, "Dan", false, true),
            (4, "Chloé", false, false)
        ]
    );
    assert_eq!(lb.consistency[0].value, 3.0);

    // Two idle athletes share the rank after the active ones.
    let mut input = fixture();
    input.athletes.push(AthleteHistory {
        athlete_id: 5,
        name: "Abe".into(),
        sessions: vec![],
    });
    let lb = compute(&input).leaderboard;
    let tail: Vec<(u32, &str, bool)> = lb.load[3..]
        .iter()
        .map(|r| (r.rank, r.name.as_str(), r.tied))
        .collect();
    assert_eq!(tail, [(4, "Abe", true), (4, "Chloé", true)]);
}

#[test]
fn highlights_longest_hardest_bests_and_streaks() {
    let d = compute(&fixture());
    let kinds: Vec<(HighlightKind, &str)> = d
        .highlights
        .iter()
        .map(|h| (h.kind, h.athlete.as_str()))
        .collect();
    use HighlightKind::*;
    assert_eq!(
        kinds,
        [
            (LongestSession, "Dan"),
            (HardestSession, "Dan"),
            (PowerBest, "Ana"),
            (PowerBest, "Ana"),
            (PaceBest, "Ben"),
            (DayStreak, "Ana"),
            (WeekStreak, "Dan"),
        ]
    );
    let h = &d.highlights;
    // Dan's 4 h ride, load 250.
    assert_eq!(h[0].value, 14_400.0);
    assert_eq!(h[0].session.as_ref().unwrap().activity_id, 404);
    assert_eq!(h[1].value, 250.0);
    // Ana: 1 min 520 W (was 500), 5 min 335 W (was 320).
    assert_eq!(
        (h[2].duration_s, h[2].value, h[2].previous),
        (Some(60), 520.0, Some(500.0))
    );
    assert_eq!(
        (h[3].duration_s, h[3].value, h[3].previous),
        (Some(300), 335.0, Some(320.0))
    );
    assert_eq!(h[3].session.as_ref().unwrap().activity_id, 106);
    // Ben: 292 s/km over 10 km+, was 300.
    assert_eq!(h[4].distance_m, Some(10_000.0));
    assert!(close(h[4].value, 292.0) && close(h[4].previous.unwrap(), 300.0));
    // Ana: Nov 20–25, six days; Dan: W44–W48, five weeks.
    assert_eq!(
        (h[5].value, h[5].since.as_deref()),
        (6.0, Some("2026-11-20"))
    );
    assert_eq!(
        (h[6].value, h[6].since.as_deref()),
        (5.0, Some("2026-10-26"))
    );
    assert_eq!(athlete(&d, "Ana").streak_days, 6);
    assert_eq!(athlete(&d, "Ana").streak_weeks, 2);
    assert_eq!(athlete(&d, "Dan").streak_weeks, 5);
    assert_eq!(athlete(&d, "Chloé").streak_days, 0);
}

#[test]
fn longest_session_ties_go_to_the_earlier_day_then_lower_id() {
    let mut input = fixture();
    // Ben gets a 4 h ride on Tuesday too, with a higher id than Dan's: Dan
    // keeps it. On Monday, Ben would take it.
    let ben = input.athletes.iter_mut().find(|a| a.name == "Ben").unwrap();
    ben.sessions
        .push(s(499, nov(24), Sport::Ride, 14_400.0, 100.0, 0.0, 10.0));
    assert_eq!(compute(&input).highlights[0].athlete, "Dan");
    let ben = input.athletes.iter_mut().find(|a| a.name == "Ben").unwrap();
    ben.sessions.last_mut().unwrap().date = nov(23);
    assert_eq!(compute(&input).highlights[0].athlete, "Ben");
}

#[test]
fn chart_rows_are_load_by_bucket_highest_first() {
    let d = compute(&fixture());
    assert_eq!(
        chart_rows(&d),
        [
            ("Dan".to_string(), [250.0, 30.0, 0.0, 0.0, 0.0]),
            ("Ben".to_string(), [80.0, 75.0, 30.0, 0.0, 0.0]),
            ("Ana".to_string(), [90.0, 55.0, 0.0, 20.0, 0.0]),
            ("Chloé".to_string(), [0.0; 5]),
        ]
    );
    assert_eq!(bucket(Sport::Hike), 4);
    assert_eq!(bucket(Sport::Strength), 3);
}

#[test]
fn order_of_input_does_not_matter_and_json_round_trips() {
    let d = compute(&fixture());
    let mut shuffled = fixture();
    shuffled.athletes.reverse();
    for a in &mut shuffled.athletes {
        a.sessions.reverse();
    }
    assert_eq!(compute(&shuffled), d);
    let json = serde_json::to_string(&d).unwrap();
    let back: Digest = serde_json::from_str(&json).unwrap();
    assert_eq!(back, d);
}

#[test]
fn empty_group_and_bad_numbers_do_not_break() {
    let empty = DigestInput {
        title: "Nobody".into(),
        week: "2026-W01".parse().unwrap(),
        athletes: vec![],
    };
    let d = compute(&empty);
    assert!(d.athletes.is_empty() && d.highlights.is_empty() && d.chart.is_empty());
    assert_eq!(d.monday, "2025-12-29");
    assert!(render_markdown(&d, Units::Metric, None)
        .unwrap()
        .contains("No training this week."));
    render_html(&d, Units::Imperial, None).unwrap();
    render_whatsapp(&d, Units::Metric).unwrap();

    let mut bad = s(1, nov(24), Sport::Run, f64::NAN, f64::INFINITY, -3.0, -1.0);
    bad.power_curve = vec![(5, f32::NAN), (60, -10.0)];
    let input = DigestInput {
        title: "Solo".into(),
        week: "2026-W48".parse().unwrap(),
        athletes: vec![AthleteHistory {
            athlete_id: 9,
            name: "Zed".into(),
            sessions: vec![bad],
        }],
    };
    let d = compute(&input);
    assert_eq!(d.group.all.sessions, 1);
    assert_eq!(
        (d.group.all.time_s, d.group.all.distance_m, d.group.all.load),
        (0.0, 0.0, 0.0)
    );
    assert!(d.highlights.is_empty(), "{:?}", d.highlights);
}

#[test]
fn iso_weeks_parse_and_print() {
    let w: IsoWeek = "2026-W01".parse().unwrap();
    assert_eq!(w.monday(), date(2025, 12, 29));
    assert_eq!(w.sunday(), date(2026, 1, 4));
    assert_eq!(w.to_string(), "2026-W01");
    assert_eq!(
        "2026-w48".parse::<IsoWeek>().unwrap().to_string(),
        "2026-W48"
    );
    assert_eq!(
        "2020-W53".parse::<IsoWeek>().unwrap().monday(),
        date(2020, 12, 28)
    );
    assert_eq!(
        IsoWeek::containing(date(2021, 1, 3)).to_string(),
        "2020-W53"
    );
    assert_eq!(w.previous().to_string(), "2025-W52");
    for bad in ["2021-W53", "2026-W00", "garbage", "2026-W1", "2026W48", ""] {
        let e = bad.parse::<IsoWeek>().unwrap_err();
        assert!(
            matches!(&e, DigestError::BadWeek { input, .. } if input == bad),
            "{bad}: {e:?}"
        );
        assert!(e.to_string().contains(bad), "{e}");
    }
}

#[test]
fn markdown_html_and_whatsapp() {
    let d = compute(&fixture());
    let md = render_markdown(&d, Units::Metric, Some("digest-2026-W48.png")).unwrap();
    for line in [
        "# Tuesday Club: weekly digest 2026-W48",
        "_23–29 Nov 2026 · 4 athletes_",
        "![Load this week](digest-2026-W48.png)",
        "| 1 | Dan | 4h 30m |",
        "| =2 | Ana | 2h 50m |",
        "| =2 | Ben | 2h 50m |",
        "| 4 | Chloé | — |",
        "| 2 | Ben | 55.5 km |",
        "| =1 | Ana | 3 |",
        "| **Total** | **8** | **10h 10m** | **235.5 km** | **2340 m** | **630** |",
        "| Load | 630 | 158 | +300% |",
        "| Strength | 1 | 30m | — | 0 m | 20 |",
        "- **Dan**: longest session: Ride 404 (Ride, 4h 00m) on Tue 24 Nov",
        "- **Ana**: new 1 min power best: 520 W (was 500 W) on Tue 24 Nov",
        "- **Ben**: fastest run over 10 km: 4:52 /km (was 5:00 /km) on Sat 28 Nov",
        "- **Ana**: 6 days in a row of training since Fri 20 Nov",
        "- **Dan**: 5 weeks in a row with training",
    ] {
        assert!(md.contains(line), "missing {line:?} in\n{md}");
    }
    let mi = render_markdown(&d, Units::Imperial, None).unwrap();
    assert!(
        mi.contains("| 2 | Ben | 34.5 mi |") && !mi.contains("!["),
        "{mi}"
    );

    let mut input = fixture();
    input.athletes[0].name = "<script>alert(1)</script>".into();
    input.title = "Club & <b>".into();
    let d2 = compute(&input);
    let html = render_html(&d2, Units::Metric, Some("chart.png")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script>") && !html.contains("& <b>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "{html}"
    );
    assert!(html.contains("Club &amp; &lt;b&gt;"));
    assert!(html.contains("<img class=\"chart\" src=\"chart.png\""));
    assert!(html.contains("<td>Ben</td><td class=\"n\">55.5 km</td>"));
    let md2 = render_markdown(&d2, Units::Metric, None).unwrap();
    assert!(!md2.contains("<script>"), "{md2}");

    let wa = render_whatsapp(&d, Units::Metric).unwrap();
    if let Ok(dir) = std::env::var("PACELINE_DIGEST_OUT") {
        let _ = std::fs::write(format!("{dir}/fixture.md"), &md);
        let _ = std::fs::write(format!("{dir}/fixture.html"), &html);
        let _ = std::fs::write(format!("{dir}/fixture.txt"), &wa);
    }
    assert!(!wa.contains('#') && !wa.contains('|'), "{wa}");
    for line in [
        "*Tuesday Club: week 2026-W48*",
        "8 sessions · 10h 10m · 235.5 km · load 630",
        "*Time*",
        "=2. Ana: 2h 50m",
        "- Strength: 30m\n",
        "*Highlights*",
        "- Ana: new 5 min power best: 335 W (was 320 W) on Tue 24 Nov",
    ] {
        assert!(wa.contains(line), "missing {line:?} in\n{wa}");
    }
    // The top three only, and no idle athletes.
    assert!(!wa.contains("Chloé"), "{wa}");
}

#[test]
fn one_athlete_digest_lists_sessions_not_boards() {
    let mut input = fixture();
    input.athletes.retain(|a| a.name == "Ana");
    input.title = "Ana".into();
    let d = compute(&input);
    let md = render_markdown(&d, Units::Metric, None).unwrap();
    assert!(
        !md.contains("## Leaderboard") && md.contains("## Sessions"),
        "{md}"
    );
    assert!(md.contains("| Tue 24 Nov | Ride | Ride 106 | 1h 30m | 45.0 km | 300 m | 90 |"));
    assert!(md.contains("3 days trained"));
}

#[test]
fn fifty_athletes_two_years() {
    let t0 = std::time::Instant::now();
    let input = synthetic_input(50, 2, 42);
    assert_eq!(synthetic_input(50, 2, 42), input, "deterministic");
    let built = t0.elapsed();
    let n: usize = input.athletes.iter().map(|a| a.sessions.len()).sum();
    assert!((25_000..45_000).contains(&n), "{n} sessions");
    let t1 = std::time::Instant::now();
    let d = compute(&input);
    let computed = t1.elapsed();
    let md = render_markdown(&d, Units::Metric, Some("chart.png")).unwrap();
    let html = render_html(&d, Units::Metric, Some("chart.png")).unwrap();
    let wa = render_whatsapp(&d, Units::Metric).unwrap();
    let rendered = t1.elapsed();
    let rows = chart_rows(&d);
    let svg = paceline_charts::digest_load_svg(
        &rows,
        paceline_types::Theme::Light,
        900,
        paceline_charts::digest_load_height(rows.len()),
    )
    .unwrap();
    let png = paceline_charts::svg_to_png(&svg, 1.0).unwrap();
    let total = t1.elapsed();
    eprintln!(
        "50 athletes × 2 years, {n} sessions: input {built:?}, compute {computed:?}, \
         + render {rendered:?}, + chart {total:?} (SVG {} kB, PNG {} kB)",
        svg.len() / 1000,
        png.len() / 1000
    );
    assert_eq!(d.athletes.len(), 50);
    assert_eq!(d.leaderboard.time.len(), 50);
    assert!(d.group.all.sessions > 200, "{}", d.group.all.sessions);
    assert!(d.highlights.len() >= 2);
    for a in &d.athletes {
        assert!(md.contains(&a.name) && html.contains(&a.name));
    }
    assert!(wa.len() < 4000, "{} chars", wa.len());
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // A big group's page lists the first 20 highlights and counts the rest.
    let listed = md.lines().filter(|l| l.starts_with("- **")).count();
    if d.highlights.len() > 20 {
        assert_eq!(listed, 20);
        assert!(md.contains(&format!("…and {} more", d.highlights.len() - 20)));
    } else {
        assert_eq!(listed, d.highlights.len());
    }
}
