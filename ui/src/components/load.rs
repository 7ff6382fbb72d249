//! The dashboard's training-load cards: today's form, readiness, the last 7 days' load
//! per sport, load balance (ACWR, monotony, strain), the "activities without load"
//! notice, and the load charts (PMC with a range toggle, weekly load, power curve, HRV).
//! Numbers come from [`crate::state::AppState::dashboard`]; charts from the shell via
//! [`ShellChart`].

use leptos::prelude::*;
use paceline_types::date::format_long;
use paceline_types::{Dashboard, Form, LoadBalance, LoadChartKind, Sport, SportLoad};

use crate::components::chart::{ChartSource, ShellChart};
use crate::components::status::{ErrorBox, Loading};
use crate::format::MISSING;
use crate::state::use_app;
use crate::training::{signed, AcwrBand, FormBand, HIGH_MONOTONY};

/// CTL rising faster than this per week is hard to sustain.
const STEEP_RAMP: f64 = 8.0;

/// Form, readiness and this week's load, side by side; one error box if the shell
/// could not give the numbers.
#[component]
pub fn LoadSummary() -> impl IntoView {
    let app = use_app();
    move || match app.dashboard.get() {
        None => view! {
            <section class="pl-card pl-dashboard__load-loading">
                <Loading label="Computing fitness and form…" />
            </section>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <ErrorBox title="Could not compute training load" error=e />
        }
        .into_any(),
        Some(Ok(d)) => view! {
            <div class="pl-dashboard__load">
                <FormCard form=d.form />
                <ReadinessCard score=d.readiness reasons=d.readiness_reasons.clone() />
                <WeekLoadCard week=d.week.clone() />
                <BalanceCard balance=d.balance />
            </div>
        }
        .into_any(),
    }
}

#[component]
fn FormCard(form: Option<Form>) -> impl IntoView {
    let Some(f) = form else {
        return view! {
            <section class="pl-card pl-form" data-testid="form-card" aria-labelledby="form-heading">
                <div class="pl-card__head">
                    <h2 class="pl-card__title" id="form-heading">"Form today"</h2>
                </div>
                <p class="pl-card__empty">
                    "No training load yet. Fitness, fatigue and form appear once activities have a load."
                </p>
            </section>
        }
        .into_any();
    };
    let band = FormBand::of(f.tsb);
    let steep = f.ramp > STEEP_RAMP;
    view! {
        <section
            class=format!("pl-card pl-form pl-form--{}", band.key())
            data-testid="form-card"
            data-band=band.key()
            aria-labelledby="form-heading"
        >
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="form-heading">"Form today"</h2>
                <p class="pl-card__meta">{format_long(f.day.into())}</p>
            </div>
            <div class="pl-form__headline">
                <span class="pl-form__tsb">{signed(f.tsb, 0)}</span>
                <span class="pl-form__band">{band.label()}</span>
            </div>
            <p class="pl-form__advice">
                {band.advice()} <span class="pl-form__range">{format!(" Form {}.", band.range())}</span>
            </p>
            <dl class="pl-form__figures">
                <div class="pl-form__figure">
                    <dt>"Fitness " <abbr title="Chronic training load, 42-day average">"CTL"</abbr></dt>
                    <dd data-testid="form-ctl">{format!("{:.1}", f.ctl)}</dd>
                </div>
                <div class="pl-form__figure">
                    <dt>"Fatigue " <abbr title="Acute training load, 7-day average">"ATL"</abbr></dt>
                    <dd data-testid="form-atl">{format!("{:.1}", f.atl)}</dd>
                </div>
                <div class="pl-form__figure">
                    <dt>"Form " <abbr title="Training stress balance: yesterday's fitness minus fatigue">"TSB"</abbr></dt>
                    <dd data-testid="form-tsb">{signed(f.tsb, 1)}</dd>
                </div>
                <div
                    class="pl-form__figure"
                    class:pl-form__figure--warn=steep
                    title=steep.then_some("Fitness rising faster than 8 a week is hard to sustain")
                >
                    <dt>"Ramp rate"</dt>
                    <dd data-testid="form-ramp">
                        {signed(f.ramp, 1)}
                        <span class="pl-form__unit">" /week"</span>
                    </dd>
                </div>
            </dl>
        </section>
    }
    .into_any()
}

fn readiness_label(score: u8) -> (&'static str, &'static str) {
    match score {
        70.. => ("Ready to train", "good"),
        40..=69 => ("Take it steady", "fair"),
        _ => ("Rest recommended", "low"),
    }
}

#[component]
fn ReadinessCard(score: Option<u8>, reasons: Vec<String>) -> impl IntoView {
    let body = match score {
        None => view! {
            <p class="pl-readiness__none">"Connect wellness data to see readiness."</p>
            <p class="pl-card__empty pl-readiness__help">
                "Readiness combines HRV, resting heart rate and sleep from your watch with your form."
            </p>
        }
        .into_any(),
        Some(s) => {
            let s = s.min(100);
            let (label, level) = readiness_label(s);
            view! {
                <div class=format!("pl-readiness__headline pl-readiness--{level}")>
                    <span class="pl-readiness__score" data-testid="readiness-score">{s}</span>
                    <span class="pl-readiness__of">"/ 100"</span>
                    <span class="pl-readiness__label">{label}</span>
                </div>
                <div
                    class=format!("pl-meter pl-readiness--{level}")
                    role="meter"
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=s.to_string()
                    aria-label="Readiness"
                >
                    <span class="pl-meter__fill" style=format!("width: {s}%")></span>
                </div>
                <ul class="pl-readiness__reasons">
                    {reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <section class="pl-card pl-readiness" data-testid="readiness-card" aria-labelledby="readiness-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="readiness-heading">"Readiness"</h2>
            </div>
            {body}
        </section>
    }
}

#[component]
fn WeekLoadCard(week: Vec<SportLoad>) -> impl IntoView {
    let mut rows = week;
    rows.retain(|r| r.sessions > 0 || r.load > 0.0);
    rows.sort_by(|a, b| b.load.total_cmp(&a.load));
    let total = SportLoad {
        sport: Sport::Other,
        load: rows.iter().map(|r| r.load).sum(),
        sessions: rows.iter().map(|r| r.sessions).sum(),
    };
    let show_total = rows.len() > 1;
    let row = |label: &'static str, key: &'static str, r: &SportLoad, sum: bool| {
        view! {
            <tr class="pl-totals__row" class:pl-totals__row--sum=sum>
                <th scope="row" class="pl-totals__sport">
                    <span class=format!("pl-sport-dot pl-sport--{key}") aria-hidden="true"></span>
                    {label}
                </th>
                <td class="pl-totals__num">{r.sessions}</td>
                <td class="pl-totals__num">{format!("{:.0}", r.load)}</td>
            </tr>
        }
    };
    let body = if rows.is_empty() {
        view! { <p class="pl-card__empty">"No load in the last 7 days."</p> }.into_any()
    } else {
        view! {
            <table class="pl-totals">
                <thead>
                    <tr>
                        <th scope="col" class="pl-totals__th">"Sport"</th>
                        <th scope="col" class="pl-totals__th pl-totals__th--num">"Sessions"</th>
                        <th scope="col" class="pl-totals__th pl-totals__th--num">"Load"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .iter()
                        .map(|r| row(r.sport.label(), r.sport.key(), r, false))
                        .collect_view()}
                    {show_total.then(|| row("All sports", "all", &total, true))}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="pl-card pl-dashboard__week" data-testid="week-load" aria-labelledby="week-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="week-heading">"Load this week"</h2>
                <p class="pl-card__meta">"last 7 days"</p>
            </div>
            {body}
        </section>
    }
}

/// ACWR, monotony and strain of the last days: is the load ramping too fast, or the
/// same every day?
#[component]
fn BalanceCard(balance: LoadBalance) -> impl IntoView {
    let b = balance;
    let acwr_band = b.acwr.map(AcwrBand::of);
    let mono_high = b.monotony.is_some_and(|m| m > HIGH_MONOTONY);
    let body = if b.acwr.is_none() && b.monotony.is_none() {
        view! {
            <p class="pl-card__empty">
                "Load balance appears after 4 weeks of training with a load."
            </p>
        }
        .into_any()
    } else {
        view! {
            <p class="pl-balance__summary" data-testid="acwr-band">
                {match acwr_band {
                    Some(band) => format!("This week is {}.", band.label()),
                    None => "Acute:chronic ratio after 4 weeks of history.".to_string(),
                }}
            </p>
            <dl class="pl-form__figures">
                <div
                    class="pl-form__figure"
                    class:pl-form__figure--warn=acwr_band.is_some_and(AcwrBand::warn)
                >
                    <dt>
                        <abbr title="Acute:chronic workload ratio: mean load of the last 7 days ÷ of the last 28. 0.8–1.3 is the sweet spot; above 1.5, injury risk climbs.">
                            "ACWR"
                        </abbr>
                    </dt>
                    <dd data-testid="balance-acwr">{ratio(b.acwr)}</dd>
                </div>
                <div class="pl-form__figure">
                    <dt>
                        <abbr title="The same ratio from exponentially weighted averages, which react to recent days first">
                            "ACWR (EWMA)"
                        </abbr>
                    </dt>
                    <dd data-testid="balance-acwr-ewma">{ratio(b.acwr_ewma)}</dd>
                </div>
                <div class="pl-form__figure" class:pl-form__figure--warn=mono_high>
                    <dt>
                        <abbr title="Foster's monotony: the last 7 days' mean daily load ÷ its standard deviation. Above 2, every day is alike.">
                            "Monotony"
                        </abbr>
                    </dt>
                    <dd data-testid="balance-monotony">{ratio(b.monotony)}</dd>
                </div>
                <div class="pl-form__figure">
                    <dt>
                        <abbr title="The last 7 days' load × monotony">"Strain"</abbr>
                    </dt>
                    <dd data-testid="balance-strain">
                        {b.strain.map_or_else(|| MISSING.to_string(), |s| format!("{s:.0}"))}
                    </dd>
                </div>
            </dl>
        }
        .into_any()
    };
    view! {
        <section class="pl-card pl-balance" data-testid="load-balance" aria-labelledby="balance-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="balance-heading">"Load balance"</h2>
                <p class="pl-card__meta">
                    {format!("{:.0} load in 7 days", b.week_load)}
                </p>
            </div>
            {body}
        </section>
    }
}

fn ratio(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite())
        .map_or_else(|| MISSING.to_string(), |x| format!("{x:.2}"))
}

/// "3 activities have no load yet — set your thresholds in Settings".
#[component]
pub fn UnscoredNotice() -> impl IntoView {
    let app = use_app();
    let count = move || {
        app.dashboard.with(|d| match d {
            Some(Ok(Dashboard { unscored, .. })) => *unscored,
            _ => 0,
        })
    };
    view! {
        <Show when=move || { count() > 0 }>
            <div class="pl-callout pl-callout--info" role="note" data-testid="unscored-notice">
                <p>
                    {move || match count() {
                        1 => "1 activity has no load yet".to_string(),
                        n => format!("{n} activities have no load yet"),
                    }}
                    " — "
                    <a class="pl-link" href="/settings#thresholds">
                        "set your thresholds in Settings"
                    </a>
                    "."
                </p>
            </div>
        </Show>
    }
}

/// PMC ranges: (kind, button label, test-id suffix, what it shows).
const PMC_RANGES: [(LoadChartKind, &str, &str, &str); 3] = [
    (LoadChartKind::Pmc90, "90 days", "90", "the last 90 days"),
    (LoadChartKind::Pmc365, "1 year", "365", "the last year"),
    (LoadChartKind::PmcAll, "All", "all", "all your history"),
];

#[component]
pub fn PmcCard() -> impl IntoView {
    let kind = RwSignal::new(LoadChartKind::Pmc90);
    let source = Signal::derive(move || ChartSource::Load(kind.get(), None));
    let label = Signal::derive(move || {
        let k = kind.get();
        let span = PMC_RANGES.iter().find(|r| r.0 == k).map_or("", |r| r.3);
        format!("Fitness, fatigue and form over {span}")
    });
    view! {
        <section class="pl-card" aria-labelledby="pmc-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="pmc-heading">"Fitness & form"</h2>
                <div class="pl-segmented pl-card__action" role="group" aria-label="Period">
                    {PMC_RANGES
                        .iter()
                        .map(|&(k, text, id, _)| {
                            view! {
                                <button
                                    type="button"
                                    class="pl-segmented__button"
                                    aria-pressed=move || (kind.get() == k).to_string()
                                    data-testid=format!("pmc-range-{id}")
                                    on:click=move |_| kind.set(k)
                                >
                                    {text}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
            <ShellChart source=source height=460 testid="pmc-chart" label=label />
        </section>
    }
}

/// Weekly load per sport and the power curve, side by side when there is room.
#[component]
pub fn LoadCharts() -> impl IntoView {
    view! {
        <div class="pl-dashboard__pair">
            <section class="pl-card" aria-label="Weekly load">
                <ShellChart
                    source=ChartSource::Load(LoadChartKind::WeeklyLoad, None)
                    height=340
                    testid="weekly-load-chart"
                    label="Training load per week and sport"
                />
            </section>
            <section class="pl-card" aria-label="Power curve">
                <ShellChart
                    source=ChartSource::Load(LoadChartKind::PowerCurve, None)
                    height=340
                    testid="power-curve-chart"
                    label="Power curve: best mean power for each duration"
                />
                <crate::components::power_profile::PowerProfileFigures />
            </section>
        </div>
    }
}

/// Morning HRV and resting HR over 90 days, when wellness data is on file.
#[component]
pub fn HrvCard() -> impl IntoView {
    let app = use_app();
    let has = move || {
        app.dashboard.with(|d| {
            matches!(
                d,
                Some(Ok(Dashboard {
                    has_wellness: true,
                    ..
                }))
            )
        })
    };
    view! {
        <Show when=has>
            <section class="pl-card" aria-label="HRV and resting heart rate">
                <ShellChart
                    source=ChartSource::Load(LoadChartKind::HrvTrend, None)
                    height=380
                    testid="hrv-chart"
                    label="Morning HRV with its normal range, and resting heart rate, over the last 90 days"
                />
            </section>
        </Show>
    }
}
