use leptos::prelude::*;

use super::CalendarStatus;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{redirect_form_post, respond, state},
    i18n,
};

/// The parent's working calendar link, if any.
#[server(prefix = "/api", endpoint = "calendar/status")]
pub async fn my_calendar() -> Result<CalendarStatus, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Parent]).await?;
        let st = state()?;
        super::service::status(&st.pool, &st.settings, &user, i18n::from_request()).await
    })
    .await
}

/// Makes a new secret link; the old one stops working.
#[server(prefix = "/api", endpoint = "calendar/create")]
pub async fn create_calendar_link() -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Parent]).await?;
        let st = state()?;
        super::service::create(&st.pool, &st.settings.secret_key, &user).await?;
        redirect_form_post("/kalender");
        Ok(())
    })
    .await
}

/// Stops the parent's calendar link at once.
#[server(prefix = "/api", endpoint = "calendar/revoke")]
pub async fn revoke_calendar_link() -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Parent]).await?;
        super::service::revoke(&state()?.pool, &user).await?;
        redirect_form_post("/kalender");
        Ok(())
    })
    .await
}
