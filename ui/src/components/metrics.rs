//! An activity's training metrics: load and where it came from, intensity, power and
//! heart-rate numbers, the thresholds they used, best efforts, and time-in-zone charts.

use leptos::prelude::*;
use paceline_types::units::duration;
use paceline_types::{
    ActivityId, ActivityMetrics, LoadChartKind, ThresholdKind, Units, WireError, ZoneTime,
};

use crate::api;
use crate::components::chart::{ChartSource, ShellChart};
use crate::components::rpe::RpePicker;
use crate::components::status::{ErrorBox, Loading};
use crate::format::MISSING;
use crate::state::use_app;
use crate::training::{effort_label, load_source_label, threshold_value};

/// One row: label, what the abbreviation means (tooltip), value.
type Row = (&'static str, Option<&'static str>, String);

fn fmt(v: Option<f64>, decimals: usize, unit: &str) -> Option<String> {
    v.filter(|x| x.is_finite())
        .map(|x| format!("{x:.decimals$}{unit}"))
}

/// The rows that have a value, in reading order (load is in the headline).
fn metric_rows(m: &ActivityMetrics, units: Units) -> Vec<Row> {
    let rows: [(&'static str, Option<&'static str>, Option<String>); 13] = [
        (
            "Intensity factor",
            Some("IF: normalized power (or pace) ÷ threshold"),
            fmt(m.intensity_factor, 2, ""),
        ),
        (
            "Normalized power",
            Some("NP: the steady power with the same physiological cost"),
            fmt(m.normalized_power, 0, " W"),
        ),
        (
            "Variability index",
            Some("VI: normalized ÷ average power; 1.00 is perfectly steady"),
            fmt(m.variability_index, 2, ""),
        ),
        (
            "Efficiency factor",
            Some("EF: normalized power (or speed) per heartbeat"),
            fmt(m.efficiency_factor, 2, ""),
        ),
        ("Work", None, fmt(m.work_kj, 0, " kJ")),
        (
            "L/R balance",
            Some("Left and right legs' shares of the power, weighted by power"),
            m.left_balance_pct
                .filter(|l| l.is_finite())
                .map(|l| format!("{l:.1} / {:.1} %", 100.0 - l)),
        ),
        (
            "hrTSS",
            Some("Load from heart rate against threshold heart rate"),
            fmt(m.hr_tss, 0, ""),
        ),
        (
            "TRIMP",
            Some("Banister's training impulse from heart rate"),
            fmt(m.trimp, 0, ""),
        ),
        (
            "Session RPE",
            Some("Foster's session RPE: your 0–10 rating × minutes, arbitrary units"),
            fmt(m.session_rpe, 0, " AU"),
        ),
        (
            "Aerobic decoupling",
            Some("Pa:HR drift between the halves; below 5 % means a solid aerobic base"),
            fmt(m.decoupling_pct, 1, " %"),
        ),
        (
            "Critical power",
            Some("CP and W′ fitted to your best 2–20 min efforts of the 90 days before this activity"),
            m.critical_power
                .map(|cp| format!("{:.0} W · W′ {:.1} kJ", cp.cp_w, cp.w_prime_j / 1000.0)),
        ),
        (
            "W′ balance low",
            Some("The least work capacity above CP left (Skiba); below zero, the model underrates you"),
            m.wbal.map(|w| w.describe()),
        ),
        ("Thresholds used", None, thresholds_used(m, units)),
    ];
    rows.into_iter()
        .filter_map(|(l, t, v)| v.map(|v| (l, t, v)))
        .collect()
}

fn thresholds_used(m: &ActivityMetrics, units: Units) -> Option<String> {
    let parts: Vec<String> = [
        ("FTP", ThresholdKind::Ftp, m.ftp),
        ("LTHR", ThresholdKind::Lthr, m.lthr),
        (
            "threshold pace",
            ThresholdKind::ThresholdSpeed,
            m.threshold_speed_mps,
        ),
        ("CSS", ThresholdKind::Css, m.css_mps),
    ]
    .into_iter()
    .filter_map(|(name, kind, v)| v.map(|v| format!("{name} {}", threshold_value(kind, v, units))))
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn zones_label(what: &str, zones: &[ZoneTime]) -> String {
    let parts: Vec<String> = zones
        .iter()
        .map(|z| format!("{} {}", z.name, duration(f64::from(z.seconds))))
        .collect();
    format!("Time in {what}: {}", parts.join(", "))
}

/// Fetches and shows the metrics of one activity (an error stays inside the card).
#[component]
pub fn ActivityMetricsView(id: ActivityId) -> impl IntoView {
    let app = use_app();
    let metrics = LocalResource::new(move || {
        // Loads change with thresholds: refetch with them.
        app.data_rev.track();
        api::activity_metrics(id)
    });
    move || match metrics.get() {
        None => view! {
            <section class="pl-card" aria-label="Training load">
                <Loading label="Computing training metrics…" />
            </section>
        }
        .into_any(),
        Some(Err(e)) => view! { <MetricsError error=e /> }.into_any(),
        Some(Ok(m)) => view! { <MetricsCard id=id m=m /> }.into_any(),
    }
}

#[component]
fn MetricsError(error: WireError) -> impl IntoView {
    view! {
        <section class="pl-card" aria-label="Training load">
            <ErrorBox title="Could not compute training metrics" error=error />
        </section>
    }
}

#[component]
fn MetricsCard(id: ActivityId, m: ActivityMetrics) -> impl IntoView {
    let app = use_app();
    let load = m
        .load
        .filter(|l| l.is_finite())
        .map_or_else(|| MISSING.to_string(), |l| format!("{l:.0}"));
    let unscored = load == MISSING;
    let source = m.load_source.as_deref().map(load_source_label);
    // One time-in-zone chart per model the activity has times for.
    let zone_sets: Vec<(LoadChartKind, Vec<ZoneTime>, &'static str, &'static str)> = [
        (
            LoadChartKind::ActivityPowerZones,
            m.power_zones.clone(),
            "power zones",
            "power-zones-chart",
        ),
        (
            LoadChartKind::ActivityHrZones,
            m.hr_zones.clone(),
            "heart-rate zones",
            "hr-zones-chart",
        ),
        (
            LoadChartKind::ActivityPaceZones,
            m.pace_zones.clone(),
            "pace zones",
            "pace-zones-chart",
        ),
    ]
    .into_iter()
    .filter(|z| !z.1.is_empty())
    .collect();
    let efforts = m.best_efforts.clone();
    let single = efforts.is_empty();
    let notes = m.notes.clone();
    let m2 = m.clone();
    let rows = move || {
        metric_rows(&m2, app.units())
            .into_iter()
            .map(|(label, tip, value)| {
                view! {
                    <tr class="pl-kv__row">
                        <th scope="row" class="pl-kv__label">
                            {match tip {
                                Some(t) => view! { <abbr title=t>{label}</abbr> }.into_any(),
                                None => label.into_any(),
                            }}
                        </th>
                        <td class="pl-kv__value">{value}</td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <section class="pl-card" aria-labelledby="metrics-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="metrics-heading">"Training load"</h2>
            </div>
            <div class="pl-metrics" class:pl-metrics--single=single>
                <div class="pl-metrics__main">
                    <p class="pl-metrics__load">
                        {if unscored {
                            view! {
                                <span class="pl-metrics__load-none" data-testid="activity-load">"No load yet"</span>
                            }
                            .into_any()
                        } else {
                            view! {
                                <span class="pl-metrics__load-value" data-testid="activity-load">{load}</span>
                                <span class="pl-metrics__load-unit">"load"</span>
                            }
                            .into_any()
                        }}
                        {source
                            .map(|s| {
                                view! {
                                    <span class="pl-badge" data-testid="load-source">{s}</span>
                                }
                            })}
                        {unscored
                            .then(|| {
                                view! {
                                    <a class="pl-link pl-metrics__fix" href="/settings#thresholds">
                                        "Set thresholds →"
                                    </a>
                                }
                            })}
                    </p>
                    <table class="pl-kv" data-testid="activity-metrics">
                        <tbody>{rows}</tbody>
                    </table>
                    <RpePicker id=id current=m.rpe />
                    {(!notes.is_empty())
                        .then(|| {
                            view! {
                                <ul class="pl-metrics__notes" data-testid="metrics-notes">
                                    {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                                </ul>
                            }
                        })}
                </div>
                {(!efforts.is_empty())
                    .then(|| {
                        view! {
                            <div class="pl-metrics__efforts">
                                <h3 class="pl-metrics__subtitle">"Best efforts"</h3>
                                <table class="pl-kv" data-testid="best-efforts">
                                    <tbody>
                                        {efforts
                                            .into_iter()
                                            .map(|e| {
                                                view! {
                                                    <tr class="pl-kv__row">
                                                        <th scope="row" class="pl-kv__label">
                                                            {effort_label(e.seconds)}
                                                        </th>
                                                        <td class="pl-kv__value">{format!("{:.0} W", e.watts)}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                    })}
            </div>
        </section>
        {(!zone_sets.is_empty())
            .then(|| {
                view! {
                    <div class="pl-activity__zones">
                        {zone_sets
                            .into_iter()
                            .map(|(kind, zones, what, testid)| {
                                view! {
                                    <section class="pl-card" aria-label=what>
                                        <ShellChart
                                            source=ChartSource::Load(kind, Some(id))
                                            height=280
                                            testid=testid
                                            label=zones_label(what, &zones)
                                        />
                                    </section>
                                }
                            })
                            .collect_view()}
                    </div>
                }
            })}
    }
}
