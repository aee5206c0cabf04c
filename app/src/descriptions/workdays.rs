//! Working days for a description's deadline: Monday to Friday, less the Danish public holidays
//! (helligdagsloven: nytårsdag, skærtorsdag, langfredag, påskedag, 2. påskedag, store bededag until
//! 2023 (abolished from 2024 by lov nr. 214 af 28. februar 2023), Kristi himmelfartsdag, pinsedag,
//! 2. pinsedag, juledag, 2. juledag) and the days the municipal agreements give off: grundlovsdag
//! (5 June), juleaftensdag (24 December) and nytårsaftensdag (31 December). Pure functions.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher).
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

/// The holiday on `date`, by its Danish name, if it is one.
pub fn holiday(date: NaiveDate) -> Option<&'static str> {
    let fixed = match (date.month(), date.day()) {
        (1, 1) => Some("Nytårsdag"),
        (6, 5) => Some("Grundlovsdag"),
        (12, 24) => Some("Juleaftensdag"),
        (12, 25) => Some("Juledag"),
        (12, 26) => Some("2. juledag"),
        (12, 31) => Some("Nytårsaftensdag"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let from_easter = (date - easter(date.year())).num_days();
    match from_easter {
        -3 => Some("Skærtorsdag"),
        -2 => Some("Langfredag"),
        0 => Some("Påskedag"),
        1 => Some("2. påskedag"),
        26 if date.year() < 2024 => Some("Store bededag"),
        39 => Some("Kristi himmelfartsdag"),
        49 => Some("Pinsedag"),
        50 => Some("2. pinsedag"),
        _ => None,
    }
}

pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && holiday(date).is_none()
}

/// The `n`th working day after `from` (`from` itself does not count): a visit on a Friday with
/// n = 3 is due on Wednesday.
pub fn add_working_days(from: NaiveDate, n: u32) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = day.checked_add_days(Days::new(1)).unwrap_or(day);
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| is_working_day(*d)).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_on_known_dates() {
        assert_eq!(easter(2024), d(2024, 3, 31));
        assert_eq!(easter(2025), d(2025, 4, 20));
        assert_eq!(easter(2026), d(2026, 4, 5));
        assert_eq!(easter(2027), d(2027, 3, 28));
        assert_eq!(easter(2038), d(2038, 4, 25));
        assert_eq!(easter(2008), d(2008, 3, 23));
    }

    #[test]
    fn over_easter_2026() {
        // Wednesday 1 April; Thursday 2 to Monday 6 April are off.
        assert_eq!(add_working_days(d(2026, 4, 1), 3), d(2026, 4, 9));
        assert_eq!(holiday(d(2026, 4, 2)), Some("Skærtorsdag"));
        assert_eq!(holiday(d(2026, 4, 6)), Some("2. påskedag"));
        // Kristi himmelfart (14 May 2026), pinse (25 May 2026).
        assert_eq!(add_working_days(d(2026, 5, 13), 1), d(2026, 5, 15));
        assert_eq!(add_working_days(d(2026, 5, 22), 1), d(2026, 5, 26));
    }

    #[test]
    fn over_christmas_and_new_year() {
        // Monday 21 December 2026: 22, 23 work; 24, 25, 26, 27 off; 28 works.
        assert_eq!(add_working_days(d(2026, 12, 21), 3), d(2026, 12, 28));
        // Wednesday 30 December 2026: 31 and 1 January off, 2 and 3 a weekend.
        assert_eq!(add_working_days(d(2026, 12, 30), 1), d(2027, 1, 4));
    }

    #[test]
    fn over_grundlovsdag() {
        // Thursday 4 June 2026; Friday 5 June is Grundlovsdag.
        assert_eq!(add_working_days(d(2026, 6, 4), 3), d(2026, 6, 10));
        assert_eq!(holiday(d(2026, 6, 5)), Some("Grundlovsdag"));
    }

    #[test]
    fn store_bededag_only_until_2023() {
        assert_eq!(holiday(d(2023, 5, 5)), Some("Store bededag"));
        assert_eq!(holiday(d(2024, 4, 26)), None);
        assert!(is_working_day(d(2026, 5, 1)));
    }

    #[test]
    fn a_friday_visit_is_due_on_wednesday() {
        assert_eq!(add_working_days(d(2026, 11, 27), 3), d(2026, 12, 2));
        assert_eq!(add_working_days(d(2026, 11, 28), 0), d(2026, 11, 28));
    }

    proptest! {
        #[test]
        fn a_deadline_is_a_working_day_n_working_days_on(days in 0u64..6000, n in 1u32..15) {
            let visit = d(2020, 1, 1).checked_add_days(Days::new(days)).unwrap();
            let due = add_working_days(visit, n);
            prop_assert!(is_working_day(due));
            prop_assert!(due.weekday() != Weekday::Sat && due.weekday() != Weekday::Sun);
            prop_assert!(holiday(due).is_none());
            prop_assert_eq!(working_days_between(visit, due), n);
            // And it is the first such day: the day before has one fewer.
            prop_assert_eq!(working_days_between(visit, due.pred_opt().unwrap()), n - 1);
        }
    }
}
