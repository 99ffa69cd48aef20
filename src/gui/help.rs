//! The Help window (Help menu, and the first start's *Help* button): what to do first, the
//! order of the work, and the keys.

use egui::RichText;

/// The steps of a first start, in order.
pub const FIRST_STEPS: [&str; 5] = [
    "1. Import the nominations: Import screen (Ctrl+3, or Ctrl+I to choose the file), a CSV or \
     a workbook (.xlsx, .ods) with one row per delegate. The file is checked first; nothing is \
     written until you confirm.",
    "2. Check and correct delegates: Delegates screen (Ctrl+2); click a row to edit it, approve, \
     reject or withdraw.",
    "3. Print badges: Badges screen (Ctrl+4); tick delegates, or print every accredited badge \
     not printed yet (Ctrl+P).",
    "4. At the door: Door screen (Ctrl+5); the USB scanner's scans are judged at once. Set a PIN \
     and enter door mode for the kiosk.",
    "5. Keep backups: Records screen (Ctrl+0); automatic backups every few minutes.",
];

/// Draws the Help window while `open`.
pub fn window(open: &mut bool, ctx: &egui::Context) {
    if !*open {
        return;
    }
    egui::Window::new("Getting started")
        .open(open)
        .collapsible(false)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.label(RichText::new("What to do first").strong());
            for step in FIRST_STEPS {
                ui.label(step);
            }
            ui.separator();
            ui.label(RichText::new("Keys").strong());
            ui.label(
                "Ctrl+1 … Ctrl+9, Ctrl+0: the tabs from left to right (Ctrl+B: Badge design). \
                 Ctrl+F: search delegates. Ctrl+S: save the open form. Alt+A, Alt+R, Alt+W: \
                 approve, reject, withdraw the open delegate. Escape: close a dialog or the \
                 form. F5: read the database again. F11: the Door screen full screen.",
            );
            ui.label(
                "Every time shown is the event's time (top bar). Confirmations and errors appear \
                 in the status bar at the bottom.",
            );
        });
}
