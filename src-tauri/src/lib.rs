//! The desktop shell: the only crate that knows Tauri.
//!
//! It owns the window, the tray, the drag-and-drop handler, the Garmin sign-in
//! window, one instance per vault, start at login and the command table;
//! every command is a line or two over `paceline-app`. `builder` is generic over the
//! runtime so the tests can drive the very same table on Tauri's mock runtime.

pub mod args;
mod commands;
pub mod drop;
pub mod events;
pub mod guard;
pub mod instance;
pub mod render;
pub mod signin;
pub mod tray;
mod trim;

use std::sync::Arc;

pub use render::prefer_cpu_rendering;
pub use trim::fix_thresholds as fix_malloc_thresholds;

use paceline_app::App;
use paceline_types::WireError;
use tauri::{Manager, Runtime};

/// Managed state: the opened vault, or why it could not be opened (the UI shows
/// the reason instead of a window that silently fails). Background work (imports,
/// the folder watcher, the demo) belongs to the app's jobs, not to the shell.
pub struct Shell {
    core: Result<Arc<App>, WireError>,
}

impl Shell {
    pub fn new(core: Result<App, WireError>) -> Self {
        Shell {
            core: core.map(Arc::new),
        }
    }

    pub fn app(&self) -> Result<&Arc<App>, WireError> {
        self.core.as_ref().map_err(Clone::clone)
    }
}

/// Gives the generated command table its type (its closure's argument is inferred
/// from this bound), so the argument guard can wrap it.
fn handler_of<R: Runtime, F>(f: F) -> F
where
    F: Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static,
{
    f
}

/// The builder with state, commands and window events wired; `run` adds the rest.
pub fn builder<R: Runtime>(shell: Shell) -> tauri::Builder<R> {
    let handler = handler_of::<R, _>(tauri::generate_handler![
        commands::activities::app_info,
        commands::activities::list_activities,
        commands::activities::get_activity,
        commands::activities::activity_chart,
        commands::activities::activity_metrics,
        commands::activities::set_activity_rpe,
        commands::activities::import_files,
        commands::activities::pick_and_import,
        commands::activities::reprocess,
        commands::activities::list_jobs,
        commands::activities::cancel_job,
        commands::training::dashboard,
        commands::training::load_chart,
        commands::training::get_thresholds,
        commands::training::set_threshold,
        commands::training::delete_threshold,
        commands::training::get_profile,
        commands::training::set_profile,
        commands::training::get_settings,
        commands::training::set_settings,
        commands::training::watched_folders,
        commands::athletes::list_athletes,
        commands::athletes::add_athlete,
        commands::athletes::rename_athlete,
        commands::athletes::archive_athlete,
        commands::athletes::delete_athlete,
        commands::athletes::current_athlete,
        commands::athletes::select_athlete,
        commands::plans::plan_goals,
        commands::plans::add_race,
        commands::plans::remove_race,
        commands::plans::set_availability,
        commands::plans::set_equipment,
        commands::plans::generate_plan,
        commands::plans::plan_calendar,
        commands::plans::move_workout,
        commands::plans::undo_plan,
        commands::plans::plan_diff,
        commands::plans::add_injury,
        commands::plans::remove_injury,
        commands::plans::add_rule,
        commands::plans::remove_rule,
        commands::plans::export_plan,
        commands::routes::list_routes,
        commands::routes::import_route,
        commands::routes::save_activity_as_route,
        commands::routes::route_view,
        commands::routes::route_chart,
        commands::routes::delete_route,
        commands::routes::split_route_section,
        commands::routes::merge_route_sections,
        commands::routes::rename_route_section,
        commands::routes::reset_route_sections,
        commands::routes::route_efforts,
        commands::routes::list_bikes,
        commands::routes::save_bike,
        commands::routes::delete_bike,
        commands::routes::set_route_assumptions,
        commands::logbook::logbook,
        commands::logbook::logbook_exercises,
        commands::logbook::save_own_exercise,
        commands::logbook::save_strength_session,
        commands::logbook::delete_strength_session,
        commands::logbook::strength_templates,
        commands::logbook::save_strength_template,
        commands::logbook::delete_strength_template,
        commands::logbook::start_from_template,
        commands::logbook::save_manual_workout,
        commands::logbook::delete_manual_workout,
        commands::logbook::save_journal,
        commands::logbook::delete_journal,
        commands::logbook::save_body_metrics,
        commands::logbook::delete_body_metrics,
        commands::logbook::logbook_progress,
        commands::logbook::exercise_progress,
        commands::logbook::logbook_chart,
        commands::backup::backup_status,
        commands::backup::backup_now,
        commands::backup::set_backup_schedule,
        commands::backup::stop_backup_schedule,
        commands::garmin::garmin_status,
        commands::garmin::garmin_connect,
        commands::garmin::garmin_sync,
        commands::garmin::garmin_log,
        commands::garmin::garmin_disconnect,
        commands::garmin::garmin_schedule,
        commands::garmin::garmin_signin,
        commands::desktop::autostart,
        commands::desktop::set_autostart,
        commands::people::groups,
        commands::people::add_group,
        commands::people::update_group,
        commands::people::set_group_members,
        commands::people::set_group_schedule,
        commands::people::set_group_whatsapp,
        commands::people::delete_group,
        commands::people::generate_digest,
        commands::people::group_digest,
        commands::people::athlete_digest,
        commands::people::send_digest,
        commands::people::save_digest,
        commands::people::whatsapp_settings,
        commands::people::set_whatsapp,
        commands::people::clear_whatsapp,
        commands::coach::coach_providers,
        commands::coach::coach_add_provider,
        commands::coach::coach_remove_provider,
        commands::coach::coach_order_providers,
        commands::coach::coach_budget,
        commands::coach::coach_set_budget,
        commands::coach::coach_spend,
        commands::coach::coach_prompt_names,
        commands::coach::coach_prompt,
        commands::coach::coach_save_prompt,
        commands::coach::coach_rollback_prompt,
        commands::coach::coach_chat,
        commands::coach::coach_ask,
        commands::coach::coach_suggestions,
        commands::coach::coach_analyze,
        commands::coach::coach_preview,
        commands::coach::coach_approve,
        commands::coach::coach_reject,
        commands::coach::generate_plan_llm,
        commands::coach_jobs::coach_reviews,
        commands::coach_jobs::coach_review_schedule,
        commands::coach_jobs::set_coach_review_schedule,
        commands::coach_jobs::start_coach_review,
        commands::coach_jobs::deep_runs,
        commands::coach_jobs::start_deep_analysis,
        commands::coach_jobs::deep_report,
        commands::coach_jobs::save_deep_report,
    ]);
    tauri::Builder::<R>::new()
        .manage(shell)
        // Only the main window may call the app: the Garmin sign-in window shows
        // Garmin's page, which must never reach a command (second lock to the ACL).
        // Then every command's arguments pass the guard (sizes, ids, days, paths).
        .invoke_handler(move |invoke: tauri::ipc::Invoke<R>| {
            if invoke.message.webview_ref().label() != "main" {
                invoke.resolver.reject(WireError {
                    code: paceline_types::ErrorCode::InvalidInput,
                    message: "only the main window may call Paceline".into(),
                });
                return true;
            }
            let refused = match invoke.message.payload() {
                tauri::ipc::InvokeBody::Json(args) => {
                    guard::check(invoke.message.command(), args).err()
                }
                tauri::ipc::InvokeBody::Raw(_) => Some(WireError {
                    code: paceline_types::ErrorCode::InvalidInput,
                    message: "arguments must be JSON".into(),
                }),
            };
            if let Some(e) = refused {
                tracing::warn!(command = invoke.message.command(), error = %e.message, "arguments refused");
                invoke.resolver.reject(e);
                return true;
            }
            handler(invoke)
        })
        .on_window_event(|window, event| match event {
            tauri::WindowEvent::DragDrop(e) => {
                drop::handle_drag_drop(window.app_handle(), e);
            }
            // With a tray the app keeps running (and syncing) in it; without one,
            // closing the window quits as it always did.
            tauri::WindowEvent::CloseRequested { api, .. }
                if window.label() == "main" && tray::installed(window.app_handle()) =>
            {
                api.prevent_close();
                let _ = window.hide();
            }
            _ => {}
        })
}

/// Starts the desktop app. Returns when the last window closes.
pub fn run(args: args::Args) {
    let cfg = paceline_app::Config::from_env(args.data_dir.clone());
    let _log = paceline_app::logging::init(&cfg.data_dir, args.verbose);
    let core = App::open(&cfg).map_err(|e| {
        tracing::error!(error = %e, "vault could not be opened");
        WireError::from(e)
    });
    let demo = args.demo;
    let files = args.files.clone();
    let context = tauri::generate_context!("../tauri.conf.json");
    let identifier = context.config().identifier.clone();
    builder::<tauri::Wry>(Shell::new(core))
        // first: a second launch must hand over before anything else starts
        .plugin(instance::plugin(&identifier, &cfg.data_dir))
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_autostart::Builder::new().build())
        .setup(move |app| {
            tray::install(app.handle());
            // After the first page has loaded and the dashboard was computed.
            trim::later(std::time::Duration::from_secs(4));
            if let Ok(core) = app.state::<Shell>().app() {
                events::forward(app.handle(), core);
                // Scheduled jobs (Garmin sync, reviews, digests, backups register here).
                if let Err(e) = core.start_scheduler(std::time::Duration::from_secs(5)) {
                    tracing::warn!(error = %e, "scheduler not started");
                }
                if let Err(e) = core.resume_backup_schedule() {
                    tracing::warn!(error = %e, "backup schedule not resumed");
                }
                match core.restore_garmin_schedules() {
                    Ok(n) => tracing::info!(athletes = n, "Garmin sync schedules restored"),
                    Err(e) => tracing::warn!(error = %e, "Garmin sync schedules not restored"),
                }
                match core.restore_review_schedules() {
                    Ok(n) => tracing::info!(athletes = n, "weekly review schedules restored"),
                    Err(e) => tracing::warn!(error = %e, "weekly review schedules not restored"),
                }
                match core.restore_digest_schedules() {
                    Ok(n) => tracing::info!(groups = n, "digest schedules restored"),
                    Err(e) => tracing::warn!(error = %e, "digest schedules not restored"),
                }
                let cwd = std::env::current_dir().unwrap_or_default();
                if let Some(Err(e)) =
                    instance::import_files(app.handle(), instance::absolute(files, &cwd))
                {
                    tracing::error!(error = %e.message, "files of the command line not imported");
                }
                if let Err(e) = core.restart_watch() {
                    tracing::warn!(error = %e, "folder watcher not started");
                }
                if demo {
                    let started = core.current_athlete().and_then(|a| core.start_demo(a, 12));
                    if let Err(e) = started {
                        tracing::error!(error = %e, "demo seeding not started");
                    }
                }
            }
            Ok(())
        })
        .build(context)
        .expect("the desktop shell failed to start")
        .run(|app, event| {
            // Quitting mid-import: cancel the jobs and let them stop between files. A
            // thread still inside the vault while the process exits can crash it there.
            if let tauri::RunEvent::Exit = event {
                if let Ok(core) = app.state::<Shell>().app() {
                    if !core.shutdown_jobs(std::time::Duration::from_secs(5)) {
                        tracing::warn!("jobs still running at exit");
                    }
                }
            }
        });
}
