use leptos::prelude::*;

use super::Overview;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{respond, state},
};

/// Today's and this week's visits for the caller's centre's staff (an administrator manages
/// accounts and is not a reader of families' visits).
#[server(prefix = "/api", endpoint = "overview/week")]
pub async fn week_overview() -> Result<Overview, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator, Role::Leader]).await?;
        super::service::overview(&state()?.pool, &user).await
    })
    .await
}
