//! Dashboard: who is training, today's form and readiness, the load charts, what the
//! last 7 and 28 days added up to per sport, and the most recent activities.

use leptos::prelude::*;
use paceline_types::date::format_date_time_long;
use paceline_types::units::duration;
use paceline_types::{ActivitySummary, Sport, Units, WireError};

use crate::components::load::{HrvCard, LoadCharts, LoadSummary, PmcCard, UnscoredNotice};
use crate::components::status::{ErrorBox, Loading, NoActivities};
use crate::format::{display_name, opt_distance, sport_label};
use crate::state::use_app;

#[component]
fn WindowCard(title: &'static str, days: u32) -> impl IntoView {
    let app = use_app();
    // The shell adds them up over the athlete's local days (one "today" for the
    // CLI and the window).
    let rows = Memo::new(move |_| {
        app.dashboard.with(|d| match d {
            Some(Ok(d)) if days == 7 => d.last_7_days.clone(),
            Some(Ok(d)) => d.last_28_days.clone(),
            _ => Vec::new(),
        })
    });
    let body = move || {
        let units: Units = app.units();
        let rows = rows.get();
        if rows.is_empty() {
            return view! { <p class="pl-card__empty">"Nothing recorded in this period."</p> }
                .into_any();
        }
        view! {
            <table class="pl-totals">
                <thead>
                    <tr>
                        <th scope="col" class="pl-totals__th">"Sport"</th>
                        <th scope="col" class="pl-totals__th pl-totals__th--num">"Sessions"</th>
                        <th scope="col" class="pl-totals__th pl-totals__th--num">"Time"</th>
                        <th scope="col" class="pl-totals__th pl-totals__th--num">"Distance"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|t| {
                            let total = t.sport.is_none();
                            let label = t.sport.map_or("All sports", Sport::label);
                            let key = t.sport.map_or("all", Sport::key);
                            view! {
                                <tr class="pl-totals__row" class:pl-totals__row--sum=total>
                                    <th scope="row" class="pl-totals__sport">
                                        <span class=format!("pl-sport-dot pl-sport--{key}") aria-hidden="true"></span>
                                        {label}
                                    </th>
                                    <td class="pl-totals__num">{t.sessions}</td>
                                    <td class="pl-totals__num">{duration(t.seconds)}</td>
                                    <td class="pl-totals__num">
                                        {opt_distance(units, Some(t.meters))}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="pl-card pl-dashboard__window" data-testid=format!("totals-{days}d")>
            <div class="pl-card__head">
                <h2 class="pl-card__title">{title}</h2>
            </div>
            {body}
        </section>
    }
}

#[component]
fn RecentActivities() -> impl IntoView {
    let app = use_app();
    let recent = Memo::new(move |_| {
        app.activities.with(|l| {
            let mut v: Vec<ActivitySummary> = l.iter().flatten().cloned().collect();
            v.sort_by_key(|a| std::cmp::Reverse(a.start_utc));
            v.truncate(8);
            v
        })
    });
    view! {
        <section class="pl-card pl-dashboard__recent" aria-labelledby="recent-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="recent-heading">
                    "Recent activities"
                </h2>
                <a class="pl-link pl-card__action" href="/activities">
                    "All activities →"
                </a>
            </div>
            <ul class="pl-recent">
                <For
                    each=move || recent.get()
                    key=|a| (a.id, a.name.clone())
                    children=move |a: ActivitySummary| {
                        let id = a.id;
                        let dist = a.distance_m;
                        let secs = a.active_s();
                        view! {
                            <li class="pl-recent__item">
                                <a
                                    class="pl-recent__link"
                                    href=format!("/activities/{id}")
                                    data-testid="recent-activity"
                                    data-id=id.to_string()
                                >
                                    <span class=format!("pl-sport-dot pl-sport--{}", a.sport.key()) aria-hidden="true"></span>
                                    <span class="pl-recent__main">
                                        <span class="pl-recent__name">{display_name(&a)}</span>
                                        <span class="pl-recent__meta">
                                            {format!("{} · {}", sport_label(&a), format_date_time_long(a.start_utc, a.utc_offset_s))}
                                        </span>
                                    </span>
                                    <span class="pl-recent__figures">
                                        <span>{move || opt_distance(app.units(), dist)}</span>
                                        <span class="pl-recent__time">{duration(secs)}</span>
                                    </span>
                                </a>
                            </li>
                        }
                    }
                />
            </ul>
        </section>
    }
}

#[derive(Clone, PartialEq)]
enum Phase {
    Failed(WireError),
    Loading,
    Empty,
    Ready,
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let app = use_app();
    // Fresh numbers on every visit (the day may have changed since the last one).
    app.reload_dashboard();
    let greeting = move || match app.athlete_name() {
        Some(n) => n,
        None => "Dashboard".into(),
    };
    // What the page shows; a memo so a reloaded list (after an import) does not
    // rebuild the cards and charts, which follow the data themselves.
    let phase = Memo::new(move |_| {
        if let Some(e) = app.activities_error.get() {
            if app.activities.with(Option::is_none) {
                return Phase::Failed(e);
            }
        }
        match app.activities.with(|l| l.as_ref().map(Vec::len)) {
            None => Phase::Loading,
            Some(0) => Phase::Empty,
            Some(_) => Phase::Ready,
        }
    });
    let body = move || match phase.get() {
        Phase::Failed(e) => {
            view! { <ErrorBox title="Could not load activities" error=e /> }.into_any()
        }
        Phase::Loading => view! { <Loading label="Loading your training…" /> }.into_any(),
        Phase::Empty => view! { <NoActivities /> }.into_any(),
        Phase::Ready => view! {
            <UnscoredNotice />
            <LoadSummary />
            <PmcCard />
            <LoadCharts />
            <HrvCard />
            <div class="pl-dashboard__grid">
                <WindowCard title="Last 7 days" days=7 />
                <WindowCard title="Last 28 days" days=28 />
                <RecentActivities />
            </div>
        }
        .into_any(),
    };
    view! {
        <div class="pl-page pl-dashboard">
            <header class="pl-page__header">
                <div>
                    <p class="pl-page__eyebrow">"Dashboard"</p>
                    <h1 class="pl-page__title" data-testid="athlete-name">
                        {greeting}
                    </h1>
                </div>
                <p class="pl-page__subtitle">
                    {move || {
                        app.activities.with(|l| match l.as_ref().map(Vec::len) {
                            Some(n) if n > 0 => format!("{n} activities in your vault"),
                            _ => String::new(),
                        })
                    }}
                </p>
            </header>
            {body}
        </div>
    }
}
