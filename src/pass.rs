//! The signed pass carried by a badge's QR code.
//!
//! Format (version 1), ASCII, every character in the QR alphanumeric set so the code stays
//! small (at most version 10 at level M, usually 5 or 6):
//!
//! ```text
//! AC1:<EVENT>:<SERIAL>:<VERSION>:<CATEGORY>:<DAYS>:<ZONES>:<SIGNATURE>
//! AC1:AATIP15:42:1:DEL:*:BILATERAL.PLENARY:3QK...(103 chars)
//! ```
//! - `EVENT`, `CATEGORY`: codes of 1 to 16 of `A-Z0-9`.
//! - `SERIAL` (the delegate's registry id) and `VERSION` (badge version, from 1): decimal,
//!   no leading zeros.
//! - `DAYS`: `*` (every day of the event) or `YYYYMMDD` dates joined by `.`, ascending.
//! - `ZONES`: `*` (every zone) or zone codes joined by `.`, ascending.
//! - `SIGNATURE`: Ed25519 (RFC 8032) over the bytes before the last `:`, in RFC 4648 base32
//!   without padding (103 characters, canonical trailing bits).
//!
//! No personal data: a door station looks the serial up in its registry copy. Verification
//! needs only the event's public key and refuses any change, truncation, padding, other
//! event or other key.

use data_encoding::BASE32_NOPAD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// Prefix naming the payload format and its version.
pub const PREFIX: &str = "AC1";
/// Length of the base32 signature.
pub const SIGNATURE_CHARS: usize = 103;

/// What a pass says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    /// Event code.
    pub event: String,
    /// Badge serial (the delegate's id).
    pub serial: u64,
    /// Badge version (1, 2, ... after reissues).
    pub version: u32,
    /// Category code.
    pub category: String,
    /// Valid days as ISO dates (`2015-07-06`); empty = every day of the event.
    pub days: Vec<String>,
    /// Zone codes; empty = every zone.
    pub zones: Vec<String>,
}

/// Why a payload was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassError {
    /// Not shaped like a pass.
    #[error("not an accredit pass ({0})")]
    Malformed(&'static str),
    /// Well formed but for another event.
    #[error("pass of another event ({0})")]
    OtherEvent(String),
    /// The signature does not match.
    #[error("signature does not match: altered or forged pass")]
    BadSignature,
    /// The claims cannot be encoded (bad code or date).
    #[error("cannot encode pass: {0}")]
    Unencodable(String),
}

fn is_code(s: &str) -> bool {
    crate::registry::model::is_code(s)
}

fn is_number(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 15
        && s.bytes().all(|b| b.is_ascii_digit())
        && !(s.len() > 1 && s.starts_with('0'))
}

fn compact_date(iso: &str) -> Option<String> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(iso, &fmt).ok()?;
    Some(format!("{:04}{:02}{:02}", d.year(), d.month() as u8, d.day()))
}

fn iso_date(compact: &str) -> Option<String> {
    if compact.len() != 8 || !compact.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let iso = format!("{}-{}-{}", &compact[0..4], &compact[4..6], &compact[6..8]);
    compact_date(&iso).map(|_| iso)
}

/// The signed body (everything before the signature).
fn body(c: &Claims) -> Result<String, PassError> {
    let bad = |m: String| Err(PassError::Unencodable(m));
    if !is_code(&c.event) {
        return bad(format!("event code {:?}", c.event));
    }
    if !is_code(&c.category) {
        return bad(format!("category code {:?}", c.category));
    }
    if c.version == 0 {
        return bad("badge version 0".into());
    }
    let mut days = Vec::with_capacity(c.days.len());
    for d in &c.days {
        match compact_date(d) {
            Some(x) => days.push(x),
            None => return bad(format!("day {d:?}")),
        }
    }
    days.sort();
    days.dedup();
    let mut zones = c.zones.clone();
    if let Some(z) = zones.iter().find(|z| !is_code(z)) {
        return bad(format!("zone code {z:?}"));
    }
    zones.sort();
    zones.dedup();
    let list = |v: Vec<String>| {
        if v.is_empty() {
            "*".to_string()
        } else {
            v.join(".")
        }
    };
    Ok(format!(
        "{PREFIX}:{}:{}:{}:{}:{}:{}",
        c.event,
        c.serial,
        c.version,
        c.category,
        list(days),
        list(zones)
    ))
}

/// Encodes and signs a pass.
pub fn sign(claims: &Claims, key: &SigningKey) -> Result<String, PassError> {
    let body = body(claims)?;
    let sig = key.sign(body.as_bytes());
    Ok(format!("{body}:{}", BASE32_NOPAD.encode(&sig.to_bytes())))
}

/// Parses the claims without checking the signature (for diagnostics only; never admit on this).
pub fn parse_unverified(payload: &str) -> Result<(Claims, &str, &str), PassError> {
    let (body, sig) = payload
        .rsplit_once(':')
        .ok_or(PassError::Malformed("no signature"))?;
    let mut f: Vec<&str> = body.split(':').collect();
    match (f.first().copied(), f.len()) {
        (Some(PREFIX), 7) => {}
        // Version 2 names its signer (a desk's station) last; see [`desk`].
        (Some(desk::PREFIX2), 8) if desk::is_signer(f[7]) => {
            f.pop();
        }
        (Some(PREFIX | desk::PREFIX2), _) => return Err(PassError::Malformed("wrong number of fields")),
        _ => return Err(PassError::Malformed("unknown prefix or format version")),
    }
    if !is_code(f[1]) || !is_code(f[4]) {
        return Err(PassError::Malformed("bad event or category code"));
    }
    if !is_number(f[2]) || !is_number(f[3]) {
        return Err(PassError::Malformed("bad serial or version"));
    }
    let serial: u64 = f[2].parse().map_err(|_| PassError::Malformed("bad serial"))?;
    let version: u32 = f[3].parse().map_err(|_| PassError::Malformed("bad version"))?;
    if version == 0 {
        return Err(PassError::Malformed("bad version"));
    }
    // `*`, or items in strictly ascending order, each accepted (and mapped) by `item`.
    let list = |s: &str, item: &dyn Fn(&str) -> Option<String>| -> Result<Vec<String>, PassError> {
        if s == "*" {
            return Ok(Vec::new());
        }
        let parts: Vec<&str> = s.split('.').collect();
        if parts.windows(2).any(|w| w[0] >= w[1]) {
            return Err(PassError::Malformed("bad day or zone list"));
        }
        parts
            .iter()
            .map(|x| item(x).ok_or(PassError::Malformed("bad day or zone list")))
            .collect()
    };
    let days = list(f[5], &iso_date)?;
    let zones = list(f[6], &|x| is_code(x).then(|| x.to_string()))?;
    if sig.len() != SIGNATURE_CHARS {
        return Err(PassError::Malformed("signature length"));
    }
    let claims = Claims {
        event: f[1].into(),
        serial,
        version,
        category: f[4].into(),
        days,
        zones,
    };
    Ok((claims, body, sig))
}

/// Verifies a scanned payload for the event `event_code` with its public key (a version 1
/// pass; a version 2 pass is verified with its desk's key, [`desk::verify_any`]).
pub fn verify(payload: &str, event_code: &str, key: &VerifyingKey) -> Result<Claims, PassError> {
    let (claims, body, sig) = parse_unverified(payload)?;
    verify_parsed(claims, body, sig, event_code, key)
}

fn verify_parsed(
    claims: Claims,
    body: &str,
    sig: &str,
    event_code: &str,
    key: &VerifyingKey,
) -> Result<Claims, PassError> {
    if claims.event != event_code {
        return Err(PassError::OtherEvent(claims.event));
    }
    let bytes = BASE32_NOPAD
        .decode(sig.as_bytes())
        .map_err(|_| PassError::Malformed("signature encoding"))?;
    let bytes: [u8; 64] = bytes
        .try_into()
        .map_err(|_| PassError::Malformed("signature length"))?;
    let sig = Signature::from_bytes(&bytes);
    key.verify_strict(body.as_bytes(), &sig)
        .map_err(|_| PassError::BadSignature)?;
    Ok(claims)
}

/// The claims of a delegate's current badge: serial = registry id, current badge version,
/// category, valid days (empty = all) and effective zones (empty = all).
pub fn claims_for(event: &crate::registry::Event, d: &crate::registry::Delegate) -> Claims {
    Claims {
        event: event.code.clone(),
        serial: d.id.max(0) as u64,
        version: d.badge_version.max(1),
        category: d.category.clone(),
        days: d.days.clone(),
        zones: event.effective_zones(d),
    }
}

/// Signs the current pass of a delegate: with the registry's event key (version 1), or at a
/// desk copy with its own certified station key (version 2, [`desk`]). A door copy has
/// neither.
pub fn issue(reg: &crate::Registry, d: &crate::registry::Delegate) -> Result<String, crate::RegistryError> {
    let event = reg.event()?;
    let signer = desk::PassSigner::of(reg)?;
    signer
        .sign(&claims_for(&event, d))
        .map_err(|e| crate::RegistryError::Invalid {
            field: "pass".into(),
            message: e.to_string(),
        })
}

pub mod desk;

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> SigningKey {
        SigningKey::from_bytes(&[b; 32])
    }

    fn claims() -> Claims {
        Claims {
            event: "AATIP15".into(),
            serial: 4242,
            version: 2,
            category: "HOD".into(),
            days: vec!["2015-07-07".into(), "2015-07-06".into()],
            zones: vec!["PLENARY".into(), "BILATERAL".into()],
        }
    }

    #[test]
    fn round_trip_and_canonical_order() {
        let k = key(7);
        let p = sign(&claims(), &k).unwrap();
        assert!(
            p.starts_with("AC1:AATIP15:4242:2:HOD:20150706.20150707:BILATERAL.PLENARY:"),
            "{p}"
        );
        let c = verify(&p, "AATIP15", &k.verifying_key()).unwrap();
        assert_eq!(c.days, vec!["2015-07-06", "2015-07-07"]);
        assert_eq!(c.zones, vec!["BILATERAL", "PLENARY"]);
        assert_eq!(c.serial, 4242);
    }

    #[test]
    fn fits_qr_version_10_m_alphanumeric() {
        let p = sign(&claims(), &key(1)).unwrap();
        let qr = qrcode::QrCode::with_error_correction_level(p.as_bytes(), qrcode::EcLevel::M).unwrap();
        match qr.version() {
            qrcode::Version::Normal(v) => assert!(v <= 10, "version {v}"),
            qrcode::Version::Micro(_) => panic!("micro"),
        }
        assert!(
            p.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b":.*".contains(&b))
        );
    }

    #[test]
    fn every_single_character_change_is_refused() {
        let k = key(3);
        let vk = k.verifying_key();
        let p = sign(&claims(), &k).unwrap();
        let alphabet: Vec<char> = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567019:.* a".chars().collect();
        for i in 0..p.len() {
            for &c in &alphabet {
                let mut m: Vec<char> = p.chars().collect();
                if m[i] == c {
                    continue;
                }
                m[i] = c;
                let m: String = m.into_iter().collect();
                assert!(
                    verify(&m, "AATIP15", &vk).is_err(),
                    "accepted mutation at {i}: {m}"
                );
            }
        }
        for n in 0..p.len() {
            assert!(
                verify(&p[..n], "AATIP15", &vk).is_err(),
                "accepted truncation to {n}"
            );
        }
        for pad in [" ", "\n", "A", ":", "0"] {
            assert!(verify(&format!("{p}{pad}"), "AATIP15", &vk).is_err());
            assert!(verify(&format!("{pad}{p}"), "AATIP15", &vk).is_err());
        }
    }

    #[test]
    fn other_key_and_other_event_are_refused() {
        let p = sign(&claims(), &key(3)).unwrap();
        assert_eq!(
            verify(&p, "AATIP15", &key(4).verifying_key()),
            Err(PassError::BadSignature)
        );
        let mut other = claims();
        other.event = "AATIP16".into();
        let q = sign(&other, &key(3)).unwrap();
        assert!(matches!(
            verify(&q, "AATIP15", &key(3).verifying_key()),
            Err(PassError::OtherEvent(_))
        ));
    }
}
