// A form's fields are a server function's arguments.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::UserListItem;
use crate::auth::UserId;
use crate::cases::{ChildId, PersonId};
use crate::error::AppError;
use crate::setup::CentreId;

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
pub async fn deactivate_user(user_id: UserId) -> Result<(), AppError> {
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
/// (none: the only centre). A parent's account is for `person_id`, a young person's for `child_id`
/// (15 or more), in the administrator's centre; `phone` is where sign-in codes go.
#[server(prefix = "/api", endpoint = "admin/create_user")]
pub async fn create_user(
    full_name: String,
    email: String,
    role: String,
    password: String,
    #[server(default)] employment: String,
    #[server(default)] centre_id: Option<CentreId>,
    #[server(default)] person_id: Option<PersonId>,
    #[server(default)] child_id: Option<ChildId>,
    #[server(default)] phone: String,
) -> Result<UserId, AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        let role = Role::parse(&role).ok_or_else(|| AppError::invalid("role", "Vælg en rolle."))?;
        let pool = state()?.pool;
        let (centre_id, account_of) =
            super::service::account_place(&pool, &admin, role, centre_id, (person_id, child_id)).await?;
        let (employment, phone) = (Some(employment), Some(phone));
        let new = service::NewUser {
            email,
            password: Some(password),
            full_name,
            phone,
            role,
            employment,
            centre_id,
            account_of,
        };
        let id = service::create_user(&pool, Some(admin.id), new).await?;
        redirect_form_post("/admin/brugere?gemt=oprettet");
        Ok(id)
    })
    .await
}

/// The children of 15 or more of the administrator's families with an open case and no account
/// yet: (id, "F-05 · Sofia Christensen"), for a young person's account.
#[server(prefix = "/api", endpoint = "admin/young")]
pub async fn children_without_account() -> Result<Vec<(ChildId, String)>, AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        super::service::children_without_account(&state()?.pool, &admin).await
    })
    .await
}

/// The persons of the administrator's families who have no account yet: (id, "F-09 · Jannie
/// Holm · e-mail · phone"), for a new parent account.
#[server(prefix = "/api", endpoint = "admin/persons")]
pub async fn persons_without_account() -> Result<Vec<(PersonId, String)>, AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        super::service::persons_without_account(&state()?.pool, &admin).await
    })
    .await
}
