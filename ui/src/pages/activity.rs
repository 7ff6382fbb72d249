//! One activity: heading, totals, importer warnings, training metrics (with best
//! efforts and time in zone), the chart and the laps.
//! Esc goes back to the list.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use paceline_types::date::{format_date_time_long, format_utc_offset};
use paceline_types::present::speed_label;
use paceline_types::units::duration;
use paceline_types::{ActivityDetail, ActivitySummary, ErrorCode, StreamKind, Units};
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::chart::ActivityChart;
use crate::components::metrics::ActivityMetricsView;
use crate::components::save_route::SaveAsRoute;
use crate::components::status::{ErrorBox, Loading};
use crate::components::totals::{Stat, StatGrid};
use crate::format::{
    display_name, opt_distance, opt_duration, opt_elevation, opt_num, speed_or_pace, sport_label,
    MISSING,
};
use crate::state::use_app;

fn totals(a: &ActivitySummary, pool_length_m: Option<f64>, units: Units) -> Vec<Stat> {
    let cadence_unit = match a.sport {
        paceline_types::Sport::Run | paceline_types::Sport::Walk | paceline_types::Sport::Hike => {
            "spm"
        }
        paceline_types::Sport::Swim => "strokes/min",
        _ => "rpm",
    };
    let mut stats = vec![
        Stat::new("Distance", opt_distance(units, a.distance_m)).primary(),
        Stat::new("Moving time", opt_duration(a.moving_s)).primary(),
        Stat::new(
            speed_label(a.sport),
            speed_or_pace(units, a.sport, a.avg_speed_mps),
        )
        .primary(),
        Stat::new("Elapsed time", opt_duration(a.elapsed_s)),
        Stat::new("Ascent", opt_elevation(units, a.ascent_m)),
        Stat::new("Avg heart rate", opt_num(a.avg_hr, "bpm")),
        Stat::new("Max heart rate", opt_num(a.max_hr, "bpm")),
        Stat::new("Avg power", opt_num(a.avg_power, "W")),
        Stat::new("Max power", opt_num(a.max_power, "W")),
        Stat::new("Avg cadence", opt_num(a.avg_cadence, cadence_unit)),
        Stat::new("Calories", opt_num(a.calories, "kcal")),
        Stat::new(
            "Device",
            a.device
                .clone()
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| MISSING.into()),
        ),
        Stat::new("Source", a.source_format.to_uppercase()),
    ];
    if let Some(p) = pool_length_m {
        stats.push(Stat::new("Pool", pool_length(p, units)));
    }
    stats
}

/// "25 m", "33.3 m", or in yards for imperial units ("25 yd" for a 22.86 m pool).
fn pool_length(m: f64, units: Units) -> String {
    let (v, unit) = match units {
        Units::Metric => (m, "m"),
        Units::Imperial => (m / 0.9144, "yd"),
    };
    if (v - v.round()).abs() < 0.05 {
        format!("{v:.0} {unit}")
    } else {
        format!("{v:.1} {unit}")
    }
}

fn stream_label(k: StreamKind) -> &'static str {
    match k {
        StreamKind::HeartRate => "heart rate",
        StreamKind::Power => "power",
        StreamKind::Speed => "speed",
        StreamKind::Cadence => "cadence",
        StreamKind::Altitude => "altitude",
        StreamKind::Distance => "distance",
        StreamKind::Position => "GPS",
        StreamKind::Temperature => "temperature",
    }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let params = use_params_map();
    let navigate = use_navigate();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));

    let detail = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::get_activity(id).await,
                None => Err(paceline_types::WireError {
                    code: ErrorCode::InvalidInput,
                    message: "That is not an activity address.".into(),
                }),
            }
        }
    });

    // Esc: back to the list (unless a text field or an open control wants it).
    let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.key() != "Escape" || e.default_prevented() {
            return;
        }
        let in_field = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if !in_field {
            e.prevent_default();
            navigate("/activities", NavigateOptions::default());
        }
    });
    on_cleanup(move || handle.remove());

    view! {
        <div class="pl-page pl-activity">
            <nav class="pl-activity__back" aria-label="Breadcrumb">
                <a class="pl-link" href="/activities">
                    "← Activities"
                </a>
                <span class="pl-page__hint">
                    <kbd>"Esc"</kbd>
                    " back"
                </span>
            </nav>
            {move || match detail.get() {
                None => view! { <Loading label="Loading activity…" /> }.into_any(),
                Some(Err(e)) => {
                    let title = if e.code == ErrorCode::NotFound {
                        "Activity not found"
                    } else {
                        "Could not load this activity"
                    };
                    view! { <ErrorBox title=title error=e /> }.into_any()
                }
                Some(Ok(d)) => view! { <ActivityView detail=d /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ActivityView(detail: ActivityDetail) -> impl IntoView {
    let app = use_app();
    let a = detail.summary.clone();
    crate::app::set_document_title(Some(&display_name(&a)));
    let stats_src = a.clone();
    let pool = detail.extras.pool_length_m;
    let stats = Signal::derive(move || totals(&stats_src, pool, app.units()));
    let laps = detail.laps.clone();
    let sport = a.sport;
    let has_distance = detail.streams.contains(&StreamKind::Distance);
    // An activity summary file (older Garmins) has totals and laps only: no chart.
    let no_samples = detail.sample_count == 0;
    // The x axis of the chart; pool swims and gym sessions have no distance to offer.
    let by_distance = RwSignal::new(false);
    let streams = if detail.streams.is_empty() {
        "no sample streams".to_string()
    } else {
        detail
            .streams
            .iter()
            .map(|s| stream_label(*s))
            .collect::<Vec<_>>()
            .join(", ")
    };

    view! {
        <header class="pl-activity__header">
            <p class="pl-activity__kicker">
                <span class=format!("pl-sport pl-sport--{}", a.sport.key())>{sport_label(&a)}</span>
                <time title=format_utc_offset(a.utc_offset_s)>
                    {format_date_time_long(a.start_utc, a.utc_offset_s)}
                </time>
            </p>
            <h1 class="pl-page__title" data-testid="activity-title">
                {display_name(&a)}
            </h1>
            <SaveAsRoute id=a.id />
        </header>

        {(!detail.warnings.is_empty())
            .then(|| {
                view! {
                    <div class="pl-callout pl-callout--warning" role="note" data-testid="activity-warnings">
                        <p class="pl-callout__title">"Notes from the importer"</p>
                        <ul class="pl-callout__list">
                            {detail
                                .warnings
                                .iter()
                                .map(|w| view! { <li>{w.clone()}</li> })
                                .collect_view()}
                        </ul>
                    </div>
                }
            })}

        <section class="pl-card" aria-label="Totals">
            <StatGrid stats=stats testid="activity-totals" />
        </section>

        <ActivityMetricsView id=a.id />

        {if no_samples {
            view! {
                <div class="pl-callout pl-callout--info" role="note" data-testid="activity-no-samples">
                    <p>
                        "This file has no samples: the device kept only its totals and laps, so there is no chart. Training load is scored from the totals."
                    </p>
                </div>
            }
                .into_any()
        } else {
            view! {
                <section class="pl-card pl-activity__chart" aria-labelledby="chart-heading">
                    <div class="pl-card__head">
                        <h2 class="pl-card__title" id="chart-heading">
                            "Chart"
                        </h2>
                        <p class="pl-card__meta">
                            {format!("{} samples · {streams}", detail.sample_count)}
                        </p>
                        {has_distance
                            .then(|| {
                                view! {
                                    <div class="pl-segmented pl-card__action" role="group" aria-label="Horizontal axis">
                                        {[(false, "Time", "time"), (true, "Distance", "distance")]
                                            .into_iter()
                                            .map(|(d, text, id)| {
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="pl-segmented__button"
                                                        aria-pressed=move || (by_distance.get() == d).to_string()
                                                        data-testid=format!("chart-x-{id}")
                                                        on:click=move |_| by_distance.set(d)
                                                    >
                                                        {text}
                                                    </button>
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                }
                            })}
                    </div>
                    <ActivityChart id=a.id by_distance=by_distance />
                </section>
            }
                .into_any()
        }}

        <crate::components::extras::RecordingExtras extras=detail.extras.clone() />

        <section class="pl-card" aria-labelledby="laps-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="laps-heading">
                    "Laps"
                </h2>
                <p class="pl-card__meta">
                    {match laps.len() {
                        0 => "No laps recorded".to_string(),
                        1 => "1 lap".to_string(),
                        n => format!("{n} laps"),
                    }}
                </p>
            </div>
            {(!detail.laps.is_empty())
                .then(|| view! { <LapsTable laps=detail.laps.clone() sport=sport /> })}
        </section>
    }
}

#[component]
fn LapsTable(laps: Vec<paceline_types::LapSummary>, sport: paceline_types::Sport) -> impl IntoView {
    let app = use_app();
    let first_start = laps.first().map(|l| l.start_utc).unwrap_or(0);
    let rows = move || {
        let units = app.units();
        laps.iter()
            .enumerate()
            .map(|(i, l)| {
                let offset = duration((l.start_utc - first_start).max(0) as f64);
                view! {
                    <tr class="pl-table__row pl-table__row--static">
                        <td class="pl-table__td pl-table__td--num">{i + 1}</td>
                        <td class="pl-table__td pl-table__td--num">{offset}</td>
                        <td class="pl-table__td pl-table__td--num">{duration(l.elapsed_s)}</td>
                        <td class="pl-table__td pl-table__td--num">
                            {opt_distance(units, l.distance_m)}
                        </td>
                        <td class="pl-table__td pl-table__td--num">
                            {speed_or_pace(units, sport, l.avg_speed_mps)}
                        </td>
                        <td class="pl-table__td pl-table__td--num">{opt_num(l.avg_hr, "bpm")}</td>
                        <td class="pl-table__td pl-table__td--num">{opt_num(l.avg_power, "W")}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="pl-table-wrap">
            <table class="pl-table pl-table--compact" data-testid="laps-table">
                <thead>
                    <tr>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Lap"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Start"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Time"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Distance"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">
                            {speed_label(sport)}
                        </th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Avg HR"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Avg power"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
