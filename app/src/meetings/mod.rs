//! The agenda and minutes of a kick-off or follow-up meeting, written on the meeting's page. The
//! agreements in the minutes become the family's standing agreements, which the parents see on
//! every visit's page.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// The agreement topics, in the order the parents read them.
pub const TOPICS: [&str; 5] = ["bring", "toys", "food", "practise", "goal"];

/// What the meeting goes through, from the family's open cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    pub kickoff: bool,
    pub family_id: crate::cases::FamilyId,
    /// Per child: (first name, purpose, goals, conditions), as the decision states them.
    pub children: Vec<(String, String, String, String)>,
    /// "tirsdag 2. marts": the meeting's date and the case's rhythm, inside the decision's period.
    pub next_followup: Option<String>,
    /// The same as "2027-03-02", for the booking form.
    pub next_followup_date: Option<String>,
}

/// The meeting's agenda and its minutes so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minutes {
    pub agenda: Agenda,
    pub wishes: String,
    pub toured: bool,
    pub body: String,
    /// (topic, label, the family's agreement on it now)
    pub agreements: Vec<(String, String, String)>,
    /// "Skrevet af Lene Friis torsdag 3. december kl. 20.30"
    pub written: Option<String>,
    /// The reader may write the minutes (not a leader, not on a cancelled meeting).
    pub can_write: bool,
    /// The agreements as this page shows them (a fingerprint): a save from a page that no longer
    /// shows what is stored is refused, so no one's edit is undone unseen.
    pub seen: String,
}

/// The minutes form as posted: the agreements by topic, in `TOPICS` order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MinutesIn {
    pub wishes: String,
    pub toured: bool,
    pub body: String,
    pub agreements: [String; 5],
    /// `Minutes::seen` from the page the form was on.
    pub seen: String,
}
