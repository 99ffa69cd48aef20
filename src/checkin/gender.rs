//! Gender statistics of the delegations (the UN's gender reports): delegates and heads of
//! delegation (category `HOD`) by gender, overall and per delegation. Gender is kept by
//! the purge when the event keeps it for statistics, so these counts do not change then.

use serde::Serialize;

use super::Result;
use crate::registry::{Registry, RegistryError};

/// The category code of heads of delegation.
pub const HEAD_CATEGORY: &str = "HOD";

/// The genders in report order; empty is "not recorded".
pub const GENDERS: [&str; 4] = ["F", "M", "X", ""];

/// Counts of one group by gender, in [`GENDERS`] order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ByGender {
    /// Delegates nominated (every status), by gender.
    pub nominated: [u64; 4],
    /// Delegates accredited, by gender.
    pub accredited: [u64; 4],
    /// Accredited heads of delegation, by gender.
    pub heads: [u64; 4],
}

/// One delegation's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GenderLine {
    /// Delegation code.
    pub code: String,
    /// The counts.
    pub counts: ByGender,
}

/// The gender statistics.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GenderStats {
    /// Every delegate.
    pub total: ByGender,
    /// Per delegation with delegates, by code.
    pub by_delegation: Vec<GenderLine>,
}

/// Counts the registry's delegates by gender.
pub fn by_gender(reg: &Registry) -> Result<GenderStats> {
    let mut stmt = reg
        .conn()
        .prepare(
            "SELECT delegation, gender, COUNT(*), COALESCE(SUM(status = 'accredited'), 0),
                    COALESCE(SUM(status = 'accredited' AND category = ?1), 0)
               FROM delegate GROUP BY delegation, gender ORDER BY delegation",
        )
        .map_err(RegistryError::from)?;
    let rows = stmt
        .query_map([HEAD_CATEGORY], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .map_err(RegistryError::from)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(RegistryError::from)?;
    let mut out = GenderStats::default();
    for (code, gender, n, acc, heads) in rows {
        let g = GENDERS.iter().position(|x| *x == gender).unwrap_or(3);
        if out.by_delegation.last().is_none_or(|l| l.code != code) {
            out.by_delegation.push(GenderLine {
                code,
                counts: ByGender::default(),
            });
        }
        if let Some(line) = out.by_delegation.last_mut() {
            for c in [&mut line.counts, &mut out.total] {
                c.nominated[g] += n.max(0) as u64;
                c.accredited[g] += acc.max(0) as u64;
                c.heads[g] += heads.max(0) as u64;
            }
        }
    }
    Ok(out)
}
