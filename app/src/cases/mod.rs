//! Cases: a caseworker's own, a centre's for its coordinator and leader; one case's page with its
//! history; ending a case and continuing it in a new one.

pub mod api;
#[cfg(feature = "ssr")]
pub mod consent;
#[cfg(feature = "ssr")]
pub mod course;
#[cfg(feature = "ssr")]
pub mod decisions;
#[cfg(feature = "ssr")]
pub mod effects;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod periods;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod terms;
#[cfg(feature = "ssr")]
pub mod voice;

use serde::{Deserialize, Serialize};

crate::id_newtype!(CaseId);
crate::id_newtype!(
    /// A family: its children, parents and network, and its cases.
    FamilyId
);
crate::id_newtype!(
    /// A child of a family.
    ChildId
);
crate::id_newtype!(
    /// A parent or network person of a family.
    PersonId
);
crate::id_newtype!(
    /// A decision (a period of visits, a suspension) on a case.
    DecisionId
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: CaseId,
    pub child_name: String,
    pub age: u32,
    pub family_code: String,
    /// "Overvåget samvær (§ 105)"
    pub visit_type: String,
    /// "1. august 2026 – 31. januar 2027"
    pub period: String,
    /// "Hver 2. uge, 120 minutter"
    pub frequency: String,
    pub status: String,
    pub conditions: String,
    pub next_visit: Option<String>,
}

/// One change in a case's history: "3. december 2026 kl. 10.12", who, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseChange {
    pub when: String,
    pub who: String,
    pub what: String,
}

/// Who must consent to supported visits (a custody holder, or the young person from 15), and
/// where their consent stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentLine {
    /// The form's value: "p<person id>", or "barn" for the young person.
    pub party: String,
    /// "Mette Nielsen (forældremyndighed)", "Emil selv (fylder 15 år 20. februar 2025)".
    pub who: String,
    /// "Givet 1. august 2026", "Trukket tilbage 3. december 2026", "Mangler".
    pub state: String,
    pub in_force: bool,
}

/// A committee decision under Barnets Lov § 105.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecisionKind {
    Supervised,
    Suspension,
    ContactSuspension,
    SecretAddress,
    /// A pause in the visits at the child's request (§ 103), at most 8 weeks.
    ChildPause,
}

impl DecisionKind {
    pub const ALL: [DecisionKind; 5] =
        [Self::Supervised, Self::Suspension, Self::ContactSuspension, Self::SecretAddress, Self::ChildPause];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Supervised => "supervised",
            Self::Suspension => "suspension",
            Self::ContactSuspension => "contact_suspension",
            Self::SecretAddress => "secret_address",
            Self::ChildPause => "child_pause",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// "Suspension af samvær (§ 105)"
    pub fn label(self) -> &'static str {
        match self {
            Self::Supervised => "Overvåget samvær (§ 105)",
            Self::Suspension => "Suspension af samvær (§ 105)",
            Self::ContactSuspension => "Afbrudt brev-, mail- og telefonkontakt (§ 105)",
            Self::SecretAddress => "Hemmelig adresse (§ 105)",
            Self::ChildPause => "Pause efter barnets ønske (§ 103)",
        }
    }

    /// What the decision does in Samvær, for the case page.
    pub fn effect(self) -> &'static str {
        match self {
            Self::Supervised => "Samvær i perioden skal være overvåget; støttede samvær i perioden aflyses.",
            Self::Suspension => "Intet samvær i perioden; planlagte samvær i perioden aflyses.",
            Self::ContactSuspension => "Forældrene ser ikke anbringelsesstedets kontaktoplysninger i perioden.",
            Self::SecretAddress => "Forældrene ser intet om anbringelsesstedet, så længe afgørelsen gælder.",
            Self::ChildPause => "Intet samvær i pausen (højst 8 uger); planlagte samvær i den aflyses.",
        }
    }
}

/// One § 105 decision on a case's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionLine {
    pub id: DecisionId,
    pub kind: DecisionKind,
    /// "4. december 2026 – 31. januar 2027"
    pub period: String,
    /// The end date as 'YYYY-MM-DD', the form's value.
    pub to: String,
    pub note: String,
    /// "Gælder nu", "Kommende", "Udløbet".
    pub state: String,
}

/// A case's terms as its form shows them ('YYYY-MM-DD' dates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsForm {
    pub visit_type: crate::visits::VisitType,
    pub from: String,
    pub to: String,
    pub frequency_weeks: i64,
    pub visit_minutes: i64,
    pub conditions: String,
}

/// How an appointment in a case's course went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mark {
    Held,
    Cancelled,
    NoShow,
    Planned,
}

impl Mark {
    /// The timeline's CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Mark::Held => "mark-held",
            Mark::Cancelled => "mark-cancelled",
            Mark::NoShow => "mark-no-show",
            Mark::Planned => "mark-planned",
        }
    }
}

/// One visit or meeting in the case's course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseLine {
    pub id: crate::visits::VisitId,
    /// "lørdag 5. december kl. 10.00"
    pub when: String,
    /// "Overvåget samvær", "Opstartsmøde"
    pub what: String,
    /// "Afholdt", "Aflyst af forælder: Syg", "Udeblevet", "Planlagt"
    pub state: String,
    pub mark: Mark,
}

/// The visits and meetings of the case's period: held, cancelled (by whom, why), no-shows and
/// planned, oldest first, with the counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    pub lines: Vec<CourseLine>,
    /// "8 afholdt · 2 aflyst · 1 udeblevet · 5 planlagt"
    pub counts: String,
}

/// A family whose next follow-up meeting is due (or overdue) and not booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueFollowup {
    pub family_code: String,
    /// "tirsdag 24. november"
    pub due: String,
    pub overdue: bool,
    /// The booking form with the family and "Opfølgningsmøde" chosen.
    pub book_href: String,
}

/// One case for its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDetail {
    pub summary: CaseSummary,
    pub caseworker: String,
    /// "Afsluttet 3. december 2026: Barnet er flyttet hjem."
    pub closed: Option<String>,
    /// The case this one continues, and the one that continues it.
    pub previous: Option<CaseId>,
    pub next: Option<CaseId>,
    pub history: Vec<CaseChange>,
    /// For a supported case: the consents it needs (§ 104, stk. 3).
    pub consents: Vec<ConsentLine>,
    /// The § 105 decisions, newest period first.
    pub decisions: Vec<DecisionLine>,
    pub terms: TermsForm,
    /// From the child's action plan, and the decision's reference in the municipality's system
    /// (empty when not given).
    pub purpose: String,
    pub goals: String,
    pub document_ref: String,
    /// The family's consultant, when one is chosen.
    pub consultant: Option<String>,
    /// Weeks between follow-up meetings.
    pub followup_weeks: i64,
    /// The child's support person (støtteperson): name and phone, empty when none.
    pub support_person: String,
    /// What the young person asked for in their own app, newest first.
    pub requests: Vec<String>,
    pub course: Course,
    /// The caseworkers the case can be handed to (for those who may change it).
    pub caseworkers: Vec<(crate::auth::UserId, String)>,
    /// Today, 'YYYY-MM-DD', the date fields' default.
    pub today: String,
    /// Whether the caller may close it (open) or continue it in a new case (closed, not yet
    /// continued): its caseworker and the centre's coordinator.
    pub may_change: bool,
}

/// Age in whole years on `on`. Server only: the browser gets ready-made labels.
#[cfg(feature = "ssr")]
pub fn age_on(birth: chrono::NaiveDate, on: chrono::NaiveDate) -> u32 {
    on.years_since(birth).unwrap_or(0)
}

pub fn frequency_label(weeks: i64, minutes: i64) -> String {
    let every = if weeks == 1 { "Hver uge".to_string() } else { format!("Hver {weeks}. uge") };
    format!("{every}, {minutes} minutter")
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn age_turns_on_the_birthday() {
        let b = NaiveDate::from_ymd_opt(2011, 12, 5).unwrap();
        assert_eq!(age_on(b, NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()), 14);
        assert_eq!(age_on(b, NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()), 15);
    }

    #[test]
    fn frequency_in_danish() {
        assert_eq!(frequency_label(1, 90), "Hver uge, 90 minutter");
        assert_eq!(frequency_label(2, 120), "Hver 2. uge, 120 minutter");
    }
}
