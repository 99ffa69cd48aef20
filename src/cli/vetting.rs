//! `accredit vetting export --out FILE` and `accredit vetting import FILE`: the security
//! vetting loop (see `accredit::csv_io::vetting` and `accredit::registry::vetting`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accredit::csv_io::CsvError;
use accredit::csv_io::vetting::{export_vetting, read_vetting};

/// Arguments of `accredit vetting`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Write what the security service needs of every person waiting for a verdict
    /// (.csv or .xlsx): serial, names, date of birth, nationality, identity document, and
    /// the empty columns verdict and note.
    Export {
        /// The file to write (.xlsx: a workbook; anything else: CSV).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Read the file back with `verdict` filled in (cleared or refused; note optional): all
    /// or nothing, every problem as FILE:LINE: column NAME: message. A refusal of a printed
    /// badge withdraws it (reason "security vetting"); the doors answer REVOKED.
    Import {
        /// The vetting file (CSV or workbook).
        file: PathBuf,
    },
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut reg = super::open(db)?;
    match args.command {
        Sub::Export { out } => {
            let n = export_vetting(&reg, &out)?;
            writeln!(
                std::io::stderr(),
                "exported {n} people waiting for security vetting to {}",
                out.display()
            )?;
            if !accredit::registry::vetting::required(reg.conn())? {
                writeln!(
                    std::io::stderr(),
                    "note: the event does not require vetting yet; `accredit event set --vetting required` holds badges until cleared"
                )?;
            }
        }
        Sub::Import { file } => {
            let verdicts = match read_vetting(&reg, &file) {
                Ok(v) => v,
                Err(err @ CsvError::Rejected { .. }) => {
                    if let CsvError::Rejected { issues, omitted, .. } = &err {
                        let mut e = std::io::stderr().lock();
                        for issue in issues {
                            writeln!(e, "{issue}")?;
                        }
                        if *omitted > 0 {
                            writeln!(e, "{}: and {omitted} more problem(s), not shown", file.display())?;
                        }
                    }
                    writeln!(
                        std::io::stderr(),
                        "accredit: error: {err}; no verdict was applied"
                    )?;
                    return Ok(ExitCode::FAILURE);
                }
                Err(e) => return Err(e.into()),
            };
            let r = reg.apply_vetting(&verdicts)?;
            writeln!(
                std::io::stdout(),
                "cleared {}, refused {} ({} printed badges withdrawn), unchanged {}",
                r.cleared,
                r.refused,
                r.withdrawn,
                r.unchanged
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
