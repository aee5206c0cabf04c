//! The administrator's work on accounts. An administrator with a staff row manages their own
//! centre's accounts only (its staff, its families' parents, its cases' caseworkers); one without
//! is the installation's administrator (made with `server create-user --role admin`).

use chrono::Utc;
use sqlx::SqlitePool;

use super::{UserListItem, repo};
use crate::audit::{self, Entry};
use crate::auth::service::AccountOf;
use crate::auth::{CurrentUser, Role, UserId};
use crate::cases::{ChildId, PersonId};
use crate::error::AppError;
use crate::setup::CentreId;

pub async fn users(pool: &SqlitePool, admin: &CurrentUser) -> Result<Vec<UserListItem>, AppError> {
    let centre = repo::admin_centre(pool, admin.id.0).await?;
    let rows = repo::list_users(pool, centre).await?;
    audit::read(pool, Entry::new(Some(admin.id.0), "read", "user_list", None)).await?;
    Ok(rows
        .into_iter()
        .map(|r| UserListItem {
            id: UserId(r.id),
            role: r.role,
            full_name: r.full_name,
            email: r.email,
            active: r.active,
        })
        .collect())
}

/// The centre a new account may be made at by this administrator: their own (refusing another),
/// or for the installation's administrator the one given (None: the only centre).
pub async fn centre_for_new(
    pool: &SqlitePool,
    admin: &CurrentUser,
    asked: Option<i64>,
) -> Result<Option<i64>, AppError> {
    match (repo::admin_centre(pool, admin.id.0).await?, asked) {
        (Some(own), None) => Ok(Some(own)),
        (Some(own), Some(c)) if c == own => Ok(Some(own)),
        (Some(_), Some(_)) => Err(AppError::invalid("centre_id", "Du kan kun oprette brugere i dit eget center.")),
        (None, asked) => Ok(asked),
    }
}

/// Where a new account belongs: a parent's to a person and a young person's to a child of the
/// administrator's families (none chosen: refused; `create_user` checks the one chosen), staff to
/// a centre (`centre_for_new`). Answers (the staff centre, (person or child, the families' centre)).
pub async fn account_place(
    pool: &SqlitePool,
    admin: &CurrentUser,
    role: Role,
    centre_id: Option<CentreId>,
    (person_id, child_id): (Option<PersonId>, Option<ChildId>),
) -> Result<(Option<i64>, Option<(AccountOf, Option<i64>)>), AppError> {
    let of = match role {
        Role::Parent => person_id
            .map(AccountOf::Person)
            .ok_or_else(|| AppError::invalid("person_id", "Vælg den forælder i familien, kontoen er til."))?,
        Role::Young => child_id
            .map(AccountOf::Child)
            .ok_or_else(|| AppError::invalid("child_id", "Vælg den unge, kontoen er til."))?,
        _ => return Ok((centre_for_new(pool, admin, centre_id.map(|c| c.0)).await?, None)),
    };
    Ok((None, Some((of, repo::admin_centre(pool, admin.id.0).await?))))
}

/// Deactivates an account at once: its sessions stop on their next request (every request checks
/// the account), and its channel links, confirmed devices and calendar feeds end in the same
/// transaction.
#[tracing::instrument(skip_all, fields(admin_id = admin.id.0, user_id))]
pub async fn deactivate(pool: &SqlitePool, admin: &CurrentUser, user: UserId) -> Result<(), AppError> {
    let user_id = user.0;
    if user == admin.id {
        return Err(AppError::invalid("user_id", "Du kan ikke lukke din egen konto."));
    }
    let centre = repo::admin_centre(pool, admin.id.0).await?;
    let now = Utc::now().timestamp();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    if !repo::in_scope(&mut *tx, user_id, centre).await? {
        return Err(AppError::NotFound);
    }
    repo::deactivate(&mut *tx, user_id).await?;
    crate::channels::repo::revoke_links_of_user(&mut *tx, user_id, now).await?;
    crate::channels::repo::delete_devices_of_user(&mut *tx, user_id).await?;
    crate::calendar::repo::revoke_all(&mut *tx, user_id, now).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(admin.id.0), "deactivate", "user", Some(user_id))).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn persons_without_account(
    pool: &SqlitePool,
    admin: &CurrentUser,
) -> Result<Vec<(PersonId, String)>, AppError> {
    let centre = repo::admin_centre(pool, admin.id.0).await?;
    let rows = repo::persons_without_account(pool, centre).await?;
    audit::read(
        pool,
        Entry::new(Some(admin.id.0), "read", "person_list", None).families(rows.iter().map(|p| p.family_id)),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|p| {
            let mut label = format!("{} · {} {}", p.code, p.first_name, p.last_name);
            for extra in [p.email, p.phone].into_iter().flatten().filter(|s| !s.is_empty()) {
                label.push_str(" · ");
                label.push_str(&extra);
            }
            (p.id, label)
        })
        .collect())
}

pub async fn children_without_account(
    pool: &SqlitePool,
    admin: &CurrentUser,
) -> Result<Vec<(ChildId, String)>, AppError> {
    let centre = repo::admin_centre(pool, admin.id.0).await?;
    let today = crate::time::today(Utc::now()).to_string();
    let rows = crate::young::repo::children_without_account(pool, centre, &today).await?;
    audit::read(pool, Entry::new(Some(admin.id.0), "read", "child_list", None).families(rows.iter().map(|c| c.1)))
        .await?;
    Ok(rows.into_iter().map(|(id, _, label)| (id, label)).collect())
}
