//! Applying a station's revocation, signed by the event key.

use rusqlite::Connection;

use super::{Ctx, Outcome, RefusalReason, opened};
use crate::envelope::REVOKE_HEADER;
use crate::network::revoke::{self, Revocation};
use crate::network::{Item, Result};

pub(super) fn apply_revoke(conn: &Connection, ctx: &Ctx, item: &Item) -> Result<Outcome> {
    let checked = (|| {
        let o = opened(item, REVOKE_HEADER)?;
        let r: Revocation = serde_json::from_slice(o.payload).map_err(|_| RefusalReason::Malformed)?;
        if r.event != ctx.event.code {
            return Err(RefusalReason::OtherEvent);
        }
        if !o.verifies(&ctx.key) {
            return Err(RefusalReason::BadSignature);
        }
        if r.station != item.key || item.revision != 0 || crate::checkin::log::parse_at(&r.since).is_none() {
            return Err(RefusalReason::Malformed);
        }
        Ok(r)
    })();
    let r = match checked {
        Ok(r) => r,
        Err(why) => return Ok(Outcome::Refused(why)),
    };
    if let Some((_, body)) = revoke::stored(conn, &r.station)? {
        if body == item.body {
            return Ok(Outcome::Known);
        }
    }
    revoke::store(conn, &r, &item.body)?;
    ctx.revoked.borrow_mut().remove(&r.station);
    Ok(Outcome::Accepted)
}
