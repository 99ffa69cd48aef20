//! `accredit hub serve --data DIR --listen ADDR:PORT`: a private PostgreSQL hub in one
//! command, in the foreground until Ctrl+C or SIGTERM.

#![allow(unsafe_code)] // sigaction for SIGINT/SIGTERM, see the SAFETY note

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use accredit::hub::schema;
use accredit::hub::serve::Cluster;
use anyhow::Context;

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

fn catch_stop_signals() {
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: installs a handler that only stores to an atomic (async-signal-safe).
        unsafe {
            let mut act: libc::sigaction = std::mem::zeroed();
            act.sa_sigaction = on_signal as *const () as usize;
            libc::sigemptyset(&mut act.sa_mask);
            libc::sigaction(sig, &act, std::ptr::null_mut());
        }
    }
}

/// Runs the hub until Ctrl+C or SIGTERM.
pub fn run(dir: &Path, listen: &str, names: &[String], db: Option<&Path>) -> anyhow::Result<ExitCode> {
    catch_stop_signals();
    let cluster = Cluster::new(dir, listen, names)?;
    let mut err = std::io::stderr().lock();
    let fresh = cluster.prepare().context("cannot prepare the hub's cluster")?;
    if cluster.running() {
        anyhow::bail!(
            "a server already runs on {} (another `accredit hub serve`?); stop it first",
            cluster.dir().display()
        );
    }
    writeln!(
        err,
        "{} the hub's PostgreSQL cluster in {}",
        if fresh { "made" } else { "using" },
        cluster.dir().display()
    )?;
    cluster.start().context("cannot start the hub's server")?;
    let r = (|| -> anyhow::Result<()> {
        let admin = cluster.admin().context("cannot log in as the administrator")?;
        let report = schema::init(&admin, false).context("cannot set up the hub")?;
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "hub: {}",
            cluster.for_stations(&admin)?.url.replace("postgres@", "USER@")
        )?;
        writeln!(
            out,
            "CA file (stations verify the hub with it; copy it to each station at the same path, or change sslrootcert): {}",
            cluster.ca_file().display()
        )?;
        if let Some(db) = db {
            let event = super::hub::record_event(&admin, db)?;
            writeln!(out, "hub event: {event}")?;
        }
        let mut report = report;
        if report.desk.new_password && report.door.new_password {
            report.desk.login = cluster.for_stations(&report.desk.login)?;
            report.door.login = cluster.for_stations(&report.door.login)?;
            let mut text = Vec::new();
            super::hub::print_logins(&mut text, &report, db)?;
            let text = String::from_utf8_lossy(&text).into_owned();
            cluster.save_logins(&text)?;
            out.write_all(text.as_bytes())?;
        } else if let Some(saved) = cluster.saved_logins() {
            out.write_all(saved.as_bytes())?;
        } else {
            super::hub::print_logins(&mut out, &report, db)?;
        }
        writeln!(out, "the hub runs; Ctrl+C or SIGTERM stops it")?;
        out.flush()?;
        Ok(())
    })();
    if let Err(e) = r {
        let _ = cluster.stop();
        return Err(e);
    }
    let mut checked = std::time::Instant::now();
    while !STOP.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(100));
        if checked.elapsed() >= Duration::from_secs(5) {
            checked = std::time::Instant::now();
            if !cluster.running() {
                anyhow::bail!(
                    "the hub's server stopped by itself; see {}",
                    cluster.dir().join("server.log").display()
                );
            }
        }
    }
    writeln!(err, "stopping the hub…")?;
    cluster.stop().context("cannot stop the hub's server")?;
    writeln!(err, "hub stopped")?;
    Ok(ExitCode::SUCCESS)
}
