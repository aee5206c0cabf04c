//! Who a session is signed in as, kept in memory between requests (`kept`, the callers' topic:
//! the tables a caller's row is made of). Reading the caller's row was a trip to a database thread
//! on every signed-in request: under load that trip, not the row (5 µs of SQLite), cost a page
//! that reads nothing else a quarter of its speed. A process that opens the file on its own
//! (`server create-user`) makes only new accounts, which nobody has in memory; `TTL` bounds
//! anything else.

use std::time::Duration;

use sqlx::SqlitePool;

use super::{CurrentUser, repo, service};
use crate::kept::{Kept, Topic};

/// A kept caller is read again after this long at the latest.
const TTL: Duration = Duration::from_secs(60);
/// More callers than this are forgotten all at once (a centre has some hundreds of accounts).
const MOST: usize = 10_000;

#[derive(Debug)]
pub struct Callers(Kept<i64, Option<CurrentUser>>);

impl Callers {
    /// Callers of the database `pool` opens (made with `db::connect`, which installs the watch),
    /// none kept until `settle` after the last change to the tables they are made of.
    pub fn new(pool: &SqlitePool, settle: Duration) -> Self {
        Callers(Kept::new(pool, Topic::Callers, TTL, MOST).settling(settle))
    }

    /// The active account `id` as a caller, or None (inactive or gone): from memory when nothing
    /// it is made of has changed since it was read, else from the database.
    pub async fn caller(&self, pool: &SqlitePool, id: i64) -> sqlx::Result<Option<CurrentUser>> {
        let read = async {
            Ok::<_, sqlx::Error>(
                repo::find_caller(pool, id).await?.filter(|r| r.user.active).map(|r| service::to_caller(&r)),
            )
        };
        Ok(self.0.get(id, read).await?.as_ref().clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::Connection;

    /// A database file with one user; the pool watches, a second connection of its own does not.
    async fn database(name: &str) -> (SqlitePool, sqlx::SqliteConnection, i64) {
        let path = std::env::temp_dir().join(format!("samvaer-callers-{name}-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let url = format!("sqlite://{}", path.display());
        let pool = crate::db::connect(&url).await.unwrap_or_else(|e| panic!("{e}"));
        crate::db::migrate(&pool).await.unwrap_or_else(|e| panic!("{e}"));
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, full_name, role, created_at) VALUES ('a@x.test', 'Anna', 'leader', 0) RETURNING id",
        )
        .fetch_one(&pool)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        let unwatched = sqlx::SqliteConnection::connect(&url).await.unwrap_or_else(|e| panic!("{e}"));
        (pool, unwatched, id)
    }

    async fn name(callers: &Callers, pool: &SqlitePool, id: i64) -> Option<String> {
        callers.caller(pool, id).await.unwrap_or_else(|e| panic!("{e}")).map(|u| u.full_name)
    }

    async fn rename(db: impl sqlx::SqliteExecutor<'_>, to: &str) {
        sqlx::query("UPDATE users SET full_name = ? WHERE email = 'a@x.test'")
            .bind(to)
            .execute(db)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }

    #[tokio::test]
    async fn a_kept_caller_is_old_once_the_pool_changes_its_row() {
        let (pool, mut unwatched, id) = database("kept").await;
        let callers = Callers::new(&pool, Duration::ZERO);
        assert_eq!(name(&callers, &pool, id).await.as_deref(), Some("Anna"));
        // A change the pool cannot see shows that the second answer came from memory.
        rename(&mut unwatched, "Berit").await;
        assert_eq!(name(&callers, &pool, id).await.as_deref(), Some("Anna"), "kept");
        // Any change through the pool, even to another row of the watched tables, makes it old.
        sqlx::query("INSERT INTO users (email, full_name, role, created_at) VALUES ('b@x.test', 'Bo', 'admin', 0)")
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(name(&callers, &pool, id).await.as_deref(), Some("Berit"), "read again");
        rename(&pool, "Cecilie").await;
        assert_eq!(name(&callers, &pool, id).await.as_deref(), Some("Cecilie"));
        // A transaction rolled back counts as a change too; a statement that changes no row does not.
        let mut tx = pool.begin().await.unwrap_or_else(|e| panic!("{e}"));
        rename(&mut *tx, "Dorte").await;
        tx.rollback().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(name(&callers, &pool, id).await.as_deref(), Some("Cecilie"));
        rename(&mut unwatched, "Ellen").await;
        sqlx::query("UPDATE users SET full_name = full_name WHERE 0")
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(name(&callers, &pool, id).await.as_deref(), Some("Cecilie"), "no row changed");
        sqlx::query("UPDATE users SET active = 0").execute(&pool).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(name(&callers, &pool, id).await, None, "an inactive account is nobody");
    }

    #[tokio::test]
    async fn after_a_change_callers_are_read_from_the_database_until_it_has_settled() {
        let (pool, mut unwatched, id) = database("settle").await;
        let callers = Callers::new(&pool, crate::kept::SETTLE);
        rename(&pool, "Anna").await;
        assert_eq!(name(&callers, &pool, id).await.as_deref(), Some("Anna"));
        rename(&mut unwatched, "Berit").await;
        assert_eq!(name(&callers, &pool, id).await.as_deref(), Some("Berit"), "not kept while settling");
    }
}
