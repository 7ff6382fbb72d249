//! The desktop app's malloc thresholds (src/trim.rs). The vault key's Argon2 pass
//! allocates and frees 19 MB at start; with glibc's sliding threshold every later
//! buffer below that size stayed in a thread arena, resident for the app's life.
#![cfg(all(target_os = "linux", target_env = "gnu"))]

#[allow(unsafe_code)]
fn mapped_bytes() -> usize {
    // SAFETY: mallinfo2 only reads glibc's counters and returns them by value.
    unsafe { libc::mallinfo2() }.hblkhd
}

#[test]
fn megabyte_buffers_go_back_to_the_system_after_a_large_free() {
    paceline_desktop::fix_malloc_thresholds();
    std::thread::spawn(|| {
        drop(std::hint::black_box(vec![1u8; 19 << 20]));
        let before = mapped_bytes();
        let buf = std::hint::black_box(vec![1u8; 3 << 20]);
        let during = mapped_bytes();
        drop(buf);
        let after = mapped_bytes();
        assert!(
            during >= before + (3 << 20),
            "a 3 MB buffer came from an arena (mapped {before} -> {during})"
        );
        assert!(after < during, "and its pages went back on free");
    })
    .join()
    .unwrap();
}
