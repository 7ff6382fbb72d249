//! App-wide state, provided as context by [`crate::app::App`]: what the shell told us
//! (app info, settings, the activity list, the dashboard's numbers, thresholds), import
//! notices, drag state and the OS colour scheme. Everything that talks to the shell goes through [`crate::api`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{
    kind, ActivityId, ActivitySummary, AppInfo, AthleteId, AthleteInfo, Dashboard, ImportProgress,
    ImportReport, JobEvent, JobId, JobPayload, JobState, Settings, Threshold, ThresholdId,
    Thresholds, Units, WireError,
};
use wasm_bindgen::prelude::*;

use crate::api;
use crate::digest_text::{digest_notice, notice_failed};
use crate::review_text::{review_notice, DEEP_DONE};

/// One entry of the import toast stack, tied to the job it reports on: a background
/// watcher's import never closes the notice of a drop.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportNotice {
    pub id: u32,
    pub job: Option<JobId>,
    pub kind: NoticeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NoticeKind {
    /// An import job runs; its latest progress once it has reported any.
    InProgress(Option<ImportProgress>),
    Done(ImportReport),
    /// A scheduled digest was generated (and maybe sent).
    Digest(DigestNotice),
    /// The coach wrote a weekly review or finished a deep analysis: its line; the
    /// notice links to Coach › Reviews.
    Coach(String),
}

/// The running deep analysis of the shown athlete, from its `job` events (kept here so
/// its progress survives a visit to another page).
#[derive(Debug, Clone, PartialEq)]
pub struct DeepLive {
    pub job: JobId,
    pub run_id: Option<i64>,
    /// The step started last (1-based; 0 before the first) of `of`.
    pub step: u32,
    pub of: u32,
    /// Every step started so far: (step, title).
    pub titles: Vec<(u32, String)>,
}

/// A generated digest's notice: its line and where its view is.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestNotice {
    pub group_id: i64,
    pub week: String,
    /// "Digest 2026-W48 of Club ready · sent to WhatsApp".
    pub line: String,
    /// The WhatsApp delivery failed: the notice stays until dismissed.
    pub failed: bool,
}

/// Columns the activity table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Date,
    Name,
    Sport,
    Duration,
    Distance,
    AvgHr,
    AvgPower,
}

/// View state of the activity list, kept here so it survives a visit to an activity.
#[derive(Clone, Copy)]
pub struct ListView {
    pub sort: RwSignal<SortKey>,
    pub descending: RwSignal<bool>,
    pub filter: RwSignal<String>,
    pub highlighted: RwSignal<Option<ActivityId>>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    /// `None` until the first `app_info` reply.
    pub info: RwSignal<Option<Result<AppInfo, WireError>>>,
    pub settings: RwSignal<Settings>,
    /// `None` until the first `list_activities` reply; kept while reloading.
    pub activities: RwSignal<Option<Vec<ActivitySummary>>>,
    pub activities_error: RwSignal<Option<WireError>>,
    pub notices: RwSignal<Vec<ImportNotice>>,
    next_notice: StoredValue<u32>,
    /// The athlete this window shows; `None` until the shell said which.
    pub athlete: RwSignal<Option<AthleteId>>,
    /// Every athlete of the vault (the switcher, the Athletes page).
    pub athletes: RwSignal<Vec<AthleteInfo>>,
    /// `Some(file count)` while files are dragged over the window.
    pub dragging: RwSignal<Option<usize>>,
    pub prefers_dark: RwSignal<bool>,
    pub list: ListView,
    /// Errors of background work (event subscription, settings) shown in a banner.
    pub banner: RwSignal<Option<String>>,
    /// `None` until the first `dashboard` reply; kept while reloading.
    pub dashboard: RwSignal<Option<Result<Dashboard, WireError>>>,
    /// `None` until the first `get_thresholds` reply; kept while reloading.
    pub thresholds: RwSignal<Option<Result<Thresholds, WireError>>>,
    /// Bumped whenever loads may have changed (an import, a new threshold), so
    /// load charts ask the shell again.
    pub data_rev: RwSignal<u32>,
    /// The running deep analysis, if any.
    pub deep: RwSignal<Option<DeepLive>>,
    /// The running weekly review job, if any.
    pub review_job: RwSignal<Option<JobId>>,
    /// Bumped when a review or a deep analysis ended, so Coach › Reviews reloads.
    pub coach_rev: RwSignal<u32>,
}

impl AppState {
    pub fn new() -> Self {
        Self {
            info: RwSignal::new(None),
            settings: RwSignal::new(Settings::default()),
            activities: RwSignal::new(None),
            athlete: RwSignal::new(None),
            athletes: RwSignal::new(Vec::new()),
            activities_error: RwSignal::new(None),
            notices: RwSignal::new(Vec::new()),
            next_notice: StoredValue::new(1),
            dragging: RwSignal::new(None),
            prefers_dark: RwSignal::new(media_prefers_dark()),
            list: ListView {
                sort: RwSignal::new(SortKey::Date),
                descending: RwSignal::new(true),
                filter: RwSignal::new(String::new()),
                highlighted: RwSignal::new(None),
            },
            banner: RwSignal::new(None),
            dashboard: RwSignal::new(None),
            thresholds: RwSignal::new(None),
            data_rev: RwSignal::new(0),
            deep: RwSignal::new(None),
            review_job: RwSignal::new(None),
            coach_rev: RwSignal::new(0),
        }
    }

    pub fn units(&self) -> Units {
        self.settings.with(|s| s.units)
    }

    /// The athlete's today as the shell last said it (with the thresholds or the
    /// dashboard): the UI never reads the browser clock for it.
    pub fn today(&self) -> Option<i32> {
        let from_thresholds = self.thresholds.with(|t| match t {
            Some(Ok(t)) => Some(t.today),
            _ => None,
        });
        from_thresholds.or_else(|| {
            self.dashboard.with(|d| match d {
                Some(Ok(d)) => Some(d.today),
                _ => None,
            })
        })
    }

    pub fn athlete_name(&self) -> Option<String> {
        self.info.with(|i| match i {
            Some(Ok(info)) if !info.athlete_name.trim().is_empty() => {
                Some(info.athlete_name.clone())
            }
            _ => None,
        })
    }

    /// First load: which athlete the window shows, then app info, settings and the
    /// activity list, in parallel.
    pub fn load(self) {
        spawn_local(async move {
            match api::current_athlete().await {
                Ok(id) => {
                    api::set_athlete(id);
                    self.athlete.set(Some(id));
                    self.load_athlete();
                }
                Err(e) => self.info.set(Some(Err(e))),
            }
        });
    }

    /// Switches the window to another athlete: remembered by the shell, then the page
    /// reloads so nothing of the previous athlete stays on screen.
    pub fn switch_athlete(self, id: AthleteId) {
        spawn_local(async move {
            match api::select_athlete(id).await {
                Ok(()) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                }
                Err(e) => self
                    .banner
                    .set(Some(format!("Could not switch athlete: {e}"))),
            }
        });
    }

    pub fn reload_athletes(self) {
        spawn_local(async move {
            match api::list_athletes().await {
                Ok(list) => self.athletes.set(list),
                Err(e) => self
                    .banner
                    .set(Some(format!("Could not list the athletes: {e}"))),
            }
        });
    }

    fn load_athlete(self) {
        self.reload_athletes();
        spawn_local(async move {
            let r = api::app_info().await;
            self.info.set(Some(r));
        });
        spawn_local(async move {
            match api::get_settings().await {
                Ok(s) => self.settings.set(s),
                Err(e) => self
                    .banner
                    .set(Some(format!("Could not read settings: {e}"))),
            }
        });
        self.reload_activities();
    }

    pub fn reload_activities(self) {
        spawn_local(async move {
            match api::list_activities().await {
                Ok(list) => {
                    self.activities.set(Some(list));
                    self.activities_error.set(None);
                }
                Err(e) => self.activities_error.set(Some(e)),
            }
        });
    }

    /// Re-reads the dashboard's numbers. A failed reload keeps what was shown.
    pub fn reload_dashboard(self) {
        spawn_local(async move {
            let r = api::dashboard().await;
            if r.is_ok() || self.dashboard.with_untracked(|d| !matches!(d, Some(Ok(_)))) {
                self.dashboard.set(Some(r));
            }
        });
    }

    pub fn reload_thresholds(self) {
        spawn_local(async move {
            let r = api::get_thresholds().await;
            if r.is_ok()
                || self
                    .thresholds
                    .with_untracked(|t| !matches!(t, Some(Ok(_))))
            {
                self.thresholds.set(Some(r));
            }
        });
    }

    /// Loads may have changed: reread the numbers and redraw the load charts.
    pub fn loads_changed(self) {
        self.data_rev.update(|r| *r = r.wrapping_add(1));
        self.reload_dashboard();
    }

    /// Saves one dated threshold; the shell recomputes loads, so thresholds, the
    /// dashboard and the load charts are reloaded after it.
    pub async fn save_threshold(self, threshold: Threshold) -> Result<(), WireError> {
        api::set_threshold(&threshold).await?;
        self.reload_thresholds();
        self.loads_changed();
        Ok(())
    }

    /// Deletes one dated threshold; loads are recomputed, as after saving one.
    pub async fn delete_threshold(self, id: ThresholdId) -> Result<(), WireError> {
        api::delete_threshold(id).await?;
        self.reload_thresholds();
        self.loads_changed();
        Ok(())
    }

    /// Re-reads app info (e.g. the activity count after an import).
    pub fn reload_info(self) {
        spawn_local(async move {
            if let Ok(info) = api::app_info().await {
                self.info.set(Some(Ok(info)));
            }
        });
    }

    /// Saves new settings; the UI switches at once and reverts if the shell refuses.
    pub fn save_settings(self, new: Settings) {
        let old = self.settings.get_untracked();
        if old == new {
            return;
        }
        self.settings.set(new.clone());
        spawn_local(async move {
            if let Err(e) = api::set_settings(&new).await {
                self.settings.set(old);
                self.banner
                    .set(Some(format!("Could not save settings: {e}")));
            }
        });
    }

    fn push_notice(self, job: Option<JobId>, kind: NoticeKind) -> u32 {
        let id = self.next_notice.get_value();
        self.next_notice.set_value(id + 1);
        self.notices
            .update(|v| v.push(ImportNotice { id, job, kind }));
        id
    }

    pub fn dismiss_notice(self, id: u32) {
        self.notices.update(|v| v.retain(|n| n.id != id));
    }

    /// A job event from the shell: import notices per job, and reloads when the
    /// athlete shown got new activities.
    pub fn job_event(self, e: JobEvent) {
        let job = e.job.id;
        let mine = self.athlete.get_untracked();
        if e.job.kind == kind::COACH_DEEP || e.job.kind == kind::COACH_REVIEW {
            if e.job.athlete_id == mine {
                self.coach_job_event(e);
            }
            return;
        }
        let importing = e.job.kind == kind::IMPORT || e.job.kind == kind::DEMO;
        match (e.job.state, e.payload) {
            (JobState::Running, None) if importing && e.job.athlete_id == mine => {
                self.push_notice(Some(job), NoticeKind::InProgress(None));
            }
            (JobState::Running, Some(JobPayload::ImportProgress(p)))
                if e.job.athlete_id == mine =>
            {
                let mut found = false;
                self.notices.update(|v| {
                    for n in v.iter_mut().filter(|n| n.job == Some(job)) {
                        if let NoticeKind::InProgress(slot) = &mut n.kind {
                            *slot = Some(p.clone());
                            found = true;
                        }
                    }
                });
                if !found {
                    self.push_notice(Some(job), NoticeKind::InProgress(Some(p)));
                }
            }
            // A watched folder's batch: a notice of its own, the job runs on.
            (JobState::Running, Some(JobPayload::Imported { athlete_id, report })) => {
                if Some(athlete_id) == mine {
                    self.import_finished(None, report);
                }
            }
            (JobState::Running, _) => {}
            (_, Some(JobPayload::Imported { athlete_id, report })) => {
                if Some(athlete_id) == mine {
                    self.import_finished(Some(job), report);
                } else {
                    self.notices.update(|v| v.retain(|n| n.job != Some(job)));
                }
            }
            (_, Some(JobPayload::Reprocessed(_))) => {
                self.reload_activities();
                self.loads_changed();
            }
            // A Garmin sync brought activities or wellness: the lists and charts follow.
            (_, Some(JobPayload::GarminSynced { athlete_id, report }))
                if Some(athlete_id) == mine
                    && (report.new_activities > 0
                        || report.already_present > 0
                        || report.new_days > 0) =>
            {
                self.reload_activities();
                self.reload_info();
                self.loads_changed();
            }
            (
                _,
                Some(JobPayload::Digest {
                    group_id,
                    week,
                    delivery,
                    error,
                    ..
                }),
            ) => self.digest_ready(group_id, week, delivery, error),
            (state, _) => {
                // Failed or cancelled without a report: drop its notice, say why.
                self.notices.update(|v| v.retain(|n| n.job != Some(job)));
                if let (JobState::Failed, Some(err)) = (state, e.job.error) {
                    self.banner
                        .set(Some(format!("The {} job failed: {err}", e.job.kind)));
                }
            }
        }
    }

    /// The coach's jobs: the deep analysis' progress, and a notice linking to Coach ›
    /// Reviews when a review was written or an analysis finished.
    fn coach_job_event(self, e: JobEvent) {
        let job = e.job.id;
        let deep = e.job.kind == kind::COACH_DEEP;
        match (e.job.state, e.payload) {
            (
                JobState::Running,
                Some(JobPayload::DeepProgress {
                    run_id,
                    step,
                    of,
                    title,
                    ..
                }),
            ) => {
                self.deep.update(|d| {
                    let live = d.get_or_insert_with(|| DeepLive {
                        job,
                        run_id: None,
                        step: 0,
                        of: 0,
                        titles: Vec::new(),
                    });
                    live.job = job;
                    live.run_id = Some(run_id);
                    live.step = step;
                    live.of = of;
                    live.titles.retain(|(s, _)| *s != step);
                    live.titles.push((step, title));
                    live.titles.sort_by_key(|(s, _)| *s);
                });
            }
            (JobState::Running, _) if deep => {
                if self.deep.with_untracked(|d| d.as_ref().map(|l| l.job)) != Some(job) {
                    self.deep.set(Some(DeepLive {
                        job,
                        run_id: None,
                        step: 0,
                        of: 0,
                        titles: Vec::new(),
                    }));
                }
            }
            (JobState::Running, _) => self.review_job.set(Some(job)),
            (state, payload) => {
                if deep {
                    self.deep.set(None);
                } else {
                    self.review_job.set(None);
                }
                self.coach_rev.update(|r| *r = r.wrapping_add(1));
                let line = match payload {
                    Some(JobPayload::CoachReview { week, .. }) => Some(review_notice(&week)),
                    Some(JobPayload::DeepDone { .. }) => Some(DEEP_DONE.to_string()),
                    _ => None,
                };
                if let Some(line) = line {
                    let id = self.push_notice(Some(job), NoticeKind::Coach(line));
                    set_timeout(
                        move || self.dismiss_notice(id),
                        std::time::Duration::from_secs(12),
                    );
                } else if let (JobState::Failed, Some(err)) = (state, e.job.error) {
                    let what = if deep {
                        "The deep analysis stopped"
                    } else {
                        "The weekly review failed"
                    };
                    self.banner.set(Some(format!("{what}: {err}")));
                }
            }
        }
    }

    /// An import finished: reload, and turn its job's notice into the report (or add
    /// one). Reports without failures go away by themselves; failures stay.
    fn import_finished(self, job: Option<JobId>, report: ImportReport) {
        self.reload_activities();
        self.reload_info();
        self.reload_athletes();
        if report.imported() > 0 {
            self.loads_changed();
            // New activities can bring new threshold suggestions.
            if self.thresholds.with_untracked(Option::is_some) {
                self.reload_thresholds();
            }
        }
        let clean = report.failed() == 0;
        let mut id = None;
        if job.is_some() {
            self.notices.update(|v| {
                if let Some(n) = v.iter_mut().find(|n| n.job == job) {
                    n.kind = NoticeKind::Done(report.clone());
                    id = Some(n.id);
                }
            });
        }
        let id = id.unwrap_or_else(|| self.push_notice(job, NoticeKind::Done(report)));
        if clean {
            set_timeout(
                move || self.dismiss_notice(id),
                std::time::Duration::from_secs(12),
            );
        }
    }

    /// A scheduled digest is ready: a notice naming the group (looked up, the event
    /// carries only its id) with a link to the digest. Failed deliveries stay.
    fn digest_ready(
        self,
        group_id: i64,
        week: String,
        delivery: Option<String>,
        error: Option<String>,
    ) {
        spawn_local(async move {
            let name = api::groups()
                .await
                .ok()
                .and_then(|gs| gs.into_iter().find(|g| g.id == group_id))
                .map(|g| g.name)
                .unwrap_or_else(|| format!("group {group_id}"));
            let failed = notice_failed(delivery.as_deref());
            let line = digest_notice(&name, &week, delivery.as_deref(), error.as_deref());
            let notice = DigestNotice {
                group_id,
                week,
                line,
                failed,
            };
            let id = self.push_notice(None, NoticeKind::Digest(notice));
            if !failed {
                set_timeout(
                    move || self.dismiss_notice(id),
                    std::time::Duration::from_secs(12),
                );
            }
        });
    }

    /// Subscribes to the shell's events for the life of the app; the listeners are
    /// unsubscribed when the owner (the app root) is disposed.
    pub fn subscribe(self) {
        let listeners: StoredValue<Vec<api::Listener>, LocalStorage> =
            StoredValue::new_local(Vec::new());
        spawn_local(async move {
            let results = [
                api::on_job(move |e| self.job_event(e))
                    .await
                    .map(|l| vec![l]),
                api::on_drag(move |e| match e {
                    api::DragEvent::Enter(paths) => self.dragging.set(Some(paths.len())),
                    api::DragEvent::Leave | api::DragEvent::Drop => self.dragging.set(None),
                })
                .await,
            ];
            for r in results {
                match r {
                    Ok(ls) => listeners.update_value(|v| v.extend(ls)),
                    Err(e) => {
                        web_sys::console::warn_1(
                            &format!("paceline: event subscription failed: {e}").into(),
                        );
                    }
                }
            }
        });
        on_cleanup(move || {
            if let Some(ls) = listeners.try_update_value(std::mem::take) {
                ls.into_iter().for_each(api::Listener::unlisten);
            }
        });
        self.watch_color_scheme();
    }

    fn watch_color_scheme(self) {
        let Some(mql) = dark_query() else { return };
        let cb = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
            move |e: web_sys::MediaQueryListEvent| self.prefers_dark.set(e.matches()),
        );
        let _ = mql.add_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
        // The app root lives as long as the page.
        cb.forget();
    }
}

fn dark_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
}

fn media_prefers_dark() -> bool {
    dark_query().map(|m| m.matches()).unwrap_or(false)
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
