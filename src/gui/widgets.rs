//! Small widgets shared by the screens. Each is a free function `thing_ui(ui, ..) -> Response`.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use egui::{Color32, Response, RichText, TextEdit, Ui};

use crate::progress::{Progress, ProgressHandle};
use crate::registry::Status;

/// A labelled single-line text field; the label is tied to the field for screen readers
/// (and for tests, which find the field by its label).
pub fn field_ui(ui: &mut Ui, label: &str, value: &mut String, hint: &str) -> Response {
    let l = ui.label(label);
    ui.add(TextEdit::singleline(value).hint_text(hint).desired_width(260.0))
        .labelled_by(l.id)
}

/// An inline validation message under a field (nothing when `error` is `None`).
pub fn field_error_ui(ui: &mut Ui, error: Option<&str>) {
    if let Some(e) = error {
        ui.label(RichText::new(e).color(error_colour(ui)).small());
    }
}

/// The red used for errors, readable on the current theme.
pub fn error_colour(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(255, 120, 110)
    } else {
        Color32::from_rgb(190, 20, 20)
    }
}

/// A coloured status word.
pub fn status_ui(ui: &mut Ui, status: Status) -> Response {
    let dark = ui.visuals().dark_mode;
    let colour = match (status, dark) {
        (Status::Accredited, false) => Color32::from_rgb(20, 120, 40),
        (Status::Accredited, true) => Color32::from_rgb(110, 210, 120),
        (Status::Pending, false) => Color32::from_rgb(160, 100, 0),
        (Status::Pending, true) => Color32::from_rgb(240, 190, 80),
        (_, false) => Color32::from_rgb(170, 30, 30),
        (_, true) => Color32::from_rgb(255, 120, 110),
    };
    ui.label(RichText::new(status_word(status)).color(colour))
}

/// A status in the app's language ("accredited", "akkreditiert").
pub fn status_word(status: Status) -> String {
    crate::tr!(match status {
        Status::Pending => "status-pending",
        Status::Accredited => "status-accredited",
        Status::Rejected => "status-rejected",
        Status::Withdrawn => "status-withdrawn",
    })
}

/// A progress bar with a Cancel button; returns true when Cancel was clicked.
pub fn progress_ui(ui: &mut Ui, label: &str, progress: &ProgressHandle) -> bool {
    let (done, total) = progress.counts();
    let mut cancel = false;
    ui.horizontal(|ui| {
        ui.label(label);
        let text = if total == 0 {
            "starting…".to_string()
        } else {
            format!("{done} of {total}")
        };
        ui.add(
            egui::ProgressBar::new(progress.fraction())
                .text(text)
                .desired_width(320.0)
                .animate(true),
        );
        if progress.cancelled() {
            ui.label(crate::tr!("app-cancelling"));
        } else if ui.button(crate::tr!("door-cancel")).clicked() {
            cancel = true;
        }
    });
    cancel
}

/// Textures of delegates' photos, keyed by delegate and content, made once.
#[derive(Default)]
pub struct Photos {
    map: HashMap<(i64, u64), egui::TextureHandle>,
}

impl std::fmt::Debug for Photos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Photos").field("count", &self.map.len()).finish()
    }
}

impl Photos {
    /// The texture of a JPEG photo (decoded on first use), or `None` if it cannot be decoded.
    pub fn texture(&mut self, ctx: &egui::Context, id: i64, jpeg: &[u8]) -> Option<egui::TextureHandle> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        jpeg.hash(&mut h);
        let key = (id, h.finish());
        if let Some(t) = self.map.get(&key) {
            return Some(t.clone());
        }
        let img = image::load_from_memory(jpeg).ok()?.to_rgba8();
        let size = [img.width() as usize, img.height() as usize];
        let colour = egui::ColorImage::from_rgba_unmultiplied(size, img.as_raw());
        let tex = ctx.load_texture(format!("photo-{id}"), colour, egui::TextureOptions::LINEAR);
        if self.map.len() > 64 {
            self.map.clear();
        }
        self.map.insert(key, tex.clone());
        Some(tex)
    }
}

impl Photos {
    /// The texture of decoded pixels shared by an `Arc` (the event's emblem), made once per
    /// `Arc`.
    pub fn rgba_texture(
        &mut self,
        ctx: &egui::Context,
        img: &std::sync::Arc<image::RgbaImage>,
    ) -> egui::TextureHandle {
        let key = (-1, std::sync::Arc::as_ptr(img) as usize as u64);
        if let Some(t) = self.map.get(&key) {
            return t.clone();
        }
        let size = [img.width() as usize, img.height() as usize];
        let colour = egui::ColorImage::from_rgba_unmultiplied(size, img.as_raw());
        let tex = ctx.load_texture("emblem", colour, egui::TextureOptions::LINEAR);
        self.map.retain(|k, _| k.0 != -1);
        self.map.insert(key, tex.clone());
        tex
    }
}

/// Shows a photo scaled to `height`, or a grey placeholder saying "no photo".
pub fn photo_ui(ui: &mut Ui, tex: Option<&egui::TextureHandle>, height: f32) -> Response {
    match tex {
        Some(t) => {
            let s = t.size_vec2();
            let scale = if s.y > 0.0 { height / s.y } else { 1.0 };
            ui.add(egui::Image::new((t.id(), s * scale)).alt_text(crate::tr!("app-photo-alt")))
        }
        None => {
            let (rect, resp) =
                ui.allocate_exact_size(egui::vec2(height * 0.75, height), egui::Sense::hover());
            ui.painter().rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
            ui.painter().text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                crate::tr!("app-no-photo"),
                egui::FontId::proportional(12.0),
                ui.visuals().weak_text_color(),
            );
            resp
        }
    }
}

/// The path of a file dropped on the window this frame, if any.
pub fn dropped_file(ctx: &egui::Context) -> Option<std::path::PathBuf> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .find_map(|f| Some(f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()))
    })
}

/// Whether a file is being dragged over the window.
pub fn file_hovering(ctx: &egui::Context) -> bool {
    ctx.input(|i| !i.raw.hovered_files.is_empty())
}

/// A checkbox without visible text whose accessible name is `name` ("Tick Maria HUBER").
pub fn tick_ui(ui: &mut Ui, on: &mut bool, name: &str) -> Response {
    let r = ui.add(egui::Checkbox::without_text(on));
    let (enabled, checked) = (r.enabled(), *on);
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, enabled, checked, name));
    r
}

/// A reason field in a dialog: it keeps the keyboard; Enter with a reason typed submits
/// (returns true); Enter on an empty reason keeps the keyboard there and says why.
pub fn reason_field(ui: &mut Ui, label: &str, text: &mut String, hint: &str, width: f32) -> (Response, bool) {
    let l = ui.label(label);
    let r = ui
        .add(TextEdit::singleline(text).hint_text(hint).desired_width(width))
        .labelled_by(l.id);
    let typed = !text.trim().is_empty();
    let enter = (r.has_focus() || r.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let told = r.id.with("empty_enter");
    if enter && !typed {
        ui.data_mut(|d| d.insert_temp(told, true));
    }
    if typed {
        ui.data_mut(|d| d.remove::<bool>(told));
    }
    if (enter && !typed) || (!r.has_focus() && !typed) {
        r.request_focus();
    }
    if ui.data(|d| d.get_temp::<bool>(told)).unwrap_or(false) {
        ui.label(
            egui::RichText::new("Type a reason first: it is logged with your name.").color(error_colour(ui)),
        );
    }
    (r, enter && typed)
}

/// A text with its ISO dates in words: "already admitted Mon 6 Jul 09:01", not
/// "2015-07-06 09:01" (each word that is a date).
pub fn dates_in_words(text: &str) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let words =
        time::macros::format_description!("[weekday repr:short] [day padding:none] [month repr:short]");
    let lang = crate::i18n::current();
    text.split(' ')
        .map(|w| match time::Date::parse(w, &fmt) {
            // In English the short form; in the other languages the date in full, their way.
            Ok(d) if lang == crate::i18n::Lang::En => d.format(&words).unwrap_or_else(|_| w.to_string()),
            Ok(d) => crate::i18n::dates::long(lang, d),
            Err(_) => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}
