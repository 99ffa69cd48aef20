//! The fields of a delegate that merge one by one (a re-import's three-way merge, the desks'
//! per-field registers), taken from the one field table ([`super::fields::FIELDS`]): every
//! field a person types (not the registry's own: serial, versions, times, the status reason),
//! but the photo and the status, which merge by rules of their own. Each with its name (the
//! CSV column's and the audit's) and its value as text to compare, store and carry.

use std::sync::LazyLock;

use super::fields::{self, Check, Class, Field};
use super::model::Delegate;

/// One mergeable field.
#[derive(Debug, Clone, Copy)]
pub struct MergeField {
    /// The field's name (the CSV column's).
    pub name: &'static str,
    /// The field.
    pub field: Field,
    /// Who may see it.
    pub class: Class,
    /// The column of the `delegate` table.
    pub column: &'static str,
}

impl MergeField {
    /// The value as text (lists joined by `;`).
    pub fn get(&self, d: &Delegate) -> String {
        fields::get_text(d, self.field)
    }

    /// Sets the value from its text form (no rule checked: saving checks).
    pub fn set(&self, d: &mut Delegate, v: &str) {
        // Every merge field is text or a list: setting from text cannot fail.
        let _ = fields::set_text(d, self.field, v);
    }
}

/// Every mergeable field, in the table's order.
pub static FIELDS: LazyLock<Vec<MergeField>> = LazyLock::new(|| {
    fields::FIELDS
        .iter()
        .filter(|f| f.check != Check::System && !matches!(f.field, Field::Photo | Field::Status))
        .map(|f| MergeField {
            name: f.name,
            field: f.field,
            class: f.class,
            column: f.column,
        })
        .collect()
});

/// The field named `name`.
pub fn field(name: &str) -> Option<&'static MergeField> {
    FIELDS.iter().find(|f| f.name == name)
}

/// Whether a door may read this field (door copies, door records and the hub hold only
/// these in clear: [`Class::Door`]).
pub fn door_visible(name: &str) -> bool {
    field(name).is_none_or(|f| f.class == Class::Door)
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
        for f in FIELDS.iter() {
            let v = f.get(&copy);
            f.set(&mut d, "");
            f.set(&mut d, &v);
        }
        assert_eq!(d, copy);
        assert!(field("function").is_some() && field("photo").is_none() && field("status").is_none());
        assert!(door_visible("family_name") && !door_visible("email") && !door_visible("function"));
    }
}
