use super::{c, cat, close};
use paceline_load::thresholds::*;
use paceline_load::Sport;

#[test]
fn dated_lookup_and_fallback() {
    let mut h = ThresholdHistory::new();
    h.set(Some(Sport::Bike), ThresholdKind::Ftp, 200, 270.0);
    h.set(Some(Sport::Bike), ThresholdKind::Ftp, 100, 250.0);
    h.set(None, ThresholdKind::Weight, 0, 70.0);
    h.set(Some(Sport::Bike), ThresholdKind::Ftp, 300, f32::NAN); // ignored
    assert_eq!(h.get(Sport::Bike, ThresholdKind::Ftp, 99), None);
    assert_eq!(h.get(Sport::Bike, ThresholdKind::Ftp, 100), Some(250.0));
    assert_eq!(h.get(Sport::Bike, ThresholdKind::Ftp, 199), Some(250.0));
    assert_eq!(h.get(Sport::Bike, ThresholdKind::Ftp, 200), Some(270.0));
    assert_eq!(h.get(Sport::Bike, ThresholdKind::Ftp, 10_000), Some(270.0));
    assert_eq!(h.get(Sport::Run, ThresholdKind::Ftp, 250), None);
    // All-sports entry as fallback, overridden by a sport-specific one.
    assert_eq!(h.get(Sport::Run, ThresholdKind::Weight, 5), Some(70.0));
    h.set(Some(Sport::Run), ThresholdKind::Weight, 0, 68.0);
    assert_eq!(h.get(Sport::Run, ThresholdKind::Weight, 5), Some(68.0));
    // Same day replaces; remove works.
    h.set(Some(Sport::Bike), ThresholdKind::Ftp, 200, 275.0);
    assert_eq!(h.get(Sport::Bike, ThresholdKind::Ftp, 200), Some(275.0));
    assert!(h.remove(Some(Sport::Bike), ThresholdKind::Ftp, 200));
    assert_eq!(h.get(Sport::Bike, ThresholdKind::Ftp, 200), Some(250.0));
    assert_eq!(h.entries().len(), 3); // bike FTP@100, weight (all), run weight
    let h2 = ThresholdHistory::from_entries(h.entries().to_vec());
    assert_eq!(h2, h);
}

#[test]
fn suggestions() {
    let mut h = ThresholdHistory::new();
    h.set(Some(Sport::Bike), ThresholdKind::Ftp, 0, 250.0);
    h.set(Some(Sport::Bike), ThresholdKind::MaxHr, 0, 190.0);
    h.set(Some(Sport::Bike), ThresholdKind::Lthr, 0, 170.0);
    h.set(None, ThresholdKind::RestingHr, 0, 50.0);
    let ev = Evidence {
        best_20min_w: Some(280.0), // 0.95 × 280 = 266 > 250 × 1.01
        max_hr_5s: Some(195.0),
        best_20min_hr: Some(165.0), // below LTHR: no suggestion
        resting_hr: Some(47.0),
        ..Default::default()
    };
    let s = suggest(&h, Sport::Bike, 400, &ev);
    let kinds: Vec<ThresholdKind> = s.iter().map(|x| x.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ThresholdKind::Ftp,
            ThresholdKind::MaxHr,
            ThresholdKind::RestingHr
        ]
    );
    close(s[0].suggested, 266.0, 1e-3);
    assert_eq!((s[0].current, s[0].from), (Some(250.0), 400));
    assert!(s[0].reason.contains("280 W"), "{}", s[0].reason);
    // eFTP above 0.95 × 20 min wins.
    let ev = Evidence {
        eftp_w: Some(275.0),
        best_20min_w: Some(280.0),
        ..Default::default()
    };
    let s = suggest(&h, Sport::Bike, 400, &ev);
    close(s[0].suggested, 275.0, 1e-4);
    assert!(s[0].reason.contains("Estimated FTP"));
    // Within 1 %: nothing.
    let ev = Evidence {
        eftp_w: Some(251.0),
        ..Default::default()
    };
    assert!(suggest(&h, Sport::Bike, 400, &ev).is_empty());
    // Never-set thresholds are always suggested (run pace here).
    let ev = Evidence {
        best_30min_speed_ms: Some(4.0),
        ..Default::default()
    };
    let s = suggest(&h, Sport::Run, 400, &ev);
    assert_eq!(s[0].kind, ThresholdKind::ThresholdSpeed);
    assert_eq!(s[0].current, None);
    let s = suggest(
        &h,
        Sport::Swim,
        1,
        &Evidence {
            css_ms: Some(1.05),
            ..Default::default()
        },
    );
    assert_eq!(s[0].kind, ThresholdKind::Css);
}

#[test]
fn evidence_from_streams() {
    // 25 min at 300 W then 5 min easy; HR 170 during the effort.
    let p = cat(&[c(300.0, 1500), c(100.0, 300)]);
    let h = cat(&[c(170.0, 1500), c(120.0, 300)]);
    let ev = Evidence::from_streams(&p, &h, &[]);
    close(ev.best_20min_w.unwrap(), 300.0, 1e-3);
    close(ev.max_hr_5s.unwrap(), 170.0, 1e-3);
    close(ev.best_20min_hr.unwrap(), 170.0, 1e-3);
    // Flat effort → W′ ≈ 0 → no credible CP fit.
    assert_eq!(ev.eftp_w, None);
    assert_eq!(ev.best_30min_speed_ms, None);
    let e = Evidence::from_streams(&[], &[], &[]);
    assert_eq!(e, Evidence::default());
}
