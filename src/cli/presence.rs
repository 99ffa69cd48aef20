//! `accredit presence`: who is inside now, by delegation with the time of entry (the
//! evacuation roll), as text, CSV or PDF.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accredit::checkin::{CheckinError, presence};
use anyhow::Context;
use time::OffsetDateTime;

/// Arguments of `accredit presence`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the people inside this zone (any case); default: everybody inside anywhere.
    #[arg(long, value_name = "CODE")]
    pub zone: Option<String>,
    /// Write the roll to FILE.csv or FILE.pdf instead of printing it.
    #[arg(long, value_name = "FILE.csv|FILE.pdf")]
    pub out: Option<PathBuf>,
    /// The moment instead of now, RFC 3339 (2015-07-06T11:00:00+02:00).
    #[arg(long, value_name = "RFC3339", value_parser = accredit::checkin::log::parse_time)]
    pub at: Option<OffsetDateTime>,
    /// Print the roll as JSON.
    #[arg(long, conflicts_with = "out")]
    pub json: bool,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let reg = super::open(db)?;
    let zone = args.zone.as_deref().map(accredit::checkin::zone_code);
    let at = args.at.unwrap_or_else(OffsetDateTime::now_utc);
    let p = match presence::presence(&reg, at, zone.as_deref()) {
        Ok(p) => p,
        Err(e @ CheckinError::UnknownZone { .. }) => {
            let _ = writeln!(std::io::stderr(), "accredit: error: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e).context("cannot read the scan log"),
    };
    let mut out = std::io::stdout().lock();
    match &args.out {
        Some(file) => {
            let n = presence::write_file(&reg, &p, file)
                .with_context(|| format!("cannot write {}", file.display()))?;
            writeln!(std::io::stderr(), "wrote {n} people inside to {}", file.display())?;
        }
        None if args.json => writeln!(out, "{}", serde_json::to_string_pretty(&p)?)?,
        None => {
            write!(out, "{}", presence::text(&p))?;
            let counts: Vec<String> = p
                .per_zone
                .iter()
                .map(|c| format!("{} {}", presence::zone_label(&c.zone), c.inside))
                .collect();
            writeln!(out, "Per zone: {}; total {}", counts.join(", "), p.total)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
