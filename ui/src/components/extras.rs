//! The activity page's "Recording" card: multisport legs, extra sensors (running
//! dynamics, Stryd, CORE, Moxy, Connect IQ fields), HRV, pool lengths, strength sets
//! and the other files of the same recording.

use leptos::prelude::*;
use paceline_types::{units::duration, ExtrasSummary};

use crate::state::use_app;

#[component]
pub fn RecordingExtras(extras: ExtrasSummary) -> impl IntoView {
    let app = use_app();
    if extras == ExtrasSummary::default() {
        return ().into_any();
    }
    let x = extras;
    let mut facts: Vec<(&'static str, String)> = Vec::new();
    if !x.streams.is_empty() {
        facts.push((
            "Sensors",
            x.streams
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    if x.hrv_beats > 0 {
        facts.push(("HRV", format!("{} beat-to-beat intervals", x.hrv_beats)));
    }
    if x.active_lengths > 0 {
        let strokes = x
            .strokes
            .map(|s| format!(" · {s} strokes"))
            .unwrap_or_default();
        facts.push(("Pool lengths", format!("{}{strokes}", x.active_lengths)));
    }
    if !x.strength_sets.is_empty() {
        let sets = x
            .strength_sets
            .iter()
            .map(|s| match (s.reps, s.weight_kg) {
                (Some(r), Some(w)) if w > 0.0 => format!("{r} × {w:.1} kg"),
                (Some(r), _) => format!("{r} reps"),
                _ => s.duration_s.map(duration).unwrap_or_else(|| "set".into()),
            })
            .collect::<Vec<_>>()
            .join(" · ");
        facts.push(("Sets", sets));
    }
    if !x.linked_files.is_empty() {
        facts.push(("Also from", x.linked_files.join(", ")));
    }
    let legs = x.legs.clone();
    view! {
        <section class="pl-card" aria-labelledby="recording-heading" data-testid="recording-extras">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="recording-heading">
                    "Recording"
                </h2>
            </div>
            {(!legs.is_empty())
                .then(|| {
                    view! {
                        <table class="pl-table pl-table--compact" data-testid="legs-table">
                            <thead>
                                <tr>
                                    <th class="pl-table__th" scope="col">"Leg"</th>
                                    <th class="pl-table__th" scope="col">"Sport"</th>
                                    <th class="pl-table__th pl-table__th--num" scope="col">"Time"</th>
                                    <th class="pl-table__th pl-table__th--num" scope="col">"Distance"</th>
                                    <th class="pl-table__th pl-table__th--num" scope="col">"Avg HR"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {legs
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, l)| {
                                        view! {
                                            <tr>
                                                <td class="pl-table__td">{i + 1}</td>
                                                <td class="pl-table__td">{l.sport.label()}</td>
                                                <td class="pl-table__td pl-table__td--num">{duration(l.elapsed_s)}</td>
                                                <td class="pl-table__td pl-table__td--num">
                                                    {move || l.distance_m.filter(|d| *d > 0.0).map(|d| app.units().distance(d)).unwrap_or_else(|| "–".into())}
                                                </td>
                                                <td class="pl-table__td pl-table__td--num">
                                                    {l.avg_hr.map(|h| format!("{h:.0}")).unwrap_or_else(|| "–".into())}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                })}
            <dl class="pl-deflist">
                {facts
                    .into_iter()
                    .map(|(k, v)| {
                        view! {
                            <div class="pl-deflist__row">
                                <dt>{k}</dt>
                                <dd>{v}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </section>
    }
    .into_any()
}
