use chrono::Utc;
use sqlx::SqliteExecutor;

use super::Entry;

/// Writes one entry now, in `db` (a change's own transaction, or a pool).
pub async fn insert(db: impl SqliteExecutor<'_>, e: Entry) -> sqlx::Result<()> {
    insert_at(db, &e, Utc::now().timestamp(), &crate::context::request_id()).await
}

/// Writes one entry made at `at` for the request `request_id` (the batch writer's rows).
pub async fn insert_at(db: impl SqliteExecutor<'_>, e: &Entry, at: i64, request_id: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_user_id, action, subject_kind, subject_id, family_id, request_id, actor_link_id, family_ids) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(at)
    .bind(e.actor_user_id)
    .bind(e.action)
    .bind(e.subject_kind)
    .bind(e.subject_id)
    .bind(e.family_id)
    .bind(request_id)
    .bind(e.actor_link_id)
    .bind((!e.family_ids.is_empty()).then(|| e.family_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")))
    .execute(db)
    .await?;
    Ok(())
}
