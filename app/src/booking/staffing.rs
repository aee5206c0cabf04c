//! Staffing: hourly consultants say when they can work (permanent ones are available whenever the
//! places are open), the coordinator staffs visits that have no consultant, and nobody is put on
//! two things at once or outside their availability.

use chrono::{NaiveDate, NaiveTime, Timelike, Utc};
use sqlx::SqlitePool;

use super::repo;
use super::rules::{Span, first_collision};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::time;
use crate::visits::{Status, VisitId, VisitSummary, present, repo as visits_repo};

/// Adds a stretch of availability on one day for the signed-in consultant.
pub async fn add_availability(
    pool: &SqlitePool,
    user: &CurrentUser,
    date: NaiveDate,
    from: NaiveTime,
    to: NaiveTime,
) -> Result<(), AppError> {
    if !user.is_hourly() {
        return Err(AppError::invalid(
            "date",
            "Faste konsulenter er til rådighed i stedernes åbningstid; kun timelønnede melder tid.",
        ));
    }
    if to <= from {
        return Err(AppError::invalid("to", "Sluttidspunktet skal ligge efter starttidspunktet."));
    }
    let start = time::at_local(date, from.hour(), from.minute()).timestamp();
    let end = time::at_local(date, to.hour(), to.minute()).timestamp();
    if end < Utc::now().timestamp() {
        return Err(AppError::invalid("date", "Tidspunktet er passeret."));
    }
    let mut tx = pool.begin().await?;
    let id = repo::add_availability(&mut *tx, user.id.0, start, end).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "create", "staff_availability", Some(id))).await?;
    tx.commit().await?;
    Ok(())
}

/// Puts a consultant on a visit or meeting and its linked guidance talks: free for the whole block
/// (talks and buffers counted) and, if hourly, available for all of it. A consultant of another
/// centre is not found.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0, staff_id = staff_id.0))]
pub async fn staff_visit(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: VisitId,
    staff_id: crate::staff::StaffId,
) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = repo::booked(&mut *tx, id.0, user.id.0).await?.ok_or(AppError::NotFound)?;
    if row.status != Status::Planned {
        return Err(AppError::Conflict("Kun planlagte aftaler kan bemandes.".into()));
    }
    if row.related_visit_id.is_some() {
        return Err(AppError::Conflict("En vejledning bemandes sammen med sit samvær.".into()));
    }
    let person = repo::staff_member(&mut *tx, staff_id)
        .await?
        .filter(|p| p.centre_id == row.centre_id)
        .ok_or_else(|| AppError::invalid("staff_id", "Den valgte konsulent findes ikke."))?;
    if repo::staff_of(&mut *tx, id.0).await?.contains(&staff_id) {
        return Err(AppError::Conflict(format!("{} er allerede på aftalen.", person.full_name)));
    }
    let talks = repo::linked(&mut *tx, id.0).await?;
    let parts: Vec<&repo::BookedRow> = std::iter::once(&row).chain(talks.iter()).collect();
    let block = Span::new(
        parts.iter().map(|r| r.starts_at).min().unwrap_or(row.starts_at),
        parts.iter().map(|r| r.ends_at).max().unwrap_or(row.ends_at),
    );
    if person.employment.is_hourly() && !super::check::available(&mut tx, staff_id, block).await? {
        return Err(AppError::Conflict(format!(
            "{} har ikke meldt sig til rådighed på det tidspunkt.",
            person.full_name
        )));
    }
    let held = |r: &repo::BookedRow| {
        Span::new(r.starts_at, r.ends_at).with_buffers(r.buffer_before_min * 60, r.buffer_after_min * 60)
    };
    let wanted: Vec<Span> = parts.iter().map(|r| held(r)).collect();
    let (from, to) = (
        wanted.iter().map(|s| s.start).min().unwrap_or(block.start),
        wanted.iter().map(|s| s.end).max().unwrap_or(block.end),
    );
    let busy = super::check::busy(
        &repo::staff_holders(&mut *tx, staff_id, from, to, Some(id.0)).await?,
        &person.full_name,
        true,
    );
    if let Some(b) = wanted.iter().find_map(|w| first_collision(*w, &busy)) {
        return Err(AppError::Conflict(format!("Kan ikke bemandes: {}.", b.what)));
    }
    let now = Utc::now().timestamp();
    for part in &parts {
        repo::add_staff(&mut *tx, part.id, staff_id).await?;
        repo::record_change(&mut *tx, part.id, user.id.0, "staff", &format!("Bemandet med {}", person.full_name), now)
            .await?;
    }
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "staff", "appointment", Some(id.0)).family(row.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a consultant off a planned visit or meeting and its guidance talks, with a history row.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0, staff_id = staff_id.0))]
pub async fn unstaff_visit(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: VisitId,
    staff_id: crate::staff::StaffId,
) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = repo::booked(&mut *tx, id.0, user.id.0).await?.ok_or(AppError::NotFound)?;
    if row.status != Status::Planned || row.related_visit_id.is_some() {
        return Err(AppError::Conflict("Kun planlagte aftaler kan ændres (en vejledning følger sit samvær).".into()));
    }
    if !repo::staff_of(&mut *tx, id.0).await?.contains(&staff_id) {
        return Err(AppError::invalid("staff_id", "Konsulenten er ikke på aftalen."));
    }
    let name = crate::auth::repo::find_by_id(&mut *tx, staff_id.0).await?.map(|u| u.full_name).unwrap_or_default();
    let now = Utc::now().timestamp();
    for part in std::iter::once(id.0).chain(repo::linked(&mut *tx, id.0).await?.iter().map(|t| t.id)) {
        repo::remove_staff(&mut *tx, part, staff_id).await?;
        repo::record_change(&mut *tx, part, user.id.0, "staff", &format!("{name} taget af aftalen"), now).await?;
    }
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "unstaff", "appointment", Some(id.0)).family(row.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The centre's coming visits and meetings without a consultant, the next `days` days.
pub async fn unstaffed(pool: &SqlitePool, user: &CurrentUser, days: i64) -> Result<Vec<VisitSummary>, AppError> {
    let now = Utc::now().timestamp();
    let centre = user.centre();
    let ids = repo::unstaffed(pool, centre, now, now + days * 86_400).await?;
    // What parents said about these visits shows in their rows, as on the overview.
    let notices = visits_repo::notices_in_range(pool, centre, now - 86_400, now + days * 86_400).await?;
    let mut out = Vec::new();
    let mut families = Vec::new();
    for id in ids {
        if let Some(row) = visits_repo::one(pool, id).await? {
            families.push(row.family_id);
            out.push(present::staff_row(&row, &notices));
        }
    }
    let entry = Entry::new(Some(user.id.0), "read", "unstaffed", None).families(families);
    audit::read(pool, entry).await?;
    Ok(out)
}

/// The signed-in consultant's own coming shifts, the next `days` days.
pub async fn my_shifts(pool: &SqlitePool, user: &CurrentUser, days: i64) -> Result<Vec<VisitSummary>, AppError> {
    let now = Utc::now().timestamp();
    let centre = user.centre();
    let rows = visits_repo::in_range(pool, centre, now, now + days * 86_400, Some(user.id.0)).await?;
    let notices = visits_repo::notices_in_range(pool, centre, now - 86_400, now + days * 86_400).await?;
    let entry = Entry::new(Some(user.id.0), "read", "shifts", None).families(rows.iter().map(|r| r.family_id));
    audit::read(pool, entry).await?;
    Ok(rows.iter().filter(|r| r.status == Status::Planned).map(|r| present::staff_row(r, &notices)).collect())
}

/// The consultant's own availability the next `days` days, written out; None for a permanent
/// consultant, who is available whenever the places are open.
pub async fn my_availability(
    pool: &SqlitePool,
    user: &CurrentUser,
    days: i64,
) -> Result<Option<Vec<String>>, AppError> {
    if !user.is_hourly() {
        return Ok(None);
    }
    let now = Utc::now().timestamp();
    Ok(Some(
        repo::availability(pool, user.staff_id(), now, now + days * 86_400)
            .await?
            .into_iter()
            .map(|(s, e)| {
                let (s, e) = (crate::time::from_unix(s), crate::time::from_unix(e));
                format!(
                    "{} {}",
                    crate::time::day(crate::time::local(s).date_naive()),
                    crate::time::span_in(crate::i18n::Lang::Da, s, e)
                )
            })
            .collect(),
    ))
}
