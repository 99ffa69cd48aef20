//! What the door answers: a verdict code and the person it concerns.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// The answer to one scan. Exactly one per scan; see the module documentation of
/// [`crate::checkin`] for the precedence when several apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VerdictCode {
    /// Valid pass, current version, accredited, valid today and for the zone, first entry.
    Admitted,
    /// Admitted again the same day (only when the event allows re-entry).
    ReEntry,
    /// Already admitted today for this zone (at this or a merged station); refused.
    AlreadyIn,
    /// Superseded by a reissue, or the accreditation was withdrawn or rejected.
    Revoked,
    /// The delegate is still pending.
    NotAccredited,
    /// Not valid on this day, or the day is outside the event.
    NotToday,
    /// The station's zone is not on the badge.
    ZoneDenied,
    /// Correctly signed, but this copy of the registry does not know the badge (serial, or a
    /// version newer than the copy): a supervisor decides.
    Unregistered,
    /// Not a valid pass of this event: garbage, altered, truncated, other event, other key.
    Invalid,
    /// Admitted by a supervisor's override, with a reason (logged with the operator).
    Override,
    /// An exit scan of a correctly signed badge (direction `out`): the person left.
    Exit,
    /// A supervisor's annulment of an earlier scan (`annuls` names it, with a reason): that
    /// admission or exit no longer counts.
    Annulled,
}

/// How a verdict should look: the door kiosk colours the screen by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Tone {
    /// Admitted (green).
    Go,
    /// Needs a person's attention: `ALREADY_IN`, `UNREGISTERED`, `ANNULLED` (amber).
    Warn,
    /// Refused (red).
    Stop,
}

impl VerdictCode {
    /// Every code, in precedence order of the refusals (admissions, then exits and
    /// annulments, last).
    pub const ALL: [VerdictCode; 12] = [
        Self::Invalid,
        Self::Unregistered,
        Self::Revoked,
        Self::NotAccredited,
        Self::NotToday,
        Self::ZoneDenied,
        Self::AlreadyIn,
        Self::ReEntry,
        Self::Admitted,
        Self::Override,
        Self::Exit,
        Self::Annulled,
    ];

    /// The code as printed and logged (`ADMITTED`, `ALREADY_IN`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admitted => "ADMITTED",
            Self::ReEntry => "RE_ENTRY",
            Self::AlreadyIn => "ALREADY_IN",
            Self::Revoked => "REVOKED",
            Self::NotAccredited => "NOT_ACCREDITED",
            Self::NotToday => "NOT_TODAY",
            Self::ZoneDenied => "ZONE_DENIED",
            Self::Unregistered => "UNREGISTERED",
            Self::Invalid => "INVALID",
            Self::Override => "OVERRIDE",
            Self::Exit => "EXIT",
            Self::Annulled => "ANNULLED",
        }
    }

    /// The guard's words for the code, in capitals (the Door screen's headline; see
    /// [`crate::checkin::headline`] for the full headline with time and station).
    pub fn words(self) -> &'static str {
        match self {
            Self::Admitted => "WELCOME",
            Self::ReEntry => "WELCOME BACK",
            Self::AlreadyIn => "ALREADY ENTERED",
            Self::Revoked => "BADGE REVOKED",
            Self::NotAccredited => "NOT ACCREDITED",
            Self::NotToday => "NOT VALID TODAY",
            Self::ZoneDenied => "NOT FOR THIS ZONE",
            Self::Unregistered => "UNKNOWN BADGE - CALL SUPERVISOR",
            Self::Invalid => "NOT A VALID BADGE",
            Self::Override => "ADMITTED BY SUPERVISOR",
            Self::Exit => "GOODBYE",
            Self::Annulled => "SCAN ANNULLED",
        }
    }

    /// Parses a logged code (exact spelling).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Whether the person goes in: `ADMITTED`, `RE_ENTRY` or `OVERRIDE`.
    pub fn admits(self) -> bool {
        matches!(self, Self::Admitted | Self::ReEntry | Self::Override)
    }

    /// The admitting codes as an SQL list, `('RE_ENTRY', 'ADMITTED', 'OVERRIDE')`, built from
    /// [`VerdictCode::admits`] so that every query counting admissions uses the same rule.
    pub fn admitting_sql() -> &'static str {
        static LIST: LazyLock<String> = LazyLock::new(|| {
            let codes: Vec<String> = VerdictCode::ALL
                .into_iter()
                .filter(|c| c.admits())
                .map(|c| format!("'{}'", c.as_str()))
                .collect();
            format!("({})", codes.join(", "))
        });
        &LIST
    }

    /// Whether the person passes the door: an admission, or an exit.
    pub fn passes(self) -> bool {
        self.admits() || self == Self::Exit
    }

    /// Whether the code is a refusal (neither an admission, nor an exit, nor an annulment).
    pub fn refuses(self) -> bool {
        !self.passes() && self != Self::Annulled
    }

    /// The colour class of the verdict.
    pub fn tone(self) -> Tone {
        match self {
            Self::Admitted | Self::ReEntry | Self::Override | Self::Exit => Tone::Go,
            Self::AlreadyIn | Self::Unregistered | Self::Annulled => Tone::Warn,
            _ => Tone::Stop,
        }
    }
}

impl std::fmt::Display for VerdictCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The person a badge belongs to, as the door shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Registry id (the badge serial).
    pub delegate_id: i64,
    /// "Title Given FAMILY".
    pub display_name: String,
    /// Name in the person's own script, may be empty.
    pub native_name: String,
    /// Delegation code.
    pub delegation_code: String,
    /// Delegation name in English (the code when unknown).
    pub delegation_name: String,
    /// Category code.
    pub category_code: String,
    /// Category label as printed on the badge.
    pub category_label: String,
    /// Category band colour.
    pub category_colour: [u8; 3],
    /// The photo (JPEG), when there is one.
    #[serde(skip)]
    pub photo: Option<Vec<u8>>,
    /// Note for the door staff, may be empty.
    pub attention: String,
    /// Current badge version in the registry.
    pub badge_version: u32,
}

/// An earlier admission that makes this scan `ALREADY_IN` (or `RE_ENTRY`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EarlierEntry {
    /// When, RFC 3339 UTC.
    pub at: String,
    /// When, in the event's local time: `2015-07-06 09:12`.
    pub local: String,
    /// Station that admitted, as logged (name or id).
    pub station: String,
    /// The station as people know it: its name where this database knows one (see
    /// [`crate::checkin::station_names`]), else as logged.
    pub station_name: String,
}

/// The answer to one scan, after it was durably logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The verdict.
    pub code: VerdictCode,
    /// What the guard reads, in plain words: `WELCOME`, `ALREADY ENTERED 09:12 AT DOOR A`,
    /// `BADGE REPLACED`, `GOODBYE`, ... (see [`crate::checkin::headline`]).
    pub headline: String,
    /// `in` (entry) or `out` (exit), as logged.
    pub direction: String,
    /// UUID of the scan log entry.
    pub scan_id: String,
    /// Scan time, RFC 3339 UTC with milliseconds.
    pub at: String,
    /// Event-local day of the scan (`2015-07-06`).
    pub day: String,
    /// Station that scanned.
    pub station: String,
    /// Zone guarded by the station, if any.
    pub zone: Option<String>,
    /// Badge serial when the pass was correctly signed.
    pub serial: Option<i64>,
    /// Badge version when the pass was correctly signed.
    pub version: Option<u32>,
    /// The person, when this copy of the registry knows them.
    pub person: Option<Person>,
    /// The earlier admission today, for `ALREADY_IN` and `RE_ENTRY`.
    pub earlier: Option<EarlierEntry>,
    /// Why, in plain words ("badge version 1 was replaced by version 2").
    pub detail: String,
    /// The supervisor's reason, for `OVERRIDE`.
    pub override_reason: Option<String>,
    /// Who operated the station.
    pub operator: String,
}

impl Verdict {
    /// Whether the person goes in.
    pub fn admits(&self) -> bool {
        self.code.admits()
    }

    /// Whether the person passes (goes in, or out through an exit).
    pub fn passes(&self) -> bool {
        self.code.passes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_admitting_sql_list_is_the_admits_rule() {
        let list = VerdictCode::admitting_sql();
        assert!(list.starts_with("('") && list.ends_with("')"), "{list}");
        assert_eq!(list.matches(", ").count(), 2, "{list}");
        for code in VerdictCode::ALL {
            let quoted = format!("'{}'", code.as_str());
            assert_eq!(
                VerdictCode::admitting_sql().contains(&quoted),
                code.admits(),
                "{code:?}"
            );
        }
    }
}
