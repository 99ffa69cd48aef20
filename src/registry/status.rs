//! Status changes with a reason: rejecting or withdrawing an accreditation needs one. The
//! reason is stored on the delegate row (`status_reason`, so that door station copies carry
//! it: a withdrawal's reason shows at the door's REVOKED verdict) and in the audit trail
//! (action `status`, before and after `{"status", "reason"}`), where the history shows it.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Registry, RegistryError, Result, Status, audit, delegates, now_rfc3339};

impl Status {
    /// Whether moving to this status needs a reason (reject, withdraw).
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::Rejected | Self::Withdrawn)
    }

    /// The verb of the desk's button for this status ("Approve", "Reject", ...).
    pub fn verb(self) -> &'static str {
        match self {
            Self::Pending => "Set pending",
            Self::Accredited => "Approve",
            Self::Rejected => "Reject",
            Self::Withdrawn => "Withdraw",
        }
    }
}

impl Registry {
    /// Changes a delegate's status with a reason (trimmed; required for
    /// [`Status::needs_reason`]), in one transaction, audited. Setting the status it already
    /// has with the same reason changes nothing.
    pub fn change_status(&mut self, id: i64, status: Status, reason: &str) -> Result<()> {
        let reason = reason.trim();
        if status.needs_reason() && reason.is_empty() {
            return Err(RegistryError::Invalid {
                field: "reason".into(),
                message: format!(
                    "say why the accreditation is {}: the reason is kept in the history{}",
                    status.as_str(),
                    if status == Status::Withdrawn {
                        " and shown at the door"
                    } else {
                        ""
                    }
                ),
            });
        }
        let tx = self.conn.transaction()?;
        let before = delegates::get_without_photo(&tx, id)?.ok_or(RegistryError::NotFound {
            what: "delegate",
            reference: id.to_string(),
        })?;
        let old_reason = status_reason(&tx, id)?;
        if before.status == status && old_reason == reason {
            return Ok(());
        }
        tx.execute(
            "UPDATE delegate SET status = ?2, status_reason = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, status.as_str(), reason, now_rfc3339()],
        )?;
        let json = |s: Status, r: &str| serde_json::json!({ "status": s.as_str(), "reason": r }).to_string();
        audit::record(
            &tx,
            &self.operator,
            "delegate",
            &id.to_string(),
            "status",
            Some(&json(before.status, &old_reason)),
            Some(&json(status, reason)),
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The reason given with a delegate's latest status change (empty when none).
pub fn status_reason(conn: &Connection, id: i64) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT status_reason FROM delegate WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, String>(0))
        .optional()?
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one() -> (Registry, i64) {
        let mut reg = Registry::open_in_memory().unwrap();
        let d = crate::registry::Delegate {
            delegation: "AT".into(),
            family_name: "Gruber".into(),
            category: "DEL".into(),
            ..Default::default()
        };
        let id = reg.add_delegate(&d).unwrap();
        (reg, id)
    }

    #[test]
    fn withdrawing_needs_a_reason_kept_on_the_row_and_in_the_history() {
        let (mut reg, id) = one();
        let e = reg.change_status(id, Status::Withdrawn, "  ").unwrap_err();
        assert!(e.to_string().starts_with("reason: say why"), "{e}");
        assert_eq!(reg.delegate(id).unwrap().status, Status::Accredited);
        reg.change_status(id, Status::Withdrawn, " Left the delegation ")
            .unwrap();
        assert_eq!(reg.delegate(id).unwrap().status, Status::Withdrawn);
        assert_eq!(status_reason(reg.conn(), id).unwrap(), "Left the delegation");
        let h = reg.history("delegate", &id.to_string()).unwrap();
        let last = h.last().unwrap();
        assert_eq!(last.action, "status");
        assert!(
            last.after
                .as_deref()
                .unwrap()
                .contains("\"reason\":\"Left the delegation\"")
        );
        assert!(
            last.before
                .as_deref()
                .unwrap()
                .contains("\"status\":\"accredited\"")
        );
        // The same again changes nothing; approving needs no reason and clears it.
        reg.change_status(id, Status::Withdrawn, "Left the delegation")
            .unwrap();
        assert_eq!(reg.history("delegate", &id.to_string()).unwrap().len(), h.len());
        reg.change_status(id, Status::Accredited, "").unwrap();
        assert_eq!(status_reason(reg.conn(), id).unwrap(), "");
        assert!(reg.change_status(999, Status::Accredited, "").is_err());
    }
}
