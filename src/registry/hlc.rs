//! A hybrid logical clock (Kulkarni et al., 2014): wall-clock milliseconds plus a counter,
//! never going backwards, and always past every clock value this station has received. Each
//! desk change carries one; with the signing station's id as the last tie-breaker they order
//! all changes of all desks the same way at every desk (the shown value of a field in
//! conflict is the one with the later clock).

use rusqlite::{Connection, OptionalExtension};

use super::Result;

/// A clock value: milliseconds since the Unix epoch and a counter within the millisecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc {
    /// Wall-clock milliseconds (the highest seen).
    pub ms: u64,
    /// Counter within `ms`.
    pub n: u32,
}

impl Hlc {
    /// The fixed-width text form, ordered as the values are: `0001436176000000.00000`.
    pub fn encode(self) -> String {
        format!("{:016}.{:05}", self.ms, self.n)
    }

    /// Parses [`Hlc::encode`]'s form exactly.
    pub fn parse(s: &str) -> Option<Self> {
        let (ms, n) = s.split_once('.')?;
        if ms.len() != 16 || n.len() != 5 || !ms.bytes().chain(n.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Self {
            ms: ms.parse().ok()?,
            n: n.parse().ok()?,
        })
    }

    /// The wall-clock time as RFC 3339 UTC (for people).
    pub fn rfc3339(self) -> String {
        let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.ms) * 1_000_000)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    }
}

fn wall_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

fn last(conn: &Connection) -> Result<Hlc> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'hlc'", [], |r| r.get(0))
        .optional()?;
    Ok(v.as_deref().and_then(Hlc::parse).unwrap_or_default())
}

fn store(conn: &Connection, h: Hlc) -> Result<()> {
    conn.execute(
        "INSERT INTO meta(key, value) VALUES ('hlc', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [h.encode()],
    )?;
    Ok(())
}

/// The next clock value for a local change (stored, in the caller's transaction).
pub fn tick(conn: &Connection) -> Result<Hlc> {
    let prev = last(conn)?;
    let now = wall_ms();
    let next = if now > prev.ms {
        Hlc { ms: now, n: 0 }
    } else {
        Hlc {
            ms: prev.ms,
            n: prev.n.saturating_add(1),
        }
    };
    store(conn, next)?;
    Ok(next)
}

/// Takes a received clock value into account: later local values are past it.
pub fn observe(conn: &Connection, remote: Hlc) -> Result<()> {
    if remote > last(conn)? {
        store(conn, remote)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_grow_and_pass_what_was_received() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            .unwrap();
        let a = tick(&conn).unwrap();
        let b = tick(&conn).unwrap();
        assert!(b > a);
        let far = Hlc {
            ms: a.ms + 3_600_000,
            n: 7,
        };
        observe(&conn, far).unwrap();
        let c = tick(&conn).unwrap();
        assert!(c > far, "{c:?} {far:?}");
        assert_eq!(Hlc::parse(&c.encode()), Some(c));
        assert!(a.encode() < c.encode());
        assert_eq!(Hlc::parse("1.2"), None);
    }
}
