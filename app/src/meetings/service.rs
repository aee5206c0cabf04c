//! Reading and writing a meeting's minutes. Staff of the meeting's centre read them (an hourly
//! consultant only on a meeting they are on); the coordinator and the consultants write them,
//! and the agreements in them replace the family's standing agreements, in one transaction.

use chrono::Utc;
use sqlx::SqlitePool;

use super::rules::{changed, check, fingerprint, next_followup};
use super::{Agenda, Minutes, MinutesIn, TOPICS, repo};
use crate::audit::{self, Entry};
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::time;
use crate::visits::{Kind, Status, VisitId, agreement_topic};

/// The meeting when the caller may read it, and whether they may write its minutes.
async fn reachable(
    db: &mut sqlx::SqliteConnection,
    user: &CurrentUser,
    id: VisitId,
) -> Result<(repo::MeetingRow, bool), AppError> {
    if !matches!(user.role, Role::Consultant | Role::Coordinator | Role::Leader) {
        return Err(AppError::Forbidden);
    }
    let meeting = repo::meeting(&mut *db, id.0, user.centre()).await?.ok_or(AppError::NotFound)?;
    if user.is_hourly() && !crate::booking::repo::staff_of(&mut *db, id.0).await?.contains(&user.staff_id()) {
        return Err(AppError::NotFound);
    }
    let may_write = matches!(user.role, Role::Consultant | Role::Coordinator) && meeting.status != Status::Cancelled;
    Ok((meeting, may_write))
}

async fn agreements_now(
    db: &mut sqlx::SqliteConnection,
    family_id: crate::cases::FamilyId,
) -> Result<[String; 5], AppError> {
    let mut now: [String; 5] = Default::default();
    for (slot, topic) in now.iter_mut().zip(TOPICS) {
        *slot = repo::agreement(&mut *db, family_id, topic).await?;
    }
    Ok(now)
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0, appointment_id = id.0))]
pub async fn read(pool: &SqlitePool, user: &CurrentUser, id: VisitId) -> Result<Minutes, AppError> {
    let mut conn = pool.acquire().await?;
    let (meeting, can_write) = reachable(&mut conn, user, id).await?;
    let cases = repo::open_cases(&mut *conn, meeting.family_id).await?;
    let day = time::local(time::from_unix(meeting.starts_at)).date_naive();
    let next =
        cases.iter().filter_map(|c| next_followup(day, c.followup_weeks.clamp(2, 52) as u64, c.decision_to)).min();
    let saved = repo::minutes(&mut *conn, id.0).await?;
    let now = agreements_now(&mut conn, meeting.family_id).await?;
    audit::read(pool, Entry::new(Some(user.id.0), "read", "meeting_minutes", Some(id.0)).family(meeting.family_id))
        .await?;
    Ok(Minutes {
        agenda: Agenda {
            kickoff: meeting.kind == Kind::KickoffMeeting,
            family_id: meeting.family_id,
            children: cases.into_iter().map(|c| (c.first_name, c.purpose, c.goals, c.conditions)).collect(),
            next_followup: next.map(time::day),
            next_followup_date: next.map(|d| d.to_string()),
        },
        wishes: saved.as_ref().map(|m| m.wishes.clone()).unwrap_or_default(),
        toured: saved.as_ref().is_some_and(|m| m.toured),
        body: saved.as_ref().map(|m| m.body.clone()).unwrap_or_default(),
        agreements: TOPICS
            .iter()
            .zip(now.clone())
            .map(|(t, body)| (t.to_string(), agreement_topic(Lang::Da, t).to_string(), body))
            .collect(),
        written: saved.map(|m| format!("Skrevet af {} {}", m.writer, time::long(time::from_unix(m.written_at)))),
        can_write,
        seen: fingerprint(&now),
    })
}

/// Saves the minutes; the agreements that differ from the family's replace them. Answers how
/// many agreements changed.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, appointment_id = id.0))]
pub async fn write(pool: &SqlitePool, user: &CurrentUser, id: VisitId, raw: &MinutesIn) -> Result<usize, AppError> {
    let form = check(raw)?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (meeting, may_write) = reachable(&mut tx, user, id).await?;
    if !may_write {
        return Err(if meeting.status == Status::Cancelled {
            AppError::Conflict("Mødet er aflyst, så der kan ikke skrives referat til det.".into())
        } else {
            AppError::Forbidden
        });
    }
    let at = Utc::now().timestamp();
    let now = agreements_now(&mut tx, meeting.family_id).await?;
    if form.seen != fingerprint(&now) {
        return Err(AppError::Conflict(
            "Aftalerne er ændret, siden du åbnede siden. Hent siden igen, og skriv dine ændringer ind igen.".into(),
        ));
    }
    repo::save_minutes(&mut *tx, id.0, (&form.wishes, form.toured, &form.body), user.id.0, at).await?;
    let topics = changed(&now, &form.agreements);
    for i in &topics {
        repo::set_agreement(&mut tx, meeting.family_id, TOPICS[*i], &form.agreements[*i], (id.0, user.id.0, at))
            .await?;
    }
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "update", "meeting_minutes", Some(id.0)).family(meeting.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(topics.len())
}
