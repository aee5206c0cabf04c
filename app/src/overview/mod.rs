//! The staff overview: today's and this week's visits.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::visits::VisitSummary;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayGroup {
    pub label: String,
    pub is_weekend: bool,
    pub visits: Vec<VisitSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// "mandag 23. november"
    pub today_label: String,
    /// "Uge 48"
    pub week_label: String,
    /// Whether the list is limited to the caller's own visits (hourly consultants).
    pub only_mine: bool,
    pub today: Vec<VisitSummary>,
    /// Coming appointments a parent has sent a notice about lately (delayed, cannot come).
    pub alerts: Vec<VisitSummary>,
    pub week: Vec<DayGroup>,
    /// What changed in the families' cases this past week (visits a decision cancelled): for the
    /// coordinator and leader all of the centre's, for a consultant their own families'.
    pub case_notices: Vec<CaseNotice>,
    /// For the coordinator and leader: families whose follow-up meeting is due and not booked.
    pub followups: Vec<crate::cases::DueFollowup>,
    /// Descriptions past their deadline: for the coordinator and leader the centre's, for a
    /// consultant those of the visits they staffed.
    pub overdue: Vec<crate::descriptions::DueRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseNotice {
    /// "torsdag 3. december kl. 10.12"
    pub when: String,
    /// "F-03 (E.): Ny afgørelse: Suspension af samvær (§ 105), … 2 samvær aflyst."
    pub text: String,
}
