//! The pure rules of descriptions: when one is due, what a save that met a colleague's keeps,
//! and what a form may hold.

use chrono::NaiveDate;

use super::FIELDS;
use crate::error::AppError;
use crate::visits::{Status, VisitType};

/// How a visit went, as far as its description goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Held,
    NoShow,
    /// Held, but stopped before its time.
    Stopped,
}

/// What is due for a visit: `None` nothing, `Some(short)` a description (short for a no-show or a
/// visit stopped early). Supervised visits always; supported ones only with the parents' yes to
/// descriptions in force on the visit's date; a cancelled or planned visit (no outcome) never.
pub fn due(visit_type: VisitType, outcome: Option<Outcome>, yes_in_force: bool) -> Option<bool> {
    let outcome = outcome?;
    let wanted = match visit_type {
        VisitType::Supervised => true,
        VisitType::Supported => yes_in_force,
    };
    wanted.then_some(outcome != Outcome::Held)
}

/// Whether a yes given and withdrawn on these dates is in force on `on` (a withdrawal takes effect
/// on its date).
pub fn yes_in_force(spans: &[(NaiveDate, Option<NaiveDate>)], on: NaiveDate) -> bool {
    spans.iter().any(|(given, withdrawn)| *given <= on && withdrawn.is_none_or(|w| w > on))
}

/// A field two consultants changed at once: the stored text (a colleague's, saved first) is kept,
/// and the caller's text follows it under a line naming them. Nothing either wrote is lost; they
/// edit the field together afterwards.
pub fn merge(stored: &str, mine: &str, who: &str, at: &str) -> String {
    if stored.trim() == mine.trim() || stored.contains(mine.trim()) {
        return stored.to_string();
    }
    if stored.trim().is_empty() {
        return mine.to_string();
    }
    format!("{}\n\n[Skrevet samtidig af {who} kl. {at}:]\n{}", stored.trim_end(), mine.trim())
}

/// The caseworker's notice of a sent description: a link, never the text.
pub fn sent_notice(link: &str) -> String {
    format!("Der er en ny samværsbeskrivelse til dig i Samvær. Læs den her (du skal logge ind): {link}")
}

/// How long after its planned end a visit may still be stopped (recorded after the fact).
pub const STOP_AFTER_END: i64 = 6 * 3600;

/// Why a visit may not be stopped before its time now, or `None` when it may: a visit (not a
/// meeting), not cancelled or missed, from its start until `STOP_AFTER_END` after its end, and
/// while its description is still being written (a stop changes what it says).
pub fn stop_refusal(
    is_visit: bool,
    status: Status,
    (starts_at, ends_at): (i64, i64),
    now: i64,
    description_left_writers: bool,
) -> Option<&'static str> {
    if !is_visit {
        return Some("Kun et samvær kan stoppes før tid.");
    }
    match status {
        Status::Cancelled => return Some("Samværet er aflyst."),
        Status::NoShow => return Some("Samværet er registreret som udeblevet."),
        Status::Planned | Status::Held => {}
    }
    if now < starts_at {
        return Some("Samværet er ikke begyndt endnu.");
    }
    if now >= ends_at + STOP_AFTER_END {
        return Some("Samværet sluttede for mere end 6 timer siden. Skriv det i beskrivelsen.");
    }
    if description_left_writers {
        return Some("Beskrivelsen er allerede sendt, så samværet kan ikke længere stoppes.");
    }
    None
}

/// The notice to a parent that a description is theirs to read first: a link, never the text.
pub fn review_notice(link: &str) -> String {
    format!(
        "Der er en beskrivelse af et samvær, som du kan læse og kommentere, før den sendes til rådgiveren. Læs den her (du skal logge ind): {link}"
    )
}

/// The notice of a visit stopped before its time: a link, never what happened.
pub fn stopped_notice(link: &str) -> String {
    format!("Et samvær er stoppet før tid. Se mere i Samvær (du skal logge ind): {link}")
}

pub const MAX_FIELD: usize = 12_000;
pub const MAX_COMMENT: usize = 4_000;
pub const MAX_REASON: usize = 1_000;
/// Working days the parents have to read and comment.
pub const REVIEW_DAYS: u32 = 3;

/// A field's text as posted: a known field, within its length. The message names the field.
pub fn check_field(key: &str, body: &str) -> Result<(), AppError> {
    let Some(spec) = FIELDS.iter().find(|f| f.key == key) else {
        return Err(AppError::invalid("field", "Feltet findes ikke i beskrivelsen."));
    };
    if body.chars().count() > MAX_FIELD {
        return Err(AppError::invalid(spec.key, format!("„{}“ er for lang: højst {MAX_FIELD} tegn.", spec.label)));
    }
    Ok(())
}

/// The parents' comment: not empty, not too long.
pub fn check_comment(text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid("comment", "Skriv din kommentar, før du sender den."));
    }
    if text.chars().count() > MAX_COMMENT {
        return Err(AppError::invalid("comment", format!("Kommentaren er for lang: højst {MAX_COMMENT} tegn.")));
    }
    Ok(text.to_string())
}

/// Why a sent description is corrected: required, not too long.
pub fn check_reason(text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid("reason", "Skriv, hvorfor beskrivelsen rettes."));
    }
    if text.chars().count() > MAX_REASON {
        return Err(AppError::invalid("reason", format!("Begrundelsen er for lang: højst {MAX_REASON} tegn.")));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_visit_is_stopped_only_while_it_runs_and_before_its_description_is_sent() {
        let (start, end) = (10_000, 10_000 + 7_200);
        assert_eq!(stop_refusal(true, Status::Planned, (start, end), start + 60, false), None);
        assert_eq!(stop_refusal(true, Status::Held, (start, end), end + STOP_AFTER_END - 1, false), None);
        assert!(stop_refusal(true, Status::Planned, (start, end), start - 1, false).is_some());
        assert!(stop_refusal(true, Status::Held, (start, end), end + STOP_AFTER_END, false).is_some());
        assert!(stop_refusal(true, Status::NoShow, (start, end), start + 60, false).is_some());
        assert!(stop_refusal(true, Status::Cancelled, (start, end), start + 60, false).is_some());
        assert!(stop_refusal(false, Status::Planned, (start, end), start + 60, false).is_some());
        assert!(stop_refusal(true, Status::Held, (start, end), start + 60, true).is_some());
    }

    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn supervised_always_supported_only_with_yes() {
        assert_eq!(due(VisitType::Supervised, Some(Outcome::Held), false), Some(false));
        assert_eq!(due(VisitType::Supervised, Some(Outcome::NoShow), false), Some(true));
        assert_eq!(due(VisitType::Supervised, Some(Outcome::Stopped), false), Some(true));
        assert_eq!(due(VisitType::Supported, Some(Outcome::Held), false), None);
        assert_eq!(due(VisitType::Supported, Some(Outcome::Held), true), Some(false));
        assert_eq!(due(VisitType::Supported, Some(Outcome::NoShow), true), Some(true));
        // Cancelled or not yet held: no outcome, nothing due.
        assert_eq!(due(VisitType::Supervised, None, true), None);
        assert_eq!(due(VisitType::Supported, None, true), None);
    }

    #[test]
    fn the_yes_on_the_visits_date() {
        let spans = [(d(2026, 3, 1), Some(d(2026, 6, 1))), (d(2026, 9, 1), None)];
        assert!(!yes_in_force(&spans, d(2026, 2, 28)));
        assert!(yes_in_force(&spans, d(2026, 3, 1)));
        assert!(yes_in_force(&spans, d(2026, 5, 31)));
        assert!(!yes_in_force(&spans, d(2026, 6, 1)));
        assert!(!yes_in_force(&spans, d(2026, 8, 31)));
        assert!(yes_in_force(&spans, d(2027, 1, 1)));
        assert!(!yes_in_force(&[], d(2027, 1, 1)));
    }

    #[test]
    fn a_merge_keeps_both_texts() {
        let merged = merge("Mor kom til tiden.", "Mor kom 10 minutter for sent.", "Anders", "14.03");
        assert!(merged.starts_with("Mor kom til tiden."));
        assert!(merged.contains("Skrevet samtidig af Anders kl. 14.03"));
        assert!(merged.ends_with("Mor kom 10 minutter for sent."));
        assert_eq!(merge("Samme.", "Samme.", "A", "1"), "Samme.");
        assert_eq!(merge("", "Nyt.", "A", "1"), "Nyt.");
    }

    #[test]
    fn fields_are_checked_by_name() {
        assert!(check_field("course", "kort").is_ok());
        assert!(check_field("secret", "x").is_err());
        let long = "x".repeat(MAX_FIELD + 1);
        let AppError::Validation(errors) = check_field("course", &long).unwrap_err() else { panic!() };
        assert!(format!("{errors:?}").contains("Forløbet"));
        assert!(check_comment("  ").is_err());
        assert!(check_reason("").is_err());
    }

    proptest! {
        #[test]
        fn a_merge_never_loses_a_paragraph(stored in "[a-zæøå .\n]{0,80}", mine in "[a-zæøå .\n]{0,80}") {
            let merged = merge(&stored, &mine, "B", "10.00");
            prop_assert!(merged.contains(stored.trim_end()) || stored.trim().is_empty());
            prop_assert!(merged.contains(mine.trim()));
        }
    }
}
