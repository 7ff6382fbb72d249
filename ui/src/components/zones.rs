//! Settings › Thresholds: the training zones today's thresholds give (Coggan power,
//! Friel heart rate and run pace), side by side.

use leptos::prelude::*;
use paceline_types::present::zone_range;
use paceline_types::{Sport, ThresholdKind, ZoneSet};

use crate::format::MISSING;
use crate::state::use_app;
use crate::training::threshold_value;

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
                                                <td class="pl-kv__value">{zone_range(z.kind, r, units).unwrap_or_else(|| MISSING.into())}</td>
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
