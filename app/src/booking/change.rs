//! Moving, cancelling and recording the outcome of a booked appointment. Each runs in one
//! `BEGIN IMMEDIATE` transaction with its history row (who, when, what) and audit entry; a move is
//! checked like a new booking, against everything but itself. Parents see the new time at once.

use chrono::{NaiveDate, NaiveTime, Timelike, Utc};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::rules::{Occurrence, Repeat, Span};
use super::{BookingInput, check, repo, service};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::descriptions::rules::Outcome;
use crate::error::AppError;
use crate::time;
use crate::visits::{CancelledBy, Kind, Status, VisitId};

/// Where and when an appointment goes: a new local date and time, and optionally another place
/// and another length (the guidance talks keep theirs).
#[derive(Debug, Clone, Copy)]
pub struct MoveTo {
    pub date: NaiveDate,
    pub at: NaiveTime,
    pub place_id: Option<crate::setup::PlaceId>,
    pub minutes: Option<i64>,
}

impl MoveTo {
    /// From the form: no `place_id` or `minutes` keeps what the appointment has.
    pub fn new(
        date: NaiveDate,
        at: NaiveTime,
        place_id: Option<crate::setup::PlaceId>,
        minutes: Option<i64>,
    ) -> Result<Self, AppError> {
        if minutes.is_some_and(|m| !(15..=480).contains(&m)) {
            return Err(AppError::invalid("minutes", "En aftale varer mellem 15 minutter og 8 timer."));
        }
        Ok(MoveTo { date, at, place_id, minutes })
    }
}

/// Moves a planned appointment (with its linked guidance talks) to a new date and local time, and
/// to another place or length when given.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn move_visit(pool: &SqlitePool, user: &CurrentUser, id: VisitId, to: MoveTo) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = repo::booked(&mut *tx, id.0, user.id.0).await?.ok_or(AppError::NotFound)?;
    if row.status != Status::Planned || row.related_visit_id.is_some() {
        return Err(AppError::Conflict(
            "Kun planlagte aftaler kan flyttes (en vejledning flytter med sit samvær).".into(),
        ));
    }
    relocate(&mut tx, user, &row, to, "Flyttet").await?;
    tx.commit().await?;
    Ok(())
}

/// Moves one stored appointment and its linked talks inside the caller's transaction: checked like
/// a new booking against everything but itself, with a history row and an audit entry.
pub(super) async fn relocate(
    tx: &mut Transaction<'_, Sqlite>,
    user: &CurrentUser,
    row: &repo::BookedRow,
    to: MoveTo,
    what: &str,
) -> Result<(), AppError> {
    let MoveTo { date, at, place_id, minutes } = to;
    let place_id = place_id.or(row.place_id).ok_or_else(|| AppError::Conflict("Aftalen har intet sted.".into()))?;
    let now = Utc::now().timestamp();
    let start = time::at_local(date, at.hour(), at.minute()).timestamp();
    let length = minutes.map_or(row.ends_at - row.starts_at, |m| m * 60);
    let span = Span::new(start, start + length);
    let staff_ids = repo::staff_of(&mut **tx, row.id).await?;
    let talks = repo::linked(&mut **tx, row.id).await?;
    let talk = |kind: Kind| talks.iter().find(|t| t.kind == kind);
    let talk_minutes = |t: Option<&repo::BookedRow>| t.map_or(0, |t| (t.ends_at - t.starts_at) / 60);
    let input = BookingInput {
        family_id: row.family_id,
        place_id,
        staff_ids,
        kind: row.kind,
        date,
        at,
        minutes: (span.end - span.start) / 60,
        guidance_before_min: talk_minutes(talk(Kind::GuidanceBefore)),
        guidance_after_min: talk_minutes(talk(Kind::GuidanceAfter)),
        buffer_before_min: talk(Kind::GuidanceBefore).map_or(row.buffer_before_min, |t| t.buffer_before_min),
        buffer_after_min: talk(Kind::GuidanceAfter).map_or(row.buffer_after_min, |t| t.buffer_after_min),
        repeat: Repeat::Once,
        until: date,
        skip: Vec::new(),
    };
    // Everything the check needs, and what holds the place, the consultants and the children at
    // the new time, in one statement.
    let whose = check::whose(&input, &input.staff_ids, Some(row.id));
    let (mut parts, around) = repo::read(&mut **tx, &whose, &[check::window(&input, span)], row.centre_id).await?;
    let place = service::bookable_place(&mut parts, row.centre_id)?;
    if start - input.guidance_before_min * 60 < now {
        return Err(AppError::invalid("date", "Vælg et tidspunkt, der ikke er passeret."));
    }
    let (_, cases, visit_type) = service::cases_of(parts.children()?)?;
    // Consultants who have since left are not held to the new time.
    let staff = std::mem::take(&mut parts.staff);
    let occ = Occurrence { date, span, moved: true };
    let ck = check::Check {
        input: &input,
        except: Some(row.id),
        place_name: &place.name,
        hours: &parts.hours,
        staff: &staff,
        cases: &cases,
        visit_type,
    };
    if let Some(blocked) = check::check_occurrence(&ck, &around, 0, &occ) {
        return Err(super::suggest::refuse(tx, &ck, &occ, blocked, "flyttes").await?);
    }
    // The talk before keeps its place right before the visit, the one after right after it.
    repo::move_to(&mut **tx, row.id, span.start, span.end, now).await?;
    repo::set_place(&mut **tx, row.id, place.id).await?;
    for t in &talks {
        let (from, until) = if t.kind == Kind::GuidanceBefore {
            (t.starts_at - row.starts_at + span.start, t.ends_at - row.starts_at + span.start)
        } else {
            (t.starts_at - row.ends_at + span.end, t.ends_at - row.ends_at + span.end)
        };
        repo::move_to(&mut **tx, t.id, from, until, now).await?;
        repo::set_place(&mut **tx, t.id, place.id).await?;
    }
    let mut detail = format!(
        "{what} fra {} til {}",
        time::long(time::from_unix(row.starts_at)),
        time::long(time::from_unix(span.start))
    );
    if Some(place.id) != row.place_id {
        detail.push_str(&format!(" i {}", place.name));
    }
    if length != row.ends_at - row.starts_at {
        detail.push_str(&format!(", nu {} min.", length / 60));
    }
    repo::record_change(&mut **tx, row.id, user.id.0, "move", &detail, now).await?;
    audit::repo::insert(
        &mut **tx,
        Entry::new(Some(user.id.0), "move", "appointment", Some(row.id)).family(row.family_id),
    )
    .await?;
    Ok(())
}

/// Who cancels (the form's choice) and a short reason, trimmed.
pub(super) fn cancel_reason<'a>(by: &str, reason: &'a str) -> Result<(CancelledBy, &'a str), AppError> {
    let reason = reason.trim();
    let by = CancelledBy::parse(by).ok_or_else(|| AppError::invalid("by", "Vælg, hvem der aflyser."))?;
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::invalid("reason", "Skriv en kort grund (højst 500 tegn)."));
    }
    Ok((by, reason))
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn cancel_visit(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: VisitId,
    by: &str,
    reason: &str,
) -> Result<(), AppError> {
    let (by, reason) = cancel_reason(by, reason)?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = repo::booked(&mut *tx, id.0, user.id.0).await?.ok_or(AppError::NotFound)?;
    if row.status != Status::Planned {
        return Err(AppError::Conflict("Kun planlagte aftaler kan aflyses.".into()));
    }
    cancel_one(&mut tx, user, &row, by, reason).await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels one planned appointment and its linked talks inside the caller's transaction.
pub(crate) async fn cancel_one(
    tx: &mut Transaction<'_, Sqlite>,
    user: &CurrentUser,
    row: &repo::BookedRow,
    by: CancelledBy,
    reason: &str,
) -> Result<(), AppError> {
    let now = Utc::now().timestamp();
    let detail = format!("{}: {reason}", by.label_in(crate::i18n::Lang::Da));
    let talks = repo::linked(&mut **tx, row.id).await?;
    for r in std::iter::once(row).chain(talks.iter()) {
        repo::cancel(&mut **tx, r.id, by, user.id.0, reason, now).await?;
        repo::record_change(&mut **tx, r.id, user.id.0, "cancel", &detail, now).await?;
    }
    audit::repo::insert(
        &mut **tx,
        Entry::new(Some(user.id.0), "cancel", "appointment", Some(row.id)).family(row.family_id),
    )
    .await?;
    Ok(())
}

/// Held or no-show, once the appointment has begun. An hourly consultant only for their own.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn record_outcome(pool: &SqlitePool, user: &CurrentUser, id: VisitId, outcome: &str) -> Result<(), AppError> {
    if !matches!(outcome, "held" | "no_show") {
        return Err(AppError::invalid("outcome", "Vælg afholdt eller udeblevet."));
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = repo::booked(&mut *tx, id.0, user.id.0).await?.ok_or(AppError::NotFound)?;
    let hourly = user.is_hourly();
    if hourly && !repo::staff_of(&mut *tx, id.0).await?.contains(&user.staff_id()) {
        return Err(AppError::NotFound);
    }
    let now = Utc::now().timestamp();
    if now < row.starts_at {
        return Err(AppError::invalid("outcome", "Udfaldet kan først registreres, når aftalen er begyndt."));
    }
    // What a sent description says about the visit stays true: its outcome is fixed with it.
    if crate::descriptions::repo::left_writers(&mut *tx, id.0).await? {
        if row.status.as_str() == outcome {
            // Already so: nothing to record, and the description (or its correction) is untouched.
            return Ok(());
        }
        return Err(AppError::Conflict(
            "Beskrivelsen af samværet er sendt, så udfaldet kan ikke ændres. Ret beskrivelsen i stedet.".into(),
        ));
    }
    if repo::set_outcome(&mut *tx, id.0, outcome, now).await? == 0 {
        return Err(AppError::Conflict("En aflyst aftale har intet udfald.".into()));
    }
    let detail = if outcome == "held" { "Afholdt" } else { "Udeblevet" };
    repo::record_change(&mut *tx, id.0, user.id.0, outcome, detail, now).await?;
    // A visit stopped early stays stopped: its description stays short.
    let stopped = crate::descriptions::repo::incident(&mut *tx, id.0).await?.is_some();
    let made = match outcome {
        "held" if stopped => Outcome::Stopped,
        "held" => Outcome::Held,
        _ => Outcome::NoShow,
    };
    crate::descriptions::record::on_outcome(&mut tx, id.0, Some(made), now).await?;
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "update", "appointment", Some(id.0)).family(row.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The history as lines: "mandag 23. november kl. 15.02 · Lene Friis · Flyttet fra … til …".
pub async fn history(pool: &SqlitePool, user: &CurrentUser, id: VisitId) -> Result<Vec<String>, AppError> {
    let booked = repo::booked(pool, id.0, user.id.0).await?.ok_or(AppError::NotFound)?;
    let entry =
        crate::audit::Entry::new(Some(user.id.0), "read", "appointment_history", Some(id.0)).family(booked.family_id);
    crate::audit::read(pool, entry).await?;
    Ok(repo::history(pool, id.0)
        .await?
        .into_iter()
        .map(|(at, who, _, detail)| format!("{} · {who} · {detail}", time::long(time::from_unix(at))))
        .collect())
}
