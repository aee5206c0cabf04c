//! Turning the booking form's fields into a `BookingInput`, with a specific message per field.

use chrono::{NaiveDate, NaiveTime};

use super::BookingInput;
use super::rules::Repeat;
use crate::error::AppError;

#[allow(clippy::too_many_arguments)]
pub fn input(
    family_id: i64,
    place_id: i64,
    staff_ids: &str,
    date: &str,
    time: &str,
    minutes: i64,
    buffer_before: i64,
    buffer_after: i64,
    repeat: &str,
    until: &str,
) -> Result<BookingInput, AppError> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("date", "Skriv datoen som ÅÅÅÅ-MM-DD."))?;
    let at = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .map_err(|_| AppError::invalid("time", "Skriv tidspunktet som TT:MM, fx 10:00."))?;
    if !(15..=480).contains(&minutes) {
        return Err(AppError::invalid("minutes", "Et samvær varer mellem 15 minutter og 8 timer."));
    }
    for b in [buffer_before, buffer_after] {
        if !(0..=60).contains(&b) {
            return Err(AppError::invalid("buffer", "Buffertid før og efter er 0 til 60 minutter."));
        }
    }
    let staff_ids = staff_ids
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().map_err(|_| AppError::invalid("staff_ids", "Vælg konsulenterne på listen.")))
        .collect::<Result<Vec<_>, _>>()?;
    let repeat = match repeat.trim() {
        "" | "once" => Repeat::Once,
        "1" | "2" | "4" => Repeat::EveryWeeks(repeat.trim().parse().unwrap_or(1)),
        _ => return Err(AppError::invalid("repeat", "Vælg engang, hver uge, hver 2. uge eller hver 4. uge.")),
    };
    let until = match until.trim() {
        "" if repeat == Repeat::Once => date,
        "" => super::service::default_until(date),
        u => NaiveDate::parse_from_str(u, "%Y-%m-%d")
            .map_err(|_| AppError::invalid("until", "Skriv slutdatoen som ÅÅÅÅ-MM-DD."))?,
    };
    if until < date {
        return Err(AppError::invalid("until", "Slutdatoen ligger før den første dato."));
    }
    Ok(BookingInput {
        family_id,
        place_id,
        staff_ids,
        date,
        at,
        minutes,
        buffer_before_min: buffer_before,
        buffer_after_min: buffer_after,
        repeat,
        until,
    })
}

/// The "find a slot" fields. Empty fields mean: from today, any weekday, 08:00 to 19:00.
#[allow(clippy::too_many_arguments)]
pub fn find_input(
    family_id: i64,
    minutes: i64,
    from: &str,
    weekdays: &str,
    earliest: &str,
    latest: &str,
    staff_id: i64,
    buffer: i64,
) -> Result<super::find::FindInput, AppError> {
    let from = match from.trim() {
        "" => crate::time::today(chrono::Utc::now()),
        f => NaiveDate::parse_from_str(f, "%Y-%m-%d")
            .map_err(|_| AppError::invalid("from", "Skriv datoen som ÅÅÅÅ-MM-DD."))?,
    };
    let weekdays = weekdays
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| match w.parse::<u8>().ok().and_then(|n| chrono::Weekday::try_from(n.wrapping_sub(1)).ok()) {
            Some(d) => Ok(d),
            None => Err(AppError::invalid("weekdays", "Ugedage skrives 1 (mandag) til 7 (søndag).")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let clock = |s: &str, default: NaiveTime, field: &str| match s.trim() {
        "" => Ok(default),
        t => {
            NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| AppError::invalid(field, "Skriv tidspunktet som TT:MM."))
        }
    };
    let earliest = clock(earliest, NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(), "earliest")?;
    let latest = clock(latest, NaiveTime::from_hms_opt(19, 0, 0).unwrap_or_default(), "latest")?;
    if latest < earliest {
        return Err(AppError::invalid("latest", "Det seneste starttidspunkt ligger før det tidligste."));
    }
    if !(15..=480).contains(&minutes) || !(0..=60).contains(&buffer) {
        return Err(AppError::invalid("minutes", "Et samvær varer mellem 15 minutter og 8 timer, buffer 0 til 60."));
    }
    Ok(super::find::FindInput {
        family_id,
        from,
        minutes,
        weekdays,
        earliest,
        latest,
        staff_id: (staff_id > 0).then_some(staff_id),
        buffer_min: buffer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_checked_one_by_one() {
        let ok = input(1, 2, "3, 4", "2026-12-05", "10:00", 120, 15, 15, "2", "2027-02-27");
        let ok = ok.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok.staff_ids, vec![3, 4]);
        assert_eq!(ok.repeat, Repeat::EveryWeeks(2));
        let msg = |r: Result<BookingInput, AppError>| r.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg(input(1, 2, "", "5/12", "10:00", 120, 0, 0, "", "")).contains("ÅÅÅÅ-MM-DD"));
        assert!(msg(input(1, 2, "", "2026-12-05", "10", 120, 0, 0, "", "")).contains("TT:MM"));
        assert!(msg(input(1, 2, "", "2026-12-05", "10:00", 5, 0, 0, "", "")).contains("15 minutter"));
        assert!(msg(input(1, 2, "x", "2026-12-05", "10:00", 60, 0, 0, "", "")).contains("konsulenterne"));
        assert!(msg(input(1, 2, "", "2026-12-05", "10:00", 60, 0, 0, "3", "")).contains("hver 2. uge"));
        assert!(msg(input(1, 2, "", "2026-12-05", "10:00", 60, 0, 0, "1", "2026-12-01")).contains("før"));
        let f = find_input(1, 120, "2026-12-05", "6, 7", "09:00", "16:00", 0, 15).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.weekdays, vec![chrono::Weekday::Sat, chrono::Weekday::Sun]);
        assert_eq!(f.staff_id, None);
        assert!(
            find_input(1, 120, "", "8", "", "", 0, 0)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
                .contains("1 (mandag)")
        );
    }
}
