//! When a hand-over note may be written, and what a note may hold. Pure: no I/O.

use crate::error::AppError;
use crate::i18n::Lang;

/// How long after a visit a note about it may still be written, and how far back the placement
/// sees visits.
pub const AFTER_SECS: i64 = 14 * 86_400;
/// How far ahead the placement sees visits.
pub const AHEAD_SECS: i64 = 8 * 7 * 86_400;
pub const MAX_NOTE: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Before,
    After,
}

impl Phase {
    pub fn parse(s: &str) -> Option<Phase> {
        match s {
            "before" => Some(Phase::Before),
            "after" => Some(Phase::After),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Before => "before",
            Phase::After => "after",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Phase::Before => lang.t("Før samværet", "Before the visit"),
            Phase::After => lang.t("Efter samværet", "After the visit"),
        }
    }
}

/// The notes a visit takes at `now`: before it until it ends (not when cancelled); after it from
/// its start until two weeks after its end (not when cancelled).
pub fn phases(now: i64, (starts_at, ends_at): (i64, i64), cancelled: bool) -> Vec<Phase> {
    if cancelled {
        return Vec::new();
    }
    let mut out = Vec::new();
    if now < ends_at {
        out.push(Phase::Before);
    }
    if now >= starts_at && now < ends_at + AFTER_SECS {
        out.push(Phase::After);
    }
    out
}

/// The note trimmed, or what is wrong with it.
pub fn note(text: &str) -> Result<String, AppError> {
    let text = text.replace("\r\n", "\n");
    let text = text.trim();
    match text.chars().count() {
        0 => Err(AppError::invalid("body", "Skriv noten, før du sender den.")),
        n if n > MAX_NOTE => Err(AppError::invalid("body", format!("En note må højst være {MAX_NOTE} tegn."))),
        _ => Ok(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn before_until_the_end_after_from_the_start_for_two_weeks() {
        let (s, e) = (1_000_000, 1_007_200);
        assert_eq!(phases(s - 1, (s, e), false), vec![Phase::Before]);
        assert_eq!(phases(s, (s, e), false), vec![Phase::Before, Phase::After]);
        assert_eq!(phases(e, (s, e), false), vec![Phase::After]);
        assert_eq!(phases(e + AFTER_SECS - 1, (s, e), false), vec![Phase::After]);
        assert_eq!(phases(e + AFTER_SECS, (s, e), false), Vec::<Phase>::new());
        assert_eq!(phases(s - 1, (s, e), true), Vec::<Phase>::new());
    }

    #[test]
    fn a_note_is_trimmed_and_neither_empty_nor_too_long() {
        assert_eq!(note("  Sov dårligt.\r\n").ok(), Some("Sov dårligt.".to_string()));
        assert_eq!(note(" \n ").err().map(|e| e.to_string()), Some("Skriv noten, før du sender den.".to_string()));
        assert_eq!(note(&"ø".repeat(1001)).err().and_then(|e| e.field().map(String::from)), Some("body".to_string()));
        assert!(note(&"ø".repeat(1000)).is_ok());
    }

    proptest! {
        #[test]
        fn phases_follow_the_visit(now in 0i64..4_000_000, start in 1_000_000i64..2_000_000, len in 900i64..28_800, cancelled: bool) {
            let end = start + len;
            let p = phases(now, (start, end), cancelled);
            prop_assert_eq!(p.contains(&Phase::Before), !cancelled && now < end);
            prop_assert_eq!(p.contains(&Phase::After), !cancelled && now >= start && now < end + AFTER_SECS);
            prop_assert!(Phase::parse(Phase::Before.as_str()) == Some(Phase::Before));
        }
    }
}
