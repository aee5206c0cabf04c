//! Dates in a case's course: birthdays, overlapping decision periods, and a case's terms checked
//! and compared for its history. Pure: no I/O.

use chrono::{Days, Months, NaiveDate};

use super::{age_on, frequency_label};
use crate::time;
use crate::visits::VisitType;

/// The day the child is `years` old: the first day `age_on` says so (a child born on 29 February
/// turns a year older on 1 March when the year has no 29 February).
pub fn birthday(birth: NaiveDate, years: u32) -> NaiveDate {
    let guess = birth.checked_add_months(Months::new(years * 12)).unwrap_or(birth);
    if age_on(birth, guess) < years { guess + Days::new(1) } else { guess }
}

/// Whether two periods (both ends included) share a day.
pub fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// The run of days `span` makes with the `others` that share a day with it or touch it (one ends
/// the day before the other starts), and with those that touch those in turn.
pub fn joined_run(others: &[(NaiveDate, NaiveDate)], span: (NaiveDate, NaiveDate)) -> (NaiveDate, NaiveDate) {
    let next = |d: NaiveDate| d.checked_add_days(Days::new(1)).unwrap_or(d);
    let mut run = span;
    loop {
        let mut grown = false;
        for &(from, to) in others {
            let touches = from <= next(run.1) && run.0 <= next(to);
            if touches && (from < run.0 || to > run.1) {
                run = (run.0.min(from), run.1.max(to));
                grown = true;
            }
        }
        if !grown {
            return run;
        }
    }
}

/// A case's terms: the caseworker's decision about visits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub visit_type: VisitType,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub frequency_weeks: i64,
    pub visit_minutes: i64,
    pub conditions: String,
}

/// Longest conditions text, in characters.
pub const CONDITIONS_MAX: usize = 2000;

/// The terms make sense, or the field and what to do about it.
pub fn check_terms(t: &Terms) -> Result<(), (&'static str, String)> {
    if t.to < t.from {
        return Err(("to", "Afgørelsen slutter, før den begynder. Vælg en slutdato efter startdatoen.".into()));
    }
    if !(1..=52).contains(&t.frequency_weeks) {
        return Err(("frequency_weeks", "Skriv, hvor mange uger der går mellem to samvær: 1 til 52.".into()));
    }
    if !(15..=480).contains(&t.visit_minutes) {
        return Err(("visit_minutes", "Et samvær varer mellem 15 og 480 minutter (8 timer).".into()));
    }
    if t.conditions.chars().count() > CONDITIONS_MAX {
        return Err(("conditions", "Vilkårene må højst fylde 2.000 tegn.".into()));
    }
    Ok(())
}

fn period(from: NaiveDate, to: NaiveDate) -> String {
    format!("{} – {}", time::date(from), time::date(to))
}

/// What changed, one line each ("Samværsform: Støttet → Overvåget"); empty when nothing did.
pub fn terms_diff(old: &Terms, new: &Terms) -> Vec<String> {
    let mut lines = Vec::new();
    if old.visit_type != new.visit_type {
        lines.push(format!("Samværsform: {} → {}", old.visit_type.short(), new.visit_type.short()));
    }
    if (old.from, old.to) != (new.from, new.to) {
        lines.push(format!("Periode: {} → {}", period(old.from, old.to), period(new.from, new.to)));
    }
    if (old.frequency_weeks, old.visit_minutes) != (new.frequency_weeks, new.visit_minutes) {
        lines.push(format!(
            "Omfang: {} → {}",
            frequency_label(old.frequency_weeks, old.visit_minutes),
            frequency_label(new.frequency_weeks, new.visit_minutes)
        ));
    }
    if old.conditions.trim() != new.conditions.trim() {
        let said = |c: &str| if c.trim().is_empty() { "ingen".to_string() } else { format!("»{}«", c.trim()) };
        lines.push(format!("Vilkår: {} → {}", said(&old.conditions), said(&new.conditions)));
    }
    lines
}

/// When the family's next follow-up meeting is due: `rhythm_weeks` after `anchor` (its last
/// meeting, or the decision's start when it has had none). None when one is already booked ahead,
/// when the day falls after the decision's period, or when it is more than `notice_days` away.
pub fn followup_due(
    anchor: NaiveDate,
    rhythm_weeks: u64,
    booked_ahead: bool,
    decision_to: NaiveDate,
    (today, notice_days): (NaiveDate, u64),
) -> Option<NaiveDate> {
    let due = anchor + Days::new(rhythm_weeks * 7);
    (!booked_ahead && due <= decision_to && due <= today + Days::new(notice_days)).then_some(due)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn terms() -> Terms {
        Terms {
            visit_type: VisitType::Supported,
            from: d(2026, 8, 1),
            to: d(2027, 1, 31),
            frequency_weeks: 2,
            visit_minutes: 120,
            conditions: String::new(),
        }
    }

    #[test]
    fn a_leap_day_child_turns_fifteen_on_the_first_of_march() {
        assert_eq!(birthday(d(2012, 2, 29), 15), d(2027, 3, 1));
        assert_eq!(birthday(d(2012, 2, 29), 16), d(2028, 2, 29));
        assert_eq!(birthday(d(2011, 12, 5), 15), d(2026, 12, 5));
    }

    #[test]
    fn terms_are_refused_with_the_field_and_compared_line_by_line() {
        let mut t = terms();
        t.to = d(2026, 7, 31);
        assert_eq!(check_terms(&t).unwrap_err().0, "to");
        let mut t = terms();
        t.visit_minutes = 481;
        assert_eq!(check_terms(&t).unwrap_err().0, "visit_minutes");
        let mut t = terms();
        t.frequency_weeks = 0;
        assert_eq!(check_terms(&t).unwrap_err().0, "frequency_weeks");
        assert_eq!(check_terms(&terms()), Ok(()));

        let mut new = terms();
        assert!(terms_diff(&terms(), &new).is_empty());
        new.visit_type = VisitType::Supervised;
        new.to = d(2026, 12, 31);
        new.conditions = "Ingen alkohol".into();
        assert_eq!(
            terms_diff(&terms(), &new),
            [
                "Samværsform: Støttet → Overvåget",
                "Periode: 1. august 2026 – 31. januar 2027 → 1. august 2026 – 31. december 2026",
                "Vilkår: ingen → »Ingen alkohol«",
            ]
        );
    }

    #[test]
    fn a_follow_up_is_due_at_the_rhythm_until_one_is_booked() {
        let (anchor, to) = (d(2026, 9, 1), d(2027, 6, 30));
        // 12 weeks after 1 September is 24 November: due from two weeks before.
        assert_eq!(followup_due(anchor, 12, false, to, (d(2026, 11, 10), 14)), Some(d(2026, 11, 24)));
        assert_eq!(followup_due(anchor, 12, false, to, (d(2026, 11, 9), 14)), None);
        assert_eq!(followup_due(anchor, 12, true, to, (d(2026, 12, 3), 14)), None);
        assert_eq!(followup_due(anchor, 12, false, d(2026, 11, 1), (d(2026, 12, 3), 14)), None);
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..12_000).prop_map(|n| d(2000, 1, 1) + chrono::Duration::days(n))
    }

    #[test]
    fn touching_periods_join_and_a_day_between_keeps_them_apart() {
        let first = (d(2026, 1, 1), d(2026, 2, 25));
        assert_eq!(joined_run(&[first], (d(2026, 2, 26), d(2026, 3, 5))), (d(2026, 1, 1), d(2026, 3, 5)));
        assert_eq!(joined_run(&[first], (d(2026, 2, 27), d(2026, 3, 5))), (d(2026, 2, 27), d(2026, 3, 5)));
        let chain = [(d(2026, 3, 6), d(2026, 3, 10)), first];
        assert_eq!(joined_run(&chain, (d(2026, 2, 26), d(2026, 3, 5))), (d(2026, 1, 1), d(2026, 3, 10)));
        assert_eq!(joined_run(&[], first), first);
    }

    proptest! {
        #[test]
        fn a_joined_run_holds_the_span_and_stands_apart_from_the_rest(
            spans in proptest::collection::vec((0u64..200, 0u64..20), 0..6),
            start in 0u64..200,
            len in 0u64..20,
        ) {
            let day = |n: u64| d(2026, 1, 1) + Days::new(n);
            let others: Vec<(NaiveDate, NaiveDate)> = spans.iter().map(|&(s, l)| (day(s), day(s + l))).collect();
            let span = (day(start), day(start + len));
            let run = joined_run(&others, span);
            prop_assert!(run.0 <= span.0 && span.1 <= run.1);
            for &(from, to) in &others {
                // Inside the run, or with at least one day between.
                let inside = run.0 <= from && to <= run.1;
                let apart = to + Days::new(1) < run.0 || run.1 + Days::new(1) < from;
                prop_assert!(inside || apart, "{:?} against {:?}", (from, to), run);
            }
            // Every day of the run is in the span or in one of the others.
            let mut covered = run.0;
            while covered <= run.1 {
                prop_assert!(overlaps(span, (covered, covered)) || others.iter().any(|o| overlaps(*o, (covered, covered))));
                covered = covered + Days::new(1);
            }
        }

        /// On the visit's date the child is 15 exactly from `birthday(birth, 15)` on.
        #[test]
        fn the_fifteenth_birthday_is_where_age_turns(birth in any_date(), date in any_date()) {
            prop_assert_eq!(age_on(birth, date) >= 15, date >= birthday(birth, 15));
        }

        /// Due exactly when nothing is booked, the day is inside the period, and it is at most the
        /// notice away; and then it is the anchor plus the rhythm.
        #[test]
        fn a_follow_up_is_due_by_the_rule(anchor in any_date(), weeks in 2u64..53, booked: bool, to in any_date(), today in any_date()) {
            let day = anchor + Days::new(weeks * 7);
            let want = (!booked && day <= to && (day - today).num_days() <= 14).then_some(day);
            prop_assert_eq!(followup_due(anchor, weeks, booked, to, (today, 14)), want);
        }

        /// Two periods overlap exactly when some day lies in both.
        #[test]
        fn overlap_means_a_shared_day(a in any_date(), la in 0u64..60, b in any_date(), lb in 0u64..60) {
            let (pa, pb) = ((a, a + Days::new(la)), (b, b + Days::new(lb)));
            let shared = (0..=la).any(|i| {
                let day = a + Days::new(i);
                pb.0 <= day && day <= pb.1
            });
            prop_assert_eq!(overlaps(pa, pb), shared);
            prop_assert_eq!(overlaps(pa, pb), overlaps(pb, pa));
        }
    }
}
