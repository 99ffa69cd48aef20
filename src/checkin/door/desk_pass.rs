//! Version 2 passes at the door (signed at a desk copy, see [`crate::pass::desk`]): the
//! signer's key comes from its certificate (role `desk`), and a pass is valid only when its
//! signer issued the badge's current version (`badge_issuer`, from the door records; empty
//! for the event key's desk). Otherwise the badge was replaced at another desk, or it comes
//! from a revoked desk after its revocation: `REVOKED`, with words that say which.

use ed25519_dalek::VerifyingKey;
use rusqlite::Connection;

use super::super::rules::{self, Ruling};
use super::super::verdict::VerdictCode;
use super::Result;
use crate::registry::station::{self, Role};
use crate::registry::{Delegate, desk_log};

/// The certified key of the desk `signer` (`None`: no desk certificate here).
pub(super) fn desk_key(conn: &Connection, signer: &str) -> Option<VerifyingKey> {
    station::cert(conn, signer)
        .ok()
        .flatten()
        .filter(|c| c.role == Role::Desk)
        .and_then(|c| c.key())
}

fn desk_name(conn: &Connection, id: &str) -> String {
    if id.is_empty() {
        return "the accreditation desk".into();
    }
    match station::cert(conn, id).ok().flatten() {
        Some(c) if !c.name.is_empty() => format!("{} ({id})", c.name),
        _ => id.to_string(),
    }
}

/// Refuses a pass whose signer (`None`: the event key) did not issue the badge's current
/// version, whatever the rules said (but an unreadable pass): `REVOKED`, replaced, or with
/// the revocation in its words for a revoked signer.
pub(super) fn check_issuer(
    conn: &Connection,
    ruling: &mut Ruling,
    d: &Delegate,
    signer: Option<&str>,
) -> Result<()> {
    let issuer = desk_log::issuer(conn, d.id)?;
    let signer = signer.unwrap_or("");
    if signer == issuer || ruling.code == VerdictCode::Invalid {
        return Ok(());
    }
    let revoked = if signer.is_empty() {
        None
    } else {
        station::cert(conn, signer)
            .ok()
            .flatten()
            .map(|c| c.revoked)
            .filter(|r| !r.is_empty())
    };
    let detail = match revoked {
        Some(at) => format!(
            "signed at {}, whose certificate was revoked at {at}: its badges issued after that are not valid; issue a new badge at another desk",
            desk_name(conn, signer)
        ),
        None => format!(
            "replaced: version {} of this badge was issued at {}; this pass was signed at {}",
            d.badge_version,
            desk_name(conn, &issuer),
            desk_name(conn, signer)
        ),
    };
    ruling.code = VerdictCode::Revoked;
    ruling.headline = rules::headline(VerdictCode::Revoked, true, None, None);
    ruling.detail = detail;
    ruling.earlier = None;
    Ok(())
}
