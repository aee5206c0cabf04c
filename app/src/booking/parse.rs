//! Turning the booking form's fields into a `BookingInput`, with a specific message per field.

use chrono::{NaiveDate, NaiveTime};

use super::BookingInput;
use super::rules::Repeat;
use crate::cases::FamilyId;
use crate::error::AppError;
use crate::setup::PlaceId;
use crate::staff::StaffId;
use crate::time::{self, parse_date as date};
use crate::visits::Kind;

/// The booking form's fields as posted.
#[derive(Debug, Clone)]
pub struct BookingFields {
    pub family_id: FamilyId,
    pub place_id: PlaceId,
    /// Comma-separated user ids; may be empty (staffed later).
    pub staff_ids: String,
    /// "visit" (default), "kickoff_meeting" or "followup_meeting".
    pub kind: String,
    pub date: String,
    pub time: String,
    pub minutes: i64,
    pub guidance_before: i64,
    pub guidance_after: i64,
    pub buffer_before: i64,
    pub buffer_after: i64,
    /// "once", "1", "2", "4" (every n weeks) or "custom" (the `dates`).
    pub repeat: String,
    pub until: String,
    /// For "custom": the series' other dates, one date field each (YYYY-MM-DD; empty fields and
    /// commas between dates are allowed).
    pub dates: Vec<String>,
    /// Dates of a series to leave out, given the same way.
    pub skip: Vec<String>,
}

pub fn input(f: &BookingFields) -> Result<BookingInput, AppError> {
    let kind = match f.kind.trim() {
        "" | "visit" => Kind::Visit,
        "kickoff_meeting" => Kind::KickoffMeeting,
        "followup_meeting" => Kind::FollowupMeeting,
        _ => return Err(AppError::invalid("kind", "Vælg samvær, opstartsmøde eller opfølgningsmøde.")),
    };
    let first = date(&f.date, "date", "datoen")?;
    let at = time::parse_clock(&f.time, "time")?;
    if !(15..=480).contains(&f.minutes) {
        return Err(AppError::invalid("minutes", "En aftale varer mellem 15 minutter og 8 timer."));
    }
    for b in [f.buffer_before, f.buffer_after] {
        if !(0..=60).contains(&b) {
            return Err(AppError::invalid("buffer", "Buffertid før og efter er 0 til 60 minutter."));
        }
    }
    guidance(f.guidance_before, f.guidance_after)?;
    if kind != Kind::Visit && f.guidance_before + f.guidance_after > 0 {
        return Err(AppError::invalid("guidance", "Vejledning før og efter hører til et samvær, ikke et møde."));
    }
    let mut staff_ids = f
        .staff_ids
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<i64>().map(StaffId).map_err(|_| AppError::invalid("staff_ids", "Vælg konsulenterne på listen."))
        })
        .collect::<Result<Vec<_>, _>>()?;
    staff_ids.sort_unstable();
    staff_ids.dedup();
    let repeat = match f.repeat.trim() {
        "" | "once" => Repeat::Once,
        "1" | "2" | "4" => Repeat::EveryWeeks(f.repeat.trim().parse().unwrap_or(1)),
        "custom" => {
            let dates = dates(&f.dates, "dates")?;
            if dates.is_empty() {
                return Err(AppError::invalid("dates", "Vælg seriens datoer under „Egne datoer“."));
            }
            Repeat::Dates(std::iter::once(first).chain(dates).collect())
        }
        _ => {
            return Err(AppError::invalid(
                "repeat",
                "Vælg engang, hver uge, hver 2. uge, hver 4. uge eller egne datoer.",
            ));
        }
    };
    let until = match (f.until.trim(), &repeat) {
        ("", Repeat::Once) => first,
        ("", Repeat::Dates(ds)) => ds.iter().copied().max().unwrap_or(first),
        ("", _) => super::service::default_until(first),
        (u, _) => date(u, "until", "slutdatoen")?,
    };
    if until < first {
        return Err(AppError::invalid("until", "Slutdatoen ligger før den første dato."));
    }
    let skip = dates(&f.skip, "skip")?;
    if !skip.is_empty() && repeat == Repeat::Once {
        return Err(AppError::invalid("skip", "Datoer kan kun springes over i en serie."));
    }
    Ok(BookingInput {
        family_id: f.family_id,
        place_id: f.place_id,
        staff_ids,
        kind,
        date: first,
        at,
        minutes: f.minutes,
        guidance_before_min: f.guidance_before,
        guidance_after_min: f.guidance_after,
        buffer_before_min: f.buffer_before,
        buffer_after_min: f.buffer_after,
        repeat,
        until,
        skip,
    })
}

/// Dates YYYY-MM-DD, one per field; a field may also hold several separated by commas or spaces.
fn dates(fields: &[String], field: &str) -> Result<Vec<NaiveDate>, AppError> {
    fields
        .iter()
        .flat_map(|text| text.split(|c: char| c == ',' || c.is_whitespace()))
        .filter(|d| !d.is_empty())
        .map(|d| date(d, field, "hver dato"))
        .collect()
}

/// The "find a slot" fields as asked. Empty fields mean: from today, any weekday, 08:00 to 19:00.
#[derive(Debug, Clone)]
pub struct FindFields {
    pub family_id: FamilyId,
    pub minutes: i64,
    pub from: String,
    /// ISO weekdays 1 (Monday) to 7 separated by commas; empty: every day.
    pub weekdays: String,
    pub earliest: String,
    pub latest: String,
    /// None: any available consultant.
    pub staff_id: Option<StaffId>,
    pub buffer: i64,
    pub guidance_before: i64,
    pub guidance_after: i64,
}

/// Guidance talks before and after a visit last 0 to 120 minutes each.
fn guidance(before: i64, after: i64) -> Result<(), AppError> {
    if [before, after].iter().all(|g| (0..=120).contains(g)) {
        Ok(())
    } else {
        Err(AppError::invalid("guidance", "En vejledningssamtale varer 0 til 120 minutter."))
    }
}

pub fn find_input(f: &FindFields) -> Result<super::find::FindInput, AppError> {
    let from = match f.from.trim() {
        "" => time::today(chrono::Utc::now()),
        d => date(d, "from", "datoen")?,
    };
    let weekdays = f
        .weekdays
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
        t => time::parse_clock(t, field),
    };
    let earliest = clock(&f.earliest, NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(), "earliest")?;
    let latest = clock(&f.latest, NaiveTime::from_hms_opt(19, 0, 0).unwrap_or_default(), "latest")?;
    if latest < earliest {
        return Err(AppError::invalid("latest", "Det seneste starttidspunkt ligger før det tidligste."));
    }
    if !(15..=480).contains(&f.minutes) || !(0..=60).contains(&f.buffer) {
        return Err(AppError::invalid("minutes", "Et samvær varer mellem 15 minutter og 8 timer, buffer 0 til 60."));
    }
    guidance(f.guidance_before, f.guidance_after)?;
    Ok(super::find::FindInput {
        family_id: f.family_id,
        from,
        minutes: f.minutes,
        weekdays,
        earliest,
        latest,
        staff_id: f.staff_id,
        buffer_min: f.buffer,
        guidance_before_min: f.guidance_before,
        guidance_after_min: f.guidance_after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(date: &str, time: &str, minutes: i64, staff: &str, repeat: &str, until: &str) -> BookingFields {
        BookingFields {
            family_id: FamilyId(1),
            place_id: PlaceId(2),
            staff_ids: staff.into(),
            kind: String::new(),
            date: date.into(),
            time: time.into(),
            minutes,
            guidance_before: 0,
            guidance_after: 0,
            buffer_before: 0,
            buffer_after: 0,
            repeat: repeat.into(),
            until: until.into(),
            dates: Vec::new(),
            skip: Vec::new(),
        }
    }

    #[test]
    fn fields_are_checked_one_by_one() {
        let ok =
            input(&fields("2026-12-05", "10:00", 120, "3, 4", "2", "2027-02-27")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok.staff_ids, vec![StaffId(3), StaffId(4)]);
        assert_eq!(ok.repeat, Repeat::EveryWeeks(2));
        assert_eq!(ok.kind, crate::visits::Kind::Visit);
        let msg = |f: BookingFields| input(&f).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg(fields("5/12", "10:00", 120, "", "", "")).contains("ÅÅÅÅ-MM-DD"));
        assert!(msg(fields("2026-12-05", "10", 120, "", "", "")).contains("TT:MM"));
        assert!(msg(fields("2026-12-05", "10:00", 5, "", "", "")).contains("15 minutter"));
        assert!(msg(fields("2026-12-05", "10:00", 60, "x", "", "")).contains("konsulenterne"));
        assert!(msg(fields("2026-12-05", "10:00", 60, "", "3", "")).contains("hver 2. uge"));
        assert!(msg(fields("2026-12-05", "10:00", 60, "", "1", "2026-12-01")).contains("før"));
        assert!(msg(fields("2026-12-05", "10:00", 60, "", "custom", "")).contains("Egne datoer"));
        let meeting = BookingFields {
            kind: "kickoff_meeting".into(),
            guidance_before: 30,
            ..fields("2026-12-05", "10:00", 60, "", "", "")
        };
        assert!(msg(meeting).contains("hører til et samvær"));
        let custom = BookingFields {
            dates: vec!["2026-12-19".into(), String::new(), "2027-01-09, 2026-12-19".into()],
            ..fields("2026-12-05", "10:00", 60, "", "custom", "")
        };
        let custom = input(&custom).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(custom.until, NaiveDate::from_ymd_opt(2027, 1, 9).unwrap_or_default());
        assert_eq!(custom.occurrences().map(|o| o.len()).unwrap_or_default(), 3);
        let skipping = BookingFields {
            skip: vec!["2026-12-19".into()],
            ..fields("2026-12-05", "10:00", 60, "", "2", "2027-01-02")
        };
        let dates: Vec<NaiveDate> =
            input(&skipping).and_then(|i| i.occurrences()).unwrap_or_default().iter().map(|o| o.date).collect();
        assert_eq!(
            dates,
            [
                NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default(),
                NaiveDate::from_ymd_opt(2027, 1, 2).unwrap_or_default()
            ]
        );
        let once_skip =
            BookingFields { skip: vec!["2026-12-19".into()], ..fields("2026-12-05", "10:00", 60, "", "", "") };
        assert!(msg(once_skip).contains("kun springes over"));
        let too_long = input(&fields("2026-12-05", "10:00", 60, "", "1", "2030-12-05")).and_then(|i| i.occurrences());
        assert!(too_long.err().map(|e| e.to_string()).unwrap_or_default().contains("højst have 104 datoer"));
        let asked = FindFields {
            family_id: FamilyId(1),
            minutes: 120,
            from: "2026-12-05".into(),
            weekdays: "6, 7".into(),
            earliest: "09:00".into(),
            latest: "16:00".into(),
            staff_id: None,
            buffer: 15,
            guidance_before: 15,
            guidance_after: 0,
        };
        let f = find_input(&asked).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.weekdays, vec![chrono::Weekday::Sat, chrono::Weekday::Sun]);
        assert_eq!(f.staff_id, None);
        assert_eq!((f.guidance_before_min, f.guidance_after_min), (15, 0));
        let find_msg = |f: FindFields| find_input(&f).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(find_msg(FindFields { weekdays: "8".into(), ..asked.clone() }).contains("1 (mandag)"));
        assert!(find_msg(FindFields { guidance_after: 150, ..asked.clone() }).contains("0 til 120 minutter"));
    }
}
