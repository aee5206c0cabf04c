use leptos::prelude::*;

use super::UserListItem;
use crate::auth::UserId;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard, service},
    context::{redirect_form_post, respond, state},
};

/// The accounts this administrator manages (their centre's, or every one for the installation's
/// administrator).
#[server(prefix = "/api", endpoint = "admin/users")]
pub async fn list_users() -> Result<Vec<UserListItem>, AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        super::service::users(&state()?.pool, &admin).await
    })
    .await
}

/// Deactivates an account: sessions, channel links, devices and calendar feeds end at once.
#[server(prefix = "/api", endpoint = "admin/deactivate_user")]
pub async fn deactivate_user(user_id: i64) -> Result<(), AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        super::service::deactivate(&state()?.pool, &admin, user_id).await?;
        redirect_form_post("/admin/brugere?gemt=lukket");
        Ok(())
    })
    .await
}

/// Creates an account (administrators only). `role` is the stored role name; `employment`
/// ("permanent" or "hourly") is for consultants. Centre staff get their staff row at `centre_id`
/// (0: the only centre).
#[server(prefix = "/api", endpoint = "admin/create_user")]
pub async fn create_user(
    full_name: String,
    email: String,
    role: String,
    password: String,
    #[server(default)] employment: String,
    #[server(default)] centre_id: i64,
) -> Result<UserId, AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        let role = Role::parse(&role).ok_or_else(|| AppError::invalid("role", "Vælg en rolle."))?;
        let pool = state()?.pool;
        let centre_id = super::service::centre_for_new(&pool, &admin, (centre_id > 0).then_some(centre_id)).await?;
        let employment = Some(employment);
        let new =
            service::NewUser { email, password: Some(password), full_name, phone: None, role, employment, centre_id };
        service::create_user(&pool, Some(admin.id), new).await
    })
    .await
}
