//! Visits, meetings and guidance talks as people see them. Shared by the parents' portal and the
//! staff overview; the booking area will own creating and changing them.

#[cfg(feature = "ssr")]
pub mod present;
#[cfg(feature = "ssr")]
pub mod repo;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VisitId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Planned,
    Held,
    Cancelled,
    NoShow,
}

impl Status {
    pub fn parse(s: &str) -> Status {
        match s {
            "held" => Status::Held,
            "cancelled" => Status::Cancelled,
            "no_show" => Status::NoShow,
            _ => Status::Planned,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Planned => "Planlagt",
            Status::Held => "Afholdt",
            Status::Cancelled => "Aflyst",
            Status::NoShow => "Udeblevet",
        }
    }

    pub fn css(self) -> &'static str {
        match self {
            Status::Planned => "status-planned",
            Status::Held => "status-held",
            Status::Cancelled => "status-cancelled",
            Status::NoShow => "status-noshow",
        }
    }
}

/// A visit or meeting in a list: everything already formatted for display in Danish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitSummary {
    pub id: VisitId,
    /// "Overvåget samvær", "Opstartsmøde", "Vejledning før samvær" ...
    pub title: String,
    /// "lørdag 5. december kl. 10.00"
    pub when: String,
    /// "lørdag 5.12."
    pub day: String,
    /// "10.00–12.00"
    pub span: String,
    pub place: String,
    pub place_address: String,
    pub staff: String,
    pub children: String,
    pub family_code: String,
    pub status: Status,
    /// "Aflyst af forælder" when cancelled
    pub status_note: String,
}

/// One visit with what the parents need to prepare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitDetail {
    pub summary: VisitSummary,
    pub type_explained: String,
    pub preparation_notes: String,
    pub participants: Vec<String>,
}

/// The title of an appointment of `kind` ('visit', 'kickoff_meeting', ...) and visit type.
pub fn title(kind: &str, visit_type: Option<&str>) -> &'static str {
    match (kind, visit_type) {
        ("visit", Some("supervised")) => "Overvåget samvær",
        ("visit", _) => "Støttet samvær",
        ("kickoff_meeting", _) => "Opstartsmøde",
        ("followup_meeting", _) => "Opfølgningsmøde",
        ("guidance_before", _) => "Vejledning før samvær",
        ("guidance_after", _) => "Vejledning efter samvær",
        _ => "Aftale",
    }
}

/// Plain words for parents about what the visit type means.
pub fn type_explained(kind: &str, visit_type: Option<&str>) -> &'static str {
    match (kind, visit_type) {
        ("visit", Some("supervised")) => {
            "En samværskonsulent er til stede hele tiden. Efter samværet skriver konsulenten en beskrivelse, som du kan læse og gennemgå før opfølgningsmødet."
        }
        ("visit", _) => {
            "En samværskonsulent støtter og guider dig under samværet. Der skrives kun en beskrivelse, hvis I har aftalt det."
        }
        ("kickoff_meeting", _) => "Et møde før det første samvær, hvor vi aftaler rammerne og viser jer rundt.",
        ("followup_meeting", _) => "Et møde med rådgiveren, hvor vi ser på, hvordan samværene går.",
        _ => "En samtale mellem dig og samværskonsulenten, uden barnet.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_follow_kind_and_type() {
        assert_eq!(title("visit", Some("supervised")), "Overvåget samvær");
        assert_eq!(title("visit", Some("supported")), "Støttet samvær");
        assert_eq!(title("guidance_before", None), "Vejledning før samvær");
    }

    #[test]
    fn status_round_trip() {
        assert_eq!(Status::parse("no_show"), Status::NoShow);
        assert_eq!(Status::parse("planned").label(), "Planlagt");
    }
}
