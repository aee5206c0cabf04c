use chrono::Utc;
use sqlx::SqlitePool;

use super::PortalVisits;
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::visits::{VisitDetail, VisitId, present, repo, type_explained};

async fn family_of(pool: &SqlitePool, user: &CurrentUser) -> Result<i64, AppError> {
    // A parent account without a family link sees nothing rather than an error page.
    repo::family_of_user(pool, user.id.0).await?.ok_or(AppError::NotFound)
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn my_visits(pool: &SqlitePool, user: &CurrentUser) -> Result<PortalVisits, AppError> {
    let family = family_of(pool, user).await?;
    let rows = repo::upcoming_for_family(pool, family, Utc::now().timestamp(), 60).await?;
    audit::repo::insert(pool, Entry::new(Some(user.id.0), "read", "appointment_list", None).family(family)).await?;
    // The next visit is the first visit that will actually happen; cancelled ones stay in the list.
    let next_id = rows.iter().find(|r| r.kind == "visit" && r.status == "planned").map(|r| r.id);
    let (next, later): (Vec<_>, Vec<_>) = rows.iter().map(present::summary).partition(|s| Some(s.id.0) == next_id);
    let next = next.into_iter().next();
    Ok(PortalVisits { next, later })
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn visit(pool: &SqlitePool, user: &CurrentUser, id: VisitId) -> Result<VisitDetail, AppError> {
    let family = family_of(pool, user).await?;
    let row = repo::one_for_family(pool, id.0, family).await?.ok_or(AppError::NotFound)?;
    let participants = repo::participant_names(pool, id.0).await?;
    audit::repo::insert(pool, Entry::new(Some(user.id.0), "read", "appointment", Some(id.0)).family(family)).await?;
    Ok(VisitDetail {
        summary: present::summary(&row),
        type_explained: type_explained(&row.kind, row.visit_type.as_deref()).to_string(),
        preparation_notes: row.preparation_notes.clone(),
        participants,
    })
}
