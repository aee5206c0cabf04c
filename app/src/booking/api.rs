// The booking form's fields are the server function's arguments (a plain HTML form posts them).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::cases::FamilyId;
use crate::error::AppError;
use crate::setup::PlaceId;
use crate::staff::StaffId;
use crate::visits::VisitId;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{redirect_form_post, refused_form_post, respond, state},
};

/// Books a visit (or a kick-off or follow-up meeting: `kind`) for a family, once or as a series
/// (`repeat` "once", "1", "2", "4": every n weeks, "custom": the `dates`), in a place with
/// consultants (comma-separated user ids, may be empty: staffed later), with guidance talks right
/// before and after as linked slots; `skip` leaves dates of a series out. `dates` and `skip` are
/// one date field each (`dates[]`, `skip[]`; empty ones count for nothing). Dates are YYYY-MM-DD,
/// times HH:MM in the centre's time zone.
/// Refused with 409 and what collides.
#[server(prefix = "/api", endpoint = "booking/create")]
pub async fn book_visit(
    family_id: FamilyId,
    place_id: PlaceId,
    #[server(default)] staff_ids: String,
    #[server(default)] second_staff: Option<StaffId>,
    #[server(default)] kind: String,
    date: String,
    time: String,
    minutes: i64,
    #[server(default)] guidance_before: i64,
    #[server(default)] guidance_after: i64,
    #[server(default)] buffer_before: i64,
    #[server(default)] buffer_after: i64,
    #[server(default)] repeat: String,
    #[server(default)] until: String,
    #[server(default)] dates: Vec<String>,
    #[server(default)] skip: Vec<String>,
) -> Result<Vec<VisitId>, AppError> {
    // What was typed, under the form page's prefill keys: a refused form comes back with it.
    let typed = [
        ("familie", family_id.to_string()),
        ("type", kind.clone()),
        ("sted", place_id.to_string()),
        ("dato", date.clone()),
        ("tid", time.clone()),
        ("minutter", minutes.to_string()),
        ("vejledning_foer", guidance_before.to_string()),
        ("vejledning_efter", guidance_after.to_string()),
        ("buffer_foer", buffer_before.to_string()),
        ("buffer_efter", buffer_after.to_string()),
        ("konsulent", staff_ids.clone()),
        ("anden_konsulent", second_staff.map_or_else(String::new, |s| s.to_string())),
        ("gentag", repeat.clone()),
        ("til", until.clone()),
        ("datoer", dates.join(",")),
        ("spring", skip.join(",")),
    ];
    let result = respond(async move {
        let user = booker().await?;
        let pool = &state()?.pool;
        // The form's second consultant joins the list.
        let staff_ids = match second_staff {
            None => staff_ids,
            Some(id) => format!("{staff_ids},{id}"),
        };
        let fields = super::parse::BookingFields {
            family_id,
            place_id,
            staff_ids,
            kind,
            date,
            time,
            minutes,
            guidance_before,
            guidance_after,
            buffer_before,
            buffer_after,
            repeat,
            until,
            dates,
            skip,
        };
        let input = super::parse::input(&fields)?;
        let ids = super::service::create(pool, &user, &input).await?;
        if let Some(first) = ids.first() {
            redirect_form_post(&format!("/booking/aftale/{}?gemt=booket&antal={}", first.0, ids.len()));
        }
        Ok(ids)
    })
    .await;
    if let Err(e) = &result {
        refused_form_post(<BookVisit as server_fn::ServerFn>::PATH, "/booking/ny", &typed, e);
    }
    result
}

/// Permanent consultants and the coordinator book; hourly consultants do not.
#[cfg(feature = "ssr")]
pub(crate) async fn booker() -> Result<crate::auth::CurrentUser, AppError> {
    let user = guard::require(&[Role::Consultant, Role::Coordinator]).await?;
    if user.is_hourly() {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

#[cfg(feature = "ssr")]
fn date_and_time(date: &str, time: &str) -> Result<(chrono::NaiveDate, chrono::NaiveTime), AppError> {
    Ok((crate::time::parse_date(date, "date", "datoen")?, crate::time::parse_clock(time, "time")?))
}

/// Moves a planned appointment (with its linked guidance talks) to a new date and local time, and
/// to another place or length if given (`place_id`, `minutes`; left empty: the same). In a series
/// only this occurrence moves.
#[server(prefix = "/api", endpoint = "booking/move")]
pub async fn move_visit(
    id: VisitId,
    date: String,
    time: String,
    #[server(default)] place_id: Option<PlaceId>,
    #[server(default)] minutes: Option<i64>,
) -> Result<(), AppError> {
    respond(async move {
        let user = booker().await?;
        let (date, at) = date_and_time(&date, &time)?;
        let to = super::change::MoveTo::new(date, at, place_id, minutes)?;
        super::change::move_visit(&state()?.pool, &user, id, to).await?;
        redirect_form_post(&format!("/booking/aftale/{}?gemt=flyttet", id.0));
        Ok(())
    })
    .await
}

/// "This and following": this occurrence moves to `date` and `time` (and `place_id` and `minutes`,
/// left empty: the same), every later one of its series by the same number of days to the same time, place
/// and length. All or nothing.
#[server(prefix = "/api", endpoint = "booking/move_following")]
pub async fn move_following(
    id: VisitId,
    date: String,
    time: String,
    #[server(default)] place_id: Option<PlaceId>,
    #[server(default)] minutes: Option<i64>,
) -> Result<usize, AppError> {
    respond(async move {
        let user = booker().await?;
        let (date, at) = date_and_time(&date, &time)?;
        let to = super::change::MoveTo::new(date, at, place_id, minutes)?;
        let n = super::series::move_following(&state()?.pool, &user, id, to).await?;
        redirect_form_post(&format!("/booking/aftale/{}?gemt=serie-flyttet&antal={n}", id.0));
        Ok(n)
    })
    .await
}

/// Ends a series: cancels this occurrence and every later one, with who and why.
#[server(prefix = "/api", endpoint = "booking/cancel_following")]
pub async fn cancel_following(id: VisitId, by: String, reason: String) -> Result<usize, AppError> {
    respond(async move {
        let user = booker().await?;
        let n = super::series::cancel_following(&state()?.pool, &user, id, by.trim(), &reason).await?;
        redirect_form_post(&format!("/booking/aftale/{}?gemt=serie-aflyst&antal={n}", id.0));
        Ok(n)
    })
    .await
}

/// Cancels a planned appointment: who cancelled (centre, parent, placement, child, caseworker) and why.
#[server(prefix = "/api", endpoint = "booking/cancel")]
pub async fn cancel_visit(id: VisitId, by: String, reason: String) -> Result<(), AppError> {
    respond(async move {
        let user = booker().await?;
        super::change::cancel_visit(&state()?.pool, &user, id, by.trim(), &reason).await?;
        redirect_form_post(&format!("/booking/aftale/{}?gemt=aflyst", id.0));
        Ok(())
    })
    .await
}

/// Held or no-show. Hourly consultants may record it for the visits they staff.
#[server(prefix = "/api", endpoint = "booking/outcome")]
pub async fn record_outcome(id: VisitId, outcome: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator]).await?;
        super::change::record_outcome(&state()?.pool, &user, id, outcome.trim()).await?;
        redirect_form_post(&format!("/booking/aftale/{}?gemt=udfald", id.0));
        Ok(())
    })
    .await
}

/// Every change to an appointment: who, when, what.
#[server(prefix = "/api", endpoint = "booking/history")]
pub async fn visit_history(id: VisitId) -> Result<Vec<String>, AppError> {
    respond(async move {
        let user = booker().await?;
        super::change::history(&state()?.pool, &user, id).await
    })
    .await
}

/// An hourly (or any) consultant says when they can work: a date and a local time span.
#[server(prefix = "/api", endpoint = "booking/availability")]
pub async fn add_availability(date: String, from: String, to: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant]).await?;
        let date = crate::time::parse_date(&date, "date", "datoen")?;
        let (from, to) = (crate::time::parse_clock(&from, "from")?, crate::time::parse_clock(&to, "to")?);
        super::staffing::add_availability(&state()?.pool, &user, date, from, to).await?;
        redirect_form_post("/bemanding?gemt=tid");
        Ok(())
    })
    .await
}

/// The signed-in hourly consultant's availability for the next 8 weeks ("lørdag 5. december
/// 09.00–17.00"); null for a permanent consultant (available whenever the places are open).
#[server(prefix = "/api", endpoint = "booking/my_availability")]
pub async fn my_availability() -> Result<Option<Vec<String>>, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant]).await?;
        super::staffing::my_availability(&state()?.pool, &user, 56).await
    })
    .await
}

/// The coordinator puts a consultant on a visit.
#[server(prefix = "/api", endpoint = "booking/staff")]
pub async fn staff_visit(id: VisitId, staff_id: StaffId, #[server(default)] back: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Coordinator]).await?;
        super::staffing::staff_visit(&state()?.pool, &user, id, staff_id).await?;
        let back = crate::i18n::safe_return_path(&back);
        let back = if back == "/" { format!("/booking/aftale/{}", id.0) } else { back.to_string() };
        let sep = if back.contains('?') { '&' } else { '?' };
        redirect_form_post(&format!("{back}{sep}gemt=bemandet"));
        Ok(())
    })
    .await
}

/// The coordinator takes a consultant off a visit (and its guidance talks), e.g. when they are ill.
#[server(prefix = "/api", endpoint = "booking/unstaff")]
pub async fn unstaff_visit(id: VisitId, staff_id: StaffId) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Coordinator]).await?;
        super::staffing::unstaff_visit(&state()?.pool, &user, id, staff_id).await?;
        redirect_form_post(&format!("/booking/aftale/{}?gemt=taget-af", id.0));
        Ok(())
    })
    .await
}

/// Coming visits without a consultant (the next 8 weeks), for the coordinator.
#[server(prefix = "/api", endpoint = "booking/unstaffed")]
pub async fn unstaffed_visits() -> Result<Vec<crate::visits::VisitSummary>, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Coordinator]).await?;
        super::staffing::unstaffed(&state()?.pool, &user, 56).await
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
/// a required consultant (`staff_id`, left out for any available one), and guidance talks right before
/// and after the visit in minutes (the whole block must be free; the offer is the visit's start).
#[server(prefix = "/api", endpoint = "booking/find_slots")]
pub async fn find_slots(
    family_id: FamilyId,
    minutes: i64,
    #[server(default)] from: String,
    #[server(default)] weekdays: String,
    #[server(default)] earliest: String,
    #[server(default)] latest: String,
    #[server(default)] staff_id: Option<StaffId>,
    #[server(default)] buffer: i64,
    #[server(default)] guidance_before: i64,
    #[server(default)] guidance_after: i64,
) -> Result<Vec<super::SlotOffer>, AppError> {
    respond(async move {
        let user = booker().await?;
        let input = super::parse::find_input(&super::parse::FindFields {
            family_id,
            minutes,
            from,
            weekdays,
            earliest,
            latest,
            staff_id,
            buffer,
            guidance_before,
            guidance_after,
        })?;
        super::find::find(&state()?.pool, &user, &input).await
    })
    .await
}

/// The next 8 weekends: place-time open and booked, visits staffed and unstaffed.
#[server(prefix = "/api", endpoint = "booking/weekends")]
pub async fn weekend_capacity() -> Result<Vec<super::WeekendCapacity>, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator, Role::Leader]).await?;
        super::capacity::weekends(&state()?.pool, &user, 8).await
    })
    .await
}
