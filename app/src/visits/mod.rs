//! Visits, meetings and guidance talks as people see them: their status and how they are told,
//! shared by the parents' portal and the staff pages. Creating and changing them is the booking
//! area's.

#[cfg(feature = "ssr")]
pub mod present;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod row;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

crate::id_newtype!(
    /// An appointment: a visit, a meeting or a guidance talk.
    VisitId
);

/// What an appointment is, as the `appointments.kind` column holds it. Read from the database as
/// this type: a value it does not know is an error, never taken for another kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "TEXT", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Visit,
    KickoffMeeting,
    FollowupMeeting,
    GuidanceBefore,
    GuidanceAfter,
}

impl Kind {
    /// A guidance talk right before or after a visit.
    pub fn is_talk(self) -> bool {
        matches!(self, Kind::GuidanceBefore | Kind::GuidanceAfter)
    }

    /// A kick-off or follow-up meeting.
    pub fn is_meeting(self) -> bool {
        matches!(self, Kind::KickoffMeeting | Kind::FollowupMeeting)
    }
}

/// An appointment's status, as the `appointments.status` column holds it ('planned', 'held',
/// 'cancelled', 'no_show'). Read from the database as this type: a value it does not know is an
/// error, never taken for "planned".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "TEXT", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    Held,
    Cancelled,
    NoShow,
}

impl Status {
    /// As the database writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Held => "held",
            Status::Cancelled => "cancelled",
            Status::NoShow => "no_show",
        }
    }

    pub fn label(self) -> &'static str {
        self.label_in(Lang::Da)
    }

    pub fn label_in(self, lang: Lang) -> &'static str {
        match self {
            Status::Planned => lang.t("Planlagt", "Planned"),
            Status::Held => lang.t("Afholdt", "Held"),
            Status::Cancelled => lang.t("Aflyst", "Cancelled"),
            Status::NoShow => lang.t("Udeblevet", "Did not come"),
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
    pub kind: Kind,
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
    /// A map search for the place's address.
    pub map_url: Option<String>,
    pub staff: String,
    pub children: String,
    /// The children's initials ("FN, ON"): staff lists show these, never the names.
    #[serde(default)]
    pub initials: String,
    /// No consultant is on it yet.
    #[serde(default)]
    pub unstaffed: bool,
    pub family_code: String,
    pub status: Status,
    /// "Aflyst af forælder" when cancelled
    pub status_note: String,
    /// "Flyttet fra fredag 4. december kl. 16.00" when the time was changed
    pub moved_from: Option<String>,
    /// What parents told the centre ("Forsinket 15 min. · sendt fre 4/12 9.42"), oldest first
    pub notices: Vec<String>,
    /// The parents' list only: the visit's guidance talks, folded into its row ("Vejledning før
    /// samvær 09.30–10.00").
    #[serde(default)]
    pub talks: Vec<String>,
}

/// One visit with what the parents need to prepare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitDetail {
    pub summary: VisitSummary,
    pub type_explained: String,
    pub preparation_notes: String,
    /// (topic, text): what to bring, toys, food, what you practise, goals.
    pub agreements: Vec<(String, String)>,
    /// The conditions (vilkår) the caseworker set.
    pub conditions: Vec<String>,
    /// Guidance talks linked to this visit, or the visit a guidance talk belongs to.
    pub related: Vec<VisitSummary>,
    /// Coming kick-off and follow-up meetings, with who attends.
    pub meetings: Vec<(VisitSummary, Vec<String>)>,
    pub participants: Vec<String>,
    /// The parent may still report a delay / that they cannot come.
    pub can_report_delay: bool,
    pub can_cancel: bool,
    /// The centre's phone, for "ring" (the parents' page makes it a `tel:` link).
    #[serde(default)]
    pub centre_phone: Option<String>,
}

/// Supported (Barnets Lov § 104) or supervised (§ 105), as `cases.visit_type` and
/// `appointments.visit_type` hold it. Read from the database as this type: a value it does not
/// know is an error, never taken for supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "TEXT", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum VisitType {
    Supported,
    Supervised,
}

impl VisitType {
    /// As the database and the forms write it.
    pub fn as_str(self) -> &'static str {
        match self {
            VisitType::Supported => "supported",
            VisitType::Supervised => "supervised",
        }
    }

    /// A form's value; None for anything else.
    pub fn parse(s: &str) -> Option<VisitType> {
        [VisitType::Supported, VisitType::Supervised].into_iter().find(|t| t.as_str() == s)
    }

    /// "Støttet samvær (§ 104)" or "Overvåget samvær (§ 105)": with the section of Barnets Lov.
    pub fn with_law(self) -> &'static str {
        match self {
            VisitType::Supported => "Støttet samvær (§ 104)",
            VisitType::Supervised => "Overvåget samvær (§ 105)",
        }
    }

    /// "Støttet samvær" or "Overvåget samvær".
    pub fn label(self) -> &'static str {
        match self {
            VisitType::Supported => "Støttet samvær",
            VisitType::Supervised => "Overvåget samvær",
        }
    }

    /// "Støttet" or "Overvåget", where space is short (a board cell, a line of a case's history).
    pub fn short(self) -> &'static str {
        match self {
            VisitType::Supported => "Støttet",
            VisitType::Supervised => "Overvåget",
        }
    }
}

/// Who called an appointment off, as `appointments.cancelled_by` holds it. Read from the database
/// as this type: a value it does not know is an error, never taken for the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "TEXT", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum CancelledBy {
    Centre,
    Parent,
    Placement,
    Child,
    Caseworker,
}

impl CancelledBy {
    /// In the order the cancel form offers them.
    pub const ALL: [CancelledBy; 5] =
        [CancelledBy::Centre, CancelledBy::Parent, CancelledBy::Placement, CancelledBy::Child, CancelledBy::Caseworker];

    /// As the database and the cancel form write it.
    pub fn as_str(self) -> &'static str {
        match self {
            CancelledBy::Centre => "centre",
            CancelledBy::Parent => "parent",
            CancelledBy::Placement => "placement",
            CancelledBy::Child => "child",
            CancelledBy::Caseworker => "caseworker",
        }
    }

    /// The cancel form's value; None for anything else.
    pub fn parse(s: &str) -> Option<CancelledBy> {
        CancelledBy::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// Who, as the cancel form's choice names them.
    pub fn who(self) -> &'static str {
        match self {
            CancelledBy::Centre => "Samværscentret",
            CancelledBy::Parent => "Forælder",
            CancelledBy::Placement => "Anbringelsesstedet",
            CancelledBy::Child => "Barnet",
            CancelledBy::Caseworker => "Rådgiveren",
        }
    }

    /// "Aflyst af forælder": how a cancelled appointment is shown.
    pub fn label_in(self, lang: Lang) -> &'static str {
        match self {
            CancelledBy::Parent => lang.t("Aflyst af forælder", "Cancelled by a parent"),
            CancelledBy::Placement => lang.t("Aflyst af anbringelsesstedet", "Cancelled by the placement"),
            CancelledBy::Child => lang.t("Aflyst efter barnets ønske", "Cancelled at the child's wish"),
            CancelledBy::Caseworker => lang.t("Aflyst af rådgiver", "Cancelled by the caseworker"),
            CancelledBy::Centre => lang.t("Aflyst af samværscentret", "Cancelled by the visitation centre"),
        }
    }
}

/// A family as staff lists write it: the code with the children's initials ("F-01 · FN, ON"),
/// never their names; the code alone when no child is on the appointment.
pub fn family_label(code: &str, initials: &str) -> String {
    if initials.is_empty() { code.to_string() } else { format!("{code} · {initials}") }
}

/// The title of an appointment of `kind` and visit type.
pub fn title(lang: Lang, kind: Kind, visit_type: Option<VisitType>) -> &'static str {
    match (kind, visit_type) {
        (Kind::Visit, Some(VisitType::Supervised)) => lang.t("Overvåget samvær", "Supervised visit"),
        (Kind::Visit, _) => lang.t("Støttet samvær", "Supported visit"),
        (Kind::KickoffMeeting, _) => lang.t("Opstartsmøde", "Kick-off meeting"),
        (Kind::FollowupMeeting, _) => lang.t("Opfølgningsmøde", "Follow-up meeting"),
        (Kind::GuidanceBefore, _) => lang.t("Vejledning før samvær", "Guidance talk before the visit"),
        (Kind::GuidanceAfter, _) => lang.t("Vejledning efter samvær", "Guidance talk after the visit"),
    }
}

/// Plain words for parents about what the visit type means.
pub fn type_explained(lang: Lang, kind: Kind, visit_type: Option<VisitType>) -> &'static str {
    match (kind, visit_type) {
        (Kind::Visit, Some(VisitType::Supervised)) => lang.t(
            "En samværskonsulent er til stede hele tiden. Efter samværet skriver konsulenten en beskrivelse, som du kan læse og gennemgå før opfølgningsmødet.",
            "A visit consultant is present all the time. Afterwards the consultant writes a description, which you can read and go through before the follow-up meeting.",
        ),
        (Kind::Visit, _) => lang.t(
            "En samværskonsulent støtter og guider dig under samværet. Der skrives kun en beskrivelse, hvis I har aftalt det.",
            "A visit consultant supports and guides you during the visit. A description is only written if you have agreed to it.",
        ),
        (Kind::KickoffMeeting, _) => lang.t(
            "Et møde før det første samvær, hvor vi aftaler rammerne og viser jer rundt.",
            "A meeting before the first visit where we agree on the setting and show you around.",
        ),
        (Kind::FollowupMeeting, _) => lang.t(
            "Et møde med rådgiveren, hvor vi ser på, hvordan samværene går.",
            "A meeting with the caseworker about how the visits are going.",
        ),
        (Kind::GuidanceBefore | Kind::GuidanceAfter, _) => lang.t(
            "En samtale mellem dig og samværskonsulenten, uden barnet.",
            "A talk between you and the visit consultant, without the child.",
        ),
    }
}

/// The heading of an agreement topic.
pub fn agreement_topic(lang: Lang, topic: &str) -> &'static str {
    match topic {
        "bring" => lang.t("Det tager du med", "What to bring"),
        "toys" => lang.t("Legetøj", "Toys"),
        "food" => lang.t("Mad og drikke", "Food and drink"),
        "practise" => lang.t("Det øver vi", "What we practise"),
        _ => lang.t("Mål aftalt med rådgiveren", "Goals agreed with the caseworker"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_follow_kind_and_type() {
        assert_eq!(title(Lang::Da, Kind::Visit, Some(VisitType::Supervised)), "Overvåget samvær");
        assert_eq!(title(Lang::Da, Kind::Visit, Some(VisitType::Supported)), "Støttet samvær");
        assert_eq!(title(Lang::Da, Kind::GuidanceBefore, None), "Vejledning før samvær");
        assert_eq!(title(Lang::En, Kind::KickoffMeeting, None), "Kick-off meeting");
    }

    #[test]
    fn a_kind_is_read_as_the_database_writes_it_and_an_unknown_one_is_refused() {
        let read = |s: &str| serde_json::from_str::<Kind>(&format!("\"{s}\""));
        assert_eq!(read("guidance_after").ok(), Some(Kind::GuidanceAfter));
        assert_eq!(read("kickoff_meeting").ok().map(Kind::is_meeting), Some(true));
        assert!(read("lunch").is_err(), "not taken for a guidance talk");
    }

    #[test]
    fn a_status_is_read_as_the_database_writes_it_and_an_unknown_one_is_refused() {
        let read = |s: &str| serde_json::from_str::<Status>(&format!("\"{s}\""));
        assert_eq!(read("no_show").ok(), Some(Status::NoShow));
        assert_eq!(read("planned").ok().map(Status::label), Some("Planlagt"));
        assert!(read("postponed").is_err(), "not taken for planned");
    }

    #[test]
    fn who_cancelled_is_read_as_the_database_writes_it_and_an_unknown_one_is_refused() {
        let read = |s: &str| serde_json::from_str::<CancelledBy>(&format!("\"{s}\""));
        assert_eq!(read("caseworker").ok(), Some(CancelledBy::Caseworker));
        assert_eq!(read("parent").ok().map(|b| b.label_in(Lang::Da)), Some("Aflyst af forælder"));
        assert!(read("neighbour").is_err(), "not taken for the centre");
        for by in CancelledBy::ALL {
            assert_eq!(CancelledBy::parse(by.as_str()), Some(by));
        }
        assert_eq!(CancelledBy::parse("Centre"), None);
    }

    #[test]
    fn a_visit_type_is_read_as_the_database_writes_it_and_an_unknown_one_is_refused() {
        let read = |s: &str| serde_json::from_str::<VisitType>(&format!("\"{s}\""));
        assert_eq!(read("supervised").ok(), Some(VisitType::Supervised));
        assert!(read("guided").is_err(), "not taken for supported");
        assert_eq!(VisitType::parse("supported"), Some(VisitType::Supported));
        assert_eq!(VisitType::parse(""), None);
        assert_eq!(title(Lang::Da, Kind::Visit, Some(VisitType::Supervised)), "Overvåget samvær");
    }
}
