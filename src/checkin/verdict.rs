//! What the door answers: a verdict code and the person it concerns.

use serde::Serialize;

pub use crate::registry::verdict_code::{Tone, VerdictCode};

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
    /// The headline as a message, said in the door's language on the Door screen.
    #[serde(skip)]
    pub headline_say: crate::i18n::Say,
    /// The detail as a message, said in the door's language on the Door screen.
    #[serde(skip)]
    pub detail_say: crate::i18n::Say,
}

impl Verdict {
    /// One verdict as one line: `CODE | person | delegation | category | badge | detail |
    /// attention | station | scan UUID`; fields that are unknown are left out.
    pub fn line(&self) -> String {
        let v = self;
        let mut parts = vec![v.code.as_str().to_string()];
        if let Some(p) = &v.person {
            parts.push(p.display_name.clone());
            parts.push(format!("{} {}", p.delegation_code, p.delegation_name));
            parts.push(p.category_code.clone());
        }
        if let (Some(s), Some(ver)) = (v.serial, v.version) {
            parts.push(format!("badge {s} v{ver}"));
        }
        parts.push(v.detail.clone());
        if let Some(p) = v.person.as_ref().filter(|p| !p.attention.trim().is_empty()) {
            parts.push(format!("attention: {}", p.attention.trim()));
        }
        let zone = v
            .zone
            .as_deref()
            .map(|z| format!(" zone {z}"))
            .unwrap_or_default();
        parts.push(format!("station {}{zone}", v.station));
        parts.push(format!("scan {}", v.scan_id));
        let joined = parts.join(" | ");
        joined
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    }

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
