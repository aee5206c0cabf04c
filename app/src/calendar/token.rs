//! Secret tokens for links: random, URL-safe, and stored only as a hash.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::context::SecretKey;

/// 16 random bytes from the OS generator, URL-safe base64: stored beside the feed.
pub fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// 32 random bytes from the OS generator, URL-safe base64 (43 characters): a secret shown once.
pub fn random() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The link token: HMAC-SHA256(server key, purpose and nonce), URL-safe base64 (43 characters,
/// 256 bits). The server can show it again to its owner; the database alone cannot rebuild it.
pub fn derive(key: &SecretKey, purpose: &str, nonce: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&key.0) else {
        return String::new(); // unreachable: HMAC takes keys of any length
    };
    mac.update(purpose.as_bytes());
    mac.update(b":");
    mac.update(nonce.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// The SHA-256 of a token, hex. A token is long and random, so a fast hash is enough.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Only strings that could be one of our tokens are looked up.
pub fn looks_valid(token: &str) -> bool {
    token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_derived_per_nonce_and_key_and_hashed() {
        let key = SecretKey([7; 32]);
        let a = derive(&key, "calendar", &new_nonce());
        let b = derive(&key, "calendar", &new_nonce());
        assert_ne!(a, b);
        let nonce = new_nonce();
        assert_eq!(derive(&key, "calendar", &nonce), derive(&key, "calendar", &nonce));
        assert_ne!(derive(&key, "calendar", &nonce), derive(&SecretKey([8; 32]), "calendar", &nonce));
        assert!(looks_valid(&a));
        assert!(looks_valid(&random()) && random() != random());
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), a);
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert!(!looks_valid("short"));
        assert!(!looks_valid(&format!("{}/", &a[..42])));
    }
}
