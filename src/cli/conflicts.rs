//! `accredit conflicts [--json]`, `accredit conflicts resolve N --keep mine|theirs|VALUE`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use accredit::registry::conflicts::{self, Keep};
use anyhow::Context;

/// Arguments of `accredit conflicts`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// As JSON (an array).
    #[arg(long)]
    json: bool,
    #[command(subcommand)]
    command: Option<Sub>,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Keep one value of conflict N (as `accredit conflicts` numbers them): one audited change.
    Resolve {
        /// The conflict's number.
        number: usize,
        /// `mine` (this desk's value), `theirs` (the other desk's or the file's) or a new value.
        #[arg(long, value_name = "mine|theirs|VALUE")]
        keep: String,
    },
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut reg = super::open(db)?;
    let mut out = std::io::stdout().lock();
    match args.command {
        None => {
            let all = conflicts::list(reg.conn())?;
            if args.json {
                writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
                return Ok(ExitCode::SUCCESS);
            }
            if all.is_empty() {
                writeln!(out, "no conflicts")?;
            }
            for c in &all {
                writeln!(
                    out,
                    "{}. delegate {} {}: {} ({}): shown {:?}; mine {:?} by {}{}; theirs {:?} by {}{}",
                    c.number,
                    c.serial,
                    c.name,
                    c.field,
                    match c.kind {
                        conflicts::ConflictKind::Import => "import",
                        conflicts::ConflictKind::Desks => "desks",
                    },
                    c.shown,
                    c.mine.value,
                    c.mine.by,
                    at(&c.mine.at),
                    c.theirs.value,
                    c.theirs.by,
                    at(&c.theirs.at),
                )?;
            }
        }
        Some(Sub::Resolve { number, keep }) => {
            let keep = Keep::parse(&keep);
            let c = reg
                .resolve_conflict(number, &keep)
                .with_context(|| format!("cannot resolve conflict {number}"))?;
            let d = reg.delegate(c.serial)?;
            let value = accredit::registry::merge_fields::field(&c.field)
                .map(|f| f.get(&d))
                .unwrap_or_default();
            writeln!(
                out,
                "conflict {number} resolved: delegate {} {}: {} = {value:?}",
                c.serial,
                d.display_name(),
                c.field
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn at(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!(" at {s}")
    }
}
