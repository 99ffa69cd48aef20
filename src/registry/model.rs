//! The registry's records.

use serde::{Deserialize, Serialize};

/// What kind of delegation this is; decides the section of the registry and protocol order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DelegationKind {
    /// One of the OSCE participating States.
    ParticipatingState,
    /// A Partner for Co-operation.
    Partner,
    /// An international organization, NGO, or bucket (media, academia, civil society).
    Organization,
}

impl DelegationKind {
    /// The code used in CSV and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ParticipatingState => "participating_state",
            Self::Partner => "partner",
            Self::Organization => "organization",
        }
    }
    /// Parses the code used in CSV and the database.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "participating_state" => Some(Self::ParticipatingState),
            "partner" => Some(Self::Partner),
            "organization" => Some(Self::Organization),
            _ => None,
        }
    }
    /// A heading for people.
    pub fn heading(self) -> &'static str {
        match self {
            Self::ParticipatingState => "Participating States",
            Self::Partner => "Partners for Co-operation",
            Self::Organization => "Organizations",
        }
    }
}

/// A delegation: a State, a Partner, or an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegation {
    /// ISO 3166-1 alpha-2 for States and Partners, a short upper-case code for organizations.
    pub code: String,
    /// Section of the registry.
    pub kind: DelegationKind,
    /// Partner group (`mediterranean`, `asian`) or organization type (`ngo`, `media`, ...).
    pub group: String,
    /// English name.
    pub name_en: String,
    /// French name.
    pub name_fr: String,
    /// Category given to delegates imported without one.
    pub default_category: String,
}

impl Delegation {
    /// The name in the language of the chosen protocol order.
    pub fn name(&self, order: super::NameOrder) -> &str {
        match order {
            super::NameOrder::En => &self.name_en,
            super::NameOrder::Fr => &self.name_fr,
        }
    }
}

/// Accreditation status of a delegate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Nominated, not yet approved.
    Pending,
    /// Approved: may get a badge and enter.
    #[default]
    Accredited,
    /// Refused by the desk.
    Rejected,
    /// Withdrawn by the delegation.
    Withdrawn,
}

impl Status {
    /// All statuses, in workflow order.
    pub const ALL: [Status; 4] = [Self::Pending, Self::Accredited, Self::Rejected, Self::Withdrawn];
    /// The code used in CSV and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accredited => "accredited",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }
    /// Parses a code, ignoring case and surrounding blanks.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pending" => Some(Self::Pending),
            "accredited" => Some(Self::Accredited),
            "rejected" => Some(Self::Rejected),
            "withdrawn" => Some(Self::Withdrawn),
            _ => None,
        }
    }
}

/// An accredited (or nominated) person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Delegate {
    /// Row id; also the badge serial. 0 for a record not yet stored.
    pub id: i64,
    /// Identifier from the nominating system; unique when present.
    pub external_id: Option<String>,
    /// Delegation code.
    pub delegation: String,
    /// Courtesy title ("H.E. Ms.", "Dr.").
    pub title: String,
    /// Given name(s).
    pub given_name: String,
    /// Family name (required).
    pub family_name: String,
    /// Name in the person's own script, optional.
    pub native_name: String,
    /// Function or position.
    pub function: String,
    /// Category code.
    pub category: String,
    /// E-mail (desk only; never copied to door stations).
    pub email: String,
    /// Valid days as ISO dates; empty means every day of the event.
    pub days: Vec<String>,
    /// Zone codes; empty means the category's default zones.
    pub zones: Vec<String>,
    /// Photo as JPEG, at most 600 px on the long edge. Not serialised into the audit trail.
    #[serde(skip)]
    pub photo: Option<Vec<u8>>,
    /// Accreditation status.
    pub status: Status,
    /// Note shown at the door when the badge is scanned.
    pub attention: String,
    /// Current badge version; a reissue increments it and revokes older ones.
    pub badge_version: u32,
    /// Highest badge version printed so far (0 = never printed).
    pub printed_version: u32,
    /// Creation time, RFC 3339.
    pub created_at: String,
    /// Last change, RFC 3339.
    pub updated_at: String,
    /// The reason given with the latest status change (set by
    /// [`super::Registry::change_status`]; a withdrawal's shows at the door).
    #[serde(default)]
    pub status_reason: String,
    /// `F`, `M`, `X` or empty (for the gender statistics of delegations).
    #[serde(default)]
    pub gender: String,
    /// Nationality, ISO 3166-1 alpha-2.
    #[serde(default)]
    pub nationality: String,
    /// Date of birth, ISO (sensitive).
    #[serde(default)]
    pub birth_date: String,
    /// Identity document type: `passport`, `diplomatic_passport`, `service_passport`,
    /// `id_card` (sensitive).
    #[serde(default)]
    pub id_type: String,
    /// Identity document number (sensitive).
    #[serde(default)]
    pub id_number: String,
    /// Issuing country of the document, ISO 3166-1 alpha-2 (sensitive).
    #[serde(default)]
    pub id_country: String,
    /// Expiry of the document, ISO (sensitive).
    #[serde(default)]
    pub id_expiry: String,
    /// Vehicle plate (for the car park and the security perimeter).
    #[serde(default)]
    pub vehicle_plate: String,
    /// Security vetting verdict: `cleared`, `refused` or empty (not vetted yet).
    #[serde(default)]
    pub vetting: String,
    /// The security service's note with the verdict (sensitive).
    #[serde(default)]
    pub vetting_note: String,
}

impl Delegate {
    /// "Title Given FAMILY".
    pub fn display_name(&self) -> String {
        crate::text::display_name(&self.title, &self.given_name, &self.family_name)
    }
    /// Whether the current badge version has been printed.
    pub fn is_printed(&self) -> bool {
        self.printed_version >= self.badge_version
    }
}

/// A day of the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDay {
    /// ISO date.
    pub date: String,
    /// Label for people.
    #[serde(default)]
    pub label: String,
}

/// An access zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    /// Upper-case code (A-Z, 0-9), as printed and encoded in passes.
    pub code: String,
    /// Name for people.
    #[serde(default)]
    pub name: String,
}

/// A badge category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Upper-case code (A-Z, 0-9).
    pub code: String,
    /// Label printed in the badge band.
    pub label: String,
    /// Band colour as `#RRGGBB`.
    pub colour: String,
    /// Zones a delegate of this category may enter when the delegate has none of its own,
    /// `;`-separated; empty means every zone.
    #[serde(default)]
    pub zones: String,
}

impl Category {
    /// The band colour as RGB bytes (grey when the stored value is malformed).
    pub fn rgb(&self) -> [u8; 3] {
        parse_colour(&self.colour).unwrap_or([128, 128, 128])
    }
}

/// Parses `#RRGGBB`.
pub fn parse_colour(s: &str) -> Option<[u8; 3]> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    Some([(v >> 16) as u8, (v >> 8) as u8, v as u8])
}

/// The event this database serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Short upper-case id carried in every pass (A-Z, 0-9).
    pub code: String,
    /// Title printed on badges.
    pub title: String,
    /// Theme of the conference.
    #[serde(default)]
    pub subtitle: String,
    /// Venue.
    #[serde(default)]
    pub venue: String,
    /// City.
    #[serde(default)]
    pub city: String,
    /// Local time offset used to decide "today" at the door, like `+02:00`.
    pub utc_offset: String,
    /// Whether a second entry on the same day is admitted (`RE_ENTRY`) rather than refused.
    #[serde(default)]
    pub reentry: bool,
    /// Event-local time (`HH:MM`) of the automatic check-out: whoever came in and did not
    /// leave through an exit counts as inside until then (default `23:59`).
    #[serde(default = "default_checkout")]
    pub checkout: String,
    /// Days, in date order.
    pub days: Vec<EventDay>,
    /// Zones.
    pub zones: Vec<Zone>,
    /// Categories.
    pub categories: Vec<Category>,
    /// The badge design of every layout (absent in older files: today's badge).
    #[serde(default)]
    pub badge: super::template::BadgeTemplate,
}

impl Event {
    /// The category with this code.
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.code == code)
    }
    /// Whether the date is one of the event's days.
    pub fn has_day(&self, date: &str) -> bool {
        self.days.iter().any(|d| d.date == date)
    }
    /// Whether the zone exists.
    pub fn has_zone(&self, code: &str) -> bool {
        self.zones.iter().any(|z| z.code == code)
    }
    /// The zones a delegate may enter: their own, else their category's, else all.
    pub fn effective_zones(&self, d: &Delegate) -> Vec<String> {
        if !d.zones.is_empty() {
            return d.zones.clone();
        }
        let from_cat = self
            .category(&d.category)
            .map(|c| split_list(&c.zones))
            .unwrap_or_default();
        if from_cat.is_empty() { Vec::new() } else { from_cat }
    }
    /// The local UTC offset of the event; an error naming the field, the value and the form
    /// to write (`+02:00`) when `utc_offset` is malformed (an event saved through
    /// [`super::event::save`] never is; a file edited by hand may be). Never a silent UTC.
    pub fn offset(&self) -> Result<time::UtcOffset, super::RegistryError> {
        parse_offset(&self.utc_offset).ok_or_else(|| super::RegistryError::Invalid {
            field: "utc_offset".into(),
            message: format!(
                "the event's UTC offset {:?} must look like +02:00 (sign, hours, colon, minutes); correct it with `accredit event set --utc-offset +02:00`",
                self.utc_offset
            ),
        })
    }
}

/// The default automatic check-out time: the end of the event's day.
pub fn default_checkout() -> String {
    "23:59".into()
}

/// Parses a local clock time `HH:MM` (00:00 to 23:59).
pub fn parse_clock(s: &str) -> Option<time::Time> {
    let fmt = time::macros::format_description!("[hour]:[minute]");
    time::Time::parse(s.trim(), &fmt).ok()
}

/// Parses `+HH:MM` / `-HH:MM`.
pub fn parse_offset(s: &str) -> Option<time::UtcOffset> {
    let fmt = time::macros::format_description!("[offset_hour sign:mandatory]:[offset_minute]");
    time::UtcOffset::parse(s, &fmt).ok()
}

/// Splits a `;`-separated list, trimming blanks and dropping empty items.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a code is a valid event, zone or category code: 1 to 16 of A-Z, 0-9.
pub fn is_code(s: &str) -> bool {
    !s.is_empty() && s.len() <= 16 && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}
