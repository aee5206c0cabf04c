use leptos::prelude::*;

use super::CaseSummary;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{respond, state},
};

/// The signed-in caseworker's own cases, and no one else's.
#[server(prefix = "/api", endpoint = "cases/mine")]
pub async fn my_cases() -> Result<Vec<CaseSummary>, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker]).await?;
        super::service::my_cases(&state()?.pool, &user).await
    })
    .await
}
