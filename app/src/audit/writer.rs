//! One writer for the audit entries of reads. Every page a signed-in person opens is logged, and
//! SQLite has one writer that syncs to disk on every commit: one commit per read made signed-in
//! pages several times slower than the framework. Reads hand their entry to this task instead;
//! it commits whatever has queued meanwhile in one transaction (group commit) and only then lets
//! each request go on, so an answered request's entry is on disk (a killed process loses none).

use chrono::Utc;
use sqlx::{SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

use super::Entry;
use crate::error::AppError;

/// Entries committed together at most (9 values each: well under SQLite's 32,766 per statement).
const BATCH: usize = 256;
/// Turns the writer lets other tasks have before it takes a batch (measured: 1 and 4).
const TURNS: usize = 4;

struct Queued {
    entry: Entry,
    at: i64,
    request_id: String,
    done: oneshot::Sender<bool>,
}

/// The writer's queue, kept in the app state.
#[derive(Clone, Debug)]
pub struct AuditWriter(mpsc::Sender<Queued>);

impl std::fmt::Debug for Queued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Queued")
    }
}

impl AuditWriter {
    /// Starts the writer on a connection of its own, taken out of `pool` (the pool opens another
    /// in its place); it runs until the process ends. A read may log while it still holds a
    /// pooled connection: were the writer to wait for the pool, as many such reads as the pool
    /// has connections would wait for each other until the pool's timeout, and the whole server
    /// with them.
    pub async fn start(pool: SqlitePool) -> sqlx::Result<Self> {
        let conn = pool.acquire().await?.detach();
        let (tx, rx) = mpsc::channel(4 * BATCH);
        tokio::spawn(run(conn, rx));
        Ok(AuditWriter(tx))
    }

    /// Logs `entry` and returns once it is committed.
    pub async fn write(&self, entry: Entry) -> Result<(), AppError> {
        let (done, committed) = oneshot::channel();
        let queued = Queued { entry, at: Utc::now().timestamp(), request_id: crate::context::request_id(), done };
        self.0.send(queued).await.map_err(|_| AppError::internal("audit", "the audit writer has stopped"))?;
        match committed.await {
            Ok(true) => Ok(()),
            _ => Err(AppError::internal("audit", "the audit entry was not written")),
        }
    }
}

async fn run(mut conn: SqliteConnection, mut rx: mpsc::Receiver<Queued>) {
    while let Some(first) = rx.recv().await {
        // The requests being served now get a few turns first, so their entries join this batch:
        // fewer commits, and each commit is a sync and makes every reader's cached pages old.
        // (With a pooled connection the wait for one did this by chance; on its own connection,
        // without the turns, a parent's list was about 10 % slower.)
        for _ in 0..TURNS {
            tokio::task::yield_now().await;
        }
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match rx.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let ok = match commit(&mut conn, &batch).await {
            Ok(()) => true,
            Err(e) => {
                tracing::error!(error = %e, entries = batch.len(), "audit batch not written");
                false
            }
        };
        for q in batch {
            let _ = q.done.send(ok);
        }
    }
}

/// One statement for the whole batch: atomic on its own, committed (and synced) when it returns.
async fn commit(conn: &mut SqliteConnection, batch: &[Queued]) -> sqlx::Result<()> {
    let rows: Vec<_> = batch.iter().map(|q| (&q.entry, q.at, q.request_id.as_str())).collect();
    super::repo::insert_many(conn, &rows).await
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// A page that reads with a pooled connection and logs before it lets the connection go (the
    /// meeting's page did) must not wait for the pool: with every pooled connection held, the
    /// entry is still committed.
    #[tokio::test]
    async fn an_entry_is_written_while_every_pooled_connection_is_held() {
        let path = std::env::temp_dir().join(format!("samvaer-audit-writer-{}.db", std::process::id()));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let pool = crate::db::connect(&format!("sqlite://{}", path.display())).await.unwrap_or_else(|e| panic!("{e}"));
        crate::db::migrate(&pool).await.unwrap_or_else(|e| panic!("{e}"));
        let writer = AuditWriter::start(pool.clone()).await.unwrap_or_else(|e| panic!("{e}"));
        let mut held = Vec::new();
        for _ in 0..pool.options().get_max_connections() {
            held.push(pool.acquire().await.unwrap_or_else(|e| panic!("{e}")));
        }
        assert_eq!(pool.num_idle(), 0, "every pooled connection is held");
        let written =
            tokio::time::timeout(Duration::from_secs(5), writer.write(Entry::new(None, "read", "test", Some(7))));
        assert_eq!(written.await.ok(), Some(Ok(())), "committed within 5 s");
        let rows: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE subject_kind = 'test' AND subject_id = 7")
                .fetch_one(&mut *held[0])
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows, 1);
    }
}
