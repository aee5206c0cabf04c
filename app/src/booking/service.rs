//! Booking a visit or a series: every check and the insert happen in one `BEGIN IMMEDIATE`
//! transaction. SQLite lets one writer in at a time, so of two requests for the same place and
//! time the second sees the first's booking and is refused: exactly one wins.

use chrono::{Days, NaiveDate, Utc};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::eligibility::{self, ChildCase, Consent};
use super::rules::{self, Busy, Occurrence, Span};
use super::{BookingInput, repo};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::time;
use crate::visits::VisitId;

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// What holds a resource, as a refusal can name it: "Rum 2 er optaget lørdag 5. december kl.
/// 10.00–12.00 (F-03)".
fn busy(rows: Vec<repo::HolderRow>, who: &str) -> Vec<Busy> {
    rows.into_iter()
        .map(|r| {
            let (start, end) = (time::from_unix(r.starts_at), time::from_unix(r.ends_at));
            let place = r.place_name.map(|p| format!(" i {p}")).unwrap_or_default();
            Busy {
                span: Span::new(r.starts_at, r.ends_at).with_buffers(r.buffer_before_min * 60, r.buffer_after_min * 60),
                what: format!(
                    "{who} er optaget {} kl. {}–{}{place} ({})",
                    time::day(time::local(start).date_naive()),
                    time::clock(start),
                    time::clock(end),
                    r.family_code
                ),
            }
        })
        .collect()
}

pub(super) async fn children(
    tx: &mut Transaction<'_, Sqlite>,
    family_id: i64,
) -> Result<(Vec<i64>, Vec<ChildCase>, String), AppError> {
    let rows = repo::family_children(&mut **tx, family_id).await?;
    if rows.is_empty() {
        return Err(AppError::invalid("family_id", "Familien har ingen aktiv sag, så der kan ikke bookes samvær."));
    }
    let visit_type = if rows.iter().any(|r| r.visit_type == "supervised") { "supervised" } else { "supported" };
    let mut ids = Vec::new();
    let mut cases = Vec::new();
    for r in rows {
        let decisions = repo::decisions(&mut **tx, r.case_id)
            .await?
            .into_iter()
            .filter_map(|(k, f, t)| Some((k, parse_date(&f)?, parse_date(&t)?)))
            .collect();
        let consents = repo::consents(&mut **tx, r.case_id)
            .await?
            .into_iter()
            .filter_map(|(p, g, w)| {
                Some(Consent {
                    person_id: p,
                    given_on: parse_date(&g)?,
                    withdrawn_on: w.as_deref().and_then(parse_date),
                })
            })
            .collect();
        ids.push(r.child_id);
        cases.push(ChildCase {
            first_name: r.first_name,
            birth_date: parse_date(&r.birth_date).unwrap_or_default(),
            status: r.status,
            decision_from: parse_date(&r.decision_from).unwrap_or_default(),
            decision_to: parse_date(&r.decision_to).unwrap_or_default(),
            decisions,
            custody_holders: repo::custody_holders(&mut **tx, r.child_id).await?,
            consents,
        });
    }
    Ok((ids, cases, visit_type.to_string()))
}

/// The first collision of one occurrence with a place, a consultant or the children, other than
/// the appointment `except` (0: none).
async fn collision(
    tx: &mut Transaction<'_, Sqlite>,
    input: &BookingInput,
    except: i64,
    place_name: &str,
    staff: &[(i64, String)],
    held: Span,
) -> Result<Option<String>, AppError> {
    let mut all = busy(repo::place_holders(&mut **tx, input.place_id, held.start, held.end, except).await?, place_name);
    for (id, name) in staff {
        all.extend(busy(repo::staff_holders(&mut **tx, *id, held.start, held.end, except).await?, name));
    }
    all.extend(busy(
        repo::children_holders(&mut **tx, input.family_id, held.start, held.end, except).await?,
        "Børnene",
    ));
    Ok(rules::first_collision(held, &all).map(|b| b.what.clone()))
}

/// Why one occurrence cannot be held.
pub(super) enum Blocked {
    /// A case rule (decision period, suspension, consent), in words.
    Case(String),
    /// This hourly consultant has not said they are available then.
    Unavailable(String),
    /// What collides, in words.
    Collides(String),
}

/// The checks every booked time passes, for a new booking and a move alike: the case rules, the
/// hourly consultants' availability, and collisions with anything but `except` (0: none).
#[allow(clippy::too_many_arguments)]
pub(super) async fn check_occurrence(
    tx: &mut Transaction<'_, Sqlite>,
    input: &BookingInput,
    except: i64,
    place_name: &str,
    staff: &[repo::StaffRow],
    cases: &[ChildCase],
    visit_type: &str,
    occ: &Occurrence,
) -> Result<Option<Blocked>, AppError> {
    for case in cases {
        if let Err(why) = eligibility::check(case, visit_type, occ.date) {
            return Ok(Some(Blocked::Case(why)));
        }
    }
    for s in staff.iter().filter(|s| s.employment == "hourly") {
        if !repo::available(&mut **tx, s.user_id, occ.span.start, occ.span.end).await? {
            return Ok(Some(Blocked::Unavailable(s.full_name.clone())));
        }
    }
    let named: Vec<(i64, String)> = staff.iter().map(|s| (s.user_id, s.full_name.clone())).collect();
    let held = occ.span.with_buffers(input.buffer_before_min * 60, input.buffer_after_min * 60);
    Ok(collision(tx, input, except, place_name, &named, held).await?.map(Blocked::Collides))
}

/// Books the visit (or every occurrence of the series) or refuses, naming what collides.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, family_id = input.family_id, place_id = input.place_id))]
pub async fn create(pool: &SqlitePool, user: &CurrentUser, input: &BookingInput) -> Result<Vec<VisitId>, AppError> {
    let occurrences: Vec<Occurrence> = input.occurrences()?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let place =
        repo::place(&mut *tx, input.place_id).await?.ok_or_else(|| AppError::invalid("place_id", "Vælg et sted."))?;
    let (child_ids, cases, visit_type) = children(&mut tx, input.family_id).await?;
    let mut staff = Vec::new();
    for id in &input.staff_ids {
        let s = repo::staff_member(&mut *tx, *id)
            .await?
            .ok_or_else(|| AppError::invalid("staff_ids", "Den valgte konsulent findes ikke."))?;
        staff.push(s);
    }
    for occ in &occurrences {
        match check_occurrence(&mut tx, input, 0, &place.name, &staff, &cases, &visit_type, occ).await? {
            None => {}
            Some(Blocked::Case(why)) => return Err(AppError::Conflict(why)),
            Some(Blocked::Unavailable(name)) => {
                let when = time::long(time::from_unix(occ.span.start));
                return Err(AppError::Conflict(format!("{name} har ikke meldt sig til rådighed {when}.")));
            }
            Some(Blocked::Collides(what)) => {
                let hourly: Vec<i64> = staff.iter().filter(|s| s.employment == "hourly").map(|s| s.user_id).collect();
                let free = super::suggest::nearest(&mut tx, input, &hourly, occ.date).await?;
                let offer = if free.is_empty() {
                    " Der er ingen ledige tider de næste 14 dage med samme sted og konsulenter.".to_string()
                } else {
                    format!(" Nærmeste ledige tider: {}.", free.join(", "))
                };
                return Err(AppError::Conflict(format!("Kan ikke bookes: {what}.{offer}")));
            }
        }
    }
    let now = Utc::now().timestamp();
    let mut ids = Vec::new();
    let mut series = None;
    for occ in &occurrences {
        let new = repo::NewAppointment {
            centre_id: place.centre_id,
            family_id: input.family_id,
            kind: "visit",
            visit_type: Some(&visit_type),
            place_id: place.id,
            starts_at: occ.span.start,
            ends_at: occ.span.end,
            buffer_before_min: input.buffer_before_min,
            buffer_after_min: input.buffer_after_min,
            series_id: series,
            created_by: user.id.0,
            now,
        };
        let id = repo::insert(&mut *tx, &new).await?;
        if series.is_none() && occurrences.len() > 1 {
            repo::set_series(&mut *tx, id).await?;
            series = Some(id);
        }
        for s in &staff {
            repo::add_staff(&mut *tx, id, s.user_id).await?;
        }
        for c in &child_ids {
            repo::add_child(&mut *tx, id, *c).await?;
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
