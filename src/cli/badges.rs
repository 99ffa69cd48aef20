//! `accredit badges --out FILE.pdf [--layout cr80|a6|a4x4] [--delegation CODE]... [--all] [--id REF]...`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accredit::badge::{self, Layout, PrintJob, Selection};
use accredit::progress::NoProgress;
use anyhow::Context;

/// Arguments of `accredit badges`.
///
/// By default prints every accredited delegate whose current badge version has not been
/// printed yet, and marks them printed once the PDF is completely written.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PDF to write (replaced only once completely written).
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
    /// Badge format: cr80 (card, one per page), a6 (one per page), a4x4 (four A6 per A4 sheet).
    #[arg(long, default_value = "cr80", value_parser = parse_layout)]
    layout: Layout,
    /// Only delegates of this delegation (code, repeatable).
    #[arg(long = "delegation", value_name = "CODE")]
    delegations: Vec<String>,
    /// Print the current badge of every accredited delegate, printed or not.
    #[arg(long)]
    all: bool,
    /// Print the badge of this delegate (id or external id, repeatable), even if printed before.
    #[arg(long = "id", value_name = "REF", conflicts_with_all = ["all", "delegations"])]
    ids: Vec<String>,
}

/// Why a run printed nothing, worded for its selection.
fn nothing_to_print(reg: &accredit::Registry, selection: &Selection) -> anyhow::Result<String> {
    // Whether any accredited delegate is in the selection at all, printed or not.
    let any_accredited = |codes: Vec<String>| -> anyhow::Result<bool> {
        let all = Selection::Delegations {
            codes,
            include_printed: true,
        };
        Ok(!badge::selected(reg, &all)?.is_empty())
    };
    let of = |codes: &[String]| {
        let codes: Vec<String> = codes.iter().map(|c| c.trim().to_ascii_uppercase()).collect();
        format!("of {}", codes.join(", "))
    };
    Ok(match selection {
        Selection::Unprinted if any_accredited(Vec::new())? => "Nothing to print: every accredited delegate \
             already has their current badge printed (use --all to print them again)."
            .to_string(),
        Selection::Unprinted | Selection::All => "Nothing to print: no delegate is accredited.".to_string(),
        Selection::Delegations {
            codes,
            include_printed: false,
        } if any_accredited(codes.clone())? => format!(
            "Nothing to print: every accredited delegate {} already has their current badge printed \
             (add --all to print them again).",
            of(codes)
        ),
        Selection::Delegations { codes, .. } => {
            format!("Nothing to print: no delegate {} is accredited.", of(codes))
        }
        Selection::Ids(_) => "Nothing to print: no delegate given.".to_string(),
    })
}

fn parse_layout(s: &str) -> Result<Layout, String> {
    s.parse()
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut reg = super::open(db)?;
    let selection = if !args.ids.is_empty() {
        let mut ids = Vec::new();
        for r in &args.ids {
            ids.push(reg.find_delegate(r).with_context(|| format!("--id {r}"))?.id);
        }
        Selection::Ids(ids)
    } else if !args.delegations.is_empty() {
        Selection::Delegations {
            codes: args.delegations.clone(),
            include_printed: args.all,
        }
    } else if args.all {
        Selection::All
    } else {
        Selection::Unprinted
    };
    let job = PrintJob {
        layout: args.layout,
        selection: selection.clone(),
    };
    let report = badge::print(&mut reg, &job, &args.out, &NoProgress)
        .with_context(|| format!("cannot print badges to {}", args.out.display()))?;
    let mut err = std::io::stderr().lock();
    for w in &report.warnings {
        writeln!(err, "warning: {w}")?;
    }
    let mut out = std::io::stdout().lock();
    match &report.path {
        None => writeln!(out, "{} No file written.", nothing_to_print(&reg, &selection)?)?,
        Some(path) => writeln!(
            out,
            "Printed {} badge(s) on {} page(s), layout {}, {} KB: {}\nMarked printed. Glyph warnings: {}.",
            report.printed.len(),
            report.pages,
            args.layout,
            report.bytes.div_ceil(1024),
            path.display(),
            report.warnings.len()
        )?,
    }
    Ok(ExitCode::SUCCESS)
}
