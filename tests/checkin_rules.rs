//! The verdict rule chain as a pure function: no database, no clock, no key. Every input is
//! built here; the SQLite gathering around it is tested through the CLI and the GUI.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::HashMap;

use accredit::checkin::log::LogEntry;
use accredit::checkin::presence::inside_now;
use accredit::checkin::rules::{Direction, RuleInput, judge, standing};
use accredit::checkin::{VerdictCode, checkout_moment};
use accredit::pass::{Claims, PassError};
use accredit::registry::seed::default_event;
use accredit::registry::{Delegate, Event, Status};

const DAY: &str = "2015-07-06";

fn claims(version: u32) -> Result<Claims, PassError> {
    Ok(Claims {
        event: "AATIP15".into(),
        serial: 7,
        version,
        category: "DEL".into(),
        days: Vec::new(),
        zones: Vec::new(),
    })
}

fn delegate() -> Delegate {
    Delegate {
        id: 7,
        delegation: "AT".into(),
        given_name: "Anna".into(),
        family_name: "Gruber".into(),
        category: "DEL".into(),
        status: Status::Accredited,
        badge_version: 1,
        ..Delegate::default()
    }
}

/// A logged scan of badge 7 at local time `hh_mm` on DAY (Vienna, +02:00).
fn scan(uuid: &str, hh_mm: &str, verdict: VerdictCode, zone: &str) -> LogEntry {
    let (h, m) = hh_mm.split_once(':').unwrap();
    let h: u8 = h.parse().unwrap();
    LogEntry {
        uuid: uuid.into(),
        station: "ST-AAAAAA".into(),
        at: format!("{DAY}T{:02}:{m}:00.000Z", h - 2),
        day: DAY.into(),
        verdict,
        serial: Some(7),
        version: Some(1),
        zone: zone.into(),
        override_reason: String::new(),
        operator: "t".into(),
        direction: if verdict == VerdictCode::Exit { "out" } else { "in" }.into(),
        annuls: String::new(),
    }
}

fn annul(uuid: &str, hh_mm: &str, target: &str) -> LogEntry {
    LogEntry {
        annuls: target.into(),
        ..scan(uuid, hh_mm, VerdictCode::Annulled, "")
    }
}

struct Case {
    event: Event,
    pass: Result<Claims, PassError>,
    delegate: Option<Delegate>,
    zone: Option<&'static str>,
    direction: Direction,
    at: String,
    prior: Vec<LogEntry>,
    names: HashMap<String, String>,
}

impl Case {
    fn new(at: &str) -> Self {
        let mut names = HashMap::new();
        names.insert("ST-AAAAAA".to_string(), "Door A".to_string());
        Self {
            event: default_event(),
            pass: claims(1),
            delegate: Some(delegate()),
            zone: None,
            direction: Direction::In,
            at: scan("x", at, VerdictCode::Admitted, "").at,
            prior: Vec::new(),
            names,
        }
    }
    fn judge(&self) -> accredit::checkin::rules::Ruling {
        let checkout = checkout_moment(DAY, &self.event.checkout, self.event.offset().unwrap());
        judge(&RuleInput {
            event: &self.event,
            pass: &self.pass,
            delegate: self.delegate.as_ref(),
            day: DAY,
            zone: self.zone,
            direction: self.direction,
            at: &self.at,
            checkout_at: &checkout,
            prior: &self.prior,
            offset: self.event.offset().unwrap(),
            station_names: &self.names,
        })
    }
}

#[test]
fn precedence_and_headlines_in_plain_words() {
    let c = Case::new("09:00");
    let r = c.judge();
    assert_eq!((r.code, r.headline.as_str()), (VerdictCode::Admitted, "WELCOME"));

    let mut c = Case::new("09:00");
    c.pass = Err(PassError::Malformed("no signature"));
    let r = c.judge();
    assert_eq!(
        (r.code, r.headline.as_str(), r.serial),
        (VerdictCode::Invalid, "NOT A VALID BADGE", None)
    );

    let mut c = Case::new("09:00");
    c.delegate = None;
    assert_eq!(c.judge().headline, "UNKNOWN BADGE - CALL SUPERVISOR");

    let mut c = Case::new("09:00");
    c.delegate.as_mut().unwrap().badge_version = 2;
    let r = c.judge();
    assert_eq!(
        (r.code, r.headline.as_str()),
        (VerdictCode::Revoked, "BADGE REPLACED")
    );

    let mut c = Case::new("09:00");
    c.delegate.as_mut().unwrap().status = Status::Withdrawn;
    assert_eq!(c.judge().headline, "ACCREDITATION WITHDRAWN");

    let mut c = Case::new("09:00");
    c.delegate.as_mut().unwrap().status = Status::Pending;
    assert_eq!(c.judge().headline, "NOT ACCREDITED");

    let mut c = Case::new("09:00");
    c.delegate.as_mut().unwrap().days = vec!["2015-07-07".into()];
    let r = c.judge();
    assert_eq!(
        (r.code, r.headline.as_str()),
        (VerdictCode::NotToday, "NOT VALID TODAY")
    );

    let mut c = Case::new("09:00");
    c.zone = Some("BILATERAL");
    c.delegate.as_mut().unwrap().zones = vec!["PLENARY".into()];
    let r = c.judge();
    assert_eq!(
        (r.code, r.headline.as_str()),
        (VerdictCode::ZoneDenied, "NOT FOR THIS ZONE")
    );

    // A revoked badge that is also not for today is REVOKED (precedence).
    let mut c = Case::new("09:00");
    c.delegate.as_mut().unwrap().badge_version = 2;
    c.delegate.as_mut().unwrap().days = vec!["2015-07-07".into()];
    assert_eq!(c.judge().code, VerdictCode::Revoked);
}

#[test]
fn once_per_day_names_time_and_station_and_an_exit_lets_the_next_entry_in() {
    let mut c = Case::new("10:00");
    c.prior = vec![scan("a", "09:12", VerdictCode::Admitted, "")];
    let r = c.judge();
    assert_eq!(r.code, VerdictCode::AlreadyIn);
    assert_eq!(r.headline, "ALREADY ENTERED 09:12 AT DOOR A");
    assert_eq!(r.detail, "already admitted 2015-07-06 09:12 at Door A");

    // After an exit the next entry is admitted (as a re-entry), even once per day.
    c.prior.push(scan("b", "09:40", VerdictCode::Exit, ""));
    let r = c.judge();
    assert_eq!(
        (r.code, r.headline.as_str()),
        (VerdictCode::ReEntry, "WELCOME BACK")
    );
    assert!(
        r.detail.contains("left 2015-07-06 09:40 at Door A"),
        "{}",
        r.detail
    );
    assert!(r.code.admits());

    // Inside again after that re-entry: ALREADY_IN names the entry that counts now.
    c.prior.push(scan("c", "09:50", VerdictCode::ReEntry, ""));
    assert_eq!(c.judge().headline, "ALREADY ENTERED 09:50 AT DOOR A");

    // An exit of the building (no zone) ends a stay in a zone too; an exit of another zone
    // does not.
    let mut c = Case::new("12:00");
    c.zone = Some("PRESS");
    c.delegate.as_mut().unwrap().zones = vec!["PRESS".into()];
    c.prior = vec![
        scan("a", "09:00", VerdictCode::Admitted, "PRESS"),
        scan("b", "10:00", VerdictCode::Exit, "PLENARY"),
    ];
    assert_eq!(c.judge().code, VerdictCode::AlreadyIn);
    c.prior.push(scan("c", "11:00", VerdictCode::Exit, ""));
    assert_eq!(c.judge().code, VerdictCode::ReEntry);
    // Entries of other zones do not count for this one.
    let mut c = Case::new("12:00");
    c.zone = Some("PRESS");
    c.delegate.as_mut().unwrap().zones = vec!["PRESS".into()];
    c.prior = vec![scan("a", "09:00", VerdictCode::Admitted, "")];
    assert_eq!(c.judge().code, VerdictCode::Admitted);
}

#[test]
fn annulled_admissions_do_not_count() {
    let mut c = Case::new("10:00");
    c.prior = vec![
        scan("a", "09:12", VerdictCode::Admitted, ""),
        annul("z", "09:13", "a"),
    ];
    let r = c.judge();
    assert_eq!((r.code, r.earlier), (VerdictCode::Admitted, None));
    // Annulling the exit brings the person back inside.
    let mut c = Case::new("10:00");
    c.prior = vec![
        scan("a", "09:12", VerdictCode::Admitted, ""),
        scan("b", "09:30", VerdictCode::Exit, ""),
        annul("z", "09:31", "b"),
    ];
    assert_eq!(c.judge().code, VerdictCode::AlreadyIn);
}

#[test]
fn exits_say_goodbye_and_the_automatic_check_out_ends_the_stay() {
    let mut c = Case::new("17:00");
    c.direction = Direction::Out;
    c.prior = vec![scan("a", "09:12", VerdictCode::Admitted, "")];
    let r = c.judge();
    assert_eq!((r.code, r.headline.as_str()), (VerdictCode::Exit, "GOODBYE"));
    assert!(
        r.detail.contains("entered 2015-07-06 09:12 at Door A"),
        "{}",
        r.detail
    );
    assert!(r.code.passes() && !r.code.admits());
    // Whatever the badge's state, an exit is recorded (a revoked badge may leave too).
    c.delegate.as_mut().unwrap().status = Status::Withdrawn;
    assert_eq!(c.judge().code, VerdictCode::Exit);
    // Garbage at an exit is still garbage.
    c.pass = Err(PassError::Malformed("x"));
    assert_eq!(c.judge().code, VerdictCode::Invalid);

    // Check-out at 18:00: at 18:30 the person who came in at 09:12 is out again.
    let mut c = Case::new("18:30");
    c.event.checkout = "18:00".into();
    c.prior = vec![scan("a", "09:12", VerdictCode::Admitted, "")];
    let r = c.judge();
    assert_eq!(r.code, VerdictCode::ReEntry);
    assert!(
        r.detail.contains("checked out automatically at 18:00"),
        "{}",
        r.detail
    );
    let co = checkout_moment(DAY, "18:00", c.event.offset().unwrap());
    assert_eq!(co, "2015-07-06T16:00:00.000Z");
    assert!(
        standing(
            &c.prior,
            "",
            &scan("q", "17:59", VerdictCode::Admitted, "").at,
            &co
        )
        .inside_since
        .is_some()
    );
    assert!(standing(&c.prior, "", &c.at, &co).inside_since.is_none());
}

#[test]
fn who_is_inside_per_zone() {
    let mut s = vec![
        scan("a", "09:00", VerdictCode::Admitted, ""),
        scan("b", "09:10", VerdictCode::Admitted, "PRESS"),
        scan("c", "09:20", VerdictCode::Exit, "PRESS"),
    ];
    let mut other = scan("d", "09:30", VerdictCode::Override, "");
    other.serial = Some(8);
    s.push(other);
    let mut gone = scan("e", "09:40", VerdictCode::Admitted, "");
    gone.serial = Some(9);
    s.push(gone);
    s.push(LogEntry {
        serial: Some(9),
        ..annul("f", "09:41", "e")
    });
    let at = scan("q", "10:00", VerdictCode::Admitted, "").at;
    let co = checkout_moment(DAY, "23:59", default_event().offset().unwrap());
    let inside = inside_now(&s, &at, &co);
    let zones: Vec<(i64, Vec<&str>)> = inside
        .iter()
        .map(|(k, v)| (*k, v.iter().map(|(z, _)| z.as_str()).collect()))
        .collect();
    assert_eq!(zones, [(7, vec![""]), (8, vec![""])]);
    assert_eq!(inside[&7][0].1.uuid, "a");
}
