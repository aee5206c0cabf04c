// A form's fields are a server function's arguments.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::Minutes;
use crate::error::AppError;
use crate::visits::VisitId;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{redirect_form_post, respond, state},
};

/// A kick-off or follow-up meeting's agenda and minutes (the centre's staff; an hourly
/// consultant only on their own meeting).
#[server(prefix = "/api", endpoint = "meetings/minutes")]
pub async fn read_minutes(id: VisitId) -> Result<Minutes, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator, Role::Leader]).await?;
        super::service::read(&state()?.pool, &user, id).await
    })
    .await
}

/// Saves a meeting's minutes; each agreement that differs replaces the family's standing
/// agreement on that topic (empty removes it). Answers how many agreements changed.
#[server(prefix = "/api", endpoint = "meetings/write")]
pub async fn write_minutes(
    id: VisitId,
    #[server(default)] wishes: String,
    #[server(default)] toured: String,
    #[server(default)] body: String,
    #[server(default)] bring: String,
    #[server(default)] toys: String,
    #[server(default)] food: String,
    #[server(default)] practise: String,
    #[server(default)] goal: String,
    #[server(default)] seen: String,
) -> Result<usize, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator]).await?;
        let form = super::MinutesIn {
            wishes,
            toured: !toured.is_empty(),
            body,
            agreements: [bring, toys, food, practise, goal],
            seen,
        };
        let changed = super::service::write(&state()?.pool, &user, id, &form).await?;
        redirect_form_post(&format!("/booking/aftale/{}?gemt=referat&antal={changed}", id.0));
        Ok(changed)
    })
    .await
}
