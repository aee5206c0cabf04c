//! SQL for meeting minutes and the agreements they set.

use chrono::NaiveDate;
use sqlx::{FromRow, SqliteExecutor};

/// The meeting as the minutes need it, when it is the centre's.
#[derive(Debug, FromRow)]
pub struct MeetingRow {
    pub family_id: crate::cases::FamilyId,
    pub kind: crate::visits::Kind,
    pub status: crate::visits::Status,
    pub starts_at: i64,
}

pub async fn meeting(db: impl SqliteExecutor<'_>, id: i64, centre_id: i64) -> sqlx::Result<Option<MeetingRow>> {
    sqlx::query_as(
        "SELECT family_id, kind, status, starts_at FROM appointments \
         WHERE id = ? AND centre_id = ? AND kind IN ('kickoff_meeting', 'followup_meeting')",
    )
    .bind(id)
    .bind(centre_id)
    .fetch_optional(db)
    .await
}

#[derive(Debug, FromRow)]
pub struct CaseRow {
    pub first_name: String,
    pub purpose: String,
    pub goals: String,
    pub conditions: String,
    pub followup_weeks: i64,
    pub decision_to: NaiveDate,
}

/// The family's cases that are not closed, eldest child first.
pub async fn open_cases(db: impl SqliteExecutor<'_>, family_id: crate::cases::FamilyId) -> sqlx::Result<Vec<CaseRow>> {
    sqlx::query_as(
        "SELECT c.first_name, k.purpose, k.goals, k.conditions, k.followup_weeks, k.decision_to \
         FROM cases k JOIN children c ON c.id = k.child_id \
         WHERE c.family_id = ? AND k.status <> 'closed' ORDER BY c.birth_date, c.id",
    )
    .bind(family_id)
    .fetch_all(db)
    .await
}

#[derive(Debug, FromRow)]
pub struct MinutesRow {
    pub wishes: String,
    pub toured: bool,
    pub body: String,
    pub writer: String,
    pub written_at: i64,
}

pub async fn minutes(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Option<MinutesRow>> {
    sqlx::query_as(
        "SELECT m.wishes, m.toured, m.body, u.full_name AS writer, m.written_at \
         FROM meeting_minutes m JOIN users u ON u.id = m.written_by WHERE m.appointment_id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

pub async fn save_minutes(
    db: impl SqliteExecutor<'_>,
    id: i64,
    (wishes, toured, body): (&str, bool, &str),
    by: i64,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO meeting_minutes (appointment_id, wishes, toured, body, written_by, written_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (appointment_id) DO UPDATE SET \
         wishes = ?2, toured = ?3, body = ?4, written_by = ?5, written_at = ?6",
    )
    .bind(id)
    .bind(wishes)
    .bind(toured)
    .bind(body)
    .bind(by)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}

/// The family's agreement on one topic (several rows read as one text).
pub async fn agreement(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
    topic: &str,
) -> sqlx::Result<String> {
    let row: (Option<String>,) = sqlx::query_as(
        "SELECT group_concat(body, char(10)) FROM (SELECT body FROM family_agreements \
         WHERE family_id = ? AND topic = ? ORDER BY id)",
    )
    .bind(family_id)
    .bind(topic)
    .fetch_one(db)
    .await?;
    Ok(row.0.unwrap_or_default())
}

/// Replaces the family's agreement on `topic` with `body` (none when empty), from the meeting.
pub async fn set_agreement(
    tx: &mut sqlx::SqliteConnection,
    family_id: crate::cases::FamilyId,
    topic: &str,
    body: &str,
    (meeting, by, at): (i64, i64, i64),
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM family_agreements WHERE family_id = ? AND topic = ?")
        .bind(family_id)
        .bind(topic)
        .execute(&mut *tx)
        .await?;
    if !body.is_empty() {
        sqlx::query(
            "INSERT INTO family_agreements (family_id, topic, body, updated_by, updated_at, from_appointment_id) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(family_id)
        .bind(topic)
        .bind(body)
        .bind(by)
        .bind(at)
        .bind(meeting)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
