use sqlx::SqliteExecutor;

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    user_id: i64,
    centre_id: i64,
    employment: super::Employment,
    title: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO staff (user_id, centre_id, employment, title) VALUES (?, ?, ?, ?)")
        .bind(user_id)
        .bind(centre_id)
        .bind(employment)
        .bind(title)
        .execute(db)
        .await?;
    Ok(())
}

/// Every centre's id.
pub async fn centres(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM centres ORDER BY id").fetch_all(db).await
}
