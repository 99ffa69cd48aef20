//! Reading delegates: by id, external id or reference, lists, photos (queries only).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row};

use crate::registry::model::{Delegate, Status, split_list};
use crate::registry::{RegistryError, Result};

/// The columns of a delegate (photo left out), in [`from_row`] order.
pub(super) const COLUMNS: &str = "id, external_id, delegation, title, given_name, family_name, native_name, function, \
     category, email, days, zones, status, attention, badge_version, printed_version, created_at, updated_at, \
     status_reason, gender, nationality, birth_date, id_type, id_number, id_country, id_expiry, vehicle_plate, \
     vetting_verdict, vetting_note";

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Delegate> {
    let status: String = r.get(12)?;
    Ok(Delegate {
        id: r.get(0)?,
        external_id: r.get(1)?,
        delegation: r.get(2)?,
        title: r.get(3)?,
        given_name: r.get(4)?,
        family_name: r.get(5)?,
        native_name: r.get(6)?,
        function: r.get(7)?,
        category: r.get(8)?,
        email: r.get(9)?,
        days: split_list(&r.get::<_, String>(10)?),
        zones: split_list(&r.get::<_, String>(11)?),
        photo: None,
        status: Status::parse(&status).unwrap_or(Status::Pending),
        attention: r.get(13)?,
        badge_version: r.get(14)?,
        printed_version: r.get(15)?,
        created_at: r.get(16)?,
        updated_at: r.get(17)?,
        status_reason: r.get(18)?,
        gender: r.get(19)?,
        nationality: r.get(20)?,
        birth_date: r.get(21)?,
        id_type: r.get(22)?,
        id_number: r.get(23)?,
        id_country: r.get(24)?,
        id_expiry: r.get(25)?,
        vehicle_plate: r.get(26)?,
        vetting: r.get(27)?,
        vetting_note: r.get(28)?,
    })
}

/// One delegate by id, with photo.
pub fn get(conn: &Connection, id: i64) -> Result<Delegate> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS}, photo FROM delegate WHERE id = ?1"))?;
    stmt.query_row([id], |r| {
        let mut d = from_row(r)?;
        d.photo = r.get(29)?;
        Ok(d)
    })
    .optional()?
    .ok_or_else(|| RegistryError::NotFound {
        what: "delegate with id",
        reference: id.to_string(),
    })
}

/// The id of the delegate with this external id, if any.
pub fn id_by_external(conn: &Connection, external_id: &str) -> Result<Option<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM delegate WHERE external_id = ?1")?;
    Ok(stmt.query_row([external_id], |r| r.get(0)).optional()?)
}

/// A delegate by reference: a numeric id, else an external id.
pub fn find(conn: &Connection, reference: &str) -> Result<Delegate> {
    let reference = reference.trim();
    if let Ok(id) = reference.parse::<i64>() {
        match get(conn, id) {
            Err(RegistryError::NotFound { .. }) => {}
            found => return found,
        }
    }
    match id_by_external(conn, reference)? {
        Some(id) => get(conn, id),
        None => Err(RegistryError::NotFound {
            what: "delegate with id or external id",
            reference: reference.into(),
        }),
    }
}

/// Every delegate (photos left out) in id order.
pub fn list(conn: &Connection) -> Result<Vec<Delegate>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM delegate ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The JPEG photo of a delegate, if any.
pub fn photo(conn: &Connection, id: i64) -> Result<Option<Vec<u8>>> {
    let mut stmt = conn.prepare_cached("SELECT photo FROM delegate WHERE id = ?1")?;
    Ok(stmt.query_row([id], |r| r.get(0)).optional()?.flatten())
}

/// One delegate by id, photo left out; `None` when there is none.
pub fn get_without_photo(conn: &Connection, id: i64) -> Result<Option<Delegate>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM delegate WHERE id = ?1"))?;
    Ok(stmt.query_row([id], from_row).optional()?)
}

/// Calls `f` for every delegate in id order (photos left out), without holding them all in
/// memory; stops at the first error `f` returns.
pub fn for_each<E: From<RegistryError>>(
    conn: &Connection,
    mut f: impl FnMut(Delegate) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut stmt = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM delegate ORDER BY id"))
        .map_err(RegistryError::from)?;
    let mut rows = stmt.query([]).map_err(RegistryError::from)?;
    while let Some(r) = rows.next().map_err(RegistryError::from)? {
        f(from_row(r).map_err(RegistryError::from)?)?;
    }
    Ok(())
}

/// How many delegates there are.
pub fn count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM delegate", [], |r| r.get(0))?;
    Ok(n as usize)
}

/// Every external id with its delegate id (one query; for bulk matching).
pub fn external_ids(conn: &Connection) -> Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare("SELECT external_id, id FROM delegate WHERE external_id IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
