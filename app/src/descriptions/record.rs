//! What makes a description due, and the case's settings for it. A visit's outcome (held,
//! no-show, stopped early) makes one due inside the same transaction (`on_outcome`); stopping a
//! visit records the incident and alerts the coordinators and the caseworker at once; the case
//! records the parents' yes to descriptions of supported visits and whether they read them first.

use chrono::{NaiveDate, NaiveTime, Utc};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::repo;
use super::rules::{self, Outcome, due, yes_in_force};
use super::workdays::add_working_days;
use crate::audit::{self, Entry};
use crate::auth::{CurrentUser, Role};
use crate::cases::CaseId;
use crate::context::Settings;
use crate::error::AppError;
use crate::time;
use crate::visits::{Kind, VisitId};

/// After a visit's outcome is recorded (`None`: taken back): the description it makes due is
/// created, or made short or full; one no longer due is removed while nothing is written in it.
pub async fn on_outcome(
    tx: &mut Transaction<'_, Sqlite>,
    appointment_id: i64,
    outcome: Option<Outcome>,
    now: i64,
) -> Result<(), AppError> {
    let Some(facts) = repo::visit_facts(&mut **tx, appointment_id).await? else { return Ok(()) };
    let Some(visit_type) = facts.visit_type else { return Ok(()) };
    let day = time::local(time::from_unix(facts.starts_at)).date_naive();
    let mut yes = false;
    for (case_id, _, _) in repo::cases_on_visit(&mut **tx, appointment_id, day).await? {
        yes |= yes_in_force(&repo::yes_spans(&mut **tx, case_id).await?, day);
    }
    let wanted = due(visit_type, outcome, yes);
    match (wanted, repo::latest_for(&mut **tx, appointment_id).await?) {
        (Some(short), None) => {
            let days = u32::try_from(facts.description_days).unwrap_or(3);
            let new = repo::NewDescription {
                appointment_id,
                version: 1,
                short,
                due_on: add_working_days(day, days),
                reason: "",
                now,
            };
            repo::insert(&mut **tx, &new).await?;
        }
        (Some(short), Some((id, _, state))) if state == "draft" => {
            repo::set_short(&mut **tx, id, short).await?;
        }
        (None, Some((id, _, _))) => {
            repo::delete_empty_draft(&mut **tx, id).await?;
        }
        _ => {}
    }
    Ok(())
}

/// A visit stopped before its time, from its page (on a phone): when and why. The visit counts as
/// held and stopped, its description is due (short), and the centre's coordinators and the
/// children's caseworkers get a notice at once (a link, no content).
#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn stop(
    pool: &SqlitePool,
    settings: &Settings,
    user: &CurrentUser,
    id: VisitId,
    at: NaiveTime,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "Skriv, hvorfor samværet blev stoppet."));
    }
    if reason.chars().count() > 2000 {
        return Err(AppError::invalid("reason", "Begrundelsen er for lang: højst 2.000 tegn."));
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = crate::booking::repo::booked(&mut *tx, id.0, user.id.0).await?.ok_or(AppError::NotFound)?;
    let staff = crate::booking::repo::staff_of(&mut *tx, id.0).await?;
    let on_it = user.role == Role::Coordinator || staff.contains(&user.staff_id());
    if user.is_hourly() && !on_it {
        return Err(AppError::NotFound);
    }
    if !on_it {
        return Err(AppError::Forbidden);
    }
    let now = Utc::now().timestamp();
    let locked = repo::left_writers(&mut *tx, id.0).await?;
    if let Some(why) =
        rules::stop_refusal(row.kind == Kind::Visit, row.status, (row.starts_at, row.ends_at), now, locked)
    {
        return Err(AppError::Conflict(why.into()));
    }
    let day = time::local(time::from_unix(row.starts_at)).date_naive();
    let stopped_at = time::at_local(day, chrono::Timelike::hour(&at), chrono::Timelike::minute(&at)).timestamp();
    if stopped_at < row.starts_at || stopped_at >= row.ends_at {
        return Err(AppError::invalid("at", "Tidspunktet skal ligge inden for samværet."));
    }
    if stopped_at > now + 60 {
        return Err(AppError::invalid("at", "Tidspunktet er ikke kommet endnu."));
    }
    if repo::add_incident(&mut *tx, id.0, stopped_at, reason, user.id.0, now).await? == 0 {
        return Err(AppError::Conflict("Samværet er allerede registreret som stoppet.".into()));
    }
    crate::booking::repo::set_outcome(&mut *tx, id.0, "held", now).await?;
    let detail = format!("Stoppet før tid kl. {}", time::clock(time::from_unix(stopped_at)));
    crate::booking::repo::record_change(&mut *tx, id.0, user.id.0, "held", &detail, now).await?;
    on_outcome(&mut tx, id.0, Some(Outcome::Stopped), now).await?;
    let staff_link = format!("{}/booking/aftale/{}", settings.public_url, id.0);
    let mut told = Vec::new();
    for email in repo::coordinator_emails(&mut *tx, row.centre_id).await? {
        crate::channels::notify::queue_plain(&mut tx, settings, &email, &rules::stopped_notice(&staff_link), now)
            .await?;
        told.push(email.to_lowercase());
    }
    let cases = repo::cases_on_visit(&mut *tx, id.0, day).await?;
    for (email, case_id) in repo::caseworker_emails(&mut *tx, id.0, day).await? {
        if told.contains(&email.to_lowercase()) {
            continue;
        }
        // Each caseworker's link goes to their own case.
        let link = format!("{}/sager/{case_id}", settings.public_url);
        crate::channels::notify::queue_plain(&mut tx, settings, &email, &rules::stopped_notice(&link), now).await?;
    }
    for (case_id, _, _) in &cases {
        if let Some(head) = crate::cases::repo::head(&mut *tx, *case_id).await? {
            crate::cases::effects::notify(&mut tx, &head, "samværet er stoppet før tid", (0, 0)).await?;
        }
    }
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "stop", "appointment", Some(id.0)).family(row.family_id))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The parents' yes to descriptions of supported visits: given or withdrawn from `on`. Staff of
/// the case's centre or its caseworker (`cases::service::reachable`).
#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = case.0, given))]
pub async fn record_yes(
    pool: &SqlitePool,
    user: &CurrentUser,
    case: CaseId,
    given: bool,
    on: NaiveDate,
) -> Result<(), AppError> {
    if !matches!(user.role, Role::Caseworker | Role::Coordinator) {
        return Err(AppError::Forbidden);
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let head = crate::cases::service::reachable(&mut tx, user, case).await?;
    let now = Utc::now().timestamp();
    let changed = if given {
        repo::add_yes(&mut *tx, case.0, on, user.id.0, now).await?
    } else {
        repo::withdraw_yes(&mut *tx, case.0, on).await?
    };
    if changed == 0 {
        return Err(AppError::Conflict(if given {
            "Forældrene har allerede sagt ja til beskrivelser.".into()
        } else {
            "Der er intet ja at trække tilbage fra den dato.".into()
        }));
    }
    let what = if given { "consent_given" } else { "consent_withdrawn" };
    let detail = format!("Forældrenes ja til skriftlige beskrivelser, fra {}", time::date(on));
    crate::cases::repo::record(&mut *tx, case.0, (user.id.0, now), what, &detail).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "update", "case", Some(case.0)).family(head.family_id))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the parents read each description before it goes to the caseworker.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = case.0, on))]
pub async fn set_review(pool: &SqlitePool, user: &CurrentUser, case: CaseId, on: bool) -> Result<(), AppError> {
    if !matches!(user.role, Role::Caseworker | Role::Coordinator) {
        return Err(AppError::Forbidden);
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let head = crate::cases::service::reachable(&mut tx, user, case).await?;
    repo::set_parents_review(&mut *tx, case.0, on).await?;
    let what =
        if on { "Forældrene læser beskrivelserne først" } else { "Forældrene læser ikke beskrivelserne først" };
    crate::cases::repo::record(&mut *tx, case.0, (user.id.0, Utc::now().timestamp()), "terms_changed", what).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "update", "case", Some(case.0)).family(head.family_id))
        .await?;
    tx.commit().await?;
    Ok(())
}
