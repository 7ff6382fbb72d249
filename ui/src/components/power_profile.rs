//! Under the power curve: what the last 90 days of rides say about the athlete's
//! power (critical power by two models, W′, eFTP), with how each was found.

use leptos::prelude::*;
use paceline_types::{CpModel, Dashboard, PowerProfile};

use crate::state::use_app;

fn cp_text(m: &CpModel) -> String {
    let mut s = format!("{:.0} W · W′ {:.1} kJ", m.cp_w, m.w_prime_j / 1000.0);
    if let Some(p) = m.pmax_w {
        s += &format!(" · Pmax {p:.0} W");
    }
    if !m.credible {
        s += " (loose fit)";
    }
    s
}

#[component]
pub fn PowerProfileFigures() -> impl IntoView {
    let app = use_app();
    let profile = move || {
        app.dashboard.with(|d| match d {
            Some(Ok(Dashboard {
                power_profile: Some(p),
                ..
            })) => Some(*p),
            _ => None,
        })
    };
    move || {
        profile().map(|p: PowerProfile| {
            let eftp = p.eftp_w.map(|w| {
                let how = if p.eftp_from_cp {
                    "critical power"
                } else {
                    "95 % of your best 20 min"
                };
                (format!("{w:.0} W"), how)
            });
            let figure = |label: &'static str, tip: &'static str, value: Option<String>, id: &'static str| {
                value.map(|v| {
                    view! {
                        <div class="pl-form__figure">
                            <dt>
                                <abbr title=tip>{label}</abbr>
                            </dt>
                            <dd data-testid=id>{v}</dd>
                        </div>
                    }
                })
            };
            view! {
                <p class="pl-profile__caption">
                    {format!("From your rides of the last {} days", p.days)}
                </p>
                <dl class="pl-form__figures pl-profile__figures" data-testid="power-profile">
                    {figure(
                        "eFTP",
                        "Estimated FTP: the critical power when the fit is credible, else 95 % of the best 20 minutes",
                        eftp.as_ref().map(|(v, how)| format!("{v} ({how})")),
                        "profile-eftp",
                    )}
                    {figure(
                        "CP, 2-parameter",
                        "Monod's model, work = CP·t + W′, over your best 2–20 min efforts",
                        p.cp2.as_ref().map(cp_text),
                        "profile-cp2",
                    )}
                    {figure(
                        "CP, 3-parameter",
                        "Morton's model, P = W′/(t − k) + CP, over your best 1–20 min efforts",
                        p.cp3.as_ref().map(cp_text),
                        "profile-cp3",
                    )}
                    {figure(
                        "Best 20 min",
                        "Your highest 20-minute mean power in the window",
                        p.best_20min_w.map(|w| format!("{w:.0} W")),
                        "profile-20min",
                    )}
                </dl>
            }
        })
    }
}
