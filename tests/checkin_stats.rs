//! Statistics, name lookup, recent scans and today's counters, through the core API and
//! `accredit stats`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod checkin_common;

use accredit::checkin::{Door, ScanContext, Subject, VerdictCode, log::parse_at, lookup_by_name, stats};
use accredit::registry::Status;
use checkin_common::*;

fn ctx(at: &str, zone: Option<&str>) -> ScanContext {
    ScanContext {
        station: "MAIN".into(),
        zone: zone.map(str::to_string),
        at: parse_at(at).unwrap(),
        direction: Default::default(),
    }
}

#[test]
fn stats_count_accredited_printed_checked_in_by_day_and_hour() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (at1, p_at1) = add(&mut reg, &person("AT", "A", "One", "DEL"));
    let (at2, p_at2) = add(&mut reg, &person("AT", "A", "Two", "HOD"));
    let (at3, _) = add(&mut reg, &person("AT", "A", "Three", "DEL"));
    reg.set_status(at3.id, Status::Pending).unwrap();
    let (_fr1, p_fr1) = add(&mut reg, &person("FR", "F", "Un", "DEL"));
    reg.mark_printed(&[(at1.id, 1), (at2.id, 1), (at3.id, 1)])
        .unwrap();
    // A reissue makes the printed badge stale.
    reg.reissue(at2.id).unwrap();
    let p_at2_v2 = accredit::pass::issue(&reg, &reg.delegate(at2.id).unwrap()).unwrap();
    let door = Door::open(&reg).unwrap();
    let scan =
        |reg: &mut accredit::Registry, p: &str, at: &str| door.scan(reg, p, &ctx(at, None)).unwrap().code;
    assert_eq!(
        scan(&mut reg, &p_at1, "2015-07-06T08:05:00+02:00"),
        VerdictCode::Admitted
    );
    assert_eq!(
        scan(&mut reg, &p_at1, "2015-07-06T08:50:00+02:00"),
        VerdictCode::AlreadyIn
    );
    assert_eq!(
        scan(&mut reg, &p_at2, "2015-07-06T09:10:00+02:00"),
        VerdictCode::Revoked
    );
    assert_eq!(
        scan(&mut reg, &p_at2_v2, "2015-07-06T09:11:00+02:00"),
        VerdictCode::Admitted
    );
    assert_eq!(
        scan(&mut reg, &p_fr1, "2015-07-07T09:40:00+02:00"),
        VerdictCode::Admitted
    );
    assert_eq!(
        scan(&mut reg, &p_at1, "2015-07-07T10:00:00+02:00"),
        VerdictCode::Admitted
    );
    assert_eq!(
        scan(&mut reg, "junk", "2015-07-07T10:01:00+02:00"),
        VerdictCode::Invalid
    );

    let s = stats(&reg).unwrap();
    assert_eq!(s.days, ["2015-07-06", "2015-07-07"]);
    assert_eq!(
        (
            s.total.nominated,
            s.total.accredited,
            s.total.printed,
            s.total.checked_in
        ),
        (4, 3, 1, 3)
    );
    assert_eq!(s.total.by_day, [2, 2]);
    let at = s.by_delegation.iter().find(|l| l.code == "AT").unwrap();
    assert_eq!(at.name, "Austria");
    assert_eq!(
        (
            at.counts.nominated,
            at.counts.accredited,
            at.counts.printed,
            at.counts.checked_in
        ),
        (3, 2, 1, 2)
    );
    assert_eq!(at.counts.by_day, [2, 1]);
    let fr = s.by_delegation.iter().find(|l| l.code == "FR").unwrap();
    assert_eq!(fr.counts.by_day, [0, 1]);
    assert_eq!(s.by_delegation.len(), 2, "only delegations with delegates");
    let del = s.by_category.iter().find(|l| l.code == "DEL").unwrap();
    assert_eq!((del.counts.nominated, del.counts.checked_in), (3, 2));
    assert_eq!(s.by_category.len(), 8, "every category of the event");
    let hours: Vec<(String, u8, u64)> = s
        .arrivals_per_hour
        .iter()
        .map(|h| (h.day.clone(), h.hour, h.arrivals))
        .collect();
    assert_eq!(
        hours,
        [
            ("2015-07-06".to_string(), 8, 1),
            ("2015-07-06".to_string(), 9, 1),
            ("2015-07-07".to_string(), 9, 1),
            ("2015-07-07".to_string(), 10, 1)
        ]
    );
    let count = |c: VerdictCode| s.scans_by_verdict.iter().find(|(v, _)| *v == c).unwrap().1;
    assert_eq!(count(VerdictCode::Admitted), 4);
    assert_eq!(count(VerdictCode::Invalid), 1);
    assert_eq!(count(VerdictCode::Revoked), 1);

    // Today's counters and recent scans for the kiosk.
    let t = door
        .today_counts(&reg, parse_at("2015-07-06T18:00:00+02:00").unwrap())
        .unwrap();
    assert_eq!(
        (
            t.day.as_str(),
            t.scans,
            t.people_admitted,
            t.admissions,
            t.refusals
        ),
        ("2015-07-06", 4, 2, 2, 2)
    );
    let recent = door.recent(&reg, 3).unwrap();
    let codes: Vec<&str> = recent.iter().map(|e| e.verdict.as_str()).collect();
    assert_eq!(codes, ["INVALID", "ADMITTED", "ADMITTED"]);
    drop(reg);

    // Through the CLI.
    let o = accredit(&desk.db, &["stats"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let at_row = text.lines().find(|l| l.starts_with("AT ")).unwrap();
    let nums: Vec<&str> = at_row.split_whitespace().skip(2).collect();
    assert_eq!(nums, ["3", "2", "1", "2", "2", "1"], "{at_row}");
    assert!(text.contains("2015-07-06 08:00  1"), "{text}");
    let o = accredit(&desk.db, &["stats", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["total"]["checked_in"], 3);
}

#[test]
fn lookup_by_name_ignores_case_and_accents_and_feeds_an_override() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (dj, _) = add(&mut reg, &person("RS", "Dušan", "Đorđević", "HOD"));
    add(&mut reg, &person("RS", "Dragan", "Petrović", "DEL"));
    add(&mut reg, &person("PL", "Łukasz", "Wróbel", "DEL"));
    let found = lookup_by_name(&reg, "dordevic", 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].display_name, "Ms. Dušan ĐORĐEVIĆ");
    assert_eq!(
        lookup_by_name(&reg, "DUSAN dord", 10).unwrap()[0].delegate_id,
        dj.id
    );
    assert_eq!(lookup_by_name(&reg, "rs", 10).unwrap().len(), 2);
    assert_eq!(lookup_by_name(&reg, "rs", 1).unwrap().len(), 1);
    assert_eq!(lookup_by_name(&reg, "lukasz wrobel", 10).unwrap().len(), 1);
    assert!(lookup_by_name(&reg, "   ", 10).unwrap().is_empty());
    assert!(lookup_by_name(&reg, "nobody", 10).unwrap().is_empty());

    let door = Door::open(&reg).unwrap();
    let c = ctx(DAY1, None);
    let v = door
        .override_admit(
            &mut reg,
            Subject::Delegate(found[0].delegate_id),
            "badge forgotten",
            &c,
        )
        .unwrap();
    assert_eq!(v.code, VerdictCode::Override);
    assert_eq!(v.person.unwrap().delegation_name, "Serbia");
    assert!(
        door.override_admit(&mut reg, Subject::Delegate(9999), "x", &c)
            .is_err()
    );
    assert!(
        door.override_admit(&mut reg, Subject::Delegate(dj.id), " ", &c)
            .is_err()
    );
}
