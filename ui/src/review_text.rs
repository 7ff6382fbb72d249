//! Coach › Reviews in words, pure so it is tested on the host: the schedule as typed,
//! the notices of a written review and a finished deep analysis, a review's source,
//! a run's status and the deep analysis' progress.

/// Where the notices link to.
pub const REVIEWS_HREF: &str = "/coach/reviews";

/// The notice when a deep analysis finished all its steps.
pub const DEEP_DONE: &str = "Deep analysis done";

/// The schedule as typed: empty or `off` stops the weekly review (`None`).
pub fn schedule_input(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && !t.eq_ignore_ascii_case("off")).then(|| t.to_string())
}

/// "Weekly review 2026-W48 written".
pub fn review_notice(week: &str) -> String {
    format!("Weekly review {week} written")
}

/// A review's badge: who wrote it.
pub fn source_label(source: &str) -> &'static str {
    match source {
        "llm" => "llm",
        _ => "rules",
    }
}

/// Its tooltip.
pub fn source_title(source: &str) -> &'static str {
    match source {
        "llm" => "Written by the coach's model",
        _ => "Written by rule (no model, or the model failed)",
    }
}

/// A cancelled or failed run continues where it stopped; a done one has a report.
pub fn resumable(status: &str) -> bool {
    matches!(status, "cancelled" | "failed")
}

/// "4 of 6 steps · cancelled".
pub fn run_status_line(status: &str, done: usize, of: usize) -> String {
    match status {
        "done" => format!("done · {of} steps"),
        other => format!("{done} of {of} steps · {other}"),
    }
}

/// How far a run is when step `step` of `of` (1-based) has started: the steps
/// before it are done. 0 when nothing is known yet.
pub fn progress_fraction(step: u32, of: u32) -> f64 {
    if of == 0 || step == 0 {
        return 0.0;
    }
    f64::from(step.min(of) - 1) / f64::from(of)
}

/// "Step 2 of 6: Load and form…", or "Starting…" before the first step.
pub fn progress_line(step: u32, of: u32, title: &str) -> String {
    if step == 0 || of == 0 {
        "Starting…".into()
    } else {
        format!("Step {step} of {of}: {title}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_or_off_stops_the_schedule() {
        assert_eq!(schedule_input("  "), None);
        assert_eq!(schedule_input("Off"), None);
        assert_eq!(schedule_input(" sun 19:00 "), Some("sun 19:00".into()));
    }

    #[test]
    fn notices_name_the_week() {
        assert_eq!(review_notice("2026-W48"), "Weekly review 2026-W48 written");
        assert_eq!(source_label("llm"), "llm");
        assert_eq!(source_label("anything"), "rules");
    }

    #[test]
    fn only_stopped_runs_resume() {
        assert!(resumable("failed"));
        assert!(resumable("cancelled"));
        assert!(!resumable("done"));
        assert!(!resumable("running"));
        assert_eq!(
            run_status_line("cancelled", 4, 6),
            "4 of 6 steps · cancelled"
        );
        assert_eq!(run_status_line("done", 6, 6), "done · 6 steps");
    }

    #[test]
    fn progress_counts_the_steps_before_the_started_one() {
        assert_eq!(progress_fraction(0, 6), 0.0);
        assert_eq!(progress_fraction(1, 6), 0.0);
        assert_eq!(progress_fraction(4, 8), 0.375);
        // A step past the end is clamped, never above 1.
        assert_eq!(progress_fraction(9, 4), 0.75);
        assert_eq!(progress_fraction(3, 0), 0.0);
        assert_eq!(progress_line(2, 6, "Load"), "Step 2 of 6: Load…");
        assert_eq!(progress_line(0, 0, ""), "Starting…");
    }
}
