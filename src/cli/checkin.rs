//! `accredit checkin`: judge scanned badges at the door.
//!
//! One payload: the first word of the output line is the verdict code; exit status 0 for
//! `ADMITTED`, `RE_ENTRY`, `OVERRIDE` and `EXIT` (and a recorded `ANNULLED`), 1 for any
//! refusal, 2 for usage errors. `--direction out` (or `exit`) makes the scans exits;
//! `--annul UUID --reason TEXT` annuls a mistaken admission.
//! `--stdin`: one payload per input line, one verdict line per payload, each printed and
//! flushed only after its scan is durably logged; lines that arrive together are logged in
//! one commit (group commit). Exit status 0 at the end of the input.

use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use accredit::checkin::{CheckinError, Direction, Door, ScanContext, Subject};
use accredit::registry::RegistryError;
use anyhow::Context;
use time::OffsetDateTime;

/// Arguments of `accredit checkin`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["payload", "stdin", "delegate", "annul"])))]
pub struct Args {
    /// The scanned payload, as the scanner typed it (without the Enter).
    pub payload: Option<String>,
    /// Read one payload per line from standard input (a scanner pipe).
    #[arg(long)]
    pub stdin: bool,
    /// Station name recorded in the log (default: this database's station id).
    #[arg(long, value_name = "NAME")]
    pub station: Option<String>,
    /// Zone this station guards (one of the event's zone codes, any case); none = the entrance.
    #[arg(long, value_name = "CODE")]
    pub zone: Option<String>,
    /// Scan time instead of now, RFC 3339 (2015-07-06T09:00:00+02:00).
    #[arg(long, value_name = "RFC3339", value_parser = accredit::checkin::log::parse_time)]
    pub at: Option<OffsetDateTime>,
    /// Admit by supervisor override, with this reason (logged as OVERRIDE with the operator).
    #[arg(long = "override", value_name = "REASON", conflicts_with = "stdin")]
    pub override_reason: Option<String>,
    /// With --override: the delegate to admit (id or external id), for a forgotten badge.
    #[arg(long, value_name = "REF", requires = "override_reason")]
    pub delegate: Option<String>,
    /// Operator recorded in the log (default: $ACCREDIT_OPERATOR, else $USER).
    #[arg(long, value_name = "NAME")]
    pub operator: Option<String>,
    /// The station's direction: `in` (entry, the default) or `out` (exit; `exit` is accepted too).
    #[arg(long, value_name = "in|out", default_value = "in", value_parser = parse_direction)]
    pub direction: Direction,
    /// Annul a mistaken admission (or exit): the UUID of its scan (as printed after `scan`).
    #[arg(long, value_name = "SCAN_UUID", requires = "reason", conflicts_with_all = ["stdin", "payload", "override_reason"])]
    pub annul: Option<String>,
    /// With --annul: why (logged with the operator).
    #[arg(long, value_name = "TEXT", requires = "annul")]
    pub reason: Option<String>,
    /// With --stdin at a joined station: a line with the network's state on standard error
    /// this often (seconds).
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub status_every: u64,
}

fn parse_direction(s: &str) -> Result<Direction, String> {
    Direction::parse(s)
        .ok_or_else(|| format!("{s:?}: the direction is `in` (or `entry`) or `out` (or `exit`)"))
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut reg = super::open(db)?;
    if let Some(op) = &args.operator {
        use accredit::registry::limits::{MAX_OPERATOR_CHARS, check_label};
        if let Err(message) = check_label("operator", op, MAX_OPERATOR_CHARS) {
            anyhow::bail!("--operator: {message}");
        }
        reg.set_operator(op.clone());
    }
    let door = Door::open(&reg).context("cannot prepare the door")?;
    let ctx = ScanContext {
        station: args
            .station
            .clone()
            .unwrap_or_else(|| door.station_id().to_string()),
        zone: args.zone.as_deref().map(accredit::checkin::zone_code),
        at: args.at.unwrap_or_else(OffsetDateTime::now_utc),
        direction: args.direction,
    };
    if let Err(e) = door.check_context(&ctx) {
        let _ = writeln!(std::io::stderr(), "accredit: error: {e}");
        return Ok(ExitCode::from(2));
    }
    if args.stdin {
        return run_stdin(&door, &mut reg, ctx, args.at, args.status_every);
    }
    if let Some(uuid) = &args.annul {
        let reason = args.reason.as_deref().unwrap_or_default();
        return match door.annul(&mut reg, uuid, reason, &ctx) {
            Ok(v) => {
                let mut out = std::io::stdout().lock();
                writeln!(out, "{}", v.line())?;
                out.flush()?;
                Ok(ExitCode::SUCCESS)
            }
            Err(
                e @ (CheckinError::EmptyReason
                | CheckinError::NoSuchScan(_)
                | CheckinError::CannotAnnul { .. }),
            ) => {
                let _ = writeln!(std::io::stderr(), "accredit: error: {e}");
                Ok(ExitCode::from(2))
            }
            Err(e) => Err(e.into()),
        };
    }
    let v = match (&args.override_reason, &args.delegate, &args.payload) {
        (Some(reason), Some(reference), _) => {
            let d = match reg.find_delegate(reference) {
                Ok(d) => d,
                Err(RegistryError::NotFound { .. }) => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "accredit: error: --delegate {:?}: no delegate with this id or external id; \
                         check the reference (`accredit export delegates -` lists them) or scan the badge",
                        reference.trim()
                    );
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.into()),
            };
            door.override_admit(&mut reg, Subject::Delegate(d.id), reason, &ctx)
        }
        (Some(reason), None, Some(p)) => door.override_admit(&mut reg, Subject::Payload(p), reason, &ctx),
        (None, _, Some(p)) => door.scan(&mut reg, p, &ctx),
        _ => anyhow::bail!("give a PAYLOAD, --stdin, or --override REASON --delegate REF"),
    };
    let v = match v {
        Ok(v) => v,
        Err(e @ (CheckinError::EmptyReason | CheckinError::UnknownZone { .. })) => {
            let _ = writeln!(std::io::stderr(), "accredit: error: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", v.line())?;
    out.flush()?;
    Ok(if v.passes() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Largest group of waiting lines logged in one commit.
const MAX_BATCH: usize = 256;

/// The scanner pipe: lines that are already waiting are judged together and logged in one
/// durable commit (group commit); each verdict line is printed and flushed after that commit.
fn run_stdin(
    door: &Door,
    reg: &mut accredit::Registry,
    mut ctx: ScanContext,
    at: Option<OffsetDateTime>,
    status_every: u64,
) -> anyhow::Result<ExitCode> {
    let mut input = std::io::BufReader::with_capacity(64 * 1024, std::io::stdin());
    let mut out = std::io::stdout().lock();
    let mut batch: Vec<String> = Vec::new();
    // A joined station syncs while it reads, on a thread of its own: a verdict never waits
    // for the hub (the worker only shares the database file).
    let worker = start_worker(reg, status_every);
    // A rehearsal clock (`--at`) runs from its instant for the whole run, like a real clock:
    // a later line is never logged before an earlier one, and a badge scanned twice a few
    // minutes apart is not a double entry in the same instant.
    let started = std::time::Instant::now();
    loop {
        batch.clear();
        // Wait for one line, then take only the complete lines already buffered.
        match read_payload(&mut input)? {
            Some(p) => batch.push(p),
            None => break,
        }
        while batch.len() < MAX_BATCH && input.buffer().contains(&b'\n') {
            match read_payload(&mut input)? {
                Some(p) => batch.push(p),
                None => break,
            }
        }
        ctx.at = match at {
            Some(at) => at + started.elapsed(),
            None => OffsetDateTime::now_utc(),
        };
        let payloads: Vec<&str> = batch.iter().map(String::as_str).collect();
        let verdicts = door
            .scan_batch(reg, &payloads, &ctx)
            .context("cannot log the scans")?;
        for v in &verdicts {
            writeln!(out, "{}", v.line())?;
        }
        out.flush()?;
        if let Some(w) = &worker {
            w.nudge();
        }
        door.housekeeping(reg).context("cannot checkpoint the database")?;
    }
    drop(worker);
    Ok(ExitCode::SUCCESS)
}

/// The sync worker of a joined station (none for a single station or in memory), printing
/// the network's state on standard error every `status_every` seconds and when it changes.
/// A worker that cannot start is reported and the door goes on without it. At the end of
/// the input it sends what the last moments made while the hub answers, within the hub's
/// deadlines (scans it cannot send stay queued in the database).
fn start_worker(reg: &accredit::Registry, status_every: u64) -> Option<accredit::hub::WorkerHandle> {
    let path = reg.path()?;
    let every = std::time::Duration::from_secs(status_every);
    let mut last_line: Option<std::time::Instant> = None;
    let mut last_state = None;
    let mut last_error: Option<String> = None;
    let on_round = move |r: &accredit::hub::Result<_>, st: &accredit::hub::HubStatus| {
        // A round that failed here (not at the hub) leaves the state as it was: said once.
        if let Err(e) = r {
            let msg = e.to_string();
            if last_error.as_deref() != Some(msg.as_str()) {
                let _ = writeln!(std::io::stderr(), "network: a sync round failed: {msg}");
                last_error = Some(msg);
            }
        } else {
            last_error = None;
        }
        let changed = last_state != Some(st.state);
        if changed || last_line.is_none_or(|t| t.elapsed() >= every) {
            last_line = Some(std::time::Instant::now());
            last_state = Some(st.state);
            let _ = writeln!(std::io::stderr(), "{}", st.line());
        }
    };
    match accredit::hub::WorkerHandle::spawn_with(path, accredit::hub::worker::Options::default(), on_round) {
        Ok(w) => w,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "accredit: warning: no sync with the hub while checking in: {e}"
            );
            None
        }
    }
}

/// The longest input line read as a payload: far more than any pass (a few hundred bytes).
const MAX_LINE: usize = 4096;

/// One input line without its trailing LF or CR LF (and nothing else stripped); invalid
/// UTF-8 is kept as replacement characters (the pass is then INVALID). `None` at the end.
/// A line longer than [`MAX_LINE`] is not read whole: its first bytes stand for it (an
/// INVALID pass), the rest is skipped as it comes, and a warning says so.
fn read_payload(input: &mut impl BufRead) -> anyhow::Result<Option<String>> {
    let mut buf = Vec::new();
    if input
        .by_ref()
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', &mut buf)
        .context("cannot read standard input")?
        == 0
    {
        return Ok(None);
    }
    if buf.last() != Some(&b'\n') && buf.len() > MAX_LINE {
        let mut skipped = buf.len() as u64;
        loop {
            let chunk = input.fill_buf().context("cannot read standard input")?;
            if chunk.is_empty() {
                break;
            }
            if let Some(p) = chunk.iter().position(|&b| b == b'\n') {
                input.consume(p + 1);
                skipped += p as u64;
                break;
            }
            let n = chunk.len();
            input.consume(n);
            skipped += n as u64;
        }
        let _ = writeln!(
            std::io::stderr(),
            "accredit: warning: an input line of {skipped} bytes is longer than any pass \
             ({MAX_LINE} bytes at most): refused unread (INVALID)"
        );
        buf.truncate(32);
        return Ok(Some(format!(
            "{}... ({skipped} bytes)",
            String::from_utf8_lossy(&buf)
        )));
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}
