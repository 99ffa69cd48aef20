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
                for line in changes(e, data) {
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

/// A field's name in words ("Printed", not `printed_version`).
fn name_words(key: &str) -> String {
    match key {
        "printed_version" => crate::tr!("hist-printed"),
        "badge_version" => crate::tr!("hist-badge"),
        "external_id" => crate::tr!("hist-external-id"),
        "attention" => crate::tr!("hist-attention"),
        other => field_words(other),
    }
}

/// A date in words of the app's language, "Tuesday 7 July 2015" (the text itself when it
/// is not a date).
fn date_words(date: &str) -> String {
    crate::i18n::dates::with_weekday_iso(crate::i18n::current(), date)
}

/// A recorded value in words: dates, zone and category names, delegation names, badge
/// versions; never JSON.
pub fn value_words(key: &str, v: Option<&serde_json::Value>, data: &Data) -> String {
    use serde_json::Value;
    let list = |items: &[Value], each: &dyn Fn(&str) -> String| {
        items
            .iter()
            .map(|x| match x {
                Value::String(s) => each(s),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (key, v) {
        ("days", None | Some(Value::Null)) => crate::tr!("hist-every-day"),
        ("days", Some(Value::Array(a))) if a.is_empty() => crate::tr!("hist-every-day"),
        ("days", Some(Value::Array(a))) => list(a, &date_words),
        ("zones", None | Some(Value::Null)) => crate::tr!("hist-category-zones"),
        ("zones", Some(Value::Array(a))) if a.is_empty() => crate::tr!("hist-category-zones"),
        ("zones", Some(Value::Array(a))) => list(a, &|z| {
            data.event
                .zones
                .iter()
                .find(|x| x.code == z)
                .map(|x| {
                    if x.name.is_empty() {
                        x.code.clone()
                    } else {
                        x.name.clone()
                    }
                })
                .unwrap_or_else(|| z.to_string())
        }),
        ("printed_version", Some(Value::Number(n))) => match n.as_u64() {
            Some(0) => crate::tr!("hist-not-printed"),
            Some(n) => crate::tr!("hist-version-printed", version = n.to_string()),
            None => n.to_string(),
        },
        ("badge_version", Some(Value::Number(n))) => crate::tr!("hist-version", version = n.to_string()),
        // A status in words of the app's language.
        ("status", Some(Value::String(s))) if crate::registry::Status::parse(s).is_some() => {
            crate::registry::Status::parse(s).map_or_else(|| s.clone(), crate::gui::widgets::status_word)
        }
        ("delegation", Some(Value::String(c))) if !c.is_empty() => data.delegation_name(c),
        ("category", Some(Value::String(c))) if !c.is_empty() => match data.event.category(c) {
            Some(cat) => format!("{} ({c})", cat.label),
            None => c.clone(),
        },
        ("photo", Some(Value::String(_))) => crate::tr!("hist-a-photo"),
        (_, None | Some(Value::Null)) => "—".into(),
        (_, Some(Value::String(s))) if s.is_empty() => "—".into(),
        (_, Some(Value::String(s))) => s.clone(),
        (_, Some(Value::Bool(b))) => crate::tr!(if *b { "hist-yes" } else { "hist-no" }),
        (_, Some(Value::Array(a))) if a.is_empty() => "—".into(),
        (_, Some(Value::Array(a))) => list(a, &|s| s.to_string()),
        (_, Some(v)) => v.to_string(),
    }
}

/// The fields an audit entry changed, as "Field: before → after", in words.
pub fn changes(e: &AuditEntry, data: &Data) -> Vec<String> {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default()
    };
    let before = parse(&e.before);
    let after = parse(&e.after);
    let mut out = Vec::new();
    for (k, v) in &after {
        if matches!(k.as_str(), "updated_at" | "created_at" | "id") {
            continue;
        }
        let name = name_words(k);
        let shown = |k: &str, v| value_words(k, v, data);
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
