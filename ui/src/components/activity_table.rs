//! The sortable activity table. Sorting, filtering and the highlighted row live in
//! [`crate::state::ListView`]; keyboard handling is done by the page that hosts it.
//! The table scrolls in its own pane and draws only the rows in view
//! ([`crate::virtual_list`]), so a ten-year history opens at once.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use paceline_types::units::duration;
use paceline_types::{ActivityId, ActivitySummary};

use paceline_types::date::{format_date_time, format_utc_offset};

use crate::format::{display_name, opt_distance, opt_num, sport_label};
use crate::state::{use_app, SortKey};
use crate::virtual_list::{scroll_to_show, visible_range, OVERSCAN};

/// Sorts in place by `key`; missing values go last in either direction.
pub fn sort_activities(list: &mut [ActivitySummary], key: SortKey, descending: bool) {
    use std::cmp::Ordering;
    fn opt(a: Option<f64>, b: Option<f64>, desc: bool) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) => {
                let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                if desc {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    list.sort_by(|a, b| {
        let primary = match key {
            SortKey::Date => dir(a.start_utc.cmp(&b.start_utc), descending),
            SortKey::Name => dir(
                display_name(a)
                    .to_lowercase()
                    .cmp(&display_name(b).to_lowercase()),
                descending,
            ),
            SortKey::Sport => dir(a.sport.label().cmp(b.sport.label()), descending),
            SortKey::Duration => dir(
                a.elapsed_s
                    .partial_cmp(&b.elapsed_s)
                    .unwrap_or(Ordering::Equal),
                descending,
            ),
            SortKey::Distance => opt(a.distance_m, b.distance_m, descending),
            SortKey::AvgHr => opt(a.avg_hr, b.avg_hr, descending),
            SortKey::AvgPower => opt(a.avg_power, b.avg_power, descending),
        };
        // Ties: newest first, so the order is stable and predictable.
        primary.then(b.start_utc.cmp(&a.start_utc))
    });
}

fn dir(o: std::cmp::Ordering, descending: bool) -> std::cmp::Ordering {
    if descending {
        o.reverse()
    } else {
        o
    }
}

/// Direction a column starts in when first clicked: numbers and dates high-to-low.
fn default_descending(key: SortKey) -> bool {
    !matches!(key, SortKey::Name | SortKey::Sport)
}

#[component]
fn SortHeader(key: SortKey, label: &'static str, #[prop(optional)] numeric: bool) -> impl IntoView {
    let app = use_app();
    let lv = app.list;
    let active = move || lv.sort.get() == key;
    let aria_sort = move || {
        if !active() {
            "none"
        } else if lv.descending.get() {
            "descending"
        } else {
            "ascending"
        }
    };
    let arrow = move || match (active(), lv.descending.get()) {
        (false, _) => "",
        (true, true) => "↓",
        (true, false) => "↑",
    };
    let click = move |_| {
        if lv.sort.get_untracked() == key {
            lv.descending.update(|d| *d = !*d);
        } else {
            lv.sort.set(key);
            lv.descending.set(default_descending(key));
        }
    };
    view! {
        <th scope="col" class="pl-table__th" class:pl-table__th--num=numeric aria-sort=aria_sort>
            <button type="button" class="pl-table__sort" on:click=click>
                {label}
                <span class="pl-table__arrow" aria-hidden="true">
                    {arrow}
                </span>
            </button>
        </th>
    }
}

/// The element that scrolls the list (the table's own pane, so the header stays put).
const SCROLL_ID: &str = "activity-scroll";
/// A row's height before one has been measured.
const ROW_GUESS_PX: f64 = 41.0;

/// The list pane's scroll element, its sticky header's height and a row's height.
fn pane() -> Option<(web_sys::HtmlElement, f64, f64)> {
    use wasm_bindgen::JsCast;
    let doc = web_sys::window()?.document()?;
    let el = doc
        .get_element_by_id(SCROLL_ID)?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    let height_of = |css: &str| {
        el.query_selector(css)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            .map(|e| f64::from(e.offset_height()))
            .filter(|h| *h >= 1.0)
    };
    let header = height_of("thead").unwrap_or(0.0);
    let row = height_of(".pl-table__row").unwrap_or(ROW_GUESS_PX);
    Some((el, header, row))
}

/// Scrolls the list just enough to show row `idx` (which may not be drawn yet).
pub fn scroll_index_into_view(idx: usize) {
    if let Some((el, header, row)) = pane() {
        let (top, view) = (f64::from(el.scroll_top()), f64::from(el.client_height()));
        if let Some(to) = scroll_to_show(idx, top, view, row, header) {
            el.set_scroll_top(to.round() as i32);
        }
    }
}

#[component]
pub fn ActivityTable(
    /// Rows in display order.
    #[prop(into)]
    rows: Signal<Vec<ActivitySummary>>,
) -> impl IntoView {
    let app = use_app();
    let highlighted = app.list.highlighted;
    let navigate = use_navigate();

    let open = move |id: ActivityId| {
        navigate(&format!("/activities/{id}"), NavigateOptions::default());
    };

    // Only the rows in view (plus a margin) are drawn; spacers keep the scrollbar true.
    let scroll_top = RwSignal::new(0.0_f64);
    let view_h = RwSignal::new(800.0_f64);
    let row_h = RwSignal::new(ROW_GUESS_PX);
    let measure = move || {
        if let Some((el, _, row)) = pane() {
            scroll_top.set(f64::from(el.scroll_top()));
            view_h.set(f64::from(el.client_height()));
            if (row - row_h.get_untracked()).abs() > 0.5 {
                row_h.set(row);
            }
        }
    };
    request_animation_frame(measure);
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let range = Memo::new(move |_| {
        visible_range(
            rows.with(Vec::len),
            scroll_top.get(),
            view_h.get(),
            row_h.get(),
            OVERSCAN,
        )
    });
    let drawn = move || {
        let (a, b) = range.get();
        rows.with(|r| {
            r[a..b]
                .iter()
                .enumerate()
                .map(|(i, s)| (a + i, s.clone()))
                .collect::<Vec<_>>()
        })
    };
    let spacer = move |px: f64| {
        (px >= 0.5).then(|| {
            view! {
                <tr class="pl-table__spacer" aria-hidden="true">
                    <td colspan="7" style:height=format!("{px:.0}px")></td>
                </tr>
            }
        })
    };
    let above = move || spacer(range.get().0 as f64 * row_h.get());
    let below = move || {
        let (_, b) = range.get();
        spacer(rows.with(Vec::len).saturating_sub(b) as f64 * row_h.get())
    };

    view! {
        <div
            class="pl-table-wrap pl-table-wrap--pane"
            id=SCROLL_ID
            on:scroll=move |_| measure()
        >
            <table
                class="pl-table"
                data-testid="activity-table"
                aria-rowcount=move || rows.with(Vec::len) + 1
            >
                <thead>
                    <tr aria-rowindex="1">
                        <SortHeader key=SortKey::Date label="Date" />
                        <SortHeader key=SortKey::Name label="Name" />
                        <SortHeader key=SortKey::Sport label="Sport" />
                        <SortHeader key=SortKey::Duration label="Duration" numeric=true />
                        <SortHeader key=SortKey::Distance label="Distance" numeric=true />
                        <SortHeader key=SortKey::AvgHr label="Avg HR" numeric=true />
                        <SortHeader key=SortKey::AvgPower label="Avg power" numeric=true />
                    </tr>
                </thead>
                <tbody>
                    {above}
                    <For
                        each=drawn
                        key=|(i, a)| (*i, a.id, a.name.clone())
                        children=move |(i, a): (usize, ActivitySummary)| {
                            let id = a.id;
                            let open = open.clone();
                            let is_hl = move || highlighted.get() == Some(id);
                            let units = move || app.units();
                            let dist = a.distance_m;
                            view! {
                                <tr
                                    class="pl-table__row"
                                    class:pl-table__row--highlighted=is_hl
                                    data-testid="activity-row"
                                    data-id=id.to_string()
                                    id=format!("activity-row-{id}")
                                    aria-rowindex=i + 2
                                    aria-current=move || is_hl().then_some("true")
                                    on:click=move |_| open(id)
                                    on:mousemove=move |_| {
                                        if highlighted.get_untracked() != Some(id) {
                                            highlighted.set(Some(id));
                                        }
                                    }
                                >
                                    <td class="pl-table__td pl-table__td--date">
                                        <time title=format_utc_offset(a.utc_offset_s)>
                                            {format_date_time(a.start_utc, a.utc_offset_s)}
                                        </time>
                                    </td>
                                    <td class="pl-table__td pl-table__td--name">
                                        <a
                                            class="pl-table__link"
                                            href=format!("/activities/{id}")
                                            on:focus=move |_| highlighted.set(Some(id))
                                            on:click=|e| e.stop_propagation()
                                        >
                                            {display_name(&a)}
                                        </a>
                                    </td>
                                    <td class="pl-table__td">
                                        <span class=format!(
                                            "pl-sport pl-sport--{}",
                                            a.sport.key(),
                                        )>{sport_label(&a)}</span>
                                    </td>
                                    <td class="pl-table__td pl-table__td--num">
                                        {duration(a.elapsed_s)}
                                    </td>
                                    <td class="pl-table__td pl-table__td--num">
                                        {move || opt_distance(units(), dist)}
                                    </td>
                                    <td class="pl-table__td pl-table__td--num">
                                        {opt_num(a.avg_hr, "bpm")}
                                    </td>
                                    <td class="pl-table__td pl-table__td--num">
                                        {opt_num(a.avg_power, "W")}
                                    </td>
                                </tr>
                            }
                        }
                    />
                    {below}
                </tbody>
            </table>
        </div>
    }
}
