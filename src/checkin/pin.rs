//! The door-mode PIN: set at the desk, asked when leaving door mode or opening the
//! supervisor's tools at the door.
//!
//! Only a salted, iterated SHA-256 hash is stored, in the `meta` table under [`META_KEY`],
//! as `salt-hex$hash-hex`.

use sha2::{Digest, Sha256};

use crate::Registry;
use crate::registry::RegistryError;

/// The `meta` key holding the PIN hash.
pub const META_KEY: &str = "gui.door_pin";

const ROUNDS: u32 = 20_000;

fn hash(salt: &[u8], pin: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(pin.as_bytes());
    let mut out = h.finalize();
    for _ in 1..ROUNDS {
        let mut h = Sha256::new();
        h.update(salt);
        h.update(out);
        out = h.finalize();
    }
    out.to_vec()
}

/// Checks a new PIN: 4 to 12 digits.
pub fn validate(pin: &str) -> Result<(), String> {
    if pin.len() < 4 || pin.len() > 12 || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the PIN must be 4 to 12 digits".into());
    }
    Ok(())
}

/// Stores a new PIN (as a salted hash).
pub fn set(reg: &Registry, pin: &str) -> Result<(), RegistryError> {
    validate(pin).map_err(|message| RegistryError::Invalid {
        field: "PIN".into(),
        message,
    })?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| RegistryError::Invalid {
        field: "PIN".into(),
        message: format!("no random numbers from the system ({e})"),
    })?;
    let value = format!(
        "{}${}",
        data_encoding::HEXLOWER.encode(&salt),
        data_encoding::HEXLOWER.encode(&hash(&salt, pin))
    );
    reg.set_meta(META_KEY, &value)
}

/// Whether a PIN has been set.
pub fn is_set(reg: &Registry) -> Result<bool, RegistryError> {
    Ok(reg.meta(META_KEY)?.is_some())
}

/// Whether `pin` matches the stored PIN (false when none is set).
pub fn check(reg: &Registry, pin: &str) -> Result<bool, RegistryError> {
    let Some(stored) = reg.meta(META_KEY)? else {
        return Ok(false);
    };
    let Some((salt, expected)) = stored.split_once('$') else {
        return Ok(false);
    };
    let Ok(salt) = data_encoding::HEXLOWER.decode(salt.as_bytes()) else {
        return Ok(false);
    };
    Ok(data_encoding::HEXLOWER.encode(&hash(&salt, pin)) == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_round_trip() {
        let reg = Registry::open_in_memory().unwrap();
        assert!(!is_set(&reg).unwrap());
        assert!(!check(&reg, "1234").unwrap());
        assert!(set(&reg, "12a4").is_err());
        set(&reg, "2468").unwrap();
        assert!(is_set(&reg).unwrap());
        assert!(check(&reg, "2468").unwrap());
        assert!(!check(&reg, "2469").unwrap());
        let stored = reg.meta(META_KEY).unwrap().unwrap();
        assert!(!stored.contains("2468"));
    }
}
