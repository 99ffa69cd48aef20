//! `accredit export delegates FILE.csv` (`-` = stdout) or `FILE.xlsx`. Other exports (check-ins) are further
//! variants of [`Sub`].

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accredit::csv_io;
use accredit::progress::NoProgress;
use anyhow::Context;

/// Arguments of `accredit export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

/// What to export.
#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Every delegate as CSV (or .xlsx when the file name ends so): the import columns plus
    /// id, status, badge_version. Spreadsheet-safe; importing the file back changes nothing.
    Delegates {
        /// The CSV or .xlsx file to write, or `-` for CSV on standard output.
        file: PathBuf,
        /// Also write the sensitive columns (birth_date, id_type, id_number, id_country,
        /// id_expiry), left out otherwise.
        #[arg(long)]
        include_sensitive: bool,
    },
    /// The door's scan log as CSV: every scan this database knows (merged stations included).
    Checkins {
        /// The CSV file to write, or `-` for standard output.
        file: PathBuf,
    },
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let reg = super::open(db)?;
    match args.command {
        Sub::Checkins { file } => export_checkins(&reg, &file)?,
        Sub::Delegates {
            file,
            include_sensitive,
        } => {
            if file.as_os_str() == "-" {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                csv_io::export_delegates_with(&reg, &mut out, &NoProgress, include_sensitive)?;
                out.flush()?;
            } else {
                let n = csv_io::export_file_with(&reg, &file, &NoProgress, include_sensitive)?;
                writeln!(std::io::stderr(), "exported {n} delegates to {}", file.display())?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `accredit export checkins FILE.csv` (`-` = standard output).
fn export_checkins(reg: &accredit::Registry, file: &Path) -> anyhow::Result<()> {
    if file.as_os_str() == "-" {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        accredit::checkin::export::write_csv(reg, &mut out)?;
        out.flush()?;
    } else {
        let n = accredit::checkin::export::write_csv_file(reg, file)
            .with_context(|| format!("cannot export to {}", file.display()))?;
        writeln!(std::io::stderr(), "exported {n} scans to {}", file.display())?;
    }
    Ok(())
}
