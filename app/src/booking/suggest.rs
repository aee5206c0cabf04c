//! A refusal and the nearest free times it offers: the same place, the same consultants and the
//! family's children, buffers and guidance talks counted, inside the place's opening hours, the
//! hourly consultants' availability and the case rules, over the next two weeks. Offers depend on
//! the checks (every offer passes `check::check_occurrence`); the checks never depend on offers.

use chrono::{NaiveDate, NaiveTime};
use sqlx::{Sqlite, Transaction};

use super::check::{self, Blocked, Check};
use super::repo;
use super::rules::{self, Occurrence, Resource, SlotQuery, Span};
use super::windows::{DAYS, held, intersect, place_resource, staff_resource, window};
use crate::error::AppError;
use crate::time;

/// Up to three free starts, written out ("mandag 4. januar kl. 12.30"), from `from` on and not
/// in the past. The search looks for the whole block (guidance talks included); every candidate
/// then passes the same checks a booking does, so an offer is never itself refused.
pub async fn nearest(
    tx: &mut Transaction<'_, Sqlite>,
    ck: &Check<'_>,
    from: NaiveDate,
) -> Result<Vec<String>, AppError> {
    let input = ck.input;
    let (start, end) = window(from);
    let place = place_resource(tx, input.place_id, ck.hours, from, ck.except).await?;
    // The requested consultants act as one (no id of its own): all must be free, and open where
    // all of them are.
    let mut person = Resource { id: (), open: vec![Span::new(start, end)], busy: Vec::new() };
    for s in ck.staff {
        let one = staff_resource(tx, s.user_id, s.employment.is_hourly(), from, ck.except).await?;
        person.busy.extend(one.busy);
        person.open = person.open.iter().flat_map(|o| one.open.iter().filter_map(move |a| intersect(*o, *a))).collect();
    }
    let family = held(repo::children_holders(&mut **tx, input.family_id, start, end, ck.except).await?);
    let (before, after) = (input.guidance_before_min, input.guidance_after_min);
    let q = SlotQuery {
        from,
        days: DAYS,
        weekdays: Vec::new(),
        earliest: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
        latest: NaiveTime::from_hms_opt(19, 0, 0).unwrap_or_default(),
        minutes: before + input.minutes + after,
        buffer_before_secs: input.buffer_before_min * 60,
        buffer_after_secs: input.buffer_after_min * 60,
        step_minutes: 30,
        // Every candidate of the window: the checks below pick the first three that pass.
        max_results: usize::MAX,
    };
    let now = chrono::Utc::now().timestamp();
    let mut out = Vec::new();
    for slot in rules::free_slots(&q, &[place], &[person], &family) {
        if slot.span.start < now {
            continue;
        }
        let visit = Span::new(slot.span.start + before * 60, slot.span.end - after * 60);
        let date = time::local(time::from_unix(visit.start)).date_naive();
        let occ = Occurrence { date, span: visit, moved: false };
        let around = check::around(tx, ck, &[visit]).await?;
        if check::check_occurrence(ck, &around, 0, &occ).is_none() {
            out.push(time::long(time::from_unix(visit.start)));
            if out.len() == 3 {
                break;
            }
        }
    }
    Ok(out)
}

/// The refusal for a blocked time, with the nearest times that pass every check ("Nærmeste
/// ledige tider: …") over the next two weeks from that day.
pub(super) async fn refuse(
    tx: &mut Transaction<'_, Sqlite>,
    ck: &Check<'_>,
    occ: &Occurrence,
    blocked: Blocked,
    verb: &str,
) -> Result<AppError, AppError> {
    let free = nearest(tx, ck, occ.date).await?;
    let offer = if free.is_empty() {
        " Der er ingen ledige tider de næste 14 dage med samme sted og konsulenter.".to_string()
    } else {
        format!(" Nærmeste ledige tider: {}.", free.join(", "))
    };
    Ok(AppError::Conflict(format!("{}{offer}", blocked.refusal(ck.place_name, occ.span, verb))))
}
