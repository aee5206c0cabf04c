// The booking form's fields are the server function's arguments (a plain HTML form posts them).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;
use crate::visits::VisitId;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{respond, state},
};

/// Books a visit for a family, once or as a series ("once", "1", "2", "4": every n weeks), in a
/// place with consultants (comma-separated user ids, may be empty: staffed later). Dates are
/// YYYY-MM-DD, times HH:MM in the centre's time zone. Refused with 409 and what collides.
#[server(prefix = "/api", endpoint = "booking/create")]
pub async fn book_visit(
    family_id: i64,
    place_id: i64,
    #[server(default)] staff_ids: String,
    date: String,
    time: String,
    minutes: i64,
    #[server(default)] buffer_before: i64,
    #[server(default)] buffer_after: i64,
    #[server(default)] repeat: String,
    #[server(default)] until: String,
) -> Result<Vec<VisitId>, AppError> {
    respond(async move {
        let user = booker().await?;
        let pool = &state()?.pool;
        let input = super::parse::input(
            family_id,
            place_id,
            &staff_ids,
            &date,
            &time,
            minutes,
            buffer_before,
            buffer_after,
            &repeat,
            &until,
        )?;
        super::service::create(pool, &user, &input).await
    })
    .await
}

#[cfg(feature = "ssr")]
async fn booker() -> Result<crate::auth::CurrentUser, AppError> {
    let user = guard::require(&[Role::Consultant, Role::Coordinator]).await?;
    if user.role == Role::Consultant && crate::staff::repo::is_hourly(&state()?.pool, user.id.0).await? {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

/// Moves a planned appointment to a new date and local time (same place, people and length).
#[server(prefix = "/api", endpoint = "booking/move")]
pub async fn move_visit(id: VisitId, date: String, time: String) -> Result<(), AppError> {
    respond(async move {
        let user = booker().await?;
        let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::invalid("date", "Skriv datoen som ÅÅÅÅ-MM-DD."))?;
        let at = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M")
            .map_err(|_| AppError::invalid("time", "Skriv tidspunktet som TT:MM, fx 10:00."))?;
        super::change::move_visit(&state()?.pool, &user, id, date, at).await
    })
    .await
}

/// Cancels a planned appointment: who cancelled (centre, parent, placement, child, caseworker) and why.
#[server(prefix = "/api", endpoint = "booking/cancel")]
pub async fn cancel_visit(id: VisitId, by: String, reason: String) -> Result<(), AppError> {
    respond(async move {
        let user = booker().await?;
        super::change::cancel_visit(&state()?.pool, &user, id, by.trim(), &reason).await
    })
    .await
}

/// Held or no-show. Hourly consultants may record it for the visits they staff.
#[server(prefix = "/api", endpoint = "booking/outcome")]
pub async fn record_outcome(id: VisitId, outcome: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator]).await?;
        super::change::record_outcome(&state()?.pool, &user, id, outcome.trim()).await
    })
    .await
}

/// Every change to an appointment: who, when, what.
#[server(prefix = "/api", endpoint = "booking/history")]
pub async fn visit_history(id: VisitId) -> Result<Vec<String>, AppError> {
    respond(async move {
        booker().await?;
        super::change::history(&state()?.pool, id).await
    })
    .await
}

/// An hourly (or any) consultant says when they can work: a date and a local time span.
#[server(prefix = "/api", endpoint = "booking/availability")]
pub async fn add_availability(date: String, from: String, to: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant]).await?;
        let parse_time = |s: &str, field: &str| {
            chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M")
                .map_err(|_| AppError::invalid(field, "Skriv tidspunktet som TT:MM, fx 09:00."))
        };
        let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::invalid("date", "Skriv datoen som ÅÅÅÅ-MM-DD."))?;
        let (from, to) = (parse_time(&from, "from")?, parse_time(&to, "to")?);
        super::staffing::add_availability(&state()?.pool, &user, date, from, to).await
    })
    .await
}

/// The coordinator puts a consultant on a visit.
#[server(prefix = "/api", endpoint = "booking/staff")]
pub async fn staff_visit(id: VisitId, staff_id: i64) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Coordinator]).await?;
        super::staffing::staff_visit(&state()?.pool, &user, id, staff_id).await
    })
    .await
}

/// Coming visits without a consultant (the next 8 weeks), for the coordinator.
#[server(prefix = "/api", endpoint = "booking/unstaffed")]
pub async fn unstaffed_visits() -> Result<Vec<crate::visits::VisitSummary>, AppError> {
    respond(async move {
        guard::require(&[Role::Coordinator]).await?;
        super::staffing::unstaffed(&state()?.pool, 56).await
    })
    .await
}

/// The signed-in consultant's own coming shifts (the next 8 weeks).
#[server(prefix = "/api", endpoint = "booking/my_shifts")]
pub async fn my_shifts() -> Result<Vec<crate::visits::VisitSummary>, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant]).await?;
        super::staffing::my_shifts(&state()?.pool, &user, 56).await
    })
    .await
}

/// The next free times for a family over two weeks from `from` (default today): `weekdays` as
/// ISO numbers ("6,7" for weekends; empty for any day), a local window for the start, the length,
/// and a required consultant (`staff_id`, 0 for any available one).
#[server(prefix = "/api", endpoint = "booking/find_slots")]
pub async fn find_slots(
    family_id: i64,
    minutes: i64,
    #[server(default)] from: String,
    #[server(default)] weekdays: String,
    #[server(default)] earliest: String,
    #[server(default)] latest: String,
    #[server(default)] staff_id: i64,
    #[server(default)] buffer: i64,
) -> Result<Vec<super::SlotOffer>, AppError> {
    respond(async move {
        booker().await?;
        let input =
            super::parse::find_input(family_id, minutes, &from, &weekdays, &earliest, &latest, staff_id, buffer)?;
        super::find::find(&state()?.pool, &input).await
    })
    .await
}

/// The next 8 weekends: place-time open and booked, visits staffed and unstaffed.
#[server(prefix = "/api", endpoint = "booking/weekends")]
pub async fn weekend_capacity() -> Result<Vec<super::WeekendCapacity>, AppError> {
    respond(async move {
        guard::require(&[Role::Consultant, Role::Coordinator, Role::Leader]).await?;
        super::capacity::weekends(&state()?.pool, 8).await
    })
    .await
}
