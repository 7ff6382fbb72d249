//! Dashboard: who is training, today's form and readiness, the load charts, what the
//! last 7 and 28 days added up to per sport, and the most recent activities.

use leptos::prelude::*;
use paceline_types::units::duration;
use paceline_types::{ActivitySummary, Sport, Units, WireError};

use crate::components::load::{HrvCard, LoadCharts, LoadSummary, PmcCard, UnscoredNotice};
use crate::components::status::{ErrorBox, Loading, NoActivities};
use crate::format::{active_time, date_time_long, display_name, opt_distance, sport_label};
use crate::state::use_app;

/// Totals of one sport (or of all, with `sport: None`) over a window.
#[derive(Clone, Debug, PartialEq)]
struct SportTotal {
    sport: Option<Sport>,
    count: usize,
    seconds: f64,
    meters: f64,
}

fn totals_since(list: &[ActivitySummary], since_utc: i64) -> Vec<SportTotal> {
    let mut by_sport: Vec<SportTotal> = Vec::new();
    let mut all = SportTotal {
        sport: None,
        count: 0,
        seconds: 0.0,
        meters: 0.0,
    };
    for a in list.iter().filter(|a| a.start_utc >= since_utc) {
        let i = match by_sport.iter().position(|t| t.sport == Some(a.sport)) {
            Some(i) => i,
            None => {
                by_sport.push(SportTotal {
                    sport: Some(a.sport),
                    count: 0,
                    seconds: 0.0,
                    meters: 0.0,
                });
                by_sport.len() - 1
            }
        };
        let t = &mut by_sport[i];
        for t in [t, &mut all] {
            t.count += 1;
            t.seconds += active_time(a);
            t.meters += a.distance_m.unwrap_or(0.0);
        }
    }
    // Most time first: the sport that dominates the week leads.
    by_sport.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
    if by_sport.len() > 1 {
        by_sport.push(all);
    }
    by_sport
}

fn now_utc() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[component]
fn WindowCard(title: &'static str, days: i64) -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| {
        app.activities
            .with(|l| totals_since(l.as_deref().unwrap_or_default(), now_utc() - days * 86_400))
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
                                    <td class="pl-totals__num">{t.count}</td>
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
                        let secs = active_time(&a);
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
                                            {format!("{} · {}", sport_label(&a), date_time_long(a.start_utc, a.utc_offset_s))}
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
