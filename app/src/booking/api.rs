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
        let user = guard::require(&[Role::Consultant, Role::Coordinator]).await?;
        let pool = &state()?.pool;
        if user.role == Role::Consultant && crate::staff::repo::is_hourly(pool, user.id.0).await? {
            return Err(AppError::Forbidden);
        }
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
