//! Every verdict through the real `accredit checkin` binary, on temporary databases.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod checkin_common;

use accredit::Registry;
use accredit::registry::Status;
use checkin_common::*;

#[test]
fn admitted_then_already_in_with_time_and_station() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let mut d = person("AT", "Anna", "Gruber", "DEL");
    d.attention = "wheelchair user: use the side door".into();
    let (d, pass) = add(&mut reg, &d);
    drop(reg);

    let (rc, line, err) = checkin(&desk.db, &[&pass, "--at", DAY1, "--station", "MAIN-DOOR"]);
    assert_eq!(rc, 0, "{line} {err}");
    assert_eq!(code(&line), "ADMITTED");
    assert!(line.contains("Ms. Anna GRUBER"), "{line}");
    assert!(line.contains("AT Austria"), "{line}");
    assert!(line.contains("| DEL |"), "{line}");
    assert!(line.contains("attention: wheelchair user"), "{line}");
    assert!(line.contains(&format!("badge {} v1", d.id)), "{line}");

    let (rc, line, _) = checkin(
        &desk.db,
        &[&pass, "--at", "2015-07-06T11:30:00+02:00", "--station", "SIDE"],
    );
    assert_eq!(rc, 1, "{line}");
    assert_eq!(code(&line), "ALREADY_IN");
    assert!(line.contains("2015-07-06 09:00 at MAIN-DOOR"), "{line}");

    // Next day: admitted again.
    let (rc, line, _) = checkin(&desk.db, &[&pass, "--at", DAY2]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");

    // Every scan is in the log, with the verdicts in order.
    let reg = desk.reg();
    let log = accredit::checkin::log::all(reg.conn()).unwrap();
    let codes: Vec<&str> = log.iter().map(|e| e.verdict.as_str()).collect();
    assert_eq!(codes, ["ADMITTED", "ALREADY_IN", "ADMITTED"]);
    assert_eq!(log[0].station, "MAIN-DOOR");
    assert_eq!(log[0].day, "2015-07-06");
    assert_eq!(log[0].serial, Some(d.id));
    assert_eq!(log[0].version, Some(1));
    assert_eq!(log[0].operator, "tester");
}

#[test]
fn re_entry_when_the_event_allows_it() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let mut ev = reg.event().unwrap();
    ev.reentry = true;
    accredit::registry::event::save(reg.conn(), "tester", &ev).unwrap();
    let (_, pass) = add(&mut reg, &person("FR", "Luc", "Moreau", "HOD"));
    drop(reg);
    let (rc, line, _) = checkin(&desk.db, &[&pass, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
    let (rc, line, _) = checkin(&desk.db, &[&pass, "--at", "2015-07-06T14:00:00+02:00"]);
    assert_eq!((rc, code(&line)), (0, "RE_ENTRY"), "{line}");
    assert!(line.contains("first entry 2015-07-06 09:00"), "{line}");
}

#[test]
fn revoked_by_reissue_withdrawal_or_rejection() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (d, old) = add(&mut reg, &person("DE", "Jonas", "Weber", "DEL"));
    assert_eq!(reg.reissue(d.id).unwrap(), 2);
    let new = accredit::pass::issue(&reg, &reg.delegate(d.id).unwrap()).unwrap();
    let (w, wpass) = add(&mut reg, &person("IT", "Giulia", "Russo", "DEL"));
    reg.set_status(w.id, Status::Withdrawn).unwrap();
    let (r, rpass) = add(&mut reg, &person("ES", "Lucía", "García", "DEL"));
    reg.set_status(r.id, Status::Rejected).unwrap();
    drop(reg);

    let (rc, line, _) = checkin(&desk.db, &[&old, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (1, "REVOKED"), "{line}");
    assert!(
        line.contains("badge version 1 was replaced by version 2"),
        "{line}"
    );
    let (rc, line, _) = checkin(&desk.db, &[&wpass, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (1, "REVOKED"), "{line}");
    assert!(line.contains("withdrawn"), "{line}");
    let (rc, line, _) = checkin(&desk.db, &[&rpass, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (1, "REVOKED"), "{line}");
    assert!(line.contains("rejected"), "{line}");
    // The new badge works.
    let (rc, line, _) = checkin(&desk.db, &[&new, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
}

#[test]
fn not_accredited_when_pending() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let mut p = person("PL", "Łukasz", "Wróbel", "DEL");
    p.status = Status::Pending;
    let (_, pass) = add(&mut reg, &p);
    drop(reg);
    let (rc, line, _) = checkin(&desk.db, &[&pass, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (1, "NOT_ACCREDITED"), "{line}");
    assert!(line.contains("Łukasz WRÓBEL"), "{line}");
}

#[test]
fn not_today_on_other_days_and_outside_the_event() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let mut p = person("CZ", "Petr", "Novák", "DEL");
    p.days = vec!["2015-07-07".into()];
    let (_, day2_only) = add(&mut reg, &p);
    let (_, all_days) = add(&mut reg, &person("SK", "Jana", "Kováčová", "DEL"));
    drop(reg);
    let (rc, line, _) = checkin(&desk.db, &[&day2_only, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (1, "NOT_TODAY"), "{line}");
    assert!(line.contains("valid on 2015-07-07 only"), "{line}");
    let (rc, line, _) = checkin(&desk.db, &[&day2_only, "--at", DAY2]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
    let (rc, line, _) = checkin(&desk.db, &[&all_days, "--at", AFTER]);
    assert_eq!((rc, code(&line)), (1, "NOT_TODAY"), "{line}");
    assert!(line.contains("not a day of the event"), "{line}");
    // 23:30 UTC on 5 July is 01:30 on 6 July in Vienna: today is the event's local day.
    let (rc, line, _) = checkin(&desk.db, &[&all_days, "--at", "2015-07-05T23:30:00Z"]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
    let (rc, line, _) = checkin(&desk.db, &[&all_days, "--at", "2015-07-05T21:30:00Z"]);
    assert_eq!((rc, code(&line)), (1, "NOT_TODAY"), "{line}");
}

#[test]
fn zone_denied_when_the_zone_is_not_on_the_badge() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    // NGO badges carry PLENARY only; MEDIA badges PLENARY and PRESS.
    let (_, ngo) = add(&mut reg, &person("LSI", "Eva", "Horvat", "NGO"));
    let (_, media) = add(&mut reg, &person("MEDIA", "Tom", "Baker", "MEDIA"));
    drop(reg);
    let (rc, line, _) = checkin(&desk.db, &[&ngo, "--at", DAY1, "--zone", "PRESS"]);
    assert_eq!((rc, code(&line)), (1, "ZONE_DENIED"), "{line}");
    assert!(line.contains("zone PRESS is not on this badge"), "{line}");
    let (rc, line, _) = checkin(&desk.db, &[&media, "--at", DAY1, "--zone", "PRESS"]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
    // Once per day is per zone: the NGO delegate still enters the plenary (the zone may be
    // typed in any case, as in an import).
    let (rc, line, err) = checkin(&desk.db, &[&ngo, "--at", DAY1, "--zone", "plenary"]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line} {err}");
    assert!(line.contains("zone PLENARY"), "{line}");
    let (rc, line, _) = checkin(&desk.db, &[&ngo, "--at", DAY1, "--zone", "Plenary"]);
    assert_eq!((rc, code(&line)), (1, "ALREADY_IN"), "{line}");
}

#[test]
fn unregistered_on_a_door_copy_that_predates_the_badge() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (known, _) = add(&mut reg, &person("BE", "Marie", "Dubois", "DEL"));
    let door = desk.file("door.sqlite3");
    accredit::sync::package(&reg, &door).unwrap();
    // After packaging, the desk accredits someone new and reissues a badge.
    let (_, late) = add(&mut reg, &person("NL", "Daan", "de Vries", "DEL"));
    reg.reissue(known.id).unwrap();
    let reissued = accredit::pass::issue(&reg, &reg.delegate(known.id).unwrap()).unwrap();
    drop(reg);

    let (rc, line, _) = checkin(&door, &[&late, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (1, "UNREGISTERED"), "{line}");
    assert!(line.contains("unknown to this station's copy"), "{line}");
    let (rc, line, _) = checkin(&door, &[&reissued, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (1, "UNREGISTERED"), "{line}");
    assert!(line.contains("Marie DUBOIS"), "{line}");
    assert!(line.contains("newer than this copy knows"), "{line}");
    // The desk itself admits both.
    let (rc, line, _) = checkin(&desk.db, &[&late, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
}

#[test]
fn invalid_for_garbage_altered_truncated_other_event_and_other_key() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (d, pass) = add(&mut reg, &person("AT", "Max", "Huber", "DEL"));
    let event = reg.event().unwrap();
    drop(reg);
    let mut altered = pass.clone();
    altered.replace_range(..pass.find(":1:").unwrap(), &format!("AC1:AATIP15:{}", d.id + 1));
    let other_key = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    let claims = accredit::pass::claims_for(&event, &d);
    let forged = accredit::pass::sign(&claims, &other_key).unwrap();
    let mut other_event_claims = claims.clone();
    other_event_claims.event = "AATIP16".into();
    let other_desk = Desk::new();
    let other_event =
        accredit::pass::sign(&other_event_claims, &other_desk.reg().signing_key().unwrap()).unwrap();
    let cases = [
        ("garbage", "hello world".to_string()),
        ("empty", String::new()),
        ("altered", altered),
        ("truncated", pass[..pass.len() - 1].to_string()),
        ("padded", format!("{pass} ")),
        ("other key", forged),
        ("other event", other_event),
    ];
    for (what, payload) in cases {
        let (rc, line, err) = checkin(&desk.db, &[&payload, "--at", DAY1]);
        assert_eq!((rc, code(&line)), (1, "INVALID"), "{what}: {line} {err}");
        assert!(
            !line.contains("Huber") && !line.contains("HUBER"),
            "{what}: {line}"
        );
    }
    let reg = desk.reg();
    let log = accredit::checkin::log::all(reg.conn()).unwrap();
    assert_eq!(log.len(), 7, "every invalid scan is logged");
    assert!(log.iter().all(|e| e.serial.is_none() && e.version.is_none()));
    // The real pass still works: nothing above counted as an entry.
    drop(reg);
    let (rc, line, _) = checkin(&desk.db, &[&pass, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
}

#[test]
fn override_by_payload_and_by_delegate_is_logged_with_reason_and_operator() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (d, pass) = add(&mut reg, &person("HU", "Ádám", "Kovács", "DEL"));
    let mut p = person("RO", "Ana", "Popa", "DEL");
    p.external_id = Some("NOM-77".into());
    let (forgot, _) = add(&mut reg, &p);
    drop(reg);
    let (rc, line, _) = checkin(&desk.db, &[&pass, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
    let (rc, line, _) = checkin(&desk.db, &[&pass, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (1, "ALREADY_IN"), "{line}");
    let (rc, line, err) = checkin(
        &desk.db,
        &[
            &pass,
            "--at",
            DAY1,
            "--override",
            "left to fetch his coat",
            "--operator",
            "chief",
        ],
    );
    assert_eq!((rc, code(&line)), (0, "OVERRIDE"), "{line} {err}");
    assert!(line.contains("Ádám KOVÁCS"), "{line}");
    let (rc, line, err) = checkin(
        &desk.db,
        &[
            "--delegate",
            "NOM-77",
            "--override",
            "forgot badge, passport checked",
            "--at",
            "2015-07-06T09:05:00+02:00",
        ],
    );
    assert_eq!((rc, code(&line)), (0, "OVERRIDE"), "{line} {err}");
    assert!(line.contains("Ana POPA"), "{line}");
    // An override needs a reason; a garbage payload cannot be overridden.
    let (rc, _, err) = checkin(&desk.db, &[&pass, "--override", "  ", "--at", DAY1]);
    assert_eq!(rc, 2, "{err}");
    let (rc, _, err) = checkin(&desk.db, &["garbage", "--override", "vip", "--at", DAY1]);
    assert_eq!(rc, 1, "{err}");
    assert!(err.contains("find the person by name"), "{err}");

    let reg = Registry::open(&desk.db).unwrap();
    let log = accredit::checkin::log::all(reg.conn()).unwrap();
    let overrides: Vec<_> = log.iter().filter(|e| e.verdict.as_str() == "OVERRIDE").collect();
    assert_eq!(overrides.len(), 2);
    assert_eq!(overrides[0].override_reason, "left to fetch his coat");
    assert_eq!(overrides[0].operator, "chief");
    assert_eq!(overrides[0].serial, Some(d.id));
    assert_eq!(overrides[1].serial, Some(forgot.id));
    assert_eq!(overrides[1].operator, "tester");
    // An override counts as an entry: the forgotten-badge person is now ALREADY_IN.
    let pass2 = accredit::pass::issue(&reg, &reg.delegate(forgot.id).unwrap()).unwrap();
    drop(reg);
    let (rc, line, _) = checkin(&desk.db, &[&pass2, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (1, "ALREADY_IN"), "{line}");
}

#[test]
fn usage_errors_exit_2() {
    let desk = Desk::new();
    let (rc, _, err) = checkin(&desk.db, &[]);
    assert_eq!(rc, 2, "{err}");
    let (rc, _, err) = checkin(&desk.db, &["X", "--at", "yesterday"]);
    assert_eq!(rc, 2, "{err}");
    assert!(err.contains("RFC 3339"), "{err}");
    let (rc, _, err) = checkin(&desk.db, &["X", "--zone", "KITCHEN"]);
    assert_eq!(rc, 2, "{err}");
    assert!(err.contains("unknown zone") && err.contains("PLENARY"), "{err}");
    let (rc, _, err) = checkin(&desk.db, &["X", "--stdin"]);
    assert_eq!(rc, 2, "{err}");
    let (rc, out, err) = checkin(
        &desk.db,
        &["--delegate", "NOBODY-1", "--override", "vip", "--at", DAY1],
    );
    assert_eq!((rc, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("--delegate \"NOBODY-1\": no delegate with this id or external id"),
        "{err}"
    );
    // Nothing was logged by usage errors.
    let reg = desk.reg();
    assert!(accredit::checkin::log::all(reg.conn()).unwrap().is_empty());
}

#[test]
fn stdin_gives_one_line_per_payload_and_strips_only_cr_lf() {
    use std::io::Write;
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (_, a) = add(&mut reg, &person("AT", "Anna", "Berger", "DEL"));
    let (_, b) = add(&mut reg, &person("CH", "Beat", "Keller", "DEL"));
    drop(reg);
    let input = format!("{a}\r\n{b}\n{a}\n{b} \n\nnot a pass\n{b}");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_accredit"))
        .args(["--db"])
        .arg(&desk.db)
        .args(["checkin", "--stdin", "--at", DAY1, "--station", "GATE-2"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let codes: Vec<&str> = text.lines().map(code).collect();
    assert_eq!(
        codes,
        [
            "ADMITTED",
            "ADMITTED",
            "ALREADY_IN",
            "INVALID",
            "INVALID",
            "INVALID",
            "ALREADY_IN"
        ],
        "{text}"
    );
    assert!(text.lines().all(|l| l.contains("station GATE-2")));
}
