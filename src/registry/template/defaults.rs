//! The default designs: today's badges (before templates existed), element by element.

use super::{Align, BoxMm, DetailLine, Element, Kind, LayoutTemplate};

const MID: &str = "#555555";
const DARK: &str = "#333333";

fn el(kind: Kind, rect: BoxMm) -> Element {
    Element {
        kind,
        rect,
        ..Default::default()
    }
}

fn text(kind: Kind, rect: BoxMm, font_pt: [f32; 2], lines: u8, bold: bool, colour: &str) -> Element {
    Element {
        font_pt,
        lines,
        bold,
        colour: colour.into(),
        ..el(kind, rect)
    }
}

fn line(field: Kind, min: f32, max: f32, lines: u8, bold: bool) -> DetailLine {
    DetailLine {
        field,
        font_pt: [min, max],
        lines,
        bold,
    }
}

impl LayoutTemplate {
    /// Today's ID-1 card: title, name, photo, details column, QR code, category band.
    pub fn cr80() -> Self {
        let (w, m) = (85.6, 3.0);
        let qr_side = 26.0;
        let qr_x = w - 0.5 - qr_side;
        let col_x = m + 18.0 + 2.5;
        let details = Element {
            align: Align::Left,
            colour: DARK.into(),
            box_without_photo: Some([m, 20.0, qr_x - 0.5 - m, 25.5]),
            fields: vec![
                line(Kind::NativeName, 7.0, 9.0, 2, false),
                line(Kind::Delegation, 6.5, 8.0, 2, true),
                line(Kind::Function, 6.0, 7.0, 2, false),
                line(Kind::Days, 5.5, 6.5, 1, false),
                line(Kind::Zones, 5.5, 6.5, 1, false),
            ],
            floor_pt: 5.0,
            gap_mm: 0.5,
            ..el(Kind::Details, [col_x, 20.0, qr_x - 0.5 - col_x, 25.5])
        };
        Self {
            margin_mm: 0.0,
            front: vec![
                Element {
                    colour: "category".into(),
                    ..el(Kind::Band, [0.0, 46.0, w, 8.0])
                },
                text(
                    Kind::Category,
                    [m, 46.8, w - 2.0 * m, 6.4],
                    [6.0, 11.0],
                    1,
                    true,
                    "auto",
                ),
                text(
                    Kind::EventTitle,
                    [m, 2.2, w - 2.0 * m, 5.0],
                    [5.0, 7.0],
                    2,
                    true,
                    MID,
                ),
                text(
                    Kind::Name,
                    [m, 7.4, w - 2.0 * m, 11.6],
                    [10.0, 15.0],
                    2,
                    true,
                    "#000000",
                ),
                el(Kind::Photo, [m, 20.0, 18.0, 24.0]),
                el(Kind::Qr, [qr_x, 19.5, qr_side, qr_side]),
                details,
                Element {
                    visible: false,
                    ..el(Kind::Emblem, [m, 20.0, 18.0, 18.0])
                },
            ],
            back: Vec::new(),
        }
    }

    /// Today's A6 badge (also each badge of `a4x4`).
    pub fn a6() -> Self {
        let (w, m) = (105.0, 7.0);
        let qr_side = 40.0;
        let details = Element {
            colour: DARK.into(),
            fields: vec![
                line(Kind::NativeName, 10.0, 15.0, 2, false),
                line(Kind::Delegation, 10.0, 14.0, 2, true),
                line(Kind::Function, 8.0, 11.0, 2, false),
                line(Kind::Days, 8.0, 10.0, 1, false),
                line(Kind::Zones, 8.0, 10.0, 1, false),
            ],
            floor_pt: 7.0,
            gap_mm: 1.5,
            ..el(Kind::Details, [m, 46.0, w - 2.0 * m, 41.0])
        };
        Self {
            margin_mm: 0.0,
            front: vec![
                Element {
                    colour: "category".into(),
                    ..el(Kind::Band, [0.0, 132.0, w, 16.0])
                },
                text(
                    Kind::Category,
                    [m, 133.6, w - 2.0 * m, 12.8],
                    [9.0, 18.0],
                    1,
                    true,
                    "auto",
                ),
                text(
                    Kind::EventTitle,
                    [m, 6.0, w - 2.0 * m, 13.0],
                    [8.0, 12.0],
                    2,
                    true,
                    MID,
                ),
                text(
                    Kind::Name,
                    [m, 21.5, w - 2.0 * m, 23.0],
                    [16.0, 26.0],
                    2,
                    true,
                    "#000000",
                ),
                el(Kind::Photo, [m, 89.0, 30.0, 40.0]),
                Element {
                    box_without_photo: Some([(w - qr_side) / 2.0, 89.0, qr_side, qr_side]),
                    ..el(Kind::Qr, [w - 5.0 - qr_side, 89.0, qr_side, qr_side])
                },
                details,
                Element {
                    visible: false,
                    ..el(Kind::Emblem, [m, 89.0, 30.0, 30.0])
                },
            ],
            back: Vec::new(),
        }
    }
}
