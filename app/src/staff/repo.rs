use sqlx::SqliteExecutor;

pub async fn is_hourly(db: impl SqliteExecutor<'_>, user_id: i64) -> sqlx::Result<bool> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT employment FROM staff WHERE user_id = ?").bind(user_id).fetch_optional(db).await?;
    Ok(row.is_some_and(|r| r.0 == "hourly"))
}

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    user_id: i64,
    centre_id: i64,
    employment: &str,
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
