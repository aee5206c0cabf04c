//! SQL for notices: queued sealed, sent by the worker, wiped once delivered or given up, and
//! re-encrypted by a key rotation.

use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct NoticeRow {
    pub id: i64,
    pub channel_id: Option<crate::channels::ChannelId>,
    pub purpose: String,
    pub transport: String,
    pub recipient: String,
    pub key_id: String,
    pub nonce: Vec<u8>,
    pub body: Vec<u8>,
    pub state: String,
    pub attempts: i64,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    /// What the text is bound to (`crypto::Aad`): 1 before rows were bound to their id, then 2.
    pub aad_version: i64,
}

const COLUMNS: &str = "id, channel_id, purpose, transport, recipient, key_id, nonce, body, state, attempts, \
    created_at, sent_at, aad_version";

pub struct NewNotice<'a> {
    /// From `next_notice_id`: the text is sealed for this id before the insert.
    pub id: i64,
    pub channel_id: Option<crate::channels::ChannelId>,
    pub link_id: Option<crate::channels::LinkId>,
    pub purpose: &'a str,
    pub transport: &'a str,
    pub recipient: &'a str,
    pub sealed: &'a crate::channels::crypto::Sealed,
    pub now: i64,
}

/// The id the next notice gets. Only inside a `BEGIN IMMEDIATE` transaction, whose write lock
/// keeps it free until the insert (were it taken meanwhile, the insert fails on the primary key).
pub async fn next_notice_id(db: impl SqliteExecutor<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM notices").fetch_one(db).await
}

pub async fn insert_notice(db: impl SqliteExecutor<'_>, n: &NewNotice<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO notices (id, channel_id, link_id, purpose, transport, recipient, key_id, nonce, body, \
         next_attempt_at, created_at, aad_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(n.id)
    .bind(n.channel_id)
    .bind(n.link_id)
    .bind(n.purpose)
    .bind(n.transport)
    .bind(n.recipient)
    .bind(&n.sealed.key_id)
    .bind(&n.sealed.nonce)
    .bind(&n.sealed.body)
    .bind(n.now)
    .bind(n.now)
    .bind(crate::channels::crypto::AAD_VERSION)
    .fetch_one(db)
    .await
}

/// Claims up to `limit` notices due at `now` that no worker holds, until `now + lease`, and
/// returns them (oldest first). One statement picks and claims, so of two workers on one database
/// each notice goes to one.
pub async fn claim_due(db: impl SqliteExecutor<'_>, now: i64, lease: i64, limit: i64) -> sqlx::Result<Vec<NoticeRow>> {
    let mut due: Vec<NoticeRow> = sqlx::query_as(&format!(
        "UPDATE notices SET claimed_until = ?1 + ?2 WHERE id IN (SELECT id FROM notices WHERE state = 'pending' \
         AND next_attempt_at <= ?1 AND (claimed_until IS NULL OR claimed_until <= ?1) \
         ORDER BY next_attempt_at, id LIMIT ?3) RETURNING {COLUMNS}"
    ))
    .bind(now)
    .bind(lease)
    .bind(limit)
    .fetch_all(db)
    .await?;
    due.sort_by_key(|n| n.id);
    Ok(due)
}

pub async fn notices_of(
    db: impl SqliteExecutor<'_>,
    channel_id: crate::channels::ChannelId,
) -> sqlx::Result<Vec<NoticeRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM notices WHERE channel_id = ? ORDER BY created_at DESC, id DESC LIMIT 30"
    ))
    .bind(channel_id)
    .fetch_all(db)
    .await
}

/// A notice delivered: its text (a link, a code) is wiped, only the delivery state stays.
pub async fn notice_sent(db: impl SqliteExecutor<'_>, id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE notices SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL, nonce = X'', \
         body = X'', claimed_until = NULL WHERE id = ?",
    )
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// A failed send: retried at `next` or, with `give_up`, flagged as failed and its text wiped.
/// `error` is the transport's kind of error, never the text.
pub async fn notice_failed(
    db: impl SqliteExecutor<'_>,
    id: i64,
    next: i64,
    give_up: bool,
    error: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE notices SET attempts = attempts + 1, next_attempt_at = ?1, last_error = ?2, \
         state = CASE WHEN ?3 THEN 'failed' ELSE 'pending' END, body = CASE WHEN ?3 THEN X'' ELSE body END, \
         nonce = CASE WHEN ?3 THEN X'' ELSE nonce END, claimed_until = NULL WHERE id = ?4",
    )
    .bind(next)
    .bind(error)
    .bind(give_up)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// A re-encryption under the current key and binding (rotation) of a row in `messages` or `notices`.
pub async fn reseal(
    db: impl SqliteExecutor<'_>,
    notice: bool,
    id: i64,
    s: &crate::channels::crypto::Sealed,
) -> sqlx::Result<()> {
    let sql = if notice {
        "UPDATE notices SET key_id = ?, nonce = ?, body = ?, aad_version = ? WHERE id = ?"
    } else {
        "UPDATE messages SET key_id = ?, nonce = ?, body = ?, aad_version = ? WHERE id = ?"
    };
    sqlx::query(sql)
        .bind(&s.key_id)
        .bind(&s.nonce)
        .bind(&s.body)
        .bind(crate::channels::crypto::AAD_VERSION)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// A stored text to reseal: where it is, what it was bound to, and the ciphertext.
#[derive(Debug, Clone, FromRow)]
pub struct SealedRow {
    pub notice: bool,
    pub id: i64,
    /// None for a notice without a channel.
    pub channel_id: Option<crate::channels::ChannelId>,
    /// A message's side; "" for a notice.
    pub side: String,
    pub aad_version: i64,
    pub key_id: String,
    pub nonce: Vec<u8>,
    pub body: Vec<u8>,
}

/// Texts still under another key than `current` or sealed with an older binding than `version`.
pub async fn to_reseal(db: impl SqliteExecutor<'_>, current: &str, version: i64) -> sqlx::Result<Vec<SealedRow>> {
    sqlx::query_as(
        "SELECT 0 AS notice, id, channel_id, side, aad_version, key_id, nonce, body FROM messages \
         WHERE (key_id <> ?1 OR aad_version <> ?2) AND body IS NOT NULL \
         UNION ALL SELECT 1, id, channel_id, '', aad_version, key_id, nonce, body FROM notices \
         WHERE (key_id <> ?1 OR aad_version <> ?2) AND length(body) > 0",
    )
    .bind(current)
    .bind(version)
    .fetch_all(db)
    .await
}
