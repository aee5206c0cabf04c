//! SQL for the parents' portal. Every query is limited to one family.

use sqlx::{FromRow, SqliteExecutor};

/// The standing agreements for a family's visits: (topic, body).
pub async fn agreements(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT topic, body FROM family_agreements WHERE family_id = ? \
         ORDER BY CASE topic WHEN 'bring' THEN 1 WHEN 'toys' THEN 2 WHEN 'food' THEN 3 WHEN 'practise' THEN 4 ELSE 5 END, id",
    )
    .bind(family_id)
    .fetch_all(db)
    .await
}

/// The conditions (vilkår) of the family's active cases, without repeats.
pub async fn conditions(db: impl SqliteExecutor<'_>, family_id: crate::cases::FamilyId) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT k.conditions FROM cases k JOIN children ch ON ch.id = k.child_id \
         WHERE ch.family_id = ? AND k.status = 'active' AND k.conditions <> '' ORDER BY k.id",
    )
    .bind(family_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

#[derive(Debug, FromRow)]
pub struct PersonRow {
    pub name: String,
    pub role: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
}

pub async fn centre(db: impl SqliteExecutor<'_>, family_id: crate::cases::FamilyId) -> sqlx::Result<Option<PersonRow>> {
    sqlx::query_as(
        "SELECT c.name, c.municipality AS role, c.phone, c.email, c.address, c.opening_hours AS hours \
         FROM centres c JOIN families f ON f.centre_id = c.id WHERE f.id = ?",
    )
    .bind(family_id)
    .fetch_optional(db)
    .await
}

pub async fn consultant(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
) -> sqlx::Result<Option<PersonRow>> {
    sqlx::query_as(
        "SELECT u.full_name AS name, COALESCE(s.title, '') AS role, u.phone, u.email, NULL AS address, NULL AS hours \
         FROM families f JOIN users u ON u.id = f.consultant_id LEFT JOIN staff s ON s.user_id = u.id \
         WHERE f.id = ? AND u.active = 1",
    )
    .bind(family_id)
    .fetch_optional(db)
    .await
}

pub async fn caseworkers(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
) -> sqlx::Result<Vec<PersonRow>> {
    sqlx::query_as(
        "SELECT DISTINCT u.full_name AS name, COALESCE(cw.title || ', ' || cw.department, '') AS role, \
         u.phone, u.email, NULL AS address, NULL AS hours \
         FROM cases k JOIN children ch ON ch.id = k.child_id JOIN users u ON u.id = k.caseworker_id \
         LEFT JOIN caseworkers cw ON cw.user_id = u.id \
         WHERE ch.family_id = ? AND k.status <> 'closed' AND u.active = 1 ORDER BY u.full_name",
    )
    .bind(family_id)
    .fetch_all(db)
    .await
}

/// The children's placements a parent may know about. A placement (by its name, across siblings,
/// whatever contact data each child's row holds) is left out entirely when any child placed there
/// has a secret address (the child's flag, or a § 105 decision in force on `today`), or while a
/// decision suspends visits or contact.
pub async fn open_placements(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
    today: &str,
) -> sqlx::Result<Vec<PersonRow>> {
    sqlx::query_as(
        "SELECT ch.placement_name || ' (' || group_concat(ch.first_name, ', ') || ')' AS name, \
         ch.placement_contact_name AS role, ch.placement_contact_phone AS phone, ch.placement_contact_email AS email, \
         NULL AS address, NULL AS hours FROM children ch WHERE ch.family_id = ?1 \
         GROUP BY ch.placement_name, ch.placement_contact_name, ch.placement_contact_phone, ch.placement_contact_email \
         HAVING NOT EXISTS (SELECT 1 FROM children c3 WHERE c3.family_id = ?1 \
           AND lower(trim(c3.placement_name)) = lower(trim(ch.placement_name)) AND c3.placement_address_secret = 1) AND NOT EXISTS ( \
           SELECT 1 FROM children c2 JOIN cases k ON k.child_id = c2.id JOIN case_decisions d ON d.case_id = k.id \
           WHERE c2.family_id = ?1 AND lower(trim(c2.placement_name)) = lower(trim(ch.placement_name)) \
           AND d.kind IN ('secret_address', 'suspension', 'contact_suspension') \
           AND d.valid_from <= ?2 AND d.valid_to >= ?2)",
    )
    .bind(family_id)
    .bind(today)
    .fetch_all(db)
    .await
}

pub async fn insert_notice(
    db: impl SqliteExecutor<'_>,
    appointment_id: i64,
    user_id: i64,
    kind: &str,
    minutes: Option<i64>,
    message: &str,
    now: i64,
) -> sqlx::Result<i64> {
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO visit_notices (appointment_id, user_id, kind, minutes, message, created_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(appointment_id)
    .bind(user_id)
    .bind(kind)
    .bind(minutes)
    .bind(message)
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(row.0)
}

/// Cancels a planned, not yet started appointment and the guidance talks linked to it, on a
/// parent's word. Returns how many rows changed (0 when it was no longer planned).
pub async fn cancel_by_parent(
    db: impl SqliteExecutor<'_>,
    appointment_id: i64,
    family_id: crate::cases::FamilyId,
    user_id: i64,
    reason: &str,
    now: i64,
) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE appointments SET status = 'cancelled', cancelled_by = 'parent', cancelled_by_user = ?1, \
         cancel_reason = ?2, cancelled_at = ?3, updated_at = ?3 \
         WHERE family_id = ?4 AND status = 'planned' AND starts_at > ?3 AND (id = ?5 OR related_visit_id = ?5)",
    )
    .bind(user_id)
    .bind(reason)
    .bind(now)
    .bind(family_id)
    .bind(appointment_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// The centre's phone number, for pages that tell people to call.
pub async fn centre_phone(db: impl SqliteExecutor<'_>) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT phone FROM centres ORDER BY id LIMIT 1").fetch_one(db).await
}
