//! "This and following": moving or ending a stored series from one occurrence on. All of it in one
//! `BEGIN IMMEDIATE` transaction: every moved occurrence is checked like a new booking, and one
//! refusal leaves the whole series as it was.

use chrono::Days;
use sqlx::SqlitePool;

use super::change::{MoveTo, cancel_one, cancel_reason, relocate};
use super::repo;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::time;
use crate::visits::{Status, VisitId};

/// The occurrence and the later planned ones of its series (just itself outside a series).
async fn this_and_following(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    user: &CurrentUser,
    id: VisitId,
) -> Result<Vec<repo::BookedRow>, AppError> {
    let row = repo::booked(&mut **tx, id.0, user.id.0).await?.ok_or(AppError::NotFound)?;
    if row.status != Status::Planned || row.related_visit_id.is_some() {
        return Err(AppError::Conflict("Kun planlagte aftaler i en serie kan ændres herfra.".into()));
    }
    match row.series_id {
        Some(series) => Ok(repo::series_from(&mut **tx, series, row.starts_at).await?),
        None => Ok(vec![row]),
    }
}

/// Moves this occurrence to `to` (date, time, and place and length if given), and every later one
/// by the same number of days to the same local time, place and length. Returns how many moved.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn move_following(pool: &SqlitePool, user: &CurrentUser, id: VisitId, to: MoveTo) -> Result<usize, AppError> {
    let date = to.date;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let rows = this_and_following(&mut tx, user, id).await?;
    let first_date = rows.first().map(|r| time::local(time::from_unix(r.starts_at)).date_naive()).unwrap_or(date);
    let shift = date.signed_duration_since(first_date).num_days();
    let mut plan = Vec::new();
    for r in &rows {
        let old = time::local(time::from_unix(r.starts_at)).date_naive();
        let new = if shift >= 0 {
            old.checked_add_days(Days::new(shift.unsigned_abs()))
        } else {
            old.checked_sub_days(Days::new(shift.unsigned_abs()))
        };
        plan.push((r, new.ok_or_else(|| AppError::invalid("date", "Datoen er uden for kalenderen."))?));
    }
    // Later first when moving later (and earlier first when moving earlier), so an occurrence never
    // meets its own series' old time.
    if shift > 0 {
        plan.reverse();
    }
    for (row, new_date) in &plan {
        relocate(&mut tx, user, row, MoveTo { date: *new_date, ..to }, "Serien flyttet").await?;
    }
    tx.commit().await?;
    Ok(plan.len())
}

/// Cancels this occurrence and every later one of its series (the series ends here).
#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn cancel_following(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: VisitId,
    by: &str,
    reason: &str,
) -> Result<usize, AppError> {
    let (by, reason) = cancel_reason(by, reason)?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let rows = this_and_following(&mut tx, user, id).await?;
    for row in &rows {
        cancel_one(&mut tx, user, row, by, reason).await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}
