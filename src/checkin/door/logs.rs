//! Where a door judges and logs a scan: the registry's log in a write transaction, or the
//! scan spool when the registry is busy (see [`crate::registry::spool`]), committed durably
//! before the verdict is shown.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::checkin::Result;
use crate::checkin::log::{self, LogEntry};
use crate::registry::{Registry, RegistryError, spool};

/// Where a scan is judged and logged.
pub(super) struct Logs<'a> {
    /// The registry (delegates, and its scan log).
    pub(super) main: &'a Connection,
    /// The spool, judged together with the registry's log.
    pub(super) spool: Option<&'a Connection>,
    /// Where the scan is written: the registry (in a write transaction) or the spool.
    pub(super) write: &'a Connection,
    /// Whether `write` is the spool (the scan is queued to be sent when it moves in).
    pub(super) spooled: bool,
}

impl Logs<'_> {
    /// Every scan of a badge on a day, in the registry's log and the spool (each scan once),
    /// in time order.
    pub(super) fn badge_day(&self, serial: i64, day: &str) -> Result<Vec<LogEntry>> {
        let mut all = log::badge_day(self.main, serial, day)?;
        if let Some(sp) = self.spool {
            for e in log::badge_day(sp, serial, day)? {
                if !all.iter().any(|a| a.uuid == e.uuid) {
                    all.push(e);
                }
            }
            all.sort_by(|a, b| (&a.at, &a.uuid).cmp(&(&b.at, &b.uuid)));
        }
        Ok(all)
    }

    /// One scan by UUID, in the registry's log or the spool.
    pub(super) fn get(&self, uuid: &str) -> Result<Option<LogEntry>> {
        if let Some(e) = log::get(self.main, uuid)? {
            return Ok(Some(e));
        }
        match self.spool {
            Some(sp) => Ok(log::get(sp, uuid)?),
            None => Ok(None),
        }
    }

    /// The annulment of a scan, in the registry's log or the spool.
    pub(super) fn annulment_of(&self, uuid: &str) -> Result<Option<String>> {
        if let Some(by) = log::annulment_of(self.main, uuid)? {
            return Ok(Some(by));
        }
        match self.spool {
            Some(sp) => Ok(log::annulment_of(sp, uuid)?),
            None => Ok(None),
        }
    }
}

/// Runs `f` with the scan logs and commits what it wrote, durably, before returning: in the
/// registry when its write lock is free within [`spool::MAIN_LOCK_WAIT`] (moving the spool's
/// scans there too), else in the spool (see [`crate::registry::spool`]).
pub(super) fn logged<T>(reg: &Registry, f: impl FnOnce(&Logs<'_>) -> Result<T>) -> Result<T> {
    let main = reg.conn();
    let Some(sp) = reg.spool()? else {
        let tx =
            Transaction::new_unchecked(main, TransactionBehavior::Immediate).map_err(RegistryError::from)?;
        let v = f(&Logs {
            main: &tx,
            spool: None,
            write: &tx,
            spooled: false,
        })?;
        tx.commit().map_err(RegistryError::from)?;
        return Ok(v);
    };
    let sp_tx =
        Transaction::new_unchecked(sp, TransactionBehavior::Immediate).map_err(RegistryError::from)?;
    main.busy_timeout(spool::MAIN_LOCK_WAIT)
        .map_err(RegistryError::from)?;
    let tx = Transaction::new_unchecked(main, TransactionBehavior::Immediate);
    main.busy_timeout(crate::registry::BUSY_TIMEOUT)
        .map_err(RegistryError::from)?;
    match tx {
        Ok(tx) => {
            let v = f(&Logs {
                main: &tx,
                spool: Some(&sp_tx),
                write: &tx,
                spooled: false,
            })?;
            let moved = spool::copy_into(&sp_tx, &tx)?;
            // No automatic checkpoint inside the scan's commit (after another writer's large
            // commit it would copy that whole log first): `Door::housekeeping` and the other
            // writers' commits do it, after the verdict.
            main.pragma_update(None, "wal_autocheckpoint", 0)
                .map_err(RegistryError::from)?;
            let committed = tx.commit();
            main.pragma_update(None, "wal_autocheckpoint", 1000)
                .map_err(RegistryError::from)?;
            committed.map_err(RegistryError::from)?;
            if moved > 0 {
                sp_tx
                    .execute("DELETE FROM checkin", [])
                    .map_err(RegistryError::from)?;
            }
            sp_tx.commit().map_err(RegistryError::from)?;
            Ok(v)
        }
        Err(e) if spool::is_busy(&e) => {
            let v = f(&Logs {
                main,
                spool: Some(&sp_tx),
                write: &sp_tx,
                spooled: true,
            })?;
            sp_tx.commit().map_err(RegistryError::from)?;
            Ok(v)
        }
        Err(e) => Err(RegistryError::from(e).into()),
    }
}
