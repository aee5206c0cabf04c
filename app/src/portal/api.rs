use leptos::prelude::*;

use super::{Contacts, PortalVisits};
use crate::error::AppError;
use crate::visits::{VisitDetail, VisitId};

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{redirect_form_post, respond, state},
    i18n,
};

/// The signed-in parent's own family's coming (or, with `past`, earlier) visits and meetings.
#[server(prefix = "/api", endpoint = "portal/my_visits")]
pub async fn my_visits(#[server(default)] past: bool) -> Result<PortalVisits, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Parent]).await?;
        super::service::my_visits(&state()?.pool, &user, i18n::from_request(), past).await
    })
    .await
}

/// One visit of the signed-in parent's own family; any other id is NotFound.
#[server(prefix = "/api", endpoint = "portal/visit")]
pub async fn visit(id: VisitId) -> Result<VisitDetail, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Parent]).await?;
        super::service::visit(&state()?.pool, &user, i18n::from_request(), id).await
    })
    .await
}

/// "Jeg er forsinket" with the number of minutes. A plain form post returns to the visit.
#[server(prefix = "/api", endpoint = "portal/report_delay")]
pub async fn report_delay(id: VisitId, minutes: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Parent]).await?;
        let lang = i18n::from_request();
        let minutes = minutes.trim().parse::<i64>().map_err(|_| {
            AppError::invalid(
                "minutes",
                lang.t("Skriv et antal minutter, fx 15.", "Enter a number of minutes, e.g. 15."),
            )
        })?;
        super::service::report_delay(&state()?.pool, &user, lang, id, minutes).await?;
        redirect_form_post(&format!("/mine-samvaer/{}?meldt=forsinket", id.0));
        Ok(())
    })
    .await
}

/// "Jeg kan ikke komme" with an optional message. Cancels the visit on the parent's word.
#[server(prefix = "/api", endpoint = "portal/report_cant_come")]
pub async fn report_cant_come(id: VisitId, #[server(default)] message: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Parent]).await?;
        super::service::report_cant_come(&state()?.pool, &user, i18n::from_request(), id, &message).await?;
        redirect_form_post(&format!("/mine-samvaer/{}?meldt=afbud", id.0));
        Ok(())
    })
    .await
}

/// The centre, the family's consultant and caseworkers, and placements whose address is not secret.
#[server(prefix = "/api", endpoint = "portal/contacts")]
pub async fn my_contacts() -> Result<Contacts, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Parent]).await?;
        super::service::contacts(&state()?.pool, &user, i18n::from_request()).await
    })
    .await
}
