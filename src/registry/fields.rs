//! The one description of a delegate's fields: [`FIELDS`]. Everything that handles a
//! delegate field by field derives from it: the CSV and workbook columns and their limits,
//! the checks, the edit form's labels, the audit view, the door copy and door record (a
//! whitelist: only [`Class::Door`]), the purge (every field but those it keeps for
//! statistics) and the retention (per class).
//!
//! A new field of [`Delegate`] is a row of [`FIELDS`], a variant of [`Field`], a line in
//! [`values`] and [`copy`] (the compiler points at each) and its column in a migration; what
//! derives from the table needs nothing more. Forgetting it does not compile: [`values`] and [`copy`] take a delegate apart without `..`, so a struct
//! field missing from [`Field`] is a compile error there; and a test fails when a struct
//! field, a [`Field`] or a column of the `delegate` table is missing from [`FIELDS`]. A row of
//! [`FIELDS`] without a class does not compile either (every [`FieldDef`] member is required).
//!
//! One file on purpose, longer than most: the table, the enum and the two functions that
//! take a delegate apart must change together, in one place.

use std::borrow::Cow;

use super::limits;
use super::model::{Delegate, Status};

/// Who may see a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// The door may show it (names, delegation, category, days, zones, photo, attention):
    /// door copies, door records and the hub carry it.
    Door,
    /// The desk only (e-mail, function, gender, nationality, vehicle): never on a door or
    /// the hub.
    Desk,
    /// The desk only, shown masked, never exported unless asked for with
    /// `--include-sensitive`, kept the shortest (date of birth, identity document).
    Sensitive,
}

impl Class {
    /// Every class, door first.
    pub const ALL: [Class; 3] = [Class::Door, Class::Desk, Class::Sensitive];
    /// The class's name in the CLI and the event's data (`door`, `desk`, `sensitive`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Door => "door",
            Self::Desk => "desk",
            Self::Sensitive => "sensitive",
        }
    }
}

/// What the purge of personal data does with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purge {
    /// Kept: the statistics need it (delegation, category, days, status, ...) or it is no
    /// personal data (serial, versions, times).
    Keep,
    /// Kept when the event keeps gender for statistics, cleared otherwise.
    KeepWhenGenderKept,
    /// Cleared (empty text, no photo, no external id).
    Clear,
    /// Replaced by [`crate::registry::fields::PURGED`] (a required field).
    Placeholder,
}

/// What stands in for a purged required field (the family name).
pub const PURGED: &str = "(purged)";

/// Which rule checks a field's value ([`crate::registry::validate::check`] runs it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Set by the registry itself, never typed (serial, versions, times, reasons).
    System,
    /// Free text within the field's limit, no control characters.
    Text,
    /// Required text.
    Required,
    /// A delegation code of the registry.
    Delegation,
    /// A category code of the event.
    Category,
    /// An e-mail address or empty.
    Email,
    /// Days of the event, `;`-separated.
    Days,
    /// Zones of the event, `;`-separated.
    Zones,
    /// A photo file (a path relative to the import file).
    Photo,
    /// An accreditation status.
    Status,
    /// `F`, `M`, `X` or empty.
    Gender,
    /// An ISO 3166-1 alpha-2 country code or empty.
    Country,
    /// An ISO date (`1970-01-31`) or empty, not in the future.
    BirthDate,
    /// An identity document type or empty.
    IdType,
    /// A document number: letters, digits, blanks, `-` and `/`, or empty.
    IdNumber,
    /// An ISO date or empty (an expiry before the event's last day is a warning).
    Expiry,
    /// A vehicle plate: letters, digits, blanks and `-`, or empty.
    Plate,
    /// A security vetting verdict: `cleared`, `refused` or empty.
    Vetting,
}

/// How a field travels in the CSV and workbook files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Csv {
    /// A column import reads and export writes.
    Column,
    /// Exported; import reads it only to find the delegate (`id`) or as information
    /// (`badge_version`).
    Informational,
    /// Not in the delegate files, but edited in the form (the note for the door).
    FormOnly,
    /// Not in the delegate files (kept by the registry, or by the vetting files).
    No,
}

/// One field of a delegate.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    /// The field.
    pub field: Field,
    /// The name: the CSV and workbook column, the audit key, the problem's field.
    pub name: &'static str,
    /// The column of the `delegate` table.
    pub column: &'static str,
    /// Who may see it.
    pub class: Class,
    /// Most characters of its text form.
    pub limit: usize,
    /// The rule of its value.
    pub check: Check,
    /// Its label in the edit form and the audit view.
    pub label: &'static str,
    /// What the purge does with it.
    pub purge: Purge,
    /// How it travels in the delegate files.
    pub csv: Csv,
}

/// A field of [`Delegate`], one per struct member, in struct order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Field {
    Id,
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
    Status,
    Attention,
    BadgeVersion,
    PrintedVersion,
    CreatedAt,
    UpdatedAt,
    StatusReason,
    Gender,
    Nationality,
    BirthDate,
    IdType,
    IdNumber,
    IdCountry,
    IdExpiry,
    VehiclePlate,
    Vetting,
    VettingNote,
}

/// One row of [`FIELDS`] (its column is its name unless [`FieldDef::in_column`] says
/// otherwise). Eight arguments: the table reads as one line per field.
#[allow(clippy::too_many_arguments)]
const fn def(
    field: Field,
    name: &'static str,
    class: Class,
    limit: usize,
    check: Check,
    label: &'static str,
    purge: Purge,
    csv: Csv,
) -> FieldDef {
    FieldDef {
        field,
        name,
        column: name,
        class,
        limit,
        check,
        label,
        purge,
        csv,
    }
}

impl FieldDef {
    /// The same field stored in another column than its name.
    const fn in_column(self, column: &'static str) -> FieldDef {
        FieldDef { column, ..self }
    }
}

use Check as K;
use Class::{Desk, Door, Sensitive};
use Csv::{Column, FormOnly, Informational, No};
use Purge::{Clear, Keep, KeepWhenGenderKept, Placeholder};

/// Every field of a delegate, in [`Field`] order.
#[rustfmt::skip]
pub const FIELDS: &[FieldDef] = &[
    def(Field::Id, "id", Door, limits::MAX_OTHER_CHARS, K::System, "Serial", Keep, Informational),
    def(Field::ExternalId, "external_id", Desk, limits::MAX_EXTERNAL_ID_CHARS, K::Text, "External id", Clear, Column),
    def(Field::Delegation, "delegation", Door, limits::MAX_OTHER_CHARS, K::Delegation, "Delegation", Keep, Column),
    def(Field::Title, "title", Door, limits::MAX_NAME_CHARS, K::Text, "Title", Clear, Column),
    def(Field::GivenName, "given_name", Door, limits::MAX_NAME_CHARS, K::Text, "Given name", Clear, Column),
    def(Field::FamilyName, "family_name", Door, limits::MAX_NAME_CHARS, K::Required, "Family name", Placeholder, Column),
    def(Field::NativeName, "native_name", Door, limits::MAX_NAME_CHARS, K::Text, "Native name", Clear, Column),
    def(Field::Function, "function", Desk, limits::MAX_FUNCTION_CHARS, K::Text, "Function", Clear, Column),
    def(Field::Category, "category", Door, limits::MAX_OTHER_CHARS, K::Category, "Category", Keep, Column),
    def(Field::Email, "email", Desk, limits::MAX_EMAIL_CHARS, K::Email, "E-mail", Clear, Column),
    def(Field::Days, "days", Door, limits::MAX_OTHER_CHARS, K::Days, "Days", Keep, Column),
    def(Field::Zones, "zones", Door, limits::MAX_OTHER_CHARS, K::Zones, "Zones", Keep, Column),
    def(Field::Photo, "photo", Door, limits::MAX_PATH_CHARS, K::Photo, "Photo", Clear, Column),
    def(Field::Status, "status", Door, limits::MAX_OTHER_CHARS, K::Status, "Status", Keep, Column),
    def(Field::Attention, "attention", Door, limits::MAX_NOTE_CHARS, K::Text, "Note for the door", Clear, FormOnly),
    def(Field::BadgeVersion, "badge_version", Door, limits::MAX_OTHER_CHARS, K::System, "Badge version", Keep, Informational),
    def(Field::PrintedVersion, "printed_version", Door, 10, K::System, "Printed version", Keep, No),
    def(Field::CreatedAt, "created_at", Door, 40, K::System, "Created", Keep, No),
    def(Field::UpdatedAt, "updated_at", Door, 40, K::System, "Changed", Keep, No),
    def(Field::StatusReason, "status_reason", Door, limits::MAX_NOTE_CHARS, K::System, "Reason of the status", Clear, No),
    def(Field::Gender, "gender", Desk, 40, K::Gender, "Gender", KeepWhenGenderKept, Column),
    def(Field::Nationality, "nationality", Desk, 40, K::Country, "Nationality", Clear, Column),
    def(Field::BirthDate, "birth_date", Sensitive, 40, K::BirthDate, "Date of birth", Clear, Column),
    def(Field::IdType, "id_type", Sensitive, 40, K::IdType, "Identity document", Clear, Column),
    def(Field::IdNumber, "id_number", Sensitive, 40, K::IdNumber, "Document number", Clear, Column),
    def(Field::IdCountry, "id_country", Sensitive, 40, K::Country, "Issued by", Clear, Column),
    def(Field::IdExpiry, "id_expiry", Sensitive, 40, K::Expiry, "Valid until", Clear, Column),
    def(Field::VehiclePlate, "vehicle_plate", Desk, 20, K::Plate, "Vehicle plate", Clear, Column),
    def(Field::Vetting, "vetting", Desk, 40, K::Vetting, "Security vetting", Clear, No, )
    .in_column("vetting_verdict"),
    def(Field::VettingNote, "vetting_note", Sensitive, limits::MAX_NOTE_CHARS, K::Text, "Vetting note", Clear, No),
];

impl Field {
    /// Every field, in struct order.
    pub const ALL: [Field; 30] = [
        Field::Id,
        Field::ExternalId,
        Field::Delegation,
        Field::Title,
        Field::GivenName,
        Field::FamilyName,
        Field::NativeName,
        Field::Function,
        Field::Category,
        Field::Email,
        Field::Days,
        Field::Zones,
        Field::Photo,
        Field::Status,
        Field::Attention,
        Field::BadgeVersion,
        Field::PrintedVersion,
        Field::CreatedAt,
        Field::UpdatedAt,
        Field::StatusReason,
        Field::Gender,
        Field::Nationality,
        Field::BirthDate,
        Field::IdType,
        Field::IdNumber,
        Field::IdCountry,
        Field::IdExpiry,
        Field::VehiclePlate,
        Field::Vetting,
        Field::VettingNote,
    ];

    /// The field's row of [`FIELDS`].
    pub fn def(self) -> &'static FieldDef {
        &FIELDS[self as usize]
    }
    /// The field's name (CSV column, audit key).
    pub fn name(self) -> &'static str {
        self.def().name
    }
    /// The field's class.
    pub fn class(self) -> Class {
        self.def().class
    }
    /// The field named `name` (a CSV column or audit key).
    pub fn parse(name: &str) -> Option<Field> {
        FIELDS.iter().find(|f| f.name == name).map(|f| f.field)
    }
}

/// The definition of the field named `name`, if a delegate has one.
pub fn by_name(name: &str) -> Option<&'static FieldDef> {
    FIELDS.iter().find(|f| f.name == name)
}

/// The fields of a class, in table order.
pub fn of_class(class: Class) -> impl Iterator<Item = &'static FieldDef> {
    FIELDS.iter().filter(move |f| f.class == class)
}

/// A field's value, borrowed from a delegate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// Text (empty: none).
    Text(&'a str),
    /// An optional text (external id).
    OptText(Option<&'a str>),
    /// A `;`-separated list (days, zones).
    List(&'a [String]),
    /// A photo (JPEG).
    Bytes(Option<&'a [u8]>),
    /// A whole number (id, versions).
    Number(i64),
    /// An accreditation status.
    Status(Status),
}

impl Value<'_> {
    /// The value as text: lists `;`-joined, a photo as the SHA-256 of its bytes (lower-case
    /// hex; empty for none), a status as its code.
    pub fn text(&self) -> Cow<'_, str> {
        match *self {
            Value::Text(s) => Cow::Borrowed(s),
            Value::OptText(s) => Cow::Borrowed(s.unwrap_or("")),
            Value::List(l) => Cow::Owned(l.join(";")),
            Value::Bytes(b) => Cow::Owned(b.map(photo_hash).unwrap_or_default()),
            Value::Number(n) => Cow::Owned(n.to_string()),
            Value::Status(s) => Cow::Borrowed(s.as_str()),
        }
    }
    /// Whether the value is empty (no text, no list, no photo; numbers never are).
    pub fn is_empty(&self) -> bool {
        match *self {
            Value::Text(s) => s.is_empty(),
            Value::OptText(s) => s.is_none_or(str::is_empty),
            Value::List(l) => l.is_empty(),
            Value::Bytes(b) => b.is_none(),
            Value::Number(_) | Value::Status(_) => false,
        }
    }
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match *self {
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::OptText(Some(s)) if !s.is_empty() => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::OptText(_) | Value::Bytes(None) => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::List(l) => ToSqlOutput::Owned(rusqlite::types::Value::Text(l.join(";"))),
            Value::Bytes(Some(b)) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            Value::Number(n) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(n)),
            Value::Status(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_str().as_bytes())),
        })
    }
}

/// The fields a save of the desk writes (import, edit form): every [`Csv::Column`] and
/// [`Csv::FormOnly`] field. The others are the registry's own (serial, versions, times, the
/// status reason) or the vetting's.
pub fn editable() -> impl Iterator<Item = &'static FieldDef> {
    FIELDS
        .iter()
        .filter(|f| matches!(f.csv, Csv::Column | Csv::FormOnly))
}

/// The SHA-256 of a photo, lower-case hex.
pub fn photo_hash(jpeg: &[u8]) -> String {
    use sha2::Digest;
    data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(jpeg))
}

/// Every field of `d` with its value, in [`Field`] order. Takes the delegate apart without
/// `..`: a struct member missing here does not compile.
pub fn values(d: &Delegate) -> [(Field, Value<'_>); 30] {
    let Delegate {
        id,
        external_id,
        delegation,
        title,
        given_name,
        family_name,
        native_name,
        function,
        category,
        email,
        days,
        zones,
        photo,
        status,
        attention,
        badge_version,
        printed_version,
        created_at,
        updated_at,
        status_reason,
        gender,
        nationality,
        birth_date,
        id_type,
        id_number,
        id_country,
        id_expiry,
        vehicle_plate,
        vetting,
        vetting_note,
    } = d;
    use Value::{Number, Text};
    [
        (Field::Id, Number(*id)),
        (Field::ExternalId, Value::OptText(external_id.as_deref())),
        (Field::Delegation, Text(delegation)),
        (Field::Title, Text(title)),
        (Field::GivenName, Text(given_name)),
        (Field::FamilyName, Text(family_name)),
        (Field::NativeName, Text(native_name)),
        (Field::Function, Text(function)),
        (Field::Category, Text(category)),
        (Field::Email, Text(email)),
        (Field::Days, Value::List(days)),
        (Field::Zones, Value::List(zones)),
        (Field::Photo, Value::Bytes(photo.as_deref())),
        (Field::Status, Value::Status(*status)),
        (Field::Attention, Text(attention)),
        (Field::BadgeVersion, Number(i64::from(*badge_version))),
        (Field::PrintedVersion, Number(i64::from(*printed_version))),
        (Field::CreatedAt, Text(created_at)),
        (Field::UpdatedAt, Text(updated_at)),
        (Field::StatusReason, Text(status_reason)),
        (Field::Gender, Text(gender)),
        (Field::Nationality, Text(nationality)),
        (Field::BirthDate, Text(birth_date)),
        (Field::IdType, Text(id_type)),
        (Field::IdNumber, Text(id_number)),
        (Field::IdCountry, Text(id_country)),
        (Field::IdExpiry, Text(id_expiry)),
        (Field::VehiclePlate, Text(vehicle_plate)),
        (Field::Vetting, Text(vetting)),
        (Field::VettingNote, Text(vetting_note)),
    ]
}

/// The value of one field of `d`.
pub fn get(d: &Delegate, field: Field) -> Value<'_> {
    values(d)[field as usize].1
}

/// The value of one field of `d` as text ([`Value::text`]).
pub fn get_text(d: &Delegate, field: Field) -> String {
    get(d, field).text().into_owned()
}

/// Why [`set_text`] refused a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    /// The field's value is not text (a photo): only empty clears it.
    #[error("{0}: a photo cannot be set from text (only emptied)")]
    NotText(&'static str),
    /// The text is not a value of the field (a number, a status).
    #[error("{field}: {value:?} is not a valid value")]
    Invalid {
        /// The field.
        field: &'static str,
        /// The text.
        value: String,
    },
}

/// Sets one field of `d` from its text form ([`Value::text`]): lists split on `;`, an empty
/// external id becomes none, a number or status parsed. A photo can only be emptied. No
/// rule is checked here: that is [`crate::registry::validate`]'s, on save.
pub fn set_text(d: &mut Delegate, field: Field, v: &str) -> Result<(), SetError> {
    let invalid = || SetError::Invalid {
        field: field.name(),
        value: v.to_string(),
    };
    let number = |v: &str| v.trim().parse::<u32>().map_err(|_| invalid());
    match field {
        Field::Id => d.id = v.trim().parse().map_err(|_| invalid())?,
        Field::ExternalId => d.external_id = Some(v.to_string()).filter(|s| !s.is_empty()),
        Field::Days => d.days = super::model::split_list(v),
        Field::Zones => d.zones = super::model::split_list(v),
        Field::Photo if v.is_empty() => d.photo = None,
        Field::Photo => return Err(SetError::NotText("photo")),
        Field::Status => d.status = Status::parse(v).ok_or_else(invalid)?,
        Field::BadgeVersion => d.badge_version = number(v)?,
        Field::PrintedVersion => d.printed_version = number(v)?,
        _ => *text_mut(d, field).ok_or_else(invalid)? = v.to_string(),
    }
    Ok(())
}

/// The text member of `d` behind `field`, when its value is plain text.
pub fn text_mut(d: &mut Delegate, field: Field) -> Option<&mut String> {
    Some(match field {
        Field::Delegation => &mut d.delegation,
        Field::Title => &mut d.title,
        Field::GivenName => &mut d.given_name,
        Field::FamilyName => &mut d.family_name,
        Field::NativeName => &mut d.native_name,
        Field::Function => &mut d.function,
        Field::Category => &mut d.category,
        Field::Email => &mut d.email,
        Field::Attention => &mut d.attention,
        Field::CreatedAt => &mut d.created_at,
        Field::UpdatedAt => &mut d.updated_at,
        Field::StatusReason => &mut d.status_reason,
        Field::Gender => &mut d.gender,
        Field::Nationality => &mut d.nationality,
        Field::BirthDate => &mut d.birth_date,
        Field::IdType => &mut d.id_type,
        Field::IdNumber => &mut d.id_number,
        Field::IdCountry => &mut d.id_country,
        Field::IdExpiry => &mut d.id_expiry,
        Field::VehiclePlate => &mut d.vehicle_plate,
        Field::Vetting => &mut d.vetting,
        Field::VettingNote => &mut d.vetting_note,
        Field::Id
        | Field::ExternalId
        | Field::Days
        | Field::Zones
        | Field::Photo
        | Field::Status
        | Field::BadgeVersion
        | Field::PrintedVersion => return None,
    })
}

/// Copies one field from `from` to `to` (any value, the photo included).
pub fn copy(from: &Delegate, to: &mut Delegate, field: Field) {
    let Delegate {
        id,
        external_id,
        delegation,
        title,
        given_name,
        family_name,
        native_name,
        function,
        category,
        email,
        days,
        zones,
        photo,
        status,
        attention,
        badge_version,
        printed_version,
        created_at,
        updated_at,
        status_reason,
        gender,
        nationality,
        birth_date,
        id_type,
        id_number,
        id_country,
        id_expiry,
        vehicle_plate,
        vetting,
        vetting_note,
    } = to;
    match field {
        Field::Id => *id = from.id,
        Field::ExternalId => external_id.clone_from(&from.external_id),
        Field::Delegation => delegation.clone_from(&from.delegation),
        Field::Title => title.clone_from(&from.title),
        Field::GivenName => given_name.clone_from(&from.given_name),
        Field::FamilyName => family_name.clone_from(&from.family_name),
        Field::NativeName => native_name.clone_from(&from.native_name),
        Field::Function => function.clone_from(&from.function),
        Field::Category => category.clone_from(&from.category),
        Field::Email => email.clone_from(&from.email),
        Field::Days => days.clone_from(&from.days),
        Field::Zones => zones.clone_from(&from.zones),
        Field::Photo => photo.clone_from(&from.photo),
        Field::Status => *status = from.status,
        Field::Attention => attention.clone_from(&from.attention),
        Field::BadgeVersion => *badge_version = from.badge_version,
        Field::PrintedVersion => *printed_version = from.printed_version,
        Field::CreatedAt => created_at.clone_from(&from.created_at),
        Field::UpdatedAt => updated_at.clone_from(&from.updated_at),
        Field::StatusReason => status_reason.clone_from(&from.status_reason),
        Field::Gender => gender.clone_from(&from.gender),
        Field::Nationality => nationality.clone_from(&from.nationality),
        Field::BirthDate => birth_date.clone_from(&from.birth_date),
        Field::IdType => id_type.clone_from(&from.id_type),
        Field::IdNumber => id_number.clone_from(&from.id_number),
        Field::IdCountry => id_country.clone_from(&from.id_country),
        Field::IdExpiry => id_expiry.clone_from(&from.id_expiry),
        Field::VehiclePlate => vehicle_plate.clone_from(&from.vehicle_plate),
        Field::Vetting => vetting.clone_from(&from.vetting),
        Field::VettingNote => vetting_note.clone_from(&from.vetting_note),
    }
}

/// `d` with only the fields of the given classes (the others left empty): what may leave
/// the desk for a door is `only(d, &[Class::Door])`.
pub fn only(d: &Delegate, classes: &[Class]) -> Delegate {
    let mut out = Delegate::default();
    for f in FIELDS.iter().filter(|f| classes.contains(&f.class)) {
        copy(d, &mut out, f.field);
    }
    out
}

/// The columns of the `delegate` table that hold fields of the given classes, in table order.
pub fn columns_of(classes: &[Class]) -> impl Iterator<Item = &'static str> {
    FIELDS
        .iter()
        .filter(move |f| classes.contains(&f.class))
        .map(|f| f.column)
}

/// What the purge writes into a field's column (SQL), or `None` when it keeps the column.
/// `keep_gender`: whether the event keeps gender for statistics.
pub fn purged_sql(def: &FieldDef, keep_gender: bool) -> Option<&'static str> {
    match def.purge {
        Purge::Keep => None,
        Purge::KeepWhenGenderKept if keep_gender => None,
        Purge::Placeholder => Some("'(purged)'"),
        Purge::KeepWhenGenderKept | Purge::Clear => Some(match def.field {
            Field::ExternalId | Field::Photo => "NULL",
            _ => "''",
        }),
    }
}

/// Masks a sensitive value for the screen: its length in dots, the last two characters
/// kept for a value of eight or more (enough to tell two documents apart, not to read one).
pub fn masked(v: &str) -> String {
    let n = v.chars().count();
    if n == 0 {
        return String::new();
    }
    if n >= 8 {
        let tail: String = v.chars().skip(n - 2).collect();
        format!("{}{tail}", "•".repeat(n - 2))
    } else {
        "•".repeat(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A delegate with every field set to something non-empty.
    pub(crate) fn full() -> Delegate {
        let mut d = Delegate {
            photo: Some(vec![0xFF, 0xD8, 0xFF, 0xD9]),
            ..Default::default()
        };
        for f in FIELDS {
            match f.field {
                Field::Photo => {}
                Field::Id | Field::BadgeVersion | Field::PrintedVersion => {
                    set_text(&mut d, f.field, "7").unwrap()
                }
                Field::Status => set_text(&mut d, f.field, "withdrawn").unwrap(),
                other => set_text(&mut d, other, &format!("v-{}", f.name)).unwrap(),
            }
        }
        d
    }

    #[test]
    fn the_table_is_in_field_order_and_complete() {
        assert_eq!(FIELDS.len(), Field::ALL.len());
        for (i, (def, f)) in FIELDS.iter().zip(Field::ALL).enumerate() {
            assert_eq!(def.field, f, "row {i} of FIELDS");
            assert_eq!(f as usize, i, "Field::ALL[{i}]");
            assert!(def.limit > 0, "{}", def.name);
        }
        let d = full();
        for (i, (f, _)) in values(&d).iter().enumerate() {
            assert_eq!(*f as usize, i, "values() out of order at {i}");
        }
        let mut names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FIELDS.len(), "two fields share a name");
    }

    /// Fails when a member of `Delegate` is missing from the table: every member serialised
    /// (the photo is skipped by serde) must be a field of `FIELDS`, and every field but the
    /// photo a member.
    #[test]
    fn every_struct_member_is_in_the_table() {
        let json = serde_json::to_value(full()).unwrap();
        let members: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
        for m in &members {
            assert!(by_name(m).is_some(), "Delegate::{m} is not in fields::FIELDS");
        }
        for f in FIELDS.iter().filter(|f| f.field != Field::Photo) {
            assert!(
                members.iter().any(|m| m == f.name),
                "FIELDS has {} but Delegate does not",
                f.name
            );
        }
    }

    /// Fails when a column of the `delegate` table is missing from the table (it would be
    /// left out of the door copy, which is safe, but also out of the purge, which is not).
    #[test]
    fn every_column_of_the_delegate_table_is_in_the_table() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::registry::migrations::migrate(&mut conn).unwrap();
        let mut stmt = conn.prepare("PRAGMA table_info(delegate)").unwrap();
        let cols: Vec<String> = stmt
            .query_map([], |r| r.get(1))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for c in &cols {
            assert!(
                FIELDS.iter().any(|f| f.column == c),
                "column delegate.{c} is not in fields::FIELDS"
            );
        }
        for f in FIELDS {
            assert!(
                cols.iter().any(|c| c == f.column),
                "FIELDS has {} but the table does not",
                f.column
            );
        }
    }

    #[test]
    fn text_round_trip_and_copy() {
        let d = full();
        let mut e = Delegate::default();
        for f in FIELDS {
            copy(&d, &mut e, f.field);
        }
        assert_eq!(e, d);
        let mut t = Delegate {
            photo: d.photo.clone(),
            ..Default::default()
        };
        for f in FIELDS.iter().filter(|f| f.field != Field::Photo) {
            set_text(&mut t, f.field, &get_text(&d, f.field)).unwrap();
        }
        assert_eq!(t, d);
        assert_eq!(get_text(&d, Field::Photo), photo_hash(&[0xFF, 0xD8, 0xFF, 0xD9]));
        assert!(set_text(&mut t, Field::Photo, "abc").is_err());
        assert!(set_text(&mut t, Field::BadgeVersion, "x").is_err());
    }

    #[test]
    fn only_keeps_the_classes_asked_for() {
        let d = full();
        let door = only(&d, &[Class::Door]);
        for (f, v) in values(&door) {
            if f.class() == Class::Door {
                assert_eq!(v, get(&d, f), "{}", f.name());
            } else {
                assert!(v.is_empty(), "{} leaked into the door's view", f.name());
            }
        }
    }

    #[test]
    fn masking() {
        assert_eq!(masked(""), "");
        assert_eq!(masked("1970"), "••••");
        assert_eq!(masked("P1234567"), "••••••67");
    }
}
