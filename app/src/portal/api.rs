use leptos::prelude::*;

use super::PortalVisits;
use crate::error::AppError;
use crate::visits::{VisitDetail, VisitId};

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{respond, state},
};

/// The signed-in parent's own family's upcoming visits and meetings.
#[server(prefix = "/api", endpoint = "portal/my_visits")]
pub async fn my_visits() -> Result<PortalVisits, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Parent]).await?;
        super::service::my_visits(&state()?.pool, &user).await
    })
    .await
}

/// One visit of the signed-in parent's own family; any other id is NotFound.
#[server(prefix = "/api", endpoint = "portal/visit")]
pub async fn visit(id: VisitId) -> Result<VisitDetail, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Parent]).await?;
        super::service::visit(&state()?.pool, &user, id).await
    })
    .await
}
