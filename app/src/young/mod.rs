//! The young person's own page (from 15, Barnets Lov § 103 and § 104): their own coming visits,
//! their own consent to supported visits given or withdrawn, and asking for a pause or a talk.
//! A young person's account belongs to one child; it never reads the parents' pages or messages.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// One of the young person's visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YoungVisit {
    /// "lørdag 5. december kl. 10.00"
    pub when: String,
    /// "10.00–12.00"
    pub span: String,
    pub title: String,
    pub place: String,
    pub address: String,
    pub cancelled: bool,
}

/// The young person's consent to supported visits, when their case asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YoungConsent {
    /// "Givet 1. august 2026", "Trukket tilbage 3. december 2026", "Mangler"
    pub state: String,
    pub in_force: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YoungView {
    pub first_name: String,
    pub visits: Vec<YoungVisit>,
    pub consent: Option<YoungConsent>,
    /// What they asked for before: "torsdag 3. december kl. 20.30 · Pause: …"
    pub requests: Vec<String>,
    /// The centre's phone, for "ring til os".
    pub phone: String,
}
