//! Weekend capacity: for each of the next weekends, the place-hours open and booked and the visits
//! staffed and unstaffed, so the coordinator sees where extra facilities or people are needed.

use chrono::{Datelike, Days, NaiveDate, Utc, Weekday};
use sqlx::SqlitePool;

use super::rules::Span;
use super::windows::open_spans;
use super::{WeekendCapacity, repo};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::time;

/// Minutes of `spans` (they may overlap each other only across places, which is what we count).
fn minutes(spans: impl Iterator<Item = Span>) -> i64 {
    spans.map(|s| (s.end - s.start) / 60).sum()
}

/// The Saturday of the weekend `today` is in, or the next one.
pub fn first_saturday(today: NaiveDate) -> NaiveDate {
    let back = match today.weekday() {
        Weekday::Sun => 1,
        _ => 0,
    };
    let mut d = today - Days::new(back);
    while d.weekday() != Weekday::Sat {
        d = d + Days::new(1);
    }
    d
}

/// "28.–29. november", or "31. januar – 1. februar" across a month.
pub fn weekend_label(sat: NaiveDate) -> String {
    let sun = sat + Days::new(1);
    if sat.month() == sun.month() {
        format!("{}.–{}", sat.day(), time::day_month(sun))
    } else {
        format!("{} – {}", time::day_month(sat), time::day_month(sun))
    }
}

/// The caller's centre's next `count` weekends. Booked place-time counts everything that holds a
/// place (visits, their guidance talks, meetings); staffed and unstaffed count visits.
pub async fn weekends(pool: &SqlitePool, user: &CurrentUser, count: u32) -> Result<Vec<WeekendCapacity>, AppError> {
    let first = first_saturday(time::today(Utc::now()));
    let mut tx = pool.begin().await?;
    let centre = user.centre();
    let places = repo::board::places(&mut *tx, centre).await?;
    let mut open = Vec::new();
    for (id, _) in &places {
        open.extend(open_spans(&mut tx, *id, first, count * 7).await?);
    }
    let end = time::start_of_day(first + Days::new(u64::from(count) * 7)).timestamp();
    let booked = repo::load_in_window(&mut *tx, centre, time::start_of_day(first).timestamp(), end).await?;
    tx.commit().await?;
    Ok((0..count)
        .map(|w| {
            let sat = first + Days::new(u64::from(w) * 7);
            let (from, to) = (time::start_of_day(sat).timestamp(), time::start_of_day(sat + Days::new(2)).timestamp());
            let inside = |s: &Span| s.start >= from && s.start < to;
            let here: Vec<_> = booked.iter().filter(|b| b.starts_at >= from && b.starts_at < to).collect();
            let visits = || here.iter().filter(|b| b.is_visit);
            WeekendCapacity {
                label: weekend_label(sat),
                open_minutes: minutes(open.iter().copied().filter(inside)),
                booked_minutes: minutes(
                    here.iter().filter(|b| b.place_id.is_some()).map(|b| Span::new(b.starts_at, b.ends_at)),
                ),
                staffed: visits().filter(|b| b.staff > 0).count(),
                unstaffed: visits().filter(|b| b.staff == 0).count(),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekends_start_on_the_current_or_next_saturday() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap_or_default();
        assert_eq!(first_saturday(d(23)), d(28)); // Monday
        assert_eq!(first_saturday(d(28)), d(28)); // Saturday
        assert_eq!(first_saturday(d(29)), d(28)); // Sunday: this weekend
        assert_eq!(minutes([Span::new(0, 3600), Span::new(0, 1800)].into_iter()), 90);
        assert_eq!(weekend_label(d(28)), "28.–29. november");
        let jan = NaiveDate::from_ymd_opt(2027, 1, 30).unwrap_or_default();
        assert_eq!(weekend_label(jan), "30.–31. januar");
        let oct = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        assert_eq!(weekend_label(oct), "31. oktober – 1. november");
    }
}
