//! A grid of labelled values ("Distance 42.20 km"), used for an activity's totals.

use leptos::prelude::*;

use crate::format::MISSING;

/// One cell: label, value, and whether it is a headline figure (shown larger).
#[derive(Clone, Debug, PartialEq)]
pub struct Stat {
    pub label: &'static str,
    pub value: String,
    pub primary: bool,
}

impl Stat {
    pub fn new(label: &'static str, value: impl Into<String>) -> Self {
        Stat {
            label,
            value: value.into(),
            primary: false,
        }
    }
    pub fn primary(mut self) -> Self {
        self.primary = true;
        self
    }
}

/// Renders the stats; cells without a value are dropped unless `keep_missing`.
#[component]
pub fn StatGrid(
    #[prop(into)] stats: Signal<Vec<Stat>>,
    #[prop(optional, into)] testid: Option<&'static str>,
    #[prop(optional)] keep_missing: bool,
) -> impl IntoView {
    view! {
        <dl class="pl-stats" data-testid=testid>
            {move || {
                stats
                    .get()
                    .into_iter()
                    .filter(|s| keep_missing || s.value != MISSING)
                    .map(|s| {
                        view! {
                            <div class="pl-stats__cell" class:pl-stats__cell--primary=s.primary>
                                <dt class="pl-stats__label">{s.label}</dt>
                                <dd class="pl-stats__value">{s.value}</dd>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </dl>
    }
}
