//! The board's server functions: the board itself, one appointment, the booking form's choices
//! and extra places. Parents and caseworkers get 403 from all of them.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::Board;
use crate::booking::detail::{Appointment, FormOptions};
use crate::error::AppError;
use crate::visits::VisitId;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{from_phone, redirect_form_post, respond, state},
};

/// The board for a date ("" is today): `view` "uge" (places), "dag" or "konsulenter"; without a
/// view, a phone gets the day (a week of places does not fit one) and a larger screen the week.
#[server(prefix = "/api", endpoint = "booking/board")]
pub async fn booking_board(
    #[server(default)] date: String,
    #[server(default)] view: String,
) -> Result<Board, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator, Role::Leader]).await?;
        let date = match date.trim() {
            "" => crate::time::today(chrono::Utc::now()),
            d => crate::time::parse_date(d, "date", "datoen")?,
        };
        let view = match view.trim() {
            "" if from_phone() => super::BoardView::Day,
            v => super::BoardView::parse(v),
        };
        super::service::board(&state()?.pool, &user, date, view).await
    })
    .await
}

/// One appointment with its talks, series and history. An hourly consultant only for their own.
#[server(prefix = "/api", endpoint = "booking/appointment")]
pub async fn staff_appointment(id: VisitId) -> Result<Appointment, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator, Role::Leader]).await?;
        let st = state()?;
        crate::booking::detail::appointment(&st.pool, &st.settings.message_keys, &user, id).await
    })
    .await
}

/// The families, places and consultants the booking form offers.
#[server(prefix = "/api", endpoint = "booking/options")]
pub async fn booking_options() -> Result<FormOptions, AppError> {
    respond(async move {
        let user = crate::booking::api::booker().await?;
        crate::booking::detail::form_options(&state()?.pool, &user).await
    })
    .await
}

/// The coordinator adds an extra place (a borrowed hall, say) with opening hours on the given ISO
/// weekdays ("6,7") between two dates.
#[server(prefix = "/api", endpoint = "booking/add_place")]
pub async fn add_place(
    name: String,
    address: String,
    from: String,
    to: String,
    #[server(default)] weekdays: String,
    opens: String,
    closes: String,
) -> Result<crate::setup::PlaceId, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Coordinator]).await?;
        let place = crate::booking::places::parse(&name, &address, (&from, &to), &weekdays, (&opens, &closes))?;
        let id = crate::booking::places::add(&state()?.pool, &user, &place).await?;
        redirect_form_post("/booking/weekender?gemt=sted");
        Ok(id)
    })
    .await
}
