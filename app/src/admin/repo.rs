use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, FromRow)]
pub struct UserListRow {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub role: String,
    pub active: bool,
}

pub async fn list_users(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<UserListRow>> {
    sqlx::query_as("SELECT id, full_name, email, role, active FROM users ORDER BY role, full_name").fetch_all(db).await
}
