//! Delegates changed behind the application's back: each delegate's current values compared
//! with what the audit trail last recorded for it (`accredit audit verify`).
//!
//! The trail's entries for a delegate are replayed oldest first: a whole record (a creation,
//! an import's created record, an edit) replaces what is known; a partial one (a status, a
//! reissue, a print) changes only its fields. The result must equal the delegate as stored,
//! field by field (its `updated_at` aside). A delegate the trail never mentions was added
//! outside accredit. Delegates whose record was purged from the trail are not compared.

use std::collections::HashMap;
use std::io::Read;

use rusqlite::Connection;
use serde_json::{Map, Value};

use super::audit_view::audit_json;
use crate::registry::Result;

/// What the trail last says of one delegate.
#[derive(Default)]
struct Known {
    fields: Map<String, Value>,
    /// The audit entry that said it last.
    entry: i64,
    /// A whole record was seen (not only partial changes).
    whole: bool,
    /// Purged (its values are only hashes now), or merged from another desk: not compared.
    redacted: bool,
}

/// Fields not compared: set by actions that do not record them.
const NOT_COMPARED: [&str; 2] = ["updated_at", "reason"];

/// Each difference between the delegates as stored and the trail, in words (at most `max`;
/// the count of all is returned too).
pub fn drift(conn: &Connection, max: usize) -> Result<(Vec<String>, usize)> {
    let mut known: HashMap<i64, Known> = HashMap::new();
    // Records created by imports (one entry each, records compressed in blocks).
    {
        let mut stmt = conn.prepare("SELECT audit_id, blocks, created FROM audit_batch ORDER BY audit_id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let audit_id: i64 = r.get(0)?;
            let blocks: String = r.get(1)?;
            let blob: Vec<u8> = r.get(2)?;
            if crate::registry::chain::redaction::parse(&blocks).is_some() {
                continue;
            }
            // A batch that cannot be read is the chain's finding (its hash covers it), not
            // this comparison's: its delegates then count as never recorded.
            let Ok(starts) = serde_json::from_str::<Vec<(i64, usize)>>(&blocks) else {
                continue;
            };
            for (i, &(_, start)) in starts.iter().enumerate() {
                let end = starts.get(i + 1).map_or(blob.len(), |b| b.1);
                let Some(block) = blob.get(start..end) else {
                    continue;
                };
                let mut text = String::new();
                if flate2::read::DeflateDecoder::new(block)
                    .read_to_string(&mut text)
                    .is_err()
                {
                    continue;
                }
                for line in text.lines() {
                    if let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(line)
                        && let Some(id) = fields.get("id").and_then(Value::as_i64)
                    {
                        known.insert(
                            id,
                            Known {
                                fields,
                                entry: audit_id,
                                whole: true,
                                redacted: false,
                            },
                        );
                    }
                }
            }
        }
    }
    // Each delegate's own entries, oldest first.
    {
        let mut stmt = conn.prepare(
            "SELECT id, entity_id, after, action FROM audit WHERE entity = 'delegate' ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let entry: i64 = r.get(0)?;
            let Ok(id) = r.get::<_, String>(1)?.parse::<i64>() else {
                continue;
            };
            let after: Option<String> = r.get(2)?;
            let k = known.entry(id).or_default();
            k.entry = entry;
            let Some(after) = after else { continue };
            if crate::registry::chain::redaction::parse(&after).is_some() {
                k.redacted = true;
                continue;
            }
            let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(&after) else {
                continue;
            };
            // A change merged from another desk records its registers, not a record: such a
            // delegate's values are the desks' merge, checked by each desk's own chain and
            // the signed changes, not by this replay.
            let action: String = r.get(3)?;
            if action == "merge" || (action == "create" && !fields.contains_key("id")) {
                k.redacted = true;
                continue;
            }
            if fields.contains_key("family_name") && fields.contains_key("delegation") {
                k.fields = fields;
                k.whole = true;
            } else {
                k.fields.extend(fields);
            }
        }
    }
    // A purge of personal data clears fields in the registry and masks or redacts them in the
    // trail: what the trail said before it is compared only for the fields the purge keeps.
    let last_purge: Option<i64> = conn.query_row(
        "SELECT MAX(id) FROM audit WHERE entity = 'records' AND action = 'purge'",
        [],
        |r| r.get(0),
    )?;
    let kept_by_purge = |key: &str| {
        crate::registry::fields::by_name(key).is_none_or(|f| f.purge == crate::registry::fields::Purge::Keep)
    };
    let mut out = Vec::new();
    let mut count = 0usize;
    super::read::for_each(conn, |d| -> Result<()> {
        let shown = format!("delegate {} ({})", d.id, d.display_name());
        let mut say = |m: String| {
            count += 1;
            if out.len() < max {
                out.push(m);
            }
        };
        let purged_since = |k: Option<&Known>| last_purge.is_some_and(|p| k.is_none_or(|k| k.entry <= p));
        if known.get(&d.id).is_none_or(|k| !(k.whole || k.redacted)) && purged_since(known.get(&d.id)) {
            // Its creation was in an import batch the purge redacted.
            return Ok(());
        }
        let before_purge = purged_since(known.get(&d.id));
        let Some(k) = known.get(&d.id).filter(|k| k.whole || k.redacted) else {
            say(format!(
                "{shown} is in the registry but the audit trail never recorded it: it was added outside accredit"
            ));
            return Ok(());
        };
        if k.redacted {
            return Ok(());
        }
        let Ok(Value::Object(now)) = serde_json::from_str::<Value>(&audit_json(&d)) else {
            return Ok(());
        };
        let mut keys: Vec<&String> = now.keys().chain(k.fields.keys()).collect();
        keys.sort();
        keys.dedup();
        let differs: Vec<String> = keys
            .into_iter()
            .filter(|key| !NOT_COMPARED.contains(&key.as_str()))
            .filter(|key| !before_purge || kept_by_purge(key))
            .filter(|key| !same(now.get(*key), k.fields.get(*key)))
            .map(|key| {
                format!(
                    "{key} is {} in the registry but {} in the trail",
                    shown_value(now.get(key)),
                    shown_value(k.fields.get(key))
                )
            })
            .collect();
        if !differs.is_empty() {
            say(format!(
                "{shown} differs from the audit trail's last entry for it (entry {}): {}; it was changed outside accredit",
                k.entry,
                differs.join(", ")
            ));
        }
        Ok(())
    })?;
    Ok((out, count))
}

/// Equal, an absent field counting as empty (the audit form leaves empty fields out).
fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    let empty = |v: Option<&Value>| match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    };
    match (a, b) {
        (Some(a), Some(b)) => a == b || (empty(Some(a)) && empty(Some(b))),
        (a, b) => empty(a) && empty(b),
    }
}

fn shown_value(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "empty".into(),
        Some(v) => {
            let s = v.to_string();
            if s.chars().count() > 60 {
                format!("{}…", s.chars().take(60).collect::<String>())
            } else {
                s
            }
        }
    }
}
