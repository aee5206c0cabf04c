//! Message bodies and notice texts at rest: XChaCha20-Poly1305 (RustCrypto's `chacha20poly1305`,
//! an audited AEAD) with a random 24-byte nonce per text. The associated data (`Aad`) binds a text
//! to where it was written: the table, the row id, the channel and, for messages, the side, so a
//! ciphertext copied onto another row (even of the same channel) does not open. Each row names its
//! key and the version of its binding; rotation re-encrypts under the current key and binding.

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

/// The binding every new text is sealed with (rows store theirs in `aad_version`).
pub const AAD_VERSION: i64 = 2;

/// What a text is bound to (its associated data). Version 1, rows sealed before 2026-12, bound a
/// message to its channel only and a notice to nothing (0); they still open until rotation
/// reseals them. Version 2 binds the table, the row id, the channel and the side (messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aad<'a> {
    version: i64,
    table: &'static str,
    id: i64,
    /// The channel's number (0 for a notice without a channel, as it has always been bound).
    channel_id: i64,
    side: &'a str,
}

impl<'a> Aad<'a> {
    /// A message: its row id, its channel and its side ("staff" or "family").
    pub fn message(id: crate::channels::MessageId, channel: crate::channels::ChannelId, side: &'a str) -> Self {
        Aad { version: AAD_VERSION, table: "messages", id: id.0, channel_id: channel.0, side }
    }

    /// A notice: its row id and its channel, if it has one.
    pub fn notice(id: i64, channel: Option<crate::channels::ChannelId>) -> Self {
        Aad { version: AAD_VERSION, table: "notices", id, channel_id: channel.map_or(0, |c| c.0), side: "" }
    }

    /// The same place, as a row stored with binding `version` was sealed.
    pub fn version(self, version: i64) -> Self {
        Aad { version, ..self }
    }

    fn bytes(&self) -> Option<Vec<u8>> {
        match self.version {
            1 if self.table == "messages" => Some(self.channel_id.to_be_bytes().to_vec()),
            1 => Some(0i64.to_be_bytes().to_vec()),
            2 => {
                Some(format!("samvaer-aad-2/{}/{}/{}/{}", self.table, self.id, self.channel_id, self.side).into_bytes())
            }
            _ => None,
        }
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

    /// Seals `plain` under the current key, bound to `aad`.
    pub fn seal(&self, aad: &Aad, plain: &str) -> Option<Sealed> {
        let (id, key) = self.0.first()?;
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = aad.bytes()?;
        let body = XChaCha20Poly1305::new(key.into())
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad: &aad })
            .ok()?;
        Some(Sealed { key_id: id.clone(), nonce: nonce.to_vec(), body })
    }

    /// The text, or None if the key is unknown, the body was altered or it was sealed for
    /// another place than `aad`.
    pub fn open(&self, aad: &Aad, sealed: &Sealed) -> Option<String> {
        let (_, key) = self.0.iter().find(|(id, _)| *id == sealed.key_id)?;
        if sealed.nonce.len() != 24 {
            return None;
        }
        let aad = aad.bytes()?;
        let plain = XChaCha20Poly1305::new(key.into())
            .decrypt(XNonce::from_slice(&sealed.nonce), Payload { msg: &sealed.body, aad: &aad })
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::{ChannelId, MessageId};

    #[test]
    fn bodies_open_only_with_their_key_and_place() {
        let keys = MessageKeys(vec![("k2".into(), [2; 32]), ("k1".into(), [1; 32])]);
        let here = Aad::message(MessageId(5), ChannelId(7), "staff");
        let sealed = keys.seal(&here, "Freja glæder sig til lørdag").unwrap_or_else(|| panic!("seal"));
        assert_eq!(sealed.key_id, "k2");
        assert!(!String::from_utf8_lossy(&sealed.body).contains("Freja"));
        assert_eq!(keys.open(&here, &sealed).as_deref(), Some("Freja glæder sig til lørdag"));
        for elsewhere in [
            Aad::message(MessageId(5), ChannelId(8), "staff"),
            Aad::message(MessageId(6), ChannelId(7), "staff"),
            Aad::message(MessageId(5), ChannelId(7), "family"),
            Aad::notice(5, Some(ChannelId(7))),
            here.version(1),
            here.version(3),
        ] {
            assert_eq!(keys.open(&elsewhere, &sealed), None, "{elsewhere:?}");
        }
        let mut altered = sealed.clone();
        altered.body[0] ^= 1;
        assert_eq!(keys.open(&here, &altered), None);
        // An old key still opens what it sealed; without it nothing opens.
        let old = MessageKeys(vec![("k1".into(), [1; 32])]).seal(&here, "gammel").unwrap_or_else(|| panic!("seal"));
        assert_eq!(keys.open(&here, &old).as_deref(), Some("gammel"));
        assert_eq!(MessageKeys(vec![("k2".into(), [2; 32])]).open(&here, &old), None);
        let shown = format!("{keys:?}");
        assert!(shown.contains("redacted") && !shown.contains("2, 2") && !shown.contains("AgICAg"), "{shown}");
    }

    #[test]
    fn rows_sealed_before_the_binding_still_open() {
        // Version 1 bound a message to its channel id and a notice to 0, as 8 big-endian bytes.
        let keys = MessageKeys(vec![("k1".into(), [1; 32])]);
        let legacy = |context: i64, plain: &str| {
            let nonce = [9u8; 24];
            let body = XChaCha20Poly1305::new((&[1u8; 32]).into())
                .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad: &context.to_be_bytes() })
                .unwrap_or_default();
            Sealed { key_id: "k1".into(), nonce: nonce.to_vec(), body }
        };
        let message = legacy(7, "gammel besked");
        assert_eq!(
            keys.open(&Aad::message(MessageId(5), ChannelId(7), "staff").version(1), &message).as_deref(),
            Some("gammel besked")
        );
        assert_eq!(keys.open(&Aad::message(MessageId(5), ChannelId(7), "staff"), &message), None, "not as version 2");
        let notice = legacy(0, "gammel meddelelse");
        assert_eq!(
            keys.open(&Aad::notice(3, Some(ChannelId(7))).version(1), &notice).as_deref(),
            Some("gammel meddelelse")
        );
    }
}
