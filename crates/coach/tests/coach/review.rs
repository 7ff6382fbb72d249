use paceline_coach::report::{escape, render_html, Report, ReportChart, ReportStep};
use paceline_coach::review::{
    recommendations, rule_review, FormChange, PlannedWeek, WeekFacts, WellnessWeek,
};
use paceline_plan::Date;

fn week() -> WeekFacts {
    let monday = Date::parse("2027-02-22").unwrap();
    WeekFacts {
        week: monday.iso_week(),
        monday,
        sunday: monday.plus(6),
        sessions: 4,
        minutes: 300.0,
        distance_km: 42.0,
        load: 310.0,
        by_sport: Vec::new(),
        key_sessions: Vec::new(),
        planned: Some(PlannedWeek {
            workouts: 5,
            due: 5,
            done: 3,
            missed: 2,
            minutes: 360.0,
            load: 350.0,
            adherence_pct: Some(58.0),
        }),
        form: Some(FormChange {
            ctl_before: 40.0,
            ctl_after: 49.5,
            atl_before: 50.0,
            atl_after: 80.0,
            tsb_before: -10.0,
            tsb_after: -30.0,
        }),
        wellness: WellnessWeek::default(),
        next_week: None,
    }
}

#[test]
fn the_rule_based_review_says_the_weeks_numbers_and_the_two_most_pressing_things() {
    let f = week();
    let text = rule_review(&f);
    assert!(text.starts_with(
        "Week 2027-W08 (2027-02-22 to 2027-02-28): 4 sessions, 5.0 h, 42.0 km, load 310."
    ));
    assert!(
        text.contains("3 of 5 due workouts done, 2 missed, compliance 58 %"),
        "{text}"
    );
    assert!(text.contains("CTL 40.0 → 49.5 (fitness rising)"), "{text}");
    // Low form first, then the ramp (+9.5 > 8); the low adherence is a third, left out.
    let r = recommendations(&f);
    assert_eq!(r.len(), 2);
    assert!(r[0].contains("TSB -30"), "{r:?}");
    assert!(r[1].contains("9.5 CTL"), "{r:?}");
    let mut calm = week();
    calm.form = None;
    calm.planned = None;
    assert_eq!(
        recommendations(&calm),
        vec!["Load and form are on track: keep to the plan next week.".to_string()]
    );
}

#[test]
fn the_report_escapes_text_and_refuses_a_chart_with_script() {
    assert_eq!(
        escape("<a href='x'>&\"</a>"),
        "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
    );
    let html = render_html(&Report {
        title: "Deep <b>".into(),
        subtitle: "run 1".into(),
        steps: vec![ReportStep {
            title: "Metrics view".into(),
            source: "llm".into(),
            text: "line one\n<script>x</script>\n\nsecond paragraph".into(),
        }],
        charts: vec![
            ReportChart {
                title: "PMC".into(),
                svg: "<?xml version=\"1.0\"?><svg width=\"1\"></svg>".into(),
            },
            ReportChart {
                title: "bad".into(),
                svg: "<svg><script>alert(1)</script></svg>".into(),
            },
        ],
        proposal: vec!["make the run on 2027-03-02 easy".into()],
    });
    assert!(html.contains("<figure><svg width=\"1\"></svg>"));
    assert!(!html.contains("<?xml"));
    assert!(!html.contains("<script"));
    assert!(html.contains("<p>line one<br>\n&lt;script&gt;x&lt;/script&gt;</p>"));
    assert!(html.contains("<p>second paragraph</p>"));
    assert!(html.contains("<title>Deep &lt;b&gt;</title>"));
    assert_eq!(html.matches("<figure>").count(), 1);
}
