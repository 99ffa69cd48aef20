//! `accredit hub purge`: the hub's copy of an event's people, removed with the
//! administrator's login (the stations' logins may never delete an item).
//!
//! The personal payloads of an event are its door records (kind `record`: names, the photo
//! after the signature); scans and certificates name badge serials and stations only. The
//! whole event is every item of it. An item belongs to an event when its signed payload
//! says so (`"event":"CODE"`).

use super::config::HubLogin;
use super::{HubError, Result, schema};

/// What a hub purge removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HubScope {
    /// The event's door records (every revision): its people's names and photos.
    Personal,
    /// Every item of the event (records, scans, certificates).
    WholeEvent,
}

/// How many items of an event the hub holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HubCounts {
    /// Door records (every revision).
    pub records: u64,
    /// Every item of the event.
    pub items: u64,
}

impl HubCounts {
    /// How many items a purge of `scope` removes.
    pub fn of(&self, scope: HubScope) -> u64 {
        match scope {
            HubScope::Personal => self.records,
            HubScope::WholeEvent => self.items,
        }
    }
}

/// The bytes an item of `event` holds in its payload.
fn marker(event: &str) -> Vec<u8> {
    format!("\"event\":{}", serde_json::Value::String(event.to_string())).into_bytes()
}

fn admin_client(admin: &HubLogin) -> Result<postgres::Client> {
    let mut client = schema::connect(admin)?;
    let is_admin: bool = client
        .query_one("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", &[])?
        .get(0);
    if !is_admin {
        return Err(HubError::Rights(format!(
            "{}: `hub purge` needs the server administrator's login (e.g. postgres); the desk and door logins may not delete items",
            admin.url
        )));
    }
    Ok(client)
}

/// Counts the items of `event` on the hub (administrator's login).
pub fn count(admin: &HubLogin, event: &str) -> Result<HubCounts> {
    let mut client = admin_client(admin)?;
    let row = client.query_one(
        "SELECT COUNT(*) FILTER (WHERE kind = 'record'), COUNT(*) FROM accredit_hub.item
          WHERE position($1::bytea in body) > 0",
        &[&marker(event)],
    )?;
    Ok(HubCounts {
        records: row.get::<_, i64>(0).max(0) as u64,
        items: row.get::<_, i64>(1).max(0) as u64,
    })
}

/// Removes the items of `event` that `scope` names (one transaction), then vacuums the
/// table so the removed rows leave the files; returns how many were removed.
pub fn purge(admin: &HubLogin, event: &str, scope: HubScope) -> Result<u64> {
    let mut client = admin_client(admin)?;
    let kinds: &[&str] = match scope {
        HubScope::Personal => &["record"],
        HubScope::WholeEvent => &["cert", "record", "scan"],
    };
    let kinds: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
    let mut tx = client.transaction()?;
    let n = tx.execute(
        "DELETE FROM accredit_hub.item WHERE kind = ANY($2) AND position($1::bytea in body) > 0",
        &[&marker(event), &kinds],
    )?;
    tx.commit()?;
    // Out of the transaction: VACUUM cannot run in one. FULL rewrites the table (and its
    // TOAST table, where photos live), so no removed payload stays in a free page.
    client.batch_execute("VACUUM FULL accredit_hub.item")?;
    Ok(n)
}
