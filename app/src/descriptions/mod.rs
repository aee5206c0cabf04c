//! Written descriptions of visits (samværsbeskrivelser): due after every held supervised visit
//! (and a supported one the parents said yes to), written by the visit's consultants in one
//! structured form that saves itself, read by the parents first when the case says so, then sent
//! to the caseworker and locked; a correction is a new version with its reason. Exported as PDF.

pub mod api;
pub mod draft;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod lists;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod record;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod workdays;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DescriptionId(pub i64);

/// Where a description stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    /// Being written by the visit's consultants.
    Draft,
    /// Locked; the parents read it and may comment before it goes on.
    Review,
    /// Sent to the caseworker and locked.
    Sent,
    /// Replaced by a later version (kept and shown as such).
    Superseded,
}

impl State {
    pub fn parse(s: &str) -> Option<State> {
        match s {
            "draft" => Some(State::Draft),
            "review" => Some(State::Review),
            "sent" => Some(State::Sent),
            "superseded" => Some(State::Superseded),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            State::Draft => "Kladde",
            State::Review => "Hos forældrene",
            State::Sent => "Sendt til rådgiver",
            State::Superseded => "Erstattet af en rettet udgave",
        }
    }
}

/// One field of the form, its guidance, and whether a short description (no-show, stopped early)
/// has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSpec {
    pub key: &'static str,
    pub label: &'static str,
    /// The label for parents who read in English (the text itself is as written).
    pub label_en: &'static str,
    pub guide: &'static str,
    pub multiline: bool,
    pub in_short: bool,
}

const fn spec(
    key: &'static str,
    (label, label_en): (&'static str, &'static str),
    guide: &'static str,
    multiline: bool,
    in_short: bool,
) -> FieldSpec {
    FieldSpec { key, label, label_en, guide, multiline, in_short }
}

/// The fields in the order they are written and read.
pub const FIELDS: [FieldSpec; 12] = [
    spec(
        "present",
        ("Hvem var med", "Who was there"),
        "Navn og rolle for hver: barnet, forælder, netværk, konsulent, anbringelsessted.",
        true,
        true,
    ),
    spec("start", ("Start", "Start"), "Hvornår samværet faktisk begyndte, fx 16.05.", false, true),
    spec("end", ("Slut", "End"), "Hvornår samværet faktisk sluttede, fx 17.30.", false, true),
    spec(
        "arrival",
        ("Ankomst og aflevering", "Arrival and hand-over"),
        "Hvordan barnet kom og blev afleveret fra anbringelsesstedet, og hvordan mødet begyndte.",
        true,
        false,
    ),
    spec(
        "course",
        ("Forløbet", "How the visit went"),
        "Hvad skete der, i rækkefølge. Konkret: hvad blev sagt og gjort.",
        true,
        true,
    ),
    spec(
        "mood",
        ("Barnets reaktioner og stemning", "The child's reactions and mood"),
        "Hvad barnet gjorde og viste undervejs. Beskriv, hvad du så, ikke hvad du tror.",
        true,
        false,
    ),
    spec(
        "contact",
        ("Samspil og kontakt", "Interaction and contact"),
        "Hvordan forælder og barn var sammen: kontakt, leg, omsorg, grænser.",
        true,
        false,
    ),
    spec(
        "agreements",
        ("Vilkår og aftaler", "Conditions and agreements"),
        "Hvilke vilkår og faste aftaler blev overholdt, og hvilke ikke. Hvad gjorde du?",
        true,
        false,
    ),
    spec("farewell", ("Afsked", "Farewell"), "Hvordan samværet sluttede, og hvordan barnet blev hentet.", true, false),
    spec(
        "observation",
        ("Observation", "Observation"),
        "Kun det, du selv så og hørte. Citater i anførselstegn: „…“. Ingen vurdering her.",
        true,
        true,
    ),
    spec(
        "assessment",
        ("Vurdering", "Assessment"),
        "Din faglige vurdering af det, du har observeret, og hvad den bygger på.",
        true,
        true,
    ),
    spec(
        "child_view",
        ("Barnets perspektiv", "The child's perspective"),
        "Hvad barnet selv sagde eller viste om samværet, gerne med barnets egne ord.",
        true,
        true,
    ),
];

/// A text's fingerprint (FNV-1a, 64 bits, hex): the form carries the one of each field as it was
/// shown, so a save tells a field the writer left alone from one they changed. The same in the
/// browser and on the server.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.replace("\r\n", "\n").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

pub fn field(key: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.key == key)
}

/// One field as stored: its text and revision (0: nothing written yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub key: String,
    pub body: String,
    pub rev: i64,
}

/// A description as the caller may see it, with what they may do to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description {
    pub id: DescriptionId,
    pub appointment_id: crate::visits::VisitId,
    pub family_id: crate::cases::FamilyId,
    pub version: i64,
    pub state: State,
    pub short: bool,
    pub centre: String,
    /// "Overvåget samvær" / "Støttet samvær" (+ ", udeblevet" / ", stoppet før tid").
    pub kind: String,
    /// "lørdag 5. december, 10.00–12.00"
    pub when: String,
    pub place: String,
    pub family_code: String,
    pub children: String,
    pub staff: String,
    /// "fredag 11. december" and whether it has passed without the description being sent.
    pub due: String,
    pub overdue: bool,
    /// "Stoppet kl. 15.10: …"
    pub incident: Option<String>,
    pub sections: Vec<Section>,
    /// The parents read it before it goes on; until when they may comment.
    pub parents_review: bool,
    pub review_until: Option<String>,
    /// The parents' comments: a parent gets only their own.
    pub comments: Vec<ParentComment>,
    /// Why this version was made (after the first).
    pub reason: String,
    /// "fredag 4. december kl. 10.12 af Karen Holm" (to a parent without who sent it)
    pub sent: Option<String>,
    /// Every version of this visit's description: (id, version, state label).
    pub versions: Vec<(DescriptionId, i64, String)>,
    /// Read by one of the family's parents (the page talks to them, in their language).
    pub for_parent: bool,
    /// Where "back" goes for this reader: (href, label).
    pub back: (String, String),
    /// The visit's own page, for the staff who write (others have none).
    pub visit_href: Option<String>,
    pub can_write: bool,
    pub can_send: bool,
    pub can_correct: bool,
    pub can_comment: bool,
    pub can_export: bool,
}

/// One parent's comment on a description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentComment {
    /// The parent's name (empty for the parent reading their own).
    pub who: String,
    pub text: String,
    /// "fredag 4. december kl. 10.12"
    pub at: String,
}

impl Description {
    pub fn body(&self, key: &str) -> &str {
        self.sections.iter().find(|s| s.key == key).map_or("", |s| s.body.as_str())
    }
}

/// A row of "Mine beskrivelser" and the overview's overdue list: no names, the family by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueRow {
    pub id: DescriptionId,
    pub appointment_id: crate::visits::VisitId,
    /// "lørdag 5. december, 10.00–12.00"
    pub when: String,
    /// "F-04 (M.)"
    pub family: String,
    pub kind: String,
    pub state: State,
    pub due: String,
    pub overdue: bool,
    pub writers: String,
}

/// What an autosave answers: every field as now stored, and the labels of fields where a
/// colleague had saved meanwhile (both texts are kept in the field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub sections: Vec<Section>,
    pub merged: Vec<String>,
    /// "14.03"
    pub at: String,
}

/// A case's descriptions and its settings for them, for its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDescriptions {
    /// The parents read each description before it goes to the caseworker.
    pub parents_review: bool,
    /// A supported case: descriptions only with the parents' yes.
    pub supported: bool,
    /// "Ja fra 3. december 2026" / "Intet ja" / "Ja trukket tilbage 1. december 2026".
    pub yes: String,
    pub yes_in_force: bool,
    pub may_change: bool,
    pub rows: Vec<DueRow>,
}

/// Descriptions sent on time, per month and consultant, for the leader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnTime {
    /// "december 2026"
    pub month: String,
    pub consultant: String,
    pub sent: i64,
    pub on_time: i64,
    /// Due and not yet sent, past their deadline.
    pub overdue: i64,
}

/// A text cut where it quotes someone: (quoted, part). Quotes are „…“ or "…"; an unclosed quote
/// runs to the end of the text.
pub fn quotes(text: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut part = String::new();
    let mut close: Option<char> = None;
    for c in text.chars() {
        match (close, c) {
            (None, '„' | '"' | '“') => {
                if !part.is_empty() {
                    out.push((false, std::mem::take(&mut part)));
                }
                close = Some(if c == '„' { '“' } else { '"' });
                part.push(c);
            }
            (Some(end), c) if c == end || (end == '"' && c == '”') || (end == '“' && c == '”') => {
                part.push(c);
                out.push((true, std::mem::take(&mut part)));
                close = None;
            }
            _ => part.push(c),
        }
    }
    if !part.is_empty() {
        out.push((close.is_some(), part));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_fnv1a_of_the_text_with_lf_line_ends() {
        // public/draft.js computes the same in the browser: both change together or saves break.
        assert_eq!(fingerprint("Æble „citat“ ø\r\nå"), "3e3a5c78b0177e97");
        assert_eq!(fingerprint("Æble „citat“ ø\nå"), "3e3a5c78b0177e97");
        assert_eq!(fingerprint(""), "cbf29ce484222325");
    }

    #[test]
    fn quotes_are_found() {
        let parts = quotes("Barnet sagde: „Jeg vil hjem.“ og lo. Mor: \"Kom her\"");
        assert_eq!(
            parts,
            vec![
                (false, "Barnet sagde: ".to_string()),
                (true, "„Jeg vil hjem.“".to_string()),
                (false, " og lo. Mor: ".to_string()),
                (true, "\"Kom her\"".to_string()),
            ]
        );
        assert_eq!(quotes("ingen citater"), vec![(false, "ingen citater".to_string())]);
        assert_eq!(quotes("„åben"), vec![(true, "„åben".to_string())]);
    }

    #[test]
    fn every_field_is_named_once() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert_eq!(FIELDS.iter().position(|g| g.key == f.key), Some(i));
        }
        assert!(FIELDS.iter().filter(|f| f.in_short).count() >= 5);
    }
}
