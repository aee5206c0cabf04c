//! Referral and intake: a caseworker refers a child or a sibling group (placement, parents and
//! network with custody, the decision's terms, purpose and goals) to a centre; the coordinator
//! asks back or accepts, and accepting creates the family, children, persons, relations and one
//! case per child in one transaction. A coordinator can also enter a case directly, for a
//! caseworker without an account.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

crate::id_newtype!(ReferralId);

/// How many rows the form offers.
pub const CHILD_ROWS: usize = 4;
pub const PERSON_ROWS: usize = 4;
pub const PLACEMENTS: [&str; 2] = ["A", "B"];

/// One child as the form sends it; an all-empty row is left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChildIn {
    pub first_name: String,
    pub last_name: String,
    /// 'YYYY-MM-DD'
    pub birth_date: String,
    /// "A" or "B": which of the referral's placements.
    pub placement: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlacementIn {
    /// foster_family, children_home, other
    pub kind: String,
    pub name: String,
    pub contact_name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// A checkbox: present when the address is secret.
    pub secret: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonIn {
    pub first_name: String,
    pub last_name: String,
    /// mother, father, parent, grandparent, sibling, aunt_uncle, friend, other
    pub relation: String,
    pub phone: String,
    pub email: String,
    /// A checkbox: present when the person holds custody of the children.
    pub custody: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionIn {
    /// supported, supervised
    pub visit_type: String,
    pub from: String,
    pub to: String,
    pub frequency_weeks: String,
    pub visit_minutes: String,
    pub conditions: String,
    /// From the child's action plan.
    pub purpose: String,
    pub goals: String,
    /// Where the decision is in the municipality's case system.
    pub document_ref: String,
}

/// A referral as the form sends it and as it is kept (checked and trimmed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReferralIn {
    pub centre_id: String,
    pub children: Vec<ChildIn>,
    pub placements: Vec<PlacementIn>,
    pub persons: Vec<PersonIn>,
    pub decision: DecisionIn,
}

/// A caseworker without an account, as a coordinator enters them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewCaseworkerIn {
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub municipality: String,
}

/// The relations a person can have to the children, with their Danish names.
pub const RELATIONS: [(&str, &str); 8] = [
    ("mother", "Mor"),
    ("father", "Far"),
    ("parent", "Forælder"),
    ("grandparent", "Bedsteforælder"),
    ("sibling", "Søskende"),
    ("aunt_uncle", "Moster, faster, onkel"),
    ("friend", "Ven af familien"),
    ("other", "Andet netværk"),
];

pub const PLACEMENT_KINDS: [(&str, &str); 3] =
    [("foster_family", "Plejefamilie"), ("children_home", "Døgninstitution"), ("other", "Andet")];

pub fn label_of(list: &[(&'static str, &'static str)], value: &str) -> &'static str {
    list.iter().find(|(v, _)| *v == value).map_or("", |(_, l)| *l)
}

/// One referral in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralItem {
    pub id: ReferralId,
    /// "Henvist torsdag 3. december kl. 10.12"
    pub sent: String,
    /// "Ny", "Spurgt", "Modtaget"
    pub status: String,
    /// The children by first name and age: "Sofie (8 år), Malte (6 år)"
    pub children: String,
    pub caseworker: String,
}

/// One referral on its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralView {
    pub item: ReferralItem,
    pub centre: String,
    pub body: ReferralIn,
    /// Questions and answers: (when, who, text).
    pub notes: Vec<(String, String, String)>,
    /// The caller is the centre's coordinator and the referral is not accepted yet.
    pub may_accept: bool,
    /// The caller is the referring caseworker and the coordinator has asked.
    pub may_answer: bool,
    /// After acceptance: the family's new cases, (case id, child's first name).
    pub cases: Vec<(crate::cases::CaseId, String)>,
    /// The centre's permanent consultants, for "the family's consultant" on acceptance.
    pub consultants: Vec<(crate::staff::StaffId, String)>,
    pub family_id: Option<crate::cases::FamilyId>,
    pub coordinator: bool,
    /// "Sofie Holm, født 1. marts 2018 (8 år) · Plejefamilien Bak"
    pub children_lines: Vec<String>,
    /// "1. december 2026 – 31. maj 2027"
    pub period: String,
    /// "Hver 2. uge, 120 minutter"
    pub frequency: String,
}

/// What the referral form needs: the centres to refer to, and (for a coordinator entering a case
/// directly) the caseworkers to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOptions {
    pub centres: Vec<(crate::setup::CentreId, String)>,
    /// Empty for a caseworker: they refer their own case.
    pub caseworkers: Vec<(crate::auth::UserId, String)>,
    /// For a coordinator: the centre's permanent consultants, one of whom may be the family's.
    pub consultants: Vec<(crate::staff::StaffId, String)>,
    pub today: String,
}
