//! `accredit nominations workbook`: the workbook a delegation's focal point fills in and
//! sends back (read by `accredit import delegates`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accredit::csv_io::nomination_book;
use accredit::registry::NameOrder;
use anyhow::{Context, bail};

/// Arguments of `accredit nominations`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Write a nomination workbook (.xlsx) for one delegation (`--delegation CODE --out
    /// FILE.xlsx`) or for every delegation (`--all --out DIR`: one file per delegation, named
    /// NNN-CODE.xlsx in protocol order). Each carries its delegation, the event and a new
    /// serial, signed with the event key; the quotas, the deadline and instructions in
    /// English and French are on its first sheet.
    Workbook {
        /// The delegation's code (see `accredit registry list`).
        #[arg(
            long,
            value_name = "CODE",
            conflicts_with = "all",
            required_unless_present = "all"
        )]
        delegation: Option<String>,
        /// One workbook per delegation, in protocol order, into the folder `--out`.
        #[arg(long)]
        all: bool,
        /// The workbook (.xlsx), or the folder with `--all` (created if missing).
        #[arg(long, value_name = "FILE.xlsx|DIR")]
        out: PathBuf,
    },
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let Sub::Workbook { delegation, all, out } = args.command;
    let mut reg = super::open(db)?;
    let mut stdout = std::io::stdout().lock();
    if all {
        std::fs::create_dir_all(&out)
            .with_context(|| format!("cannot create the folder {}", out.display()))?;
        let books: Vec<_> = reg
            .delegations(NameOrder::En)?
            .into_iter()
            .enumerate()
            .map(|(i, d)| {
                let path = out.join(format!("{:03}-{}.xlsx", i + 1, d.code));
                (d, path)
            })
            .collect();
        if books.is_empty() {
            bail!("the registry has no delegation; import them first (accredit registry)");
        }
        let written = nomination_book::write_many(&mut reg, &books).context("no workbook was written")?;
        for (identity, (_, path)) in written.iter().zip(&books) {
            writeln!(
                stdout,
                "{} {} serial {}",
                path.display(),
                identity.delegation,
                identity.serial
            )?;
        }
    } else {
        let code = delegation.unwrap_or_default();
        let identity =
            nomination_book::write_workbook(&mut reg, &code, &out).context("the workbook was not written")?;
        writeln!(
            stdout,
            "{} {} serial {}",
            out.display(),
            identity.delegation,
            identity.serial
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
