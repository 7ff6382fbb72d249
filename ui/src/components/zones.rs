//! Settings › Thresholds: the training zones today's thresholds give (Coggan power,
//! Friel heart rate and run pace), side by side.

use leptos::prelude::*;
use paceline_types::{Sport, ThresholdKind, Units, ZoneRange, ZoneSet};

use crate::state::use_app;
use crate::training::{kind_unit, threshold_number, threshold_value};

/// "up to 138", "138–188", "from 375"; for a pace model the slower pace is the
/// smaller speed, so the range reads fast to slow ("4:31–5:10").
fn range(kind: ThresholdKind, r: &ZoneRange, units: Units) -> String {
    let n = |v: f64| threshold_number(kind, v, units);
    let unit = kind_unit(kind, units);
    if kind == ThresholdKind::ThresholdSpeed {
        return match (r.low, r.high) {
            (None, Some(h)) => format!("slower than {} {unit}", n(h)),
            (Some(l), None) => format!("faster than {} {unit}", n(l)),
            (Some(l), Some(h)) => format!("{}–{} {unit}", n(h), n(l)),
            (None, None) => String::new(),
        };
    }
    match (r.low, r.high) {
        (None, Some(h)) => format!("up to {} {unit}", n(h)),
        (Some(l), None) => format!("from {} {unit}", n(l)),
        (Some(l), Some(h)) => format!("{}–{} {unit}", n(l), n(h)),
        (None, None) => String::new(),
    }
}

#[component]
pub fn ZoneTables(sets: Vec<ZoneSet>) -> impl IntoView {
    let app = use_app();
    if sets.is_empty() {
        return ().into_any();
    }
    let tables = move || {
        let units = app.units();
        sets.iter()
            .map(|z| {
                let basis = format!(
                    "{} {}",
                    match z.kind {
                        ThresholdKind::Ftp => "FTP",
                        ThresholdKind::ThresholdSpeed => "threshold pace",
                        _ => "LTHR",
                    },
                    threshold_value(z.kind, z.threshold, units)
                );
                let testid = format!(
                    "zones-{}-{}",
                    z.kind.key(),
                    z.sport.map_or("all", Sport::key)
                );
                view! {
                    <div class="pl-zones__set" data-testid=testid>
                        <h4 class="pl-zones__title">{z.title.clone()}</h4>
                        <p class="pl-zones__basis">{basis}</p>
                        <table class="pl-kv pl-zones__table">
                            <tbody>
                                {z
                                    .zones
                                    .iter()
                                    .map(|r| {
                                        view! {
                                            <tr class="pl-kv__row">
                                                <th scope="row" class="pl-kv__label">{r.name.clone()}</th>
                                                <td class="pl-kv__value">{range(z.kind, r, units)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <div class="pl-zones">
            <h3 class="pl-suggestions__title">"Your zones today"</h3>
            <div class="pl-zones__grid">{tables}</div>
        </div>
    }
    .into_any()
}
