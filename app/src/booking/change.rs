//! Moving, cancelling and recording the outcome of a booked appointment. Each runs in one
//! `BEGIN IMMEDIATE` transaction with its history row (who, when, what) and audit entry; a move is
//! checked like a new booking, against everything but itself. Parents see the new time at once.

use chrono::{NaiveDate, NaiveTime, Timelike, Utc};
use sqlx::SqlitePool;

use super::rules::{Occurrence, Repeat, Span};
use super::service::Blocked;
use super::{BookingInput, repo, service};
use crate::audit::{self, Entry};
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::time;
use crate::visits::{VisitId, present::cancelled_by_label};

pub const CANCELLED_BY: [&str; 5] = ["centre", "parent", "placement", "child", "caseworker"];

#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn move_visit(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: VisitId,
    date: NaiveDate,
    at: NaiveTime,
) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = repo::booked(&mut *tx, id.0).await?.ok_or(AppError::NotFound)?;
    if row.status != "planned" {
        return Err(AppError::Conflict("Kun planlagte aftaler kan flyttes.".into()));
    }
    let place_id = row.place_id.ok_or_else(|| AppError::Conflict("Aftalen har intet sted.".into()))?;
    let place = repo::place(&mut *tx, place_id).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now().timestamp();
    let start = time::at_local(date, at.hour(), at.minute()).timestamp();
    if start < now {
        return Err(AppError::invalid("date", "Vælg et tidspunkt, der ikke er passeret."));
    }
    let span = Span::new(start, start + (row.ends_at - row.starts_at));
    let mut staff = Vec::new();
    for uid in repo::staff_of(&mut *tx, id.0).await? {
        staff.extend(repo::staff_member(&mut *tx, uid).await?);
    }
    let input = BookingInput {
        family_id: row.family_id,
        place_id,
        staff_ids: staff.iter().map(|s| s.user_id).collect(),
        date,
        at,
        minutes: (span.end - span.start) / 60,
        buffer_before_min: row.buffer_before_min,
        buffer_after_min: row.buffer_after_min,
        repeat: Repeat::Once,
        until: date,
    };
    let (_, cases, visit_type) = service::children(&mut tx, row.family_id).await?;
    let occ = Occurrence { date, span, moved: true };
    match service::check_occurrence(&mut tx, &input, id.0, &place.name, &staff, &cases, &visit_type, &occ).await? {
        None => {}
        Some(Blocked::Case(why)) => return Err(AppError::Conflict(why)),
        Some(Blocked::Unavailable(name)) => {
            return Err(AppError::Conflict(format!("{name} har ikke meldt sig til rådighed.")));
        }
        Some(Blocked::Collides(what)) => return Err(AppError::Conflict(format!("Kan ikke flyttes: {what}."))),
    }
    repo::move_to(&mut *tx, id.0, span.start, span.end, now).await?;
    let detail = format!(
        "Flyttet fra {} til {}",
        time::long(time::from_unix(row.starts_at)),
        time::long(time::from_unix(span.start))
    );
    repo::record_change(&mut *tx, id.0, user.id.0, "move", &detail, now).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "move", "appointment", Some(id.0)).family(row.family_id))
        .await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn cancel_visit(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: VisitId,
    by: &str,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if !CANCELLED_BY.contains(&by) {
        return Err(AppError::invalid("by", "Vælg, hvem der aflyser."));
    }
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::invalid("reason", "Skriv en kort grund (højst 500 tegn)."));
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = repo::booked(&mut *tx, id.0).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now().timestamp();
    if repo::cancel(&mut *tx, id.0, by, user.id.0, reason, now).await? == 0 {
        return Err(AppError::Conflict("Kun planlagte aftaler kan aflyses.".into()));
    }
    let detail = format!("{}: {reason}", cancelled_by_label(crate::i18n::Lang::Da, Some(by)));
    repo::record_change(&mut *tx, id.0, user.id.0, "cancel", &detail, now).await?;
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "cancel", "appointment", Some(id.0)).family(row.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Held or no-show, once the appointment has begun. An hourly consultant only for their own.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn record_outcome(pool: &SqlitePool, user: &CurrentUser, id: VisitId, outcome: &str) -> Result<(), AppError> {
    if !matches!(outcome, "held" | "no_show") {
        return Err(AppError::invalid("outcome", "Vælg afholdt eller udeblevet."));
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = repo::booked(&mut *tx, id.0).await?.ok_or(AppError::NotFound)?;
    let hourly = user.role == Role::Consultant && crate::staff::repo::is_hourly(&mut *tx, user.id.0).await?;
    if hourly && !repo::staff_of(&mut *tx, id.0).await?.contains(&user.id.0) {
        return Err(AppError::NotFound);
    }
    let now = Utc::now().timestamp();
    if now < row.starts_at {
        return Err(AppError::invalid("outcome", "Udfaldet kan først registreres, når aftalen er begyndt."));
    }
    if repo::set_outcome(&mut *tx, id.0, outcome, now).await? == 0 {
        return Err(AppError::Conflict("En aflyst aftale har intet udfald.".into()));
    }
    let detail = if outcome == "held" { "Afholdt" } else { "Udeblevet" };
    repo::record_change(&mut *tx, id.0, user.id.0, outcome, detail, now).await?;
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "update", "appointment", Some(id.0)).family(row.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The history as lines: "mandag 23. november kl. 15.02 · Lene Friis · Flyttet fra … til …".
pub async fn history(pool: &SqlitePool, id: VisitId) -> Result<Vec<String>, AppError> {
    Ok(repo::history(pool, id.0)
        .await?
        .into_iter()
        .map(|(at, who, _, detail)| format!("{} · {who} · {detail}", time::long(time::from_unix(at))))
        .collect())
}
