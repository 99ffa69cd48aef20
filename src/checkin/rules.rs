//! The verdict rule chain, as a pure function of what the door knows at the moment of a
//! scan: the verified pass, the delegate's record, the day and zone, the station's
//! direction and the earlier scans of this badge that day. No SQLite, no clock: the door
//! ([`super::Door`]) gathers the inputs and logs the answer.

use std::collections::{HashMap, HashSet};

use time::UtcOffset;

use super::log::{self, LogEntry};
use super::verdict::{EarlierEntry, VerdictCode};
use crate::i18n::Say;
use crate::pass::{Claims, PassError};
use crate::registry::{Delegate, Event, Status};

/// The way a station lets people through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub enum Direction {
    /// Entry (the default).
    #[default]
    In,
    /// Exit: the scan records that the person left.
    Out,
}

impl Direction {
    /// As logged: `in` or `out`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::In => "in",
            Self::Out => "out",
        }
    }

    /// Parses `in` / `entry` or `out` / `exit` (any case).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "in" | "entry" => Some(Self::In),
            "out" | "exit" => Some(Self::Out),
            _ => None,
        }
    }
}

/// What the rule chain needs to judge one scan.
#[derive(Debug, Clone, Copy)]
pub struct RuleInput<'a> {
    /// The event (days, zones, categories, re-entry).
    pub event: &'a Event,
    /// The payload's signature check.
    pub pass: &'a Result<Claims, PassError>,
    /// The registry's record of the pass's serial, `None` when this copy does not know it.
    pub delegate: Option<&'a Delegate>,
    /// The scan's event-local day.
    pub day: &'a str,
    /// The zone the station guards (`None`: the entrance).
    pub zone: Option<&'a str>,
    /// The station's direction.
    pub direction: Direction,
    /// The scan time, as logged ([`log::format_at`]).
    pub at: &'a str,
    /// The moment of this day's automatic check-out, as logged: people who entered before
    /// it and scan again after it are outside again.
    pub checkout_at: &'a str,
    /// The earlier scans of this badge this day (any zone, any order; annulments included).
    pub prior: &'a [LogEntry],
    /// The event's offset, for local times.
    pub offset: UtcOffset,
    /// Station names by logged station (see [`super::station_names`]).
    pub station_names: &'a HashMap<String, String>,
}

/// The answer of the rule chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ruling {
    /// The verdict.
    pub code: VerdictCode,
    /// Badge serial when the pass was correctly signed.
    pub serial: Option<i64>,
    /// Badge version when the pass was correctly signed.
    pub version: Option<u32>,
    /// The guard's words ([`headline`]).
    pub headline: String,
    /// Why, in plain words.
    pub detail: String,
    /// The admission that makes this scan `ALREADY_IN` / `RE_ENTRY`, or that an exit ends.
    pub earlier: Option<EarlierEntry>,
    /// The headline as a message, for the Door screen in its own language (`headline` is
    /// its English words).
    pub headline_say: Say,
    /// The detail as a message (`detail` is its English words).
    pub detail_say: Say,
}

impl Ruling {
    /// Sets the headline (its message and its English words).
    pub fn set_headline(&mut self, say: Say) {
        self.headline = say.english();
        self.headline_say = say;
    }
    /// Sets the detail (its message and its English words).
    pub fn set_detail(&mut self, say: Say) {
        self.detail = say.english();
        self.detail_say = say;
    }
}

/// Where a badge stands in one zone on one day, from its scans.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing<'a> {
    /// The first admission of the day that still counts (not annulled).
    pub first: Option<&'a LogEntry>,
    /// The admission the person is inside by, if inside now.
    pub inside_since: Option<&'a LogEntry>,
    /// The last exit that counts.
    pub last_exit: Option<&'a LogEntry>,
}

/// The UUIDs that annulments among `scans` cancel.
pub fn annulled(scans: &[LogEntry]) -> HashSet<&str> {
    scans
        .iter()
        .filter(|e| e.verdict == VerdictCode::Annulled && !e.annuls.is_empty())
        .map(|e| e.annuls.as_str())
        .collect()
}

/// Where a badge stands in `zone` (`""`: the entrance) at `at`, from its scans of one day.
///
/// Admissions (`ADMITTED`, `RE_ENTRY`, `OVERRIDE`) of that zone let the person in; an exit
/// of that zone, or of the entrance (leaving the building), lets them out; annulled scans
/// do not count; after `checkout_at` everybody who came in before it is out. Scans are
/// taken in time order (then UUID), so merged logs give the same answer in any order.
pub fn standing<'a>(scans: &'a [LogEntry], zone: &str, at: &str, checkout_at: &str) -> Standing<'a> {
    let gone = annulled(scans);
    let mut moves: Vec<&LogEntry> = scans
        .iter()
        .filter(|e| !gone.contains(e.uuid.as_str()))
        .filter(|e| {
            (e.verdict.admits() && e.zone == zone)
                || (e.verdict == VerdictCode::Exit && (e.zone == zone || e.zone.is_empty()))
        })
        .collect();
    moves.sort_by(|a, b| (&a.at, &a.uuid).cmp(&(&b.at, &b.uuid)));
    let mut s = Standing::default();
    for e in moves {
        if e.verdict.admits() {
            s.first.get_or_insert(e);
            s.inside_since.get_or_insert(e);
        } else {
            s.inside_since = None;
            s.last_exit = Some(e);
        }
    }
    if let Some(e) = s.inside_since
        && e.at.as_str() < checkout_at
        && at >= checkout_at
    {
        s.inside_since = None;
    }
    s
}

/// The guard's words for a verdict: what the Door screen shows in large letters.
///
/// `replaced` tells a replaced badge from a withdrawn or rejected accreditation;
/// `earlier` gives `ALREADY ENTERED 09:12 AT DOOR A` its time and station.
pub fn headline(
    code: VerdictCode,
    replaced: bool,
    status: Option<Status>,
    earlier: Option<&EarlierEntry>,
) -> String {
    headline_say(code, replaced, status, earlier).english()
}

/// The guard's words for a verdict as a message ([`headline`] is its English words).
pub fn headline_say(
    code: VerdictCode,
    replaced: bool,
    status: Option<Status>,
    earlier: Option<&EarlierEntry>,
) -> Say {
    match code {
        VerdictCode::Revoked if replaced => Say::new("verdict-replaced"),
        VerdictCode::Revoked => match status {
            Some(Status::Rejected) => Say::new("verdict-rejected"),
            _ => Say::new("verdict-withdrawn"),
        },
        VerdictCode::AlreadyIn => match earlier {
            Some(e) => Say::new("verdict-already-in-at")
                .arg("time", e.local.get(11..).unwrap_or(&e.local))
                .arg("station", e.station_name.to_uppercase()),
            None => Say::new(code.words_id()),
        },
        _ => Say::new(code.words_id()),
    }
}

/// The station as people know it.
pub fn station_name(names: &HashMap<String, String>, station: &str) -> String {
    names.get(station).cloned().unwrap_or_else(|| station.to_string())
}

/// An earlier scan as a verdict names it: local time and station name.
pub fn earlier_entry(e: &LogEntry, offset: UtcOffset, names: &HashMap<String, String>) -> EarlierEntry {
    EarlierEntry {
        at: e.at.clone(),
        local: log::local_minute(&e.at, offset),
        station: e.station.clone(),
        station_name: station_name(names, &e.station),
    }
}

fn earlier(e: &LogEntry, input: &RuleInput<'_>) -> EarlierEntry {
    earlier_entry(e, input.offset, input.station_names)
}

/// Judges one scan. The precedence of the verdicts is documented in [`crate::checkin`].
pub fn judge(input: &RuleInput<'_>) -> Ruling {
    let bare = |code: VerdictCode, detail: Say| {
        let mut r = Ruling {
            code,
            serial: None,
            version: None,
            headline: String::new(),
            detail: String::new(),
            earlier: None,
            headline_say: Say::default(),
            detail_say: Say::default(),
        };
        r.set_headline(Say::new(code.words_id()));
        r.set_detail(detail);
        r
    };
    let claims = match input.pass {
        Ok(c) => c,
        Err(e) => return bare(VerdictCode::Invalid, pass_error_say(e)),
    };
    let Ok(serial) = i64::try_from(claims.serial) else {
        return bare(VerdictCode::Unregistered, Say::new("verdict-detail-serial-range"));
    };
    let mut r = Ruling {
        code: VerdictCode::Admitted,
        serial: Some(serial),
        version: Some(claims.version),
        headline: String::new(),
        detail: String::new(),
        earlier: None,
        headline_say: Say::default(),
        detail_say: Say::default(),
    };
    let zone = input.zone.unwrap_or("");
    if input.direction == Direction::Out {
        return exit(input, r, zone);
    }
    let refuse = |mut r: Ruling, code: VerdictCode, detail: Say, replaced: bool, status| {
        r.code = code;
        r.set_headline(headline_say(code, replaced, status, None));
        r.set_detail(detail);
        r
    };
    let version = claims.version.to_string();
    let Some(d) = input.delegate else {
        let detail = Say::new("verdict-detail-unknown")
            .arg("serial", serial.to_string())
            .arg("version", version);
        return refuse(r, VerdictCode::Unregistered, detail, false, None);
    };
    let current = d.badge_version;
    if claims.version > current {
        let detail = Say::new("verdict-detail-newer")
            .arg("version", version)
            .arg("current", current.to_string());
        return refuse(r, VerdictCode::Unregistered, detail, false, None);
    }
    if claims.version < current {
        let detail = Say::new("verdict-detail-replaced")
            .arg("version", version)
            .arg("current", current.to_string());
        return refuse(r, VerdictCode::Revoked, detail, true, None);
    }
    match d.status {
        Status::Withdrawn | Status::Rejected => {
            let detail = Say::new(if d.status == Status::Withdrawn {
                "verdict-detail-withdrawn"
            } else {
                "verdict-detail-rejected"
            });
            return refuse(r, VerdictCode::Revoked, detail, false, Some(d.status));
        }
        Status::Pending => {
            let detail = Say::new("verdict-detail-pending");
            return refuse(r, VerdictCode::NotAccredited, detail, false, None);
        }
        Status::Accredited => {}
    }
    let day = input.day;
    if !input.event.has_day(day) {
        let days: Vec<&str> = input.event.days.iter().map(|d| d.date.as_str()).collect();
        let detail = Say::new("verdict-detail-not-event-day")
            .arg("day", day)
            .arg("days", days.join(", "));
        return refuse(r, VerdictCode::NotToday, detail, false, None);
    }
    for list in [&claims.days, &d.days] {
        if !list.is_empty() && !list.iter().any(|d| d == day) {
            let detail = Say::new("verdict-detail-valid-only")
                .arg("days", list.join(", "))
                .arg("day", day);
            return refuse(r, VerdictCode::NotToday, detail, false, None);
        }
    }
    if let Some(zone) = input.zone {
        for list in [&claims.zones, &input.event.effective_zones(d)] {
            if !list.is_empty() && !list.iter().any(|z| z == zone) {
                let detail = Say::new("verdict-detail-zone")
                    .arg("zone", zone)
                    .arg("zones", list.join(", "));
                return refuse(r, VerdictCode::ZoneDenied, detail, false, None);
            }
        }
    }
    let s = standing(input.prior, zone, input.at, input.checkout_at);
    match (s.inside_since, s.first) {
        (Some(since), Some(first)) => {
            if input.event.reentry {
                let e = earlier(first, input);
                r.code = VerdictCode::ReEntry;
                r.set_detail(at_station("verdict-detail-re-entry", &e.local, &e.station_name));
                r.earlier = Some(e);
            } else {
                let e = earlier(since, input);
                r.code = VerdictCode::AlreadyIn;
                r.set_detail(at_station("verdict-detail-already", &e.local, &e.station_name));
                r.earlier = Some(e);
            }
        }
        (None, Some(first)) => {
            let e = earlier(first, input);
            r.code = VerdictCode::ReEntry;
            r.set_detail(match s.last_exit {
                Some(x) => at_station(
                    "verdict-detail-back-left",
                    &log::local_minute(&x.at, input.offset),
                    &station_name(input.station_names, &x.station),
                ),
                None => Say::new("verdict-detail-back-checkout").arg("time", local_time(input)),
            });
            r.earlier = Some(e);
        }
        _ => r.set_detail(Say::new("verdict-detail-welcome")),
    }
    r.set_headline(headline_say(r.code, false, None, r.earlier.as_ref()));
    r
}

/// A detail naming a time and a station ("already admitted 2015-07-06 09:12 at Door A").
fn at_station(id: &str, time: &str, station: &str) -> Say {
    Say::new(id).arg("time", time).arg("station", station)
}

/// Why a pass is not valid, as a message (its English words are the error's).
pub fn pass_error_say(e: &crate::pass::PassError) -> Say {
    use crate::pass::PassError;
    match e {
        PassError::Malformed(why) => Say::new("verdict-detail-malformed").arg("reason", *why),
        PassError::OtherEvent(ev) => Say::new("verdict-detail-other-event").arg("event", ev),
        PassError::BadSignature => Say::new("verdict-detail-forged"),
        PassError::Unencodable(why) => Say::new("verdict-detail-unencodable").arg("reason", why),
    }
}

fn local_time(input: &RuleInput<'_>) -> String {
    let t = log::local_minute(input.checkout_at, input.offset);
    t.get(11..).unwrap_or(&t).to_string()
}

/// An exit: every correctly signed badge may leave; the log records it.
fn exit(input: &RuleInput<'_>, mut r: Ruling, zone: &str) -> Ruling {
    r.code = VerdictCode::Exit;
    r.set_headline(Say::new(VerdictCode::Exit.words_id()));
    // Leaving the building (no zone) ends the stay in every zone.
    let since = if zone.is_empty() {
        let zones: HashSet<&str> = input.prior.iter().map(|e| e.zone.as_str()).collect();
        zones
            .into_iter()
            .filter_map(|z| standing(input.prior, z, input.at, input.checkout_at).inside_since)
            .min_by(|a, b| (&a.at, &a.uuid).cmp(&(&b.at, &b.uuid)))
    } else {
        standing(input.prior, zone, input.at, input.checkout_at).inside_since
    };
    match since {
        Some(e) => {
            let e = earlier(e, input);
            r.set_detail(at_station(
                "verdict-detail-goodbye-entered",
                &e.local,
                &e.station_name,
            ));
            r.earlier = Some(e);
        }
        None => r.set_detail(Say::new("verdict-detail-goodbye")),
    }
    r
}
