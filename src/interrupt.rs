//! Temporary files removed on SIGINT and SIGTERM.
//!
//! A [`TempGuard`] names a temporary file (and its `-journal`) while it exists. The first
//! guard installs handlers for SIGINT and SIGTERM that unlink every guarded file and then end
//! the process by the same signal, as it would have ended without them. Only
//! async-signal-safe calls run in the handler: the paths are leaked C strings in a fixed
//! table of atomic pointers. (SIGKILL cannot be caught: stale files from a killed run are
//! removed by the next run of the same writer, see [`crate::sync::package`].)

#![allow(unsafe_code)] // signal handlers and unlink: libc calls, each with its SAFETY note

use std::ffi::CString;
use std::path::Path;
use std::sync::Once;
use std::sync::atomic::{AtomicPtr, Ordering};

/// How many files can be guarded at once (more are simply not removed on a signal).
const SLOTS: usize = 64;

static PATHS: [AtomicPtr<libc::c_char>; SLOTS] = [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];
static INSTALL: Once = Once::new();

/// Removes its files when the process gets SIGINT or SIGTERM while it lives.
#[derive(Debug)]
pub struct TempGuard {
    slots: Vec<usize>,
}

impl TempGuard {
    /// Guards `path` and `path-journal`.
    pub fn new(path: &Path) -> Self {
        install();
        let mut slots = Vec::new();
        for p in [
            path.to_path_buf(),
            crate::output_guard::with_suffix(path, "-journal"),
            crate::output_guard::with_suffix(path, "-wal"),
            crate::output_guard::with_suffix(path, "-shm"),
        ] {
            if let Some(slot) = add(&p) {
                slots.push(slot);
            }
        }
        Self { slots }
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        for &slot in &self.slots {
            let old = PATHS[slot].swap(std::ptr::null_mut(), Ordering::SeqCst);
            if !old.is_null() {
                // SAFETY: the pointer came from CString::into_raw in `add` and is no longer
                // visible to the handler.
                drop(unsafe { CString::from_raw(old) });
            }
        }
    }
}

fn add(path: &Path) -> Option<usize> {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    let raw = CString::new(bytes).ok()?.into_raw();
    for (i, slot) in PATHS.iter().enumerate() {
        if slot
            .compare_exchange(std::ptr::null_mut(), raw, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            return Some(i);
        }
    }
    // SAFETY: `raw` was not stored anywhere.
    drop(unsafe { CString::from_raw(raw) });
    None
}

#[cfg(unix)]
extern "C" fn on_signal(sig: libc::c_int) {
    for slot in &PATHS {
        let p = slot.load(Ordering::SeqCst);
        if !p.is_null() {
            // SAFETY: unlink is async-signal-safe; `p` is a valid C string while in the table.
            unsafe { libc::unlink(p) };
        }
    }
    // SAFETY: signal and raise are async-signal-safe; end as the signal would have.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

fn install() {
    #[cfg(unix)]
    INSTALL.call_once(|| {
        for sig in [libc::SIGINT, libc::SIGTERM] {
            // SAFETY: installs a handler that only makes async-signal-safe calls.
            unsafe {
                let mut act: libc::sigaction = std::mem::zeroed();
                act.sa_sigaction = on_signal as *const () as usize;
                libc::sigemptyset(&mut act.sa_mask);
                let mut old: libc::sigaction = std::mem::zeroed();
                libc::sigaction(sig, &act, &mut old);
                // A signal the caller ignores (nohup) stays ignored.
                if old.sa_sigaction == libc::SIG_IGN {
                    libc::sigaction(sig, &old, std::ptr::null_mut());
                }
            }
        }
    });
    #[cfg(not(unix))]
    INSTALL.call_once(|| {});
}
