//! The delegate edit form: inline validation, photo (file dialog, drag-and-drop or a typed
//! path), approve / reject / withdraw, attention note and the record's audit history.
//!
//! This file holds the form's state and its checks (the core's one rule,
//! [`validate::problems`], in the form's words); `view.rs` draws it, `history.rs` shows the
//! record's audit trail.

use std::collections::BTreeSet;
use std::path::Path;

pub mod conflicts;
pub mod history;
mod view;

use crate::gui::data::Data;
use crate::registry::audit::AuditEntry;
use crate::registry::fields::{self, Field};
use crate::registry::validate::{self, FieldProblem, ProblemKind};
use crate::registry::{Delegate, Status};

pub use history::changes;
pub use view::ui;

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
    /// The person's record (gender, nationality, the identity document, ...), as typed: every
    /// field of [`record_form_fields`], in table order.
    pub record: Vec<(Field, String)>,
    /// Whether the sensitive fields are shown in clear (masked until the operator asks).
    pub reveal: bool,
    /// The form was just opened: it shows from its top (not at the last form's scroll).
    pub scroll_top: bool,
    /// The photo's file dialog, open on its own thread.
    pub picking: Option<crate::gui::dialog::Picking>,
}

/// The fields of the person's record the form edits: those [`validate::record_field`]
/// checks that travel in the delegate files (the vetting verdict comes from its own file).
pub fn record_form_fields() -> impl Iterator<Item = Field> {
    validate::record_fields().filter(|f| f.def().csv == fields::Csv::Column)
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
            record: record_form_fields()
                .map(|f| (f, fields::get_text(&d, f)))
                .collect(),
            reveal: false,
            scroll_top: true,
            picking: None,
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
        let mut d = Delegate {
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
        };
        for (f, v) in &self.record {
            if let Some(s) = fields::text_mut(&mut d, *f) {
                *s = t(v);
            }
        }
        d
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

/// The core's rule on a delegate, against the registry cache.
fn problems_of(d: &Delegate, data: &Data) -> Vec<FieldProblem> {
    validate::problems(d, &data.event, |c| data.delegation(c))
}

/// A problem found by the core's rule in the form's words (its pickers and boxes).
fn form_words(p: &FieldProblem, d: &Delegate) -> String {
    match (p.field, p.kind) {
        ("family_name", ProblemKind::Missing) => crate::tr!("form-err-family"),
        ("delegation", ProblemKind::Missing) => crate::tr!("form-err-delegation"),
        ("delegation", ProblemKind::Unknown) => {
            crate::tr!("form-err-unknown-delegation", code = &d.delegation)
        }
        ("category", ProblemKind::Missing | ProblemKind::Unknown) => crate::tr!("form-err-category"),
        ("email", ProblemKind::Malformed) => crate::tr!("form-err-email"),
        (field, _) => format!("{}: {}", field_words(field), p.say.text()),
    }
}

/// A record's field in words: `family_name` -> "Family name" (in the app's language).
pub(super) fn field_words(field: &str) -> String {
    let id = format!("field-{}", field.replace('_', "-"));
    if crate::i18n::has(&id) {
        return crate::tr!(&id);
    }
    let spaced = field.replace('_', " ");
    let mut c = spaced.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => spaced,
    }
}
