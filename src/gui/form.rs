//! The delegate edit form: inline validation, photo (file dialog, drag-and-drop or a typed
//! path), approve / reject / withdraw, attention note and the record's audit history.

use std::collections::BTreeSet;
use std::path::Path;

use egui::{RichText, Ui};

use super::context::{Command, Cx};
use super::data::Data;
use super::widgets::{dropped_file, field_error_ui, field_ui, file_hovering, photo_ui};
use crate::registry::audit::AuditEntry;
use crate::registry::validate::{self, FieldProblem, ProblemKind};
use crate::registry::{Delegate, Status};

/// The form's fields, as typed.
#[derive(Debug, Clone)]
pub struct EditForm {
    /// The delegate's id (0 for a new one).
    pub id: i64,
    /// The record as loaded (to tell whether anything changed).
    pub original: Delegate,
    /// External id.
    pub external_id: String,
    /// Delegation code.
    pub delegation: String,
    /// Title.
    pub title: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Native-script name.
    pub native_name: String,
    /// Function.
    pub function: String,
    /// Category code.
    pub category: String,
    /// E-mail.
    pub email: String,
    /// Valid days (empty = all).
    pub days: BTreeSet<String>,
    /// Zones (empty = the category's).
    pub zones: BTreeSet<String>,
    /// Door attention note.
    pub attention: String,
    /// The photo as stored JPEG.
    pub photo: Option<Vec<u8>>,
    /// A photo file path typed by the user.
    pub photo_path: String,
    /// Why the last photo could not be read.
    pub photo_error: Option<String>,
    /// Why the last save failed.
    pub save_error: Option<String>,
    /// The audit history, oldest first.
    pub history: Vec<AuditEntry>,
    /// A reject or withdraw waiting for its reason and confirmation.
    pub status_request: Option<StatusRequest>,
    /// Put the keyboard in the first field on the next frame (opened from the keyboard).
    pub focus_first: bool,
}

/// A status change that needs a reason, asked for in a dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRequest {
    /// The new status.
    pub status: Status,
    /// The reason, as typed.
    pub reason: String,
    /// Put the keyboard in the reason field on the next frame.
    pub focus: bool,
}

/// Inline validation messages, one per field.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors {
    /// Family name.
    pub family_name: Option<String>,
    /// Delegation.
    pub delegation: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// External id.
    pub external_id: Option<String>,
    /// Problems of the other fields (text too long, a day or zone not of the event), each
    /// naming its field.
    pub other: Vec<String>,
}

impl FieldErrors {
    /// Whether every field is valid.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl EditForm {
    /// A form filled from a record.
    pub fn new(d: Delegate, history: Vec<AuditEntry>) -> Self {
        Self {
            id: d.id,
            external_id: d.external_id.clone().unwrap_or_default(),
            delegation: d.delegation.clone(),
            title: d.title.clone(),
            given_name: d.given_name.clone(),
            family_name: d.family_name.clone(),
            native_name: d.native_name.clone(),
            function: d.function.clone(),
            category: d.category.clone(),
            email: d.email.clone(),
            days: d.days.iter().cloned().collect(),
            zones: d.zones.iter().cloned().collect(),
            attention: d.attention.clone(),
            photo: d.photo.clone(),
            photo_path: String::new(),
            photo_error: None,
            save_error: None,
            history,
            status_request: None,
            focus_first: false,
            original: d,
        }
    }

    /// Whether the form holds edits not saved (for a new delegate: anything typed).
    pub fn has_unsaved(&self) -> bool {
        self.to_delegate() != self.original
    }

    /// The record the form describes.
    pub fn to_delegate(&self) -> Delegate {
        let t = |s: &String| s.trim().to_string();
        Delegate {
            id: self.id,
            external_id: Some(t(&self.external_id)).filter(|s| !s.is_empty()),
            delegation: t(&self.delegation).to_ascii_uppercase(),
            title: t(&self.title),
            given_name: t(&self.given_name),
            family_name: t(&self.family_name),
            native_name: t(&self.native_name),
            function: t(&self.function),
            category: t(&self.category),
            email: t(&self.email),
            days: self.days.iter().cloned().collect(),
            zones: self.zones.iter().cloned().collect(),
            photo: self.photo.clone(),
            attention: t(&self.attention),
            ..self.original.clone()
        }
    }

    /// Whether the form differs from the stored record.
    pub fn is_dirty(&self) -> bool {
        self.id == 0 || self.to_delegate() != self.original
    }

    /// A newly read photo.
    pub fn set_photo(&mut self, jpeg: Vec<u8>, from: &Path) {
        self.photo = Some(jpeg);
        self.photo_path = from.display().to_string();
        self.photo_error = None;
    }

    /// Every problem of the delegate the form describes, by the core's one rule
    /// ([`validate::problems`]): exactly what an import or a save refuses.
    pub fn problems(&self, data: &Data) -> Vec<FieldProblem> {
        problems_of(&self.to_delegate(), data)
    }

    /// Checks every field against the registry cache: [`EditForm::problems`] in the form's
    /// words, and the external id not used by another delegate.
    pub fn errors(&self, data: &Data) -> FieldErrors {
        let mut e = FieldErrors::default();
        let d = self.to_delegate();
        for p in problems_of(&d, data) {
            let words = form_words(&p, &d);
            let slot = match p.field {
                "family_name" => &mut e.family_name,
                "delegation" => &mut e.delegation,
                "category" => &mut e.category,
                "email" => &mut e.email,
                "external_id" => &mut e.external_id,
                _ => {
                    e.other.push(words);
                    continue;
                }
            };
            slot.get_or_insert(words);
        }
        let ext = self.external_id.trim();
        if !ext.is_empty() && data.id_by_external(ext).is_some_and(|id| id != self.id) {
            e.external_id = Some(format!("External id {ext} is already used by another delegate."));
        }
        e
    }
}

/// Draws the form; returns true when the user closed it.
pub fn ui(f: &mut EditForm, ui: &mut Ui, cx: &mut Cx<'_>) -> bool {
    // Escape closes the form (asking first when there are unsaved edits), unless a dialog
    // or a drop-down list is open: Escape closes that.
    let mut close = f.status_request.is_none()
        && !egui::Popup::is_any_open(ui.ctx())
        && ui.input(|i| i.key_pressed(egui::Key::Escape));
    // Ctrl+S saves.
    let save_key = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::S);
    if ui.input_mut(|i| i.consume_shortcut(&save_key))
        && f.is_dirty()
        && f.errors(cx.data).is_empty()
        && !cx.locked
    {
        f.save_error = None;
        cx.send(Command::SaveDelegate(Box::new(f.to_delegate())));
    }
    ui.horizontal(|ui| {
        let title = if f.id == 0 {
            "New delegate".to_string()
        } else {
            format!("Delegate {}", f.id)
        };
        ui.heading(title);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Close").clicked() {
                close = true;
            }
        });
    });
    let errors = f.errors(cx.data);
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        fields(f, &errors, ui, cx);
        ui.separator();
        photo(f, ui, cx);
        ui.separator();
        actions(f, &errors, ui, cx);
        ui.separator();
        history(f, ui, cx.data);
    });
    status_dialog(f, ui, cx);
    close
}

/// The reason dialog of Reject and Withdraw: says what it does to whom, and needs a reason.
fn status_dialog(f: &mut EditForm, ui: &mut Ui, cx: &mut Cx<'_>) {
    let Some(req) = &mut f.status_request else { return };
    let d = &f.original;
    let who = format!(
        "{} ({})",
        d.display_name(),
        cx.data.delegation_name(&d.delegation)
    );
    let (heading, effect) = match req.status {
        Status::Withdrawn => (
            "Withdraw the accreditation",
            "Their badge will be refused at the door (REVOKED), with this reason shown there; \
             it is kept in the history.",
        ),
        _ => (
            "Reject the accreditation",
            "They get no badge, and a badge already printed is refused at the door (REVOKED). \
             The reason stays at the desk, in the history.",
        ),
    };
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("status_reason_dialog")).show(ui.ctx(), |ui| {
        ui.set_max_width(440.0);
        ui.heading(heading);
        ui.label(RichText::new(&who).strong());
        ui.label(effect);
        let l = ui.label("Reason (required)");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut req.reason)
                    .hint_text("e.g. replaced by the deputy head of delegation")
                    .desired_width(400.0),
            )
            .labelled_by(l.id);
        if std::mem::take(&mut req.focus) {
            r.request_focus();
        }
        let ok = !req.reason.trim().is_empty() && !cx.locked;
        let enter = (r.has_focus() || r.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let label = format!("{} accreditation", req.status.verb());
            let confirm = ui
                .add_enabled(ok, egui::Button::new(RichText::new(label).strong()))
                .on_disabled_hover_text("Type the reason first.");
            if (confirm.clicked() || enter) && ok {
                cx.send(Command::ChangeStatus {
                    id: d.id,
                    status: req.status,
                    reason: req.reason.trim().to_string(),
                });
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    if close || modal.should_close() {
        f.status_request = None;
    }
}

fn fields(f: &mut EditForm, errors: &FieldErrors, ui: &mut Ui, cx: &mut Cx<'_>) {
    let data = cx.data;
    egui::Grid::new("delegate_fields")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let first = field_ui(ui, "Title", &mut f.title, "H.E. Ms.");
            if std::mem::take(&mut f.focus_first) {
                first.request_focus();
            }
            ui.end_row();
            field_ui(ui, "Given name", &mut f.given_name, "");
            ui.end_row();
            field_ui(ui, "Family name", &mut f.family_name, "required");
            ui.end_row();
            error_row(ui, errors.family_name.as_deref());
            field_ui(
                ui,
                "Native name",
                &mut f.native_name,
                "in the person's own script",
            );
            ui.end_row();
            field_ui(ui, "Function", &mut f.function, "");
            ui.end_row();
            let l = ui.label("Delegation");
            let name = if f.delegation.is_empty() {
                "choose…".to_string()
            } else {
                data.delegation_name(&f.delegation)
            };
            let current = Some(f.delegation.as_str()).filter(|c| !c.is_empty());
            let (r, picked) =
                super::picker::delegation_picker(ui, "form_delegation", name, current, false, data);
            r.labelled_by(l.id);
            if let Some(super::picker::Picked::Code(code)) = picked {
                if f.id == 0
                    && let Some(d) = data.delegation(&code)
                {
                    f.category = d.default_category.clone();
                }
                f.delegation = code;
            }
            ui.end_row();
            error_row(ui, errors.delegation.as_deref());
            let l = ui.label("Category");
            egui::ComboBox::from_id_salt("form_category")
                .selected_text(if f.category.is_empty() {
                    "choose…"
                } else {
                    &f.category
                })
                .show_ui(ui, |ui| {
                    for c in &data.event.categories {
                        ui.selectable_value(
                            &mut f.category,
                            c.code.clone(),
                            format!("{} ({})", c.code, c.label),
                        );
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            error_row(ui, errors.category.as_deref());
            field_ui(ui, "E-mail", &mut f.email, "");
            ui.end_row();
            error_row(ui, errors.email.as_deref());
            field_ui(
                ui,
                "External id",
                &mut f.external_id,
                "from the nominating system",
            );
            ui.end_row();
            error_row(ui, errors.external_id.as_deref());
            ui.label("Days");
            ui.horizontal_wrapped(|ui| {
                for d in &data.event.days {
                    let mut on = f.days.contains(&d.date);
                    if ui.checkbox(&mut on, &d.date).changed() {
                        if on {
                            f.days.insert(d.date.clone());
                        } else {
                            f.days.remove(&d.date);
                        }
                    }
                }
                if f.days.is_empty() {
                    ui.label(RichText::new("(none ticked = every day)").weak());
                }
            });
            ui.end_row();
            ui.label("Zones");
            ui.horizontal_wrapped(|ui| {
                for z in &data.event.zones {
                    let mut on = f.zones.contains(&z.code);
                    if ui.checkbox(&mut on, &z.code).on_hover_text(&z.name).changed() {
                        if on {
                            f.zones.insert(z.code.clone());
                        } else {
                            f.zones.remove(&z.code);
                        }
                    }
                }
                if f.zones.is_empty() {
                    ui.label(RichText::new("(none ticked = the category's)").weak());
                }
            });
            ui.end_row();
            let l = ui.label("Attention note");
            ui.add(
                egui::TextEdit::multiline(&mut f.attention)
                    .hint_text("shown at the door when the badge is scanned")
                    .desired_rows(2)
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
            ui.end_row();
        });
}

/// An inline error under a field of the grid (no row at all when there is none).
fn error_row(ui: &mut Ui, error: Option<&str>) {
    if error.is_some() {
        ui.label("");
        field_error_ui(ui, error);
        ui.end_row();
    }
}

fn photo(f: &mut EditForm, ui: &mut Ui, cx: &mut Cx<'_>) {
    let ctx = ui.ctx().clone();
    if let Some(path) = dropped_file(&ctx) {
        cx.send(Command::LoadPhoto(path));
    }
    ui.horizontal(|ui| {
        let tex = f.photo.as_ref().and_then(|p| cx.photos.texture(&ctx, f.id, p));
        photo_ui(ui, tex.as_ref(), 140.0);
        ui.vertical(|ui| {
            ui.label(RichText::new("Photo").strong());
            if file_hovering(&ctx) {
                ui.label(RichText::new("Drop the image to use it as the photo").strong());
            } else {
                ui.label(RichText::new("Drop a JPEG or PNG on the window, or:").weak());
            }
            if ui.button("Choose photo…").clicked() {
                let picked = rfd::FileDialog::new()
                    .add_filter("Images", &["jpg", "jpeg", "png"])
                    .pick_file();
                match picked {
                    Some(p) => cx.send(Command::LoadPhoto(p)),
                    None => {
                        f.photo_error =
                            Some("No file chosen. You can also type the file's path below.".into())
                    }
                }
            }
            ui.horizontal(|ui| {
                let l = ui.label("Photo file");
                ui.add(egui::TextEdit::singleline(&mut f.photo_path).desired_width(170.0))
                    .labelled_by(l.id);
                if ui.button("Load").clicked() && !f.photo_path.trim().is_empty() {
                    cx.send(Command::LoadPhoto(f.photo_path.trim().into()));
                }
            });
            if f.photo.is_some() && ui.button("Remove photo").clicked() {
                f.photo = None;
            }
            field_error_ui(ui, f.photo_error.as_deref());
        });
    });
}

fn actions(f: &mut EditForm, errors: &FieldErrors, ui: &mut Ui, cx: &mut Cx<'_>) {
    let dirty = f.is_dirty();
    for m in &errors.other {
        field_error_ui(ui, Some(m));
    }
    ui.horizontal(|ui| {
        let can_save = dirty && errors.is_empty() && !cx.locked;
        let save = ui
            .add_enabled(can_save, egui::Button::new(RichText::new("Save").strong()))
            .on_disabled_hover_text(if !errors.is_empty() {
                "Correct the fields marked in red first."
            } else {
                "Nothing changed."
            });
        if save.clicked() {
            f.save_error = None;
            cx.send(Command::SaveDelegate(Box::new(f.to_delegate())));
        }
        if dirty && f.id != 0 && ui.button("Undo changes").clicked() {
            *f = EditForm::new(f.original.clone(), std::mem::take(&mut f.history));
        }
    });
    field_error_ui(ui, f.save_error.as_deref());
    if f.id == 0 {
        return;
    }
    ui.horizontal(|ui| {
        ui.label("Status:");
        super::widgets::status_ui(ui, f.original.status);
    });
    ui.horizontal(|ui| {
        for (label, status) in [
            ("Approve", Status::Accredited),
            ("Reject…", Status::Rejected),
            ("Withdraw…", Status::Withdrawn),
        ] {
            let enabled = !dirty && !cx.locked && f.original.status != status;
            let b = ui
                .add_enabled(enabled, egui::Button::new(label))
                .on_disabled_hover_text(if dirty {
                    "Save or undo your changes first."
                } else {
                    ""
                });
            if b.clicked() {
                if status.needs_reason() {
                    f.status_request = Some(StatusRequest {
                        status,
                        reason: String::new(),
                        focus: true,
                    });
                } else {
                    cx.send(Command::SetStatus(f.id, status));
                }
            }
        }
    });
    let d = &f.original;
    ui.label(format!(
        "Badge version {} · printed {}",
        d.badge_version,
        if d.printed_version == 0 {
            "never".to_string()
        } else {
            format!("version {}", d.printed_version)
        }
    ));
}

fn history(f: &EditForm, ui: &mut Ui, data: &Data) {
    egui::CollapsingHeader::new(format!("History ({})", f.history.len()))
        .id_salt("delegate_history")
        .default_open(true)
        .show(ui, |ui| {
            for e in f.history.iter().rev() {
                let from = e
                    .source
                    .as_deref()
                    .map(|f| format!(" from {f}"))
                    .unwrap_or_default();
                ui.label(
                    RichText::new(format!(
                        "{} · {}{from} · {}",
                        super::clock::local(&e.at, &data.event),
                        action_words(&e.action),
                        e.operator
                    ))
                    .strong(),
                );
                for line in changes(e) {
                    ui.label(format!("    {line}"));
                }
                ui.add_space(4.0);
            }
        });
}

/// The core's rule on a delegate, against the registry cache.
fn problems_of(d: &Delegate, data: &Data) -> Vec<FieldProblem> {
    validate::problems(d, &data.event, |c| data.delegation(c))
}

/// A problem found by the core's rule in the form's words (its pickers and boxes).
fn form_words(p: &FieldProblem, d: &Delegate) -> String {
    match (p.field, p.kind) {
        ("family_name", ProblemKind::Missing) => "The family name is required.".into(),
        ("delegation", ProblemKind::Missing) => "Choose a delegation.".into(),
        ("delegation", ProblemKind::Unknown) => {
            format!("{} is not a delegation of the registry.", d.delegation)
        }
        ("category", ProblemKind::Missing | ProblemKind::Unknown) => "Choose a category.".into(),
        ("email", ProblemKind::Malformed) => {
            "This does not look like an e-mail address (name@example.org).".into()
        }
        (field, _) => format!("{}: {}", field_words(field), p.message),
    }
}

/// A record's field in words: `family_name` -> "Family name".
fn field_words(field: &str) -> String {
    let spaced = field.replace('_', " ");
    let mut c = spaced.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => spaced,
    }
}

/// An audit action in words.
fn action_words(action: &str) -> String {
    match action {
        "create" => "Created".into(),
        "update" => "Changed".into(),
        "status" => "Status changed".into(),
        "reissue" => "Badge reissued".into(),
        "print" => "Badge printed".into(),
        "import" => "Imported".into(),
        other => other.replace('_', " "),
    }
}

/// The fields an audit entry changed, as "Field: before → after".
pub fn changes(e: &AuditEntry) -> Vec<String> {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default()
    };
    let before = parse(&e.before);
    let after = parse(&e.after);
    let show = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => "—".to_string(),
        Some(serde_json::Value::String(s)) if s.is_empty() => "—".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    };
    let mut out = Vec::new();
    for (k, v) in &after {
        if matches!(k.as_str(), "updated_at" | "created_at" | "id") {
            continue;
        }
        let name = field_words(k);
        if e.before.is_none() {
            if !matches!(v, serde_json::Value::String(s) if s.is_empty()) && !v.is_null() {
                out.push(format!("{name}: {}", show(Some(v))));
            }
        } else if before.get(k) != Some(v) {
            out.push(format!("{name}: {} → {}", show(before.get(k)), show(Some(v))));
        }
    }
    out
}
