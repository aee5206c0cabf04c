//! Inserts and updates for booking, one statement per function.

use sqlx::SqliteExecutor;

pub struct NewAppointment {
    pub centre_id: i64,
    pub family_id: crate::cases::FamilyId,
    pub kind: crate::visits::Kind,
    pub visit_type: Option<crate::visits::VisitType>,
    pub place_id: crate::setup::PlaceId,
    pub starts_at: i64,
    pub ends_at: i64,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
    pub series_id: Option<i64>,
    pub related_visit_id: Option<i64>,
    pub created_by: i64,
    pub now: i64,
}

pub async fn insert(db: impl SqliteExecutor<'_>, a: &NewAppointment) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO appointments (centre_id, family_id, kind, visit_type, place_id, starts_at, ends_at, \
         buffer_before_min, buffer_after_min, series_id, related_visit_id, created_by, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(a.centre_id)
    .bind(a.family_id)
    .bind(a.kind)
    .bind(a.visit_type)
    .bind(a.place_id)
    .bind(a.starts_at)
    .bind(a.ends_at)
    .bind(a.buffer_before_min)
    .bind(a.buffer_after_min)
    .bind(a.series_id)
    .bind(a.related_visit_id)
    .bind(a.created_by)
    .bind(a.now)
    .bind(a.now)
    .fetch_one(db)
    .await
}

pub async fn set_series(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE appointments SET series_id = id WHERE id = ?").bind(id).execute(db).await?;
    Ok(())
}

pub async fn add_staff(
    db: impl SqliteExecutor<'_>,
    appointment_id: i64,
    user_id: crate::staff::StaffId,
) -> sqlx::Result<()> {
    sqlx::query("INSERT OR IGNORE INTO appointment_staff (appointment_id, user_id) VALUES (?, ?)")
        .bind(appointment_id)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn remove_staff(
    db: impl SqliteExecutor<'_>,
    appointment_id: i64,
    user_id: crate::staff::StaffId,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM appointment_staff WHERE appointment_id = ? AND user_id = ?")
        .bind(appointment_id)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn add_child(db: impl SqliteExecutor<'_>, appointment_id: i64, child_id: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO appointment_children (appointment_id, child_id) VALUES (?, ?)")
        .bind(appointment_id)
        .bind(child_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn move_to(db: impl SqliteExecutor<'_>, id: i64, starts_at: i64, ends_at: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE appointments SET moved_from_starts_at = starts_at, starts_at = ?, ends_at = ?, updated_at = ? WHERE id = ?",
    )
    .bind(starts_at)
    .bind(ends_at)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_place(db: impl SqliteExecutor<'_>, id: i64, place_id: crate::setup::PlaceId) -> sqlx::Result<()> {
    sqlx::query("UPDATE appointments SET place_id = ? WHERE id = ?").bind(place_id).bind(id).execute(db).await?;
    Ok(())
}

pub async fn cancel(
    db: impl SqliteExecutor<'_>,
    id: i64,
    by: crate::visits::CancelledBy,
    user_id: i64,
    reason: &str,
    now: i64,
) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE appointments SET status = 'cancelled', cancelled_by = ?, cancelled_by_user = ?, cancel_reason = ?, \
         cancelled_at = ?, updated_at = ? WHERE id = ? AND status = 'planned'",
    )
    .bind(by)
    .bind(user_id)
    .bind(reason)
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

pub async fn set_outcome(db: impl SqliteExecutor<'_>, id: i64, status: &str, now: i64) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE appointments SET status = ?, updated_at = ? WHERE id = ? AND status IN ('planned', 'held', 'no_show')",
    )
    .bind(status)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

pub async fn record_change(
    db: impl SqliteExecutor<'_>,
    id: i64,
    user_id: i64,
    action: &str,
    detail: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO appointment_changes (appointment_id, at, user_id, action, detail) VALUES (?, ?, ?, ?, ?)")
        .bind(id)
        .bind(now)
        .bind(user_id)
        .bind(action)
        .bind(detail)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn add_availability(db: impl SqliteExecutor<'_>, user_id: i64, from: i64, to: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("INSERT INTO staff_availability (user_id, starts_at, ends_at) VALUES (?, ?, ?) RETURNING id")
        .bind(user_id)
        .bind(from)
        .bind(to)
        .fetch_one(db)
        .await
}
