use chrono::NaiveDate;
use sqlx::{FromRow, SqliteExecutor};

use crate::cases::periods::Terms;

/// Writes a case's terms.
pub async fn update_terms(db: impl SqliteExecutor<'_>, case_id: i64, t: &Terms) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE cases SET visit_type = ?, decision_from = ?, decision_to = ?, frequency_weeks = ?, visit_minutes = ?, \
         conditions = ? WHERE id = ? AND status <> 'closed'",
    )
    .bind(t.visit_type)
    .bind(t.from)
    .bind(t.to)
    .bind(t.frequency_weeks)
    .bind(t.visit_minutes)
    .bind(t.conditions.trim())
    .bind(case_id)
    .execute(db)
    .await?
    .rows_affected())
}

#[derive(Debug, FromRow)]
pub struct DecisionRow {
    pub id: crate::cases::DecisionId,
    pub kind: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub note: String,
}

/// A case's § 105 decisions, the latest period first.
pub async fn decisions(db: impl SqliteExecutor<'_>, case_id: i64) -> sqlx::Result<Vec<DecisionRow>> {
    sqlx::query_as(
        "SELECT id, kind, valid_from, valid_to, note FROM case_decisions WHERE case_id = ? \
         ORDER BY valid_from DESC, id DESC",
    )
    .bind(case_id)
    .fetch_all(db)
    .await
}

pub async fn add_decision(
    db: impl SqliteExecutor<'_>,
    case_id: i64,
    (kind, from, to): (&str, NaiveDate, NaiveDate),
    note: &str,
    (user_id, now): (i64, i64),
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO case_decisions (case_id, kind, valid_from, valid_to, note, created_by, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(case_id)
    .bind(kind)
    .bind(from)
    .bind(to)
    .bind(note)
    .bind(user_id)
    .bind(now)
    .fetch_one(db)
    .await
}

/// Moves the end of one of the case's decisions.
pub async fn set_decision_to(
    db: impl SqliteExecutor<'_>,
    case_id: i64,
    id: crate::cases::DecisionId,
    to: NaiveDate,
) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE case_decisions SET valid_to = ? WHERE id = ? AND case_id = ?")
        .bind(to)
        .bind(id)
        .bind(case_id)
        .execute(db)
        .await?
        .rows_affected())
}

pub async fn add_notice(
    db: impl SqliteExecutor<'_>,
    case_id: i64,
    family_id: crate::cases::FamilyId,
    text: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO case_notices (case_id, family_id, text, created_at) VALUES (?, ?, ?, ?)")
        .bind(case_id)
        .bind(family_id)
        .bind(text)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

/// The centre's case notices since `since`, newest first: (created at, text, family id). With
/// `consultant`, only those of the families that consultant is the family's consultant for.
pub async fn recent_notices(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    since: i64,
    consultant: Option<i64>,
) -> sqlx::Result<Vec<(i64, String, crate::cases::FamilyId)>> {
    sqlx::query_as(
        "SELECT n.created_at, n.text, n.family_id FROM case_notices n JOIN families f ON f.id = n.family_id \
         WHERE f.centre_id = ? AND n.created_at >= ? AND (? IS NULL OR f.consultant_id = ?) \
         ORDER BY n.created_at DESC, n.id DESC LIMIT 50",
    )
    .bind(centre_id)
    .bind(since)
    .bind(consultant)
    .bind(consultant)
    .fetch_all(db)
    .await
}

#[derive(Debug, FromRow)]
pub struct CourseRow {
    pub id: i64,
    pub kind: crate::visits::Kind,
    pub visit_type: Option<crate::visits::VisitType>,
    pub starts_at: i64,
    pub status: crate::visits::Status,
    pub cancelled_by: Option<crate::visits::CancelledBy>,
    pub cancel_reason: Option<String>,
}

/// The child's visits and the family's meetings from `from` to `to` (unix seconds), oldest first;
/// guidance talks go with their visit and are left out.
pub async fn course(
    db: impl SqliteExecutor<'_>,
    (child_id, family_id): (i64, crate::cases::FamilyId),
    (from, to): (i64, i64),
) -> sqlx::Result<Vec<CourseRow>> {
    sqlx::query_as(
        "SELECT a.id, a.kind, a.visit_type, a.starts_at, a.status, a.cancelled_by, a.cancel_reason \
         FROM appointments a WHERE a.family_id = ?1 AND a.related_visit_id IS NULL \
         AND a.starts_at >= ?3 AND a.starts_at < ?4 AND (a.kind <> 'visit' OR EXISTS \
           (SELECT 1 FROM appointment_children ac WHERE ac.appointment_id = a.id AND ac.child_id = ?2)) \
         ORDER BY a.starts_at, a.id LIMIT 400",
    )
    .bind(family_id)
    .bind(child_id)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await
}

/// Gives the case to another caseworker.
pub async fn set_caseworker(db: impl SqliteExecutor<'_>, case_id: i64, user_id: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE cases SET caseworker_id = ? WHERE id = ? AND status <> 'closed'")
        .bind(user_id)
        .bind(case_id)
        .execute(db)
        .await?
        .rows_affected())
}

/// Active caseworker accounts: (id, "name, municipality").
pub async fn caseworkers(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<(crate::auth::UserId, String)>> {
    sqlx::query_as(
        "SELECT u.id, u.full_name || COALESCE(', ' || NULLIF(cw.municipality, ''), '') FROM users u \
         LEFT JOIN caseworkers cw ON cw.user_id = u.id WHERE u.role = 'caseworker' AND u.active = 1 ORDER BY u.full_name",
    )
    .fetch_all(db)
    .await
}

#[derive(Debug, FromRow)]
pub struct FollowupRow {
    pub family_id: crate::cases::FamilyId,
    pub code: String,
    pub rhythm: i64,
    pub decision_from: NaiveDate,
    pub decision_to: NaiveDate,
    /// The start of the family's last kick-off or follow-up meeting up to now (not cancelled).
    pub last_meeting: Option<i64>,
    /// A kick-off or follow-up meeting is planned after now.
    pub booked_ahead: bool,
}

/// The centre's families with an active case, with what deciding their next follow-up needs.
pub async fn followups(db: impl SqliteExecutor<'_>, centre_id: i64, now: i64) -> sqlx::Result<Vec<FollowupRow>> {
    sqlx::query_as(
        "SELECT f.id AS family_id, f.code, MIN(cs.followup_weeks) AS rhythm, MIN(cs.decision_from) AS decision_from, \
           MAX(cs.decision_to) AS decision_to, \
           (SELECT MAX(a.starts_at) FROM appointments a WHERE a.family_id = f.id \
              AND a.kind IN ('kickoff_meeting', 'followup_meeting') AND a.status IN ('held', 'planned') \
              AND a.starts_at <= ?2) AS last_meeting, \
           EXISTS (SELECT 1 FROM appointments a WHERE a.family_id = f.id \
              AND a.kind IN ('kickoff_meeting', 'followup_meeting') AND a.status = 'planned' AND a.starts_at > ?2) AS booked_ahead \
         FROM families f JOIN children c ON c.family_id = f.id JOIN cases cs ON cs.child_id = c.id \
         WHERE f.centre_id = ?1 AND cs.status = 'active' GROUP BY f.id ORDER BY f.code",
    )
    .bind(centre_id)
    .bind(now)
    .fetch_all(db)
    .await
}

pub async fn set_rhythm(db: impl SqliteExecutor<'_>, case_id: i64, weeks: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE cases SET followup_weeks = ? WHERE id = ? AND status <> 'closed'")
        .bind(weeks)
        .bind(case_id)
        .execute(db)
        .await?
        .rows_affected())
}
