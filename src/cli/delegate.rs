//! `accredit delegate show|set|status`: one delegate on the command line.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use accredit::registry::{Status, conflicts, merge_fields, status};
use anyhow::Context;

/// Arguments of `accredit delegate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Every field of one delegate, its status with the reason, badge versions and open
    /// conflicts.
    Show {
        /// The delegate: registry id or external id.
        #[arg(value_name = "ID|EXTERNAL_ID")]
        reference: String,
        /// As one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Change fields of one delegate: one audited change, validated like every save (an
    /// error names the field; nothing is written).
    Set {
        /// The delegate: registry id or external id.
        #[arg(value_name = "ID|EXTERNAL_ID")]
        reference: String,
        /// Function or position.
        #[arg(long, value_name = "TEXT")]
        function: Option<String>,
        /// Courtesy title ("H.E. Ms.").
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// Given name(s).
        #[arg(long, value_name = "TEXT")]
        given_name: Option<String>,
        /// Family name.
        #[arg(long, value_name = "TEXT")]
        family_name: Option<String>,
        /// Name in the person's own script.
        #[arg(long, value_name = "TEXT")]
        native_name: Option<String>,
        /// Category code (HOD, DEL, ...).
        #[arg(long, value_name = "CODE")]
        category: Option<String>,
        /// Valid days, `;`-separated ISO dates (empty: every day).
        #[arg(long, value_name = "DAYS")]
        days: Option<String>,
        /// Zones, `;`-separated codes (empty: the category's).
        #[arg(long, value_name = "ZONES")]
        zones: Option<String>,
        /// E-mail.
        #[arg(long, value_name = "ADDRESS")]
        email: Option<String>,
        /// Note shown at the door.
        #[arg(long, value_name = "TEXT")]
        attention: Option<String>,
    },
    /// Change the accreditation status; rejecting or withdrawing needs a reason (kept in the
    /// history; a withdrawal's is shown at the door).
    Status {
        /// The delegate: registry id or external id.
        #[arg(value_name = "ID|EXTERNAL_ID")]
        reference: String,
        /// The new status.
        #[arg(value_enum)]
        status: StatusArg,
        /// Why (required for rejected and withdrawn).
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
    },
}

/// A status on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum StatusArg {
    Accredited,
    Rejected,
    Withdrawn,
    Pending,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Accredited => Self::Accredited,
            StatusArg::Rejected => Self::Rejected,
            StatusArg::Withdrawn => Self::Withdrawn,
            StatusArg::Pending => Self::Pending,
        }
    }
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut reg = super::open(db)?;
    let mut out = std::io::stdout().lock();
    match args.command {
        Sub::Show { reference, json } => {
            let d = reg
                .find_delegate(&reference)
                .with_context(|| format!("cannot show {reference}"))?;
            let reason = status::status_reason(reg.conn(), d.id)?;
            let open = conflicts::of_delegate(reg.conn(), d.id)?;
            if json {
                let mut v = serde_json::to_value(&d)?;
                if let Some(o) = v.as_object_mut() {
                    o.insert("name".into(), d.display_name().into());
                    o.insert("status_reason".into(), reason.into());
                    o.insert("photo".into(), d.photo.is_some().into());
                    o.insert("conflicts".into(), serde_json::to_value(&open)?);
                }
                writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
                return Ok(ExitCode::SUCCESS);
            }
            writeln!(out, "id: {}", d.id)?;
            writeln!(out, "name: {}", d.display_name())?;
            for f in merge_fields::FIELDS.iter() {
                writeln!(out, "{}: {}", f.name, f.get(&d))?;
            }
            writeln!(out, "photo: {}", if d.photo.is_some() { "yes" } else { "no" })?;
            writeln!(out, "status: {}", d.status.as_str())?;
            if !reason.is_empty() {
                writeln!(out, "status_reason: {reason}")?;
            }
            writeln!(
                out,
                "badge_version: {} ({})",
                d.badge_version,
                if d.is_printed() {
                    "printed".to_string()
                } else {
                    format!("printed up to version {}", d.printed_version)
                }
            )?;
            writeln!(out, "created_at: {}", d.created_at)?;
            writeln!(out, "updated_at: {}", d.updated_at)?;
            for c in &open {
                writeln!(
                    out,
                    "conflict {}: {}: shown {:?}; mine {:?} ({}), theirs {:?} ({} {}); resolve with `accredit conflicts resolve {} --keep mine|theirs|VALUE`",
                    c.number,
                    c.field,
                    c.shown,
                    c.mine.value,
                    c.mine.by,
                    c.theirs.value,
                    c.theirs.by,
                    c.theirs.at,
                    c.number
                )?;
            }
        }
        Sub::Set {
            reference,
            function,
            title,
            given_name,
            family_name,
            native_name,
            category,
            days,
            zones,
            email,
            attention,
        } => {
            let mut d = reg
                .find_delegate(&reference)
                .with_context(|| format!("cannot change {reference}"))?;
            let given = [
                ("function", function),
                ("title", title),
                ("given_name", given_name),
                ("family_name", family_name),
                ("native_name", native_name),
                ("category", category),
                ("days", days.map(|v| v.replace(',', ";"))),
                ("zones", zones.map(|v| v.replace(',', ";"))),
                ("email", email),
                ("attention", attention),
            ];
            if given.iter().all(|(_, v)| v.is_none()) {
                anyhow::bail!(
                    "nothing to change: give at least one of --function, --title, --given-name, --family-name, \
                     --native-name, --category, --days, --zones, --email, --attention"
                );
            }
            let before = d.clone();
            for (name, value) in given {
                if let (Some(v), Some(f)) = (value, merge_fields::field(name)) {
                    f.set(&mut d, &v);
                }
            }
            reg.update_delegate(&d)
                .with_context(|| format!("cannot change delegate {}", d.id))?;
            let after = reg.delegate(d.id)?;
            let changed: Vec<String> = merge_fields::FIELDS
                .iter()
                .filter(|f| f.get(&before) != f.get(&after))
                .map(|f| format!("{}: {:?} -> {:?}", f.name, f.get(&before), f.get(&after)))
                .collect();
            if changed.is_empty() {
                writeln!(out, "delegate {} {}: nothing changed", d.id, after.display_name())?;
            } else {
                writeln!(
                    out,
                    "delegate {} {}: {}",
                    d.id,
                    after.display_name(),
                    changed.join("; ")
                )?;
            }
        }
        Sub::Status {
            reference,
            status,
            reason,
        } => {
            let d = reg
                .find_delegate(&reference)
                .with_context(|| format!("cannot change the status of {reference}"))?;
            let status = Status::from(status);
            reg.change_status(d.id, status, &reason)
                .with_context(|| format!("cannot change the status of delegate {}", d.id))?;
            let reason = reason.trim();
            writeln!(
                out,
                "delegate {} {}: {}{}",
                d.id,
                d.display_name(),
                status.as_str(),
                if reason.is_empty() {
                    String::new()
                } else {
                    format!(" ({reason})")
                }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
