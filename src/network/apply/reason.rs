//! Why an item was refused: every refusal is counted by its reason, never silent.

/// Why an item was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefusalReason {
    /// Not shaped like an item of its kind (bytes, header, JSON, key or revision that do not
    /// match, a scan not in canonical encoding, a photo that does not match its hash).
    Malformed,
    /// Made for another event (event code).
    OtherEvent,
    /// A scan whose signer has no certificate here.
    UnknownStation,
    /// The signature does not verify (with the event key for certificates and records, the
    /// station's certified key for scans).
    BadSignature,
    /// A row without a signature (a scan file from before signing).
    Unsigned,
    /// A scan whose day is not the event-local day of its time.
    BadDay,
    /// A scan at a zone the event does not have.
    UnknownZone,
    /// An admission of a badge serial or version no door record here knows yet; held, and
    /// applied when the record arrives.
    UnknownBadge,
    /// A record naming a category or delegation this event does not have.
    UnknownCode,
    /// A record or certificate older than the one here.
    Superseded,
    /// Same key as an item here, different content (a scan UUID, a record revision, a
    /// certificate naming another public key for a station known here).
    Conflict,
    /// A scan of a station revoked by the event key, dated from its revocation on, or a desk
    /// change made by a desk after its certificate was revoked.
    Revoked,
    /// A scan dated more than a day from the event's days.
    OutsideEvent,
    /// An item larger than its kind may be (not read).
    Oversize,
}

impl RefusalReason {
    /// Every reason, in report order.
    pub const ALL: [RefusalReason; 14] = [
        Self::Malformed,
        Self::OtherEvent,
        Self::UnknownStation,
        Self::BadSignature,
        Self::Unsigned,
        Self::BadDay,
        Self::UnknownZone,
        Self::UnknownBadge,
        Self::UnknownCode,
        Self::Superseded,
        Self::Conflict,
        Self::Revoked,
        Self::OutsideEvent,
        Self::Oversize,
    ];

    /// Whether the refusal is normal in a healthy network: an older record or certificate
    /// (a replayed or older file) or an admission held until its record arrives. Every other
    /// reason means a damaged, foreign or forged item.
    pub fn is_routine(self) -> bool {
        matches!(self, Self::Superseded | Self::UnknownBadge)
    }

    /// The reason as printed: `bad_signature`, `unknown_station`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::OtherEvent => "other_event",
            Self::UnknownStation => "unknown_station",
            Self::BadSignature => "bad_signature",
            Self::Unsigned => "unsigned",
            Self::BadDay => "bad_day",
            Self::UnknownZone => "unknown_zone",
            Self::UnknownBadge => "unknown_badge",
            Self::UnknownCode => "unknown_code",
            Self::Superseded => "superseded",
            Self::Conflict => "conflict",
            Self::Revoked => "revoked",
            Self::OutsideEvent => "outside_event",
            Self::Oversize => "oversize",
        }
    }
}

impl std::fmt::Display for RefusalReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
