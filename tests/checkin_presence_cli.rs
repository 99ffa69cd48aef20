//! Exits, annulments, who is inside, station names and the check-out time through the real
//! `accredit` binary, on temporary databases.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use checkin_common::*;

#[test]
fn exit_then_entry_is_admitted_again_and_exit_spellings_are_accepted() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (_, pass) = add(&mut reg, &person("AT", "Anna", "Gruber", "DEL"));
    drop(reg);
    let (rc, line, _) = checkin(&desk.db, &[&pass, "--at", DAY1, "--station", "MAIN"]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
    let (rc, line, err) = checkin(
        &desk.db,
        &[&pass, "--at", "2015-07-06T12:00:00+02:00", "--direction", "exit"],
    );
    assert_eq!((rc, code(&line)), (0, "EXIT"), "{line} {err}");
    assert!(
        line.contains("goodbye; entered 2015-07-06 09:00 at MAIN"),
        "{line}"
    );
    // Once per day, but after an exit the next entry is admitted.
    let (rc, line, _) = checkin(&desk.db, &[&pass, "--at", "2015-07-06T13:00:00+02:00"]);
    assert_eq!((rc, code(&line)), (0, "RE_ENTRY"), "{line}");
    assert!(line.contains("left 2015-07-06 12:00"), "{line}");
    // Without an exit since, refused.
    let (rc, line, _) = checkin(&desk.db, &[&pass, "--at", "2015-07-06T14:00:00+02:00"]);
    assert_eq!((rc, code(&line)), (1, "ALREADY_IN"), "{line}");
    assert!(line.contains("already admitted 2015-07-06 13:00"), "{line}");
    // `out` is the same as `exit`, also with --stdin; `in` is the default.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_accredit"))
        .args(["--db"])
        .arg(&desk.db)
        .args([
            "checkin",
            "--stdin",
            "--direction",
            "out",
            "--at",
            "2015-07-06T15:00:00+02:00",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin
                .take()
                .unwrap()
                .write_all(format!("{pass}\ngarbage\n").as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let codes: Vec<&str> = text.lines().map(code).collect();
    assert_eq!(codes, ["EXIT", "INVALID"], "{text}");
    let (rc, _, err) = checkin(&desk.db, &[&pass, "--direction", "sideways"]);
    assert_eq!(rc, 2, "{err}");
    assert!(err.contains("`in` (or `entry`) or `out` (or `exit`)"), "{err}");

    let reg = desk.reg();
    let log = accredit::checkin::log::all(reg.conn()).unwrap();
    let mut dirs: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e.verdict.as_str(), e.direction.as_str()))
        .collect();
    // The last two came in one --stdin burst: logged at the same time, so the log's order
    // between them is by UUID (random); compare them as a set.
    let n = dirs.len();
    if n >= 2 {
        dirs[n - 2..].sort();
    }
    assert_eq!(
        dirs,
        [
            ("ADMITTED", "in"),
            ("EXIT", "out"),
            ("RE_ENTRY", "in"),
            ("ALREADY_IN", "in"),
            ("EXIT", "out"),
            ("INVALID", "out")
        ]
    );
}

#[test]
fn an_annulled_admission_no_longer_counts() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (_, pass) = add(&mut reg, &person("AT", "Anna", "Gruber", "DEL"));
    drop(reg);
    let (_, first, _) = checkin(&desk.db, &[&pass, "--at", DAY1]);
    let uuid = scan_id(&first).to_string();
    let (rc, line, err) = checkin(
        &desk.db,
        &[
            "--annul",
            &uuid,
            "--reason",
            "scanned the wrong badge",
            "--at",
            "2015-07-06T09:01:00+02:00",
            "--operator",
            "chief",
        ],
    );
    assert_eq!((rc, code(&line)), (0, "ANNULLED"), "{line} {err}");
    assert!(line.contains("annulled ADMITTED of 2015-07-06 09:00"), "{line}");
    assert!(line.contains("(chief): scanned the wrong badge"), "{line}");
    // The next scan is judged as if that admission had not happened.
    let (rc, line, _) = checkin(&desk.db, &[&pass, "--at", "2015-07-06T10:00:00+02:00"]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");

    // Refused: twice, a refusal, an unknown scan, no reason.
    let (rc, _, err) = checkin(&desk.db, &["--annul", &uuid, "--reason", "again"]);
    assert_eq!(rc, 2);
    assert!(err.contains("already annulled by scan"), "{err}");
    let (_, refused, _) = checkin(&desk.db, &[&pass, "--at", "2015-07-06T10:05:00+02:00"]);
    assert_eq!(code(&refused), "ALREADY_IN");
    let (rc, _, err) = checkin(&desk.db, &["--annul", scan_id(&refused), "--reason", "x"]);
    assert_eq!(rc, 2);
    assert!(
        err.contains("it is ALREADY_IN, not an admission or exit"),
        "{err}"
    );
    let (rc, _, err) = checkin(
        &desk.db,
        &["--annul", "00000000-0000-4000-8000-000000000000", "--reason", "x"],
    );
    assert_eq!(rc, 2);
    assert!(
        err.contains("no scan 00000000-0000-4000-8000-000000000000"),
        "{err}"
    );
    let (rc, _, err) = checkin(&desk.db, &["--annul", &uuid]);
    assert_eq!(rc, 2, "{err}");
    let (rc, _, err) = checkin(&desk.db, &["--annul", &uuid, "--reason", "  "]);
    assert_eq!(rc, 2, "{err}");

    // The annulment is a row of its own; nothing was deleted.
    let reg = desk.reg();
    let log = accredit::checkin::log::all(reg.conn()).unwrap();
    let a = log.iter().find(|e| e.verdict.as_str() == "ANNULLED").unwrap();
    assert_eq!(a.annuls, uuid);
    assert_eq!(a.override_reason, "scanned the wrong badge");
    assert_eq!(a.operator, "chief");
    assert_eq!(log.len(), 4);
}

#[test]
fn presence_lists_who_is_inside_by_delegation_as_text_csv_and_pdf() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (_, p1) = add(&mut reg, &person("AT", "Anna", "Gruber", "DEL"));
    let (_, p2) = add(&mut reg, &person("RS", "Dušan", "Đorđević", "HOD"));
    let (_, p3) = add(&mut reg, &person("AT", "Hans", "Bauer", "DEL"));
    let (_, p4) = add(&mut reg, &person("MEDIA", "Tara", "Reed", "MEDIA"));
    drop(reg);
    let at = |hm: &str| format!("2015-07-06T{hm}:00+02:00");
    checkin(&desk.db, &[&p1, "--at", &at("09:12"), "--station", "MAIN"]);
    checkin(&desk.db, &[&p2, "--at", &at("09:20")]);
    checkin(&desk.db, &[&p3, "--at", &at("09:30")]);
    checkin(&desk.db, &[&p3, "--at", &at("10:00"), "--direction", "out"]);
    checkin(&desk.db, &[&p4, "--at", &at("09:40")]);
    checkin(&desk.db, &[&p4, "--at", &at("09:45"), "--zone", "press"]);

    let out = accredit(&desk.db, &["presence", "--at", &at("11:00")]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Inside now (2015-07-06 11:00): 3 people\n"),
        "{text}"
    );
    // By delegation in protocol order (Austria before Serbia before media), time of entry.
    let austria = text.find("AT Austria").unwrap();
    let serbia = text.find("RS Serbia").unwrap();
    assert!(austria < serbia, "{text}");
    assert!(
        text.contains("  09:12  Ms. Anna GRUBER (DEL)  [Entrance]  MAIN"),
        "{text}"
    );
    assert!(
        text.contains("09:40  Ms. Tara REED (MEDIA)  [Entrance, PRESS]"),
        "{text}"
    );
    assert!(!text.contains("BAUER"), "left through the exit: {text}");
    assert!(
        text.contains("Per zone: Entrance 3, PLENARY 0, PRESS 1, BILATERAL 0; total 3"),
        "{text}"
    );

    let out = accredit(&desk.db, &["presence", "--zone", "PRESS", "--at", &at("11:00")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Inside now in zone PRESS (2015-07-06 11:00): 1 people"),
        "{text}"
    );
    assert!(text.contains("09:45  Ms. Tara REED"), "{text}");
    assert!(!text.contains("GRUBER"), "{text}");
    let out = accredit(&desk.db, &["presence", "--zone", "NOWHERE"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown zone"));

    let csv = desk.file("roll.csv");
    let out = accredit(
        &desk.db,
        &["presence", "--at", &at("11:00"), "--out", csv.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut r = csv::Reader::from_path(&csv).unwrap();
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        accredit::checkin::presence::CSV_HEADER
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let names: Vec<&str> = rows.iter().map(|r| &r[2]).collect();
    assert_eq!(names, ["Ms. Anna GRUBER", "Ms. Dušan ĐORĐEVIĆ", "Ms. Tara REED"]);
    assert_eq!(&rows[2][4], "Entrance;PRESS");
    assert_eq!(&rows[0][6], "09:12");

    let pdf = desk.file("roll.pdf");
    let out = accredit(
        &desk.db,
        &["presence", "--at", &at("11:00"), "--out", pdf.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let t = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&t.stdout);
    assert!(t.contains("evacuation roll"), "{t}");
    assert!(t.contains("Inside at 2015-07-06 11:00: 3 people"), "{t}");
    assert!(t.contains("09:20 Ms. Dušan ĐORĐEVIĆ, HOD (Entrance)"), "{t}");
    assert!(t.contains("Serbia"), "{t}");
    // Nobody is inside from yesterday, and after the check-out time nobody is inside.
    let out = accredit(&desk.db, &["presence", "--at", "2015-07-07T08:00:00+02:00"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(": 0 people"));
    let out = accredit(&desk.db, &["event", "set", "--checkout", "18:00"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = accredit(&desk.db, &["presence", "--at", &at("18:30")]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(": 0 people"));
    let out = accredit(&desk.db, &["presence", "--at", &at("17:59")]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(": 3 people"));
}

#[test]
fn checkout_time_round_trips_through_the_event_json_and_station_names_show() {
    let desk = Desk::new();
    let out = accredit(&desk.db, &["event", "show", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["checkout"], "23:59");
    let out = accredit(&desk.db, &["event", "set", "--checkout", "25:00"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("checkout"),
        "{out:?}"
    );
    let mut ev = json.clone();
    ev["checkout"] = "20:30".into();
    let file = desk.file("event.json");
    std::fs::write(&file, serde_json::to_string(&ev).unwrap()).unwrap();
    let out = accredit(&desk.db, &["event", "set", "--from-json", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = accredit(&desk.db, &["event", "show"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Check-out:  20:30"));
    // A definition without the field gets the default.
    let mut old = json.clone();
    old.as_object_mut().unwrap().remove("checkout");
    std::fs::write(&file, serde_json::to_string(&old).unwrap()).unwrap();
    accredit(&desk.db, &["event", "set", "--from-json", file.to_str().unwrap()]);
    let out = accredit(&desk.db, &["event", "show", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["checkout"], "23:59");

    // Station names: what the verdict names instead of the id.
    let mut reg = desk.reg();
    let (_, pass) = add(&mut reg, &person("AT", "Anna", "Gruber", "DEL"));
    let id = reg.station_id().unwrap();
    drop(reg);
    let out = accredit(&desk.db, &["station", "name", "--set", "Door A"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{id}\tDoor A\n"));
    checkin(&desk.db, &[&pass, "--at", DAY1]);
    let (_, line, _) = checkin(&desk.db, &[&pass, "--at", "2015-07-06T10:00:00+02:00"]);
    assert!(
        line.contains("already admitted 2015-07-06 09:00 at Door A"),
        "{line}"
    );
}
