//! `accredit participants --out FILE.pdf|FILE.csv [--order|--lang en|fr|de|ru|es|it]`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accredit::badge::participants;
use accredit::registry::NameOrder;
use anyhow::Context;

/// Arguments of `accredit participants`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to write: `.pdf` (A4, page numbers) or `.csv`.
    #[arg(long, value_name = "FILE.pdf|FILE.csv")]
    out: PathBuf,
    /// The list's language: protocol order by that language's collation, the delegations'
    /// names, headings and page numbers in it (en, fr, de, ru, es, it).
    #[arg(long, visible_alias = "lang", value_enum, default_value = "en")]
    order: super::OrderArg,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let reg = super::open(db)?;
    let order = NameOrder::from(args.order);
    let report = participants::write_file(&reg, order, &args.out)
        .with_context(|| format!("cannot write the list of participants to {}", args.out.display()))?;
    for w in &report.warnings {
        writeln!(std::io::stderr().lock(), "warning: {w}")?;
    }
    let pages = if report.pages > 0 {
        format!(", {} page(s)", report.pages)
    } else {
        String::new()
    };
    writeln!(
        std::io::stdout().lock(),
        "{} participant(s) in {} delegation(s){pages}: {}",
        report.persons,
        report.delegations,
        args.out.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
