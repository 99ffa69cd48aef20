//! The record's audit history under the form: who changed what, when, in words.

use egui::{RichText, Ui};

use super::{EditForm, field_words};
use crate::gui::data::Data;
use crate::registry::audit::AuditEntry;

pub(super) fn history(f: &EditForm, ui: &mut Ui, data: &Data) {
    egui::CollapsingHeader::new(crate::tr!("form-history", count = f.history.len()))
        .id_salt("form_history")
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
                        crate::gui::clock::local(&e.at, &data.event),
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

/// An audit action in words.
fn action_words(action: &str) -> String {
    match action {
        "create" => crate::tr!("form-h-created"),
        "update" => crate::tr!("form-h-changed"),
        "status" => crate::tr!("form-h-status"),
        "reissue" => crate::tr!("form-h-reissued"),
        "print" => crate::tr!("form-h-printed"),
        "import" => crate::tr!("form-h-imported"),
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
    // A status in words of the app's language.
    let shown = |k: &str, v: Option<&serde_json::Value>| {
        let text = show(v);
        match crate::registry::Status::parse(&text) {
            Some(s) if k == "status" => crate::gui::widgets::status_word(s),
            _ => text,
        }
    };
    let mut out = Vec::new();
    for (k, v) in &after {
        if matches!(k.as_str(), "updated_at" | "created_at" | "id") {
            continue;
        }
        let name = field_words(k);
        if e.before.is_none() {
            if !matches!(v, serde_json::Value::String(s) if s.is_empty()) && !v.is_null() {
                out.push(format!("{name}: {}", shown(k, Some(v))));
            }
        } else if before.get(k) != Some(v) {
            out.push(format!(
                "{name}: {} → {}",
                shown(k, before.get(k)),
                shown(k, Some(v))
            ));
        }
    }
    out
}
