//! The registry's single actions: reads and one-transaction writes of the event, the
//! delegations and the delegates (the free functions of [`super::delegates`], [`super::event`]
//! and [`super::audit`] wrapped for one user action each).

use super::{
    Delegate, Delegation, Event, NameOrder, Registry, RegistryError, Result, Status, audit, delegates,
    emblem, event,
};

impl Registry {
    /// The event.
    pub fn event(&self) -> Result<Event> {
        event::load(&self.conn)
    }

    /// The event's signing key (desk only).
    pub fn signing_key(&self) -> Result<ed25519_dalek::SigningKey> {
        event::signing_key(&self.conn)
    }

    /// The event's public key, which door stations verify passes with.
    pub fn verifying_key(&self) -> Result<ed25519_dalek::VerifyingKey> {
        event::verifying_key(&self.conn)
    }

    /// All delegations, in protocol order of `order` within each kind.
    pub fn delegations(&self, order: NameOrder) -> Result<Vec<Delegation>> {
        delegates::delegations(&self.conn, order)
    }

    /// One delegation by code (any case).
    pub fn delegation(&self, code: &str) -> Result<Option<Delegation>> {
        delegates::delegation(&self.conn, code)
    }

    /// One delegate by id.
    pub fn delegate(&self, id: i64) -> Result<Delegate> {
        delegates::get(&self.conn, id)
    }

    /// A delegate by reference: a numeric id, else an external id.
    pub fn find_delegate(&self, reference: &str) -> Result<Delegate> {
        delegates::find(&self.conn, reference)
    }

    /// Every delegate, with photos left out (use [`Registry::delegate`] for one with photo).
    pub fn delegates(&self) -> Result<Vec<Delegate>> {
        delegates::list(&self.conn)
    }

    /// Adds a delegate (one transaction, audited); returns the new id.
    pub fn add_delegate(&mut self, d: &Delegate) -> Result<i64> {
        self.require_desk("delegates are added")?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let id = delegates::insert(&tx, &self.operator, d)?;
        tx.commit()?;
        Ok(id)
    }

    /// Saves the editable fields of a delegate (one transaction, audited).
    pub fn update_delegate(&mut self, d: &Delegate) -> Result<()> {
        self.require_desk("delegates are edited")?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        delegates::update(&tx, &self.operator, d)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets a delegate's status (one transaction, audited).
    pub fn set_status(&mut self, id: i64, status: Status) -> Result<()> {
        self.require_desk("a status is changed")?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut d = delegates::get(&tx, id)?;
        d.status = status;
        delegates::update(&tx, &self.operator, &d)?;
        tx.commit()?;
        Ok(())
    }

    /// Refuses a desk-only action (`what`: "delegates are imported") at a door station copy
    /// with [`RegistryError::DeskOnly`]. A desk copy (no event key, part of a desk network)
    /// is a desk: its changes travel to the other desks as signed items.
    pub fn require_desk(&self, what: &'static str) -> Result<()> {
        if self.is_door_copy()? && !super::desk_log::is_active(&self.conn)? {
            return Err(RegistryError::DeskOnly(what));
        }
        Ok(())
    }

    /// Refuses an action only the desk holding the event key may take (`what`: "the event is
    /// changed": the event is not a desk change that travels between desks) at any station
    /// copy, door or desk, with [`RegistryError::DeskOnly`].
    pub fn require_event_desk(&self, what: &'static str) -> Result<()> {
        if self.is_door_copy()? {
            return Err(RegistryError::DeskOnly(what));
        }
        Ok(())
    }

    /// Issues a new badge version, revoking the previous pass (one transaction, audited).
    /// Returns the new version.
    pub fn reissue(&mut self, id: i64) -> Result<u32> {
        // A desk copy (no event key, part of a desk network) reissues too; the badge is
        // printed at a desk that holds the event key.
        if self.is_door_copy()? && !super::desk_log::is_active(&self.conn)? {
            return Err(RegistryError::NoSigningKey);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let v = delegates::reissue(&tx, &self.operator, id)?;
        tx.commit()?;
        Ok(v)
    }

    /// Records that these delegates' badges were printed at the given versions
    /// (one transaction, audited).
    pub fn mark_printed(&mut self, printed: &[(i64, u32)]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        delegates::mark_printed(&tx, &self.operator, printed)?;
        tx.commit()?;
        Ok(())
    }

    /// The audit trail of one record, oldest first.
    pub fn history(&self, entity: &str, entity_id: &str) -> Result<Vec<audit::AuditEntry>> {
        audit::history(&self.conn, entity, entity_id)
    }

    /// The event's emblem, decoded; `None` when none is set.
    pub fn emblem(&self) -> Result<Option<emblem::Emblem>> {
        match event::emblem_bytes(&self.conn)? {
            None => Ok(None),
            Some(b) => emblem::Emblem::decode(&b)
                .map(Some)
                .map_err(|e| RegistryError::Invalid {
                    field: "emblem".into(),
                    message: format!("the stored emblem {e}; set it again with `accredit event set --logo`"),
                }),
        }
    }
}
