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
