//! The minutes' rules: what a form may hold, which agreements it changes, when the next follow-up
//! falls. Pure: no I/O.

use chrono::{Days, NaiveDate};

use super::{MinutesIn, TOPICS};
use crate::error::AppError;

pub const MAX_WISHES: usize = 2000;
pub const MAX_BODY: usize = 8000;
pub const MAX_AGREEMENT: usize = 2000;

fn clean(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_string()
}

fn too_long(field: &str, what: &str, text: &str, max: usize) -> Result<(), AppError> {
    if text.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("{what} må højst være {max} tegn. Forkort teksten, og gem igen."),
        ));
    }
    Ok(())
}

/// The form trimmed, or a refusal naming the field that is too long.
pub fn check(raw: &MinutesIn) -> Result<MinutesIn, AppError> {
    let out = MinutesIn {
        wishes: clean(&raw.wishes),
        toured: raw.toured,
        body: clean(&raw.body),
        agreements: raw.agreements.clone().map(|a| clean(&a)),
        seen: raw.seen.trim().to_string(),
    };
    too_long("wishes", "Forældrenes ønsker", &out.wishes, MAX_WISHES)?;
    too_long("body", "Referatet", &out.body, MAX_BODY)?;
    for (topic, text) in TOPICS.iter().zip(&out.agreements) {
        too_long(
            topic,
            &format!("Aftalen om {}", crate::visits::agreement_topic(crate::i18n::Lang::Da, topic).to_lowercase()),
            text,
            MAX_AGREEMENT,
        )?;
    }
    Ok(out)
}

/// A fingerprint of the agreements (SHA-256 of the texts, each ended by a unit separator).
pub fn fingerprint(agreements: &[String; 5]) -> String {
    let joined: String = agreements.iter().map(|a| format!("{a}\u{1f}")).collect();
    crate::calendar::token::hash(&joined)
}

/// The topics whose agreement the form changes (index into `TOPICS`).
pub fn changed(now: &[String; 5], new: &[String; 5]) -> Vec<usize> {
    (0..TOPICS.len()).filter(|i| now[*i] != new[*i]).collect()
}

/// The first follow-up after a meeting on `day`: `rhythm_weeks` later, when that is still inside
/// the decision's period.
pub fn next_followup(day: NaiveDate, rhythm_weeks: u64, decision_to: NaiveDate) -> Option<NaiveDate> {
    let due = day.checked_add_days(Days::new(rhythm_weeks * 7))?;
    (due <= decision_to).then_some(due)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn the_form_is_trimmed_and_a_long_field_is_named() {
        let raw = MinutesIn {
            wishes: "  Lego og boller\r\n".into(),
            agreements: [String::new(), " Duplo ".into(), String::new(), String::new(), String::new()],
            ..Default::default()
        };
        let out = check(&raw).map_err(|e| e.to_string());
        assert_eq!(out.as_ref().map(|o| o.wishes.as_str()), Ok("Lego og boller"));
        assert_eq!(out.map(|o| o.agreements[1].clone()), Ok("Duplo".to_string()));
        let long = MinutesIn {
            agreements: [String::new(), String::new(), "x".repeat(2001), String::new(), String::new()],
            ..Default::default()
        };
        let e = check(&long).err();
        assert_eq!(e.as_ref().and_then(|e| e.field()), Some("food"));
        assert_eq!(
            e.map(|e| e.to_string()),
            Some("Aftalen om mad og drikke må højst være 2000 tegn. Forkort teksten, og gem igen.".to_string())
        );
        let body = MinutesIn { body: "æ".repeat(8001), ..Default::default() };
        assert_eq!(check(&body).err().and_then(|e| e.field().map(String::from)), Some("body".to_string()));
        assert!(check(&MinutesIn { body: "æ".repeat(8000), ..Default::default() }).is_ok());
    }

    #[test]
    fn the_fingerprint_tells_every_change_apart() {
        let a = ["x".to_string(), String::new(), String::new(), String::new(), String::new()];
        let b = [String::new(), "x".to_string(), String::new(), String::new(), String::new()];
        assert_ne!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
        assert_eq!(fingerprint(&a).len(), 64);
    }

    #[test]
    fn only_changed_topics_are_written() {
        let now = ["a".to_string(), String::new(), "c".into(), String::new(), "e".into()];
        let new = ["a".to_string(), "b".into(), String::new(), String::new(), "e".into()];
        assert_eq!(changed(&now, &new), vec![1, 2]);
        assert_eq!(changed(&now, &now), Vec::<usize>::new());
    }

    #[test]
    fn the_next_followup_is_the_rhythm_later_inside_the_period() {
        assert_eq!(next_followup(d(2026, 12, 3), 12, d(2027, 6, 30)), Some(d(2027, 2, 25)));
        assert_eq!(next_followup(d(2026, 12, 3), 12, d(2027, 2, 24)), None);
        assert_eq!(next_followup(d(2026, 12, 3), 12, d(2027, 2, 25)), Some(d(2027, 2, 25)));
    }

    proptest! {
        #[test]
        fn next_followup_agrees_with_the_due_rule(days in 0u64..3000, weeks in 2u64..=52, end in 0u64..4000) {
            let day = d(2025, 1, 1) + Days::new(days);
            let to = d(2025, 1, 1) + Days::new(end);
            let next = next_followup(day, weeks, to);
            // The overview's rule lists the same day as due (far ahead, nothing booked).
            let due = crate::cases::periods::followup_due(day, weeks, false, to, (day, weeks * 7));
            prop_assert_eq!(next, due);
            if let Some(n) = next {
                prop_assert_eq!((n - day).num_days(), (weeks * 7) as i64);
                prop_assert!(n <= to);
            }
        }
    }
}
