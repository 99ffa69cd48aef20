//! `accredit import delegates FILE.csv` (or `FILE.xlsx`, `.xls`, `.ods`): all or nothing.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accredit::csv_io::{self, CsvError};
use accredit::progress::NoProgress;

/// Arguments of `accredit import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Import delegates from CSV or a workbook (.xlsx, .xlsm, .xls, .ods: its first sheet).
    /// Every problem is reported as FILE:LINE: column NAME: message (FILE:SHEET!CELL: column
    /// NAME: message for a workbook) and then nothing is written (exit status 1).
    ///
    /// Columns (any order; delegation and family_name required): external_id, delegation,
    /// title, given_name, family_name, native_name, function, category, email, days, zones,
    /// photo, gender, nationality, birth_date, id_type, id_number, id_country, id_expiry,
    /// vehicle_plate; an export's id, status, badge_version are accepted too.
    Delegates {
        /// The CSV file (UTF-8; UTF-16 with BOM and Windows-1252 are read too, with a warning)
        /// or workbook (.xlsx, .xlsm, .xlsb, .xls, .ods).
        file: PathBuf,
    },
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let Sub::Delegates { file } = args.command;
    let mut reg = super::open(db)?;
    let warn = |encoding: csv_io::Encoding| {
        if let Some(w) = encoding.warning() {
            let _ = writeln!(std::io::stderr(), "accredit: warning: {}: {w}", file.display());
        }
    };
    match csv_io::import_file(&mut reg, &file, &NoProgress) {
        Ok(summary) => {
            warn(summary.encoding);
            for w in &summary.warnings {
                let _ = writeln!(std::io::stderr(), "{w}");
            }
            for note in &summary.notes {
                let _ = writeln!(std::io::stderr(), "{note}");
            }
            let mut out = std::io::stdout().lock();
            writeln!(out, "{summary}")?;
            // The cells both the file and the desk changed since the last import: the desk's
            // value was kept; say which.
            for c in accredit::registry::conflicts::list(reg.conn())?
                .iter()
                .filter(|c| c.kind == accredit::registry::conflicts::ConflictKind::Import)
            {
                writeln!(
                    out,
                    "conflict {}: delegate {} {}, column {}: the desk has {:?}, the file {:?}; the desk's value is kept \
                     (`accredit conflicts resolve {} --keep mine|theirs|VALUE`)",
                    c.number, c.serial, c.name, c.field, c.mine.value, c.theirs.value, c.number
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err @ CsvError::Rejected { .. }) => {
            if let CsvError::Rejected {
                issues,
                omitted,
                encoding,
                ..
            } = &err
            {
                warn(*encoding);
                let mut e = std::io::stderr().lock();
                for issue in issues {
                    writeln!(e, "{issue}")?;
                }
                if *omitted > 0 {
                    writeln!(
                        e,
                        "{}: and {omitted} more problem(s), not shown (fix the first ones, then import again)",
                        file.display()
                    )?;
                }
            }
            writeln!(std::io::stderr(), "accredit: error: {err}")?;
            Ok(ExitCode::FAILURE)
        }
        Err(err) => Err(err.into()),
    }
}
