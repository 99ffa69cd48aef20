//! The delegates the designer previews: the selected one (loaded with photo and delegation by
//! [`super::DesignCommand::Load`]) and a worst case (the longest name the template check asks
//! a name box to hold, a Georgian native name, a photo, a long function, restricted days and
//! zones, the longest pass). Both are laid out by the same core call as printing
//! ([`crate::badge::badge_sides`]); only the pass is signed with a preview key, which gives a
//! QR code of the same size (the printed one is signed with the event key).

use std::sync::OnceLock;

use crate::badge::fonts::Fonts;
use crate::badge::template_check::LONG_NAME;
use crate::badge::{Emblem, Layout, Sides, badge_sides};
use crate::registry::{Delegate, Delegation, Event, Status};

/// What the designer draws from, besides the template.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The event's emblem.
    pub emblem: Option<Emblem>,
    /// The selected delegate (with photo), if one was selected.
    pub delegate: Option<Delegate>,
    /// Its delegation.
    pub delegation: Option<Delegation>,
}

/// A JPEG photo for the worst case (3:4, made once).
fn sample_photo() -> Vec<u8> {
    static PHOTO: OnceLock<Vec<u8>> = OnceLock::new();
    PHOTO
        .get_or_init(|| {
            let img = image::RgbImage::from_fn(150, 200, |x, y| {
                let face = ((x as i32 - 75).pow(2) + (y as i32 - 80).pow(2)) < 45 * 45;
                if face {
                    image::Rgb([224, 188, 160])
                } else {
                    image::Rgb([90, 110, (y / 2) as u8 + 60])
                }
            });
            let mut out = Vec::new();
            let _ = img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80));
            out
        })
        .clone()
}

/// The worst case: long name, Georgian native name, photo, long function, the first day only,
/// one zone.
pub fn worst_case(event: &Event) -> (Delegate, Delegation) {
    // "H.E. Ms. Maria-Magdalena KOWALCZYK-WIŚNIEWSKA" as title, given and family name.
    let mut parts = LONG_NAME.splitn(3, ' ');
    let t1 = parts.next().unwrap_or_default();
    let t2 = parts.next().unwrap_or_default();
    let rest = parts.next().unwrap_or_default();
    let (given, family) = rest.split_once(' ').unwrap_or((rest, rest));
    let category = event
        .categories
        .iter()
        .max_by_key(|c| c.label.chars().count())
        .map(|c| c.code.clone())
        .unwrap_or_default();
    let d = Delegate {
        id: 99_999,
        delegation: "GE".into(),
        title: format!("{t1} {t2}"),
        given_name: given.into(),
        family_name: family.into(),
        native_name: "ნინო ბერიძე-მამარდაშვილი".into(),
        function:
            "Deputy Head of the Department for Migration, Asylum and Combating Trafficking in Human Beings"
                .into(),
        category,
        days: event
            .days
            .first()
            .map(|d| vec![d.date.clone()])
            .unwrap_or_default(),
        zones: event
            .zones
            .first()
            .map(|z| vec![z.code.clone()])
            .unwrap_or_default(),
        photo: Some(sample_photo()),
        status: Status::Accredited,
        badge_version: 99,
        ..Default::default()
    };
    let delegation = Delegation {
        code: "GE".into(),
        kind: crate::registry::DelegationKind::ParticipatingState,
        group: String::new(),
        name_en: "The former Yugoslav Republic of Macedonia and Georgia (joint delegation)".into(),
        name_fr: String::new(),
        default_category: String::new(),
        name_de: String::new(),
        name_ru: String::new(),
        name_es: String::new(),
        name_it: String::new(),
    };
    (d, delegation)
}

/// A pass for the preview: the delegate's claims signed with a fixed preview key (same length
/// as the real one, so the same QR code size).
pub fn preview_pass(event: &Event, d: &Delegate) -> String {
    let key = ed25519_dalek::SigningKey::from_bytes(&[42; 32]);
    crate::pass::sign(&crate::pass::claims_for(event, d), &key).unwrap_or_default()
}

/// Both sides of a delegate's badge with `event`'s template.
pub fn lay_out(
    event: &Event,
    d: &Delegate,
    delegation: Option<&Delegation>,
    kind: Layout,
    emblem: Option<&Emblem>,
) -> Result<Sides, String> {
    let payload = preview_pass(event, d);
    badge_sides(event, d, delegation, &payload, kind, Fonts::get(), emblem)
        .map_err(|e| crate::gui::causes::chain(&e))
}
