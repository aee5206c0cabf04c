use leptos::prelude::*;

use super::YoungView;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{redirect_form_post, respond, state},
};

/// The signed-in young person's own page.
#[server(prefix = "/api", endpoint = "young/view")]
pub async fn read_young_page() -> Result<YoungView, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Young]).await?;
        super::service::view(&state()?.pool, &user, crate::i18n::from_request()).await
    })
    .await
}

/// The young person gives ("ja") or withdraws ("nej") their own consent from today. Answers how
/// many coming visits a withdrawal cancelled.
#[server(prefix = "/api", endpoint = "young/consent")]
pub async fn set_young_consent(#[server(default)] given: String) -> Result<usize, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Young]).await?;
        let given = match given.as_str() {
            "ja" => true,
            "nej" => false,
            _ => return Err(AppError::invalid("given", "Vælg, om du giver eller trækker dit samtykke.")),
        };
        let n = super::service::set_consent(&state()?.pool, &user, given).await?;
        redirect_form_post(if given { "/ung?gemt=givet" } else { "/ung?gemt=trukket" });
        Ok(n)
    })
    .await
}

/// The young person asks for a pause ("pause") or a talk ("talk"), with a few words if they like.
#[server(prefix = "/api", endpoint = "young/ask")]
pub async fn young_ask(#[server(default)] kind: String, #[server(default)] body: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Young]).await?;
        super::service::ask(&state()?.pool, &user, &kind, &body).await?;
        redirect_form_post("/ung?gemt=sendt");
        Ok(())
    })
    .await
}
