use chrono::Utc;
use sqlx::SqliteExecutor;

use super::Entry;

/// Writes one entry now, in `db` (a change's own transaction, or a pool).
pub async fn insert(db: impl SqliteExecutor<'_>, e: Entry) -> sqlx::Result<()> {
    insert_many(db, &[(&e, Utc::now().timestamp(), &crate::context::request_id())]).await
}

/// Writes entries, each made at its time for its request, in one statement (the batch writer's
/// rows: one statement is one trip to the database thread however many rows it has).
pub async fn insert_many(db: impl SqliteExecutor<'_>, rows: &[(&Entry, i64, &str)]) -> sqlx::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut q = sqlx::QueryBuilder::new(
        "INSERT INTO audit_log (at, actor_user_id, action, subject_kind, subject_id, family_id, request_id, actor_link_id, family_ids) ",
    );
    q.push_values(rows, |mut b, (e, at, request_id)| {
        b.push_bind(*at)
            .push_bind(e.actor_user_id)
            .push_bind(e.action)
            .push_bind(e.subject_kind)
            .push_bind(e.subject_id)
            .push_bind(e.family_id)
            .push_bind(request_id.to_string())
            .push_bind(e.actor_link_id)
            .push_bind(
                (!e.family_ids.is_empty())
                    .then(|| e.family_ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")),
            );
    });
    q.build().execute(db).await?;
    Ok(())
}
