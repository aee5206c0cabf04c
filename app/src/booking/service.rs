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

/// The first collision of one occurrence with its place or consultants (`block`: guidance talks
/// and buffers included) or, for a visit, the family's children, other than the appointment
/// `except` (0: none) and its linked talks.
pub async fn collision(
    tx: &mut Transaction<'_, Sqlite>,
    input: &BookingInput,
    except: i64,
    place_name: &str,
    staff: &[(i64, String)],
    occ: Span,
) -> Result<Option<String>, AppError> {
    let block = input.block(occ);
    let mut all =
        busy(repo::place_holders(&mut **tx, input.place_id, block.start, block.end, except).await?, place_name);
    for (id, name) in staff {
        all.extend(busy(repo::staff_holders(&mut **tx, *id, block.start, block.end, except).await?, name));
    }
    if input.is_visit() {
        let held = occ.with_buffers(input.buffer_before_min * 60, input.buffer_after_min * 60);
        let children =
            busy(repo::children_holders(&mut **tx, input.family_id, held.start, held.end, except).await?, "Børnene");
        if let Some(b) = rules::first_collision(held, &children) {
            return Ok(Some(b.what.clone()));
        }
    }
    Ok(rules::first_collision(block, &all).map(|b| b.what.clone()))
}

/// Why one occurrence cannot be held.
pub(super) enum Blocked {
    /// A case rule (decision period, suspension, consent), in words.
    Case(String),
    /// The place is not open for the whole time.
    Closed,
    /// This hourly consultant has not said they are available then.
    Unavailable(String),
    /// What collides, in words.
    Collides(String),
}

impl Blocked {
    /// The refusal in words; `verb` is "bookes" or "flyttes".
    pub(super) fn refusal(self, place: &str, occ: Span, verb: &str) -> String {
        let when = time::long(time::from_unix(occ.start));
        match self {
            Blocked::Case(why) => why,
            Blocked::Closed => {
                format!("Kan ikke {verb}: {place} har ikke åbent {when}–{}.", time::clock(time::from_unix(occ.end)))
            }
            Blocked::Unavailable(name) => format!("{name} har ikke meldt sig til rådighed {when}."),
            Blocked::Collides(what) => format!("Kan ikke {verb}: {what}."),
        }
    }
}

/// The checks every booked time passes, for a new booking and a move alike: the case rules (for
/// visits), the place's opening hours, the hourly consultants' availability, and collisions with
/// anything but `except` (0: none).
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
    if input.is_visit() {
        for case in cases {
            if let Err(why) = eligibility::check(case, visit_type, occ.date) {
                return Ok(Some(Blocked::Case(why)));
            }
        }
    }
    let talks =
        Span::new(occ.span.start - input.guidance_before_min * 60, occ.span.end + input.guidance_after_min * 60);
    let open = super::suggest::open_spans(tx, input.place_id, occ.date, 1).await?;
    if !rules::within(talks, &open) {
        return Ok(Some(Blocked::Closed));
    }
    for s in staff.iter().filter(|s| s.employment == "hourly") {
        if !repo::available(&mut **tx, s.user_id, talks.start, talks.end).await? {
            return Ok(Some(Blocked::Unavailable(s.full_name.clone())));
        }
    }
    let named: Vec<(i64, String)> = staff.iter().map(|s| (s.user_id, s.full_name.clone())).collect();
    Ok(collision(tx, input, except, place_name, &named, occ.span).await?.map(Blocked::Collides))
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
            Some(other) => return Err(AppError::Conflict(other.refusal(&place.name, occ.span, "bookes"))),
        }
    }
    let now = Utc::now().timestamp();
    let mut ids = Vec::new();
    let mut series = None;
    let visit_type = input.is_visit().then_some(visit_type.as_str());
    for occ in &occurrences {
        let (g_before, g_after) = (input.guidance_before_min * 60, input.guidance_after_min * 60);
        let new = repo::NewAppointment {
            centre_id: place.centre_id,
            family_id: input.family_id,
            kind: &input.kind,
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
            ("guidance_before", occ.span.start - g_before, occ.span.start, input.buffer_before_min, 0),
            ("guidance_after", occ.span.end, occ.span.end + g_after, 0, input.buffer_after_min),
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
