//! A parent's personal, secret, revocable iCalendar subscription (RFC 5545).
//!
//! The link holds a 256-bit token derived from the server's secret key and a random nonce; the
//! database keeps the nonce and the token's SHA-256, so a copied database cannot rebuild a link but
//! the server can show it to its owner again. A new link replaces the old one; "stop" revokes it.
//! Events carry nothing sensitive: a type and a room, the time, the centre's address, a link.

pub mod api;
#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(feature = "ssr")]
pub mod ics;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod token;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarStatus {
    /// "lørdag 21. november kl. 14.03" when there is a working link.
    pub active_since: Option<String>,
    /// The working link.
    pub link: Option<NewLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLink {
    /// https://…/ical/<token>.ics
    pub https: String,
    /// webcal://…/ical/<token>.ics (opens the phone's calendar app)
    pub webcal: String,
}
