//! SQL for booking: reads here (the conflict queries take the transaction the booking is written
//! in), inserts and updates in `write.rs`.

pub mod board;
mod write;
pub use write::*;

use sqlx::{FromRow, SqliteExecutor};

/// An appointment holding a place, a consultant or a child, with its buffers.
#[derive(Debug, FromRow)]
pub struct HolderRow {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
    pub family_code: String,
    pub place_name: Option<String>,
}

/// What a holder row shows.
const HOLDER_COLUMNS: &str = "SELECT DISTINCT a.id, a.starts_at, a.ends_at, a.buffer_before_min, a.buffer_after_min, \
    f.code AS family_code, p.name AS place_name";

/// The time test for holders of [?1, ?2), other than appointment ?4 and the guidance talks linked
/// to it. No appointment is longer than 8 hours and no buffer longer than 2 hours, so the first
/// two conditions are implied by the next two; they let SQLite walk the (…, starts_at) indexes
/// instead of the whole table.
const HOLDER_TIME: &str = "a.status <> 'cancelled' AND a.starts_at > ?1 - 43200 AND a.starts_at < ?2 + 7200 \
    AND a.starts_at - a.buffer_before_min * 60 < ?2 AND a.ends_at + a.buffer_after_min * 60 > ?1 \
    AND a.id <> ?4 AND (a.related_visit_id IS NULL OR a.related_visit_id <> ?4)";

async fn holders(
    db: impl SqliteExecutor<'_>,
    sql: String,
    id: i64,
    from: i64,
    to: i64,
    except: i64,
) -> sqlx::Result<Vec<HolderRow>> {
    sqlx::query_as(&sql).bind(from).bind(to).bind(id).bind(except).fetch_all(db).await
}

/// What holds `place_id` in [from, to) (buffers counted on both sides by the caller's span), other
/// than the appointment `except` (0: none) and its linked guidance talks, which are being moved.
pub async fn place_holders(
    db: impl SqliteExecutor<'_>,
    place_id: i64,
    from: i64,
    to: i64,
    except: i64,
) -> sqlx::Result<Vec<HolderRow>> {
    let sql = format!(
        "{HOLDER_COLUMNS} FROM appointments a JOIN families f ON f.id = a.family_id \
         LEFT JOIN places p ON p.id = a.place_id WHERE a.place_id = ?3 AND {HOLDER_TIME} ORDER BY a.starts_at"
    );
    holders(db, sql, place_id, from, to, except).await
}

pub async fn staff_holders(
    db: impl SqliteExecutor<'_>,
    user_id: i64,
    from: i64,
    to: i64,
    except: i64,
) -> sqlx::Result<Vec<HolderRow>> {
    let sql = format!(
        "{HOLDER_COLUMNS} FROM appointment_staff s JOIN appointments a ON a.id = s.appointment_id \
         JOIN families f ON f.id = a.family_id LEFT JOIN places p ON p.id = a.place_id \
         WHERE s.user_id = ?3 AND {HOLDER_TIME} ORDER BY a.starts_at"
    );
    holders(db, sql, user_id, from, to, except).await
}

/// Appointments holding any child of `family_id` (siblings are booked together).
pub async fn children_holders(
    db: impl SqliteExecutor<'_>,
    family_id: i64,
    from: i64,
    to: i64,
    except: i64,
) -> sqlx::Result<Vec<HolderRow>> {
    let sql = format!(
        "{HOLDER_COLUMNS} FROM children ch JOIN appointment_children ac ON ac.child_id = ch.id \
         JOIN appointments a ON a.id = ac.appointment_id JOIN families f ON f.id = a.family_id \
         LEFT JOIN places p ON p.id = a.place_id WHERE ch.family_id = ?3 AND {HOLDER_TIME} ORDER BY a.starts_at"
    );
    holders(db, sql, family_id, from, to, except).await
}

/// Does one availability entry of `user_id` cover [from, to)?
pub async fn available(db: impl SqliteExecutor<'_>, user_id: i64, from: i64, to: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM staff_availability WHERE user_id = ? AND starts_at <= ? AND ends_at >= ?",
    )
    .bind(user_id)
    .bind(from)
    .bind(to)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

#[derive(Debug, FromRow)]
pub struct StaffRow {
    pub user_id: i64,
    pub full_name: String,
    pub employment: String,
}

pub async fn staff_member(db: impl SqliteExecutor<'_>, user_id: i64) -> sqlx::Result<Option<StaffRow>> {
    sqlx::query_as(
        "SELECT s.user_id, u.full_name, s.employment FROM staff s JOIN users u ON u.id = s.user_id \
         WHERE s.user_id = ? AND u.active = 1 AND u.role = 'consultant'",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await
}

#[derive(Debug, FromRow)]
pub struct PlaceRow {
    pub id: i64,
    pub centre_id: i64,
    pub name: String,
}

pub async fn place(db: impl SqliteExecutor<'_>, place_id: i64) -> sqlx::Result<Option<PlaceRow>> {
    sqlx::query_as("SELECT id, centre_id, name FROM places WHERE id = ? AND active = 1")
        .bind(place_id)
        .fetch_optional(db)
        .await
}

/// A child of the family with its case: what the consent and decision rules need.
#[derive(Debug, FromRow)]
pub struct ChildCaseRow {
    pub child_id: i64,
    pub first_name: String,
    pub birth_date: String,
    pub case_id: i64,
    pub visit_type: String,
    pub decision_from: String,
    pub decision_to: String,
    pub status: String,
}

pub async fn family_children(db: impl SqliteExecutor<'_>, family_id: i64) -> sqlx::Result<Vec<ChildCaseRow>> {
    sqlx::query_as(
        "SELECT ch.id AS child_id, ch.first_name, ch.birth_date, k.id AS case_id, k.visit_type, k.decision_from, \
         k.decision_to, k.status FROM children ch JOIN cases k ON k.child_id = ch.id \
         WHERE ch.family_id = ? AND k.status <> 'closed' ORDER BY ch.birth_date",
    )
    .bind(family_id)
    .fetch_all(db)
    .await
}

/// (kind, valid_from, valid_to) of a case's § 105 decisions.
pub async fn decisions(db: impl SqliteExecutor<'_>, case_id: i64) -> sqlx::Result<Vec<(String, String, String)>> {
    sqlx::query_as("SELECT kind, valid_from, valid_to FROM case_decisions WHERE case_id = ?")
        .bind(case_id)
        .fetch_all(db)
        .await
}

/// Consents for a case: (person_id or NULL for the young person, given_on, withdrawn_on).
pub async fn consents(
    db: impl SqliteExecutor<'_>,
    case_id: i64,
) -> sqlx::Result<Vec<(Option<i64>, String, Option<String>)>> {
    sqlx::query_as("SELECT person_id, given_on, withdrawn_on FROM consents WHERE case_id = ?")
        .bind(case_id)
        .fetch_all(db)
        .await
}

/// The persons holding custody of a child.
pub async fn custody_holders(db: impl SqliteExecutor<'_>, child_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT person_id FROM child_relations WHERE child_id = ? AND custody_holder = 1")
        .bind(child_id)
        .fetch_all(db)
        .await
}

/// (ISO weekday, opens 'HH:MM', closes 'HH:MM', valid_from, valid_to) of a place.
pub async fn opening_hours(
    db: impl SqliteExecutor<'_>,
    place_id: i64,
) -> sqlx::Result<Vec<(i64, String, String, Option<String>, Option<String>)>> {
    sqlx::query_as("SELECT weekday, opens, closes, valid_from, valid_to FROM place_opening_hours WHERE place_id = ?")
        .bind(place_id)
        .fetch_all(db)
        .await
}

/// A consultant's availability overlapping [from, to).
pub async fn availability(
    db: impl SqliteExecutor<'_>,
    user_id: i64,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(
        "SELECT starts_at, ends_at FROM staff_availability WHERE user_id = ? AND starts_at < ? AND ends_at > ? ORDER BY starts_at",
    )
    .bind(user_id)
    .bind(to)
    .bind(from)
    .fetch_all(db)
    .await
}

#[derive(Debug, FromRow)]
pub struct BookedRow {
    pub id: i64,
    pub family_id: i64,
    pub place_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: String,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
    pub kind: String,
    pub series_id: Option<i64>,
    pub related_visit_id: Option<i64>,
}

const BOOKED: &str = "SELECT id, family_id, place_id, starts_at, ends_at, status, buffer_before_min, buffer_after_min, \
    kind, series_id, related_visit_id FROM appointments";

/// An appointment of the centre `user_id` works at; another centre's is not found.
pub async fn booked(db: impl SqliteExecutor<'_>, id: i64, user_id: i64) -> sqlx::Result<Option<BookedRow>> {
    sqlx::query_as(&format!(
        "{BOOKED} WHERE id = ? AND centre_id = coalesce((SELECT centre_id FROM staff WHERE user_id = ?), \
         (SELECT min(id) FROM centres))"
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// The planned guidance talks linked to a visit.
pub async fn linked(db: impl SqliteExecutor<'_>, visit_id: i64) -> sqlx::Result<Vec<BookedRow>> {
    sqlx::query_as(&format!("{BOOKED} WHERE related_visit_id = ? AND status = 'planned' ORDER BY starts_at"))
        .bind(visit_id)
        .fetch_all(db)
        .await
}

/// The planned occurrences of a series from `from` on ("this and following").
pub async fn series_from(db: impl SqliteExecutor<'_>, series_id: i64, from: i64) -> sqlx::Result<Vec<BookedRow>> {
    sqlx::query_as(&format!(
        "{BOOKED} WHERE series_id = ? AND starts_at >= ? AND status = 'planned' AND kind <> 'guidance_before' \
         AND kind <> 'guidance_after' ORDER BY starts_at"
    ))
    .bind(series_id)
    .bind(from)
    .fetch_all(db)
    .await
}

pub async fn staff_of(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT user_id FROM appointment_staff WHERE appointment_id = ?").bind(id).fetch_all(db).await
}

/// The history of an appointment: (at, who, action, detail), oldest first.
pub async fn history(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Vec<(i64, String, String, String)>> {
    sqlx::query_as(
        "SELECT c.at, u.full_name, c.action, c.detail FROM appointment_changes c JOIN users u ON u.id = c.user_id \
         WHERE c.appointment_id = ? ORDER BY c.at, c.id",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

/// Planned appointments in [from, to) without any consultant.
pub async fn unstaffed(db: impl SqliteExecutor<'_>, from: i64, to: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT a.id FROM appointments a WHERE a.status = 'planned' AND a.starts_at >= ? AND a.starts_at < ? \
         AND NOT EXISTS (SELECT 1 FROM appointment_staff s WHERE s.appointment_id = a.id) ORDER BY a.starts_at",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await
}

/// The centre's active places: (id, name).
pub async fn active_places(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT id, name FROM places WHERE active = 1 ORDER BY kind = 'extra', id").fetch_all(db).await
}

/// Active consultants: (user id, name, employment).
pub async fn consultants(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as(
        "SELECT u.id, u.full_name, s.employment FROM users u JOIN staff s ON s.user_id = u.id \
         WHERE u.active = 1 AND u.role = 'consultant' ORDER BY s.employment = 'hourly', u.full_name",
    )
    .fetch_all(db)
    .await
}

/// Appointments (not cancelled) starting in [from, to): (place, start, end, number of consultants).
pub async fn load_in_window(
    db: impl SqliteExecutor<'_>,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<(Option<i64>, i64, i64, i64)>> {
    sqlx::query_as(
        "SELECT a.place_id, a.starts_at, a.ends_at, (SELECT COUNT(*) FROM appointment_staff s WHERE s.appointment_id = a.id) \
         FROM appointments a WHERE a.status <> 'cancelled' AND a.starts_at >= ? AND a.starts_at < ?",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await
}
