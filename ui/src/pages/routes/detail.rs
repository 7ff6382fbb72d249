//! One route: figures, the grade-coloured profile and the outline, the sections
//! (split, merge, rename) with their estimated times and gears, the estimate form,
//! the assumptions, the bikes the gears are for, and the athlete's efforts.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::units::duration;
use paceline_types::{
    BikeEntry, RouteAssumptionsSet, RouteChartKind, RouteIntensity, RouteView, WireError,
};

use crate::api;
use crate::components::chart::{ChartSource, ShellChart};
use crate::components::status::{ErrorBox, Loading};
use crate::format::{day_long, MISSING};
use crate::routes_form::{grade, intensity, split_at_m, teeth, Mode};
use crate::state::use_app;

#[component]
pub fn RouteDetail(id: i64, on_deleted: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    // What the estimate is made at (`None`: the app's default) and a counter bumped
    // by every edit so the view, the charts and the efforts are fetched again.
    let asked = RwSignal::new(None::<RouteIntensity>);
    let rev = RwSignal::new(0u32);
    let route = LocalResource::new(move || {
        rev.get();
        api::route_view(id, asked.get())
    });
    let error = RwSignal::new(None::<String>);
    let done = move |r: Result<(), WireError>| match r {
        Ok(()) => {
            error.set(None);
            rev.update(|n| *n += 1);
        }
        Err(e) => error.set(Some(e.message)),
    };
    let delete = move |_| {
        spawn_local(async move {
            match api::delete_route(id).await {
                Ok(()) => on_deleted(),
                Err(e) => error.set(Some(e.message)),
            }
        })
    };
    let profile =
        Signal::derive(move || ChartSource::Route(id, RouteChartKind::Profile, rev.get()));
    let outline =
        Signal::derive(move || ChartSource::Route(id, RouteChartKind::Outline, rev.get()));
    view! {
        <section class="pl-card pl-route" data-testid="route-detail" data-id=id.to_string()>
            <Show when=move || error.with(Option::is_some)>
                <p class="pl-form-error" role="alert" data-testid="route-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            {move || match route.get() {
                None => view! { <Loading label="Loading the route…" /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox title="Could not load the route" error=e /> }.into_any(),
                Some(Ok(v)) => view! {
                    <Summary v=v.clone() on_delete=delete />
                    <Estimate v=v.clone() asked=asked error=error />
                    <Sections v=v done=done />
                }
                .into_any(),
            }}
            <ShellChart
                source=profile
                height=300
                testid="route-profile-chart"
                label="Elevation profile coloured by grade, sections marked"
            />
            <ShellChart source=outline height=320 testid="route-outline-chart" label="Route outline" />
            <Assumptions route=route done=done />
            <Bikes rev=rev done=done />
            <Efforts id=id rev=rev />
        </section>
    }
}

#[component]
fn Summary(v: RouteView, on_delete: impl Fn(leptos::ev::MouseEvent) + 'static) -> impl IntoView {
    let app = use_app();
    let u = app.units();
    let stats = format!(
        "{} · ascent {} · descent {} · max grade {} (100 m) · {} → {}",
        u.distance(v.distance_m),
        u.elevation(v.ascent_m),
        u.elevation(v.descent_m),
        grade(v.max_grade_pct),
        u.elevation(v.ele_start_m),
        u.elevation(v.ele_end_m),
    );
    view! {
        <div class="pl-card__head pl-route__head">
            <h2 class="pl-card__title" data-testid="route-name">{v.name.clone()}</h2>
            <button type="button" class="pl-button" data-testid="route-delete" on:click=on_delete>
                "Delete route"
            </button>
        </div>
        <p class="pl-card__meta" data-testid="route-stats">{stats}</p>
        {(!v.has_elevation).then(|| view! {
            <p class="pl-card__meta">"This file has no elevation: grades and climbs are unknown."</p>
        })}
    }
}

#[component]
fn Estimate(
    v: RouteView,
    asked: RwSignal<Option<RouteIntensity>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let (m, t) = Mode::of(&v);
    let mode = RwSignal::new(m);
    let text = RwSignal::new(t);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match intensity(mode.get_untracked(), &text.get_untracked()) {
            Ok(i) => {
                error.set(None);
                asked.set(Some(i));
            }
            Err(msg) => error.set(Some(msg)),
        }
    };
    let speed = app.units().speed(v.avg_speed_mps);
    let used = match (v.power_w, v.pace_s_per_km) {
        (Some(w), _) => format!(
            "at {w:.0} W{}",
            v.ftp_w
                .map(|f| format!(" (FTP {f:.0} W)"))
                .unwrap_or_default()
        ),
        (_, Some(p)) => format!("at {} /km flat pace", duration(p)),
        _ => String::new(),
    };
    view! {
        <form class="pl-goals-form pl-route__estimate" on:submit=submit novalidate>
            <label class="pl-field">
                <span class="pl-field__label">"Estimate at"</span>
                <select
                    class="pl-input"
                    data-testid="route-intensity-mode"
                    on:change=move |ev| mode.set(Mode::from_key(&event_target_value(&ev)))
                >
                    {Mode::ALL
                        .into_iter()
                        .map(|m| view! {
                            <option value=m.key() selected=move || mode.get() == m>{m.label()}</option>
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="pl-field pl-field--narrow">
                <span class="pl-field__label">"Value"</span>
                <input
                    class="pl-input"
                    type="text"
                    inputmode="decimal"
                    data-testid="route-power-input"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
            </label>
            <button type="submit" class="pl-button pl-button--primary" data-testid="route-estimate-submit">
                "Estimate"
            </button>
            <p class="pl-route__total">
                "Total "
                <strong data-testid="route-total-time">{duration(v.est_time_s)}</strong>
                {format!(" {used} · {speed}")}
            </p>
        </form>
    }
}

#[component]
fn Sections(
    v: RouteView,
    done: impl Fn(Result<(), WireError>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let u = app.units();
    let id = v.id;
    let n = v.sections.len();
    let rows = v
        .sections
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let index = i as u32;
            let rename = move |ev: leptos::ev::Event| {
                let name = event_target_value(&ev);
                spawn_local(async move { done(api::rename_route_section(id, index, name).await) });
            };
            let merge = move |_| spawn_local(async move { done(api::merge_route_sections(id, index).await) });
            view! {
                <tr class="pl-table__row pl-table__row--static" data-testid="route-section-row" data-index=i.to_string()>
                    <td class="pl-table__td">
                        <input
                            class="pl-input pl-route__section-name"
                            aria-label=format!("Name of section {}", i + 1)
                            data-testid="route-section-name"
                            value=s.name.clone()
                            on:change=rename
                        />
                    </td>
                    <td class="pl-table__td">
                        <span class=format!("pl-route__kind pl-route__kind--{}", s.kind)>{s.kind.clone()}</span>
                    </td>
                    <td class="pl-table__td pl-table__td--num">{u.distance(s.start_m)}</td>
                    <td class="pl-table__td pl-table__td--num">{u.distance(s.distance_m)}</td>
                    <td class="pl-table__td pl-table__td--num">{u.elevation(s.ascent_m)}</td>
                    <td class="pl-table__td pl-table__td--num">{grade(s.avg_grade_pct)}</td>
                    <td class="pl-table__td pl-table__td--num">{grade(s.max_grade_pct)}</td>
                    <td class="pl-table__td pl-table__td--num" data-testid="route-section-time">
                        {s.est_time_s.map_or_else(|| MISSING.to_string(), duration)}
                    </td>
                    <td class="pl-table__td pl-table__td--num" data-testid="route-section-gear">
                        {s.min_gear.clone().unwrap_or_else(|| MISSING.to_string())}
                    </td>
                    <td class="pl-table__td">
                        {(i + 1 < n).then(|| view! {
                            <button type="button" class="pl-button pl-button--ghost" data-testid="route-section-merge" on:click=merge>
                                "Merge with next"
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let at = RwSignal::new(String::new());
    let split = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match split_at_m(&at.get_untracked()) {
            Some(m) => spawn_local(async move { done(api::split_route_section(id, m).await) }),
            None => done(Err(WireError {
                code: paceline_types::ErrorCode::InvalidInput,
                message: "Give where to split in km from the start, e.g. 12.5.".into(),
            })),
        }
    };
    let reset = move |_| spawn_local(async move { done(api::reset_route_sections(id).await) });
    let bike = match (&v.bike, v.min_cadence_rpm) {
        (Some(b), Some(c)) => {
            format!("Gears for {b} at ≥ {c:.0} rpm on each section's steepest 100 m.")
        }
        _ => "Add a bike below to see the lowest gear each section needs.".to_string(),
    };
    view! {
        <h3 class="pl-card__title">"Sections"</h3>
        <p class="pl-card__meta">{bike}</p>
        <div class="pl-table-wrap">
            <table class="pl-table pl-table--compact" data-testid="route-sections">
                <thead>
                    <tr>
                        <th class="pl-table__th">"Section"</th>
                        <th class="pl-table__th">"Kind"</th>
                        <th class="pl-table__th pl-table__th--num">"From"</th>
                        <th class="pl-table__th pl-table__th--num">"Distance"</th>
                        <th class="pl-table__th pl-table__th--num">"Ascent"</th>
                        <th class="pl-table__th pl-table__th--num">"Avg grade"</th>
                        <th class="pl-table__th pl-table__th--num">"Max grade"</th>
                        <th class="pl-table__th pl-table__th--num">"Est. time"</th>
                        <th class="pl-table__th pl-table__th--num">"Min gear"</th>
                        <th class="pl-table__th"></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <form class="pl-goals-form" on:submit=split novalidate>
            <label class="pl-field pl-field--narrow">
                <span class="pl-field__label">"Split at (km)"</span>
                <input
                    class="pl-input"
                    type="text"
                    inputmode="decimal"
                    data-testid="route-split-km"
                    prop:value=move || at.get()
                    on:input=move |ev| at.set(event_target_value(&ev))
                />
            </label>
            <button type="submit" class="pl-button" data-testid="route-split-submit">"Split"</button>
            {v.sections_edited.then(|| view! {
                <button type="button" class="pl-button pl-button--ghost" data-testid="route-sections-reset" on:click=reset>
                    "Back to automatic sections"
                </button>
            })}
        </form>
    }
}

#[component]
fn Assumptions(
    route: LocalResource<Result<RouteView, WireError>>,
    done: impl Fn(Result<(), WireError>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let field = |label: &'static str, test: &'static str, sig: RwSignal<String>| {
        view! {
            <label class="pl-field pl-field--narrow">
                <span class="pl-field__label">{label}</span>
                <input
                    class="pl-input"
                    type="text"
                    inputmode="decimal"
                    data-testid=test
                    prop:value=move || sig.get()
                    on:input=move |ev| sig.set(event_target_value(&ev))
                />
            </label>
        }
    };
    let (bike, cda, crr, loss) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let rider = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(v)) = route.get() {
            let a = v.assumptions;
            bike.set(format!("{}", a.bike_kg));
            cda.set(format!("{}", a.cda_m2));
            crr.set(format!("{}", a.crr));
            loss.set(format!("{}", a.drivetrain_loss * 100.0));
            rider.set(if a.rider_kg_from_athlete {
                format!("Rider {:.1} kg (your weight today).", a.rider_kg)
            } else {
                format!(
                    "Rider {:.0} kg (a default: set your weight under Settings › Thresholds).",
                    a.rider_kg
                )
            });
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let num = |s: RwSignal<String>| {
            s.get_untracked()
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .ok()
        };
        match (num(bike), num(cda), num(crr), num(loss)) {
            (Some(bike_kg), Some(cda_m2), Some(crr), Some(loss)) => {
                let a = RouteAssumptionsSet {
                    bike_kg,
                    cda_m2,
                    crr,
                    drivetrain_loss: loss / 100.0,
                };
                spawn_local(async move { done(api::set_route_assumptions(a).await) });
            }
            _ => done(Err(WireError {
                code: paceline_types::ErrorCode::InvalidInput,
                message: "Every assumption needs a number.".into(),
            })),
        }
    };
    view! {
        <h3 class="pl-card__title">"Assumptions"</h3>
        <p class="pl-card__meta" data-testid="route-rider">{move || rider.get()}</p>
        <form class="pl-goals-form" on:submit=save novalidate>
            {field("Bike (kg)", "route-assume-bike-kg", bike)}
            {field("CdA (m²)", "route-assume-cda", cda)}
            {field("Crr", "route-assume-crr", crr)}
            {field("Drivetrain loss (%)", "route-assume-loss", loss)}
            <button type="submit" class="pl-button" data-testid="route-assume-save">"Save assumptions"</button>
        </form>
    }
}

#[component]
fn Bikes(
    rev: RwSignal<u32>,
    done: impl Fn(Result<(), WireError>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let bikes = LocalResource::new(move || {
        rev.get();
        api::list_bikes()
    });
    let name = RwSignal::new(String::new());
    let rings = RwSignal::new("50,34".to_string());
    let cogs = RwSignal::new("11,12,13,14,15,17,19,21,24,28,32".to_string());
    let wheel = RwSignal::new("2.136".to_string());
    let cadence = RwSignal::new("60".to_string());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let bad = |message: String| {
            done(Err(WireError {
                code: paceline_types::ErrorCode::InvalidInput,
                message,
            }))
        };
        let (r, c) = match (
            teeth(&rings.get_untracked(), "chainrings"),
            teeth(&cogs.get_untracked(), "cassette"),
        ) {
            (Ok(r), Ok(c)) => (r, c),
            (Err(e), _) | (_, Err(e)) => return bad(e),
        };
        let num = |s: RwSignal<String>| {
            s.get_untracked()
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .ok()
        };
        let (Some(w), Some(cad)) = (num(wheel), num(cadence)) else {
            return bad("Give the wheel circumference in m and the cadence in rpm.".into());
        };
        let b = BikeEntry {
            id: 0,
            name: name.get_untracked(),
            chainrings: r,
            cassette: c,
            wheel_circumference_m: w,
            min_cadence_rpm: cad,
            is_default: false,
        };
        spawn_local(async move { done(api::save_bike(b).await.map(|_| ())) });
    };
    let input = |label: &'static str, test: &'static str, sig: RwSignal<String>| {
        view! {
            <label class="pl-field">
                <span class="pl-field__label">{label}</span>
                <input
                    class="pl-input"
                    type="text"
                    data-testid=test
                    prop:value=move || sig.get()
                    on:input=move |ev| sig.set(event_target_value(&ev))
                />
            </label>
        }
    };
    view! {
        <h3 class="pl-card__title">"Bikes"</h3>
        <ul class="pl-race-list" data-testid="route-bikes">
            {move || bikes.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|b| {
                let id = b.id;
                let remove = move |_| spawn_local(async move { done(api::delete_bike(id).await) });
                let t = |v: &[u16]| v.iter().map(u16::to_string).collect::<Vec<_>>().join(",");
                view! {
                    <li class="pl-race">
                        <span class="pl-race__name">{b.name.clone()}{b.is_default.then_some(" (default)")}</span>
                        <span class="pl-race__meta">
                            {format!("{} × {} · wheel {:.3} m · ≥ {:.0} rpm", t(&b.chainrings), t(&b.cassette), b.wheel_circumference_m, b.min_cadence_rpm)}
                        </span>
                        <button type="button" class="pl-button" on:click=remove>"Remove"</button>
                    </li>
                }
            }).collect_view()}
        </ul>
        <form class="pl-goals-form" on:submit=add novalidate>
            {input("Name", "bike-name", name)}
            {input("Chainrings", "bike-chainrings", rings)}
            {input("Cassette", "bike-cassette", cogs)}
            {input("Wheel (m)", "bike-wheel", wheel)}
            {input("Min cadence (rpm)", "bike-cadence", cadence)}
            <button type="submit" class="pl-button" data-testid="bike-add">"Add bike"</button>
        </form>
    }
}

#[component]
fn Efforts(id: i64, rev: RwSignal<u32>) -> impl IntoView {
    let efforts = LocalResource::new(move || {
        rev.get();
        api::route_efforts(id)
    });
    view! {
        <h3 class="pl-card__title">"Your efforts"</h3>
        {move || match efforts.get() {
            None => view! { <Loading label="Looking for your efforts…" /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox title="Could not match activities" error=e /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <p class="pl-card__meta" data-testid="route-efforts">
                    "No recorded activity rode or ran this route (within 50 m over 90 % of it)."
                </p>
            }
            .into_any(),
            Some(Ok(list)) => view! {
                <ol class="pl-race-list" data-testid="route-efforts">
                    {list.into_iter().map(|e| {
                        let times: Vec<String> = e.section_times_s.iter()
                            .map(|t| t.map_or_else(|| MISSING.to_string(), duration))
                            .collect();
                        view! {
                            <li class="pl-race" data-testid="route-effort">
                                <strong>{duration(e.elapsed_s)}</strong>
                                <a class="pl-race__name" href=format!("/activities/{}", e.activity_id)>{e.name.clone()}</a>
                                <span class="pl-race__meta">
                                    {format!("{} · {}", day_long(e.start_utc.div_euclid(86_400) as i32), times.join(" | "))}
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }
            .into_any(),
        }}
    }
}
