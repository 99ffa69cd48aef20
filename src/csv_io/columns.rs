//! The columns of an import file, and how problems name them.

use super::EXPORT_COLUMNS;

/// The columns an import understands, in [`EXPORT_COLUMNS`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    ExternalId,
    Delegation,
    Title,
    GivenName,
    FamilyName,
    NativeName,
    Function,
    Category,
    Email,
    Days,
    Zones,
    Photo,
    Id,
    Status,
    BadgeVersion,
    Gender,
    Nationality,
    BirthDate,
    IdType,
    IdNumber,
    IdCountry,
    IdExpiry,
    VehiclePlate,
}

pub(super) const COLS: [Col; 23] = [
    Col::ExternalId,
    Col::Delegation,
    Col::Title,
    Col::GivenName,
    Col::FamilyName,
    Col::NativeName,
    Col::Function,
    Col::Category,
    Col::Email,
    Col::Days,
    Col::Zones,
    Col::Photo,
    Col::Id,
    Col::Status,
    Col::BadgeVersion,
    Col::Gender,
    Col::Nationality,
    Col::BirthDate,
    Col::IdType,
    Col::IdNumber,
    Col::IdCountry,
    Col::IdExpiry,
    Col::VehiclePlate,
];

impl Col {
    pub(super) fn name(self) -> &'static str {
        EXPORT_COLUMNS[self as usize]
    }
    /// The field of the person's record this column holds ([`super::RECORD_COLUMNS`]).
    pub(super) fn record_field(self) -> Option<crate::registry::fields::Field> {
        use crate::registry::fields::Field;
        Some(match self {
            Col::Gender => Field::Gender,
            Col::Nationality => Field::Nationality,
            Col::BirthDate => Field::BirthDate,
            Col::IdType => Field::IdType,
            Col::IdNumber => Field::IdNumber,
            Col::IdCountry => Field::IdCountry,
            Col::IdExpiry => Field::IdExpiry,
            Col::VehiclePlate => Field::VehiclePlate,
            _ => return None,
        })
    }
    pub(super) fn parse(name: &str) -> Option<Self> {
        COLS.iter().copied().find(|c| c.name() == name)
    }
}

/// The column named in problems that concern the file or its header as a whole.
pub(super) const HEADER: &str = "header";

/// The name of column `i`, or of the last column when `i` is past the end (an extra field).
pub(super) fn column_at(cols: &[Col], i: usize) -> &'static str {
    cols.get(i).or(cols.last()).map_or(HEADER, |c| c.name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::fields::{Csv, FIELDS};

    /// The delegate files' columns are the table's: every field that travels in them is a
    /// column, every column a field, the person's record mapped to its field.
    #[test]
    fn the_columns_are_the_field_tables() {
        for f in FIELDS
            .iter()
            .filter(|f| matches!(f.csv, Csv::Column | Csv::Informational))
        {
            assert!(
                Col::parse(f.name).is_some(),
                "{} travels in the files but is no column",
                f.name
            );
        }
        for c in COLS {
            let f = crate::registry::fields::by_name(c.name()).expect("a column names a field");
            assert!(
                matches!(f.csv, Csv::Column | Csv::Informational),
                "{} is a column",
                f.name
            );
            if let Some(field) = c.record_field() {
                assert_eq!(field, f.field);
            }
        }
        assert_eq!(EXPORT_COLUMNS.len(), COLS.len());
    }
}
