//! One appointment as the booking pages show it to staff: the facts, the linked talks, the series,
//! the history, and what the reader may do with it.

use serde::{Deserialize, Serialize};

use crate::cases::FamilyId;
use crate::setup::PlaceId;
use crate::staff::StaffId;
use crate::visits::VisitSummary;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    pub summary: VisitSummary,
    /// Local date and time as the move form takes them ("2026-12-05", "10:00").
    pub date: String,
    pub time: String,
    /// The length in minutes (the move form's default).
    pub minutes: i64,
    /// Where it is (None: no place yet).
    pub place_id: Option<PlaceId>,
    /// Planned occurrences from this one to the end of its series (0 outside a series).
    pub series_left: usize,
    /// "Vejledning før 09.30–10.00"
    pub talks: Vec<String>,
    pub history: Vec<String>,
    /// May move, cancel and change the series (permanent consultants, the coordinator).
    pub can_book: bool,
    /// May put a consultant on it (the coordinator).
    pub can_staff: bool,
    /// Held or no-show may be recorded now.
    pub can_record: bool,
    /// For the move and staffing forms (empty when the reader may do neither).
    pub places: Vec<(PlaceId, String)>,
    pub consultants: Vec<(StaffId, String, bool)>,
    /// The consultants on it now (for "Tag af"; empty unless the reader may staff).
    pub staffed: Vec<(StaffId, String)>,
    /// The placements' hand-over notes on it: (who and when, the note).
    pub handovers: Vec<(String, String)>,
    /// "Frejas støtteperson: Lone Jensen, 20 30 40 50", for each child on it who has one.
    pub support: Vec<String>,
    /// The visit's latest description: (id, where it stands), for staff who may write or read it.
    pub description: Option<(i64, String)>,
    /// "Stoppet kl. 15.10: …" when the visit was stopped before its time.
    pub stopped: Option<String>,
    /// The local time now ("15:10"), the stop form's default.
    pub now: String,
    /// The visit may be stopped before its time now (it has begun and not ended, or just ended).
    pub can_stop: bool,
}

/// What the booking form offers: families (code and children's initials), places, consultants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOptions {
    pub families: Vec<(FamilyId, String)>,
    pub places: Vec<(PlaceId, String)>,
    /// (id, "Lene Friis", hourly)
    pub consultants: Vec<(StaffId, String, bool)>,
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;
    use sqlx::SqlitePool;

    use super::{Appointment, FormOptions};
    use crate::auth::{CurrentUser, Role};
    use crate::booking::{change, repo};
    use crate::error::AppError;
    use crate::time;
    use crate::visits::{Kind, Status};
    use crate::visits::{VisitId, present, repo as visits_repo};

    pub async fn appointment(
        pool: &SqlitePool,
        keys: &crate::channels::crypto::MessageKeys,
        user: &CurrentUser,
        id: VisitId,
    ) -> Result<Appointment, AppError> {
        let hourly = user.is_hourly();
        let booked = repo::booked(pool, id.0, user.id.0).await?.ok_or(AppError::NotFound)?;
        let row = visits_repo::one(pool, id.0).await?.ok_or(AppError::NotFound)?;
        if hourly && !repo::staff_of(pool, id.0).await?.contains(&user.staff_id()) {
            return Err(AppError::NotFound);
        }
        let notices = visits_repo::notices_for_family(pool, row.family_id, None).await?;
        let talks = repo::linked(pool, id.0).await?;
        let series_left = match booked.series_id {
            Some(s) => repo::series_from(pool, s, booked.starts_at).await?.len(),
            None => 0,
        };
        let start = time::local(time::from_unix(row.starts_at));
        let planned = row.status == Status::Planned;
        let can_book = matches!(user.role, Role::Consultant | Role::Coordinator) && !hourly;
        let options = if can_book && planned { Some(form_options(pool, user).await?) } else { None };
        // Guidance talks are staffed with their visit.
        let can_staff = user.role == Role::Coordinator && planned && booked.related_visit_id.is_none();
        let mut staffed = Vec::new();
        if can_staff {
            // Also one who has left since, so they can be taken off.
            for uid in repo::staff_of(pool, id.0).await? {
                if let Some(u) = crate::auth::repo::find_by_id(pool, uid.0).await? {
                    staffed.push((uid, u.full_name));
                }
            }
        }
        let entry = crate::audit::Entry::new(Some(user.id.0), "read", "appointment", Some(id.0)).family(row.family_id);
        crate::audit::read(pool, entry).await?;
        let now = Utc::now().timestamp();
        // The visit's own consultants and the coordinator may stop it.
        let on_it = user.role == Role::Coordinator
            || (user.role == Role::Consultant && repo::staff_of(pool, id.0).await?.contains(&user.staff_id()));
        let latest = crate::descriptions::repo::latest_for(pool, id.0)
            .await?
            .and_then(|(d, _, state)| Some((d, crate::descriptions::State::parse(&state)?)));
        let description = latest.map(|(d, state)| (d, state.label().to_string()));
        // Once a description has left its writers, the visit's outcome and a stop are fixed with it.
        let locked = crate::descriptions::repo::left_writers(pool, id.0).await?;
        let stopped = crate::descriptions::repo::incident(pool, id.0)
            .await?
            .map(|(at, why)| format!("Stoppet kl. {}: {why}", time::clock(time::from_unix(at))));
        Ok(Appointment {
            summary: present::summary(crate::i18n::Lang::Da, &row, &notices, true),
            date: start.date_naive().to_string(),
            time: start.format("%H:%M").to_string(),
            minutes: (booked.ends_at - booked.starts_at) / 60,
            place_id: booked.place_id,
            series_left,
            talks: talks
                .iter()
                .map(|t| {
                    let what = if t.kind == Kind::GuidanceBefore { "Vejledning før" } else { "Vejledning efter" };
                    format!(
                        "{what} {}",
                        time::span_in(crate::i18n::Lang::Da, time::from_unix(t.starts_at), time::from_unix(t.ends_at))
                    )
                })
                .collect(),
            history: change::history(pool, user, id).await?,
            can_book: can_book && planned && booked.related_visit_id.is_none(),
            can_staff,
            can_record: row.status != Status::Cancelled && now >= row.starts_at && !locked,
            places: options.as_ref().map(|o| o.places.clone()).unwrap_or_default(),
            consultants: options.map(|o| o.consultants).unwrap_or_default(),
            staffed,
            handovers: crate::placement::service::notes_on(pool, keys, id).await?,
            support: crate::cases::repo::support_on(pool, id.0)
                .await?
                .into_iter()
                .map(|(child, person)| format!("{} støtteperson: {person}", crate::i18n::genitive(&child)))
                .collect(),
            can_stop: on_it
                && stopped.is_none()
                && crate::descriptions::rules::stop_refusal(
                    row.kind == Kind::Visit,
                    row.status,
                    (row.starts_at, row.ends_at),
                    now,
                    locked,
                )
                .is_none(),
            now: time::local(time::from_unix(now)).format("%H:%M").to_string(),
            description,
            stopped,
        })
    }

    pub async fn form_options(pool: &SqlitePool, user: &CurrentUser) -> Result<FormOptions, AppError> {
        let centre = user.centre();
        let families = repo::board::families(pool, centre).await?;
        let entry = crate::audit::Entry::new(Some(user.id.0), "read", "booking_options", None)
            .families(families.iter().map(|f| f.0));
        crate::audit::read(pool, entry).await?;
        Ok(FormOptions {
            families,
            places: repo::board::places(pool, centre).await?,
            consultants: repo::board::consultants(pool, centre)
                .await?
                .into_iter()
                .map(|(id, name, employment)| (id, name, employment.is_hourly()))
                .collect(),
        })
    }
}
