use leptos::prelude::*;

use super::{CaseDetail, CaseId, CaseSummary};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{redirect_form_post, respond, state},
};

/// The signed-in caseworker's own cases, and no one else's; a coordinator's or leader's centre's.
#[server(prefix = "/api", endpoint = "cases/mine")]
pub async fn my_cases() -> Result<Vec<CaseSummary>, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator, Role::Leader]).await?;
        super::service::cases(&state()?.pool, &user).await
    })
    .await
}

/// One case with its history (another caseworker's, or another centre's: not found).
#[server(prefix = "/api", endpoint = "cases/detail")]
pub async fn read_case(id: CaseId) -> Result<CaseDetail, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator, Role::Leader]).await?;
        super::service::detail(&state()?.pool, &user, id).await
    })
    .await
}

/// Closes a case: its planned visits are cancelled, and it becomes read-only. Answers how many
/// appointments were cancelled.
#[server(prefix = "/api", endpoint = "cases/close")]
pub async fn close_case(id: CaseId, reason: String) -> Result<usize, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        let cancelled = super::service::close(&state()?.pool, &user, id, &reason).await?;
        redirect_form_post(&format!("/sager/{}?gemt=afsluttet&antal={cancelled}", id.0));
        Ok(cancelled)
    })
    .await
}

/// Continues a closed case in a new one over a new decision period ('YYYY-MM-DD').
#[server(prefix = "/api", endpoint = "cases/continue")]
pub async fn continue_case(id: CaseId, from: String, to: String) -> Result<CaseId, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        let new = super::service::continue_closed(&state()?.pool, &user, id, (&from, &to)).await?;
        redirect_form_post(&format!("/sager/{}?gemt=fortsat", new.0));
        Ok(new)
    })
    .await
}

/// Records a consent to supported visits given (`given` true) or withdrawn on `on`
/// ('YYYY-MM-DD') by `party` ("p<person id>" for a custody holder, "barn" for the young person).
/// A withdrawal cancels the coming supported visits it no longer allows; answers how many.
#[server(prefix = "/api", endpoint = "cases/consent")]
pub async fn record_consent(id: CaseId, party: String, given: bool, on: String) -> Result<usize, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        let n = super::consent::record(&state()?.pool, &user, id, (&party, &on), given).await?;
        let saved = if given { "samtykke" } else { "tilbagetrukket" };
        redirect_form_post(&format!("/sager/{}?gemt={saved}&antal={n}", id.0));
        Ok(n)
    })
    .await
}
