//! "Find a slot": the next free times for a family across all places (weekends included), with a
//! required consultant or any available one.

use chrono::{NaiveDate, NaiveTime, Weekday};
use sqlx::SqlitePool;

use super::rules::{self, Resource, SlotQuery, Span};
use super::suggest::{DAYS, held, open_spans};
use super::{SlotOffer, repo};
use crate::error::AppError;
use crate::time;

pub struct FindInput {
    pub family_id: i64,
    pub from: NaiveDate,
    pub minutes: i64,
    pub weekdays: Vec<Weekday>,
    pub earliest: NaiveTime,
    pub latest: NaiveTime,
    /// None: any available consultant.
    pub staff_id: Option<i64>,
    pub buffer_min: i64,
}

pub async fn find(pool: &SqlitePool, input: &FindInput) -> Result<Vec<SlotOffer>, AppError> {
    let mut tx = pool.begin().await?;
    let start = time::start_of_day(input.from).timestamp();
    let end = start + i64::from(DAYS + 1) * 86_400;
    let names = repo::active_places(&mut *tx).await?;
    let mut places = Vec::new();
    for (id, _) in &names {
        let open = open_spans(&mut tx, *id, input.from, DAYS).await?;
        let busy = held(repo::place_holders(&mut *tx, *id, start, end, 0).await?);
        places.push(Resource { id: *id, open, busy });
    }
    let people: Vec<(i64, String, String)> = repo::consultants(&mut *tx)
        .await?
        .into_iter()
        .filter(|(id, _, _)| input.staff_id.is_none_or(|s| s == *id))
        .collect();
    if people.is_empty() {
        return Err(AppError::invalid("staff_id", "Den valgte konsulent findes ikke."));
    }
    let mut staff = Vec::new();
    for (id, _, employment) in &people {
        let open = if employment == "hourly" {
            repo::availability(&mut *tx, *id, start, end).await?.into_iter().map(|(s, e)| Span::new(s, e)).collect()
        } else {
            vec![Span::new(start, end)]
        };
        staff.push(Resource { id: *id, open, busy: held(repo::staff_holders(&mut *tx, *id, start, end, 0).await?) });
    }
    let family = held(repo::children_holders(&mut *tx, input.family_id, start, end, 0).await?);
    tx.commit().await?;
    let q = SlotQuery {
        from: input.from,
        days: DAYS,
        weekdays: input.weekdays.clone(),
        earliest: input.earliest,
        latest: input.latest,
        minutes: input.minutes,
        buffer_before_secs: input.buffer_min * 60,
        buffer_after_secs: input.buffer_min * 60,
        step_minutes: 30,
        max_results: 10,
    };
    let name =
        |list: &[(i64, String)], id: i64| list.iter().find(|p| p.0 == id).map(|p| p.1.clone()).unwrap_or_default();
    let staff_names: Vec<(i64, String)> = people.iter().map(|(id, n, _)| (*id, n.clone())).collect();
    Ok(rules::free_slots(&q, &places, &staff, &family)
        .into_iter()
        .map(|s| {
            let at = time::from_unix(s.span.start);
            SlotOffer {
                when: time::long(at),
                date: time::local(at).date_naive().to_string(),
                time: time::local(at).format("%H:%M").to_string(),
                place_id: s.place_id,
                place: name(&names, s.place_id),
                staff_id: s.staff_id,
                staff: name(&staff_names, s.staff_id),
            }
        })
        .collect())
}
