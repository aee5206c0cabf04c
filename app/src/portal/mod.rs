//! The parents' portal: their visits, what to prepare, telling the centre, contacts.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::visits::VisitSummary;

/// "Mine samvær": the next visit, the rest, or the past ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalVisits {
    pub next: Option<VisitSummary>,
    pub others: Vec<VisitSummary>,
}

/// Someone a parent may call or write to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactCard {
    pub name: String,
    /// "Samværskonsulent", "Børne- og ungerådgiver, Børn og Unge, Myndighed"
    pub role: String,
    pub phone: Option<String>,
    /// "tel:+4572104000"
    pub phone_href: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub map_url: Option<String>,
    /// Opening hours, one line each.
    pub hours: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contacts {
    pub centre: ContactCard,
    pub consultant: Option<ContactCard>,
    pub caseworkers: Vec<ContactCard>,
    /// The children's placements, only where the address is not secret.
    pub placements: Vec<ContactCard>,
}
