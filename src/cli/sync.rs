//! `accredit sync`: the station's sync worker in the foreground.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use accredit::hub::config;
use accredit::hub::local::NetworkStation;
use accredit::hub::worker::{Options, Worker};

/// Arguments of `accredit sync`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// One round (upload, download, apply), then exit: 0 when done, 1 when the hub cannot
    /// be reached.
    #[arg(long)]
    pub once: bool,
    /// A line with the network's state on standard error this often (seconds).
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub status_every: u64,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let reg = super::open(db)?;
    let Some(cfg) = config::load(reg.conn())? else {
        anyhow::bail!(
            "this station has joined no hub; run `accredit station join URL` first (a single station needs no hub)"
        );
    };
    let mut worker = Worker::new(NetworkStation::new(reg), cfg.login, Options::default());
    if args.once {
        let r = worker.round();
        let mut err = std::io::stderr().lock();
        return match r {
            Ok(r) => {
                writeln!(err, "{}", describe(&r))?;
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                writeln!(err, "accredit: error: {e}")?;
                Ok(ExitCode::FAILURE)
            }
        };
    }
    let stop = AtomicBool::new(false);
    let nudge = AtomicBool::new(false);
    let mut was_offline = false;
    let every = std::time::Duration::from_secs(args.status_every);
    let mut last_line = std::time::Instant::now();
    writeln!(
        std::io::stderr(),
        "syncing with {} (Ctrl+C stops)",
        worker.status().url
    )?;
    worker.run(&stop, &nudge, |r, status| {
        let mut err = std::io::stderr().lock();
        match r {
            Ok(r) => {
                if was_offline {
                    let _ = writeln!(err, "hub reached again");
                }
                was_offline = false;
                if r.moved() {
                    let _ = writeln!(err, "{}", describe(r));
                }
            }
            Err(e) if !was_offline => {
                was_offline = true;
                let _ = writeln!(
                    err,
                    "hub offline since {}: {e}; {} items wait; trying again every second",
                    status.offline_since.as_deref().unwrap_or("now"),
                    status.waiting
                );
                if !status.advice.is_empty() {
                    let _ = writeln!(err, "what to do: {}", status.advice);
                }
            }
            Err(_) => {}
        }
        if last_line.elapsed() >= every {
            last_line = std::time::Instant::now();
            let _ = writeln!(err, "{}", status.line());
        }
    });
    Ok(ExitCode::SUCCESS)
}

fn describe(r: &accredit::hub::worker::RoundReport) -> String {
    let refused: u64 = r.applied.refused.iter().map(|(_, n)| n).sum();
    let mut s = format!(
        "synced: {} uploaded ({} already on the hub), {} downloaded: {} applied, {} known, {} refused",
        r.uploaded, r.upload_known, r.downloaded, r.applied.accepted, r.applied.known, refused
    );
    if refused > 0 {
        let reasons: Vec<String> = r
            .applied
            .refused
            .iter()
            .map(|(reason, n)| format!("{n} {reason}"))
            .collect();
        s.push_str(&format!(" ({})", reasons.join(", ")));
    }
    if r.oversize > 0 {
        s.push_str(&format!(", {} oversize items skipped", r.oversize));
    }
    s
}
