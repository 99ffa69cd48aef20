//! `accredit restore FILE`: replaces the database by a backup of the same event, keeping a
//! copy of what it replaces.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

/// Arguments of `accredit restore`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The backup to restore (an accredit database of this event).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
    /// Restore even a backup whose audit trail does not verify (it was changed outside
    /// accredit).
    #[arg(long)]
    force: bool,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let path = super::db_path(db)?;
    let cannot = || format!("cannot restore {}", args.file.display());
    let plan = accredit::records::restore::plan(&path, &args.file).with_context(cannot)?;
    let f = &plan.file;
    let mut err = std::io::stderr().lock();
    if let Some(problem) = &plan.broken_trail {
        if !args.force {
            anyhow::bail!(
                "cannot restore {}: the backup's audit trail does not verify ({problem}): it was \
                 changed outside accredit; nothing changed. Restore another backup, or this one \
                 anyway with --force",
                args.file.display()
            );
        }
        writeln!(
            err,
            "WARNING: the backup's audit trail does not verify ({problem}); restoring it anyway (--force)."
        )?;
    }
    match &plan.current {
        Some(cur) => writeln!(
            err,
            "Restore {} ({} delegates, {} audit entries) over {} ({} delegates, {} audit entries) of event {}?\n\
             The current database is kept as a copy beside it.",
            args.file.display(),
            f.delegates,
            f.audit_entries,
            path.display(),
            cur.delegates,
            cur.audit_entries,
            cur.event_code
        )?,
        None => writeln!(
            err,
            "Restore {} (event {}, {} delegates) as {} (no database there yet)?",
            args.file.display(),
            f.event_code,
            f.delegates,
            path.display()
        )?,
    }
    if !args.yes {
        write!(err, "Type yes to restore: ")?;
        err.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !answer.trim().eq_ignore_ascii_case("yes") {
            writeln!(err, "not restored: nothing changed")?;
            return Ok(ExitCode::FAILURE);
        }
    }
    let report = if args.force {
        accredit::records::restore::restore_forced(&path, &args.file)
    } else {
        accredit::records::restore::restore(&path, &args.file)
    }
    .with_context(cannot)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "restored {} into {} (event {}, {} delegates)",
        args.file.display(),
        path.display(),
        report.restored.event_code,
        report.restored.delegates
    )?;
    if let Some(kept) = &report.kept {
        writeln!(out, "the database it replaced is kept as {}", kept.display())?;
    }
    Ok(ExitCode::SUCCESS)
}
