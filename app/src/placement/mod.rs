//! The placement as a partner: the contact of a child's placement (a foster family or an
//! institution) holds a secure link to a channel with the centre. Through it they see the child's
//! coming visits with hand-over and pick-up times and place, and write a short note before a visit
//! and after it; the consultant reads the notes on the visit. Parents never see them: the notes
//! are messages of the placement's channel, which no parent reads.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::visits::VisitId;

/// One of the child's visits as the placement sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverVisit {
    pub id: VisitId,
    /// "Støttet samvær"
    pub title: String,
    /// "lørdag 5. december"
    pub day: String,
    /// "Aflevering kl. 10.00 · afhentning kl. 12.00"
    pub handover: String,
    pub place: String,
    pub address: String,
    pub cancelled: bool,
    /// The notes written on it through this channel, oldest first.
    pub notes: Vec<String>,
    /// What may be written now: ("before", "Før samværet"), ("after", "Efter samværet").
    pub phases: Vec<(String, String)>,
}

/// The placement's view: whose placement, and the child's visits from two weeks ago on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementView {
    pub child: String,
    pub visits: Vec<HandoverVisit>,
}
