//! SQL for the administrator's pages.

use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, FromRow)]
pub struct UserListRow {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub role: String,
    pub active: bool,
}

/// Who belongs to a centre: its staff, the parents of its families, and the caseworkers of its
/// families' cases. `?1` is the centre (NULL: every account, for the installation's administrator).
const IN_SCOPE: &str = "(?1 IS NULL \
    OR EXISTS (SELECT 1 FROM staff s WHERE s.user_id = u.id AND s.centre_id = ?1) \
    OR EXISTS (SELECT 1 FROM persons p JOIN families f ON f.id = p.family_id WHERE p.user_id = u.id AND f.centre_id = ?1) \
    OR EXISTS (SELECT 1 FROM cases k JOIN children ch ON ch.id = k.child_id JOIN families f ON f.id = ch.family_id \
               WHERE k.caseworker_id = u.id AND f.centre_id = ?1))";

pub async fn list_users(db: impl SqliteExecutor<'_>, centre: Option<i64>) -> sqlx::Result<Vec<UserListRow>> {
    sqlx::query_as(&format!(
        "SELECT u.id, u.full_name, u.email, u.role, u.active FROM users u WHERE {IN_SCOPE} ORDER BY u.role, u.full_name"
    ))
    .bind(centre)
    .fetch_all(db)
    .await
}

/// Is the account one this administrator manages?
pub async fn in_scope(db: impl SqliteExecutor<'_>, user_id: i64, centre: Option<i64>) -> sqlx::Result<bool> {
    sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = ?2 AND {IN_SCOPE})"))
        .bind(centre)
        .bind(user_id)
        .fetch_one(db)
        .await
}

/// The centre an administrator with a staff row manages (None: the installation's administrator).
pub async fn admin_centre(db: impl SqliteExecutor<'_>, user_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT centre_id FROM staff WHERE user_id = ?").bind(user_id).fetch_optional(db).await
}

/// Closes an account: it signs in to nothing from now on (every request checks `active`).
pub async fn deactivate(db: impl SqliteExecutor<'_>, user_id: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE users SET active = 0 WHERE id = ? AND active = 1")
        .bind(user_id)
        .execute(db)
        .await?
        .rows_affected())
}
