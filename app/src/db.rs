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
        .busy_timeout(Duration::from_secs(10))
        // Pages are read into each connection's cache with `pread`, not mapped: SQLite drops a
        // connection's map, as well as its cache, whenever another connection has written (every
        // audit batch does), and the next read faulted every page back in. Right after a write,
        // the benchmark's week statement took 0.34 ms median mapped and 0.22 ms read; in a run
        // without writes between the two were alike (README, measuring).
        .pragma("mmap_size", "0");
    let file = options.get_filename().to_path_buf();
    SqlitePoolOptions::new()
        // Four: a write transaction and three readers at once (the audit writer has a connection
        // of its own). More only added threads taking turns on the core: with 32 requests at once
        // on one core, four served a parent's list and the board faster than eight, in pairs in
        // one run (see the README's measuring section).
        .max_connections(4)
        // No ping before each use: for a network database it finds a dropped connection, but an
        // embedded SQLite connection cannot drop, and the ping was a second trip to the
        // connection's thread for every statement (a profile under load showed thread switches
        // as a quarter of the server's time).
        .test_before_acquire(false)
        // Each connection reports its changes, so that what is kept in memory between requests
        // is never older than the database (`kept`).
        .after_connect(move |conn, _| {
            let file = file.clone();
            Box::pin(async move {
                crate::kept::watch(&mut conn.lock_handle().await?, &file);
                Ok(())
            })
        })
        .connect_with(options)
        .await
}

pub async fn migrate(pool: &SqlitePool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("./migrations").run(pool).await?;
    users_take_young(pool).await?;
    Ok(())
}

/// SQLite cannot change a CHECK, and a table other tables point at can only be rebuilt with
/// foreign keys off, which cannot change inside a transaction (sqlx runs each SQL migration in
/// one). So `users.role` learns 'young' (the young person's own account) here, once, by SQLite's
/// own procedure: on a connection of its own with foreign keys off (checked, so the drop cannot
/// cascade), one transaction makes the table again from its own definition with the CHECK
/// widened, copies the rows, drops the old one, renames the new one, makes its indexes and
/// triggers again, and checks every key that points at it before it commits. The connection is
/// closed afterwards, never handed back to the pool with its keys off.
async fn users_take_young(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let mut conn = pool.acquire().await?.detach();
    let sql: String = sqlx::query_scalar("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'users'")
        .fetch_one(&mut conn)
        .await?;
    if sql.contains("'young'") {
        return Ok(());
    }
    const ROLES: &str = "'caseworker', 'admin')";
    if !sql.starts_with("CREATE TABLE users (") || sql.matches(ROLES).count() != 1 {
        return Err(sqlx::Error::Protocol("users: an unexpected definition, not rebuilt".into()));
    }
    let widened = sql.replacen("CREATE TABLE users (", "CREATE TABLE users_new (", 1).replacen(
        ROLES,
        "'caseworker', 'admin', 'young')",
        1,
    );
    let extras: Vec<String> = sqlx::query_scalar(
        "SELECT sql FROM sqlite_schema WHERE tbl_name = 'users' AND type IN ('index', 'trigger') AND sql IS NOT NULL",
    )
    .fetch_all(&mut conn)
    .await?;
    sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut conn).await?;
    let off: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&mut conn).await?;
    if off != 0 {
        return Err(sqlx::Error::Protocol("users: foreign keys did not turn off, not rebuilt".into()));
    }
    let mut tx = sqlx::Connection::begin(&mut conn).await?;
    sqlx::query(&widened).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO users_new SELECT * FROM users").execute(&mut *tx).await?;
    sqlx::query("DROP TABLE users").execute(&mut *tx).await?;
    sqlx::query("ALTER TABLE users_new RENAME TO users").execute(&mut *tx).await?;
    for extra in &extras {
        sqlx::query(extra).execute(&mut *tx).await?;
    }
    let broken: Vec<(String,)> =
        sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check WHERE parent = 'users'")
            .fetch_all(&mut *tx)
            .await?;
    if !broken.is_empty() {
        return Err(sqlx::Error::Protocol(format!("users: keys pointing at it broke, not rebuilt: {broken:?}")));
    }
    tx.commit().await
}

/// `select` (a whole SELECT with a column for each of `T`'s fields, by the same name) wrapped so
/// that SQLite returns all its rows as one JSON array in one row, each row an array of `T`'s
/// fields in their order. sqlx hands every result row from the connection's thread to the async
/// task on its own; for lists of tens of rows that hand-off cost several times SQLite's own work
/// (a busy centre's week at 10^6 visits: 2.1 ms through sqlx, 0.4 ms in the sqlite3 shell). The
/// columns are named from `T`'s own fields as serde reads them, so the order cannot disagree; an
/// array instead of an object per row was a third less of SQLite's work for the week. Read the
/// result with `json_rows`; an aggregate's order is the planner's, so callers sort. `T` is a plain
/// row struct, without serde attributes: an alias would be one more column, shifting those after
/// it; a flattened field none.
pub(crate) fn as_json_rows<T: serde::de::DeserializeOwned>(select: &str) -> String {
    let fields = serde_aux::serde_introspection::serde_introspect::<T>();
    // Column names go into the SQL as they are: a struct's own field names, never input.
    debug_assert!(!fields.is_empty());
    debug_assert!(fields.iter().all(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
    format!("SELECT coalesce(json_group_array(json_array({})), '[]') FROM ({select})", fields.join(", "))
}

/// The rows of an `as_json_rows` statement.
pub(crate) fn json_rows<T: serde::de::DeserializeOwned>(json: &str) -> sqlx::Result<Vec<T>> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_users_table_learns_the_young_role_keeping_rows_and_keys() {
        // A file: the rebuild closes its own connection, and a memory database would go with it.
        let path = std::env::temp_dir().join(format!("samvaer-users-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let pool = connect(&format!("sqlite://{}", path.display())).await.unwrap_or_else(|e| panic!("{e}"));
        sqlx::migrate!("./migrations").run(&pool).await.unwrap_or_else(|e| panic!("{e}"));
        let young = "INSERT INTO users (email, full_name, role, created_at) VALUES ('ung@x.test', 'Ung', 'young', 0)";
        assert!(sqlx::query(young).execute(&pool).await.is_err(), "refused before the rebuild");
        sqlx::query(
            "INSERT INTO users (id, email, full_name, role, created_at) VALUES (7, 'a@x.test', 'A', 'parent', 1)",
        )
        .execute(&pool)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        sqlx::query("INSERT INTO user_identities (provider, subject, user_id) VALUES ('p', 's', 7)")
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        for _ in 0..2 {
            users_take_young(&pool).await.unwrap_or_else(|e| panic!("{e}"));
        }
        sqlx::query(young).execute(&pool).await.unwrap_or_else(|e| panic!("{e}"));
        let kept: (String, i64) =
            sqlx::query_as("SELECT u.email, i.user_id FROM users u JOIN user_identities i ON i.user_id = u.id")
                .fetch_one(&pool)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(kept, ("a@x.test".to_string(), 7));
        // Foreign keys are on again and point at the new table.
        let on: i64 =
            sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&pool).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(on, 1);
        let dangling = sqlx::query("INSERT INTO user_identities (provider, subject, user_id) VALUES ('p', 't', 999)")
            .execute(&pool)
            .await;
        assert!(dangling.is_err());
        assert!(
            sqlx::query("INSERT INTO users (email, full_name, role, created_at) VALUES ('b@x.test', 'B', 'boss', 0)")
                .execute(&pool)
                .await
                .is_err()
        );
        pool.close().await;
        for end in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{end}", path.display()));
        }
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Row {
        id: i64,
        name: Option<String>,
    }

    #[tokio::test]
    async fn json_rows_carry_every_row_with_nulls_and_quotes_and_none_as_empty() {
        let pool = SqlitePoolOptions::new().connect("sqlite::memory:").await.unwrap_or_else(|e| panic!("{e}"));
        let select = "SELECT 2 AS id, 'Ø \"x\", y' AS name UNION ALL SELECT 1, NULL";
        let json: String =
            sqlx::query_scalar(&as_json_rows::<Row>(select)).fetch_one(&pool).await.unwrap_or_else(|e| panic!("{e}"));
        let mut rows: Vec<Row> = json_rows(&json).unwrap_or_else(|e| panic!("{e}"));
        rows.sort_by_key(|r| r.id);
        assert_eq!(rows, vec![Row { id: 1, name: None }, Row { id: 2, name: Some("Ø \"x\", y".into()) }]);
        let none: String = sqlx::query_scalar(&as_json_rows::<Row>("SELECT 1 AS id, 'a' AS name WHERE 0"))
            .fetch_one(&pool)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json_rows::<Row>(&none).unwrap_or_else(|e| panic!("{e}")), vec![]);
    }

    /// Rows travel as arrays, by position: the columns are picked by the struct's own field
    /// names, so a statement naming them in another order, or with columns of its own, still
    /// fills each field from its own column.
    #[tokio::test]
    async fn json_rows_fill_each_field_from_its_own_column_whatever_the_statement_order() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct Span {
            id: i64,
            starts_at: i64,
            ends_at: i64,
            label: Option<String>,
        }
        let pool = SqlitePoolOptions::new().connect("sqlite::memory:").await.unwrap_or_else(|e| panic!("{e}"));
        let select = "SELECT 'x' AS label, 20 AS ends_at, 9 AS unused, 10 AS starts_at, 7 AS id";
        let sql = as_json_rows::<Span>(select);
        assert!(sql.contains("json_array(id, starts_at, ends_at, label)"), "{sql}");
        let json: String = sqlx::query_scalar(&sql).fetch_one(&pool).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json, r#"[[7,10,20,"x"]]"#);
        let rows: Vec<Span> = json_rows(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows, vec![Span { id: 7, starts_at: 10, ends_at: 20, label: Some("x".into()) }]);
    }
}
