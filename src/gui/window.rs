//! The window fits the screen it opens on: a remembered size (or the default 1280x800, which
//! a window manager's frame makes taller than a 1280x800 screen) that does not fit the
//! monitor is maximised, so the status bar (confirmations, errors, progress, Cancel) is never
//! below the screen's edge. Checked at start and after door mode ends, never while full
//! screen.

use egui::ViewportCommand;

/// Whether the window must be checked against its monitor.
#[derive(Debug)]
pub struct Fit {
    /// Frames left in which to check (the window manager reports the window's place a few
    /// frames after it maps it).
    checks_left: u32,
    /// The window was full screen or in door mode at the last check.
    was_full: bool,
}

impl Default for Fit {
    fn default() -> Self {
        Self {
            checks_left: 30,
            was_full: false,
        }
    }
}

impl Fit {
    /// Checks again (after door mode's full screen ends).
    pub fn again(&mut self) {
        self.checks_left = 30;
    }

    /// Once a frame, before drawing: maximises a window larger than its monitor.
    pub fn check(&mut self, ctx: &egui::Context, locked: bool) {
        let (monitor, outer, inner, full, max) = ctx.input(|i| {
            let v = i.viewport();
            (
                v.monitor_size,
                v.outer_rect,
                v.inner_rect,
                v.fullscreen,
                v.maximized,
            )
        });
        let now_full = locked || full == Some(true);
        if self.was_full && !now_full {
            // Door mode or F11 ended: the window comes back at its former size, check it.
            self.again();
        }
        self.was_full = now_full;
        if self.checks_left == 0 || now_full {
            return;
        }
        self.checks_left -= 1;
        if max == Some(true) {
            return;
        }
        let Some(monitor) = monitor else { return };
        let Some(outer) = outer.or(inner) else { return };
        if too_large(monitor, outer) {
            ctx.send_viewport_cmd(ViewportCommand::Maximized(true));
            self.checks_left = 0;
        } else if self.checks_left > 0 {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }
}

/// Whether a window (its frame included) reaches beyond the monitor.
pub fn too_large(monitor: egui::Vec2, outer: egui::Rect) -> bool {
    outer.width() > monitor.x + 0.5
        || outer.height() > monitor.y + 0.5
        || outer.bottom() > monitor.y + 0.5
        || outer.right() > monitor.x + 0.5
}
