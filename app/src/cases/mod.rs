//! A caseworker's own cases.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseId(pub i64);

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
