//! Applying items between a real desk and a real door copy.

use super::*;
use crate::checkin::{Door, ScanContext};
use crate::network::{self, envelope};
use crate::registry::Delegate;

fn desk_and_door() -> (tempfile::TempDir, Registry, Registry) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Registry::open(&dir.path().join("desk.sqlite3")).unwrap();
    let door = dir.path().join("door.sqlite3");
    crate::sync::package(&desk, &door).unwrap();
    let door = Registry::open(&door).unwrap();
    (dir, desk, door)
}

fn add(reg: &mut Registry, family: &str) -> (i64, String) {
    let d = Delegate {
        delegation: "AT".into(),
        family_name: family.into(),
        category: "DEL".into(),
        ..Delegate::default()
    };
    let id = reg.add_delegate(&d).unwrap();
    (id, crate::pass::issue(reg, &reg.delegate(id).unwrap()).unwrap())
}

fn scan(reg: &mut Registry, pass: &str) -> String {
    let door = Door::open(reg).unwrap();
    let ctx = ScanContext {
        station: door.station_id().to_string(),
        zone: None,
        at: crate::checkin::log::parse_at("2015-07-06T09:00:00+02:00").unwrap(),
        direction: Default::default(),
    };
    door.scan(reg, pass, &ctx).unwrap().scan_id
}

#[test]
fn an_admission_of_an_unknown_badge_is_held_until_its_record_comes() {
    let (_dir, mut desk, mut door) = desk_and_door();
    let (id, pass) = add(&mut desk, "Late");
    let uuid = scan(&mut desk, &pass);
    let items = network::all_items(&desk).unwrap();
    let scan_item: Vec<Item> = items.iter().filter(|i| i.key == uuid).cloned().collect();
    let r = network::apply(&mut door, &scan_item).unwrap();
    assert_eq!(r.refused, vec![(RefusalReason::UnknownBadge, 1)]);
    assert_eq!(held_count(door.conn()).unwrap(), 1);
    let record: Vec<Item> = items
        .iter()
        .filter(|i| i.kind == ItemKind::Record && i.key == id.to_string())
        .cloned()
        .collect();
    let r = network::apply(&mut door, &record).unwrap();
    assert_eq!((r.accepted, r.refused_total()), (2, 0), "{r:?}");
    assert_eq!(held_count(door.conn()).unwrap(), 0);
    assert!(crate::checkin::log::get(door.conn(), &uuid).unwrap().is_some());
    // The door now knows the delegate from the record alone.
    assert_eq!(door.delegate(id).unwrap().family_name, "Late");
}

#[test]
fn same_key_other_content_is_a_conflict_and_changes_nothing() {
    let (_dir, mut desk, mut door) = desk_and_door();
    let (_, pass) = add(&mut desk, "Known");
    let uuid = scan(&mut desk, &pass);
    // A different row under the same UUID, correctly signed by the desk's own station key.
    let mut e = crate::checkin::log::get(desk.conn(), &uuid).unwrap().unwrap();
    let (signer, key) = network::identity::signer(desk.conn()).unwrap();
    let code = desk.event().unwrap().code;
    let good = network::all_items(&desk).unwrap();
    network::apply(&mut door, &good).unwrap();
    e.operator = "someone else".into();
    let other = Item {
        kind: ItemKind::Scan,
        key: uuid.clone(),
        revision: 0,
        body: envelope::seal(
            envelope::SCAN_HEADER,
            &network::scans::payload(&code, &signer, &e),
            &key,
        ),
    };
    let r = network::apply(&mut door, &[other]).unwrap();
    assert_eq!(r.refused, vec![(RefusalReason::Conflict, 1)]);
    assert_ne!(
        crate::checkin::log::get(door.conn(), &uuid)
            .unwrap()
            .unwrap()
            .operator,
        "someone else"
    );
    // A certificate naming the door's own id with another key (signed by the event key:
    // the desk itself refuses to make one) is refused too.
    let own = network::identity::own(door.conn()).unwrap().unwrap();
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[5; 32]);
    assert!(
        network::identity::certify(
            desk.conn(),
            &own.id,
            "Impostor",
            network::Role::Door,
            &stranger.verifying_key()
        )
        .is_err()
    );
    let c = network::Certificate {
        event: code.clone(),
        station: own.id.clone(),
        name: "Impostor".into(),
        role: network::Role::Door,
        public_key: data_encoding::HEXLOWER.encode(stranger.verifying_key().as_bytes()),
        issued_at: "2099-01-01T00:00:00Z".into(),
        revoked: String::new(),
        cutoff: String::new(),
    };
    let body = envelope::seal(
        envelope::CERT_HEADER,
        &serde_json::to_vec(&c).unwrap(),
        &desk.signing_key().unwrap(),
    );
    let r = network::apply(
        &mut door,
        &[Item {
            kind: ItemKind::Cert,
            key: own.id.clone(),
            revision: 0,
            body,
        }],
    )
    .unwrap();
    assert_eq!(r.refused, vec![(RefusalReason::Conflict, 1)]);
    assert!(network::identity::own(door.conn()).unwrap().unwrap().certified);
}

#[test]
fn a_scan_whose_day_does_not_match_its_time_is_refused() {
    let (_dir, mut desk, mut door) = desk_and_door();
    let (_, pass) = add(&mut desk, "Day");
    let uuid = scan(&mut desk, &pass);
    let mut e = crate::checkin::log::get(desk.conn(), &uuid).unwrap().unwrap();
    let (signer, key) = network::identity::signer(desk.conn()).unwrap();
    let code = desk.event().unwrap().code;
    e.uuid = uuid::Uuid::new_v4().to_string();
    e.day = "2015-07-07".into();
    let mut zoned = e.clone();
    zoned.uuid = uuid::Uuid::new_v4().to_string();
    zoned.day = "2015-07-06".into();
    zoned.zone = "NOWHERE".into();
    let item = |e: &crate::checkin::LogEntry| Item {
        kind: ItemKind::Scan,
        key: e.uuid.clone(),
        revision: 0,
        body: envelope::seal(
            envelope::SCAN_HEADER,
            &network::scans::payload(&code, &signer, e),
            &key,
        ),
    };
    let r = network::apply(&mut door, &[item(&e), item(&zoned)]).unwrap();
    assert_eq!(
        r.refused,
        vec![(RefusalReason::BadDay, 1), (RefusalReason::UnknownZone, 1)]
    );
}

#[test]
fn a_record_whose_photo_does_not_match_its_hash_is_refused() {
    let (_dir, mut desk, mut door) = desk_and_door();
    let (id, _) = add(&mut desk, "Photo");
    let mut d = desk.delegate(id).unwrap();
    let img = image::RgbImage::from_fn(60, 80, |x, y| image::Rgb([x as u8, y as u8, 9]));
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    d.photo = Some(crate::registry::photo::normalize(png.get_ref()).unwrap());
    desk.update_delegate(&d).unwrap();
    let mut items: Vec<Item> = network::all_items(&desk)
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == ItemKind::Record && i.key == id.to_string())
        .collect();
    let good = items[0].clone();
    if let Some(last) = items[0].body.last_mut() {
        *last ^= 0xff;
    }
    let r = network::apply(&mut door, &items).unwrap();
    assert_eq!(r.refused, vec![(RefusalReason::Malformed, 1)]);
    assert!(door.delegate(id).is_err());
    // Without the photo attached, a door that has no photo of that hash refuses it too.
    let signed = envelope::open(&good.body).unwrap();
    let bare = good.body[..signed.signed.len() + 129].to_vec();
    items = vec![Item {
        body: bare,
        ..good.clone()
    }];
    let r = network::apply(&mut door, &items).unwrap();
    assert_eq!(r.refused, vec![(RefusalReason::Malformed, 1)]);
    let r = network::apply(&mut door, &[good]).unwrap();
    assert_eq!(r.accepted, 1);
    assert_eq!(door.delegate(id).unwrap().photo, d.photo);
}

#[test]
fn a_signature_verified_before_the_lock_covers_only_its_own_bytes() {
    let (_dir, mut desk, mut door) = desk_and_door();
    let (_, pass) = add(&mut desk, "Genuine");
    let uuid = scan(&mut desk, &pass);
    let mut items = network::all_items(&desk).unwrap();
    let good = items.iter().find(|i| i.key == uuid).cloned().unwrap();
    // The genuine scan's signature copied under an edited payload, in the same batch.
    let o = envelope::open(&good.body).unwrap();
    let text = String::from_utf8(o.signed.to_vec()).unwrap();
    let sig = &good.body[o.signed.len() + 1..o.signed.len() + 129];
    let forged_text = text.replace("\"operator\":\"", "\"operator\":\"X");
    assert_ne!(forged_text, text);
    let mut body = forged_text.into_bytes();
    body.push(b'\n');
    body.extend_from_slice(sig);
    items.push(Item {
        kind: ItemKind::Scan,
        key: uuid.clone(),
        revision: 0,
        body,
    });
    let r = network::apply(&mut door, &items).unwrap();
    assert!(
        r.refused_for(RefusalReason::BadSignature) + r.refused_for(RefusalReason::Malformed) >= 1,
        "{r:?}"
    );
    let here = crate::checkin::log::get(door.conn(), &uuid).unwrap().unwrap();
    assert!(!here.operator.starts_with('X'), "the forged row was not applied");
}
