//! The parents' portal: "Mine samvær".

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::visits::VisitSummary;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalVisits {
    pub next: Option<VisitSummary>,
    pub later: Vec<VisitSummary>,
}
