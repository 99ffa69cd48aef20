//! The list of participants: accredited delegates grouped by delegation in protocol order
//! (participating States, Partners for Co-operation, organizations; alphabetical in English or
//! French), as an A4 PDF with the event title and page numbers, or as CSV.

use std::io::Write;
use std::path::Path;

use super::BadgeError;
use super::fonts::{Fonts, MM_PER_PT, Shaped};
use super::pdf::PdfSheets;
use crate::Registry;
use crate::io_error::IoError;
use crate::registry::{Delegate, Delegation, DelegationKind, NameOrder, Status};

/// One delegation and its accredited members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The delegation.
    pub delegation: Delegation,
    /// Its accredited delegates: by category in the event's order (heads of delegation
    /// first), then family and given name.
    pub members: Vec<Delegate>,
}

/// What a participants list contains.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParticipantsReport {
    /// Delegations listed.
    pub delegations: usize,
    /// Persons listed.
    pub persons: usize,
    /// Pages (PDF only).
    pub pages: usize,
    /// Strings printed without characters no bundled font covers (PDF only).
    pub warnings: Vec<String>,
}

/// "Title Given FAMILY, function".
pub fn person_line(d: &Delegate) -> String {
    let name = d.display_name();
    let function = d.function.trim();
    if function.is_empty() {
        name
    } else {
        format!("{name}, {function}")
    }
}

/// The delegations with accredited delegates, in protocol order.
pub fn groups(reg: &Registry, order: NameOrder) -> Result<Vec<Group>, BadgeError> {
    let event = reg.event()?;
    let cat_rank = |code: &str| {
        event
            .categories
            .iter()
            .position(|c| c.code == code)
            .unwrap_or(usize::MAX)
    };
    let mut by_delegation: std::collections::HashMap<String, Vec<Delegate>> = Default::default();
    for d in reg.delegates()? {
        if d.status == Status::Accredited {
            by_delegation.entry(d.delegation.clone()).or_default().push(d);
        }
    }
    let mut out = Vec::new();
    for delegation in reg.delegations(order)? {
        if let Some(mut members) = by_delegation.remove(&delegation.code) {
            members.sort_by_cached_key(|d| {
                (
                    cat_rank(&d.category),
                    crate::text::fold(&d.family_name),
                    crate::text::fold(&d.given_name),
                    d.id,
                )
            });
            out.push(Group { delegation, members });
        }
    }
    Ok(out)
}

fn section_heading(kind: DelegationKind, order: NameOrder) -> String {
    kind.heading_in(order)
}

/// Writes the list as CSV: `section,delegation_code,delegation,title,given_name,family_name,
/// name,function,category`, one row per person, in protocol order.
pub fn write_csv(reg: &Registry, order: NameOrder, w: impl Write) -> Result<ParticipantsReport, BadgeError> {
    let groups = groups(reg, order)?;
    let csv_err = |e: csv::Error| BadgeError::Csv(e.to_string());
    let mut wr = csv::Writer::from_writer(w);
    wr.write_record([
        "section",
        "delegation_code",
        "delegation",
        "title",
        "given_name",
        "family_name",
        "name",
        "function",
        "category",
    ])
    .map_err(csv_err)?;
    let mut report = ParticipantsReport::default();
    for g in &groups {
        report.delegations += 1;
        for d in &g.members {
            report.persons += 1;
            let row = [
                section_heading(g.delegation.kind, order),
                g.delegation.code.clone(),
                g.delegation.name(order).to_string(),
                d.title.clone(),
                d.given_name.clone(),
                d.family_name.clone(),
                d.display_name(),
                d.function.clone(),
                d.category.clone(),
            ];
            wr.write_record(row.iter().map(|c| crate::csv_io::neutralise(c).into_owned()))
                .map_err(csv_err)?;
        }
    }
    wr.flush().map_err(|e| BadgeError::Csv(e.to_string()))?;
    Ok(report)
}

const PAGE: (f32, f32) = (210.0, 297.0);
const MARGIN: f32 = 20.0;
const BODY_TOP: f32 = 36.0;
const BODY_BOTTOM: f32 = 297.0 - 22.0;

/// A line of the list before pagination.
struct Line {
    shaped: Shaped,
    size: f32,
    bold: bool,
    indent: f32,
    /// Space above, mm.
    before: f32,
    /// Keep with the next line (headings).
    keep_next: bool,
}

fn height(l: &Line) -> f32 {
    l.before + super::layout::LINE_HEIGHT * l.size * MM_PER_PT
}

/// Greedy word wrap of `text` to `width` mm at `size` pt.
fn wrap(fonts: &Fonts, text: &str, bold: bool, size: f32, width: f32) -> Vec<Shaped> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if !current.is_empty() && fonts.measure_mm(&candidate, bold, size) > width {
            lines.push(fonts.shape_lossy(&current, bold));
            current = word.to_string();
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        lines.push(fonts.shape_lossy(&current, bold));
    }
    lines
}

/// One entry of a printed list ([`write_list_pdf`]): a section heading, a group heading
/// (a delegation) or one person's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListItem {
    /// A section heading ("Participating States").
    Section(String),
    /// A group heading (a delegation's name).
    Group(String),
    /// One person's line.
    Person(String),
}

/// Writes the list as an A4 PDF: event title on every page, section and delegation headings,
/// one person per line ("Title Given FAMILY, function", wrapped), "Page n of N" at the foot.
pub fn write_pdf(
    reg: &Registry,
    order: NameOrder,
    w: &mut impl Write,
) -> Result<ParticipantsReport, BadgeError> {
    let event = reg.event()?;
    let groups = groups(reg, order)?;
    let mut items = Vec::new();
    let mut section = None;
    for g in &groups {
        if section != Some(g.delegation.kind) {
            section = Some(g.delegation.kind);
            items.push(ListItem::Section(section_heading(g.delegation.kind, order)));
        }
        items.push(ListItem::Group(g.delegation.name(order).to_string()));
        items.extend(g.members.iter().map(|d| ListItem::Person(person_line(d))));
    }
    let sub_text = crate::i18n::tr_in(order, "list-of-participants", &[]);
    write_list_pdf(&event.title, &sub_text, order, &items, w)
}

/// Writes a list of people as an A4 PDF, the way the list of participants looks: `title`
/// and `subtitle` on every page, headings kept with what follows, long lines wrapped,
/// "Page n of N" (in `order`'s language) at the foot. Also used by the evacuation roll.
pub fn write_list_pdf(
    title: &str,
    sub_text: &str,
    order: NameOrder,
    items: &[ListItem],
    w: &mut impl Write,
) -> Result<ParticipantsReport, BadgeError> {
    let fonts = Fonts::get();
    let width = PAGE.0 - 2.0 * MARGIN;
    let mut report = ParticipantsReport::default();
    let check = |text: &str, bold: bool, report: &mut ParticipantsReport| {
        let missing = fonts.missing(text, bold);
        if !missing.is_empty() {
            report.warnings.push(format!(
                "{text:?} printed without characters no bundled font covers: {}",
                missing.iter().collect::<String>()
            ));
        }
    };

    let mut lines: Vec<Line> = Vec::new();
    for item in items {
        match item {
            ListItem::Section(heading) => lines.push(Line {
                shaped: fonts.shape_lossy(heading, true),
                size: 13.0,
                bold: true,
                indent: 0.0,
                before: if lines.is_empty() { 0.0 } else { 6.0 },
                keep_next: true,
            }),
            ListItem::Group(name) => {
                report.delegations += 1;
                check(name, true, &mut report);
                for (i, s) in wrap(fonts, name, true, 11.0, width).into_iter().enumerate() {
                    lines.push(Line {
                        shaped: s,
                        size: 11.0,
                        bold: true,
                        indent: 0.0,
                        before: if i == 0 { 3.0 } else { 0.0 },
                        keep_next: true,
                    });
                }
            }
            ListItem::Person(text) => {
                report.persons += 1;
                check(text, false, &mut report);
                for (i, s) in wrap(fonts, text, false, 10.0, width - 6.0)
                    .into_iter()
                    .enumerate()
                {
                    lines.push(Line {
                        shaped: s,
                        size: 10.0,
                        bold: false,
                        indent: if i == 0 { 4.0 } else { 8.0 },
                        before: if i == 0 { 0.6 } else { 0.0 },
                        keep_next: false,
                    });
                }
            }
        }
    }

    // Paginate: a heading never ends a page.
    let mut pages: Vec<Vec<(usize, f32)>> = vec![Vec::new()];
    let mut y = BODY_TOP;
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        let mut need = 0.0;
        while j < lines.len() {
            need += height(&lines[j]);
            if !lines[j].keep_next {
                break;
            }
            j += 1;
        }
        let page_empty = pages.last().is_none_or(|p| p.is_empty());
        if y + need > BODY_BOTTOM && !page_empty {
            pages.push(Vec::new());
            y = BODY_TOP;
        }
        let before = if pages.last().is_none_or(|p| p.is_empty()) {
            0.0
        } else {
            lines[i].before
        };
        y += before;
        let baseline = y + super::layout::BASELINE * lines[i].size * MM_PER_PT;
        if let Some(p) = pages.last_mut() {
            p.push((i, baseline));
        }
        y += height(&lines[i]) - lines[i].before;
        i += 1;
    }

    let n = pages.len();
    let doc_title = format!("{title} - {sub_text}");
    let title = fonts.shape_lossy(title, true);
    let title_size = (14.0_f32).min(width / title.width_per_pt_mm().max(0.01));
    let subtitle = fonts.shape_lossy(sub_text, false);
    let grey = [0x55, 0x55, 0x55];
    let mut pdf = PdfSheets::new(&doc_title, PAGE);
    for (p, page) in pages.iter().enumerate() {
        pdf.new_page();
        let centre = |s: &Shaped, size: f32| MARGIN + (width - s.width_mm(size)) / 2.0;
        pdf.text(
            centre(&title, title_size),
            20.0,
            title_size,
            [0, 0, 0],
            &title.spans,
        );
        pdf.text(centre(&subtitle, 11.0), 27.0, 11.0, grey, &subtitle.spans);
        pdf.rect(MARGIN, 30.5, width, 0.3, grey);
        for &(i, baseline) in page {
            let l = &lines[i];
            let colour = if l.bold { [0, 0, 0] } else { [0x22, 0x22, 0x22] };
            pdf.text(MARGIN + l.indent, baseline, l.size, colour, &l.shaped.spans);
        }
        let foot = crate::i18n::tr_in(
            order,
            "list-page",
            &[("page", (p + 1).into()), ("pages", n.into())],
        );
        let foot = fonts.shape_lossy(&foot, false);
        pdf.text(centre(&foot, 9.0), PAGE.1 - 12.0, 9.0, grey, &foot.spans);
    }
    report.pages = n;
    pdf.write(w)?;
    Ok(report)
}

/// Writes `out` (`.pdf` or `.csv`) through a temporary file in the same folder, synced and
/// renamed: a failure leaves no file.
pub fn write_file(reg: &Registry, order: NameOrder, out: &Path) -> Result<ParticipantsReport, BadgeError> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let display = out.display().to_string();
    if ext != "pdf" && ext != "csv" {
        return Err(IoError {
            action: "the output must end in .pdf or .csv",
            error: std::io::Error::from(std::io::ErrorKind::InvalidInput),
            path: display,
        }
        .into());
    }
    crate::atomic_file::write(
        out,
        |action, error| {
            IoError {
                action,
                error,
                path: display.clone(),
            }
            .into()
        },
        |mut w| {
            if ext == "pdf" {
                write_pdf(reg, order, &mut w)
            } else {
                write_csv(reg, order, w)
            }
        },
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::csv_io::{neutralise, unneutralise};

    #[test]
    fn the_csv_list_is_neutralised_as_the_export_is() {
        let mut reg = Registry::open_in_memory().unwrap();
        let values = ["'=already quoted", "=SUM(A1)", "'plain", "-5", "Counsellor"];
        for (i, f) in values.iter().enumerate() {
            let d = Delegate {
                delegation: "AT".into(),
                family_name: format!("Person{i}"),
                category: "DEL".into(),
                function: (*f).into(),
                status: Status::Accredited,
                ..Default::default()
            };
            reg.add_delegate(&d).unwrap();
        }
        let mut out = Vec::new();
        write_csv(&reg, NameOrder::En, &mut out).unwrap();
        let mut rdr = csv::Reader::from_reader(out.as_slice());
        let mut functions: Vec<String> = rdr.records().map(|r| r.unwrap()[7].to_string()).collect();
        functions.sort();
        let mut expected: Vec<String> = values.iter().map(|v| neutralise(v).into_owned()).collect();
        expected.sort();
        assert_eq!(functions, expected);
        assert!(functions.contains(&"''=already quoted".to_string()));
        assert!(functions.iter().all(|f| values.contains(&unneutralise(f))));
    }
}
