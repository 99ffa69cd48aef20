//! The nomination workbook a delegation's focal point fills in (`accredit nominations
//! workbook`), written with `rust_xlsxwriter`:
//!
//! - `instructions` (first sheet): the event, the delegation, the deadline, the quotas and
//!   how to fill the workbook, in English and French;
//! - `nominations`: a header row with the import's column names ([`columns`]), then one row
//!   per person; `event`, `delegation` and `external_id` are filled in and locked (the sheet
//!   is protected, only the entry cells are unlocked); drop-down lists for title, category,
//!   days and zones;
//! - `lists` (hidden): the values of the drop-down lists;
//! - `accredit_identity` (hidden, protected): event, delegation, serial and the event key's
//!   signature of them ([`crate::registry::nominations`]).
//!
//! Reading a returned workbook is [`super::nomination`].

use std::path::Path;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, Formula, Workbook, Worksheet, XlsxError,
};

use super::excel::{extension, workbook_error};
use super::{CsvError, IMPORT_COLUMNS};
use crate::io_error::IoError;
use crate::registry::nominations::{self, WorkbookIdentity};
use crate::registry::{Delegation, Event, Registry, RegistryError, fields, validate};

/// The sheet the nominations are on.
pub const NOMINATIONS_SHEET: &str = "nominations";
/// The hidden sheet holding the workbook's identity.
pub const IDENTITY_SHEET: &str = "accredit_identity";
/// The format written in the identity sheet's first row.
pub const IDENTITY_FORMAT: &str = "accredit-nomination-workbook/1";
/// The columns filled in by accredit and locked.
pub const LOCKED_COLUMNS: [&str; 3] = ["event", "delegation", "external_id"];

/// The nominations sheet's columns, in order: `event` (checked, not imported), then every
/// field the delegate's field table ([`fields::FIELDS`]) gives a column of the import
/// that the import reads (today's columns and the person's record: gender, nationality,
/// birth date, identity document, vehicle; not the status, which the quotas decide), but
/// `photo` (a path that means nothing in a returned workbook). The
/// one place that decides them: a field added to the table is a column here.
pub fn columns() -> Vec<&'static str> {
    let mut out = vec!["event"];
    out.extend(
        fields::FIELDS
            .iter()
            .filter(|f| {
                f.csv == fields::Csv::Column
                    && IMPORT_COLUMNS.contains(&f.name)
                    && f.field != fields::Field::Photo
            })
            .map(|f| f.name),
    );
    out
}

/// Courtesy titles offered in the `title` drop-down (another title may be typed).
const TITLES: [&str; 10] = [
    "H.E. Mr.", "H.E. Ms.", "H.E. Dr.", "Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Amb.", "Rev.",
];

/// The external id of row slot `row` (1-based) of a workbook: `N<serial>-<delegation>-<row>`,
/// so that a re-sent workbook updates the same people.
pub fn slot_id(identity: &WorkbookIdentity, row: u32) -> String {
    format!("N{}-{}-{row:03}", identity.serial, identity.delegation)
}

/// How many person rows a workbook has: twice the quotas, at least 30.
fn slots(quotas: &[(String, u32)]) -> u32 {
    let sum: u32 = quotas.iter().map(|(_, n)| *n).sum();
    sum.saturating_mul(2).clamp(30, 500)
}

/// Writes a new nomination workbook for one delegation to `path` (`.xlsx`), atomically;
/// the serial is issued in the same transaction, so nothing is recorded when the file
/// cannot be written. Returns its identity.
pub fn write_workbook(
    reg: &mut Registry,
    delegation: &str,
    path: &Path,
) -> Result<WorkbookIdentity, CsvError> {
    let code = delegation.trim().to_ascii_uppercase();
    let Some(del) = crate::registry::delegates::delegation(reg.conn(), &code)? else {
        return Err(RegistryError::Invalid {
            field: "delegation".into(),
            message: format!("{code:?} is not a delegation of the registry (see `accredit registry list`)"),
        }
        .into());
    };
    let written = write_many(reg, &[(del, path.to_path_buf())])?;
    written
        .into_iter()
        .next()
        .ok_or(CsvError::WorkerStopped("the workbook writer"))
}

/// Writes one workbook per (delegation, path), each atomically, with their serials issued in
/// one transaction that is committed only when every file is written.
pub fn write_many(
    reg: &mut Registry,
    books: &[(Delegation, std::path::PathBuf)],
) -> Result<Vec<WorkbookIdentity>, CsvError> {
    for (_, path) in books {
        if extension(path).as_deref() != Some("xlsx") {
            return Err(workbook_error(
                path,
                "a nomination workbook is written as .xlsx; name the file with .xlsx",
            ));
        }
    }
    let ev = reg.event()?;
    let settings = nominations::settings(reg.conn())?;
    let all = nominations::quotas(reg.conn())?;
    let operator = reg.operator().to_string();
    let tx = reg
        .conn_mut()
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut out = Vec::new();
    let mut written: Vec<&Path> = Vec::new();
    let result = (|| -> Result<(), CsvError> {
        for (del, path) in books {
            let (identity, signature) = nominations::issue_workbook(&tx, &operator, &del.code)?;
            let quotas = nominations::quotas_for(&all, &del.code, del.kind);
            let book = Book {
                ev: &ev,
                del,
                deadline: &settings.deadline,
                approval: settings.approval,
                quotas: &quotas,
                identity: &identity,
                signature: &signature,
            };
            crate::atomic_file::write(
                path,
                |action, error| IoError::new(action, path, error).into(),
                |w| {
                    let bytes = book
                        .bytes()
                        .map_err(|e| workbook_error(path, format!("cannot write the workbook ({e})")))?;
                    w.write_all(&bytes).map_err(CsvError::Write)
                },
            )?;
            written.push(path);
            out.push(identity);
        }
        Ok(())
    })();
    // A workbook whose serial is not recorded would be refused when it comes back: on any
    // failure the serials are rolled back and the workbooks already written removed.
    if let Err(e) = result.and_then(|()| tx.commit().map_err(CsvError::from)) {
        for path in written {
            let _ = std::fs::remove_file(path);
        }
        return Err(e);
    }
    Ok(out)
}

/// What one workbook shows.
struct Book<'a> {
    ev: &'a Event,
    del: &'a Delegation,
    deadline: &'a str,
    approval: bool,
    quotas: &'a [(String, u32)],
    identity: &'a WorkbookIdentity,
    signature: &'a str,
}

impl Book<'_> {
    fn bytes(&self) -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        self.instructions(wb.add_worksheet())?;
        let lists = Lists::of(self.ev);
        self.nominations(wb.add_worksheet(), &lists)?;
        lists.sheet(wb.add_worksheet())?;
        self.identity_sheet(wb.add_worksheet())?;
        wb.save_to_buffer()
    }

    fn instructions(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_name("instructions")?;
        ws.set_column_width(0, 60)?;
        ws.set_column_width(1, 60)?;
        let bold = Format::new().set_bold();
        let wrap = Format::new().set_text_wrap();
        let title = Format::new().set_bold().set_font_size(14);
        let ev = self.ev;
        let del = self.del;
        let deadline_en = if self.deadline.is_empty() {
            "as soon as possible".to_string()
        } else {
            self.deadline.to_string()
        };
        let deadline_fr = if self.deadline.is_empty() {
            "dès que possible".to_string()
        } else {
            self.deadline.to_string()
        };
        let days: Vec<&str> = ev.days.iter().map(|d| d.date.as_str()).collect();
        let within_en = if self.approval {
            "within quota: pending until the protocol team approves"
        } else {
            "within quota: accredited"
        };
        let within_fr = if self.approval {
            "dans le quota : en attente de l'approbation du protocole"
        } else {
            "dans le quota : accrédité"
        };
        let rows: Vec<(String, String)> = vec![
            ("Nominations".into(), "Désignations".into()),
            (ev.title.clone(), ev.title.clone()),
            (
                format!("Delegation: {} ({})", del.name_en, del.code),
                format!("Délégation : {} ({})", del.name_fr, del.code),
            ),
            (
                format!("Event {} · days {}", ev.code, days.join(", ")),
                format!("Événement {} · jours {}", ev.code, days.join(", ")),
            ),
            (
                format!("Please return this workbook by {deadline_en}."),
                format!("Merci de renvoyer ce classeur avant le {deadline_fr}."),
            ),
            (String::new(), String::new()),
            ("How to fill it in".into(), "Comment le remplir".into()),
            (
                "1. On the sheet \"nominations\", write one person per row: family_name is required; the other columns as far as you know them.".into(),
                "1. Dans la feuille « nominations », une personne par ligne : family_name est obligatoire ; les autres colonnes si vous les connaissez.".into(),
            ),
            (
                "2. Choose title, category, days and zones from the drop-down lists. Empty days: every day of the event; empty zones: those of the category.".into(),
                "2. Choisissez title, category, days et zones dans les listes. days vide : tous les jours ; zones vide : celles de la catégorie.".into(),
            ),
            (
                "3. The grey columns (event, delegation, external_id) are filled in for you and locked: do not change them, and do not add, remove or rename columns or sheets.".into(),
                "3. Les colonnes grises (event, delegation, external_id) sont remplies et verrouillées : ne les modifiez pas ; n'ajoutez, ne supprimez ni ne renommez aucune colonne ni feuille.".into(),
            ),
            (
                "4. This workbook is for your delegation only. To change a nomination later, change its row and send the same workbook again.".into(),
                "4. Ce classeur est réservé à votre délégation. Pour modifier une désignation, modifiez sa ligne et renvoyez le même classeur.".into(),
            ),
            (
                format!("5. Nominations beyond the quota below come in as pending, for the protocol team to decide; {within_en}."),
                format!("5. Les désignations au-delà du quota ci-dessous restent en attente de la décision du protocole ; {within_fr}."),
            ),
            (String::new(), String::new()),
            ("Quotas (category: persons)".into(), "Quotas (catégorie : personnes)".into()),
        ];
        let mut r = 0u32;
        for (i, (en, fr)) in rows.iter().enumerate() {
            let f = match i {
                0 => &title,
                1 | 6 | 13 => &bold,
                _ => &wrap,
            };
            ws.write_string_with_format(r, 0, en, f)?;
            ws.write_string_with_format(r, 1, fr, f)?;
            r += 1;
        }
        if self.quotas.is_empty() {
            ws.write_string(r, 0, "No quota applies.")?;
            ws.write_string(r, 1, "Aucun quota ne s'applique.")?;
        }
        for (category, n) in self.quotas {
            let label = ev.category(category).map_or("", |c| c.label.as_str());
            ws.write_string(r, 0, format!("{category} ({label}): {n}"))?;
            ws.write_string(r, 1, format!("{category} ({label}) : {n}"))?;
            r += 1;
        }
        ws.protect();
        ws.set_active(true);
        Ok(())
    }

    fn nominations(&self, ws: &mut Worksheet, lists: &Lists) -> Result<(), XlsxError> {
        ws.set_name(NOMINATIONS_SHEET)?;
        let cols = columns();
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xD9D9D9));
        let locked = Format::new().set_background_color(Color::RGB(0xEDEDED));
        let entry = Format::new().set_unlocked();
        let slots = slots(self.quotas);
        for (j, name) in cols.iter().enumerate() {
            let j = j as u16;
            ws.write_string_with_format(0, j, *name, &header)?;
            let width = match *name {
                "family_name" | "given_name" | "native_name" | "email" | "external_id" => 22,
                "id_type" | "id_number" | "vehicle_plate" | "birth_date" | "id_expiry" => 16,
                "function" => 30,
                "days" | "zones" => 26,
                _ => 12,
            };
            ws.set_column_width(j, width)?;
            for r in 1..=slots {
                match *name {
                    "event" => ws.write_string_with_format(r, j, &self.identity.event, &locked)?,
                    "delegation" => ws.write_string_with_format(r, j, &self.identity.delegation, &locked)?,
                    "external_id" => ws.write_string_with_format(r, j, slot_id(self.identity, r), &locked)?,
                    _ => ws.write_blank(r, j, &entry)?,
                };
            }
            if let Some(list) = lists.column(name) {
                ws.add_data_validation(1, j, slots, j, &list)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.protect();
        Ok(())
    }

    fn identity_sheet(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_name(IDENTITY_SHEET)?;
        let rows = [
            ("format", IDENTITY_FORMAT.to_string()),
            ("event", self.identity.event.clone()),
            ("delegation", self.identity.delegation.clone()),
            ("serial", self.identity.serial.to_string()),
            ("signature", self.signature.to_string()),
        ];
        for (i, (k, v)) in rows.iter().enumerate() {
            ws.write_string(i as u32, 0, *k)?;
            ws.write_string(i as u32, 1, v)?;
        }
        ws.set_hidden(true);
        ws.protect();
        Ok(())
    }
}

/// The values of the drop-down lists, one column each on the hidden `lists` sheet.
struct Lists {
    columns: Vec<(&'static str, Vec<String>, bool)>,
}

impl Lists {
    fn of(ev: &Event) -> Self {
        let days: Vec<String> = ev.days.iter().map(|d| d.date.clone()).collect();
        let zones: Vec<String> = ev.zones.iter().map(|z| z.code.clone()).collect();
        let (day_list, days_closed) = combinations(&days);
        let (zone_list, zones_closed) = combinations(&zones);
        let countries: Vec<String> = validate::COUNTRIES_CSV
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .map(|c| c.trim().to_string())
            .filter(|c| c.len() == 2)
            .collect();
        let mut lists = vec![
            ("title", TITLES.iter().map(|t| t.to_string()).collect(), false),
            (
                "category",
                ev.categories.iter().map(|c| c.code.clone()).collect(),
                true,
            ),
            ("days", day_list, days_closed),
            ("zones", zone_list, zones_closed),
            ("gender", ["F", "M", "X"].map(String::from).to_vec(), true),
            ("id_type", validate::ID_TYPES.map(String::from).to_vec(), true),
            ("nationality", countries.clone(), true),
            ("id_country", countries, true),
        ];
        // Only the lists of columns the sheet has.
        let cols = columns();
        lists.retain(|(name, _, _)| cols.contains(name));
        Self { columns: lists }
    }

    /// The data validation of a column, if it has a list: the list's cells on `lists`; a
    /// closed list refuses other values, an open one (titles, many days) only informs.
    fn column(&self, name: &str) -> Option<DataValidation> {
        let (j, (_, values, closed)) = self
            .columns
            .iter()
            .enumerate()
            .find(|(_, (n, _, _))| *n == name)?;
        let letter = super::excel::column_letters(j);
        let formula = format!("=lists!${letter}$2:${letter}${}", values.len() + 1);
        let style = if *closed {
            DataValidationErrorStyle::Stop
        } else {
            DataValidationErrorStyle::Information
        };
        Some(
            DataValidation::new()
                .allow_list_formula(Formula::new(formula))
                .ignore_blank(true)
                .set_error_style(style),
        )
    }

    fn sheet(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_name("lists")?;
        for (j, (name, values, _)) in self.columns.iter().enumerate() {
            ws.write_string(0, j as u16, *name)?;
            for (i, v) in values.iter().enumerate() {
                ws.write_string(i as u32 + 1, j as u16, v)?;
            }
        }
        ws.set_hidden(true);
        ws.protect();
        Ok(())
    }
}

/// The choices of a `;`-list cell: every combination (in order) when there are at most four
/// items (a closed list), else the single items (an open list: combinations are typed).
fn combinations(items: &[String]) -> (Vec<String>, bool) {
    if items.len() > 4 {
        return (items.to_vec(), false);
    }
    let mut out = Vec::new();
    for mask in 1u32..(1 << items.len()) {
        let pick: Vec<&str> = items
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, s)| s.as_str())
            .collect();
        out.push(pick.join(";"));
    }
    out.sort_by_key(|s| (s.matches(';').count(), s.clone()));
    (out, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_of_few_items_are_closed() {
        let (all, closed) = combinations(&["A".into(), "B".into()]);
        assert!(closed);
        assert_eq!(all, vec!["A", "B", "A;B"]);
        let many: Vec<String> = (0..5).map(|i| i.to_string()).collect();
        assert_eq!(combinations(&many), (many.clone(), false));
    }

    #[test]
    fn columns_are_the_imports_without_photo() {
        for f in [
            "gender",
            "nationality",
            "birth_date",
            "id_type",
            "id_number",
            "id_country",
            "id_expiry",
            "vehicle_plate",
        ] {
            assert!(columns().contains(&f), "{f}");
        }
        let c = columns();
        assert_eq!(c[0], "event");
        assert!(c.contains(&"family_name") && c.contains(&"external_id"));
        assert!(!c.contains(&"photo"));
        assert!(c.iter().skip(1).all(|c| IMPORT_COLUMNS.contains(c)));
    }
}
