//! Small stroke icons (24×24, `currentColor`) for the sidebar and empty states.

use leptos::prelude::*;

/// One icon by name; unknown names render nothing.
#[component]
pub fn Icon(name: &'static str) -> impl IntoView {
    let d: &'static [&'static str] = match name {
        "dashboard" => &["M3 13h8V3H3z", "M13 21h8V11h-8z", "M3 21h8v-6H3z", "M13 9h8V3h-8z"],
        "calendar" => &[
            "M4 5h16v16H4z",
            "M4 10h16",
            "M8 3v4",
            "M16 3v4",
        ],
        "activities" => &["M3 12h4l3-8 4 16 3-8h4"],
        "coach" => &[
            "M12 3a4 4 0 1 1 0 8 4 4 0 0 1 0-8z",
            "M4 21c0-4 3.6-7 8-7s8 3 8 7",
            "M17 4l2-1",
        ],
        "routes" => &[
            "M6 19a2 2 0 1 0 0-4 2 2 0 0 0 0 4z",
            "M18 9a2 2 0 1 0 0-4 2 2 0 0 0 0 4z",
            "M8 17h7a3 3 0 0 0 0-6H9a3 3 0 0 1 0-6h7",
        ],
        "logbook" => &["M5 3h12a2 2 0 0 1 2 2v16H7a2 2 0 0 1-2-2z", "M9 7h6", "M9 11h6"],
        "athletes" => &[
            "M9 4a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7z",
            "M2 20c0-3.5 3-6 7-6s7 2.5 7 6",
            "M16 4.5a3.2 3.2 0 0 1 0 6",
            "M18 14c2.4.6 4 2.8 4 6",
        ],
        "groups" => &[
            "M8 5a3 3 0 1 1 0 6 3 3 0 0 1 0-6z",
            "M16 5a3 3 0 1 1 0 6 3 3 0 0 1 0-6z",
            "M2 20c0-3 2.7-5 6-5s6 2 6 5",
            "M12 20c0-3 1.8-5 4-5s6 2 6 5",
        ],
        "settings" => &[
            "M12 9a3 3 0 1 1 0 6 3 3 0 0 1 0-6z",
            "M12 2v3M12 19v3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M2 12h3M19 12h3M4.9 19.1 7 17M17 7l2.1-2.1",
        ],
        "upload" => &["M12 16V4", "M7 9l5-5 5 5", "M4 16v4h16v-4"],
        "close" => &["M6 6l12 12", "M18 6 6 18"],
        "alert" => &["M12 3 2 20h20z", "M12 10v4", "M12 17v.5"],
        "check" => &["M5 12l5 5 9-10"],
        _ => &[],
    };
    view! {
        <svg
            class="pl-icon"
            viewBox="0 0 24 24"
            width="20"
            height="20"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
        >
            {d.iter().map(|p| view! { <path d=*p></path> }).collect_view()}
        </svg>
    }
}
