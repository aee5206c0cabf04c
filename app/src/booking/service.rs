//! Booking a visit or a series: every check and the insert happen in one `BEGIN IMMEDIATE`
//! transaction. SQLite lets one writer in at a time, so of two requests for the same place and
//! time the second sees the first's booking and is refused: exactly one wins.

use crate::visits::{Kind, VisitType};
use chrono::{Days, NaiveDate, Utc};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::check::{self, Check};
use super::eligibility::{ChildCase, Consent};
use super::rules::Occurrence;
use super::suggest::refuse;
use super::{BookingInput, repo};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::staff::StaffId;
use crate::visits::VisitId;

/// The family's children with their open cases (ids, the rules' view of each case, and the visit
/// type they are booked with: supervised if any case says so).
pub async fn children(
    tx: &mut Transaction<'_, Sqlite>,
    family_id: crate::cases::FamilyId,
) -> Result<(Vec<i64>, Vec<ChildCase>, VisitType), AppError> {
    cases_of(repo::family_children(&mut **tx, family_id).await?)
}

/// The children's rows as the case rules see them; none is a refusal.
pub(super) fn cases_of(rows: Vec<repo::ChildCaseRow>) -> Result<(Vec<i64>, Vec<ChildCase>, VisitType), AppError> {
    if rows.is_empty() {
        return Err(AppError::invalid("family_id", "Familien har ingen aktiv sag, så der kan ikke bookes samvær."));
    }
    let visit_type = if rows.iter().any(|r| r.visit_type == VisitType::Supervised) {
        VisitType::Supervised
    } else {
        VisitType::Supported
    };
    let mut ids = Vec::new();
    let mut cases = Vec::new();
    for r in rows {
        ids.push(r.child_id);
        cases.push(ChildCase {
            first_name: r.first_name,
            birth_date: r.birth_date,
            status: r.status,
            visit_type: r.visit_type,
            decision_from: r.decision_from,
            decision_to: r.decision_to,
            decisions: r.decisions,
            custody_holders: r.custody_holders,
            consents: r
                .consents
                .into_iter()
                .map(|(person_id, given_on, withdrawn_on)| Consent { person_id, given_on, withdrawn_on })
                .collect(),
        });
    }
    Ok((ids, cases, visit_type))
}

/// A place of the centre that takes new bookings: another centre's is not offered, a closed one
/// says so.
pub(super) fn bookable_place(parts: &mut repo::Parts, centre: i64) -> Result<repo::PlaceRow, AppError> {
    let place = parts
        .place
        .take()
        .filter(|p| p.centre_id == centre)
        .ok_or_else(|| AppError::invalid("place_id", "Vælg et sted."))?;
    if !parts.centre_active {
        return Err(AppError::invalid("place_id", "Samværscentret er lukket for nye bookinger."));
    }
    if !place.active {
        return Err(AppError::invalid(
            "place_id",
            format!("{} er lukket for nye bookinger. Vælg et andet sted.", place.name),
        ));
    }
    Ok(place)
}

/// The consultants chosen for a booking (`ids`), each active and of the centre.
pub(super) fn staff_rows(
    parts: &mut repo::Parts,
    ids: &[StaffId],
    centre: i64,
) -> Result<Vec<repo::StaffRow>, AppError> {
    let staff = std::mem::take(&mut parts.staff);
    if staff.len() != ids.len() || staff.iter().zip(ids).any(|(s, id)| s.user_id != *id || s.centre_id != centre) {
        return Err(AppError::invalid("staff_ids", "Den valgte konsulent findes ikke."));
    }
    Ok(staff)
}

/// The family, if it belongs to the centre; another centre's family is not found.
pub(super) fn own_family(parts: &repo::Parts, centre: i64) -> Result<(), AppError> {
    match parts.family_centre {
        Some(c) if c == centre => Ok(()),
        _ => Err(AppError::invalid("family_id", "Vælg en familie på listen.")),
    }
}

/// What a booking has read and checked, ready to insert.
pub struct Prepared {
    pub place: repo::PlaceRow,
    pub child_ids: Vec<i64>,
    pub visit_type: VisitType,
    pub staff: Vec<repo::StaffRow>,
}

/// What a booking checks in the caller's write transaction (`BEGIN IMMEDIATE`, so the checks
/// and the insert after them are one): the place, the family, the children's cases, the
/// consultants, then each of `occurrences` (those of `input`) against opening hours,
/// availability and what already holds them. Everything is read in one statement first. A
/// refusal names what collides and offers the nearest free times. `create` checks before it that
/// the time has not passed. The one way through for `create` and for the booking benchmark.
pub async fn prepare_and_check(
    tx: &mut Transaction<'_, Sqlite>,
    user: &CurrentUser,
    input: &BookingInput,
    occurrences: &[Occurrence],
) -> Result<Prepared, AppError> {
    let centre = user.centre();
    let windows: Vec<repo::Window> = occurrences.iter().map(|o| check::window(input, o.span)).collect();
    let whose = check::whose(input, &input.staff_ids, None);
    let (mut parts, around) = repo::read(&mut **tx, &whose, &windows, centre).await?;
    let place = bookable_place(&mut parts, centre)?;
    own_family(&parts, centre)?;
    let (child_ids, cases, visit_type) = cases_of(parts.children()?)?;
    let staff = staff_rows(&mut parts, &input.staff_ids, centre)?;
    let ck = Check {
        input,
        except: None,
        place_name: &place.name,
        hours: &parts.hours,
        staff: &staff,
        cases: &cases,
        visit_type,
    };
    for (at, occ) in occurrences.iter().enumerate() {
        if let Some(blocked) = check::check_occurrence(&ck, &around, at, occ) {
            return Err(refuse(tx, &ck, occ, blocked, "bookes").await?);
        }
    }
    Ok(Prepared { place, child_ids, visit_type, staff })
}

/// Books the visit (or every occurrence of the series) or refuses, naming what collides.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, family_id = input.family_id.0, place_id = input.place_id.0))]
pub async fn create(pool: &SqlitePool, user: &CurrentUser, input: &BookingInput) -> Result<Vec<VisitId>, AppError> {
    let occurrences: Vec<Occurrence> = input.occurrences()?;
    let now = Utc::now().timestamp();
    if occurrences.first().is_some_and(|o| o.span.start - input.guidance_before_min * 60 < now) {
        return Err(AppError::invalid("date", "Vælg et tidspunkt, der ikke er passeret."));
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let Prepared { place, child_ids, visit_type, staff } =
        prepare_and_check(&mut tx, user, input, &occurrences).await?;
    let mut ids = Vec::new();
    let mut series = None;
    let visit_type = input.is_visit().then_some(visit_type);
    for occ in &occurrences {
        let (g_before, g_after) = (input.guidance_before_min * 60, input.guidance_after_min * 60);
        let new = repo::NewAppointment {
            centre_id: place.centre_id,
            family_id: input.family_id,
            kind: input.kind,
            visit_type,
            place_id: place.id,
            starts_at: occ.span.start,
            ends_at: occ.span.end,
            // With a talk on that side, the talk carries the hand-over buffer.
            buffer_before_min: if g_before > 0 { 0 } else { input.buffer_before_min },
            buffer_after_min: if g_after > 0 { 0 } else { input.buffer_after_min },
            series_id: series,
            related_visit_id: None,
            created_by: user.id.0,
            now,
        };
        let id = repo::insert(&mut *tx, &new).await?;
        if series.is_none() && occurrences.len() > 1 {
            repo::set_series(&mut *tx, id).await?;
            series = Some(id);
        }
        let talks = [
            (Kind::GuidanceBefore, occ.span.start - g_before, occ.span.start, input.buffer_before_min, 0),
            (Kind::GuidanceAfter, occ.span.end, occ.span.end + g_after, 0, input.buffer_after_min),
        ];
        let mut talk_ids = Vec::new();
        for (kind, starts_at, ends_at, before, after) in talks.into_iter().filter(|t| t.2 > t.1) {
            let talk = repo::NewAppointment {
                kind,
                visit_type: None,
                starts_at,
                ends_at,
                buffer_before_min: before,
                buffer_after_min: after,
                series_id: None,
                related_visit_id: Some(id),
                ..new
            };
            talk_ids.push(repo::insert(&mut *tx, &talk).await?);
        }
        for appointment in std::iter::once(id).chain(talk_ids) {
            for s in &staff {
                repo::add_staff(&mut *tx, appointment, s.user_id).await?;
            }
            repo::record_change(&mut *tx, appointment, user.id.0, "create", "Booket", now).await?;
        }
        if input.is_visit() {
            for c in &child_ids {
                repo::add_child(&mut *tx, id, *c).await?;
            }
        }
        audit::repo::insert(
            &mut *tx,
            Entry::new(Some(user.id.0), "create", "appointment", Some(id)).family(input.family_id),
        )
        .await?;
        ids.push(VisitId(id));
    }
    tx.commit().await?;
    Ok(ids)
}

/// The last date a series may run to when none is given: a year.
pub fn default_until(first: NaiveDate) -> NaiveDate {
    first.checked_add_days(Days::new(364)).unwrap_or(first)
}
