use chrono::Utc;
use sqlx::SqliteExecutor;

use super::Entry;

pub async fn insert(db: impl SqliteExecutor<'_>, e: Entry) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_user_id, action, subject_kind, subject_id, family_id, request_id, actor_link_id, family_ids) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(Utc::now().timestamp())
    .bind(e.actor_user_id)
    .bind(e.action)
    .bind(e.subject_kind)
    .bind(e.subject_id)
    .bind(e.family_id)
    .bind(crate::context::request_id())
    .bind(e.actor_link_id)
    .bind((!e.family_ids.is_empty()).then(|| e.family_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")))
    .execute(db)
    .await?;
    Ok(())
}
