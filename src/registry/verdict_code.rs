//! The verdict codes: what the door answers to one scan, as logged in every row of the scan
//! log (the `verdict` column). Part of the registry because the log is; the door's full
//! answer (code, person, earlier entry) is [`crate::checkin::Verdict`].

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

    /// The guard's words for the code, in capitals, in English (the Door screen's headline;
    /// see [`crate::checkin::headline`] for the full headline with time and station).
    pub fn words(self) -> String {
        crate::i18n::tr_in(crate::i18n::Lang::En, self.words_id(), &[])
    }

    /// The message id of the guard's words (`i18n/*/verdicts.ftl`).
    pub fn words_id(self) -> &'static str {
        match self {
            Self::Admitted => "verdict-admitted",
            Self::ReEntry => "verdict-re-entry",
            Self::AlreadyIn => "verdict-already-in",
            Self::Revoked => "verdict-revoked",
            Self::NotAccredited => "verdict-not-accredited",
            Self::NotToday => "verdict-not-today",
            Self::ZoneDenied => "verdict-zone-denied",
            Self::Unregistered => "verdict-unregistered",
            Self::Invalid => "verdict-invalid",
            Self::Override => "verdict-override",
            Self::Exit => "verdict-exit",
            Self::Annulled => "verdict-annulled",
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
