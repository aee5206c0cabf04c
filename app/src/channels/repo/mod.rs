//! SQL for channels and messages; links and devices in `links.rs`, notices in `notices.rs`.

mod links;
mod notices;
pub use links::*;
pub use notices::*;

use sqlx::{FromRow, SqliteExecutor};

use crate::cases::{ChildId, FamilyId, PersonId};
use crate::channels::{ChannelId, MessageId};

#[derive(Debug, Clone, FromRow)]
pub struct ChannelRow {
    pub id: ChannelId,
    pub family_id: FamilyId,
    pub kind: String,
    pub title: String,
    /// A family channel's person (a parent or network person); None: the family's earlier shared
    /// thread, which only staff read now.
    pub person_id: Option<crate::cases::PersonId>,
    pub person_name: Option<String>,
    pub family_code: String,
    pub centre_id: i64,
    pub unread: i64,
    pub last_at: Option<i64>,
    /// A participant channel with the placement of this child of the family.
    pub placement_child_id: Option<ChildId>,
}

const CHANNEL: &str = "SELECT c.id, c.family_id, c.kind, c.title, c.person_id, c.placement_child_id, \
    pe.first_name || ' ' || pe.last_name AS person_name, f.code AS family_code, f.centre_id, \
    (SELECT COUNT(*) FROM messages m WHERE m.channel_id = c.id AND m.side = 'family' AND m.read_at IS NULL) AS unread, \
    (SELECT max(m.created_at) FROM messages m WHERE m.channel_id = c.id) AS last_at \
    FROM channels c JOIN families f ON f.id = c.family_id LEFT JOIN persons pe ON pe.id = c.person_id";

/// The centre's channels, newest activity first; `staffed_by` limits them to the families an
/// hourly consultant works with. (Every person gets their channel when recorded: a trigger.)
pub async fn inbox(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    staffed_by: Option<i64>,
) -> sqlx::Result<Vec<ChannelRow>> {
    sqlx::query_as(&format!(
        "{CHANNEL} WHERE f.centre_id = ?1 AND (?2 IS NULL OR EXISTS (SELECT 1 FROM appointments a \
         JOIN appointment_staff s ON s.appointment_id = a.id WHERE a.family_id = f.id AND s.user_id = ?2)) \
         ORDER BY last_at IS NULL, last_at DESC, f.code, c.kind DESC, c.id"
    ))
    .bind(centre_id)
    .bind(staffed_by)
    .fetch_all(db)
    .await
}

pub async fn channel(db: impl SqliteExecutor<'_>, id: ChannelId) -> sqlx::Result<Option<ChannelRow>> {
    sqlx::query_as(&format!("{CHANNEL} WHERE c.id = ?")).bind(id).fetch_optional(db).await
}

/// Every channel of a family (its people's threads, the shared archive, participants).
pub async fn family_channels(db: impl SqliteExecutor<'_>, family_id: FamilyId) -> sqlx::Result<Vec<ChannelRow>> {
    sqlx::query_as(&format!("{CHANNEL} WHERE c.family_id = ? ORDER BY c.kind, c.person_id IS NULL, c.id"))
        .bind(family_id)
        .fetch_all(db)
        .await
}

/// A person's own thread with the centre.
pub async fn person_channel(db: impl SqliteExecutor<'_>, person_id: PersonId) -> sqlx::Result<Option<ChannelId>> {
    sqlx::query_scalar("SELECT id FROM channels WHERE person_id = ? AND kind = 'family'")
        .bind(person_id)
        .fetch_optional(db)
        .await
}

/// The person and family of a parent's account: (person_id, family_id).
pub async fn person_of_user(db: impl SqliteExecutor<'_>, user_id: i64) -> sqlx::Result<Option<(PersonId, FamilyId)>> {
    sqlx::query_as("SELECT id, family_id FROM persons WHERE user_id = ?").bind(user_id).fetch_optional(db).await
}

pub async fn insert_channel(
    db: impl SqliteExecutor<'_>,
    family_id: FamilyId,
    kind: &str,
    (title, placement_child): (&str, Option<ChildId>),
    now: i64,
) -> sqlx::Result<ChannelId> {
    sqlx::query_scalar(
        "INSERT INTO channels (family_id, kind, title, placement_child_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(family_id)
    .bind(kind)
    .bind(title)
    .bind(placement_child)
    .bind(now)
        .fetch_one(db)
        .await
}

/// Does `user_id` staff any appointment of the family?
pub async fn staffs_family(db: impl SqliteExecutor<'_>, user_id: i64, family_id: FamilyId) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM appointments a JOIN appointment_staff s ON s.appointment_id = a.id \
         WHERE a.family_id = ? AND s.user_id = ?)",
    )
    .bind(family_id)
    .bind(user_id)
    .fetch_one(db)
    .await
}

/// Does the family still have an open case (its people's access lives as long as that)?
pub async fn family_active(db: impl SqliteExecutor<'_>, family_id: FamilyId) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM cases k JOIN children ch ON ch.id = k.child_id \
         WHERE ch.family_id = ? AND k.status <> 'closed')",
    )
    .bind(family_id)
    .fetch_one(db)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct MessageRow {
    pub id: MessageId,
    pub channel_id: ChannelId,
    pub side: String,
    pub author_user_id: Option<i64>,
    pub author_link_id: Option<crate::channels::LinkId>,
    pub author_name: String,
    pub key_id: String,
    pub nonce: Vec<u8>,
    pub body: Option<Vec<u8>>,
    pub created_at: i64,
    pub read_at: Option<i64>,
    pub corrects_id: Option<MessageId>,
    pub deleted_at: Option<i64>,
    /// What the body is bound to (`crypto::Aad`): 1 before rows were bound to their id, then 2.
    pub aad_version: i64,
}

const MESSAGE: &str = "SELECT id, channel_id, side, author_user_id, author_link_id, author_name, key_id, nonce, body, \
    created_at, read_at, corrects_id, deleted_at, aad_version FROM messages";

pub async fn messages(db: impl SqliteExecutor<'_>, channel_id: ChannelId) -> sqlx::Result<Vec<MessageRow>> {
    sqlx::query_as(&format!("{MESSAGE} WHERE channel_id = ? ORDER BY created_at, id"))
        .bind(channel_id)
        .fetch_all(db)
        .await
}

pub async fn message(db: impl SqliteExecutor<'_>, id: MessageId) -> sqlx::Result<Option<MessageRow>> {
    sqlx::query_as(&format!("{MESSAGE} WHERE id = ?")).bind(id).fetch_optional(db).await
}

pub struct NewMessage<'a> {
    /// From `next_message_id`: the body is sealed for this id before the insert.
    pub id: MessageId,
    pub channel_id: ChannelId,
    pub side: &'a str,
    pub author_user_id: Option<i64>,
    pub author_link_id: Option<crate::channels::LinkId>,
    pub author_name: &'a str,
    pub sealed: &'a crate::channels::crypto::Sealed,
    pub corrects_id: Option<MessageId>,
    pub now: i64,
    /// The outbox's own key for the message (None from a plain form).
    pub client_key: Option<&'a str>,
}

/// The id the next message gets. Only inside a `BEGIN IMMEDIATE` transaction, whose write lock
/// keeps it free until the insert (were it taken meanwhile, the insert fails on the primary key).
pub async fn next_message_id(db: impl SqliteExecutor<'_>) -> sqlx::Result<MessageId> {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM messages").fetch_one(db).await
}

pub async fn insert_message(db: impl SqliteExecutor<'_>, m: &NewMessage<'_>) -> sqlx::Result<MessageId> {
    sqlx::query_scalar(
        "INSERT INTO messages (id, channel_id, side, author_user_id, author_link_id, author_name, key_id, nonce, body, \
         created_at, corrects_id, client_key, aad_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(m.id)
    .bind(m.channel_id)
    .bind(m.side)
    .bind(m.author_user_id)
    .bind(m.author_link_id)
    .bind(m.author_name)
    .bind(&m.sealed.key_id)
    .bind(&m.sealed.nonce)
    .bind(&m.sealed.body)
    .bind(m.now)
    .bind(m.corrects_id)
    .bind(m.client_key)
    .bind(crate::channels::crypto::AAD_VERSION)
    .fetch_one(db)
    .await
}

/// The message an outbox already delivered under `client_key`, if any.
pub async fn message_by_client_key(
    db: impl SqliteExecutor<'_>,
    channel_id: ChannelId,
    client_key: &str,
) -> sqlx::Result<Option<MessageId>> {
    sqlx::query_scalar("SELECT id FROM messages WHERE channel_id = ? AND client_key = ?")
        .bind(channel_id)
        .bind(client_key)
        .fetch_optional(db)
        .await
}

/// The reader has now seen what the other side wrote.
pub async fn mark_read(
    db: impl SqliteExecutor<'_>,
    channel_id: ChannelId,
    written_by: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE messages SET read_at = ? WHERE channel_id = ? AND side = ? AND read_at IS NULL")
        .bind(now)
        .bind(channel_id)
        .bind(written_by)
        .execute(db)
        .await?;
    Ok(())
}

/// Deletes bodies older than `before` (the retention period); rows and audit stay.
pub async fn delete_old_bodies(db: impl SqliteExecutor<'_>, before: i64, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE messages SET body = NULL, deleted_at = ? WHERE created_at < ? AND deleted_at IS NULL")
        .bind(now)
        .bind(before)
        .execute(db)
        .await?
        .rows_affected())
}

/// A parent or other family member of the family, as a link is made for them.
#[derive(Debug, FromRow)]
pub struct ParentRow {
    pub person_id: PersonId,
    pub name: String,
    /// Their account, if they have one.
    pub user_id: Option<i64>,
    /// The account is active (true without an account): a deactivated parent gets no link and
    /// no notice.
    pub active: bool,
    /// The account's e-mail, else the person's.
    pub email: Option<String>,
    /// The account's phone, else the person's.
    pub phone: Option<String>,
    /// What the account itself records (changed only by the parent or an administrator): a link
    /// starts a session only when it and its code go here.
    pub account_email: Option<String>,
    pub account_phone: Option<String>,
}

/// The family's persons: their account, e-mail and phone.
pub async fn parents(db: impl SqliteExecutor<'_>, family_id: FamilyId) -> sqlx::Result<Vec<ParentRow>> {
    sqlx::query_as(
        "SELECT p.id AS person_id, p.first_name || ' ' || p.last_name AS name, p.user_id, \
         coalesce(u.active, 1) = 1 AS active, coalesce(u.email, p.email) AS email, coalesce(u.phone, p.phone) AS phone, \
         u.email AS account_email, u.phone AS account_phone FROM persons p LEFT JOIN users u ON u.id = p.user_id WHERE p.family_id = ? ORDER BY p.id",
    )
    .bind(family_id)
    .fetch_all(db)
    .await
}

/// The family's children: (id, first name), eldest first.
pub async fn children_of(db: impl SqliteExecutor<'_>, family_id: FamilyId) -> sqlx::Result<Vec<(ChildId, String)>> {
    sqlx::query_as("SELECT id, first_name FROM children WHERE family_id = ? ORDER BY birth_date, id")
        .bind(family_id)
        .fetch_all(db)
        .await
}

/// Is the message a placement's hand-over note (tied to a visit, so it is not corrected in the
/// thread)?
pub async fn is_handover_note(db: impl SqliteExecutor<'_>, message_id: MessageId) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM handover_notes WHERE message_id = ?)")
        .bind(message_id)
        .fetch_one(db)
        .await
}
