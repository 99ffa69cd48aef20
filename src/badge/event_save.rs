//! Saving the event definition. It lives above the registry because an event is valid only
//! when every badge layout of its template prints: that check ([`super::template_check`])
//! needs the bundled fonts, the text fitting and the QR size, which are the badge engine's.
//! The registry checks the rest ([`crate::registry::event::validate`]) and stores it.

use rusqlite::Connection;

use crate::records::RecordsError;
use crate::registry::nominations::NominationEdit;
use crate::registry::{Event, Registry, RegistryError, Result, event};

/// Checks an event definition completely: as data (the registry's
/// [`event::validate`]), then whether its badge template prints. The error names the field
/// and what to do.
pub fn validate(ev: &Event) -> Result<()> {
    event::validate(ev)?;
    super::template_check::check(ev).map_err(|r| RegistryError::Invalid {
        field: r.field,
        message: r.message,
    })
}

/// Replaces the event's description, days, zones, categories and template (not its key),
/// after checking it completely ([`validate`]); audited, in the caller's transaction.
///
/// Removing a category still used by a delegate fails with a foreign-key error.
pub fn save(conn: &Connection, operator: &str, ev: &Event) -> Result<()> {
    validate(ev)?;
    event::save(conn, operator, ev)
}

impl Registry {
    /// Replaces the event's description, days, zones and categories (one transaction,
    /// audited), after checking it completely ([`validate`]). Refuses to drop a day, zone or
    /// category still in use.
    pub fn save_event(&mut self, ev: &Event) -> Result<()> {
        self.require_event_desk("the event is changed")?;
        let operator = self.operator().to_string();
        let tx = self
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        save(&tx, &operator, ev)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets the event's emblem from a PNG or JPEG file's bytes (checked completely) and saves
    /// the event, in one audited transaction: the event is checked with the new emblem in
    /// place, and nothing changes if either is refused.
    pub fn save_event_with_emblem(&mut self, ev: &Event, emblem: &[u8]) -> Result<()> {
        self.require_event_desk("the event is changed")?;
        let operator = self.operator().to_string();
        let tx = self.conn_mut().transaction()?;
        event::set_emblem(&tx, &operator, Some(emblem))?;
        save(&tx, &operator, ev)?;
        tx.commit()?;
        Ok(())
    }
}

/// One change of the event as `accredit event set` makes it, in one audited transaction: the
/// emblem (checked completely), the definition (checked completely; left alone when only the
/// retention period changes and the definition is the same), the retention period. Nothing
/// changes if any part is refused.
pub fn save_change(
    reg: &mut Registry,
    ev: &Event,
    emblem: Option<&[u8]>,
    retention_days: Option<u32>,
) -> std::result::Result<(), RecordsError> {
    save_change_with(reg, ev, emblem, retention_days, &NominationEdit::default())
}

/// [`save_change`] with changes to the nominations part of the event (quotas, deadline,
/// approval; [`crate::registry::nominations`]), all in one audited transaction. The
/// definition is left alone when only the retention period or the nominations change.
pub fn save_change_with(
    reg: &mut Registry,
    ev: &Event,
    emblem: Option<&[u8]>,
    retention_days: Option<u32>,
    nominations: &NominationEdit,
) -> std::result::Result<(), RecordsError> {
    reg.require_event_desk("the event is changed")?;
    let before = reg.event()?;
    let operator = reg.operator().to_string();
    let tx = reg.conn_mut().transaction().map_err(RegistryError::from)?;
    if let Some(bytes) = emblem {
        event::set_emblem(&tx, &operator, Some(bytes))?;
    }
    let only_other = retention_days.is_some() || !nominations.is_empty();
    if emblem.is_some() || !only_other || *ev != before {
        save(&tx, &operator, ev)?;
    }
    if let Some(days) = retention_days {
        crate::records::retention::set_retention_days(&tx, &operator, days)?;
    }
    if !nominations.is_empty() {
        crate::registry::nominations::save_edit(&tx, &operator, ev, nominations)?;
    }
    tx.commit().map_err(RegistryError::from)?;
    Ok(())
}
