//! Reject and withdraw need a reason: stored with the status change, kept in the audit
//! trail, and for a withdrawal shown at the door's REVOKED verdict, also on a door station
//! copy (through the real binary); a rejection's reason stays at the desk.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use accredit::registry::Status;
use checkin_common::*;

#[test]
fn a_withdrawal_reason_reaches_the_door_copy_and_the_revoked_verdict() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (w, wpass) = add(&mut reg, &person("IT", "Giulia", "Russo", "DEL"));
    let (r, rpass) = add(&mut reg, &person("ES", "Lucía", "García", "DEL"));
    assert!(
        reg.change_status(w.id, Status::Withdrawn, "").is_err(),
        "a reason is required"
    );
    reg.change_status(w.id, Status::Withdrawn, "Replaced by her deputy")
        .unwrap();
    reg.change_status(r.id, Status::Rejected, "Security vetting not passed")
        .unwrap();
    let h = reg.history("delegate", &w.id.to_string()).unwrap();
    assert!(h.iter().any(|e| {
        e.action == "status"
            && e.after
                .as_deref()
                .unwrap_or("")
                .contains("Replaced by her deputy")
    }));
    let out = desk.file("door.sqlite3");
    accredit::sync::package(&reg, &out).unwrap();
    drop(reg);

    for db in [&desk.db, &out] {
        let (rc, line, _) = checkin(db, &[&wpass, "--at", DAY1]);
        assert_eq!((rc, code(&line)), (1, "REVOKED"), "{line}");
        assert!(
            line.contains("accreditation withdrawn: Replaced by her deputy"),
            "{line}"
        );
        let (rc, line, _) = checkin(db, &[&rpass, "--at", DAY1]);
        assert_eq!((rc, code(&line)), (1, "REVOKED"), "{line}");
        assert!(line.contains("accreditation rejected"), "{line}");
        assert!(
            !line.contains("vetting"),
            "a rejection's reason stays at the desk: {line}"
        );
    }
    let raw = std::fs::read(&out).unwrap();
    assert!(
        !raw.windows(8).any(|w| w == b"vetting "),
        "the rejection's reason is in the door file"
    );
}
