//! Door copies, scan exports and merges, through the core API and the real binary.

mod checkin_common;

use accredit::Registry;
use accredit::registry::{RegistryError, Status};
use checkin_common::*;

fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(120, 160, |x, y| image::Rgb([(x * 2) as u8, (y) as u8, 90]));
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    accredit::registry::photo::normalize(png.get_ref()).unwrap()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn door_copy_has_no_secret_key_no_emails_no_audit_and_cannot_reissue() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let mut p = person("GE", "Nino", "Beridze", "HOD");
    p.photo = Some(photo());
    p.attention = "interpreter accompanies".into();
    p.external_id = Some("NOM-GE-1".into());
    p.function = "Deputy Minister".into();
    let (a, pass_a) = add(&mut reg, &p);
    let (b, _) = add(&mut reg, &person("AM", "Aram", "Petrosyan", "DEL"));
    reg.set_status(b.id, Status::Withdrawn).unwrap();
    reg.reissue(a.id).unwrap();
    let secret = reg.signing_key().unwrap().to_bytes();
    let desk_station = reg.station_id().unwrap();

    let out = desk.file("door.sqlite3");
    let r = accredit::sync::package(&reg, &out).unwrap();
    assert_eq!(r.delegates, 2);
    assert_eq!(r.photos, 1);
    // The desk is unchanged.
    assert!(!reg.is_door_copy().unwrap());
    assert_eq!(reg.delegate(a.id).unwrap().email, "beridze@example.org");
    drop(reg);

    let raw = std::fs::read(&out).unwrap();
    assert!(!contains(&raw, &secret), "the signing key is in the door file");
    assert!(!contains(&raw, b"@example.org"), "an e-mail is in the door file");
    assert!(!contains(&raw, b"Deputy Minister"));
    assert!(!contains(&raw, b"NOM-GE-1"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "door copy mode {mode:o}");
    }

    let mut door = Registry::open(&out).unwrap();
    assert!(door.is_door_copy().unwrap());
    assert_ne!(door.station_id().unwrap(), desk_station);
    assert_eq!(
        door.meta("door_copy_of").unwrap().as_deref(),
        Some(desk_station.as_str())
    );
    assert!(matches!(door.signing_key(), Err(RegistryError::NoSigningKey)));
    assert!(matches!(door.reissue(a.id), Err(RegistryError::NoSigningKey)));
    let da = door.delegate(a.id).unwrap();
    assert!(matches!(
        accredit::pass::issue(&door, &da),
        Err(RegistryError::NoSigningKey)
    ));
    assert_eq!(da.email, "");
    assert_eq!(da.external_id, None);
    assert_eq!(da.badge_version, 2);
    assert_eq!(da.attention, "interpreter accompanies");
    assert_eq!(da.photo.as_deref(), Some(photo().as_slice()));
    assert_eq!(door.delegate(b.id).unwrap().status, Status::Withdrawn);
    let audit: i64 = door
        .conn()
        .query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audit, 0);
    assert_eq!(
        door.event().unwrap(),
        Registry::open(&desk.db).unwrap().event().unwrap()
    );
    drop(door);

    // The door verifies with the public key: the reissued pass is admitted, the old one revoked.
    let desk_reg = desk.reg();
    let new_pass = accredit::pass::issue(&desk_reg, &desk_reg.delegate(a.id).unwrap()).unwrap();
    drop(desk_reg);
    let (rc, line, _) = checkin(&out, &[&new_pass, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
    let (rc, line, _) = checkin(&out, &[&pass_a, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (1, "REVOKED"), "{line}");

    // Through the CLI too: the door copy cannot reissue, and its version is unchanged.
    let o = accredit(&out, &["reissue", &a.id.to_string()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("without the signing key"));
    assert_eq!(
        Registry::open(&out)
            .unwrap()
            .delegate(a.id)
            .unwrap()
            .badge_version,
        2
    );

    // Packaging again onto an existing file is refused, and leaves it alone.
    let before = std::fs::read(&out).unwrap();
    let o = accredit(&desk.db, &["station", "package", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exists already"));
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

#[test]
fn cli_package_export_merge_then_already_in_elsewhere() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (_, pass) = add(&mut reg, &person("AT", "Eva", "Maier", "DEL"));
    let (_, other) = add(&mut reg, &person("SI", "Jure", "Novak", "DEL"));
    drop(reg);
    let (door_a, door_b) = (desk.file("a.sqlite3"), desk.file("b.sqlite3"));
    for d in [&door_a, &door_b] {
        let o = accredit(&desk.db, &["station", "package", "--out", d.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stdout).contains("no signing key"));
    }
    // Station ids: distinct, settable.
    let id = |db| String::from_utf8(accredit(db, &["station", "id"]).stdout).unwrap();
    assert_ne!(id(&door_a), id(&door_b));
    let o = accredit(&door_a, &["station", "id", "--set", "HOFBURG-A"]);
    assert!(o.status.success());
    assert_eq!(id(&door_a).trim(), "HOFBURG-A");
    let o = accredit(&door_a, &["station", "id", "--set", "bad id!"]);
    assert_eq!(o.status.code(), Some(1));

    let (rc, line, _) = checkin(&door_a, &[&pass, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
    let (rc, line, _) = checkin(&door_b, &[&other, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");

    let exp_a = desk.file("a.scans");
    let o = accredit(&door_a, &["station", "export", "--out", exp_a.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("exported 1 scans, 2 door records and 2 certificates of station HOFBURG-A"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    for round in 0..2 {
        let o = accredit(&door_b, &["station", "merge", exp_a.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let msg = String::from_utf8_lossy(&o.stdout);
        // Door B knew every certificate and record already (packaged from the same desk).
        let expect = if round == 0 {
            "5 items read, 1 added, 4 already known, 0 refused"
        } else {
            "5 items read, 0 added, 5 already known, 0 refused"
        };
        assert!(msg.contains(expect), "{msg}");
    }
    let (rc, line, _) = checkin(&door_b, &[&pass, "--at", "2015-07-06T10:15:00+02:00"]);
    assert_eq!((rc, code(&line)), (1, "ALREADY_IN"), "{line}");
    assert!(line.contains("2015-07-06 09:00 at HOFBURG-A"), "{line}");
    // A station database merges directly too (B into A, including what B merged from A).
    let o = accredit(&door_a, &["station", "merge", door_b.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (rc, line, _) = checkin(&door_a, &[&other, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (1, "ALREADY_IN"), "{line}");
    let a = accredit::checkin::log::all(Registry::open(&door_a).unwrap().conn()).unwrap();
    let b = accredit::checkin::log::all(Registry::open(&door_b).unwrap().conn()).unwrap();
    assert_eq!(a.len(), 4);
    assert_eq!(b.len(), 3);
}

#[test]
fn merge_refuses_other_events_and_non_exports_and_changes_nothing() {
    let desk = Desk::new();
    let other = Desk::new();
    let mut oreg = other.reg();
    let (_, p) = add(&mut oreg, &person("AT", "Otto", "Fremd", "DEL"));
    let door = accredit::checkin::Door::open(&oreg).unwrap();
    let ctx = accredit::checkin::ScanContext {
        station: "X".into(),
        zone: None,
        at: accredit::checkin::log::parse_at(DAY1).unwrap(),
    };
    door.scan(&mut oreg, &p, &ctx).unwrap();
    let exp = other.file("other.scans");
    accredit::sync::export(&oreg, &exp).unwrap();
    drop(oreg);

    let mut reg = desk.reg();
    let err = accredit::sync::merge(&mut reg, &exp).unwrap_err();
    assert!(err.to_string().contains("another event"), "{err}");
    let junk = desk.file("junk.txt");
    std::fs::write(&junk, "uuid,station\n1,2\n").unwrap();
    let err = accredit::sync::merge(&mut reg, &junk).unwrap_err();
    assert!(err.to_string().contains("not an accredit scan export"), "{err}");
    let err = accredit::sync::merge(&mut reg, &desk.file("missing.scans")).unwrap_err();
    assert!(err.to_string().contains("missing.scans"), "{err}");
    assert!(accredit::checkin::log::all(reg.conn()).unwrap().is_empty());

    // An edited scan (time changed) in an export of this event: refused with its reason, the
    // rest applied, the edited row has no effect.
    let mut door_reg = reg;
    let (_, mine) = add(&mut door_reg, &person("AT", "Ida", "Eigen", "DEL"));
    let door = accredit::checkin::Door::open(&door_reg).unwrap();
    door.scan(&mut door_reg, &mine, &ctx).unwrap();
    door.scan(&mut door_reg, "junk", &ctx).unwrap();
    let good = desk.file("good.scans");
    accredit::sync::export(&door_reg, &good).unwrap();
    let bad = desk.file("bad.scans");
    std::fs::copy(&good, &bad).unwrap();
    let c = rusqlite::Connection::open(&bad).unwrap();
    let n = c
        .execute(
            "UPDATE item SET body = CAST(replace(CAST(body AS TEXT), '\"INVALID\"', '\"ADMITTED\"') AS BLOB) WHERE kind = 'scan'",
            [],
        )
        .unwrap();
    assert_eq!(n, 2);
    drop(c);
    drop(door_reg);
    let door_file = desk.file("door.sqlite3");
    accredit::sync::package(&desk.reg(), &door_file).unwrap();
    let mut door_reg = Registry::open(&door_file).unwrap();
    let before = accredit::checkin::log::all(door_reg.conn()).unwrap();
    let r = accredit::sync::merge(&mut door_reg, &bad).unwrap();
    assert_eq!(
        r.refused,
        vec![(accredit::network::RefusalReason::BadSignature, 1)],
        "{r:?}"
    );
    assert_eq!(r.added, 0);
    assert_eq!(accredit::checkin::log::all(door_reg.conn()).unwrap(), before);
    // A damaged item table (a kind this version does not know): refused whole, the row named,
    // nothing merged, not even the good scan read before it.
    let damaged = desk.file("damaged.scans");
    std::fs::copy(&good, &damaged).unwrap();
    let c = rusqlite::Connection::open(&damaged).unwrap();
    let n = c
        .execute(
            "UPDATE item SET kind = 'photo' WHERE kind = 'scan' AND CAST(body AS TEXT) LIKE '%INVALID%'",
            [],
        )
        .unwrap();
    assert_eq!(n, 1);
    drop(c);
    let fresh = desk.file("fresh-door.sqlite3");
    accredit::sync::package(&desk.reg(), &fresh).unwrap();
    let mut fresh_reg = Registry::open(&fresh).unwrap();
    fresh_reg.conn().execute("DELETE FROM checkin", []).unwrap();
    let certs = |r: &Registry| -> i64 {
        r.conn()
            .query_row("SELECT COUNT(*) FROM station_cert", [], |x| x.get(0))
            .unwrap()
    };
    let before = certs(&fresh_reg);
    let err = accredit::sync::merge(&mut fresh_reg, &damaged).unwrap_err();
    assert!(err.to_string().contains("column kind"), "{err}");
    assert!(err.to_string().contains("nothing was merged"), "{err}");
    assert_eq!(certs(&fresh_reg), before);
    assert!(accredit::checkin::log::all(fresh_reg.conn()).unwrap().is_empty());
}

#[test]
fn door_copy_drops_the_import_audit_records_too() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let csv = desk.file("nominations.csv");
    std::fs::write(
        &csv,
        "external_id,delegation,given_name,family_name,email\nN-1,AT,Eva,Gruber,eva.gruber@ministry.example\n",
    )
    .unwrap();
    accredit::csv_io::import_file(&mut reg, &csv, &accredit::progress::NoProgress).unwrap();
    let batches: i64 = reg
        .conn()
        .query_row("SELECT COUNT(*) FROM audit_batch", [], |r| r.get(0))
        .unwrap();
    assert_eq!(batches, 1);
    let out = desk.file("door.sqlite3");
    accredit::sync::package(&reg, &out).unwrap();
    drop(reg);
    let door = Registry::open(&out).unwrap();
    let left: i64 = door
        .conn()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM audit) + (SELECT COUNT(*) FROM audit_batch)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    let id = door.delegates().unwrap()[0].id;
    assert!(door.history("delegate", &id.to_string()).unwrap().is_empty());
}
