//! Time in the centre's zone, formatted in Danish (or English, the `_in` functions). Server only: chrono-tz stays out of the wasm
//! (see ARCHITECTURE.md, 9), so the browser receives ready-made labels.

use chrono::{DateTime, Datelike, Days, Locale, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::{Europe::Copenhagen, Tz};

use crate::error::AppError;
use crate::i18n::Lang;

pub const ZONE: Tz = Copenhagen;

/// The years a date typed by a user may have. Everything the app does with such a date (weeks,
/// series, the next free times, time-zone conversion) then stays far from chrono's limits, where
/// adding a day panics.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

/// A date a user typed or put in an address (YYYY-MM-DD), for the form field `field`; `what`
/// names it in the message ("datoen", "slutdatoen", "hver dato"). The one parser for dates from
/// outside: a real date between 2000 and 2100, or a Danish validation error.
pub fn parse_date(text: &str, field: &str, what: &str) -> Result<NaiveDate, AppError> {
    let text = text.trim();
    let outside = || {
        let mut what = what.to_string();
        if let Some(first) = what.get(..1) {
            what.replace_range(..1, &first.to_uppercase());
        }
        AppError::invalid(field, format!("{what} skal ligge mellem år {FIRST_YEAR} og {LAST_YEAR}."))
    };
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) => Ok(date),
        Ok(_) => Err(outside()),
        // A year with more digits than chrono holds ("+262143-12-31") is far off, not misspelt.
        Err(_) if year_too_long(text) => Err(outside()),
        Err(_) => Err(AppError::invalid(field, format!("Skriv {what} som ÅÅÅÅ-MM-DD."))),
    }
}

/// A time of day a user typed or picked (HH:MM), for the form field `field`. The one parser for
/// clock times from forms.
pub fn parse_clock(text: &str, field: &str) -> Result<NaiveTime, AppError> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| AppError::invalid(field, "Skriv tidspunktet som TT:MM, fx 08:00."))
}

fn year_too_long(text: &str) -> bool {
    let parts: Vec<&str> = text.strip_prefix(['+', '-']).unwrap_or(text).split('-').collect();
    parts.len() == 3
        && parts[0].len() > 4
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

pub fn local(at: DateTime<Utc>) -> DateTime<Tz> {
    at.with_timezone(&ZONE)
}

pub fn from_unix(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// "lørdag 5. december kl. 10.00"
pub fn long(at: DateTime<Utc>) -> String {
    long_in(Lang::Da, at)
}

/// "lørdag 5. december kl. 10.00" / "Saturday 5 December at 10:00"
pub fn long_in(lang: Lang, at: DateTime<Utc>) -> String {
    let date = local(at).date_naive();
    match lang {
        Lang::Da => format!("{} kl. {}", day(date), clock(at)),
        Lang::En => format!("{} at {}", day_in(lang, date), clock_in(lang, at)),
    }
}

/// "lørdag 5. december" / "Saturday 5 December"
pub fn day_in(lang: Lang, date: NaiveDate) -> String {
    match lang {
        Lang::Da => day(date),
        Lang::En => date.format_localized("%A %-d %B", Locale::en_GB).to_string(),
    }
}

/// "5. december"
pub fn day_month(date: NaiveDate) -> String {
    format!("{}. {}", date.day(), month(date))
}

/// "lørdag 5.12." / "Saturday 5/12"
pub fn short_day_in(lang: Lang, date: NaiveDate) -> String {
    match lang {
        Lang::Da => short_day(date),
        Lang::En => format!("{} {}/{}", date.format_localized("%A", Locale::en_GB), date.day(), date.month()),
    }
}

/// "10.00" / "10:00"
pub fn clock_in(lang: Lang, at: DateTime<Utc>) -> String {
    match lang {
        Lang::Da => clock(at),
        Lang::En => local(at).format("%H:%M").to_string(),
    }
}

/// "10.00–12.00" / "10:00–12:00"
pub fn span_in(lang: Lang, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    format!("{}–{}", clock_in(lang, start), clock_in(lang, end))
}

/// Danish weekday and month names, written out with `format!`: chrono's `format_localized`
/// parses its pattern on every call, a twentieth of a list page's time under load.
const WEEKDAYS: [&str; 7] = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"];
pub const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

fn month(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize]
}

fn weekday(date: NaiveDate) -> &'static str {
    WEEKDAYS[date.weekday().num_days_from_monday() as usize]
}

/// "lørdag 5. december"
pub fn day(date: NaiveDate) -> String {
    format!("{} {}. {}", weekday(date), date.day(), month(date))
}

/// "5. december 2026"
/// "december 2026"
pub fn month_year(date: NaiveDate) -> String {
    format!("{} {}", month(date), date.year())
}

pub fn date(date: NaiveDate) -> String {
    format!("{}. {} {}", date.day(), month(date), date.year())
}

/// "lør. 5. dec." is too cryptic on a phone; this is "lørdag 5.12."
pub fn short_day(date: NaiveDate) -> String {
    format!("{} {}.{}.", weekday(date), date.day(), date.month())
}

/// "10.00"
pub fn clock(at: DateTime<Utc>) -> String {
    let t = local(at);
    format!("{:02}.{:02}", t.hour(), t.minute())
}

/// Today's date in the centre's zone.
pub fn today(now: DateTime<Utc>) -> NaiveDate {
    local(now).date_naive()
}

/// The Monday of the ISO week `date` is in.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

/// The UTC instant local midnight starts `date` (the first valid instant on a DST change).
pub fn start_of_day(date: NaiveDate) -> DateTime<Utc> {
    let naive = date.and_time(NaiveTime::MIN);
    ZONE.from_local_datetime(&naive)
        .earliest()
        .or_else(|| ZONE.from_local_datetime(&(naive + chrono::Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| naive.and_utc())
}

/// A local wall-clock time on a date, as UTC. On the spring-forward gap the time is moved an hour
/// later; on the autumn overlap the first (summer-time) instant is used.
pub fn at_local(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive = date.and_hms_opt(hour, minute, 0).unwrap_or_else(|| date.and_time(NaiveTime::MIN));
    ZONE.from_local_datetime(&naive)
        .earliest()
        .or_else(|| ZONE.from_local_datetime(&(naive + chrono::Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn formats_a_winter_saturday_in_danish() {
        // 09.00 UTC is 10.00 in Copenhagen in winter (CET).
        let at = Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).single().unwrap_or_default();
        assert_eq!(long(at), "lørdag 5. december kl. 10.00");
    }

    #[test]
    fn formats_in_english_when_asked() {
        let at = Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).single().unwrap_or_default();
        assert_eq!(long_in(Lang::En, at), "Saturday 5 December at 10:00");
        assert_eq!(short_day_in(Lang::En, d(2026, 12, 5)), "Saturday 5/12");
        assert_eq!(span_in(Lang::Da, at, at + chrono::Duration::minutes(90)), "10.00–11.30");
    }

    #[test]
    fn the_written_out_names_are_chronos_danish_ones_all_year() {
        let mut date = d(2026, 1, 1);
        let mut days = 0;
        while date.year() == 2026 {
            let chrono = |pattern: &str| date.format_localized(pattern, Locale::da_DK).to_string();
            assert_eq!(day(date), chrono("%A %-d. %B"));
            assert_eq!(day_month(date), chrono("%-d. %B"));
            assert_eq!(month_year(date), chrono("%B %Y"));
            assert_eq!(self::date(date), chrono("%-d. %B %Y"));
            assert_eq!(
                short_day(date),
                format!("{} {}.{}.", date.format_localized("%A", Locale::da_DK), date.day(), date.month())
            );
            date = date + Days::new(1);
            days += 1;
        }
        assert_eq!(days, 365);
        for minutes in (0..24 * 60).step_by(7) {
            let at = at_local(d(2026, 12, 5), minutes / 60, minutes % 60);
            assert_eq!(clock(at), local(at).format("%H.%M").to_string());
        }
    }

    #[test]
    fn formats_a_summer_time_in_local_clock() {
        // 08.30 UTC is 10.30 in Copenhagen in summer (CEST).
        let at = Utc.with_ymd_and_hms(2026, 6, 14, 8, 30, 0).single().unwrap_or_default();
        assert_eq!(long(at), "søndag 14. juni kl. 10.30");
        assert_eq!(short_day(d(2026, 6, 14)), "søndag 14.6.");
    }

    #[test]
    fn local_times_keep_the_wall_clock_across_daylight_saving() {
        // 29 March 2026 is the spring change; 10.00 local is 08.00 UTC after it, 09.00 UTC before.
        assert_eq!(at_local(d(2026, 3, 28), 10, 0).to_rfc3339(), "2026-03-28T09:00:00+00:00");
        assert_eq!(at_local(d(2026, 3, 29), 10, 0).to_rfc3339(), "2026-03-29T08:00:00+00:00");
        // 02.30 does not exist on the spring change: it becomes 03.30 local.
        assert_eq!(clock(at_local(d(2026, 3, 29), 2, 30)), "03.30");
    }

    #[test]
    fn dates_from_users_are_real_and_between_2000_and_2100() {
        let msg = |s: &str| parse_date(s, "date", "datoen").err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(parse_date(" 2026-12-05 ", "date", "datoen").ok(), Some(d(2026, 12, 5)));
        assert_eq!(parse_date("2000-01-01", "date", "datoen").ok(), Some(d(2000, 1, 1)));
        assert_eq!(parse_date("2100-12-31", "date", "datoen").ok(), Some(d(2100, 12, 31)));
        for far in ["+262143-12-31", "262143-12-31", "+262142-12-31", "9999-12-31", "0000-01-01", "-0001-01-01"] {
            assert_eq!(msg(far), "Datoen skal ligge mellem år 2000 og 2100.", "{far}");
        }
        for bad in ["5/12", "2026-13-01", "2026-02-30", "", "+-1-2", "12345"] {
            assert_eq!(msg(bad), "Skriv datoen som ÅÅÅÅ-MM-DD.", "{bad}");
        }
        let until = parse_date("2101-01-01", "until", "slutdatoen").err().map(|e| e.to_string());
        assert_eq!(until.as_deref(), Some("Slutdatoen skal ligge mellem år 2000 og 2100."));
    }

    #[test]
    fn day_boundaries_and_weeks() {
        assert_eq!(monday_of(d(2026, 11, 29)), d(2026, 11, 23));
        assert_eq!(monday_of(d(2026, 11, 23)), d(2026, 11, 23));
        assert_eq!(start_of_day(d(2026, 7, 1)).to_rfc3339(), "2026-06-30T22:00:00+00:00");
        let late = Utc.with_ymd_and_hms(2026, 11, 23, 23, 30, 0).single().unwrap_or_default();
        assert_eq!(today(late), d(2026, 11, 24));
    }
}
