//! SQL for reading appointments.

use serde::Deserialize;
use sqlx::{FromRow, SqliteExecutor};

use crate::db::{as_json_rows, json_rows};

#[derive(Debug, FromRow, Deserialize)]
pub struct AppointmentRow {
    pub id: i64,
    pub family_id: crate::cases::FamilyId,
    pub family_code: String,
    pub kind: crate::visits::Kind,
    pub visit_type: Option<crate::visits::VisitType>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: crate::visits::Status,
    pub cancelled_by: Option<crate::visits::CancelledBy>,
    pub preparation_notes: String,
    pub place_name: Option<String>,
    pub place_address: Option<String>,
    pub staff_names: Option<String>,
    pub children_names: Option<String>,
    /// The children's initials ("FN, ON"), for staff lists.
    pub children_initials: Option<String>,
    pub moved_from_starts_at: Option<i64>,
    pub related_visit_id: Option<i64>,
}

const SELECT: &str = "SELECT a.id, a.family_id, f.code AS family_code, a.kind, a.visit_type, a.starts_at, a.ends_at, \
    a.status, a.cancelled_by, a.preparation_notes, a.moved_from_starts_at, a.related_visit_id, p.name AS place_name, p.address AS place_address, \
    (SELECT group_concat(u.full_name, ', ') FROM appointment_staff s JOIN users u ON u.id = s.user_id \
       WHERE s.appointment_id = a.id) AS staff_names, \
    (SELECT group_concat(c.first_name, ', ') FROM appointment_children ac JOIN children c ON c.id = ac.child_id \
       WHERE ac.appointment_id = a.id) AS children_names, \
    (SELECT group_concat(upper(substr(c.first_name, 1, 1)) || upper(substr(c.last_name, 1, 1)), ', ') \
       FROM appointment_children ac JOIN children c ON c.id = ac.child_id \
       WHERE ac.appointment_id = a.id) AS children_initials \
    FROM appointments a JOIN families f ON f.id = a.family_id LEFT JOIN places p ON p.id = a.place_id";

/// A family's coming appointments (ending at or after `at`, soonest first) or, with `past`, its
/// earlier ones (latest first), with the notices on them (`only_by`: only those this user sent; a
/// parent sees their own), oldest first: one statement, one trip to the database thread.
pub async fn family_list(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
    at: i64,
    past: bool,
    limit: i64,
    only_by: Option<i64>,
) -> sqlx::Result<(Vec<AppointmentRow>, Vec<NoticeRow>)> {
    let (when, order) = if past { ("a.ends_at < ?2", "a.starts_at DESC") } else { ("a.ends_at >= ?2", "a.starts_at") };
    let notices = format!(
        "{NOTICES} WHERE n.appointment_id IN (SELECT id FROM listed) AND (?4 IS NULL OR n.user_id = ?4) \
         ORDER BY n.created_at, n.id"
    );
    let sql = format!(
        "WITH listed AS ({SELECT} WHERE a.family_id = ?1 AND {when} ORDER BY {order} LIMIT ?3) SELECT ({}), ({})",
        as_json_rows::<AppointmentRow>("SELECT * FROM listed"),
        as_json_rows::<NoticeRow>(&notices),
    );
    let (visits, notices): (String, String) =
        sqlx::query_as(&sql).bind(family_id).bind(at).bind(limit).bind(only_by).fetch_one(db).await?;
    let mut rows: Vec<AppointmentRow> = json_rows(&visits)?;
    if past {
        rows.sort_by_key(|r| (std::cmp::Reverse(r.starts_at), r.id));
    } else {
        rows.sort_by_key(|r| (r.starts_at, r.id));
    }
    let mut notices: Vec<NoticeRow> = json_rows(&notices)?;
    notices.sort_by_key(|n| n.created_at);
    Ok((rows, notices))
}

/// Appointments linked to `id` (its guidance talks) or that `id` is linked to, within the family.
pub async fn related_for_family(
    db: impl SqliteExecutor<'_>,
    id: i64,
    related_to: Option<i64>,
    family_id: crate::cases::FamilyId,
) -> sqlx::Result<Vec<AppointmentRow>> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE a.family_id = ? AND (a.related_visit_id = ? OR a.id = ?) AND a.id <> ? ORDER BY a.starts_at"
    ))
    .bind(family_id)
    .bind(id)
    .bind(related_to)
    .bind(id)
    .fetch_all(db)
    .await
}

/// A family's coming kick-off and follow-up meetings.
pub async fn meetings_for_family(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
    from: i64,
) -> sqlx::Result<Vec<AppointmentRow>> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE a.family_id = ? AND a.ends_at >= ? AND a.status = 'planned' \
         AND a.kind IN ('kickoff_meeting', 'followup_meeting') ORDER BY a.starts_at LIMIT 5"
    ))
    .bind(family_id)
    .bind(from)
    .fetch_all(db)
    .await
}

/// One appointment, only if it belongs to `family_id`.
pub async fn one_for_family(
    db: impl SqliteExecutor<'_>,
    id: i64,
    family_id: crate::cases::FamilyId,
) -> sqlx::Result<Option<AppointmentRow>> {
    sqlx::query_as(&format!("{SELECT} WHERE a.id = ? AND a.family_id = ?"))
        .bind(id)
        .bind(family_id)
        .fetch_optional(db)
        .await
}

/// One appointment (staff views; the caller has checked the role).
pub async fn one(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Option<AppointmentRow>> {
    sqlx::query_as(&format!("{SELECT} WHERE a.id = ?")).bind(id).fetch_optional(db).await
}

/// Appointments starting in [from, to), optionally only those `staff_user_id` staffs.
pub async fn in_range(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    from: i64,
    to: i64,
    staff_user_id: Option<i64>,
) -> sqlx::Result<Vec<AppointmentRow>> {
    let sql = as_json_rows::<AppointmentRow>(&format!(
        "{SELECT} WHERE a.centre_id = ?4 AND a.starts_at >= ?1 AND a.starts_at < ?2 AND (?3 IS NULL OR EXISTS \
             (SELECT 1 FROM appointment_staff s WHERE s.appointment_id = a.id AND s.user_id = ?3))"
    ));
    let json: String =
        sqlx::query_scalar(&sql).bind(from).bind(to).bind(staff_user_id).bind(centre_id).fetch_one(db).await?;
    let mut rows: Vec<AppointmentRow> = json_rows(&json)?;
    rows.sort_by_key(|r| (r.starts_at, r.id));
    Ok(rows)
}

/// Coming appointments a parent sent a notice about since `since`, optionally only those
/// `staff_user_id` staffs.
pub async fn with_recent_notices(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    since: i64,
    now: i64,
    staff_user_id: Option<i64>,
) -> sqlx::Result<Vec<AppointmentRow>> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE a.centre_id = ?4 AND a.ends_at >= ?2 AND EXISTS (SELECT 1 FROM visit_notices n WHERE n.appointment_id = a.id \
         AND n.created_at >= ?1) AND (?3 IS NULL OR EXISTS \
         (SELECT 1 FROM appointment_staff s WHERE s.appointment_id = a.id AND s.user_id = ?3)) \
         ORDER BY a.starts_at, a.id"
    ))
    .bind(since)
    .bind(now)
    .bind(staff_user_id)
    .bind(centre_id)
    .fetch_all(db)
    .await
}

/// Names of the people invited to an appointment besides staff and children.
pub async fn participant_names(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT COALESCE(pe.first_name || ' ' || pe.last_name, u.full_name) || \
           CASE WHEN ap.role <> '' THEN ' (' || ap.role || ')' ELSE '' END \
         FROM appointment_participants ap LEFT JOIN persons pe ON pe.id = ap.person_id \
         LEFT JOIN users u ON u.id = ap.user_id WHERE ap.appointment_id = ? ORDER BY ap.id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

#[derive(Debug, FromRow, Deserialize)]
pub struct NoticeRow {
    pub appointment_id: i64,
    pub kind: String,
    pub minutes: Option<i64>,
    pub message: String,
    pub created_at: i64,
    pub author: String,
}

const NOTICES: &str = "SELECT n.appointment_id, n.kind, n.minutes, n.message, n.created_at, \
    u.full_name AS author FROM visit_notices n JOIN appointments a ON a.id = n.appointment_id \
    JOIN users u ON u.id = n.user_id";

/// Parents' notices for the centre's appointments starting in [from, to), oldest first.
pub async fn notices_in_range(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<NoticeRow>> {
    sqlx::query_as(&format!(
        "{NOTICES} WHERE a.centre_id = ? AND a.starts_at >= ? AND a.starts_at < ? ORDER BY n.created_at, n.id"
    ))
    .bind(centre_id)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await
}

/// A family's notices (all of its appointments), oldest first; `only_by`: only those this user
/// sent (a parent sees their own, never the other parent's).
pub async fn notices_for_family(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
    only_by: Option<i64>,
) -> sqlx::Result<Vec<NoticeRow>> {
    sqlx::query_as(&format!(
        "{NOTICES} WHERE a.family_id = ?1 AND (?2 IS NULL OR n.user_id = ?2) ORDER BY n.created_at, n.id"
    ))
    .bind(family_id)
    .bind(only_by)
    .fetch_all(db)
    .await
}
