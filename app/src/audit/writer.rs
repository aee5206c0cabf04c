//! One writer for the audit entries of reads. Every page a signed-in person opens is logged, and
//! SQLite has one writer that syncs to disk on every commit: one commit per read made signed-in
//! pages several times slower than the framework. Reads hand their entry to this task instead;
//! it commits whatever has queued meanwhile in one transaction (group commit) and only then lets
//! each request go on, so an answered request's entry is on disk (a killed process loses none).

use chrono::Utc;
use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use super::Entry;
use crate::error::AppError;

/// Entries committed together at most (9 values each: well under SQLite's 32,766 per statement).
const BATCH: usize = 256;

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
    /// Starts the writer; it runs until the process ends.
    pub fn start(pool: SqlitePool) -> Self {
        let (tx, rx) = mpsc::channel(4 * BATCH);
        tokio::spawn(run(pool, rx));
        AuditWriter(tx)
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

async fn run(pool: SqlitePool, mut rx: mpsc::Receiver<Queued>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match rx.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let ok = match commit(&pool, &batch).await {
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
async fn commit(pool: &SqlitePool, batch: &[Queued]) -> sqlx::Result<()> {
    let rows: Vec<_> = batch.iter().map(|q| (&q.entry, q.at, q.request_id.as_str())).collect();
    super::repo::insert_many(pool, &rows).await
}
