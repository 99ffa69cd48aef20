//! The signed bytes of every item.
//!
//! ```text
//! <header>\n<payload>\n<signature>[\n<attachment>]
//! accredit-scan-1\n{"event":"AATIP15","signer":"ST-3FA2C1","scan":{...}}\n9f3c...(128 hex)
//! ```
//! - `header` names the kind and its format version: `accredit-cert-1`, `accredit-scan-1`,
//!   `accredit-record-1`. It is signed too, so a signature made for one kind never passes for
//!   another.
//! - `payload` is compact JSON (one line: JSON escapes newlines inside strings), fields in a
//!   fixed order; receivers verify the exact bytes, and scans are also checked to be in the
//!   canonical encoding (re-encoding gives the same bytes).
//! - `signature`: Ed25519 (RFC 8032, checked strictly) over `header\npayload`, in lower-case
//!   hex (128 characters).
//! - `attachment` (records only): the photo's JPEG bytes, unsigned but bound by the SHA-256
//!   that the signed payload names.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// Header of a station certificate.
pub const CERT_HEADER: &str = "accredit-cert-1";
/// Header of a signed scan.
pub const SCAN_HEADER: &str = "accredit-scan-1";
/// Header of a door record.
pub const RECORD_HEADER: &str = "accredit-record-1";
/// Header of a station's revocation.
pub const REVOKE_HEADER: &str = "accredit-revoke-1";

/// An item's bytes, split but not yet verified.
#[derive(Debug, Clone, Copy)]
pub struct Opened<'a> {
    /// The header line.
    pub header: &'a str,
    /// The payload (JSON).
    pub payload: &'a [u8],
    /// `header\npayload`: what the signature covers.
    pub signed: &'a [u8],
    /// The signature.
    pub signature: Signature,
    /// What follows the signature (a record's photo), if anything.
    pub attachment: Option<&'a [u8]>,
}

/// `header\npayload\nsignature`, signed with `key`.
pub fn seal(header: &str, payload: &[u8], key: &SigningKey) -> Vec<u8> {
    let mut out = signed_part(header, payload);
    let sig = key.sign(&out);
    append_signature(&mut out, &sig.to_bytes());
    out
}

/// The signature [`seal`] would append, without building the item (a scan row stores only
/// its signature).
pub fn signature(header: &str, payload: &[u8], key: &SigningKey) -> [u8; 64] {
    key.sign(&signed_part(header, payload)).to_bytes()
}

/// `header\npayload`: the bytes an item's signature covers, with room for the signature.
fn signed_part(header: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(header.len() + payload.len() + 130);
    out.extend_from_slice(header.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(payload);
    out
}

/// `header\npayload\nsignature` with a signature made earlier.
pub fn assemble(header: &str, payload: &[u8], signature: &[u8; 64]) -> Vec<u8> {
    let mut out = signed_part(header, payload);
    append_signature(&mut out, signature);
    out
}

fn append_signature(out: &mut Vec<u8>, sig: &[u8; 64]) {
    out.push(b'\n');
    out.extend_from_slice(data_encoding::HEXLOWER.encode(sig).as_bytes());
}

/// Splits an item's bytes; `None` when they are not shaped like an item.
pub fn open(body: &[u8]) -> Option<Opened<'_>> {
    let nl1 = body.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(body.get(..nl1)?).ok()?;
    let rest = body.get(nl1 + 1..)?;
    let nl2 = rest.iter().position(|&b| b == b'\n')?;
    let payload = rest.get(..nl2)?;
    let signed = body.get(..nl1 + 1 + nl2)?;
    let after = rest.get(nl2 + 1..)?;
    let hex = after.get(..128)?;
    let attachment = match after.get(128..) {
        None | Some([]) => None,
        Some([b'\n', a @ ..]) => Some(a),
        Some(_) => return None,
    };
    let sig = data_encoding::HEXLOWER.decode(hex).ok()?;
    let sig: [u8; 64] = sig.try_into().ok()?;
    Some(Opened {
        header,
        payload,
        signed,
        signature: Signature::from_bytes(&sig),
        attachment,
    })
}

impl Opened<'_> {
    /// Whether the signature verifies with `key` (strict RFC 8032 checks).
    pub fn verifies(&self, key: &VerifyingKey) -> bool {
        key.verify_strict(self.signed, &self.signature).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_bytes_open_and_verify_and_any_change_fails() {
        let k = SigningKey::from_bytes(&[9; 32]);
        let body = seal(SCAN_HEADER, br#"{"a":1}"#, &k);
        let o = open(&body).unwrap();
        assert_eq!(o.header, SCAN_HEADER);
        assert_eq!(o.payload, br#"{"a":1}"#);
        assert!(o.verifies(&k.verifying_key()));
        assert!(!o.verifies(&SigningKey::from_bytes(&[8; 32]).verifying_key()));
        for i in 0..body.len() {
            let mut m = body.clone();
            m[i] ^= 0x01;
            if let Some(o) = open(&m) {
                assert!(!o.verifies(&k.verifying_key()), "accepted a change at byte {i}");
            }
        }
        let mut with_photo = body.clone();
        with_photo.extend_from_slice(b"\nJPEG");
        assert_eq!(open(&with_photo).unwrap().attachment, Some(&b"JPEG"[..]));
        assert!(open(&body[..body.len() - 1]).is_none());
    }
}
