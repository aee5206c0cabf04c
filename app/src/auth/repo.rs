//! SQL for users and sign-in failures. One statement per function.

use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: Option<String>,
    pub full_name: String,
    pub role: crate::auth::Role,
    pub active: bool,
    /// The account's own phone (a sign-in link's code may go here).
    pub phone: Option<String>,
}

const USER_COLUMNS: &str = "id, email, password_hash, full_name, role, active, phone";

pub async fn find_by_email(db: impl SqliteExecutor<'_>, email: &str) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = ?")).bind(email).fetch_optional(db).await
}

pub async fn find_by_id(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?")).bind(id).fetch_optional(db).await
}

/// A user with their staff row and parent's family, for the request's `CurrentUser`.
#[derive(Debug, FromRow)]
pub struct CallerRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub centre_id: Option<i64>,
    pub employment: Option<crate::staff::Employment>,
    pub family_id: Option<crate::cases::FamilyId>,
    /// The staff member's centre, else the parent's family's centre.
    pub centre_name: Option<String>,
}

pub async fn find_caller(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Option<CallerRow>> {
    sqlx::query_as(
        "SELECT u.id, u.email, u.password_hash, u.full_name, u.role, u.active, u.phone, s.centre_id, s.employment, \
         (SELECT p.family_id FROM persons p WHERE p.user_id = u.id ORDER BY p.id LIMIT 1) AS family_id, \
         COALESCE((SELECT c.name FROM centres c WHERE c.id = s.centre_id), \
           (SELECT c.name FROM persons p JOIN families f ON f.id = p.family_id JOIN centres c ON c.id = f.centre_id \
            WHERE p.user_id = u.id ORDER BY p.id LIMIT 1)) AS centre_name \
         FROM users u LEFT JOIN staff s ON s.user_id = u.id WHERE u.id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

pub struct NewUserRow<'a> {
    pub email: &'a str,
    pub password_hash: Option<&'a str>,
    pub full_name: &'a str,
    pub phone: Option<&'a str>,
    pub role: crate::auth::Role,
    pub created_at: i64,
}

pub async fn insert_user(db: impl SqliteExecutor<'_>, u: NewUserRow<'_>) -> sqlx::Result<i64> {
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO users (email, password_hash, full_name, phone, role, created_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(u.email)
    .bind(u.password_hash)
    .bind(u.full_name)
    .bind(u.phone)
    .bind(u.role)
    .bind(u.created_at)
    .fetch_one(db)
    .await?;
    Ok(row.0)
}

pub async fn count_failures(db: impl SqliteExecutor<'_>, kind: &str, key: &str, since: i64) -> sqlx::Result<i64> {
    let row: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sign_in_failures WHERE key_kind = ? AND key = ? AND at >= ?")
            .bind(kind)
            .bind(key)
            .bind(since)
            .fetch_one(db)
            .await?;
    Ok(row.0)
}

/// Counts one attempt (a failure, or a sign-in reserved before its password is checked).
pub async fn insert_failure(db: impl SqliteExecutor<'_>, kind: &str, key: &str, at: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("INSERT INTO sign_in_failures (key_kind, key, at) VALUES (?, ?, ?) RETURNING id")
        .bind(kind)
        .bind(key)
        .bind(at)
        .fetch_one(db)
        .await
}

/// Takes back one reserved attempt (the password was right).
pub async fn delete_failure(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE id = ?").bind(id).execute(db).await?;
    Ok(())
}

pub async fn clear_failures(db: impl SqliteExecutor<'_>, kind: &str, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE key_kind = ? AND key = ?").bind(kind).bind(key).execute(db).await?;
    Ok(())
}

/// Old failures are of no use once outside every window.
pub async fn prune_failures(db: impl SqliteExecutor<'_>, before: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE at < ?").bind(before).execute(db).await?;
    Ok(())
}

/// Every open centre's name, phone and opening hours (as parents read them): public, for the
/// sign-in page's "forgot your password? call …". A closed centre is not listed.
pub async fn centre_contacts(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<(String, String, String)>> {
    sqlx::query_as("SELECT name, phone, opening_hours FROM centres WHERE active = 1 ORDER BY id").fetch_all(db).await
}
