//! Reads kept in memory between requests while the database says nothing they are made of has
//! changed. Under load, the trip to a connection's thread and back, not SQLite's own work, was
//! the larger part of a signed-in page (see the README's measuring section).
//!
//! SQLite itself says when the memory may be stale, whichever code writes: every connection of
//! the pool reports changed rows (`watch`, installed by `db::connect`). A change to a table a
//! `Topic` covers makes everything kept under that topic old, and while the change is open, and
//! for the settling time after its transaction ended (commit is reported just before the commit
//! is on disk and visible), reads go to the database and are not kept. A read during which a
//! change began or ended is not kept either. Two limits: the settling time assumes a commit's
//! sync to disk takes less (a disk stalled longer could let a read keep the old rows, until its
//! time to live); and a process that opens the file on its own (`server create-user`,
//! `seed-demo`, `rotate-message-key`, the `sqlite3` shell) is not heard, so what it changes shows
//! within the time to live (close an account on the administrator's page, which is heard at once).
//! When what is kept has grown old, it is dropped with the next read kept, so old personal data
//! does not linger in memory.
//!
//! SQLite does not report rows of `WITHOUT ROWID` tables, rows deleted by `DELETE` without
//! `WHERE`, or rows replaced by `INSERT OR REPLACE`; we have no such table and write neither way.
//! A connection closed in the middle of a change leaves it open for good: nothing is kept any
//! more (slower, never stale).

use std::collections::HashMap;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use sqlx::SqlitePool;
use sqlx::sqlite::LockedSqliteHandle;

/// What a kept read is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// The tables a signed-in caller is made of (`auth::repo::find_caller`).
    Callers = 0,
    /// Every table but the two that reading pages writes to.
    Data = 1,
}

const TOPICS: [Topic; 2] = [Topic::Callers, Topic::Data];

impl Topic {
    fn covers(self, table: &str) -> bool {
        match self {
            Topic::Callers => ["users", "staff", "persons", "families", "centres"].contains(&table),
            // Every read adds to the audit log, and a session's expiry slides with use; nothing
            // kept is read from either.
            Topic::Data => !["audit_log", "tower_sessions"].contains(&table),
        }
    }
}

/// How long after a change ended nothing is kept: far longer than a commit's sync.
pub const SETTLE: Duration = Duration::from_secs(10);

/// What the connections to one database file have reported about one topic.
#[derive(Debug, Default)]
struct Watch {
    /// Bumped when a change begins and when it ends: anything kept at another value is old.
    generation: AtomicU64,
    /// Transactions that have changed the topic's tables and not yet ended.
    open: AtomicI64,
    /// When the last of them ended (`now_ms`).
    ended_at_ms: AtomicU64,
}

type Watches = [Watch; TOPICS.len()];

/// One set of watches per database file the process has opened.
static WATCHES: LazyLock<Mutex<HashMap<PathBuf, Arc<Watches>>>> = LazyLock::new(Mutex::default);

fn watches_of(file: &Path) -> Arc<Watches> {
    let mut all = WATCHES.lock().unwrap_or_else(PoisonError::into_inner);
    all.entry(file.to_path_buf()).or_default().clone()
}

/// Installs the reports on a new connection to `file` (`db::connect`).
pub fn watch(handle: &mut LockedSqliteHandle<'_>, file: &Path) {
    let watches = watches_of(file);
    // Whether this connection's open transaction has changed each topic yet.
    let changed: Arc<[AtomicBool; TOPICS.len()]> = Arc::default();
    let (on_change, changed_now) = (watches.clone(), changed.clone());
    handle.set_update_hook(move |change| {
        for topic in TOPICS {
            let i = topic as usize;
            if topic.covers(change.table) && !changed_now[i].swap(true, SeqCst) {
                on_change[i].open.fetch_add(1, SeqCst);
                on_change[i].generation.fetch_add(1, SeqCst);
            }
        }
    });
    let (on_commit, committed) = (watches.clone(), changed.clone());
    handle.set_commit_hook(move || {
        ended(&on_commit, &committed);
        true
    });
    handle.set_rollback_hook(move || ended(&watches, &changed));
}

fn ended(watches: &Watches, changed: &[AtomicBool; TOPICS.len()]) {
    for (watch, changed) in watches.iter().zip(changed) {
        if changed.swap(false, SeqCst) {
            watch.ended_at_ms.store(now_ms(), SeqCst);
            watch.generation.fetch_add(1, SeqCst);
            watch.open.fetch_sub(1, SeqCst);
        }
    }
}

/// Milliseconds on the process's own clock, which never goes back (the wall clock may).
fn now_ms() -> u64 {
    static START: LazyLock<Instant> = LazyLock::new(Instant::now);
    millis(START.elapsed())
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// What is kept, all read at one generation: when it moves on, all of it is old.
#[derive(Debug)]
struct Map<K, V> {
    generation: u64,
    entries: HashMap<K, (u64, Arc<V>)>,
}

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Map { generation: 0, entries: HashMap::new() }
    }
}

/// Reads kept by key, each at most its time to live, at most `most` at once (more are forgotten
/// all at once).
#[derive(Debug)]
pub struct Kept<K, V> {
    kept: Mutex<Map<K, V>>,
    watches: Arc<Watches>,
    topic: Topic,
    ttl_ms: u64,
    settle_ms: u64,
    most: usize,
}

impl<K: Eq + Hash, V> Kept<K, V> {
    /// Reads of the database `pool` opens (made with `db::connect`, which installs the watch).
    pub fn new(pool: &SqlitePool, topic: Topic, ttl: Duration, most: usize) -> Self {
        Kept {
            kept: Mutex::default(),
            watches: watches_of(pool.connect_options().get_filename()),
            topic,
            ttl_ms: millis(ttl),
            settle_ms: millis(SETTLE),
            most,
        }
    }

    /// The same with another settling time (tests: 0, so that a read is kept at once).
    #[must_use]
    pub fn settling(mut self, settle: Duration) -> Self {
        self.settle_ms = millis(settle);
        self
    }

    /// The generation a read may be kept at or taken from now; None while a change is open or
    /// settling.
    fn settled(&self) -> Option<u64> {
        let w = &self.watches[self.topic as usize];
        let generation = w.generation.load(SeqCst);
        let quiet = w.open.load(SeqCst) == 0 && now_ms().saturating_sub(w.ended_at_ms.load(SeqCst)) >= self.settle_ms;
        quiet.then_some(generation)
    }

    fn lock(&self) -> MutexGuard<'_, Map<K, V>> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// What `read` gives: from memory when nothing it is made of has changed since it was read
    /// under `key` and its time to live has not passed, else from the database (`read` runs only
    /// then).
    pub async fn get<E>(&self, key: K, read: impl Future<Output = Result<V, E>>) -> Result<Arc<V>, E> {
        let now = now_ms();
        let before = self.settled();
        if let Some(generation) = before
            && let kept = self.lock()
            && kept.generation == generation
            && let Some((at_ms, value)) = kept.entries.get(&key)
            && now.saturating_sub(*at_ms) < self.ttl_ms
        {
            return Ok(value.clone());
        }
        let value = Arc::new(read.await?);
        if let Some(generation) = before
            && self.settled() == before
        {
            let mut kept = self.lock();
            if kept.generation != generation {
                *kept = Map { generation, entries: HashMap::new() };
            }
            let ttl_ms = self.ttl_ms;
            kept.entries.retain(|_, (at_ms, _)| now.saturating_sub(*at_ms) < ttl_ms);
            if kept.entries.len() >= self.most {
                kept.entries.clear();
            }
            kept.entries.insert(key, (now, value.clone()));
        }
        Ok(value)
    }
}

#[cfg(test)]
impl<K, V> Kept<K, V> {
    fn len(&self) -> usize {
        self.kept.lock().map_or(0, |k| k.entries.len())
    }
}

/// Through the app's kept reads that `which` picks while serving (the request's context holds
/// the app's state), else (commands, benchmarks, tests of services) straight from `read`.
pub async fn through<K: Eq + Hash, V, E>(
    which: impl FnOnce(&crate::context::AppState) -> &Kept<K, V>,
    key: K,
    read: impl Future<Output = Result<V, E>>,
) -> Result<Arc<V>, E> {
    match leptos::prelude::use_context::<crate::context::AppState>() {
        Some(state) => which(&state).get(key, read).await,
        None => Ok(Arc::new(read.await?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::Connection;

    /// A database file with one appointment's worth of a table; the pool watches, a second
    /// connection of its own does not.
    async fn database(name: &str) -> (SqlitePool, sqlx::SqliteConnection) {
        let path = std::env::temp_dir().join(format!("samvaer-kept-{name}-{}.db", std::process::id()));
        for end in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{end}", path.display()));
        }
        let url = format!("sqlite://{}", path.display());
        let pool = crate::db::connect(&url).await.unwrap_or_else(|e| panic!("{e}"));
        for sql in [
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
            "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, what TEXT NOT NULL)",
            "INSERT INTO notes (body) VALUES ('first')",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap_or_else(|e| panic!("{e}"));
        }
        let unwatched = sqlx::SqliteConnection::connect(&url).await.unwrap_or_else(|e| panic!("{e}"));
        (pool, unwatched)
    }

    async fn body(kept: &Kept<i64, String>, pool: &SqlitePool, reads: &AtomicU64) -> String {
        let read = async {
            reads.fetch_add(1, SeqCst);
            sqlx::query_scalar("SELECT body FROM notes WHERE id = 1").fetch_one(pool).await
        };
        kept.get(1, read).await.map(|b| b.to_string()).unwrap_or_else(|e| panic!("{e}"))
    }

    async fn run(db: impl sqlx::SqliteExecutor<'_>, sql: &str) {
        sqlx::query(sql).execute(db).await.unwrap_or_else(|e| panic!("{e}"));
    }

    #[tokio::test]
    async fn a_kept_read_is_old_once_the_pool_changes_a_table_it_covers() {
        let (pool, mut unwatched) = database("data").await;
        let kept = Kept::new(&pool, Topic::Data, Duration::from_secs(60), 10).settling(Duration::ZERO);
        let reads = AtomicU64::new(0);
        assert_eq!(body(&kept, &pool, &reads).await, "first");
        // A change the pool cannot see shows that the second answer came from memory.
        run(&mut unwatched, "UPDATE notes SET body = 'second'").await;
        assert_eq!(body(&kept, &pool, &reads).await, "first", "kept");
        assert_eq!(reads.load(SeqCst), 1, "read once");
        // The audit log is not read by anything kept: writing it keeps what is kept.
        run(&pool, "INSERT INTO audit_log (what) VALUES ('read')").await;
        assert_eq!(body(&kept, &pool, &reads).await, "first", "kept over an audit row");
        // Any other change through the pool, even a new row, makes it old.
        run(&pool, "INSERT INTO notes (body) VALUES ('other')").await;
        assert_eq!(body(&kept, &pool, &reads).await, "second", "read again");
        assert_eq!(reads.load(SeqCst), 2);
        // A transaction rolled back counts as a change; a statement that changes no row does not.
        let mut tx = pool.begin().await.unwrap_or_else(|e| panic!("{e}"));
        run(&mut *tx, "UPDATE notes SET body = 'never'").await;
        tx.rollback().await.unwrap_or_else(|e| panic!("{e}"));
        run(&mut unwatched, "UPDATE notes SET body = 'third'").await;
        assert_eq!(body(&kept, &pool, &reads).await, "third", "read after the rollback");
        run(&mut unwatched, "UPDATE notes SET body = 'fourth'").await;
        run(&pool, "UPDATE notes SET body = 'x' WHERE 0").await;
        assert_eq!(body(&kept, &pool, &reads).await, "third", "no row changed");
        assert_eq!(reads.load(SeqCst), 3);
    }

    #[tokio::test]
    async fn a_read_during_which_a_change_was_made_is_not_kept_and_old_reads_are_dropped() {
        let (pool, mut unwatched) = database("during").await;
        let kept: Kept<i64, String> =
            Kept::new(&pool, Topic::Data, Duration::from_secs(60), 10).settling(Duration::ZERO);
        let reads = AtomicU64::new(0);
        // The change begins and ends while the read runs: the read is not kept.
        let changing = async {
            run(&pool, "INSERT INTO notes (body) VALUES ('during')").await;
            sqlx::query_scalar("SELECT body FROM notes WHERE id = 1").fetch_one(&pool).await
        };
        assert_eq!(kept.get(1, changing).await.map(|b| b.to_string()).unwrap_or_else(|e| panic!("{e}")), "first");
        assert_eq!(kept.len(), 0, "not kept");
        run(&mut unwatched, "UPDATE notes SET body = 'second'").await;
        assert_eq!(body(&kept, &pool, &reads).await, "second");
        assert_eq!(reads.load(SeqCst), 1);
        // Two reads kept; after a change, the next read kept drops the other one, now old.
        let other = kept.get(2, async { Ok::<_, sqlx::Error>("other".to_string()) }).await;
        assert_eq!(other.map(|b| b.to_string()).unwrap_or_else(|e| panic!("{e}")), "other");
        assert_eq!(kept.len(), 2);
        run(&pool, "INSERT INTO notes (body) VALUES ('more')").await;
        assert_eq!(body(&kept, &pool, &reads).await, "second");
        assert_eq!(kept.len(), 1, "the old read is gone");
        assert_eq!(reads.load(SeqCst), 2);
    }

    #[tokio::test]
    async fn nothing_is_kept_while_a_change_is_open_or_settling_or_past_its_time() {
        let (pool, mut unwatched) = database("open").await;
        let settling = Kept::new(&pool, Topic::Data, Duration::from_secs(60), 10);
        let reads = AtomicU64::new(0);
        // The table was just made through the pool: settling for ten seconds.
        assert_eq!(body(&settling, &pool, &reads).await, "first");
        run(&mut unwatched, "UPDATE notes SET body = 'second'").await;
        assert_eq!(body(&settling, &pool, &reads).await, "second", "not kept while settling");
        // A change open on a pooled connection: nothing is kept until it ends.
        let kept = Kept::new(&pool, Topic::Data, Duration::from_secs(60), 10).settling(Duration::ZERO);
        let mut tx = pool.begin().await.unwrap_or_else(|e| panic!("{e}"));
        run(&mut *tx, "INSERT INTO notes (body) VALUES ('open')").await;
        assert_eq!(body(&kept, &pool, &reads).await, "second");
        assert_eq!(body(&kept, &pool, &reads).await, "second");
        assert_eq!(reads.load(SeqCst), 4, "not kept while open");
        tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
        run(&mut unwatched, "UPDATE notes SET body = 'third'").await;
        // A kept read lives no longer than its time to live.
        let brief = Kept::new(&pool, Topic::Data, Duration::from_millis(50), 10).settling(Duration::ZERO);
        assert_eq!(body(&brief, &pool, &reads).await, "third");
        run(&mut unwatched, "UPDATE notes SET body = 'fourth'").await;
        tokio::time::sleep(Duration::from_millis(60)).await;
        assert_eq!(body(&brief, &pool, &reads).await, "fourth", "read again after its time");
        // The callers' topic does not cover `notes`: a change to it keeps what callers keep.
        let callers = Kept::new(&pool, Topic::Callers, Duration::from_secs(60), 10).settling(Duration::ZERO);
        assert_eq!(body(&callers, &pool, &reads).await, "fourth");
        run(&mut unwatched, "UPDATE notes SET body = 'fifth'").await;
        run(&pool, "INSERT INTO notes (body) VALUES ('more')").await;
        assert_eq!(body(&callers, &pool, &reads).await, "fourth", "another topic");
        assert_eq!(reads.load(SeqCst), 7);
    }
}
