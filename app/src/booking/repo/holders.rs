//! What holds a place, a consultant or a child around a time, with its buffers, and consultants'
//! availability: the queries the conflict check runs inside the booking's transaction.

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
