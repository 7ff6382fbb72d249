//! The stack of import notices: "Importing 3 files…", then the report with every
//! failed or skipped file and its reason; and "Digest 2026-W48 of Club ready" when a
//! scheduled digest was made; "Weekly review 2026-W48 written" and "Deep analysis
//! done" from the coach. Failures stay until dismissed.

use leptos::prelude::*;
use paceline_types::{FileOutcome, ImportProgress, ImportReport};

use crate::components::icons::Icon;
use crate::format::file_name;
use crate::review_text::REVIEWS_HREF;
use crate::state::{use_app, ImportNotice, NoticeKind};

#[component]
pub fn ImportToasts() -> impl IntoView {
    let app = use_app();
    view! {
        <section class="pl-toasts" aria-label="Import notifications">
            <For
                each=move || app.notices.get()
                key=|n| (n.id, matches!(n.kind, NoticeKind::Done(_)))
                children=move |n: ImportNotice| view! { <Toast notice=n /> }
            />
        </section>
    }
}

#[component]
fn Toast(notice: ImportNotice) -> impl IntoView {
    let app = use_app();
    let id = notice.id;
    let job = notice.job;
    let dismiss = move |_| app.dismiss_notice(id);
    // This notice's own progress (each running import has its own notice).
    let progress = move || {
        app.notices.with(|v| {
            v.iter().find(|n| n.id == id).and_then(|n| match &n.kind {
                NoticeKind::InProgress(p) => p.clone(),
                NoticeKind::Done(_) | NoticeKind::Digest(_) | NoticeKind::Coach(_) => None,
            })
        })
    };
    match notice.kind {
        NoticeKind::InProgress(_) => view! {
            <div class="pl-toast pl-toast--progress" role="status" data-testid="import-progress">
                <div class="pl-toast__head">
                    <span class="pl-toast__spinner" aria-hidden="true"></span>
                    <p class="pl-toast__headline">
                        {move || match progress() {
                            Some(p) if p.files_total == 1 => "Importing 1 file…".to_string(),
                            Some(p) if p.files_total > 0 => {
                                format!("Importing {} of {} files…", p.files_done, p.files_total)
                            }
                            _ => "Importing…".to_string(),
                        }}
                    </p>
                    <button
                        class="pl-button"
                        type="button"
                        data-testid="import-cancel"
                        title="Stop after the files in flight; everything stored stays whole"
                        on:click=move |_| {
                            if let Some(job) = job {
                                leptos::task::spawn_local(async move {
                                    let _ = crate::api::cancel_job(job).await;
                                })
                            }
                        }
                    >
                        "Cancel"
                    </button>
                </div>
                {move || {
                    progress()
                        .map(|p| {
                            view! {
                                <progress
                                    class="pl-toast__bar"
                                    max="1"
                                    value=p.fraction()
                                    aria-label="Import progress"
                                ></progress>
                                <p class="pl-toast__detail">{progress_line(&p)}</p>
                            }
                        })
                }}
            </div>
        }
        .into_any(),
        NoticeKind::Digest(d) => {
            let href = format!("/groups/{}/digest?week={}", d.group_id, d.week);
            link_toast(d.failed, d.line, href, "Open the digest", "digest", dismiss)
        }
        NoticeKind::Coach(line) => link_toast(
            false,
            line,
            REVIEWS_HREF.to_string(),
            "Open Coach › Reviews",
            "coach",
            dismiss,
        ),
        NoticeKind::Done(report) => {
            // A full disk stopping the import is an alert too, even with no failed file.
            let failed = report.failed() > 0 || report.stopped.is_some();
            let (role, icon) = if failed {
                ("alert", "alert")
            } else {
                ("status", "check")
            };
            let problems = problem_rows(&report);
            let imported = imported_names(&report);
            view! {
                <div
                    class="pl-toast"
                    class:pl-toast--error=failed
                    role=role
                    data-testid="import-toast"
                >
                    <div class="pl-toast__head">
                        <span class="pl-toast__icon" aria-hidden="true">
                            <Icon name=icon />
                        </span>
                        <p class="pl-toast__headline">{report.headline()}</p>
                        <button
                            class="pl-toast__close"
                            type="button"
                            aria-label="Dismiss import report"
                            title="Dismiss"
                            on:click=dismiss
                        >
                            <Icon name="close" />
                        </button>
                    </div>
                    {(!imported.is_empty())
                        .then(|| view! { <p class="pl-toast__detail">{imported}</p> })}
                    {(!problems.is_empty())
                        .then(|| {
                            view! {
                                <ul class="pl-toast__list">
                                    {problems
                                        .into_iter()
                                        .map(|(failure, name, path, reason)| {
                                            view! {
                                                <li
                                                    class="pl-toast__item"
                                                    class:pl-toast__item--failed=failure
                                                    data-testid="import-failure"
                                                >
                                                    <span class="pl-toast__file" title=path>
                                                        {name}
                                                    </span>
                                                    <span class="pl-toast__reason">{reason}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                </div>
            }
            .into_any()
        }
    }
}

/// "41.2 of 980.0 MB · about 31 s left · ride.fit"
fn progress_line(p: &ImportProgress) -> String {
    let mb = |b: u64| b as f64 / 1e6;
    let mut s = format!("{:.1} of {:.1} MB", mb(p.bytes_done), mb(p.bytes_total));
    if let Some(eta) = p.eta_s {
        s += &if eta >= 90.0 {
            format!(" · about {} min left", (eta / 60.0).round())
        } else {
            format!(" · about {} s left", eta.round())
        };
    }
    if !p.current.is_empty() {
        s += &format!(" · {}", file_name(&p.current));
    }
    s
}

/// Failed and skipped files: (is_failure, file name, full path, reason).
fn problem_rows(report: &ImportReport) -> Vec<(bool, String, String, String)> {
    report
        .files
        .iter()
        .filter_map(|o| match o {
            FileOutcome::Failed { path, reason } => Some((true, path, reason)),
            FileOutcome::Skipped { path, reason } => Some((false, path, reason)),
            FileOutcome::AlreadyPresent {
                path,
                note: Some(note),
                ..
            } => Some((false, path, note)),
            _ => None,
        })
        .map(|(failure, path, reason)| {
            let linked = report.files.iter().any(
                |o| matches!(o, FileOutcome::AlreadyPresent { note: Some(n), .. } if n == reason),
            );
            let reason = if failure || linked {
                reason.clone()
            } else {
                format!("skipped: {reason}")
            };
            (failure, file_name(path).to_string(), path.clone(), reason)
        })
        .collect()
}

/// "New: Morning Run, Intervals and 3 more".
fn imported_names(report: &ImportReport) -> String {
    let names: Vec<&str> = report
        .files
        .iter()
        .filter_map(|o| match o {
            FileOutcome::Imported { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    match names.len() {
        0 => String::new(),
        1..=3 => format!("New: {}", names.join(", ")),
        n => format!("New: {} and {} more", names[..2].join(", "), n - 2),
    }
}

/// A finished job's notice with a link to what it made (the digest, the coach's
/// reviews); `what` names it in the test ids (`{what}-toast`, `{what}-toast-open`) and
/// the dismiss button's label.
fn link_toast(
    failed: bool,
    line: String,
    href: String,
    link: &'static str,
    what: &'static str,
    dismiss: impl Fn(leptos::ev::MouseEvent) + Copy + 'static,
) -> AnyView {
    view! {
        <div
            class="pl-toast"
            class:pl-toast--error=failed
            role=if failed { "alert" } else { "status" }
            data-testid=format!("{what}-toast")
        >
            <div class="pl-toast__head">
                <span class="pl-toast__icon" aria-hidden="true">
                    <Icon name=if failed { "alert" } else { "check" } />
                </span>
                <p class="pl-toast__headline">{line}</p>
                <button
                    class="pl-toast__close"
                    type="button"
                    aria-label=format!("Dismiss {what} notice")
                    title="Dismiss"
                    on:click=dismiss
                >
                    <Icon name="close" />
                </button>
            </div>
            <p class="pl-toast__detail">
                <a class="pl-link" href=href data-testid=format!("{what}-toast-open") on:click=dismiss>
                    {link}
                </a>
            </p>
        </div>
    }
    .into_any()
}
