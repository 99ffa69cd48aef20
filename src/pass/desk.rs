//! Passes signed at a desk copy (format version 2). A desk copy holds no event key; it
//! signs passes with its own station key, which the event key certified (role `desk`), and
//! the pass names the signer:
//!
//! ```text
//! AC2:<EVENT>:<SERIAL>:<VERSION>:<CATEGORY>:<DAYS>:<ZONES>:<SIGNER>:<SIGNATURE>
//! AC2:AATIP15:10000001:1:DEL:*:*:ST-3FA2C1:IBDBL...(103 characters)
//! ```
//! A door verifies it with the key of the signer's certificate (which it got with the
//! other certificates), then admits it only when the door record names that desk as the
//! issuer of the badge's current version ([`crate::network::records`], `badge_signer`): a
//! badge reissued concurrently at two desks has one current version at every door, the
//! other refused as replaced; a revoked desk's passes for versions it issued after its
//! revocation never match a record and are refused with their own verdict. Version 1
//! passes (the event key) stay valid as they are.

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};

use super::{BASE32_NOPAD, Claims, PassError, body, parse_unverified, verify_parsed};

/// Prefix of the version that names its signer.
pub const PREFIX2: &str = "AC2";

/// Whether `s` can be a signer's station id in a pass: 1 to 32 of `A-Z0-9-` (the QR
/// alphanumeric set).
pub fn is_signer(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// What signs this station's passes: the event key (version 1), or a desk copy's station key
/// (version 2).
pub enum PassSigner {
    /// The event key.
    Event(SigningKey),
    /// A desk copy's certified station key.
    Desk {
        /// Its station id, named in the pass.
        station: String,
        /// Its key.
        key: SigningKey,
    },
}

impl PassSigner {
    /// This station's signer: the event key when it has it, else (a desk copy of a desk
    /// network) its station key; a door copy has none ([`crate::RegistryError::NoSigningKey`]).
    pub fn of(reg: &crate::Registry) -> Result<Self, crate::RegistryError> {
        match reg.signing_key() {
            Ok(k) => Ok(Self::Event(k)),
            Err(crate::RegistryError::NoSigningKey) => {
                let conn = reg.conn();
                if !crate::registry::desk_log::is_active(conn)? {
                    return Err(crate::RegistryError::NoSigningKey);
                }
                match crate::registry::station::own(conn).map_err(crate::registry::station::into_registry)? {
                    Some(own) if own.role == crate::registry::station::Role::Desk && own.certified => {
                        Ok(Self::Desk {
                            station: own.id,
                            key: own.key,
                        })
                    }
                    _ => Err(crate::RegistryError::NoSigningKey),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// The station named in the passes (`None`: the event key).
    pub fn station(&self) -> Option<&str> {
        match self {
            Self::Event(_) => None,
            Self::Desk { station, .. } => Some(station),
        }
    }

    /// Encodes and signs a pass.
    pub fn sign(&self, claims: &Claims) -> Result<String, PassError> {
        match self {
            Self::Event(k) => super::sign(claims, k),
            Self::Desk { station, key } => sign_as(claims, station, key),
        }
    }
}

/// Encodes and signs a version 2 pass naming `station`.
pub fn sign_as(claims: &Claims, station: &str, key: &SigningKey) -> Result<String, PassError> {
    if !is_signer(station) {
        return Err(PassError::Unencodable(format!("signer {station:?}")));
    }
    let v1 = body(claims)?;
    let rest = v1.get(super::PREFIX.len()..).unwrap_or_default();
    let body = format!("{PREFIX2}{rest}:{station}");
    let sig = key.sign(body.as_bytes());
    Ok(format!("{body}:{}", BASE32_NOPAD.encode(&sig.to_bytes())))
}

/// The signer a version 2 pass names (`None` for version 1 or anything else).
pub fn signer_of(payload: &str) -> Option<&str> {
    if !payload.starts_with("AC2:") {
        return None;
    }
    let (body, _) = payload.rsplit_once(':')?;
    let (_, signer) = body.rsplit_once(':')?;
    is_signer(signer).then_some(signer)
}

/// Verifies a pass of either version: version 1 with the event key, version 2 with the key
/// `desk_key` gives for its signer (`None`: no desk certificate here, refused as a bad
/// signature). Returns the claims and the signer of a version 2 pass.
pub fn verify_any(
    payload: &str,
    event_code: &str,
    event_key: &VerifyingKey,
    desk_key: impl Fn(&str) -> Option<VerifyingKey>,
) -> Result<(Claims, Option<String>), PassError> {
    let (claims, body, sig) = parse_unverified(payload)?;
    match signer_of(payload) {
        None => verify_parsed(claims, body, sig, event_code, event_key).map(|c| (c, None)),
        Some(signer) => {
            // The event is checked before the signer's key is looked for.
            if claims.event != event_code {
                return Err(PassError::OtherEvent(claims.event));
            }
            let key = desk_key(signer).ok_or(PassError::BadSignature)?;
            verify_parsed(claims, body, sig, event_code, &key).map(|c| (c, Some(signer.to_string())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            event: "AATIP15".into(),
            serial: 10_000_001,
            version: 2,
            category: "DEL".into(),
            days: vec!["2015-07-06".into()],
            zones: vec![],
        }
    }

    #[test]
    fn a_desk_pass_names_its_signer_and_verifies_only_with_its_key() {
        let desk = SigningKey::from_bytes(&[7; 32]);
        let event = SigningKey::from_bytes(&[1; 32]);
        let p = sign_as(&claims(), "ST-3FA2C1", &desk).unwrap();
        assert!(
            p.starts_with("AC2:AATIP15:10000001:2:DEL:20150706:*:ST-3FA2C1:"),
            "{p}"
        );
        assert_eq!(signer_of(&p), Some("ST-3FA2C1"));
        let dk = desk.verifying_key();
        let ek = event.verifying_key();
        let (c, s) = verify_any(&p, "AATIP15", &ek, |st| (st == "ST-3FA2C1").then_some(dk)).unwrap();
        assert_eq!((c, s.as_deref()), (claims(), Some("ST-3FA2C1")));
        // Not with the event key, not with another desk's, not for another signer's name.
        assert_eq!(
            super::super::verify(&p, "AATIP15", &ek),
            Err(PassError::BadSignature)
        );
        assert!(verify_any(&p, "AATIP15", &ek, |_| Some(ek)).is_err());
        assert!(verify_any(&p, "AATIP15", &ek, |_| None).is_err());
        let renamed = p.replace("ST-3FA2C1", "ST-3FA2C2");
        assert!(verify_any(&renamed, "AATIP15", &ek, |_| Some(dk)).is_err());
        // Every single-character change is refused.
        for i in 0..p.len() {
            let mut b = p.clone().into_bytes();
            b[i] = if b[i] == b'A' { b'B' } else { b'A' };
            let q = String::from_utf8(b).unwrap();
            if q != p {
                assert!(verify_any(&q, "AATIP15", &ek, |_| Some(dk)).is_err(), "{q}");
            }
        }
        // Version 1 passes verify as before.
        let v1 = super::super::sign(&claims(), &event).unwrap();
        assert_eq!(verify_any(&v1, "AATIP15", &ek, |_| None).unwrap().1, None);
    }
}
