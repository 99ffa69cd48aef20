//! SIGKILL of `accredit checkin --stdin` in the middle of a stream loses no acknowledged scan.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod checkin_common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use accredit::Registry;
use checkin_common::*;

#[test]
fn sigkill_mid_stream_loses_no_acknowledged_scan() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let passes: Vec<String> = (0..40)
        .map(|i| add(&mut reg, &person("AT", "Test", &format!("Person{i}"), "DEL")).1)
        .collect();
    drop(reg);

    let mut acknowledged: Vec<(String, String)> = Vec::new();
    // Three runs on the same database, each killed after a different number of verdicts.
    for (round, kill_after) in [(0usize, 25usize), (1, 60), (2, 7)] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_accredit"))
            .arg("--db")
            .arg(&desk.db)
            .args(["checkin", "--stdin", "--station", &format!("KILL-{round}")])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let lines: Vec<String> = (0..500)
            .map(|i| match i % 7 {
                3 => format!("garbage {round} {i}"),
                _ => passes[(i * 13 + round) % passes.len()].clone(),
            })
            .collect();
        // Feed continuously from another thread so the process is busy when it is killed;
        // keep the pipe open until then, so the process cannot end on its own.
        let (killed_tx, killed_rx) = std::sync::mpsc::channel::<()>();
        let feeder = std::thread::spawn(move || {
            for l in lines {
                if writeln!(stdin, "{l}").is_err() {
                    break;
                }
            }
            let _ = killed_rx.recv();
            drop(stdin);
        });
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut seen = 0;
        let mut line = String::new();
        while seen < kill_after {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "the process ended early");
            let l = line.trim_end();
            acknowledged.push((scan_id(l).to_string(), code(l).to_string()));
            seen += 1;
        }
        // SIGKILL (std's kill sends SIGKILL on Unix), while input is still flowing.
        child.kill().unwrap();
        let status = child.wait().unwrap();
        killed_tx.send(()).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "the process was not killed: {status:?}");
        }
        assert!(!status.success(), "the process was not killed: {status:?}");
        drop(out);
        feeder.join().unwrap();
    }
    assert_eq!(acknowledged.len(), 25 + 60 + 7);

    let reg = Registry::open(&desk.db).unwrap();
    let check: String = reg
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    for (uuid, verdict) in &acknowledged {
        assert!(
            uuid::Uuid::parse_str(uuid).is_ok(),
            "no scan id in a verdict line: {uuid}"
        );
        let e = accredit::checkin::log::get(reg.conn(), uuid)
            .unwrap()
            .unwrap_or_else(|| panic!("acknowledged scan {uuid} ({verdict}) was lost"));
        assert_eq!(e.verdict.as_str(), verdict);
    }
}
