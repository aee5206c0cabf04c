//! Who a session is signed in as, kept in memory between requests. Reading the caller's row was a
//! trip to a database thread on every signed-in request: under load that trip, not the row (5 µs
//! of SQLite), cost a page that reads nothing else a quarter of its speed.
//!
//! SQLite itself says when the memory may be stale, whichever code writes: every connection of the
//! pool reports changed rows of the tables the caller's row is made of (`watch`). A change makes
//! every kept caller old, and while it is open, and for `SETTLE_MS` after its transaction ended
//! (commit is reported just before the commit is on disk and visible), callers are read from the
//! database and not kept. A process that opens the file on its own (`server create-user`) makes
//! only new accounts, which nobody has in memory; `TTL_SECS` bounds anything else.
//!
//! SQLite does not report rows deleted by `DELETE` without `WHERE` or replaced by `INSERT OR
//! REPLACE`; no code of ours writes the watched tables either way. A connection closed in the
//! middle of a change leaves it open for good: nothing is kept any more (slower, never stale).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, LazyLock, Mutex};

use sqlx::SqlitePool;
use sqlx::sqlite::LockedSqliteHandle;

use super::{CurrentUser, repo, service};

/// The tables `repo::find_caller` reads.
const TABLES: [&str; 5] = ["users", "staff", "persons", "families", "centres"];
/// How long after a change to `TABLES` ended nobody is kept: far longer than a commit's sync.
const SETTLE_MS: u64 = 10_000;
/// A kept caller is read again after this long at the latest.
const TTL_SECS: i64 = 60;
/// More callers than this are forgotten all at once (a centre has some hundreds of accounts).
const MOST: usize = 10_000;

/// What the connections to one database file have reported.
#[derive(Debug, Default)]
struct Watch {
    /// Bumped when a change to `TABLES` begins and when it ends: a caller kept at another value
    /// is old.
    generation: AtomicU64,
    /// Transactions that have changed `TABLES` and not yet ended.
    open: AtomicI64,
    /// When the last of them ended (milliseconds since 1970).
    ended_at_ms: AtomicU64,
}

/// One watch per database file the process has opened.
static WATCHES: LazyLock<Mutex<HashMap<PathBuf, Arc<Watch>>>> = LazyLock::new(Mutex::default);

fn watch_of(file: &Path) -> Arc<Watch> {
    let mut all = WATCHES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    all.entry(file.to_path_buf()).or_default().clone()
}

/// Installs the reports on a new connection to `file` (`db::connect`).
pub fn watch(handle: &mut LockedSqliteHandle<'_>, file: &Path) {
    let (watch, changed) = (watch_of(file), Arc::new(AtomicBool::new(false)));
    let (on_change, on_commit, on_rollback) = (watch.clone(), watch.clone(), watch);
    let (changed_now, commit, rollback) = (changed.clone(), changed.clone(), changed);
    handle.set_update_hook(move |change| {
        if TABLES.contains(&change.table) && !changed_now.swap(true, SeqCst) {
            on_change.open.fetch_add(1, SeqCst);
            on_change.generation.fetch_add(1, SeqCst);
        }
    });
    handle.set_commit_hook(move || {
        on_commit.ended(&commit);
        true
    });
    handle.set_rollback_hook(move || on_rollback.ended(&rollback));
}

impl Watch {
    fn ended(&self, changed: &AtomicBool) {
        if changed.swap(false, SeqCst) {
            self.ended_at_ms.store(now_ms(), SeqCst);
            self.generation.fetch_add(1, SeqCst);
            self.open.fetch_sub(1, SeqCst);
        }
    }
}

fn now_ms() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0)
}

#[derive(Debug)]
pub struct Callers {
    kept: Mutex<HashMap<i64, (u64, i64, CurrentUser)>>,
    watch: Arc<Watch>,
    settle_ms: u64,
}

impl Callers {
    /// Callers of the database `pool` opens (made with `db::connect`, which installs the watch).
    pub fn new(pool: &SqlitePool) -> Self {
        Callers::settling(pool, SETTLE_MS)
    }

    fn settling(pool: &SqlitePool, settle_ms: u64) -> Self {
        let watch = watch_of(pool.connect_options().get_filename());
        Callers { kept: Mutex::default(), watch, settle_ms }
    }

    /// The generation a caller may be kept at or taken from now; None while a change is open or
    /// settling.
    fn settled(&self) -> Option<u64> {
        let w = &self.watch;
        let generation = w.generation.load(SeqCst);
        let quiet = w.open.load(SeqCst) == 0 && now_ms().saturating_sub(w.ended_at_ms.load(SeqCst)) >= self.settle_ms;
        quiet.then_some(generation)
    }

    /// The active account `id` as a caller, or None (inactive or gone): from memory when nothing
    /// it is made of has changed since it was read, else from the database.
    pub async fn caller(&self, pool: &SqlitePool, id: i64) -> sqlx::Result<Option<CurrentUser>> {
        let now = chrono::Utc::now().timestamp();
        let before = self.settled();
        if let Some(generation) = before
            && let Some((g, at, user)) = self.kept.lock().ok().and_then(|m| m.get(&id).cloned())
            && g == generation
            && now - at < TTL_SECS
        {
            return Ok(Some(user));
        }
        let user = repo::find_caller(pool, id).await?.filter(|r| r.user.active).map(|r| service::to_caller(&r));
        // Kept only when no change began or ended while it was read.
        if let (Some(generation), Some(user), Ok(mut kept)) = (before, &user, self.kept.lock())
            && self.settled() == before
        {
            if kept.len() >= MOST {
                kept.clear();
            }
            kept.insert(id, (generation, now, user.clone()));
        }
        Ok(user)
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
        let callers = Callers::settling(&pool, 0);
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
        let callers = Callers::new(&pool);
        rename(&pool, "Anna").await;
        assert_eq!(name(&callers, &pool, id).await.as_deref(), Some("Anna"));
        rename(&mut unwatched, "Berit").await;
        assert_eq!(name(&callers, &pool, id).await.as_deref(), Some("Berit"), "not kept while settling");
    }
}
