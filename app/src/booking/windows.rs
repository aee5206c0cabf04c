//! The windows booking works in: a place's opening hours as spans, what holds a resource as
//! spans with its buffers, and the two weeks a search looks ahead. A leaf: the checks, the offers,
//! find-a-slot and the weekend capacity all use it, and it uses none of them.

use chrono::{Datelike, Days, NaiveDate};
use sqlx::{Sqlite, Transaction};

use super::repo;
use super::rules::{self, Resource, Span};
use crate::error::AppError;
use crate::setup::PlaceId;
use crate::staff::StaffId;
use crate::time;

/// How many days a search for free times looks ahead.
pub(super) const DAYS: u32 = 14;

/// What holds a resource, as spans with their buffers.
pub(super) fn held(rows: Vec<repo::HolderRow>) -> Vec<Span> {
    rows.into_iter()
        .map(|r| Span::new(r.starts_at, r.ends_at).with_buffers(r.buffer_before_min * 60, r.buffer_after_min * 60))
        .collect()
}

/// The place's opening hours as spans on each day of the window.
pub(super) async fn open_spans(
    tx: &mut Transaction<'_, Sqlite>,
    place_id: PlaceId,
    from: NaiveDate,
    days: u32,
) -> Result<Vec<Span>, AppError> {
    Ok(opening(&repo::opening_hours(&mut **tx, place_id).await?, from, days))
}

/// Opening hours (a place's rows) as spans on each day of the window.
pub(super) fn opening(hours: &[repo::HoursRow], from: NaiveDate, days: u32) -> Vec<Span> {
    let mut out = Vec::new();
    for i in 0..days {
        let Some(day) = from.checked_add_days(Days::new(u64::from(i))) else { break };
        let iso = i64::from(day.weekday().number_from_monday());
        let text = day.to_string();
        for (_, opens, closes, valid_from, valid_to) in hours.iter().filter(|h| h.0 == iso) {
            let in_season = valid_from.as_deref().is_none_or(|f| f <= text.as_str())
                && valid_to.as_deref().is_none_or(|t| t >= text.as_str());
            if let (true, Some(o), Some(c)) =
                (in_season, time::parse_clock(opens, "opens").ok(), time::parse_clock(closes, "closes").ok())
            {
                let start = time::at_local(day, chrono::Timelike::hour(&o), chrono::Timelike::minute(&o));
                let end = time::at_local(day, chrono::Timelike::hour(&c), chrono::Timelike::minute(&c));
                out.push(Span::new(start.timestamp(), end.timestamp()));
            }
        }
    }
    out
}

/// The part two spans share, if any.
pub(super) fn intersect(a: Span, b: Span) -> Option<Span> {
    let s = Span::new(a.start.max(b.start), a.end.min(b.end));
    (s.start < s.end).then_some(s)
}

/// The first and the last instant of a search window of `DAYS` from `from` (a day more, for a
/// visit that runs past midnight), as unix seconds.
pub(super) fn window(from: NaiveDate) -> (i64, i64) {
    let start = time::start_of_day(from).timestamp();
    (start, start + i64::from(DAYS + 1) * 86_400)
}

/// A place as a search sees it over the window from `from`: open in its opening hours (`hours`, its
/// rows), busy with what holds it (buffers included) other than the appointment `except` (None:
/// none).
pub(super) async fn place_resource(
    tx: &mut Transaction<'_, Sqlite>,
    place_id: PlaceId,
    hours: &[repo::HoursRow],
    from: NaiveDate,
    except: Option<i64>,
) -> Result<Resource<crate::setup::PlaceId>, AppError> {
    let (start, end) = window(from);
    let open = opening(hours, from, DAYS);
    let busy = held(repo::place_holders(&mut **tx, place_id, start, end, except).await?);
    Ok(Resource { id: place_id, open, busy })
}

/// Stretches of availability as spans, touching ones joined.
pub(super) fn joined(rows: Vec<(i64, i64)>) -> Vec<Span> {
    rules::merged(&rows.into_iter().map(|(s, e)| Span::new(s, e)).collect::<Vec<_>>())
}

/// The stretches an hourly consultant said they can work within `span`, touching ones joined.
pub(super) async fn availability(
    tx: &mut Transaction<'_, Sqlite>,
    user_id: StaffId,
    span: Span,
) -> Result<Vec<Span>, AppError> {
    Ok(joined(repo::availability(&mut **tx, user_id, span.start, span.end).await?))
}

/// A consultant as a search sees them over the window from `from`: a permanent one open all of
/// it, an hourly one only where they said they can work (touching stretches joined); busy with
/// what holds them other than the appointment `except`. The one way both searches see people.
pub(super) async fn staff_resource(
    tx: &mut Transaction<'_, Sqlite>,
    user_id: StaffId,
    hourly: bool,
    from: NaiveDate,
    except: Option<i64>,
) -> Result<Resource<StaffId>, AppError> {
    let (start, end) = window(from);
    let whose = repo::Whose { staff: &[user_id], except, ..repo::Whose::default() };
    let around = repo::around(&mut **tx, &whose, &[repo::Window { from: start, to: end, children: None }]).await?;
    let open = if hourly { joined(around.available_at(0, user_id)) } else { vec![Span::new(start, end)] };
    Ok(Resource { id: user_id, open, busy: held(around.holders) })
}
