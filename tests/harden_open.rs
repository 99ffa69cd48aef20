//! Rows 6 and 7 of issue 9: honest open errors (a read-only mount, a full disk: never
//! "damaged", never "start a new file") and a database holding the signing key made private.
//!
//! The read-only and full file systems are real tmpfs mounts in a private mount namespace
//! (`unshare -rm`, util-linux), so the test needs no privileges on the machine.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use checkin_common::*;

/// Runs `script` with `sh` in a new user and mount namespace; `$B` is the binary.
fn in_namespace(script: &str) -> (i32, String) {
    let o = Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .env("B", env!("CARGO_BIN_EXE_accredit"))
        .output()
        .expect("unshare (util-linux) is needed for the mount tests");
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        !err.contains("unshare:") && !err.contains("mount:"),
        "this machine does not allow a private mount namespace: {err}"
    );
    (o.status.code().unwrap_or(-1), err)
}

fn honest(err: &str) {
    assert!(!err.contains("is damaged"), "{err}");
    assert!(!err.contains("new file"), "{err}");
    assert!(err.contains("not damaged"), "{err}");
}

#[test]
fn a_read_only_mount_says_read_only() {
    let desk = Desk::new();
    let mnt = desk.file("ro");
    std::fs::create_dir(&mnt).unwrap();
    let script = format!(
        "mount -t tmpfs -o size=4m tmpfs {m} && cp {db} {m}/desk.sqlite3 && mount -o remount,ro {m} \
         && \"$B\" --db {m}/desk.sqlite3 registry list",
        m = mnt.display(),
        db = desk.db.display()
    );
    let (code, err) = in_namespace(&script);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("read-only"), "{err}");
    assert!(err.contains("copy it to a writable folder"), "{err}");
    honest(&err);
}

#[test]
fn a_full_disk_says_full() {
    let desk = Desk::new();
    let mnt = desk.file("full");
    std::fs::create_dir(&mnt).unwrap();
    let size = std::fs::metadata(&desk.db).unwrap().len() / 1024 + 64;
    let script = format!(
        "mount -t tmpfs -o size={size}k tmpfs {m} && cp {db} {m}/desk.sqlite3 \
         && (dd if=/dev/zero of={m}/fill bs=4k 2>/dev/null; true) \
         && \"$B\" --db {m}/desk.sqlite3 registry list",
        m = mnt.display(),
        db = desk.db.display()
    );
    let (code, err) = in_namespace(&script);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the disk is full"), "{err}");
    assert!(err.contains("free space"), "{err}");
    honest(&err);
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn an_open_database_file_is_made_private_and_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    std::fs::write(&db, b"").unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o666)).unwrap();
    let o = accredit(&db, &["registry", "list"]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(mode(&db), 0o600);
    for side in ["-wal", "-shm"] {
        let p = dir.path().join(format!("desk.sqlite3{side}"));
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{side}");
        }
    }
    assert_eq!(err.matches("private (mode 600)").count(), 1, "{err}");
    assert!(err.contains("signing key"), "{err}");
    // Said once: the next open has nothing to say.
    let o = accredit(&db, &["registry", "list"]);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("private"));

    // Open -wal and -shm of a desk that was left 0644 are fixed as well.
    let reg = accredit::Registry::open(&db).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let p = dir.path().join(format!("desk.sqlite3{suffix}"));
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let mut again = accredit::Registry::open(&db).unwrap();
    let notices = again.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    for suffix in ["", "-wal", "-shm"] {
        assert_eq!(
            mode(&dir.path().join(format!("desk.sqlite3{suffix}"))),
            0o600,
            "{suffix}"
        );
    }
    drop(reg);
}
