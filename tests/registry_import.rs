//! CSV import into a real SQLite file: the sample, updates, and every bad-input case (each
//! checked for its exact line and column, and for leaving the database unchanged).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod registry_support;

use accredit::csv_io::{self, CsvError, RowAction};
use accredit::progress::{NoProgress, ProgressHandle};
use accredit::registry::Status;
use registry_support::{dump, fixture, fresh, refused, sample, with_sample, write};

const HEADER: &str = "external_id,delegation,title,given_name,family_name,native_name,function,category,email,days,zones,photo\n";

#[test]
fn sample_imports_64_delegates_with_every_script() {
    let (_dir, reg) = with_sample();
    let all = reg.delegates().unwrap();
    assert_eq!(all.len(), 64);
    let by_ext = |e: &str| {
        all.iter()
            .find(|d| d.external_id.as_deref() == Some(e))
            .unwrap()
            .clone()
    };
    assert_eq!(by_ext("REG-1-000011").native_name, "يوسف الخطيب");
    assert_eq!(by_ext("REG-1-000017").native_name, "김지우");
    assert_eq!(by_ext("REG-1-000017").days, ["2015-07-06", "2015-07-07"]);
    assert_eq!(by_ext("PUB-X-003").native_name, "佐藤 健二");
    assert_eq!(
        by_ext("PUB-X-000").function,
        "Conseillère, \"Migration\" et asile"
    );
    assert_eq!(by_ext("PUB-X-001").function, "=SUM(A1:A9)");
    assert_eq!(by_ext("PUB-X-001").given_name, "Øystein");
    assert!(
        all.iter()
            .all(|d| d.status == Status::Accredited && d.badge_version == 1)
    );
}

#[test]
fn a_known_external_id_updates_and_never_duplicates() {
    let (dir, mut reg) = with_sample();
    reg.set_operator("anna.desk");
    let p = write(
        dir.path(),
        "upd.csv",
        format!("{HEADER}REG-1-000002,CH,H.E. Ms.,Merdan,Annayev,,Ambassador,DEL,delegate2@example.org,2015-07-07,,\nNEW-1,AT,,Eva,Gruber,,,,,,,\n")
            .as_bytes(),
    );
    let plan = csv_io::plan_import(&reg, &p).unwrap();
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(plan.rows[0].action, RowAction::Update);
    assert_eq!(plan.rows[1].action, RowAction::Insert);
    let s = csv_io::apply_import(&mut reg, &plan, &NoProgress).unwrap();
    assert_eq!((s.imported, s.updated, s.unchanged), (1, 1, 0));
    assert_eq!(reg.delegates().unwrap().len(), 65);
    let d = reg.find_delegate("REG-1-000002").unwrap();
    assert_eq!(d.function, "Ambassador");
    // The audit trail has who, when, before and after.
    let h = reg.history("delegate", &d.id.to_string()).unwrap();
    let last = h.last().unwrap();
    assert_eq!(last.action, "update");
    // The import is the author (with who ran it).
    assert_eq!(last.operator, "import upd.csv (anna.desk)");
    assert!(last.at.starts_with("20") && last.at.ends_with('Z'), "{}", last.at);
    assert!(
        last.before
            .as_deref()
            .unwrap()
            .contains("\"function\":\"Counsellor\"")
    );
    assert!(
        last.after
            .as_deref()
            .unwrap()
            .contains("\"function\":\"Ambassador\"")
    );
    // Importing the same file again changes nothing.
    let s = csv_io::import_file(&mut reg, &p, &NoProgress).unwrap();
    assert_eq!((s.imported, s.updated, s.unchanged), (0, 0, 2));
    assert_eq!(s.to_string(), "imported 0, updated 0");
}

#[test]
fn any_column_order_any_case_trimmed_and_defaults() {
    let (dir, mut reg) = fresh();
    let p = write(
        dir.path(),
        "order.csv",
        b"Family_Name , delegation,category,status,zones\n  Gruber ,at ,,,press; plenary\nLee,unodc,,pending,\nRossi,media,,,\n",
    );
    let s = csv_io::import_file(&mut reg, &p, &NoProgress).unwrap();
    assert_eq!(s.imported, 3);
    let all = reg.delegates().unwrap();
    assert_eq!(all[0].family_name, "Gruber");
    assert_eq!(all[0].delegation, "AT");
    assert_eq!(all[0].category, "DEL");
    assert_eq!(all[0].zones, ["PRESS", "PLENARY"]);
    assert_eq!(all[0].status, Status::Accredited);
    assert_eq!(
        (all[1].delegation.as_str(), all[1].category.as_str()),
        ("UNODC", "IO")
    );
    assert_eq!(all[1].status, Status::Pending);
    assert_eq!(all[2].category, "MEDIA");
}

#[test]
fn status_is_kept_on_update_without_a_status_column() {
    let (dir, mut reg) = with_sample();
    let id = reg.find_delegate("PUB-X-002").unwrap().id;
    reg.set_status(id, Status::Rejected).unwrap();
    let p = write(
        dir.path(),
        "s.csv",
        b"external_id,delegation,family_name\nPUB-X-002,UA,Kovalenko\n",
    );
    csv_io::import_file(&mut reg, &p, &NoProgress).unwrap();
    assert_eq!(reg.delegate(id).unwrap().status, Status::Rejected);
}

#[test]
fn bom_crlf_and_quoted_commas_quotes_and_newlines() {
    let (_dir, mut reg) = fresh();
    let s = csv_io::import_file(&mut reg, &fixture("bom-crlf-quoted.csv"), &NoProgress).unwrap();
    assert_eq!(s.imported, 3);
    let all = reg.delegates().unwrap();
    assert_eq!(all[0].external_id.as_deref(), Some("Q-1"));
    assert_eq!(all[0].function, "Adviser, \"Migration\" and Asylum");
    assert_eq!(all[1].function, "Head of Unit\r\nAnti-Trafficking");
    assert_eq!(all[2].family_name, "Đorđević");
    assert_eq!(all[2].days, ["2015-07-06", "2015-07-07"]);
}

#[test]
fn photos_are_read_relative_to_the_csv_and_normalised() {
    let (dir, mut reg) = fresh();
    std::fs::create_dir(dir.path().join("photos")).unwrap();
    let img = image::RgbImage::from_fn(1200, 800, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    img.save(dir.path().join("photos/gruber.png")).unwrap();
    let p = write(
        dir.path(),
        "p.csv",
        b"delegation,family_name,photo\nAT,Gruber,photos/gruber.png\n",
    );
    csv_io::import_file(&mut reg, &p, &NoProgress).unwrap();
    let id = reg.delegates().unwrap()[0].id;
    let jpeg = reg.delegate(id).unwrap().photo.unwrap();
    let decoded = image::load_from_memory(&jpeg).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (600, 400));
    assert!(jpeg.starts_with(&[0xFF, 0xD8]));
    // An empty photo cell on update keeps the stored photo.
    let p = write(
        dir.path(),
        "q.csv",
        format!("id,delegation,family_name,photo,given_name\n{id},AT,Gruber,,Eva\n").as_bytes(),
    );
    let s = csv_io::import_file(&mut reg, &p, &NoProgress).unwrap();
    assert_eq!(s.updated, 1);
    assert_eq!(reg.delegate(id).unwrap().photo.unwrap(), jpeg);
}

#[test]
fn planning_writes_nothing() {
    let (_dir, reg) = with_sample();
    let before = dump(&reg);
    let plan = csv_io::plan_import(&reg, &sample()).unwrap();
    assert_eq!(plan.rows.len(), 64);
    assert_eq!(plan.updates(), 64);
    assert_eq!(dump(&reg), before);
}

#[test]
fn a_cancelled_import_rolls_back() {
    let (_dir, mut reg) = fresh();
    let before = dump(&reg);
    let plan = csv_io::plan_import(&reg, &sample()).unwrap();
    let progress = ProgressHandle::new();
    progress.cancel();
    assert!(matches!(
        csv_io::apply_import(&mut reg, &plan, &progress),
        Err(CsvError::Cancelled)
    ));
    assert_eq!(dump(&reg), before);
}

// Bad input: each case on its own, exact messages, database unchanged.

#[test]
fn unknown_column_is_named() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "u.csv",
        b"delegation,family_name,nickname\nAT,Gruber,Evi\n",
    );
    let e = refused(&mut reg, &p);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("u.csv:1: column nickname: unknown column; the columns are external_id,"),
        "{e:?}"
    );
}

#[test]
fn missing_required_columns() {
    let (dir, mut reg) = with_sample();
    let p = write(dir.path(), "m.csv", b"external_id,given_name\nX,Eva\n");
    assert_eq!(
        refused(&mut reg, &p),
        [
            "m.csv:1: column delegation: missing from the header (required)",
            "m.csv:1: column family_name: missing from the header (required)",
        ]
    );
}

#[test]
fn invalid_utf8_is_named_by_line_and_column() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "l1.csv",
        // 0x81 is neither UTF-8 nor Windows-1252 (a file valid as Windows-1252 is read as such).
        b"delegation,family_name,given_name\nAT,Gruber,Eva\nFR,M\x81ller,Hans\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        ["l1.csv:3: column family_name: invalid UTF-8 (byte 0x81 after \"M\"); save the file as UTF-8"]
    );
}

#[test]
fn a_quote_inside_an_unquoted_field() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "q.csv",
        b"delegation,family_name,function\nAT,Gruber,Head\nAT,O\"Neil,Adviser\nAT,Huber,x\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        [
            "q.csv:3: column family_name: a quote inside an unquoted field; put the whole field in double quotes and write the quote as \"\""
        ]
    );
}

#[test]
fn text_after_a_closing_quote() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "t.csv",
        b"delegation,family_name,function\nAT,Gruber,\"Head\" of unit\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        [
            "t.csv:2: column function: text after the closing quote; a quoted field ends at its closing quote (write a quote inside a quoted field as \"\")"
        ]
    );
}

#[test]
fn a_quote_never_closed() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "c.csv",
        b"delegation,family_name,function\nAT,Gruber,ok\nAT,Huber,\"Head\nof unit\nAT,Lang,x\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        [
            "c.csv:3: column function: the quote opened on line 3 is never closed; add the closing quote (record on lines 3-5)"
        ]
    );
}

#[test]
fn errors_in_a_multi_line_record_name_its_first_line() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "ml.csv",
        b"delegation,family_name,function\nAT,Gruber,\"two\nlines\"\nXX,Huber,\"a\nb\nc\"\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        [
            "ml.csv:4: column delegation: unknown delegation \"XX\"; see `accredit registry list` (record on lines 4-6)"
        ]
    );
}

#[test]
fn wrong_number_of_fields() {
    let (dir, mut reg) = with_sample();
    let p = write(dir.path(), "n.csv", b"delegation,family_name\nAT,Gruber,Eva\n");
    assert_eq!(
        refused(&mut reg, &p),
        [
            "n.csv:2: column family_name: 3 fields, but the header has 2: there are values after this last column; check for a missing or extra comma (a value containing a comma must be in double quotes)"
        ]
    );
}

#[test]
fn duplicate_external_id_in_the_file() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "d.csv",
        b"external_id,delegation,family_name\nA-1,AT,Gruber\nA-2,AT,Huber\nA-1,FR,Martin\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        ["d.csv:4: column external_id: \"A-1\" is also on line 2; each person may appear only once"]
    );
}

#[test]
fn unknown_delegation() {
    let (dir, mut reg) = with_sample();
    let p = write(dir.path(), "ud.csv", b"delegation,family_name\nATX,Gruber\n");
    assert_eq!(
        refused(&mut reg, &p),
        ["ud.csv:2: column delegation: unknown delegation \"ATX\"; see `accredit registry list`"]
    );
}

#[test]
fn unknown_category() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "uc.csv",
        b"delegation,family_name,category\nAT,Gruber,VIP\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        [
            "uc.csv:2: column category: unknown category \"VIP\"; one of HOD, DEL, PARTNER, IO, NGO, MEDIA, STAFF, GUEST"
        ]
    );
}

#[test]
fn a_day_that_is_not_an_event_day() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "day.csv",
        b"delegation,family_name,days\nAT,Gruber,2015-07-06;2015-07-08\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        ["day.csv:2: column days: 2015-07-08 is not a day of the event (2015-07-06, 2015-07-07)"]
    );
}

#[test]
fn bad_dates() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "bd.csv",
        b"delegation,family_name,days\nAT,Gruber,06/07/2015\nAT,Huber,2015-02-30\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        [
            "bd.csv:2: column days: \"06/07/2015\" is not a date like 2015-07-06 (separate days with ;)",
            "bd.csv:3: column days: \"2015-02-30\" is not a date like 2015-07-06 (separate days with ;)",
        ]
    );
}

#[test]
fn unknown_zone() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "z.csv",
        b"delegation,family_name,zones\nAT,Gruber,PLENARY;VIPLOUNGE\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        ["z.csv:2: column zones: unknown zone \"VIPLOUNGE\"; one of PLENARY, PRESS, BILATERAL"]
    );
}

#[test]
fn missing_family_name() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "f.csv",
        b"delegation,family_name,given_name\nAT,  ,Eva\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        ["f.csv:2: column family_name: is required"]
    );
}

#[test]
fn unreadable_photos() {
    let (dir, mut reg) = with_sample();
    write(dir.path(), "notanimage.jpg", b"this is text, not a JPEG");
    let p = write(
        dir.path(),
        "ph.csv",
        b"delegation,family_name,photo\nAT,Gruber,missing.jpg\nAT,Huber,notanimage.jpg\n",
    );
    let e = refused(&mut reg, &p);
    assert_eq!(e.len(), 2);
    assert!(
        e[0].starts_with("ph.csv:2: column photo: cannot read the photo ")
            && e[0].contains("missing.jpg: No such file"),
        "{}",
        e[0]
    );
    assert!(e[0].ends_with("(the path is relative to the CSV file's folder)"));
    assert!(
        e[1].starts_with("ph.csv:3: column photo: ") && e[1].contains("not a readable JPEG or PNG image"),
        "{}",
        e[1]
    );
}

#[test]
fn empty_file() {
    let (dir, mut reg) = with_sample();
    let p = write(dir.path(), "e.csv", b"");
    assert_eq!(
        refused(&mut reg, &p),
        [
            "e.csv:1: column header: the file is empty; the first line must be the header, for example: external_id,delegation,title,given_name,family_name,native_name,function,category,email,days,zones,photo,gender,nationality,birth_date,id_type,id_number,id_country,id_expiry,vehicle_plate"
        ]
    );
    let p = write(dir.path(), "bom.csv", b"\xEF\xBB\xBF\r\n\r\n");
    assert_eq!(refused(&mut reg, &p).len(), 1);
}

#[test]
fn header_only_file() {
    let (dir, mut reg) = with_sample();
    let p = write(dir.path(), "h.csv", HEADER.as_bytes());
    assert_eq!(
        refused(&mut reg, &p),
        ["h.csv:1: column header: the file has a header but no delegates; add one row per delegate below it"]
    );
}

#[test]
fn unknown_status_and_bad_id() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "st.csv",
        b"id,delegation,family_name,status\n,AT,Gruber,approved\n9999,AT,Huber,\nabc,AT,Lang,\n9999,AT,Hofer,\n",
    );
    // An unknown id is a row exported from another database: it adds a delegate (line 3),
    // but the same one twice is one person twice.
    assert_eq!(
        refused(&mut reg, &p),
        [
            "st.csv:2: column status: unknown status \"approved\"; one of pending, accredited, rejected, withdrawn",
            "st.csv:4: column id: \"abc\" is not a delegate id (a whole number)",
            "st.csv:5: column id: id 9999 is also on line 3; each person may appear only once",
        ]
    );
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let (dir, mut reg) = with_sample();
    let p = write(
        dir.path(),
        "all.csv",
        b"external_id,delegation,family_name,category,days,zones,email\nA,AT,Gruber,,,,\nB,ZZ,,VIP,2016-01-01,X,nobody\nA,AT,Huber,,,,\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        [
            "all.csv:3: column delegation: unknown delegation \"ZZ\"; see `accredit registry list`",
            "all.csv:3: column family_name: is required",
            "all.csv:3: column category: unknown category \"VIP\"; one of HOD, DEL, PARTNER, IO, NGO, MEDIA, STAFF, GUEST",
            "all.csv:3: column email: \"nobody\" is not an e-mail address",
            "all.csv:3: column days: 2016-01-01 is not a day of the event (2015-07-06, 2015-07-07)",
            "all.csv:3: column zones: unknown zone \"X\"; one of PLENARY, PRESS, BILATERAL",
            "all.csv:4: column external_id: \"A\" is also on line 2; each person may appear only once",
        ]
    );
}

#[test]
fn export_columns_are_checked_too() {
    let (dir, mut reg) = with_sample();
    let first = reg.find_delegate("REG-1-000000").unwrap().id;
    let p = write(
        dir.path(),
        "ex.csv",
        format!("id,external_id,delegation,family_name,badge_version\n{first},,GB,Karpovich,1\n,X-9,AT,Gruber,two\n")
            .as_bytes(),
    );
    assert_eq!(
        refused(&mut reg, &p),
        [
            format!("ex.csv:2: column id: delegate {first} has external_id \"REG-1-000000\"; put it in the external_id column to update it"),
            "ex.csv:3: column badge_version: \"two\" is not a whole number (the column is informational; use `accredit reissue`)".to_string(),
        ]
    );
}

#[test]
fn an_external_id_added_to_an_exported_row_updates_that_delegate() {
    let (dir, mut reg) = with_sample();
    let p = write(dir.path(), "a.csv", b"delegation,family_name\nAT,Gruber\n");
    csv_io::import_file(&mut reg, &p, &NoProgress).unwrap();
    let id = reg
        .delegates()
        .unwrap()
        .iter()
        .find(|d| d.family_name == "Gruber")
        .unwrap()
        .id;
    // The exported row, with an external_id typed in.
    let p = write(
        dir.path(),
        "b.csv",
        format!("id,external_id,delegation,family_name,function\n{id},NEW-7,AT,Gruber,Minister\n").as_bytes(),
    );
    let plan = csv_io::plan_import(&reg, &p).unwrap();
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(plan.rows[0].action, RowAction::Update);
    let s = csv_io::apply_import(&mut reg, &plan, &NoProgress).unwrap();
    assert_eq!((s.imported, s.updated), (0, 1));
    assert_eq!(reg.delegates().unwrap().len(), 65);
    let d = reg.find_delegate("NEW-7").unwrap();
    assert_eq!((d.id, d.function.as_str()), (id, "Minister"));
    // From now on the external_id names it; the same file again changes nothing.
    let s = csv_io::import_file(&mut reg, &p, &NoProgress).unwrap();
    assert_eq!((s.imported, s.updated, s.unchanged), (0, 0, 1));
    assert_eq!(reg.delegates().unwrap().len(), 65);
}

#[test]
fn an_id_that_contradicts_the_external_id_is_refused() {
    let (dir, mut reg) = with_sample();
    let a = reg.find_delegate("REG-1-000000").unwrap().id;
    let b = reg.find_delegate("REG-1-000001").unwrap().id;
    let p = write(
        dir.path(),
        "x.csv",
        format!(
            "id,external_id,delegation,family_name\n{b},REG-1-000000,GB,Karpovich\n{a},NEW-8,AT,Gruber\n"
        )
        .as_bytes(),
    );
    assert_eq!(
        refused(&mut reg, &p),
        [
            format!(
                "x.csv:2: column id: \"{b}\" does not match external_id \"REG-1-000000\", which is delegate {a}; correct the id or leave it empty"
            ),
            format!(
                "x.csv:3: column id: delegate {a} already has external_id \"REG-1-000000\", not \"NEW-8\"; correct one of the two columns"
            ),
        ]
    );
}

#[test]
fn problems_of_the_header_and_of_the_field_count_name_a_column() {
    let (dir, mut reg) = with_sample();
    let p = write(dir.path(), "few.csv", b"delegation,family_name,function\nAT\n");
    assert_eq!(
        refused(&mut reg, &p),
        [
            "few.csv:2: column family_name: 1 fields, but the header has 3: this column and those after it have no value; check for a missing or extra comma (a value containing a comma must be in double quotes)"
        ]
    );
    let p = write(dir.path(), "hq.csv", b"delegation,family\"name\nAT,Gruber\n");
    assert_eq!(
        refused(&mut reg, &p),
        [
            "hq.csv:1: column family: header field 2: a quote inside an unquoted field; put the whole field in double quotes and write the quote as \"\""
        ]
    );
    let p = write(
        dir.path(),
        "hf.csv",
        b"delegation,,family_name,fam\x81ly\nAT,,Gruber,x\n",
    );
    assert_eq!(
        refused(&mut reg, &p),
        [
            "hf.csv:1: column \"\": header field 2 has no name; remove the empty column",
            "hf.csv:1: column fam\u{FFFD}ly: header field 4 is not valid UTF-8; save the file as UTF-8",
        ]
    );
    // The same delegate twice: by its id, once with an external_id added.
    let p = write(dir.path(), "one.csv", b"delegation,family_name\nAT,Gruber\n");
    csv_io::import_file(&mut reg, &p, &NoProgress).unwrap();
    let id = reg
        .delegates()
        .unwrap()
        .iter()
        .find(|d| d.family_name == "Gruber")
        .unwrap()
        .id;
    let p = write(
        dir.path(),
        "tw.csv",
        format!("id,external_id,delegation,family_name\n{id},NEW-1,AT,Gruber\n{id},,AT,Gruber\n").as_bytes(),
    );
    assert_eq!(
        refused(&mut reg, &p),
        [format!(
            "tw.csv:3: column id: line 2 already updates delegate {id}; each person may appear only once"
        )]
    );
}
