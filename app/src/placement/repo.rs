//! SQL for the placement's view and its hand-over notes.

use sqlx::{FromRow, SqliteExecutor};

/// One of a child's visits, for the placement.
#[derive(Debug, FromRow)]
pub struct VisitRow {
    pub id: i64,
    pub visit_type: Option<crate::visits::VisitType>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: crate::visits::Status,
    pub place_name: Option<String>,
    pub place_address: Option<String>,
}

const VISIT: &str = "SELECT a.id, a.visit_type, a.starts_at, a.ends_at, a.status, p.name AS place_name, \
    p.address AS place_address FROM appointments a JOIN appointment_children ac ON ac.appointment_id = a.id \
    LEFT JOIN places p ON p.id = a.place_id WHERE a.kind = 'visit' AND ac.child_id = ?1 AND a.family_id = ?2";

/// The child's visits starting between `from` and `to`, soonest first.
pub async fn visits(
    db: impl SqliteExecutor<'_>,
    (child_id, family_id): (crate::cases::ChildId, crate::cases::FamilyId),
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<VisitRow>> {
    sqlx::query_as(&format!("{VISIT} AND a.starts_at >= ?3 AND a.starts_at <= ?4 ORDER BY a.starts_at"))
        .bind(child_id)
        .bind(family_id)
        .bind(from)
        .bind(to)
        .fetch_all(db)
        .await
}

/// One visit of the child, if it is one.
pub async fn visit(
    db: impl SqliteExecutor<'_>,
    (child_id, family_id): (crate::cases::ChildId, crate::cases::FamilyId),
    id: i64,
) -> sqlx::Result<Option<VisitRow>> {
    sqlx::query_as(&format!("{VISIT} AND a.id = ?3")).bind(child_id).bind(family_id).bind(id).fetch_optional(db).await
}

/// A hand-over note: its message, sealed as every message is.
#[derive(Debug, FromRow)]
pub struct NoteRow {
    pub id: crate::channels::MessageId,
    pub channel_id: crate::channels::ChannelId,
    pub side: String,
    pub author_name: String,
    pub key_id: String,
    pub nonce: Vec<u8>,
    pub body: Option<Vec<u8>>,
    pub aad_version: i64,
    pub created_at: i64,
    pub appointment_id: i64,
    pub phase: String,
    /// Who the channel is with ("Plejefamilien Bak").
    pub title: String,
}

const NOTE: &str = "SELECT m.id, m.channel_id, m.side, m.author_name, m.key_id, m.nonce, m.body, m.aad_version, \
    m.created_at, h.appointment_id, h.phase, c.title FROM handover_notes h JOIN messages m ON m.id = h.message_id \
    JOIN channels c ON c.id = m.channel_id";

/// The notes written through one channel, oldest first.
pub async fn notes_of_channel(
    db: impl SqliteExecutor<'_>,
    channel_id: crate::channels::ChannelId,
) -> sqlx::Result<Vec<NoteRow>> {
    sqlx::query_as(&format!("{NOTE} WHERE m.channel_id = ? ORDER BY m.created_at, m.id"))
        .bind(channel_id)
        .fetch_all(db)
        .await
}

/// The notes on one visit, through any placement's channel, oldest first.
pub async fn notes_on(db: impl SqliteExecutor<'_>, appointment_id: i64) -> sqlx::Result<Vec<NoteRow>> {
    sqlx::query_as(&format!("{NOTE} WHERE h.appointment_id = ? ORDER BY m.created_at, m.id"))
        .bind(appointment_id)
        .fetch_all(db)
        .await
}

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    message_id: crate::channels::MessageId,
    appointment_id: i64,
    phase: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO handover_notes (message_id, appointment_id, phase) VALUES (?, ?, ?)")
        .bind(message_id)
        .bind(appointment_id)
        .bind(phase)
        .execute(db)
        .await?;
    Ok(())
}

/// The child's first name.
pub async fn child_name(db: impl SqliteExecutor<'_>, child_id: crate::cases::ChildId) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT first_name FROM children WHERE id = ?").bind(child_id).fetch_one(db).await
}
