//! What a change to a case does at once: the child's planned visits are checked again against
//! the case as it now stands (its period, visit type, § 105 decisions and consents, each on the
//! visit's own date); a visit the child may no longer come to is cancelled (by the caseworker, or
//! the centre when staff record it, with words the family sees), or the child is taken off where a
//! sibling may still come. The coordinator and the family's consultant get a notice on their
//! overview. All inside the caller's transaction.

use chrono::{NaiveDate, Utc};
use sqlx::{Sqlite, Transaction};

use super::repo::{self, CaseHead};
use super::rules::{Effect, Planned, lost_effects};
use crate::audit::{self, Entry};
use crate::auth::{CurrentUser, Role};
use crate::booking::eligibility;
use crate::error::AppError;
use crate::time;
use crate::visits::{CancelledBy, VisitType};

pub(super) fn planned(r: &repo::PlannedRow) -> Planned {
    Planned { id: r.id, children: r.children.split(',').filter_map(|k| k.parse().ok()).collect() }
}

/// Carries out `effects` on the family's appointments: cancellations with `why` (which the family
/// sees) and children taken off a sibling's visit (in the visit's history). Answers how many were
/// cancelled.
pub(super) async fn apply(
    tx: &mut Transaction<'_, Sqlite>,
    user: &CurrentUser,
    family_id: crate::cases::FamilyId,
    effects: &[Effect],
    why: &str,
) -> Result<usize, AppError> {
    // A young person's own withdrawal reads as the centre's: the parents are not told it was the
    // child (who did it stays in the case's history).
    let by = if user.role == Role::Caseworker { CancelledBy::Caseworker } else { CancelledBy::Centre };
    let now = Utc::now().timestamp();
    let mut cancelled = 0;
    for effect in effects {
        match *effect {
            Effect::Cancel(appointment) => {
                let row = crate::booking::repo::appointment(&mut **tx, appointment, family_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                crate::booking::change::cancel_one(tx, user, &row, by, why).await?;
                cancelled += 1;
            }
            Effect::TakeOff { appointment, child } => {
                repo::take_child_off(&mut **tx, appointment, child).await?;
                // 'staff' is the history's word for a change of who takes part.
                let detail = format!("Et barn er taget af aftalen: {why}");
                crate::booking::repo::record_change(&mut **tx, appointment, user.id.0, "staff", &detail, now).await?;
                repo::touch(&mut **tx, appointment, now).await?;
                let entry = Entry::new(Some(user.id.0), "update", "appointment", Some(appointment)).family(family_id);
                audit::repo::insert(&mut **tx, entry).await?;
            }
        }
    }
    Ok(cancelled)
}

/// Checks the child's planned visits from now on against its case as it stands inside `tx`, and
/// carries out what no longer holds. Answers (cancelled, children taken off).
pub(super) async fn enforce(
    tx: &mut Transaction<'_, Sqlite>,
    user: &CurrentUser,
    head: &CaseHead,
    why: &str,
) -> Result<(usize, usize), AppError> {
    let now = Utc::now().timestamp();
    let (ids, cases, _) = crate::booking::service::children(tx, head.family_id).await?;
    let rows = repo::planned_from(&mut **tx, head.family_id, now).await?;
    // Meetings carry no visit type and no children: a case's terms leave them alone.
    let visits: Vec<&repo::PlannedRow> = rows.iter().filter(|r| r.visit_type.is_some()).collect();
    let on: Vec<(i64, NaiveDate, VisitType)> = visits
        .iter()
        .filter_map(|r| Some((r.id, time::local(time::from_unix(r.starts_at)).date_naive(), r.visit_type?)))
        .collect();
    let may_come = |appointment: i64, child: i64| {
        let visit = on.iter().find(|(a, _, _)| *a == appointment);
        let case = ids.iter().position(|c| *c == child).and_then(|i| cases.get(i));
        matches!((visit, case), (Some((_, date, kind)), Some(c)) if eligibility::check(c, *kind, *date).is_ok())
    };
    let planned: Vec<Planned> = visits.iter().map(|r| planned(r)).collect();
    let effects = lost_effects(&planned, head.child_id, may_come);
    let cancelled = apply(tx, user, head.family_id, &effects, why).await?;
    Ok((cancelled, effects.len() - cancelled))
}

/// A notice on the overview of the centre's coordinators and the family's consultant: what
/// happened and what it did to the coming visits ("… 3 samvær aflyst, 1 samvær uden E."), the
/// family by its code and the child by initial, never a name.
pub(crate) async fn notify(
    tx: &mut Transaction<'_, Sqlite>,
    head: &CaseHead,
    what: &str,
    (cancelled, taken_off): (usize, usize),
) -> Result<(), AppError> {
    let initial: String = head.child_first.chars().take(1).collect();
    let mut text = format!("{} ({initial}.): {what}.", head.family_code);
    if cancelled > 0 {
        text.push_str(&format!(" {cancelled} samvær aflyst."));
    }
    if taken_off > 0 {
        text.push_str(&format!(" {taken_off} samvær uden {initial}."));
    }
    repo::add_notice(&mut **tx, head.id, head.family_id, &text, Utc::now().timestamp()).await?;
    Ok(())
}
