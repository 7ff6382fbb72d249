use jiff::civil::date;
use paceline_garmin::mappers::morning_readiness;
use paceline_garmin::{
    EndCondition, Sport, Step, StepKind, Target, UploadOutcome, Workout, WorkoutStep,
};

use crate::{activities, corpus, setup};

#[tokio::test]
async fn profile_and_settings_from_the_recordings() {
    let Some((_fake, client)) = setup().await else {
        return;
    };
    let p = client.profile().await.unwrap();
    assert_eq!(
        (p.display_name.as_deref(), p.profile_id),
        (Some("mtamizi"), Some(2591602))
    );
    let s = client.user_settings().await.unwrap();
    assert_eq!(s.measurement_system.as_deref(), Some("metric"));
    assert_eq!(s.weight_kg, Some(83.0)); // 83000.0 g
    assert_eq!(s.birth_date, Some(date(2000, 1, 1)));
}

#[tokio::test]
async fn incremental_listing_and_download_of_one_new_activity() {
    let Some((fake, client)) = setup().await else {
        return;
    };
    fake.set_activities(activities(200));
    // last synced: 1198; Garmin now has 1199 too
    let new = client.list_activities_since(Some(1198), 20).await.unwrap();
    assert_eq!(new.iter().map(|a| a.id).collect::<Vec<_>>(), vec![1199]);
    let f = client.download_original(1199).await.unwrap();
    assert_eq!(f.file_name, "1199_ACTIVITY.fit");
    let root = corpus().unwrap();
    // activity 199 of the set: 199 % 3 == 1 → the second FIT file, byte for byte
    let want = std::fs::read(root.join("fit/garth_12129115726_ACTIVITY.fit")).unwrap();
    assert!(
        f.bytes == want,
        "the unzipped FIT differs from the one zipped"
    );
    assert_eq!(client.requests(), 2, "{:?}", fake.hits());
}

#[tokio::test]
async fn paging_a_reordered_list_with_a_duplicate() {
    let Some((fake, client)) = setup().await else {
        return;
    };
    fake.set_activities(activities(45));
    fake.set_reordered(true);
    fake.set_duplicate(Some(1040));
    // ids 1044..=1020 are new; 1019 is on page 2 (reversed)
    let new = client.list_activities_since(Some(1019), 20).await.unwrap();
    let ids: Vec<i64> = new.iter().map(|a| a.id).collect();
    assert_eq!(ids, (1020..=1044).rev().collect::<Vec<_>>());
    assert_eq!(client.requests(), 2);
    // no cursor: the whole history, once each
    let all = client.list_activities_since(None, 20).await.unwrap();
    assert_eq!(all.len(), 45);
}

#[tokio::test]
async fn activity_detail_maps_the_summary() {
    let Some((fake, client)) = setup().await else {
        return;
    };
    fake.set_activities(activities(1));
    let a = client.activity(1000).await.unwrap();
    assert_eq!(a.id, 1000);
    assert_eq!(a.type_key.as_deref(), Some("trail_running"));
    assert_eq!(a.distance_m, Some(4261.19));
    assert_eq!(a.normalized_power, Some(226.0));
    assert_eq!(a.start_gmt, Some("2026-01-08T14:10:21Z".parse().unwrap()));
}

#[tokio::test]
async fn wellness_endpoints_map_the_recordings() {
    let Some((fake, client)) = setup().await else {
        return;
    };
    let d = date(2025, 7, 6);
    let sleep = client.sleep_day(d).await.unwrap().unwrap();
    assert_eq!(sleep.sleep_s, Some(24208));
    assert_eq!(
        (sleep.deep_s, sleep.light_s, sleep.rem_s, sleep.awake_s),
        (Some(5340), Some(12240), Some(6660), Some(180))
    );
    assert_eq!(sleep.score, Some(83));
    let hrv = client.hrv_day(date(2023, 7, 19)).await.unwrap().unwrap();
    assert_eq!(
        (hrv.last_night_avg, hrv.weekly_avg, hrv.status.as_deref()),
        (Some(43.0), Some(39.0), Some("BALANCED"))
    );
    fake.no_hrv_on("2023-07-20");
    assert!(client.hrv_day(date(2023, 7, 20)).await.unwrap().is_none());
    // 2023-06-23..2023-07-20 is 28 days: one request
    let before = client.requests();
    let range = client
        .hrv_range(date(2023, 6, 23), date(2023, 7, 20))
        .await
        .unwrap();
    assert_eq!(range.len(), 28);
    assert_eq!(client.requests() - before, 1);
    // 29 days: two requests
    let before = client.requests();
    let steps = client
        .steps_range(date(2023, 7, 1), date(2023, 7, 29))
        .await
        .unwrap();
    assert_eq!(client.requests() - before, 2);
    assert_eq!(steps[0].steps, Some(12413));
    let rhr = client
        .resting_hr_range(date(2026, 1, 1), date(2026, 1, 10))
        .await
        .unwrap();
    assert_eq!(rhr.len(), 10);
    let stress = client
        .stress_range(date(2023, 6, 23), date(2023, 7, 20))
        .await
        .unwrap();
    assert_eq!(stress[0].avg, Some(43.0));
    let sd = client
        .stress_day(date(2025, 12, 18))
        .await
        .unwrap()
        .unwrap();
    assert!(sd.avg.is_some());
    let bb = client
        .body_battery_range(date(2023, 7, 1), date(2023, 7, 1))
        .await
        .unwrap();
    assert_eq!(
        (bb[0].charged, bb[0].drained, bb[0].highest),
        (Some(23.0), Some(23.0), None)
    );
    let resp = client
        .respiration_day(date(2023, 7, 1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((resp.avg_waking, resp.lowest), (Some(13.0), Some(10.0)));
    let spo2 = client.spo2_day(date(2023, 7, 1)).await.unwrap().unwrap();
    assert_eq!((spo2.average, spo2.lowest), (Some(95.0), Some(91.0)));
    let w = client
        .weight_range(date(2025, 6, 1), date(2025, 6, 15))
        .await
        .unwrap();
    assert_eq!(w[0].weight_kg, Some(59.72));
    assert_eq!(w[0].muscle_mass_kg, Some(26.979));
    let tr = client.training_readiness(date(2025, 7, 7)).await.unwrap();
    assert_eq!(tr.len(), 5);
    assert_eq!(morning_readiness(&tr).unwrap().score, Some(80));
    let sum = client
        .daily_summary(date(2025, 6, 13))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((sum.steps, sum.resting_hr), (Some(11400), Some(49.0)));
}

#[tokio::test]
async fn workouts_are_created_and_scheduled_and_files_uploaded() {
    let Some((_fake, client)) = setup().await else {
        return;
    };
    let step = |kind, end, target| Step { kind, end, target };
    let w = Workout {
        name: "5×3′ threshold".into(),
        sport: Sport::Running,
        description: None,
        steps: vec![
            WorkoutStep::Step(step(
                StepKind::Warmup,
                EndCondition::TimeSecs(600),
                Target::None,
            )),
            WorkoutStep::Repeat {
                times: 5,
                steps: vec![
                    step(
                        StepKind::Interval,
                        EndCondition::TimeSecs(180),
                        Target::HeartRate {
                            low_bpm: 165,
                            high_bpm: 175,
                        },
                    ),
                    step(StepKind::Recovery, EndCondition::TimeSecs(60), Target::None),
                ],
            },
            WorkoutStep::Step(step(
                StepKind::Cooldown,
                EndCondition::LapButton,
                Target::None,
            )),
        ],
    };
    let (c, s) = client.push_workout(&w, date(2026, 3, 2)).await.unwrap();
    assert_eq!(c.raw["estimatedDurationInSecs"], 600 + 5 * 240);
    assert_eq!(s.date, Some(date(2026, 3, 2)));
    let fit = std::fs::read(corpus().unwrap().join("fit/pf_garmin-fenix-5-run.fit")).unwrap();
    let first = client.upload_activity("run.fit", &fit).await.unwrap();
    assert!(
        matches!(
            first,
            UploadOutcome::Accepted {
                upload_id: Some(212157427938),
                ..
            }
        ),
        "{first:?}"
    );
    let again = client.upload_activity("run.fit", &fit).await.unwrap();
    assert!(
        matches!(
            again,
            UploadOutcome::Duplicate {
                existing_activity_id: Some(20242598711),
                ..
            }
        ),
        "{again:?}"
    );
}
