//! The audit trail: who changed what, when, with the record before and after.
//!
//! Most changes get one row in `audit` each. An import that creates many delegates records
//! them in one row instead (entity `import`), with the record of every delegate it created
//! kept beside it in `audit_batch`, compressed in blocks ([`CreationLog`]); [`history`] gives a delegate's
//! creation from there just as if it had its own row. Delegates are never deleted (they are
//! withdrawn), so a delegate id belongs to one creation only.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use rusqlite::{Connection, params};

use super::{RegistryError, Result, now_rfc3339};

/// One audited change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    /// When (RFC 3339 UTC).
    pub at: String,
    /// Who.
    pub operator: String,
    /// `create`, `update`, `reissue`, `print`, `import`, ...
    pub action: String,
    /// The record before, as JSON.
    pub before: Option<String>,
    /// The record after, as JSON.
    pub after: Option<String>,
    /// For a delegate created by an import: the file it came from.
    pub source: Option<String>,
}

/// Appends an entry.
pub fn record(
    conn: &Connection,
    operator: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<()> {
    record_at(
        conn,
        &now_rfc3339(),
        operator,
        entity,
        entity_id,
        action,
        before,
        after,
    )
}

/// Appends an entry with a given time (a batch records one time for all its changes).
#[allow(clippy::too_many_arguments)]
pub fn record_at(
    conn: &Connection,
    at: &str,
    operator: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<()> {
    // Whoever is named in the trail: one printable line (`--operator`, ACCREDIT_OPERATOR).
    super::limits::check_label("operator", operator, super::limits::MAX_OPERATOR_CHARS).map_err(
        |message| RegistryError::Invalid {
            field: "operator".into(),
            message: format!("{message} (set by --operator or ACCREDIT_OPERATOR)"),
        },
    )?;
    super::chain::append(conn, at, operator, entity, entity_id, action, before, after, None)?;
    Ok(())
}

/// The history of one record, oldest first. A delegate created by an import starts with
/// that import's entry (action `import`, with the delegate's record after).
pub fn history(conn: &Connection, entity: &str, entity_id: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, operator, action, before, after FROM audit WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map([entity, entity_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            AuditEntry {
                at: r.get(1)?,
                operator: r.get(2)?,
                action: r.get(3)?,
                before: r.get(4)?,
                after: r.get(5)?,
                source: None,
            },
        ))
    })?;
    let mut all = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    if entity == "delegate"
        && let Ok(id) = entity_id.parse::<i64>()
        && let Some(created) = created_in_batch(conn, id)?
    {
        all.push(created);
        all.sort_by_key(|(n, _)| *n);
    }
    Ok(all.into_iter().map(|(_, e)| e).collect())
}

/// The import entry that created delegate `id`, if an import did, with its audit row id.
fn created_in_batch(conn: &Connection, id: i64) -> Result<Option<(i64, AuditEntry)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.audit_id, a.at, a.operator, a.action, a.entity_id, b.blocks, b.created FROM audit_batch b \
         JOIN audit a ON a.id = b.audit_id WHERE b.first_id <= ?1 AND ?1 <= b.last_id ORDER BY b.audit_id",
    )?;
    let batches = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Vec<u8>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (audit_id, at, operator, action, file, blocks, blob) in batches {
        let unreadable = |what: String| {
            RegistryError::Audit(format!(
                "audit entry {audit_id}: the import's records cannot be read: {what}"
            ))
        };
        // After a purge the batch holds only its hash: the creation is known, its record not.
        if let Some(h) = super::chain::redaction::parse(&blocks) {
            let entry = AuditEntry {
                at,
                operator,
                action,
                before: None,
                after: Some(super::chain::redaction::marker(&h)),
                source: Some(file),
            };
            return Ok(Some((audit_id, entry)));
        }
        let blocks: Vec<(i64, usize)> =
            serde_json::from_str(&blocks).map_err(|e| unreadable(e.to_string()))?;
        // Ids are in increasing order: the record is in the last block starting at or before it.
        let Some(i) = blocks.iter().rposition(|&(first, _)| first <= id) else {
            continue;
        };
        let start = blocks[i].1;
        let end = blocks.get(i + 1).map_or(blob.len(), |b| b.1);
        let block = blob
            .get(start..end)
            .ok_or_else(|| unreadable(format!("block {i} is outside the data")))?;
        let mut text = String::new();
        DeflateDecoder::new(block)
            .read_to_string(&mut text)
            .map_err(|e| unreadable(e.to_string()))?;
        let prefix = format!("{{\"id\":{id},");
        if let Some(line) = text.lines().find(|l| l.starts_with(&prefix)) {
            let entry = AuditEntry {
                at,
                operator,
                action,
                before: None,
                after: Some(line.to_string()),
                source: Some(file),
            };
            return Ok(Some((audit_id, entry)));
        }
    }
    Ok(None)
}

/// The delegates one import creates, gathered for a single audit entry: each delegate's
/// record after, as one JSON line, compressed block by block as it comes.
#[derive(Default)]
pub struct CreationLog {
    /// The compressed blocks, one after the other.
    blob: Vec<u8>,
    /// Each block's first delegate id and offset in `blob`.
    blocks: Vec<(i64, usize)>,
    /// JSON lines not yet compressed, and the id of the first.
    pending: Vec<u8>,
    pending_first: i64,
    last_id: i64,
}

/// How much JSON goes into one compressed block (about 750 delegates): large enough to
/// compress well and fast, small enough to read one record back in about a millisecond.
const BLOCK: usize = 256 * 1024;

impl CreationLog {
    /// Adds the record after of the delegate created with id `id` (ids in increasing order).
    pub fn add(&mut self, id: i64, after: &impl serde::Serialize) -> Result<()> {
        if self.pending.is_empty() {
            self.pending_first = id;
        }
        self.last_id = id;
        serde_json::to_writer(&mut self.pending, after)
            .map_err(|e| RegistryError::Audit(format!("cannot record the creation of delegate {id}: {e}")))?;
        self.pending.push(b'\n');
        if self.pending.len() >= BLOCK {
            self.compress()?;
        }
        Ok(())
    }

    /// Compresses the pending lines into a block of their own.
    fn compress(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.blocks.push((self.pending_first, self.blob.len()));
        let mut block = DeflateEncoder::new(&mut self.blob, Compression::fast());
        block
            .write_all(&self.pending)
            .and_then(|()| block.try_finish())
            .map_err(|e| RegistryError::Audit(format!("cannot compress the import's records: {e}")))?;
        drop(block);
        self.pending.clear();
        Ok(())
    }

    /// Compresses what is left: the log is ready to be recorded.
    pub fn finish(mut self) -> Result<Creations> {
        self.compress()?;
        Ok(Creations {
            blob: self.blob,
            blocks: self.blocks,
            last_id: self.last_id,
        })
    }
}

/// A finished [`CreationLog`]: every block compressed.
pub struct Creations {
    blob: Vec<u8>,
    blocks: Vec<(i64, usize)>,
    last_id: i64,
}

impl Creations {
    /// Records the import: one `audit` row (entity `import`, `entity_id` the file, `after`
    /// the summary given) and, when it created delegates, their records in `audit_batch`.
    pub fn record(
        &self,
        conn: &Connection,
        at: &str,
        operator: &str,
        file: &str,
        summary: &str,
    ) -> Result<()> {
        let Some(&(first_id, _)) = self.blocks.first() else {
            record_at(conn, at, operator, "import", file, "import", None, Some(summary))?;
            return Ok(());
        };
        let blocks = serde_json::to_string(&self.blocks).unwrap_or_default();
        let batch = super::chain::batch_hash(first_id, self.last_id, &blocks, &self.blob);
        let audit_id = super::chain::append(
            conn,
            at,
            operator,
            "import",
            file,
            "import",
            None,
            Some(summary),
            Some(batch),
        )?;
        conn.prepare_cached(
            "INSERT INTO audit_batch (audit_id, first_id, last_id, blocks, created) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![audit_id, first_id, self.last_id, blocks, self.blob])?;
        Ok(())
    }
}
