//! The millimetre geometry: everything inside the badge, long names shrunk or wrapped (never
//! wider than the badge), the QR code's modules and quiet zone, the band and optional lines.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

use accredit::badge::fonts::{Fonts, MM_PER_PT};
use accredit::badge::layout::{BadgeLayout, Item, TextItem};
use accredit::badge::{Field, Layout, Reason, badge_layout};
use accredit::registry::seed::default_event;
use accredit::registry::{Delegate, Delegation, DelegationKind};

fn delegation() -> Delegation {
    Delegation {
        code: "ES".into(),
        kind: DelegationKind::ParticipatingState,
        group: String::new(),
        name_en: "Spain".into(),
        name_fr: "Espagne".into(),
        default_category: "DEL".into(),
        name_de: "Spanien".into(),
        name_ru: "Испания".into(),
        name_es: "España".into(),
        name_it: "Spagna".into(),
    }
}

fn delegate(title: &str, given: &str, family: &str) -> Delegate {
    Delegate {
        id: 4242,
        delegation: "ES".into(),
        title: title.into(),
        given_name: given.into(),
        family_name: family.into(),
        function: "Counsellor".into(),
        category: "DEL".into(),
        badge_version: 1,
        ..Default::default()
    }
}

/// A realistic pass (same length as a signed one).
fn payload() -> String {
    let key = ed25519_dalek::SigningKey::from_bytes(&[5; 32]);
    let c = accredit::pass::Claims {
        event: "AATIP15".into(),
        serial: 4242,
        version: 1,
        category: "DEL".into(),
        days: vec![],
        zones: vec!["BILATERAL".into(), "PLENARY".into()],
    };
    accredit::pass::sign(&c, &key).unwrap()
}

fn lay(d: &Delegate, kind: Layout) -> BadgeLayout {
    badge_layout(
        &default_event(),
        d,
        Some(&delegation()),
        &payload(),
        kind,
        Fonts::get(),
    )
    .unwrap()
}

fn text_box(t: &TextItem) -> (f32, f32, f32, f32) {
    let bottom = t.baseline_mm + Fonts::get().descent() * t.size_pt * MM_PER_PT;
    (t.x_mm, t.top_mm(), t.x_mm + t.width_mm, bottom)
}

fn item_box(i: &Item) -> (f32, f32, f32, f32) {
    match i {
        Item::Rect(r) => (r.x_mm, r.y_mm, r.x_mm + r.w_mm, r.y_mm + r.h_mm),
        Item::Text(t) => text_box(t),
        Item::Qr(q) => (q.x_mm, q.y_mm, q.x_mm + q.size_mm(), q.y_mm + q.size_mm()),
        Item::Photo(p) => (p.x_mm, p.y_mm, p.x_mm + p.w_mm, p.y_mm + p.h_mm),
        Item::Image(e) => (e.x_mm, e.y_mm, e.x_mm + e.w_mm, e.y_mm + e.h_mm),
    }
}

fn overlaps(a: (f32, f32, f32, f32), b: (f32, f32, f32, f32)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Every item inside the badge; the QR's quiet zone free of anything else; modules >= 0.4 mm.
fn check_geometry(b: &BadgeLayout) {
    let (w, h) = b.size_mm;
    let eps = 0.01;
    for i in &b.items {
        let (x0, y0, x1, y1) = item_box(i);
        assert!(
            x0 >= -eps && y0 >= -eps && x1 <= w + eps && y1 <= h + eps,
            "{:?} outside the {w}x{h} badge: {:?}",
            b.kind,
            (x0, y0, x1, y1)
        );
    }
    let q = b.qr().expect("a QR code");
    assert!(q.module_mm >= 0.4, "module {} mm", q.module_mm);
    let quiet = 4.0 * q.module_mm;
    let zone = (
        q.x_mm - quiet,
        q.y_mm - quiet,
        q.x_mm + q.size_mm() + quiet,
        q.y_mm + q.size_mm() + quiet,
    );
    assert!(zone.0 >= 0.0 && zone.2 <= w, "quiet zone leaves the badge");
    for i in &b.items {
        if !matches!(i, Item::Qr(_)) {
            assert!(!overlaps(item_box(i), zone), "{i:?} inside the QR quiet zone");
        }
    }
    // Text lines do not overlap each other.
    let texts: Vec<&TextItem> = b
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
        .collect();
    for (n, a) in texts.iter().enumerate() {
        for c in &texts[n + 1..] {
            let (a0, c0) = (text_box(a), text_box(c));
            let shrink = |b: (f32, f32, f32, f32)| (b.0, b.1 + 0.3, b.2, b.3 - 0.3);
            assert!(
                !overlaps(shrink(a0), shrink(c0)),
                "{:?} overlaps {:?}",
                a.text(),
                c.text()
            );
        }
    }
}

#[test]
fn short_name_is_one_line_at_full_size() {
    for kind in Layout::ALL {
        let b = lay(&delegate("Ms.", "Ana", "Popa"), kind);
        check_geometry(&b);
        let name = b.lines(Field::Name);
        assert_eq!(name.len(), 1);
        assert_eq!(name[0].text(), "Ms. Ana POPA");
        let max = if kind == Layout::Cr80 { 15.0 } else { 26.0 };
        assert_eq!(name[0].size_pt, max, "{kind}");
    }
}

#[test]
fn long_names_shrink_then_wrap_never_wider_than_the_badge() {
    let names = [
        ("H.E. Mr.", "Jean-François", "D'Aubigné de La Rochefoucauld"),
        ("H.E. Ms.", "Maria del Carmen", "Fernández de Córdoba y Figueroa"),
        (
            "H.E. Ms.",
            "Maria del Carmen Esperanza",
            "Fernández de Córdoba y Figueroa-Villanueva de la Torre",
        ),
        (
            "Prof. Dr.",
            "Wolfgang",
            "Müller-Lüdenscheidt-Oberhausen-Wanne-Eickel",
        ),
        ("", "", "Kasymzhomartovichnurlanbekovazhanibekuly"),
    ];
    for kind in Layout::ALL {
        let (w, _) = kind.badge_size_mm();
        for (t, g, f) in names {
            let d = delegate(t, g, f);
            let b = lay(&d, kind);
            check_geometry(&b);
            let lines = b.lines(Field::Name);
            assert!(
                !lines.is_empty() && lines.len() <= 2,
                "{kind} {f}: {} lines",
                lines.len()
            );
            // The whole name is there, split only at a space or after a hyphen.
            let joined = lines
                .iter()
                .map(|l| l.text())
                .collect::<Vec<_>>()
                .join(" ")
                .replace("- ", "-");
            assert_eq!(joined, d.display_name(), "{kind}");
            for l in &lines {
                assert!(l.x_mm >= 0.0 && l.x_mm + l.width_mm <= w, "{kind} {}", l.text());
                // The measured width is what the spans add up to.
                let sum: f32 = l.spans.iter().map(|s| s.width_per_pt_mm * l.size_pt).sum();
                assert!((sum - l.width_mm).abs() < 1e-3);
            }
            let max = if kind == Layout::Cr80 { 15.0 } else { 26.0 };
            assert!(lines[0].size_pt < max, "{kind}: {f} should have been shrunk");
        }
    }
}

#[test]
fn a_name_too_long_for_one_line_at_the_minimum_wraps_on_two() {
    let d = delegate("H.E. Ms.", "Maria del Carmen", "Fernández de Córdoba y Figueroa");
    let b = lay(&d, Layout::Cr80);
    let lines = b.lines(Field::Name);
    assert_eq!(lines.len(), 2);
    assert!(lines[0].size_pt >= 10.0, "wrapped at {} pt", lines[0].size_pt);
    assert!(lines[1].baseline_mm > lines[0].baseline_mm);
}

#[test]
fn band_days_zones_and_native_name() {
    let mut d = delegate("Ms.", "Nino", "Beridze");
    d.native_name = "ნინო ბერიძე".into();
    d.days = vec!["2015-07-06".into()];
    d.zones = vec!["PLENARY".into()];
    d.category = "MEDIA".into();
    for kind in Layout::ALL {
        let b = lay(&d, kind);
        check_geometry(&b);
        let band = b
            .items
            .iter()
            .find_map(|i| match i {
                Item::Rect(r) => Some(r),
                _ => None,
            })
            .unwrap();
        assert_eq!(band.fill, [0xE6, 0x51, 0x00]);
        assert_eq!(band.w_mm, kind.badge_size_mm().0);
        assert_eq!(b.lines(Field::Category)[0].text(), "PRESS");
        assert_eq!(b.lines(Field::Days)[0].text(), "Days: Monday 6 July 2015");
        assert_eq!(b.lines(Field::Zones)[0].text(), "Zones: PLENARY");
        let native = b.lines(Field::NativeName);
        assert_eq!(native[0].text(), "ნინო ბერიძე");
        assert_eq!(
            native[0].spans[0].face.family,
            accredit::badge::fonts::Family::Georgian
        );
        assert_eq!(b.lines(Field::Delegation)[0].text(), "Spain");
    }
    // Every day and every zone: no such lines.
    d.days = vec!["2015-07-06".into(), "2015-07-07".into()];
    d.zones = vec!["PLENARY".into(), "PRESS".into(), "BILATERAL".into()];
    let b = lay(&d, Layout::Cr80);
    assert!(b.lines(Field::Days).is_empty() && b.lines(Field::Zones).is_empty());
}

#[test]
fn uncovered_native_name_is_left_off_and_latin_name_kept() {
    let mut d = delegate("Mr.", "Kenji", "Sato");
    d.native_name = "佐藤 健二".into();
    let b = lay(&d, Layout::A6);
    assert!(b.lines(Field::NativeName).is_empty());
    assert_eq!(b.lines(Field::Name)[0].text(), "Mr. Kenji SATO");
    assert_eq!(b.unprintable.len(), 1);
    assert_eq!(b.unprintable[0].missing, vec!['佐', '藤', '健', '二']);
    assert!(b.unprintable[0].left_off);
}

#[test]
fn photo_keeps_its_aspect_ratio_and_moves_the_column() {
    let img = image::RgbImage::from_pixel(300, 400, image::Rgb([90, 90, 90]));
    let mut jpeg = Vec::new();
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut jpeg))
        .unwrap();
    let mut d = delegate("Ms.", "Ana", "Popa");
    let without = lay(&d, Layout::Cr80);
    d.photo = Some(jpeg.clone());
    for kind in Layout::ALL {
        let b = lay(&d, kind);
        check_geometry(&b);
        let p = b
            .items
            .iter()
            .find_map(|i| match i {
                Item::Photo(p) => Some(p),
                _ => None,
            })
            .expect("photo");
        assert!((p.w_mm / p.h_mm - 0.75).abs() < 0.01);
        assert_eq!(&p.jpeg[..], &jpeg[..]);
    }
    let with = lay(&d, Layout::Cr80);
    assert!(with.lines(Field::Delegation)[0].x_mm > without.lines(Field::Delegation)[0].x_mm);
}

#[test]
fn layout_names_round_trip() {
    for kind in Layout::ALL {
        assert_eq!(kind.to_string().parse::<Layout>().unwrap(), kind);
    }
    assert!("a5".parse::<Layout>().is_err());
    assert_eq!(Layout::A4x4.per_page(), 4);
    assert_eq!(Layout::A4x4.page_size_mm(), (210.0, 297.0));
    // Four A6 badges fit the A4 sheet without overlapping.
    let (w, h) = Layout::A4x4.badge_size_mm();
    for &(x, y) in Layout::A4x4.slots_mm() {
        assert!(x + w <= 210.0 && y + h <= 297.0);
    }
}

/// Everything long at once on the smallest card: no text runs into the category band or off
/// the badge; what cannot fit even at the smallest size is left off (function first) and
/// reported, while the name, the native-script name and the delegation always print.
#[test]
fn an_extreme_delegate_never_runs_into_the_band_or_off_the_badge() {
    let long_delegation = Delegation {
        name_en: "United Kingdom of Great Britain and Northern Ireland Permanent Mission".into(),
        ..delegation()
    };
    let mut d = delegate(
        "H.E. Ambassador Prof. Dr.",
        "Maria del Carmen Esperanza Guadalupe",
        "Fernández de Córdoba y Figueroa-Villanueva de la Torre",
    );
    d.native_name = "Мария дель Кармен Эсперанса Гуадалупе Фернандес де Кордоба-и-Фигероа".into();
    d.function = "Deputy Head of Mission, Senior Adviser to the Special Representative and \
                  Co-ordinator for Combating Trafficking in Human Beings, Legal Affairs"
        .into();
    d.days = vec!["2015-07-06".into()];
    d.zones = vec!["PLENARY".into(), "BILATERAL".into()];
    let img = image::RgbImage::from_pixel(300, 400, image::Rgb([90, 90, 90]));
    let mut jpeg = Vec::new();
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut jpeg))
        .unwrap();
    let event = default_event();
    for photo in [None, Some(jpeg)] {
        d.photo = photo;
        for kind in Layout::ALL {
            let b = badge_layout(&event, &d, Some(&long_delegation), &payload(), kind, Fonts::get()).unwrap();
            check_geometry(&b);
            let band = b
                .items
                .iter()
                .find_map(|i| match i {
                    Item::Rect(r) => Some(r.clone()),
                    _ => None,
                })
                .unwrap();
            let (w, h) = b.size_mm;
            for t in b.lines(Field::Category) {
                let (x0, y0, x1, y1) = text_box(t);
                assert!(y0 >= band.y_mm && y1 <= band.y_mm + band.h_mm && x0 >= 0.0 && x1 <= w);
            }
            for i in &b.items {
                let Item::Text(t) = i else { continue };
                if t.field == Field::Category {
                    continue;
                }
                let (x0, y0, x1, y1) = text_box(t);
                assert!(
                    x0 >= 0.0 && y0 >= 0.0 && x1 <= w && y1 <= h,
                    "{kind}: {:?} leaves the badge",
                    t.text()
                );
                assert!(
                    y1 <= band.y_mm + 0.01,
                    "{kind}: {:?} runs into the band at {} mm (bottom {y1} mm)",
                    t.text(),
                    band.y_mm
                );
            }
            // The whole name, the native-script name and the delegation are there.
            let joined = |f: Field| {
                b.lines(f)
                    .iter()
                    .map(|l| l.text())
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace("- ", "-")
            };
            assert_eq!(joined(Field::Name), d.display_name(), "{kind}");
            assert_eq!(joined(Field::NativeName), d.native_name, "{kind}");
            assert_eq!(joined(Field::Delegation), long_delegation.name_en, "{kind}");
            // Every details line is either printed in full or reported as left off for room.
            for (field, text) in [
                (Field::Function, d.function.clone()),
                (Field::Days, "Days: Monday 6 July 2015".to_string()),
                (Field::Zones, "Zones: PLENARY, BILATERAL".to_string()),
            ] {
                let printed = joined(field);
                let reported = b
                    .unprintable
                    .iter()
                    .any(|u| u.field == field && u.reason == Reason::NoRoom && u.left_off && u.text == text);
                assert!(
                    (printed == text) != reported,
                    "{kind}: {field:?} printed {printed:?}, reported {reported}"
                );
            }
            // No line that may be left off is printed below the floor (5 pt card, 7 pt A6); the
            // native-script name and the delegation may be shrunk further to fit the width.
            let floor = if kind == Layout::Cr80 { 5.0 } else { 7.0 };
            for f in [Field::Function, Field::Days, Field::Zones] {
                for l in b.lines(f) {
                    assert!(
                        l.size_pt >= floor - 0.05,
                        "{kind}: {:?} at {} pt",
                        l.text(),
                        l.size_pt
                    );
                }
            }
        }
        // On the card, the function is the line that gives way, and the warning says so.
        let card = badge_layout(
            &event,
            &d,
            Some(&long_delegation),
            &payload(),
            Layout::Cr80,
            Fonts::get(),
        )
        .unwrap();
        let left: Vec<Field> = card
            .unprintable
            .iter()
            .filter(|u| u.reason == Reason::NoRoom)
            .map(|u| u.field)
            .collect();
        assert_eq!(left.first(), Some(&Field::Function), "{left:?}");
        let message = card.unprintable[0].to_string();
        assert!(
            message.starts_with("function \"Deputy Head of Mission")
                && message.ends_with(
                    "does not fit the badge even at the smallest size; that line is left off the badge"
                ),
            "{message}"
        );
    }
}
