//! The scan spool: where a scan's verdict is made durable when the registry is busy.
//!
//! A scan must not wait for another writer of the same database (an import of 100,000 rows
//! holds the write lock for seconds). So a scan first takes the lock of the spool, a small
//! SQLite file beside the database (`NAME-spool`, WAL, `synchronous=FULL`, mode 0600, a
//! `checkin` table with the scan log's columns), then tries the registry's write lock for at
//! most [`MAIN_LOCK_WAIT`]:
//! - it gets it (the usual case): the scan is logged in the registry's `checkin` table, and
//!   whatever is in the spool is moved there in the same transaction;
//! - it does not: the scan is logged in the spool and committed there.
//!
//! Either way the verdict is returned only after its commit. The judgement (`ALREADY_IN`, the
//! counters of the door) reads both logs; scans are serialised by the spool's lock, which is
//! only ever held for a scan or for moving the spool's rows. The rows are moved into the
//! registry idempotently by UUID (`INSERT OR IGNORE`, then the spool is emptied): by the next
//! scan that gets the lock, when the registry is opened, and by [`drain`] (called by every
//! reader of the whole log: export, statistics, station export, package, merge). So the
//! `checkin` table, read through [`Registry::conn`](super::Registry::conn), is the complete
//! log once drained.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, Transaction, TransactionBehavior};

use super::Result;

/// The spool's file name suffix (`desk.sqlite3-spool`).
pub const SUFFIX: &str = "-spool";

/// How long a scan waits for the registry's write lock before it logs in the spool.
pub const MAIN_LOCK_WAIT: Duration = Duration::from_millis(5);

/// How long a scan waits for the spool's lock (held only by scans and drains, for
/// milliseconds).
pub const SPOOL_LOCK_WAIT: Duration = Duration::from_secs(5);

/// The spool of the database at `db`.
pub fn path_of(db: &Path) -> PathBuf {
    crate::output_guard::with_suffix(db, SUFFIX)
}

/// Opens (creating it, mode 0600) the spool of the database whose connection is `main`,
/// with a `checkin` table like the registry's.
pub fn open(main: &Connection, db: &Path) -> Result<Connection> {
    let path = path_of(db);
    if !path.exists() {
        // A create race with another station is fine: create_new fails, the file exists.
        let _ = super::create_private(&path);
    }
    let conn = Connection::open(&path)?;
    conn.busy_timeout(SPOOL_LOCK_WAIT)?;
    // Only a change of journal mode needs the file to itself: not asked when already WAL.
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    let sql: String = main.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'checkin'",
        [],
        |r| r.get(0),
    )?;
    let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Immediate)?;
    let ours = columns(&tx)?;
    if ours != columns(main)? {
        // Made by an older schema: empty, it is made again; else it gains the new columns
        // when the registry's schema grows (moving rows uses the common columns).
        let rows: i64 = if ours.is_empty() {
            0
        } else {
            tx.query_row("SELECT COUNT(*) FROM checkin", [], |r| r.get(0))?
        };
        if rows == 0 {
            tx.execute_batch("DROP TABLE IF EXISTS checkin")?;
            tx.execute_batch(&sql)?;
            tx.execute_batch("CREATE INDEX IF NOT EXISTS checkin_serial_day ON checkin(serial, day)")?;
        }
    }
    tx.commit()?;
    Ok(conn)
}

/// The columns of the `checkin` table of `conn`, in order (empty when there is none).
fn columns(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA table_info(checkin)")?;
    let cols = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

/// Whether an error is "the lock is held by another writer".
pub fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// Copies every spooled scan into the registry's `checkin` in `main` (a write transaction),
/// ignoring those whose UUID it has already; returns how many rows the spool held. The
/// caller empties the spool after `main` commits.
pub fn copy_into(spool: &Connection, main: &Connection) -> Result<usize> {
    // The usual case on the scan path: nothing spooled, nothing to look at.
    if is_empty(spool)? {
        return Ok(0);
    }
    let common: Vec<String> = {
        let theirs = columns(main)?;
        columns(spool)?
            .into_iter()
            .filter(|c| theirs.contains(c))
            .collect()
    };
    if common.is_empty() {
        return Ok(0);
    }
    let list = common.join(", ");
    let mut read = spool.prepare(&format!("SELECT {list} FROM checkin"))?;
    let marks = vec!["?"; common.len()].join(", ");
    let mut write = main.prepare_cached(&format!(
        "INSERT OR IGNORE INTO checkin ({list}) VALUES ({marks})"
    ))?;
    let uuid_at = common.iter().position(|c| c == "uuid");
    let mut rows = read.query([])?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let values: Vec<rusqlite::types::Value> = (0..common.len())
            .map(|i| row.get(i))
            .collect::<rusqlite::Result<_>>()?;
        let uuid = uuid_at.and_then(|i| match &values[i] {
            rusqlite::types::Value::Text(t) => Some(t.clone()),
            _ => None,
        });
        // A spooled scan was made here: once in the registry, it is queued to be sent.
        if write.execute(rusqlite::params_from_iter(values))? == 1
            && let Some(uuid) = uuid
        {
            super::outbox::push_outbox(main, super::outbox::ItemKind::Scan, &uuid, 0)?;
        }
        n += 1;
    }
    Ok(n)
}

/// Whether the spool holds no scan.
fn is_empty(spool: &Connection) -> Result<bool> {
    Ok(spool
        .prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM checkin)")?
        .query_row([], |r| r.get(0))?)
}

/// Moves the spooled scans of `db` into the registry (`main`, not in a transaction):
/// waits for the registry's write lock as any writer does when `wait`, else gives up at once
/// when it is busy. Returns how many scans were moved (0 when there is no spool).
pub fn drain(main: &Connection, spool: &Connection, wait: bool) -> Result<usize> {
    if !main.is_autocommit() {
        return Ok(0);
    }
    if is_empty(spool)? {
        return Ok(0);
    }
    // The registry's lock first (scans never wait long for it, so holding it while taking
    // the spool's lock blocks no scan for more than a moment).
    if !wait {
        main.busy_timeout(Duration::ZERO)?;
    }
    let tx = Transaction::new_unchecked(main, TransactionBehavior::Immediate);
    if !wait {
        main.busy_timeout(super::BUSY_TIMEOUT)?;
    }
    let tx = match tx {
        Ok(tx) => tx,
        Err(e) if !wait && is_busy(&e) => return Ok(0),
        Err(e) => return Err(e.into()),
    };
    let sp = match Transaction::new_unchecked(spool, TransactionBehavior::Immediate) {
        Ok(sp) => sp,
        // Scans are using the spool right now: they move its rows themselves.
        Err(e) if !wait && is_busy(&e) => return Ok(0),
        Err(e) => return Err(e.into()),
    };
    let n = copy_into(&sp, &tx)?;
    tx.commit()?;
    sp.execute("DELETE FROM checkin", [])?;
    sp.commit()?;
    Ok(n)
}
