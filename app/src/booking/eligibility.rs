//! May this family's children have a visit of this type on this date? Pure: the case, its § 105
//! decisions and § 104 consents in, a Danish refusal out.

use chrono::NaiveDate;

use crate::cases::age_on;
use crate::time;
use crate::visits::VisitType;

pub struct Consent {
    /// None: the young person's own consent.
    pub person_id: Option<i64>,
    pub given_on: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
}

impl Consent {
    fn valid_on(&self, date: NaiveDate) -> bool {
        self.given_on <= date && self.withdrawn_on.is_none_or(|w| w > date)
    }
}

pub struct ChildCase {
    pub first_name: String,
    pub birth_date: NaiveDate,
    pub status: String,
    /// The case's own visit type.
    pub visit_type: VisitType,
    pub decision_from: NaiveDate,
    pub decision_to: NaiveDate,
    /// (kind, from, to)
    pub decisions: Vec<(String, NaiveDate, NaiveDate)>,
    pub custody_holders: Vec<i64>,
    pub consents: Vec<Consent>,
}

/// Refuses a suspended case, a date outside the decision period or under a § 105 suspension, a
/// supported visit where the case or a § 105 decision in force says supervised, and a supported
/// visit without the consents Barnets Lov § 104 stk. 3 requires (every custody holder,
/// and the young person when 15 or older on the visit's date).
pub fn check(child: &ChildCase, visit_type: VisitType, date: NaiveDate) -> Result<(), String> {
    let name = &child.first_name;
    if child.status == "suspended" {
        return Err(format!("Sagen for {name} er sat i bero, så der kan ikke bookes samvær."));
    }
    if date < child.decision_from || date > child.decision_to {
        return Err(format!(
            "{} ligger uden for afgørelsens periode for {name} ({} – {}).",
            time::date(date),
            time::date(child.decision_from),
            time::date(child.decision_to)
        ));
    }
    if let Some((_, from, to)) =
        child.decisions.iter().find(|(kind, from, to)| kind == "suspension" && *from <= date && date <= *to)
    {
        return Err(format!(
            "Samvær for {name} er suspenderet efter § 105 fra {} til {}.",
            time::date(*from),
            time::date(*to)
        ));
    }
    if let Some((_, from, to)) =
        child.decisions.iter().find(|(kind, from, to)| kind == "child_pause" && *from <= date && date <= *to)
    {
        return Err(format!(
            "{name} har bedt om en pause i samværet fra {} til {} (§ 103).",
            time::date(*from),
            time::date(*to)
        ));
    }
    if visit_type == VisitType::Supported {
        if child.visit_type == VisitType::Supervised {
            return Err(format!("Samvær for {name} skal være overvåget efter sagens afgørelse."));
        }
        if let Some((_, from, to)) =
            child.decisions.iter().find(|(kind, from, to)| kind == "supervised" && *from <= date && date <= *to)
        {
            return Err(format!(
                "Der er truffet afgørelse om overvåget samvær for {name} efter § 105 fra {} til {}: \
                 skift sagens samværsform til overvåget.",
                time::date(*from),
                time::date(*to)
            ));
        }
        if child.custody_holders.is_empty() {
            return Err(format!(
                "Støttet samvær for {name} kræver samtykke fra forældremyndighedsindehaveren (§ 104, stk. 3), \
                 men der er ikke registreret nogen forældremyndighedsindehaver på sagen."
            ));
        }
        for holder in &child.custody_holders {
            if !child.consents.iter().any(|c| c.person_id == Some(*holder) && c.valid_on(date)) {
                return Err(format!(
                    "Støttet samvær for {name} kræver samtykke fra forældremyndighedsindehaveren (§ 104, stk. 3)."
                ));
            }
        }
        if age_on(child.birth_date, date) >= 15
            && !child.consents.iter().any(|c| c.person_id.is_none() && c.valid_on(date))
        {
            return Err(format!(
                "{name} er fyldt 15 år den {}: støttet samvær kræver også {} eget samtykke (§ 104, stk. 3).",
                time::date(date),
                crate::i18n::genitive(name)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn child() -> ChildCase {
        ChildCase {
            first_name: "Emil".into(),
            birth_date: d(2011, 12, 10),
            status: "active".into(),
            visit_type: VisitType::Supported,
            decision_from: d(2026, 1, 1),
            decision_to: d(2027, 6, 30),
            decisions: vec![],
            custody_holders: vec![1],
            consents: vec![Consent { person_id: Some(1), given_on: d(2026, 1, 1), withdrawn_on: None }],
        }
    }

    #[test]
    fn the_young_persons_own_consent_is_needed_from_the_15th_birthday() {
        let c = child();
        assert_eq!(check(&c, VisitType::Supported, d(2026, 12, 9)), Ok(()));
        let err = check(&c, VisitType::Supported, d(2026, 12, 10)).unwrap_err();
        assert!(err.contains("fyldt 15 år") && err.contains("Emils eget samtykke"), "{err}");
        // Supervised visits do not rest on consent.
        assert_eq!(check(&c, VisitType::Supervised, d(2026, 12, 10)), Ok(()));
        let mut with_own = child();
        with_own.consents.push(Consent { person_id: None, given_on: d(2026, 11, 1), withdrawn_on: None });
        assert_eq!(check(&with_own, VisitType::Supported, d(2026, 12, 10)), Ok(()));
    }

    #[test]
    fn a_supervised_case_or_decision_refuses_supported_visits_only() {
        let mut c = child();
        c.decisions.push(("supervised".into(), d(2026, 3, 1), d(2026, 4, 30)));
        assert_eq!(check(&c, VisitType::Supported, d(2026, 2, 28)), Ok(()));
        assert!(
            check(&c, VisitType::Supported, d(2026, 3, 1))
                .unwrap_err()
                .contains("overvåget samvær for Emil efter § 105")
        );
        assert_eq!(check(&c, VisitType::Supervised, d(2026, 3, 1)), Ok(()));
        let mut s = child();
        s.visit_type = VisitType::Supervised;
        assert!(check(&s, VisitType::Supported, d(2026, 2, 28)).unwrap_err().contains("skal være overvåget"));
        assert_eq!(check(&s, VisitType::Supervised, d(2026, 2, 28)), Ok(()));
    }

    #[test]
    fn a_withdrawn_custody_consent_stops_supported_visits() {
        let mut c = child();
        c.consents[0].withdrawn_on = Some(d(2026, 6, 1));
        assert_eq!(check(&c, VisitType::Supported, d(2026, 5, 31)), Ok(()));
        assert!(check(&c, VisitType::Supported, d(2026, 6, 1)).unwrap_err().contains("forældremyndighedsindehaveren"));
        // With no custody holder recorded there is no consent to rest on.
        let mut none = child();
        none.custody_holders.clear();
        assert!(check(&none, VisitType::Supported, d(2026, 5, 31)).unwrap_err().contains("ikke registreret"));
        assert_eq!(check(&none, VisitType::Supervised, d(2026, 5, 31)), Ok(()));
    }

    #[test]
    fn decision_period_suspension_and_case_status() {
        let mut c = child();
        assert!(check(&c, VisitType::Supervised, d(2027, 7, 1)).unwrap_err().contains("uden for afgørelsens periode"));
        c.decisions.push(("suspension".into(), d(2026, 3, 1), d(2026, 4, 30)));
        assert!(check(&c, VisitType::Supervised, d(2026, 3, 15)).unwrap_err().contains("suspenderet"));
        assert_eq!(check(&c, VisitType::Supervised, d(2026, 5, 1)), Ok(()));
        c.status = "suspended".into();
        assert!(check(&c, VisitType::Supervised, d(2026, 5, 1)).unwrap_err().contains("i bero"));
    }

    #[test]
    fn a_pause_at_the_childs_request_stops_every_visit_in_it() {
        let mut c = child();
        c.decisions.push(("child_pause".into(), d(2026, 3, 1), d(2026, 4, 25)));
        for kind in [VisitType::Supervised, VisitType::Supported] {
            assert_eq!(
                check(&c, kind, d(2026, 3, 1)),
                Err("Emil har bedt om en pause i samværet fra 1. marts 2026 til 25. april 2026 (§ 103).".into())
            );
            assert!(check(&c, kind, d(2026, 4, 25)).is_err());
        }
        assert_eq!(check(&c, VisitType::Supervised, d(2026, 2, 28)), Ok(()));
        assert_eq!(check(&c, VisitType::Supervised, d(2026, 4, 26)), Ok(()));
    }
}
