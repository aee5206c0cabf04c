use leptos::prelude::*;

use super::UserListItem;
use crate::auth::UserId;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    audit::{self, Entry},
    auth::{Role, guard, service},
    context::{respond, state},
};

/// Every account (administrators only).
#[server(prefix = "/api", endpoint = "admin/users")]
pub async fn list_users() -> Result<Vec<UserListItem>, AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        let pool = state()?.pool;
        let rows = super::repo::list_users(&pool).await?;
        audit::repo::insert(&pool, Entry::new(Some(admin.id.0), "read", "user_list", None)).await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(UserListItem {
                    id: UserId(r.id),
                    role: Role::parse(&r.role)?,
                    full_name: r.full_name,
                    email: r.email,
                    active: r.active,
                })
            })
            .collect())
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
        let (employment, centre_id) = (Some(employment), (centre_id > 0).then_some(centre_id));
        let new =
            service::NewUser { email, password: Some(password), full_name, phone: None, role, employment, centre_id };
        service::create_user(&state()?.pool, Some(admin.id), new).await
    })
    .await
}
