//! Calendar: the plan's workouts beside what was done, by month or week, with weekly
//! totals (time, distance, load planned vs done) and the projected form. Drag a
//! workout (or select it, then a day) to move it: the plan is re-checked and saved as
//! a new version, or the checker's reasons are shown. The plan's versions below.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{
    CalendarWeek, DoneEntry, PlanCalendar, PlanDiffView, PlanExported, PlannedWorkout, WireError,
};

use crate::api;
use crate::components::status::{ErrorBox, Loading};
use crate::format::{day_iso, day_long, opt_duration, parse_iso_day};

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn monday(day: i32) -> i32 {
    day - (day + 3).rem_euclid(7)
}

/// (year, month) of a day, from its ISO form.
fn year_month(day: i32) -> (i32, u32) {
    let iso = day_iso(day);
    (
        iso[..4].parse().unwrap_or(1970),
        iso[5..7].parse().unwrap_or(1),
    )
}

fn month_start(y: i32, m: u32) -> i32 {
    parse_iso_day(&format!("{y:04}-{m:02}-01")).unwrap_or(0)
}

/// The Monday-to-Sunday span shown: the weeks of the month, or one week.
fn span(anchor: i32, month: bool) -> (i32, i32) {
    if !month {
        let m = monday(anchor);
        return (m, m + 6);
    }
    let (y, mo) = year_month(anchor);
    let first = month_start(y, mo);
    let next = if mo == 12 {
        month_start(y + 1, 1)
    } else {
        month_start(y, mo + 1)
    };
    (monday(first), monday(next - 1) + 6)
}

fn shift(anchor: i32, month: bool, by: i32) -> i32 {
    if !month {
        return anchor + 7 * by;
    }
    let (y, m) = year_month(anchor);
    let idx = y * 12 + m as i32 - 1 + by;
    month_start(idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32)
}

/// The calendar opens on the athlete's today, which comes from the app's clock (the
/// shell), never the browser's: nothing is asked for before the shell has said it.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let today = RwSignal::new(None::<Result<i32, WireError>>);
    spawn_local(async move {
        today.set(Some(api::get_thresholds().await.map(|t| t.today)));
    });
    move || match today.get() {
        None => view! { <Loading label="Loading the calendar…" /> }.into_any(),
        Some(Err(e)) => {
            view! { <ErrorBox title="Could not load the calendar" error=e /> }.into_any()
        }
        Some(Ok(t)) => view! { <CalendarBody today=t /> }.into_any(),
    }
}

#[component]
fn CalendarBody(today: i32) -> impl IntoView {
    let anchor = RwSignal::new(today);
    let month = RwSignal::new(true);
    let reload = RwSignal::new(0u32);
    let selected = RwSignal::new(None::<u32>);
    let message = RwSignal::new(None::<(bool, String)>);
    let cal = LocalResource::new(move || {
        reload.get();
        let (from, to) = span(anchor.get(), month.get());
        api::plan_calendar(from, to)
    });
    let move_to = move |index: u32, day: i32| {
        selected.set(None);
        spawn_local(async move {
            match api::move_workout(index, day).await {
                Ok(v) => {
                    message.set(Some((
                        true,
                        format!("Moved to {}: saved as version {v}.", day_long(day)),
                    )));
                    reload.update(|n| *n += 1);
                }
                Err(e) => message.set(Some((false, e.message))),
            }
        });
    };
    let undo = move |_| {
        spawn_local(async move {
            match api::undo_plan().await {
                Ok(v) => {
                    message.set(Some((true, format!("Undone: saved as version {v}."))));
                    reload.update(|n| *n += 1);
                }
                Err(e) => message.set(Some((false, e.message))),
            }
        });
    };
    let title = move || {
        let (from, to) = span(anchor.get(), month.get());
        if month.get() {
            let (y, m) = year_month(anchor.get());
            format!("{y}-{m:02}")
        } else {
            format!("{} – {}", day_long(from), day_long(to))
        }
    };
    view! {
        <div class="pl-page pl-calendar" data-testid="page-calendar">
            <header class="pl-page__header pl-calendar__header">
                <h1 class="pl-page__title">"Calendar"</h1>
                <div class="pl-calendar__nav">
                    <button type="button" class="pl-button" data-testid="cal-prev"
                        on:click=move |_| anchor.update(|a| *a = shift(*a, month.get_untracked(), -1))>"←"</button>
                    <span class="pl-calendar__title" data-testid="cal-title">{title}</span>
                    <button type="button" class="pl-button" data-testid="cal-next"
                        on:click=move |_| anchor.update(|a| *a = shift(*a, month.get_untracked(), 1))>"→"</button>
                    <button type="button" class="pl-button" on:click=move |_| anchor.set(today)>"Today"</button>
                    <button type="button" class="pl-button" data-testid="cal-mode"
                        on:click=move |_| month.update(|m| *m = !*m)>
                        {move || if month.get() { "Week view" } else { "Month view" }}
                    </button>
                </div>
            </header>
            <Show when=move || message.with(Option::is_some)>
                <p
                    class=move || if message.with(|m| m.as_ref().is_some_and(|m| m.0)) { "pl-calendar__note" } else { "pl-form-error pl-calendar__note" }
                    role="alert"
                    data-testid="cal-message"
                >
                    {move || message.get().map(|m| m.1).unwrap_or_default()}
                </p>
            </Show>
            {move || match cal.get() {
                None => view! { <Loading label="Loading the calendar…" /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox title="Could not load the calendar" error=e /> }.into_any(),
                Some(Ok(c)) => view! {
                    <Grid cal=c.clone() selected=selected move_to=move_to />
                    <Versions cal=c undo=undo />
                }
                .into_any(),
            }}
        </div>
    }
}

#[component]
fn Grid(
    cal: PlanCalendar,
    selected: RwSignal<Option<u32>>,
    move_to: impl Fn(u32, i32) + Copy + 'static,
) -> impl IntoView {
    let dragging = RwSignal::new(None::<u32>);
    let today = cal.today;
    let weeks = cal.weeks.clone();
    let head = WEEKDAYS
        .iter()
        .map(|d| view! { <div class="pl-cal__dow">{*d}</div> })
        .collect_view();
    let rows = weeks
        .into_iter()
        .map(|w| {
            let days = (0..7)
                .map(|k| {
                    let day = w.week_start + k;
                    let planned: Vec<PlannedWorkout> =
                        cal.planned.iter().filter(|p| p.day == day).cloned().collect();
                    let done: Vec<DoneEntry> =
                        cal.done.iter().filter(|d| d.day == day).cloned().collect();
                    let drop = move |ev: leptos::ev::DragEvent| {
                        ev.prevent_default();
                        if let Some(i) = dragging.get_untracked() {
                            dragging.set(None);
                            move_to(i, day);
                        }
                    };
                    let click_day = move |_| {
                        if let Some(i) = selected.get_untracked() {
                            move_to(i, day);
                        }
                    };
                    view! {
                        <div
                            class="pl-cal__day"
                            class:pl-cal__day--today=day == today
                            class:pl-cal__day--past=day < today
                            data-testid=format!("cal-day-{}", day_iso(day))
                            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
                            on:drop=drop
                            on:click=click_day
                        >
                            <span class="pl-cal__date">{day_iso(day)[8..].to_string()}</span>
                            {planned
                                .into_iter()
                                .map(|p| workout_chip(p, selected, dragging))
                                .collect_view()}
                            {done
                                .into_iter()
                                .map(|d| {
                                    view! {
                                        <a class="pl-cal__done" href=format!("/activities/{}", d.activity_id)
                                            title=d.name.clone()>
                                            {format!("✓ {} {}", d.sport.label(), opt_duration(d.duration_min * 60.0))}
                                        </a>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                })
                .collect_view();
            view! {
                <div class="pl-cal__week">
                    {days}
                    {week_totals(&w)}
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="pl-card pl-cal" aria-label="Planned and done">
            <p class="pl-card__meta">
                "Drag a workout to another day, or select it and click the day. Every move is checked first."
            </p>
            <div class="pl-cal__week pl-cal__week--head">{head}<div class="pl-cal__dow">"Week"</div></div>
            {rows}
        </section>
    }
}

fn workout_chip(
    p: PlannedWorkout,
    selected: RwSignal<Option<u32>>,
    dragging: RwSignal<Option<u32>>,
) -> impl IntoView {
    let i = p.index;
    let race = p.kind == "race";
    let tip = format!("{}\n{}\n{}", p.name, p.description, p.steps);
    view! {
        <button
            type="button"
            class=format!("pl-cal__workout pl-cal__workout--{} pl-cal__workout--{}", p.intensity, p.status)
            class:pl-cal__workout--selected=move || selected.get() == Some(i)
            draggable=if race { "false" } else { "true" }
            title=tip
            data-testid=format!("cal-workout-{i}")
            on:dragstart=move |_| dragging.set(Some(i))
            on:click=move |ev| {
                ev.stop_propagation();
                if !race {
                    selected.update(|s| *s = if *s == Some(i) { None } else { Some(i) });
                }
            }
        >
            <span class="pl-cal__sport">{p.sport.clone()}</span>
            {format!(" {} · {} · {:.0} TSS", p.name, opt_duration(p.duration_min * 60.0), p.tss)}
        </button>
    }
}

fn week_totals(w: &CalendarWeek) -> impl IntoView {
    view! {
        <div class="pl-cal__totals" data-testid=format!("cal-week-{}", day_iso(w.week_start))>
            <span>{format!("Time {} / {}", opt_duration(w.done_min * 60.0), opt_duration(w.planned_min * 60.0))}</span>
            // `+ 0.0` turns a negative zero into "0".
            <span>{format!("Load {:.0} / {:.0}", w.done_tss + 0.0, w.planned_tss + 0.0)}</span>
            <span>{format!("Distance {:.1} km", w.done_km + 0.0)}</span>
            {w.projected_tsb.map(|t| view! { <span>{format!("Form {t:+.0}")}</span> })}
            {w.adherence_pct.map(|a| view! { <span>{format!("Adherence {a:.0} %")}</span> })}
        </div>
    }
}

#[component]
fn Versions(cal: PlanCalendar, undo: impl Fn(()) + Copy + 'static) -> impl IntoView {
    let current = cal.version;
    let diff = RwSignal::new(None::<Result<PlanDiffView, WireError>>);
    let rows = cal
        .versions
        .into_iter()
        .rev()
        .map(|v| {
            let (b, parent) = (v.version, v.parent);
            let show = move |_| {
                if let Some(a) = parent {
                    spawn_local(async move { diff.set(Some(api::plan_diff(a, b).await)) });
                }
            };
            view! {
                <li class="pl-version" class:pl-version--current=Some(v.version) == current>
                    {parent.map(|_| view! {
                        <button type="button" class="pl-button pl-button--ghost"
                            data-testid=format!("plan-diff-{b}") on:click=show>"Changes"</button>
                    })}
                    {format!(
                        "v{} {}· {} · {} workouts, {:.0} TSS · {}",
                        v.version,
                        v.parent.map(|p| format!("(from v{p}) ")).unwrap_or_default(),
                        v.source,
                        v.workouts,
                        v.total_tss,
                        v.reason
                    )}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="pl-card" aria-labelledby="versions-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="versions-heading">"Plan versions"</h2>
                <button type="button" class="pl-button" data-testid="plan-undo"
                    disabled=current.is_none() on:click=move |_| undo(())>"Undo last change"</button>
            </div>
            <Show when=move || current.is_none()>
                <p class="pl-page__note">
                    "No plan yet: set your races and hours in " <a class="pl-link" href="/coach">"Coach › Goals"</a>
                    " and generate one."
                </p>
            </Show>
            <ul class="pl-version-list" data-testid="plan-versions">{rows}</ul>
            <Show when=move || current.is_some()>
                <Export />
            </Show>
            <div data-testid="plan-diff" aria-live="polite">
                {move || diff.get().map(|d| match d {
                    Ok(d) => view! {
                        <h3 class="pl-card__title">{format!("Version {} → {}", d.a, d.b)}</h3>
                        <ul class="pl-goals-reasons">
                            {d.removed.into_iter().map(|x| view! { <li>{format!("− {x}")}</li> }).collect_view()}
                            {d.added.into_iter().map(|x| view! { <li>{format!("+ {x}")}</li> }).collect_view()}
                            {d.changed.into_iter().map(|x| view! { <li>{format!("~ {x}")}</li> }).collect_view()}
                            {d.weeks.into_iter().map(|w| view! {
                                <li>{format!(
                                    "Week of {}: {:.0} → {:.0} TSS, {} → {}",
                                    day_long(w.week_start), w.before_tss, w.after_tss,
                                    opt_duration(w.before_min * 60.0), opt_duration(w.after_min * 60.0)
                                )}</li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(e) => view! { <p class="pl-form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}

/// Export buttons: FIT workouts for a watch, an iCalendar file, the JSON.
#[component]
fn Export() -> impl IntoView {
    let result = RwSignal::new(None::<Result<PlanExported, WireError>>);
    let button = move |format: &'static str, label: &'static str| {
        let go = move |_| {
            spawn_local(async move { result.set(Some(api::export_plan(format).await)) });
        };
        view! {
            <button type="button" class="pl-button" data-testid=format!("plan-export-{format}") on:click=go>
                {label}
            </button>
        }
    };
    view! {
        <div class="pl-cal__export">
            {button("fit", "Export FIT workouts")}
            {button("ics", "Export calendar (.ics)")}
            {button("json", "Export JSON")}
        </div>
        <p class="pl-card__meta" data-testid="plan-export-result" aria-live="polite">
            {move || result.get().map(|r| match r {
                Ok(x) => format!(
                    "Version {}: {} file{} saved in {}",
                    x.version,
                    x.files.len(),
                    if x.files.len() == 1 { "" } else { "s" },
                    x.dir
                ),
                Err(e) => e.message,
            })}
        </p>
    }
}
