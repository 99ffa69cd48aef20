//! Security vetting: while the event requires it (`accredit event set --vetting required`),
//! a badge prints only for a delegate the security service cleared; a refusal after the
//! badge was printed withdraws the accreditation with the reason [`REFUSAL_REASON`], which
//! reaches the doors as REVOKED. The verdicts come back in a file (see
//! `crate::csv_io::vetting`) and are applied here, all in one transaction.

use rusqlite::{Connection, params};

use super::{Registry, RegistryError, Result, Status, audit, delegates, fields, now_rfc3339};

/// The reason of the withdrawal a refusal after printing makes.
pub const REFUSAL_REASON: &str = "security vetting";

/// Whether the event requires security vetting before a badge prints.
pub fn required(conn: &Connection) -> Result<bool> {
    let mode: String = conn.query_row("SELECT vetting_mode FROM event WHERE id = 1", [], |r| r.get(0))?;
    Ok(mode == "required")
}

/// Switches security vetting on or off (audited as a change of the event).
pub fn set_required(conn: &Connection, operator: &str, on: bool) -> Result<()> {
    let before = required(conn)?;
    if before == on {
        return Ok(());
    }
    let word = |b: bool| if b { "required" } else { "off" };
    conn.execute("UPDATE event SET vetting_mode = ?1 WHERE id = 1", [word(on)])?;
    audit::record(
        conn,
        operator,
        "event",
        "vetting",
        "update",
        Some(&format!("{{\"vetting\":\"{}\"}}", word(before))),
        Some(&format!("{{\"vetting\":\"{}\"}}", word(on))),
    )?;
    Ok(())
}

/// The vetting state of a delegate, for the Delegates screen's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// No verdict yet.
    Waiting,
    /// Cleared by the security service.
    Cleared,
    /// Refused by the security service.
    Refused,
}

impl State {
    /// Every state, in workflow order.
    pub const ALL: [State; 3] = [State::Waiting, State::Cleared, State::Refused];
    /// The state of a stored verdict (`vetting`: empty, `cleared`, `refused`).
    pub fn of(verdict: &str) -> Self {
        match verdict {
            "cleared" => Self::Cleared,
            "refused" => Self::Refused,
            _ => Self::Waiting,
        }
    }
    /// The word for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Waiting => "waiting for vetting",
            Self::Cleared => "cleared",
            Self::Refused => "refused",
        }
    }
}

/// One verdict of the security service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The badge serial (delegate id).
    pub serial: i64,
    /// `cleared` or `refused`.
    pub verdict: String,
    /// The service's note (may be empty).
    pub note: String,
}

/// What applying verdicts did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    /// People cleared.
    pub cleared: u64,
    /// People refused.
    pub refused: u64,
    /// Refused people whose printed badge was withdrawn.
    pub withdrawn: u64,
    /// Verdicts the registry had already.
    pub unchanged: u64,
}

impl Registry {
    /// Applies verdicts in one transaction, each audited; a refusal of a delegate whose
    /// badge was printed withdraws the accreditation ([`REFUSAL_REASON`]). The verdicts must
    /// have been checked (`cleared`/`refused`, known serials): anything else is an error and
    /// nothing is written.
    pub fn apply_vetting(&mut self, verdicts: &[Verdict]) -> Result<Applied> {
        let tx = self.conn.transaction()?;
        let mut out = Applied::default();
        let now = now_rfc3339();
        for v in verdicts {
            let verdict = super::validate::record_field(fields::Field::Vetting, &v.verdict).map_err(|p| {
                RegistryError::Invalid {
                    field: "verdict".into(),
                    message: p.message,
                }
            })?;
            if verdict.is_empty() {
                continue;
            }
            let note = v.note.trim();
            super::limits::check_text("vetting_note", note).map_err(|m| RegistryError::Invalid {
                field: "note".into(),
                message: m,
            })?;
            let d = delegates::get_without_photo(&tx, v.serial)?.ok_or(RegistryError::NotFound {
                what: "delegate with serial",
                reference: v.serial.to_string(),
            })?;
            if d.vetting == verdict && d.vetting_note == note {
                out.unchanged += 1;
                continue;
            }
            tx.execute(
                "UPDATE delegate SET vetting_verdict = ?2, vetting_note = ?3, updated_at = ?4 WHERE id = ?1",
                params![d.id, verdict, note, now],
            )?;
            let json = |verdict: &str, note: &str| {
                serde_json::json!({ "vetting": verdict, "note": fields::masked(note) }).to_string()
            };
            audit::record_at(
                &tx,
                &now,
                &self.operator,
                "delegate",
                &d.id.to_string(),
                "vetting",
                Some(&json(&d.vetting, &d.vetting_note)),
                Some(&json(&verdict, note)),
            )?;
            if verdict == "cleared" {
                out.cleared += 1;
                continue;
            }
            out.refused += 1;
            if d.printed_version > 0 && d.status != Status::Withdrawn {
                tx.execute(
                    "UPDATE delegate SET status = 'withdrawn', status_reason = ?2, updated_at = ?3 WHERE id = ?1",
                    params![d.id, REFUSAL_REASON, now],
                )?;
                let status =
                    |s: Status, r: &str| serde_json::json!({ "status": s.as_str(), "reason": r }).to_string();
                audit::record_at(
                    &tx,
                    &now,
                    &self.operator,
                    "delegate",
                    &d.id.to_string(),
                    "status",
                    Some(&status(d.status, &d.status_reason)),
                    Some(&status(Status::Withdrawn, REFUSAL_REASON)),
                )?;
                out.withdrawn += 1;
            }
        }
        tx.commit()?;
        Ok(out)
    }
}
