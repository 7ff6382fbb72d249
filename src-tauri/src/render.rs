//! How WebKitGTK draws the window: GPU compositing, or the CPU ("low memory").
//!
//! Without a GPU (a VM, a remote desktop, Xvfb) WebKit's compositor runs on Mesa's
//! software rasterizer, llvmpipe, which holds ~140 MB in the web process at idle
//! (`cargo xtask bench app`, whole app: 395.7 MB composited, 245 MB as here). Drawing
//! on the CPU costs nothing there that the GPU path does not already cost, so it is
//! the default when the machine has no GPU render node; `PACELINE_LOW_MEMORY=1` or `0`
//! decides instead.
//!
//! In CPU mode the UI process needs no OpenGL at all, yet GTK probes GLX when it opens
//! the display and WebKit's UI process opens an EGL display; each load of Mesa's
//! driver maps LLVM (~20 MB PSS per process, measured). GTK is told `GDK_GL=disable`;
//! EGL (glvnd) reads where its vendors live once, on its first call, so that first
//! call is made here with no vendor directory, and the variable restored before any
//! child starts: the web process, which does draw with EGL, still finds Mesa.

/// Picks the drawing mode. Call it at the very start of `main`, before any thread
/// exists: it sets environment variables that GTK and WebKit read when they start.
pub fn prefer_cpu_rendering() {
    #[cfg(target_os = "linux")]
    {
        let forced = std::env::var_os("PACELINE_LOW_MEMORY");
        let cpu = match forced.as_deref().and_then(|v| v.to_str()) {
            Some("1") => true,
            Some("0") => false,
            _ => !has_render_node(std::path::Path::new("/dev/dri")),
        };
        if cpu {
            linux::cpu_only();
        }
    }
}

/// A DRM render node is what Mesa draws on with a GPU; none means llvmpipe.
#[cfg(target_os = "linux")]
fn has_render_node(dri: &std::path::Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|d| {
        d.flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

#[cfg(target_os = "linux")]
mod linux {
    const COMPOSITING_OFF: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    const VENDOR_DIRS: &str = "__EGL_VENDOR_LIBRARY_DIRS";

    pub(super) fn cpu_only() {
        set_unless_given(COMPOSITING_OFF, "1");
        // Compositing asked for explicitly needs GL in this process too.
        if std::env::var_os(COMPOSITING_OFF).is_some_and(|v| v != "1") {
            return;
        }
        set_unless_given("GDK_GL", "disable");
        // A user's own EGL vendor setting is left alone (and so is their EGL).
        if std::env::var_os(VENDOR_DIRS).is_some()
            || std::env::var_os("__EGL_VENDOR_LIBRARY_FILENAMES").is_some()
        {
            return;
        }
        std::env::set_var(VENDOR_DIRS, "/nonexistent/paceline-no-egl");
        // glvnd loads its vendor list on this first call; with none, no driver is
        // mapped, and WebKit's UI process later finds no EGL display and draws
        // shared-memory frames (its CPU path). A libEGL without glvnd ignores the
        // variable: EGL then loads as before, nothing else changes.
        let egl = khronos_egl::Instance::new(khronos_egl::Static);
        let _ = egl.query_string(None, khronos_egl::EXTENSIONS);
        std::env::remove_var(VENDOR_DIRS);
    }

    fn set_unless_given(key: &str, value: &str) {
        if std::env::var_os(key).is_none() {
            std::env::set_var(key, value);
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::has_render_node;

    #[test]
    fn a_gpu_is_a_render_node() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(&dir.path().join("absent")));
        std::fs::write(dir.path().join("card0"), b"").unwrap();
        assert!(
            !has_render_node(dir.path()),
            "a display card alone is not one"
        );
        std::fs::write(dir.path().join("renderD128"), b"").unwrap();
        assert!(has_render_node(dir.path()));
    }
}
