//! The nearest free times to offer with a refusal: the same place, the same consultants and the
//! family's children, buffers and guidance talks counted, inside the place's opening hours, the
//! hourly consultants' availability and the case rules, over the next two weeks.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use sqlx::{Sqlite, Transaction};

use super::check::{Check, check_occurrence};
use super::repo;
use super::rules::{self, Occurrence, Resource, SlotQuery, Span};
use crate::error::AppError;
use crate::time;

pub(super) const DAYS: u32 = 14;

fn hm(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

pub(super) fn held(rows: Vec<repo::HolderRow>) -> Vec<Span> {
    rows.into_iter()
        .map(|r| Span::new(r.starts_at, r.ends_at).with_buffers(r.buffer_before_min * 60, r.buffer_after_min * 60))
        .collect()
}

/// The place's opening hours as spans on each day of the window.
pub(super) async fn open_spans(
    tx: &mut Transaction<'_, Sqlite>,
    place_id: i64,
    from: NaiveDate,
    days: u32,
) -> Result<Vec<Span>, AppError> {
    let hours = repo::opening_hours(&mut **tx, place_id).await?;
    let mut out = Vec::new();
    for i in 0..days {
        let Some(day) = from.checked_add_days(Days::new(u64::from(i))) else { break };
        let iso = i64::from(day.weekday().number_from_monday());
        let text = day.to_string();
        for (_, opens, closes, valid_from, valid_to) in hours.iter().filter(|h| h.0 == iso) {
            let in_season = valid_from.as_deref().is_none_or(|f| f <= text.as_str())
                && valid_to.as_deref().is_none_or(|t| t >= text.as_str());
            if let (true, Some(o), Some(c)) = (in_season, hm(opens), hm(closes)) {
                let start = time::at_local(day, chrono::Timelike::hour(&o), chrono::Timelike::minute(&o));
                let end = time::at_local(day, chrono::Timelike::hour(&c), chrono::Timelike::minute(&c));
                out.push(Span::new(start.timestamp(), end.timestamp()));
            }
        }
    }
    Ok(out)
}

/// Up to three free starts, written out ("mandag 4. januar kl. 12.30"), from `from` on and not
/// in the past. The search looks for the whole block (guidance talks included); every candidate
/// then passes the same checks a booking does, so an offer is never itself refused.
pub async fn nearest(
    tx: &mut Transaction<'_, Sqlite>,
    ck: &Check<'_>,
    from: NaiveDate,
) -> Result<Vec<String>, AppError> {
    let input = ck.input;
    let start = time::start_of_day(from).timestamp();
    let end = start + i64::from(DAYS + 1) * 86_400;
    let place = Resource {
        id: input.place_id,
        open: open_spans(tx, input.place_id, from, DAYS).await?,
        busy: held(repo::place_holders(&mut **tx, input.place_id, start, end, ck.except).await?),
    };
    // The requested consultants act as one: all must be free; hourly ones only when available.
    let mut person = Resource { id: 0, open: vec![Span::new(start, end)], busy: Vec::new() };
    for s in ck.staff {
        person.busy.extend(held(repo::staff_holders(&mut **tx, s.user_id, start, end, ck.except).await?));
        if s.employment == "hourly" {
            let avail: Vec<Span> = repo::availability(&mut **tx, s.user_id, start, end)
                .await?
                .into_iter()
                .map(|(s, e)| Span::new(s, e))
                .collect();
            let avail = rules::merged(&avail);
            person.open =
                person.open.iter().flat_map(|o| avail.iter().filter_map(move |a| intersect(*o, *a))).collect();
        }
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
        if check_occurrence(tx, ck, &occ).await?.is_none() {
            out.push(time::long(time::from_unix(visit.start)));
            if out.len() == 3 {
                break;
            }
        }
    }
    Ok(out)
}

fn intersect(a: Span, b: Span) -> Option<Span> {
    let s = Span::new(a.start.max(b.start), a.end.min(b.end));
    (s.start < s.end).then_some(s)
}
