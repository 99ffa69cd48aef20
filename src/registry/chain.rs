//! The audit chain: every audit entry is linked to the one before it by a SHA-256 hash, so a
//! change made to the trail outside accredit (an edited, deleted or reordered row) is found.
//!
//! Design:
//! - Each `audit` row stores `hash` = SHA-256 over a domain tag, the previous entry's hash
//!   (32 zero bytes for the first), the entry's id, its time, operator, entity, entity id and
//!   action, and the **hashes** of its values: `before`, `after` and, for an import, its
//!   `audit_batch` row (the created records). Because only a value's hash enters the chain, a
//!   value can later be replaced by its hash ([`redaction`]) and the chain still verifies:
//!   that is how a purge removes personal data from the trail.
//! - The newest entry's id and hash (the *head*) are also kept in `meta` (`audit_head`), so
//!   deleting the last entries is found too. Whoever can rewrite the whole file can recompute
//!   a whole chain: the head hash is what to write down or sign (the dashboard and
//!   `accredit audit verify` show it).
//! - The door's scan log is not in the chain: it is a union of several stations' logs merged
//!   in any order (a chain needs one order), and its rows carry their own signatures.
//!
//! (Longer than most files: hashing an entry, linking, verifying and redacting share the one
//! encoding of an entry, which must not drift apart; about a tenth is tests.)

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::Result;

/// A SHA-256 digest.
pub type Hash = [u8; 32];

/// The `meta` key holding the head: `ID:HEX`.
pub const HEAD_KEY: &str = "audit_head";

/// The hash before the first entry.
const GENESIS: Hash = [0; 32];

/// Domain tag of an entry's hash (changes if the format ever does).
const TAG: &[u8] = b"accredit-audit-1\0";

/// Domain tag of an import's batch hash.
const BATCH_TAG: &[u8] = b"accredit-audit-batch-1\0";

/// Values replaced by their hash: a purged `before`/`after` (or batch `blocks`) reads
/// `{"redacted":"sha256:HEX"}`, where HEX is the hash the chain covers.
pub mod redaction {
    use super::Hash;

    const PREFIX: &str = "{\"redacted\":\"sha256:";
    const SUFFIX: &str = "\"}";

    /// The stand-in for a value whose hash is `h`.
    pub fn marker(h: &Hash) -> String {
        format!("{PREFIX}{}{SUFFIX}", data_encoding::HEXLOWER.encode(h))
    }

    /// The hash a stand-in carries, when `v` is one.
    pub fn parse(v: &str) -> Option<Hash> {
        let hex = v.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
        if hex.len() != 64 {
            return None;
        }
        let bytes = data_encoding::HEXLOWER.decode(hex.as_bytes()).ok()?;
        bytes.try_into().ok()
    }
}

/// The hash of a value as the chain covers it: zeros for none, the carried hash for a
/// redacted value, else SHA-256 of the text.
pub fn value_hash(v: Option<&str>) -> Hash {
    match v {
        None => GENESIS,
        Some(v) => redaction::parse(v).unwrap_or_else(|| Sha256::digest(v.as_bytes()).into()),
    }
}

/// The hash of an import's `audit_batch` row (a redacted one carries it in `blocks`).
pub fn batch_hash(first_id: i64, last_id: i64, blocks: &str, created: &[u8]) -> Hash {
    if let Some(h) = redaction::parse(blocks) {
        return h;
    }
    let mut h = Sha256::new();
    h.update(BATCH_TAG);
    h.update(first_id.to_be_bytes());
    h.update(last_id.to_be_bytes());
    h.update((blocks.len() as u64).to_be_bytes());
    h.update(blocks.as_bytes());
    h.update(created);
    h.finalize().into()
}

/// The parts of one entry that its hash covers.
pub struct Link<'a> {
    /// The row id.
    pub id: i64,
    /// When.
    pub at: &'a str,
    /// Who.
    pub operator: &'a str,
    /// What kind of record.
    pub entity: &'a str,
    /// Which record.
    pub entity_id: &'a str,
    /// What was done.
    pub action: &'a str,
    /// [`value_hash`] of `before`.
    pub before: Hash,
    /// [`value_hash`] of `after`.
    pub after: Hash,
    /// [`batch_hash`] of the import's batch, if it has one.
    pub batch: Option<Hash>,
}

impl Link<'_> {
    /// The entry's hash, following `prev`.
    pub fn hash(&self, prev: &Hash) -> Hash {
        let mut h = Sha256::new();
        h.update(TAG);
        h.update(prev);
        h.update(self.id.to_be_bytes());
        for s in [self.at, self.operator, self.entity, self.entity_id, self.action] {
            h.update((s.len() as u64).to_be_bytes());
            h.update(s.as_bytes());
        }
        h.update(self.before);
        h.update(self.after);
        match &self.batch {
            None => h.update([0u8]),
            Some(b) => {
                h.update([1u8]);
                h.update(b);
            }
        }
        h.finalize().into()
    }
}

/// The newest entry's id and stored hash (`None` for an empty trail).
pub fn head(conn: &Connection) -> Result<Option<(i64, Hash)>> {
    let row: Option<(i64, Option<Vec<u8>>)> = conn
        .prepare_cached("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.map(|(id, h)| (id, to_hash(h.as_deref()))))
}

/// The head as recorded in `meta`.
pub fn recorded_head(conn: &Connection) -> Result<Option<(i64, Hash)>> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [HEAD_KEY], |r| r.get(0))
        .optional()?;
    Ok(v.and_then(|v| {
        let (id, hex) = v.split_once(':')?;
        let bytes = data_encoding::HEXLOWER.decode(hex.as_bytes()).ok()?;
        Some((id.parse().ok()?, bytes.try_into().ok()?))
    }))
}

fn set_recorded_head(conn: &Connection, id: i64, h: &Hash) -> rusqlite::Result<()> {
    let value = format!("{id}:{}", hex(h));
    conn.prepare_cached(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![HEAD_KEY, value])?;
    Ok(())
}

/// A hash as lower-case hex.
pub fn hex(h: &Hash) -> String {
    data_encoding::HEXLOWER.encode(h)
}

fn to_hash(b: Option<&[u8]>) -> Hash {
    b.and_then(|b| b.try_into().ok()).unwrap_or(GENESIS)
}

/// Appends an entry linked to the current head and returns its id. `batch` is the
/// [`batch_hash`] of the `audit_batch` row the caller writes next for this entry.
#[allow(clippy::too_many_arguments)]
pub fn append(
    conn: &Connection,
    at: &str,
    operator: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
    batch: Option<Hash>,
) -> Result<i64> {
    let (prev_id, prev) = head(conn)?.unwrap_or((0, GENESIS));
    let id = prev_id + 1;
    let link = Link {
        id,
        at,
        operator,
        entity,
        entity_id,
        action,
        before: value_hash(before),
        after: value_hash(after),
        batch,
    };
    let hash = link.hash(&prev);
    conn.prepare_cached(
        "INSERT INTO audit (id, at, operator, entity, entity_id, action, before, after, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        at,
        operator,
        entity,
        entity_id,
        action,
        before,
        after,
        &hash[..]
    ])?;
    set_recorded_head(conn, id, &hash)?;
    Ok(id)
}

/// Links every entry without a hash yet, in id order, after the last linked one (the
/// migration that introduced the chain; running it again changes nothing). Returns how many
/// entries it linked.
pub fn link_unlinked(conn: &Connection) -> rusqlite::Result<usize> {
    let mut rows = conn.prepare(SELECT)?;
    let mut update = conn.prepare("UPDATE audit SET hash = ?2 WHERE id = ?1")?;
    let mut prev = GENESIS;
    let mut last = None;
    let mut linked = 0;
    let mut q = rows.query([])?;
    while let Some(r) = q.next()? {
        let stored: Option<&[u8]> = r.get_ref(8)?.as_blob_or_null()?;
        let id: i64 = r.get(0)?;
        let h = match stored {
            Some(h) => to_hash(Some(h)),
            None => {
                let h = link_of(r)?.hash(&prev);
                update.execute(params![id, &h[..]])?;
                linked += 1;
                h
            }
        };
        prev = h;
        last = Some((id, h));
    }
    if let Some((id, h)) = last {
        set_recorded_head(conn, id, &h)?;
    }
    Ok(linked)
}

/// The columns of `audit` (joined with `audit_batch`) that [`link_of`] reads.
const SELECT: &str = "SELECT a.id, a.at, a.operator, a.entity, a.entity_id, a.action, a.before, a.after, a.hash, \
     b.first_id, b.last_id, b.blocks, b.created \
     FROM audit a LEFT JOIN audit_batch b ON b.audit_id = a.id ORDER BY a.id";

fn link_of<'r>(r: &'r rusqlite::Row<'_>) -> rusqlite::Result<Link<'r>> {
    let text = |i| -> rusqlite::Result<&'r str> { Ok(r.get_ref(i)?.as_str()?) };
    let opt = |i| -> rusqlite::Result<Option<&'r str>> { Ok(r.get_ref(i)?.as_str_or_null()?) };
    let batch = match r.get_ref(9)?.as_i64_or_null()? {
        None => None,
        Some(first) => Some(batch_hash(
            first,
            r.get(10)?,
            text(11)?,
            r.get_ref(12)?.as_blob()?,
        )),
    };
    Ok(Link {
        id: r.get(0)?,
        at: text(1)?,
        operator: text(2)?,
        entity: text(3)?,
        entity_id: text(4)?,
        action: text(5)?,
        before: value_hash(opt(6)?),
        after: value_hash(opt(7)?),
        batch,
    })
}

/// A chain that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// How many entries.
    pub entries: u64,
    /// The newest entry's id and hash (`None` for an empty trail).
    pub head: Option<(i64, Hash)>,
}

/// The first entry that does not match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The entry's id (for removed last entries: the first id missing).
    pub id: i64,
    /// The entry in words: time, operator, action, record.
    pub entry: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "audit entry {}", self.id)?;
        if !self.entry.is_empty() {
            write!(f, " ({})", self.entry)?;
        }
        write!(f, " does not match: {}", self.reason)
    }
}

/// Checks the whole chain, oldest first: every entry's hash against its content and the entry
/// before it, then the head against the one recorded.
pub fn verify(conn: &Connection) -> Result<std::result::Result<Verified, Broken>> {
    let mut stmt = conn.prepare(SELECT)?;
    let mut q = stmt.query([])?;
    let mut prev = GENESIS;
    let mut prev_id = 0i64;
    let mut entries = 0u64;
    while let Some(r) = q.next()? {
        let link = match link_of(r) {
            Ok(link) => link,
            // A value of another type than accredit writes (say, text in a blob column).
            Err(e) => {
                let text = |i| r.get::<_, String>(i).unwrap_or_default();
                return Ok(Err(Broken {
                    id: r.get(0)?,
                    entry: format!("{} {} {} {} {}", text(1), text(2), text(5), text(3), text(4)),
                    reason: format!("a value has a type accredit never writes ({e}): it was edited"),
                }));
            }
        };
        let stored = match r.get_ref(8)?.as_blob_or_null() {
            Ok(s) => s,
            Err(_) => Some(&[][..]),
        };
        let describe = || {
            format!(
                "{} {} {} {} {}",
                link.at, link.operator, link.action, link.entity, link.entity_id
            )
        };
        let Some(stored) = stored else {
            return Ok(Err(Broken {
                id: link.id,
                entry: describe(),
                reason: "it has no hash: it was written outside accredit".into(),
            }));
        };
        if stored != link.hash(&prev) {
            let reason = if link.id != prev_id + 1 {
                if link.id - 1 == prev_id + 1 {
                    format!("entry {} before it is missing: it was deleted", prev_id + 1)
                } else {
                    format!(
                        "entries {} to {} before it are missing: they were deleted",
                        prev_id + 1,
                        link.id - 1
                    )
                }
            } else {
                "its content or its place differs from what was recorded: it was edited, \
                 or rows were swapped or reordered"
                    .into()
            };
            return Ok(Err(Broken {
                id: link.id,
                entry: describe(),
                reason,
            }));
        }
        prev = to_hash(Some(stored));
        prev_id = link.id;
        entries += 1;
    }
    drop(q);
    let head = (entries > 0).then_some((prev_id, prev));
    let recorded = recorded_head(conn)?;
    match (recorded, head) {
        // No head recorded: only a trail that never had an entry. Entries without a head, or
        // a desk holding delegates (each came through an audited action) with neither, mean
        // the trail was cut and its head dropped.
        (None, Some((last, _))) => {
            return Ok(Err(Broken {
                id: last,
                entry: String::new(),
                reason: format!(
                    "the trail has {entries} entries but its head is missing: the head (and \
                     perhaps the last entries) were deleted"
                ),
            }));
        }
        (None, None) => {
            let (desk, delegates): (bool, i64) = conn.query_row(
                "SELECT (SELECT secret_key IS NOT NULL FROM event WHERE id = 1), (SELECT count(*) FROM delegate)",
                [],
                |r| Ok((r.get::<_, Option<bool>>(0)?.unwrap_or(false), r.get(1)?)),
            )?;
            if desk && delegates > 0 {
                return Ok(Err(Broken {
                    id: 1,
                    entry: String::new(),
                    reason: format!(
                        "the trail is empty and has no head, but the registry holds {delegates} \
                         delegates, each added through an audited action: the entries and the \
                         head were deleted"
                    ),
                }));
            }
        }
        (Some(r), Some(h)) if r == h => {}
        (Some((id, _)), Some((last, _))) if id > last => {
            return Ok(Err(Broken {
                id: last + 1,
                entry: String::new(),
                reason: format!(
                    "the trail ends at entry {last} but entry {id} was the newest recorded: \
                     the last entries were deleted"
                ),
            }));
        }
        (Some((id, _)), None) => {
            return Ok(Err(Broken {
                id: 1,
                entry: String::new(),
                reason: format!(
                    "the trail is empty but entry {id} was the newest recorded: the entries were deleted"
                ),
            }));
        }
        (Some((id, h)), _) => {
            return Ok(Err(Broken {
                id,
                entry: String::new(),
                reason: format!(
                    "the head recorded (entry {id}, {}) is not the chain's: the trail or its \
                     head was rewritten",
                    hex(&h)
                ),
            }));
        }
    }
    Ok(Ok(Verified { entries, head }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Registry;

    #[test]
    fn a_redacted_value_hashes_as_the_value_did() {
        let v = r#"{"family_name":"Beridze","email":"nino@example.org"}"#;
        let h = value_hash(Some(v));
        let marker = redaction::marker(&h);
        assert_eq!(redaction::parse(&marker), Some(h));
        assert_eq!(value_hash(Some(&marker)), h);
        assert!(!marker.contains("Beridze"));
        // None, empty and a look-alike that is not a marker all differ.
        assert_ne!(value_hash(None), value_hash(Some("")));
        assert_eq!(redaction::parse(r#"{"redacted":"sha256:00"}"#), None);
    }

    #[test]
    fn entries_link_and_a_changed_value_is_found() {
        let mut reg = Registry::open_in_memory().unwrap();
        let tx = reg.conn_mut().transaction().unwrap();
        for i in 0..5 {
            let after = format!("{{\"n\":{i}}}");
            crate::registry::audit::record(&tx, "t", "delegate", "1", "update", None, Some(&after)).unwrap();
        }
        tx.commit().unwrap();
        let v = verify(reg.conn()).unwrap().unwrap();
        assert_eq!(v.head, head(reg.conn()).unwrap());
        assert_eq!(recorded_head(reg.conn()).unwrap(), v.head);
        let third: i64 = reg
            .conn()
            .query_row("SELECT id FROM audit ORDER BY id LIMIT 1 OFFSET 2", [], |r| {
                r.get(0)
            })
            .unwrap();
        // Replacing a value by its own marker keeps the chain; changing it breaks it there.
        let after: String = reg
            .conn()
            .query_row("SELECT after FROM audit WHERE id = ?1", [third], |r| r.get(0))
            .unwrap();
        let marker = redaction::marker(&value_hash(Some(&after)));
        reg.conn()
            .execute(
                "UPDATE audit SET after = ?2 WHERE id = ?1",
                rusqlite::params![third, marker],
            )
            .unwrap();
        assert!(verify(reg.conn()).unwrap().is_ok());
        reg.conn()
            .execute("UPDATE audit SET after = '{\"n\":9}' WHERE id = ?1", [third])
            .unwrap();
        let broken = verify(reg.conn()).unwrap().unwrap_err();
        assert_eq!(broken.id, third);
    }
}
