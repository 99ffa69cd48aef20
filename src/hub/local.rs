//! The station side the sync worker drives: what to send, how to apply what came, and how
//! to notice new local work. [`NetworkStation`] is the real one, over [`crate::network`].

use rusqlite::Connection;

use super::{HubError, Result, WireItem};
use crate::Registry;
use crate::network::{self, Item, ItemKind};

/// What [`LocalStation::apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Items verified and applied.
    pub accepted: u64,
    /// Items known here already.
    pub known: u64,
    /// Items refused, by reason (reason text, count).
    pub refused: Vec<(String, u64)>,
}

/// Who the station is, as the hub lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationInfo {
    /// Station id.
    pub id: String,
    /// Whether it is a desk (holds the event key), else a door.
    pub desk: bool,
    /// A human name ("Door A, Heldenplatz"), may be empty.
    pub name: String,
}

/// The local side of a station, as the sync worker needs it.
pub trait LocalStation {
    /// The station's database (cursors and the hub login live in its `meta` table).
    fn conn(&self) -> &Connection;
    /// Who this station is.
    fn info(&self) -> Result<StationInfo>;
    /// Local items after local number `seq`, at most `limit`, in local order.
    fn items_after(&mut self, seq: i64, limit: usize) -> Result<Vec<(i64, WireItem)>>;
    /// Verifies and applies items from elsewhere, in one transaction.
    fn apply(&mut self, items: &[WireItem]) -> Result<Applied>;
    /// A number that changes when new local items exist (also written by other processes).
    fn change_marker(&mut self) -> Result<i64>;
    /// How many local items after `seq` wait to be sent.
    fn waiting(&self, seq: i64) -> Result<u64>;
    /// This station's event: its code and its public key (hex).
    fn event(&self) -> Result<(String, String)>;
}

/// The event of `reg`: its code and its public key (lower-case hex), as the hub records it.
pub fn event_of(reg: &Registry) -> Result<(String, String)> {
    let code = reg.event()?.code;
    let key = data_encoding::HEXLOWER.encode(reg.verifying_key()?.as_bytes());
    Ok((code, key))
}

/// The real station: a [`Registry`] and the network core.
pub struct NetworkStation {
    reg: Registry,
}

impl NetworkStation {
    /// Wraps a registry (the worker's own handle on the station's file).
    ///
    /// The worker's connection commits with `synchronous=NORMAL`: in WAL mode its commits
    /// stay atomic and in order but do not wait for the disk, so the write lock is held for
    /// a moment only and a scan at this station (committed `FULL`, which also makes the
    /// worker's earlier commits durable) hardly waits. A power cut can lose only the
    /// worker's latest commits, and with them the cursors that counted them (a cursor is
    /// written after the work it counts): the work is repeated, idempotently.
    pub fn new(reg: Registry) -> Self {
        // On failure FULL stays: slower, never less safe.
        let _ = reg.conn().pragma_update(None, "synchronous", "NORMAL");
        Self { reg }
    }

    /// The registry.
    pub fn registry(&self) -> &Registry {
        &self.reg
    }
}

/// Who the station of `reg` is: its certified id (which signs its scans; the log name may
/// differ), its role and its human name.
pub fn station_info(reg: &Registry) -> Result<StationInfo> {
    // A desk copy holds no event key but is a desk.
    let desk = !reg.is_door_copy()? || crate::registry::desk_log::is_active(reg.conn())?;
    Ok(match network::identity::own(reg.conn()).map_err(local_err)? {
        Some(own) => StationInfo {
            id: own.id,
            desk,
            name: own.name,
        },
        None => StationInfo {
            id: reg.station_id()?,
            desk,
            name: String::new(),
        },
    })
}

fn local_err(e: network::NetworkError) -> HubError {
    match e {
        network::NetworkError::Registry(r) => HubError::Registry(r),
        other => HubError::Local(other.to_string()),
    }
}

impl LocalStation for NetworkStation {
    fn conn(&self) -> &Connection {
        self.reg.conn()
    }

    fn info(&self) -> Result<StationInfo> {
        station_info(&self.reg)
    }

    fn items_after(&mut self, seq: i64, limit: usize) -> Result<Vec<(i64, WireItem)>> {
        let items = network::local_items_after(&self.reg, seq, limit).map_err(local_err)?;
        Ok(items
            .into_iter()
            .map(|(seq, i)| {
                (
                    seq,
                    WireItem {
                        kind: i.kind.as_str().to_string(),
                        key: i.key,
                        revision: i.revision,
                        body: i.body,
                    },
                )
            })
            .collect())
    }

    fn apply(&mut self, items: &[WireItem]) -> Result<Applied> {
        let mut unknown_kind = 0u64;
        let items: Vec<Item> = items
            .iter()
            .filter_map(|w| match ItemKind::parse(&w.kind) {
                Some(kind) => Some(Item {
                    kind,
                    key: w.key.clone(),
                    revision: w.revision,
                    body: w.body.clone(),
                }),
                None => {
                    unknown_kind += 1;
                    None
                }
            })
            .collect();
        let r = network::apply(&mut self.reg, &items).map_err(local_err)?;
        let mut refused: Vec<(String, u64)> = r
            .refused
            .iter()
            .map(|(reason, n)| (reason.to_string(), *n))
            .collect();
        if unknown_kind > 0 {
            refused.push(("unknown item kind".into(), unknown_kind));
        }
        Ok(Applied {
            accepted: r.accepted,
            known: r.known,
            refused,
        })
    }

    fn change_marker(&mut self) -> Result<i64> {
        network::local_change_marker(&self.reg).map_err(local_err)
    }

    fn waiting(&self, seq: i64) -> Result<u64> {
        let (c, s, r) = network::waiting_after(self.reg.conn(), seq).map_err(local_err)?;
        Ok(c + s + r)
    }

    fn event(&self) -> Result<(String, String)> {
        event_of(&self.reg)
    }
}
