//! The fields of a delegate that merge one by one (a re-import's three-way merge, the desks'
//! per-field registers), each with its name (the CSV column's and the audit's) and a text
//! form to compare, store and carry. One list, in one place: every merge reads it.

use super::model::{Delegate, split_list};

/// One mergeable field: its name and its value as text (lists joined by `;`).
pub struct MergeField {
    /// The field's name (the CSV column's).
    pub name: &'static str,
    /// The value as text.
    pub get: fn(&Delegate) -> String,
    /// Sets the value from its text form.
    pub set: fn(&mut Delegate, &str),
}

macro_rules! text_field {
    ($name:literal, $f:ident) => {
        MergeField {
            name: $name,
            get: |d| d.$f.clone(),
            set: |d, v| v.clone_into(&mut d.$f),
        }
    };
}

/// Every mergeable field, in form order. The status (with its reason), the badge version and
/// the printed version merge by rules of their own (see `network::desk_changes`).
pub const FIELDS: &[MergeField] = &[
    MergeField {
        name: "external_id",
        get: |d| d.external_id.clone().unwrap_or_default(),
        set: |d, v| d.external_id = (!v.is_empty()).then(|| v.to_string()),
    },
    text_field!("delegation", delegation),
    text_field!("title", title),
    text_field!("given_name", given_name),
    text_field!("family_name", family_name),
    text_field!("native_name", native_name),
    text_field!("function", function),
    text_field!("category", category),
    text_field!("email", email),
    MergeField {
        name: "days",
        get: |d| d.days.join(";"),
        set: |d, v| d.days = split_list(v),
    },
    MergeField {
        name: "zones",
        get: |d| d.zones.join(";"),
        set: |d, v| d.zones = split_list(v),
    },
    text_field!("attention", attention),
];

/// The field named `name`.
pub fn field(name: &str) -> Option<&'static MergeField> {
    FIELDS.iter().find(|f| f.name == name)
}

/// Whether a door may read this field (a door copy, the hub and door records never hold the
/// others: e-mail, external id, function).
pub fn door_visible(name: &str) -> bool {
    !matches!(name, "email" | "external_id" | "function")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_round_trips_through_its_text() {
        let mut d = Delegate {
            external_id: Some("X-1".into()),
            delegation: "AT".into(),
            title: "Dr.".into(),
            given_name: "Eva".into(),
            family_name: "Maier".into(),
            native_name: "Ева".into(),
            function: "Adviser".into(),
            category: "DEL".into(),
            email: "e@x.at".into(),
            days: vec!["2015-07-06".into(), "2015-07-07".into()],
            zones: vec!["PLENARY".into()],
            attention: "VIP".into(),
            ..Default::default()
        };
        let copy = d.clone();
        for f in FIELDS {
            let v = (f.get)(&copy);
            (f.set)(&mut d, "");
            assert_ne!((f.get)(&d), v, "{}", f.name);
            (f.set)(&mut d, &v);
        }
        assert_eq!(d, copy);
        assert!(field("function").is_some() && field("photo").is_none());
    }
}
