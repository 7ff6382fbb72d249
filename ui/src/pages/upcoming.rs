//! Pages that are planned but not built yet: each says plainly what it will hold.

use leptos::prelude::*;

use crate::components::icons::Icon;

struct Upcoming {
    icon: &'static str,
    title: &'static str,
    lead: &'static str,
    points: &'static [&'static str],
}

fn describe(page: &str) -> Upcoming {
    match page {
        "routes" => Upcoming {
            icon: "routes",
            title: "Routes",
            lead: "The places you train: routes from your GPS tracks, segments you repeat, and courses to follow.",
            points: &[
                "Routes detected from recorded activities",
                "Your efforts on the same route compared over time",
                "Import and export of GPX courses for your device",
            ],
        },
        _ => Upcoming {
            icon: "athletes",
            title: "Athletes",
            lead: "Profiles for you and anyone you coach: zones, thresholds and equipment.",
            points: &[
                "Heart-rate and power zones, thresholds and their history",
                "Several athletes in one vault, each with their own data",
                "Bikes, shoes and their mileage",
            ],
        },
    }
}

#[component]
pub fn UpcomingPage(page: &'static str) -> impl IntoView {
    let d = describe(page);
    view! {
        <div class="pl-page pl-upcoming" data-testid=format!("page-{page}")>
            <header class="pl-page__header">
                <h1 class="pl-page__title">{d.title}</h1>
            </header>
            <section class="pl-card pl-upcoming__card">
                <div class="pl-upcoming__icon">
                    <Icon name=d.icon />
                </div>
                <p class="pl-upcoming__lead">{d.lead}</p>
                <ul class="pl-upcoming__list">
                    {d.points.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}
                </ul>
                <p class="pl-upcoming__badge">"Coming in a later release"</p>
            </section>
        </div>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <div class="pl-page">
            <header class="pl-page__header">
                <h1 class="pl-page__title">"Page not found"</h1>
            </header>
            <p class="pl-page__note">
                "Nothing lives at this address. " <a class="pl-link" href="/">
                    "Go to the dashboard"
                </a>
            </p>
        </div>
    }
}
