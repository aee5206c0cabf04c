//! Message bodies at rest: XChaCha20-Poly1305 (RustCrypto's `chacha20poly1305`, an audited AEAD)
//! with a random 24-byte nonce per body and the channel id as associated data, so a body cannot be
//! moved to another channel. Each row names its key; rotation re-encrypts under the current key.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;

/// The message keys: the first encrypts; all decrypt (old keys stay until rotation is done).
#[derive(Clone)]
pub struct MessageKeys(pub Vec<(String, [u8; 32])>);

impl std::fmt::Debug for MessageKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.0.iter().map(|(id, _)| id.as_str()).collect();
        write!(f, "MessageKeys({ids:?}, keys redacted)")
    }
}

/// An encrypted body as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub nonce: Vec<u8>,
    pub body: Vec<u8>,
}

impl MessageKeys {
    pub fn current_id(&self) -> &str {
        self.0.first().map_or("", |(id, _)| id.as_str())
    }

    pub fn seal(&self, context: i64, plain: &str) -> Option<Sealed> {
        let (id, key) = self.0.first()?;
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = context.to_be_bytes();
        let body = XChaCha20Poly1305::new(key.into())
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad: &aad })
            .ok()?;
        Some(Sealed { key_id: id.clone(), nonce: nonce.to_vec(), body })
    }

    /// The text, or None if the key is unknown or the body was altered.
    pub fn open(&self, context: i64, sealed: &Sealed) -> Option<String> {
        let (_, key) = self.0.iter().find(|(id, _)| *id == sealed.key_id)?;
        if sealed.nonce.len() != 24 {
            return None;
        }
        let aad = context.to_be_bytes();
        let plain = XChaCha20Poly1305::new(key.into())
            .decrypt(XNonce::from_slice(&sealed.nonce), Payload { msg: &sealed.body, aad: &aad })
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_open_only_with_their_key_and_channel() {
        let keys = MessageKeys(vec![("k2".into(), [2; 32]), ("k1".into(), [1; 32])]);
        let sealed = keys.seal(7, "Freja glæder sig til lørdag").unwrap_or_else(|| panic!("seal"));
        assert_eq!(sealed.key_id, "k2");
        assert!(!String::from_utf8_lossy(&sealed.body).contains("Freja"));
        assert_eq!(keys.open(7, &sealed).as_deref(), Some("Freja glæder sig til lørdag"));
        assert_eq!(keys.open(8, &sealed), None, "another channel");
        let mut altered = sealed.clone();
        altered.body[0] ^= 1;
        assert_eq!(keys.open(7, &altered), None);
        // An old key still opens what it sealed; without it nothing opens.
        let old = MessageKeys(vec![("k1".into(), [1; 32])]).seal(7, "gammel").unwrap_or_else(|| panic!("seal"));
        assert_eq!(keys.open(7, &old).as_deref(), Some("gammel"));
        assert_eq!(MessageKeys(vec![("k2".into(), [2; 32])]).open(7, &old), None);
        let shown = format!("{keys:?}");
        assert!(shown.contains("redacted") && !shown.contains("2, 2") && !shown.contains("AgICAg"), "{shown}");
    }
}
