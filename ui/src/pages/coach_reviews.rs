//! Coach › Reviews: the weekly review (its schedule, "Write this week's review", the
//! reviews written) and the deep analysis (its live progress, runs and reports).

use leptos::prelude::*;

use crate::components::coach_deep::DeepAnalysis;
use crate::components::coach_reviews::WeeklyReviews;
use crate::pages::coach_chat::CoachTabs;

#[component]
pub fn CoachReviewsPage() -> impl IntoView {
    view! {
        <div class="pl-page pl-coach" data-testid="page-coach-reviews">
            <header class="pl-page__header">
                <h1 class="pl-page__title">"Coach › Reviews"</h1>
                <CoachTabs />
            </header>
            <WeeklyReviews />
            <DeepAnalysis />
        </div>
    }
}
