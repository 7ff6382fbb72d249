//! The vault's migrations, oldest first (see `migrations.rs` for how they run). Append
//! only: a shipped migration is never edited or renamed.

use crate::migrations::Migration;

pub(crate) const MIGRATIONS: &[Migration] = &[
    // 1: athletes, activities with laps and columnar streams, the original files, settings.
    Migration {
        name: "2026-06-10-activities",
        sql: r#"
    CREATE TABLE athlete (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created_utc INTEGER NOT NULL
    );
    CREATE TABLE activity (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        name TEXT NOT NULL,
        sport TEXT NOT NULL,
        sub_sport TEXT,
        start_utc INTEGER NOT NULL,
        utc_offset_s INTEGER NOT NULL DEFAULT 0,
        elapsed_s REAL NOT NULL,
        moving_s REAL NOT NULL,
        distance_m REAL,
        ascent_m REAL,
        descent_m REAL,
        avg_hr REAL,
        max_hr REAL,
        avg_power REAL,
        max_power REAL,
        avg_speed_mps REAL,
        avg_cadence REAL,
        calories REAL,
        device TEXT,
        source_format TEXT NOT NULL,
        content_hash BLOB NOT NULL,
        sample_count INTEGER NOT NULL,
        warnings TEXT NOT NULL DEFAULT '[]',
        imported_utc INTEGER NOT NULL,
        UNIQUE (athlete_id, content_hash)
    );
    CREATE INDEX activity_by_start ON activity(athlete_id, start_utc);
    CREATE TABLE lap (
        activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start_utc INTEGER NOT NULL,
        elapsed_s REAL NOT NULL,
        distance_m REAL,
        avg_hr REAL,
        avg_power REAL,
        avg_speed_mps REAL,
        PRIMARY KEY (activity_id, idx)
    );
    CREATE TABLE stream (
        activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        encoding INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (activity_id, kind)
    );
    CREATE TABLE source_file (
        activity_id INTEGER PRIMARY KEY REFERENCES activity(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        byte_len INTEGER NOT NULL,
        deflated BLOB NOT NULL
    );
    CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    },
    // 2: training load: dated thresholds, per-activity metrics, daily wellness.
    Migration {
        name: "2026-07-02-training-load",
        sql: r#"
    CREATE TABLE threshold (
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        sport TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        from_day INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (athlete_id, sport, kind, from_day)
    );
    CREATE TABLE activity_metrics (
        activity_id INTEGER PRIMARY KEY REFERENCES activity(id) ON DELETE CASCADE,
        load REAL,
        load_source TEXT,
        json TEXT NOT NULL
    );
    CREATE TABLE wellness (
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        day INTEGER NOT NULL,
        hrv_rmssd_ms REAL,
        resting_hr REAL,
        sleep_s REAL,
        sleep_score REAL,
        PRIMARY KEY (athlete_id, day)
    );
    "#,
    },
    // 3: everything a recording carries beyond the core streams, and the other files
    // of the same recording (a TCX beside its FIT) linked to the activity they match.
    Migration {
        name: "2026-07-20-extras-and-linked-files",
        sql: r#"
    CREATE TABLE leg (
        activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        sport TEXT NOT NULL,
        sub_sport TEXT,
        start_utc INTEGER NOT NULL,
        elapsed_s REAL NOT NULL,
        moving_s REAL NOT NULL,
        distance_m REAL,
        avg_hr REAL,
        avg_power REAL,
        calories REAL,
        PRIMARY KEY (activity_id, idx)
    );
    CREATE TABLE extra_stream (
        activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        units TEXT NOT NULL,
        encoding INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (activity_id, key)
    );
    CREATE TABLE hrv (
        activity_id INTEGER PRIMARY KEY REFERENCES activity(id) ON DELETE CASCADE,
        beats INTEGER NOT NULL,
        rr_deflated BLOB NOT NULL
    );
    CREATE TABLE swim_length (
        activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start_utc INTEGER NOT NULL,
        elapsed_s REAL NOT NULL,
        strokes INTEGER,
        stroke TEXT,
        active INTEGER NOT NULL,
        PRIMARY KEY (activity_id, idx)
    );
    CREATE TABLE strength_set (
        activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start_utc INTEGER NOT NULL,
        duration_s REAL,
        reps INTEGER,
        weight_kg REAL,
        category INTEGER,
        active INTEGER NOT NULL,
        PRIMARY KEY (activity_id, idx)
    );
    CREATE TABLE linked_file (
        activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        content_hash BLOB NOT NULL,
        file_name TEXT NOT NULL,
        source_format TEXT NOT NULL,
        byte_len INTEGER NOT NULL,
        deflated BLOB NOT NULL,
        linked_utc INTEGER NOT NULL,
        PRIMARY KEY (activity_id, content_hash)
    );
    CREATE INDEX linked_file_by_hash ON linked_file(content_hash);
    "#,
    },
    // 4: each activity's mean-max power curve beside its metrics, so the power curve
    // and critical power come from a few KB per activity instead of every stream.
    // NULL = not computed yet; an empty blob = computed, no power.
    Migration {
        name: "2026-08-05-power-curve-column",
        sql: r#"
    ALTER TABLE activity_metrics ADD COLUMN power_curve BLOB;
    "#,
    },
    // 5: the dashboard reads every activity's load: keep the curves (2 KB each) in a
    // table of their own so metrics rows stay small, and read loads, days and sports
    // from covering indexes instead of the wide rows (a 3,000-activity history: the
    // loads query 15 ms → under 2). activity_load_days also serves start-ordered
    // queries, so it replaces activity_by_start.
    Migration {
        name: "2026-08-28-power-curve-table",
        sql: r#"
    CREATE TABLE power_curve (
        activity_id INTEGER PRIMARY KEY REFERENCES activity(id) ON DELETE CASCADE,
        curve BLOB NOT NULL
    );
    INSERT INTO power_curve SELECT activity_id, power_curve FROM activity_metrics
        WHERE power_curve IS NOT NULL;
    ALTER TABLE activity_metrics DROP COLUMN power_curve;
    CREATE INDEX activity_metrics_load ON activity_metrics(activity_id, load);
    CREATE INDEX activity_load_days ON activity(athlete_id, start_utc, utc_offset_s, sport);
    DROP INDEX activity_by_start;
    "#,
    },
    // 6: session RPE (CR-10, from the device or entered afterwards) scores workouts
    // without power, pace or heart rate; the athlete's sex weights Banister's TRIMP.
    Migration {
        name: "2026-11-20-rpe-and-sex",
        sql: r#"
    ALTER TABLE activity ADD COLUMN rpe REAL;
    ALTER TABLE athlete ADD COLUMN sex TEXT;
    "#,
    },
    // Activity summary files (the Garmin Swim, early Forerunners): totals and laps
    // without samples, the poorer of two files of one recording; and a pool swim's
    // pool length.
    Migration {
        name: "2026-12-04-summary-files",
        sql: r#"
    ALTER TABLE activity ADD COLUMN pool_length_m REAL;
    ALTER TABLE activity ADD COLUMN summary_only INTEGER NOT NULL DEFAULT 0;
    "#,
    },
    // Several athletes in one vault: an athlete can be archived (hidden, kept) and has
    // a time zone for "today"; watched folders belong to an athlete (moved out of the
    // settings JSON to the first athlete); secrets of a passphrase vault live here,
    // encrypted with the vault (a keyring vault keeps them in the OS keyring).
    Migration {
        name: "2026-12-04-athletes",
        sql: r#"
    ALTER TABLE athlete ADD COLUMN archived_utc INTEGER;
    ALTER TABLE athlete ADD COLUMN tz TEXT;
    CREATE TABLE watched_folder (
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        path TEXT NOT NULL,
        PRIMARY KEY (athlete_id, path)
    );
    INSERT INTO watched_folder(athlete_id, path)
        SELECT (SELECT min(id) FROM athlete), j.value
        FROM setting, json_each(setting.value, '$.watched_folders') AS j
        WHERE setting.key = 'settings' AND (SELECT min(id) FROM athlete) IS NOT NULL
          AND json_valid(setting.value);
    INSERT OR REPLACE INTO setting(key, value)
        SELECT 'units', json_extract(value, '$.units') FROM setting
        WHERE key = 'settings' AND json_valid(value) AND json_extract(value, '$.units') IS NOT NULL;
    DELETE FROM setting WHERE key = 'settings';
    CREATE TABLE secret (
        name TEXT PRIMARY KEY NOT NULL,
        value BLOB NOT NULL
    );
    "#,
    },
    // Finished background jobs (imports, reprocess, the demo, later sync and backups)
    // from every process, so `paceline jobs list` shows what the window ran too.
    Migration {
        name: "2026-12-05-job-runs",
        sql: r#"
    CREATE TABLE job_run (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        athlete_id INTEGER REFERENCES athlete(id),
        started_utc INTEGER NOT NULL,
        finished_utc INTEGER NOT NULL,
        state TEXT NOT NULL,
        error TEXT,
        summary TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX job_run_by_time ON job_run(finished_utc);
    "#,
    },
    // Training plans (issue 11): the athlete's brief (races, availability, equipment,
    // injuries, versioned rules, goal and checker overrides) and plans versioned with a
    // parent. Day columns are days since 1970-01-01; enums are their snake_case keys;
    // rules and workout steps are the plan format's own JSON.
    Migration {
        name: "2026-12-05-plans",
        sql: r#"
    CREATE TABLE plan_race (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        day INTEGER NOT NULL,
        name TEXT NOT NULL,
        sport TEXT NOT NULL,
        distance_km REAL,
        priority TEXT NOT NULL,
        target_time_min REAL,
        taper_days INTEGER
    );
    CREATE INDEX plan_race_by_day ON plan_race(athlete_id, day);
    CREATE TABLE plan_availability (
        athlete_id INTEGER PRIMARY KEY REFERENCES athlete(id),
        mon REAL NOT NULL, tue REAL NOT NULL, wed REAL NOT NULL, thu REAL NOT NULL,
        fri REAL NOT NULL, sat REAL NOT NULL, sun REAL NOT NULL
    );
    CREATE TABLE plan_equipment (
        athlete_id INTEGER PRIMARY KEY REFERENCES athlete(id),
        indoor_trainer INTEGER NOT NULL,
        power_meter INTEGER NOT NULL,
        treadmill INTEGER NOT NULL,
        pool_access INTEGER NOT NULL,
        pool_days TEXT,
        open_water INTEGER NOT NULL,
        indoor_only INTEGER NOT NULL,
        gym_access INTEGER NOT NULL
    );
    CREATE TABLE plan_injury (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        description TEXT NOT NULL,
        sport TEXT,
        from_day INTEGER NOT NULL,
        until_day INTEGER,
        forbidden_intensities TEXT NOT NULL,
        max_session_minutes REAL,
        forbid_sport INTEGER NOT NULL
    );
    CREATE TABLE plan_rules (
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        version INTEGER NOT NULL,
        created_utc INTEGER NOT NULL,
        rules TEXT NOT NULL,
        rules_text TEXT NOT NULL,
        PRIMARY KEY (athlete_id, version)
    );
    CREATE TABLE plan_profile (
        athlete_id INTEGER PRIMARY KEY REFERENCES athlete(id),
        sports TEXT,
        cross_training TEXT NOT NULL DEFAULT '',
        goal_ctl REAL,
        checker_config TEXT
    );
    CREATE TABLE plan_version (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        version INTEGER NOT NULL,
        parent INTEGER,
        created_utc INTEGER NOT NULL,
        reason TEXT NOT NULL,
        source TEXT NOT NULL,
        start_day INTEGER NOT NULL,
        UNIQUE (athlete_id, version)
    );
    CREATE TABLE plan_workout (
        plan_id INTEGER NOT NULL REFERENCES plan_version(id) ON DELETE CASCADE,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        seq INTEGER NOT NULL,
        day INTEGER NOT NULL,
        sport TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        duration_min REAL NOT NULL,
        tss REAL NOT NULL,
        intensity TEXT NOT NULL,
        z1 REAL NOT NULL, z2 REAL NOT NULL, z3 REAL NOT NULL, z4 REAL NOT NULL, z5 REAL NOT NULL,
        location TEXT NOT NULL,
        steps TEXT NOT NULL,
        description TEXT NOT NULL,
        race TEXT,
        PRIMARY KEY (plan_id, seq)
    );
    CREATE INDEX plan_workout_by_athlete ON plan_workout(athlete_id);
    "#,
    },
    // Routes (issue 15): each athlete's routes (points as deflated columns like the
    // activity streams: f64 positions, f32 elevation with NaN = none), their sections
    // once the athlete has edited them (no rows = the automatic split), bikes with
    // gearing, the estimate's assumptions and links from planned workouts (by day and
    // name, as plan versions copy workouts) to routes.
    Migration {
        name: "2026-12-06-routes",
        sql: r#"
    CREATE TABLE route (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        name TEXT NOT NULL,
        sport TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        source_file TEXT,
        from_activity_id INTEGER,
        created_utc INTEGER NOT NULL,
        point_count INTEGER NOT NULL,
        lat_enc INTEGER NOT NULL, lat BLOB NOT NULL,
        lon_enc INTEGER NOT NULL, lon BLOB NOT NULL,
        ele_enc INTEGER NOT NULL, ele BLOB NOT NULL,
        distance_m REAL NOT NULL,
        ascent_m REAL NOT NULL,
        descent_m REAL NOT NULL,
        sections_edited INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX route_by_athlete ON route(athlete_id);
    CREATE TABLE route_section (
        route_id INTEGER NOT NULL REFERENCES route(id) ON DELETE CASCADE,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        seq INTEGER NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        start_m REAL NOT NULL,
        end_m REAL NOT NULL,
        PRIMARY KEY (route_id, seq)
    );
    CREATE TABLE route_workout (
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        day INTEGER NOT NULL,
        workout_name TEXT NOT NULL,
        route_id INTEGER NOT NULL REFERENCES route(id) ON DELETE CASCADE,
        PRIMARY KEY (athlete_id, day, workout_name)
    );
    CREATE TABLE bike (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        name TEXT NOT NULL,
        chainrings TEXT NOT NULL,
        cassette TEXT NOT NULL,
        wheel_circumference_m REAL NOT NULL,
        min_cadence_rpm REAL NOT NULL,
        is_default INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE route_assumptions (
        athlete_id INTEGER PRIMARY KEY REFERENCES athlete(id),
        bike_kg REAL NOT NULL,
        cda_m2 REAL NOT NULL,
        crr REAL NOT NULL,
        drivetrain_loss REAL NOT NULL
    );
    "#,
    },
    // The logbook (issue 15): the athlete's own exercises; strength sessions and
    // templates (kind 'session' or 'template') with their sets, a session optionally
    // reviewing an imported activity's FIT sets (kept untouched in `strength_set`);
    // manual workouts, which are `activity` rows of source format 'manual' (no original
    // file, scored like any activity) with their notes here; a daily journal and body
    // metrics, one row a day each.
    Migration {
        name: "2026-12-06-logbook",
        sql: r#"
    CREATE TABLE lb_exercise (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        name TEXT NOT NULL,
        muscles TEXT NOT NULL,
        equipment TEXT NOT NULL,
        UNIQUE (athlete_id, name)
    );
    CREATE TABLE lb_session (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        kind TEXT NOT NULL,
        day INTEGER,
        start_min INTEGER,
        name TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        activity_id INTEGER REFERENCES activity(id) ON DELETE SET NULL,
        UNIQUE (activity_id)
    );
    CREATE INDEX lb_session_by_day ON lb_session(athlete_id, kind, day);
    CREATE TABLE lb_set (
        session_id INTEGER NOT NULL REFERENCES lb_session(id) ON DELETE CASCADE,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        seq INTEGER NOT NULL,
        exercise TEXT NOT NULL,
        reps INTEGER NOT NULL,
        weight_kg REAL NOT NULL,
        rpe REAL,
        rir INTEGER,
        rest_s INTEGER,
        notes TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (session_id, seq)
    );
    CREATE INDEX lb_set_by_athlete ON lb_set(athlete_id);
    CREATE TABLE lb_manual (
        activity_id INTEGER PRIMARY KEY REFERENCES activity(id) ON DELETE CASCADE,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE lb_journal (
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        day INTEGER NOT NULL,
        sleep_quality INTEGER,
        soreness INTEGER,
        mood INTEGER,
        stress INTEGER,
        motivation INTEGER,
        weight_kg REAL,
        notes TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (athlete_id, day)
    );
    CREATE TABLE lb_body (
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        day INTEGER NOT NULL,
        weight_kg REAL,
        body_fat_pct REAL,
        resting_hr REAL,
        waist_cm REAL,
        hip_cm REAL,
        chest_cm REAL,
        arm_cm REAL,
        thigh_cm REAL,
        notes TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (athlete_id, day)
    );
    "#,
    },
    // The LLM coach (issue 13): providers (their API keys live in the secrets module,
    // never here), budget caps, the ledger of every model call (kept when an athlete is
    // deleted, without the athlete, so money spent stays spent), prompt versions the user
    // edited, chat history and the coach's suggestions.
    Migration {
        name: "2026-12-06-coach",
        sql: r#"
    CREATE TABLE coach_provider (
        name TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL,
        base_url TEXT NOT NULL,
        model TEXT NOT NULL,
        position INTEGER NOT NULL,
        timeout_s INTEGER,
        price_in_per_mtok REAL,
        price_out_per_mtok REAL,
        api_key_env TEXT,
        local INTEGER
    );
    CREATE TABLE coach_budget (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        daily_usd REAL,
        weekly_usd REAL,
        monthly_usd REAL
    );
    CREATE TABLE coach_ledger (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER REFERENCES athlete(id),
        at_utc INTEGER NOT NULL,
        action TEXT NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_name TEXT NOT NULL,
        prompt_version INTEGER NOT NULL,
        tokens_in INTEGER NOT NULL,
        tokens_out INTEGER NOT NULL,
        estimated INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        latency_ms INTEGER NOT NULL,
        outcome TEXT NOT NULL
    );
    CREATE INDEX coach_ledger_by_time ON coach_ledger(at_utc);
    CREATE TABLE coach_prompt (
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_utc INTEGER NOT NULL,
        PRIMARY KEY (name, version)
    );
    CREATE TABLE coach_chat (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        conversation INTEGER NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        at_utc INTEGER NOT NULL
    );
    CREATE INDEX coach_chat_by_conversation ON coach_chat(athlete_id, conversation, id);
    CREATE TABLE coach_suggestion (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        created_utc INTEGER NOT NULL,
        activity_id INTEGER,
        source TEXT NOT NULL,
        analysis TEXT NOT NULL,
        change TEXT,
        status TEXT NOT NULL,
        plan_version INTEGER,
        decided_utc INTEGER
    );
    CREATE INDEX coach_suggestion_by_athlete ON coach_suggestion(athlete_id, id);
    "#,
    },
    // Garmin Connect sync (issue 12): the Garmin id of each synced activity (a link
    // table, so a file imported first and then seen in Garmin keeps its row), one sync
    // state per athlete (the incremental cursor that also resumes a backfill, the
    // wellness cursor, the login cooldown), the sync log, and the wellness day extended
    // with every series Garmin gives (plus its raw JSON for fields we may want later).
    Migration {
        name: "2026-12-06-garmin",
        sql: r#"
    CREATE TABLE garmin_activity (
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        garmin_id INTEGER NOT NULL,
        activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        synced_utc INTEGER NOT NULL,
        PRIMARY KEY (athlete_id, garmin_id)
    );
    CREATE INDEX garmin_activity_by_activity ON garmin_activity(activity_id);
    CREATE TABLE garmin_sync_state (
        athlete_id INTEGER PRIMARY KEY REFERENCES athlete(id),
        last_activity_id INTEGER,
        backfill_since_day INTEGER,
        backfill_done INTEGER NOT NULL DEFAULT 0,
        wellness_through_day INTEGER,
        login_cooldown_until INTEGER,
        login_cooldown_s INTEGER
    );
    CREATE TABLE garmin_sync_log (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        started_utc INTEGER NOT NULL,
        finished_utc INTEGER,
        requests INTEGER NOT NULL DEFAULT 0,
        new_activities INTEGER NOT NULL DEFAULT 0,
        new_days INTEGER NOT NULL DEFAULT 0,
        outcome TEXT NOT NULL,
        error TEXT
    );
    CREATE INDEX garmin_sync_log_by_athlete ON garmin_sync_log(athlete_id, started_utc);
    ALTER TABLE wellness ADD COLUMN source TEXT;
    ALTER TABLE wellness ADD COLUMN hrv_status TEXT;
    ALTER TABLE wellness ADD COLUMN hrv_weekly_avg_ms REAL;
    ALTER TABLE wellness ADD COLUMN sleep_deep_s REAL;
    ALTER TABLE wellness ADD COLUMN sleep_light_s REAL;
    ALTER TABLE wellness ADD COLUMN sleep_rem_s REAL;
    ALTER TABLE wellness ADD COLUMN sleep_awake_s REAL;
    ALTER TABLE wellness ADD COLUMN steps INTEGER;
    ALTER TABLE wellness ADD COLUMN stress_avg REAL;
    ALTER TABLE wellness ADD COLUMN body_battery_high REAL;
    ALTER TABLE wellness ADD COLUMN body_battery_low REAL;
    ALTER TABLE wellness ADD COLUMN respiration_avg REAL;
    ALTER TABLE wellness ADD COLUMN spo2_avg REAL;
    ALTER TABLE wellness ADD COLUMN weight_kg REAL;
    ALTER TABLE wellness ADD COLUMN body_fat_pct REAL;
    ALTER TABLE wellness ADD COLUMN body_water_pct REAL;
    ALTER TABLE wellness ADD COLUMN muscle_mass_kg REAL;
    ALTER TABLE wellness ADD COLUMN bone_mass_kg REAL;
    ALTER TABLE wellness ADD COLUMN bmi REAL;
    ALTER TABLE wellness ADD COLUMN readiness_score REAL;
    ALTER TABLE wellness ADD COLUMN readiness_level TEXT;
    ALTER TABLE wellness ADD COLUMN raw_json TEXT;
    "#,
    },
    // Groups and the weekly digest (issue 14): groups of athletes with a time zone, a
    // schedule and an optional WhatsApp recipient; each generated group digest (its
    // rendered forms and chart) with the athletes it names (so deleting an athlete
    // deletes every digest that names them); and the delivery log of each digest.
    Migration {
        name: "2026-12-07-groups",
        sql: r#"
    CREATE TABLE athlete_group (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        tz TEXT NOT NULL,
        schedule TEXT,
        whatsapp_recipient TEXT,
        created_utc INTEGER NOT NULL
    );
    CREATE TABLE group_member (
        group_id INTEGER NOT NULL REFERENCES athlete_group(id) ON DELETE CASCADE,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        PRIMARY KEY (group_id, athlete_id)
    );
    CREATE TABLE digest (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES athlete_group(id) ON DELETE CASCADE,
        week TEXT NOT NULL,
        created_utc INTEGER NOT NULL,
        json TEXT NOT NULL,
        markdown TEXT NOT NULL,
        html TEXT NOT NULL,
        whatsapp TEXT NOT NULL,
        png BLOB,
        UNIQUE (group_id, week)
    );
    CREATE TABLE digest_member (
        digest_id INTEGER NOT NULL REFERENCES digest(id) ON DELETE CASCADE,
        athlete_id INTEGER NOT NULL,
        PRIMARY KEY (digest_id, athlete_id)
    );
    CREATE INDEX digest_member_by_athlete ON digest_member(athlete_id);
    CREATE TABLE digest_delivery (
        id INTEGER PRIMARY KEY,
        digest_id INTEGER NOT NULL REFERENCES digest(id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        target TEXT,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        parts_sent INTEGER NOT NULL DEFAULT 0,
        message_ids TEXT,
        error TEXT,
        created_utc INTEGER NOT NULL,
        updated_utc INTEGER NOT NULL
    );
    CREATE INDEX digest_delivery_by_digest ON digest_delivery(digest_id);
    "#,
    },
    // The coach's weekly reviews (with the week's facts as JSON) and deep analyses: a
    // run and each step's result stored as it completes, so a cancelled or failed run
    // resumes at its first unfinished step.
    Migration {
        name: "2026-12-08-coach-reviews",
        sql: r#"
    CREATE TABLE coach_review (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        week TEXT NOT NULL,
        created_utc INTEGER NOT NULL,
        source TEXT NOT NULL,
        text TEXT NOT NULL,
        facts TEXT NOT NULL
    );
    CREATE INDEX coach_review_by_athlete ON coach_review(athlete_id, id);
    CREATE TABLE coach_deep_run (
        id INTEGER PRIMARY KEY,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        created_utc INTEGER NOT NULL,
        updated_utc INTEGER NOT NULL,
        status TEXT NOT NULL,
        error TEXT,
        suggestion_id INTEGER
    );
    CREATE INDEX coach_deep_run_by_athlete ON coach_deep_run(athlete_id, id);
    CREATE TABLE coach_deep_step (
        run_id INTEGER NOT NULL REFERENCES coach_deep_run(id) ON DELETE CASCADE,
        athlete_id INTEGER NOT NULL REFERENCES athlete(id),
        step INTEGER NOT NULL,
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        text TEXT NOT NULL,
        finished_utc INTEGER NOT NULL,
        PRIMARY KEY (run_id, step)
    );
    "#,
    },
    // Codec 3 (`codec.rs`): streams quantized, delta varints, zstd; originals zstd. This
    // only records the conversion of the existing blobs, done in the background in
    // batches (`recode.rs`); naming it here makes an older build refuse the vault rather
    // than fail on blobs it cannot read.
    Migration {
        name: "2026-12-06-stream-codec-3",
        sql: r#"
    INSERT OR REPLACE INTO setting(key, value)
        SELECT 'recode.codec3', '0' WHERE EXISTS (SELECT 1 FROM activity);
    "#,
    },
    // RR intervals through codec 3 too (beat-to-beat differences are small: about
    // half the bytes of deflated u16). Rows written before keep encoding 1 and read
    // as they are.
    Migration {
        name: "2026-12-07-hrv-codec-3",
        sql: r#"
    ALTER TABLE hrv ADD COLUMN encoding INTEGER NOT NULL DEFAULT 1;
    "#,
    },
];
