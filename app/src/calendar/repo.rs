//! SQL for calendar feeds.

use sqlx::{FromRow, SqliteExecutor};

pub async fn revoke_all(db: impl SqliteExecutor<'_>, user_id: i64, now: i64) -> sqlx::Result<u64> {
    let done = sqlx::query("UPDATE calendar_feeds SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    user_id: i64,
    nonce: &str,
    token_hash: &str,
    now: i64,
) -> sqlx::Result<i64> {
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO calendar_feeds (user_id, nonce, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(user_id)
    .bind(nonce)
    .bind(token_hash)
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(row.0)
}

/// The user's working feed, if any: (nonce, created_at).
pub async fn active(db: impl SqliteExecutor<'_>, user_id: i64) -> sqlx::Result<Option<(String, i64)>> {
    sqlx::query_as(
        "SELECT nonce, created_at FROM calendar_feeds WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// The family and user a working token belongs to: not revoked, the account active and still a
/// parent in a family that has an open case (a family's closed cases end its feeds too).
pub async fn owner_of(
    db: impl SqliteExecutor<'_>,
    token_hash: &str,
) -> sqlx::Result<Option<(crate::cases::FamilyId, i64)>> {
    sqlx::query_as(
        "SELECT pe.family_id, u.id FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
         JOIN persons pe ON pe.user_id = u.id \
         WHERE f.token_hash = ? AND f.revoked_at IS NULL AND u.active = 1 AND u.role = 'parent' \
         AND EXISTS (SELECT 1 FROM cases k JOIN children ch ON ch.id = k.child_id \
                     WHERE ch.family_id = pe.family_id AND k.status <> 'closed')",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await
}

#[derive(Debug, FromRow)]
pub struct EventRow {
    pub id: i64,
    pub kind: crate::visits::Kind,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: crate::visits::Status,
    pub created_at: i64,
    pub updated_at: i64,
    pub place_name: Option<String>,
    pub place_address: Option<String>,
}

/// A family's appointments ending after `from` (cancelled ones too, so calendars drop them).
pub async fn events(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
    from: i64,
) -> sqlx::Result<Vec<EventRow>> {
    sqlx::query_as(
        "SELECT a.id, a.kind, a.starts_at, a.ends_at, a.status, a.created_at, a.updated_at, p.name AS place_name, \
         p.address AS place_address FROM appointments a LEFT JOIN places p ON p.id = a.place_id \
         WHERE a.family_id = ? AND a.ends_at >= ? ORDER BY a.starts_at LIMIT 500",
    )
    .bind(family_id)
    .bind(from)
    .fetch_all(db)
    .await
}
