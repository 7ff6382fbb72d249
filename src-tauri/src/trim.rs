//! Gives the memory freed after bursts back to the system.
//!
//! glibc keeps what a thread freed in that thread's arena; after start-up (the UI's
//! assets decompressed, the dashboard computed) one arena held 10.8 MB of which
//! 0.26 MB was in use, and `malloc_trim` took the app from 121.3 to 116.7 MB PSS
//! (measured with gdb on the idle app). It runs a few seconds after start and when a
//! job (an import, a sync, an analysis) ends.

use std::time::Duration;

/// Fixes glibc's thresholds for the life of the process. Call it first in `main`.
///
/// By default glibc raises its mmap threshold to the size of any large block freed
/// (to 19 MB after the vault key's Argon2 pass) and lets each thread's arena keep
/// twice that at its top; `malloc_trim` never shrinks a thread arena's top. So the
/// 7 MB of buffers that decompress the UI's assets stayed resident at idle (5 MB of
/// the UI process's PSS, measured with `malloc_info`). Blocks of 1 MB and more now
/// always come from mmap and go back on free; an arena keeps at most 2 MB free at
/// its top. The cost, measured on the CLI's import of 3,000 files with the same
/// settings (`bench history`): 0.4 s more system time in 16 s of CPU, same wall time.
pub fn fix_thresholds() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: mallopt takes no pointer and sets glibc's tunables under its own lock.
    // It comes first in `main` so every allocation after it follows them.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 2 << 20);
    }
}

/// Trims once, `after` from now, on a short-lived thread.
pub fn later(after: Duration) {
    let spawned = std::thread::Builder::new()
        .name("malloc-trim".into())
        .spawn(move || {
            std::thread::sleep(after);
            now();
        });
    if let Err(e) = spawned {
        tracing::debug!(error = %e, "no trim thread");
    }
}

/// Returns free heap pages of every arena to the system (glibc); elsewhere nothing.
pub fn now() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: malloc_trim takes no pointer and only walks glibc's own arenas under
    // their locks; it is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
