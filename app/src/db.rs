//! The embedded SQLite database: open (creating the file), tune, migrate.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

/// Opens the database at `url` (e.g. `sqlite://data/samvaer.db`), creating it if missing.
/// WAL with synchronous=FULL: a committed transaction survives a killed process or power cut.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    SqlitePoolOptions::new()
        .max_connections(8)
        // No ping before each use: for a network database it finds a dropped connection, but an
        // embedded SQLite connection cannot drop, and the ping was a second trip to the
        // connection's thread for every statement (a profile under load showed thread switches
        // as a quarter of the server's time).
        .test_before_acquire(false)
        .connect_with(options)
        .await
}

pub async fn migrate(pool: &SqlitePool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("./migrations").run(pool).await
}

/// `select` (a whole SELECT whose columns are named as `fields`) wrapped so that SQLite returns
/// all its rows as one JSON array in one row. sqlx hands every result row from the connection's
/// thread to the async task on its own; for lists of tens of rows that hand-off cost several
/// times SQLite's own work (a busy centre's week at 10^6 visits: 2.1 ms through sqlx, 0.4 ms in
/// the sqlite3 shell). Read the result with `json_rows`; an aggregate's order is the planner's,
/// so callers sort.
pub(crate) fn as_json_rows(fields: &[&str], select: &str) -> String {
    // Column names go into the SQL as they are: constants of ours, never input.
    debug_assert!(fields.iter().all(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
    let pairs: Vec<String> = fields.iter().map(|f| format!("'{f}', {f}")).collect();
    format!("SELECT coalesce(json_group_array(json_object({})), '[]') FROM ({select})", pairs.join(", "))
}

/// The rows of an `as_json_rows` statement.
pub(crate) fn json_rows<T: serde::de::DeserializeOwned>(json: &str) -> sqlx::Result<Vec<T>> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Row {
        id: i64,
        name: Option<String>,
    }

    #[tokio::test]
    async fn json_rows_carry_every_row_with_nulls_and_quotes_and_none_as_empty() {
        let pool = SqlitePoolOptions::new().connect("sqlite::memory:").await.unwrap_or_else(|e| panic!("{e}"));
        let select = "SELECT 2 AS id, 'Ø \"x\", y' AS name UNION ALL SELECT 1, NULL";
        let json: String = sqlx::query_scalar(&as_json_rows(&["id", "name"], select))
            .fetch_one(&pool)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut rows: Vec<Row> = json_rows(&json).unwrap_or_else(|e| panic!("{e}"));
        rows.sort_by_key(|r| r.id);
        assert_eq!(rows, vec![Row { id: 1, name: None }, Row { id: 2, name: Some("Ø \"x\", y".into()) }]);
        let none: String = sqlx::query_scalar(&as_json_rows(&["id", "name"], "SELECT 1 AS id, 'a' AS name WHERE 0"))
            .fetch_one(&pool)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json_rows::<Row>(&none).unwrap_or_else(|e| panic!("{e}")), vec![]);
    }
}
