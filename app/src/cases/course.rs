//! The caseworker's view of a case's course: the visits and meetings of its period, held,
//! cancelled (by whom, why), no-shows and planned; and handing the case to another caseworker,
//! with its history.

use chrono::Utc;
use sqlx::SqlitePool;

use super::repo::{self, CourseRow};
use super::service::begin_open_change;
use super::{CaseId, Course, CourseLine, DueFollowup, Mark};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::time;
use crate::visits::{Kind, Status, VisitType};

fn what(r: &CourseRow) -> &'static str {
    match r.kind {
        Kind::KickoffMeeting => "Opstartsmøde",
        Kind::FollowupMeeting => "Opfølgningsmøde",
        _ => r.visit_type.unwrap_or(VisitType::Supported).label(),
    }
}

/// The lines and their counts. Pure.
pub fn course(rows: &[CourseRow]) -> Course {
    let lines: Vec<CourseLine> = rows
        .iter()
        .map(|r| {
            let (mark, state) = match r.status {
                Status::Held => (Mark::Held, Status::Held.label().to_string()),
                Status::NoShow => (Mark::NoShow, Status::NoShow.label().to_string()),
                Status::Cancelled => {
                    let by = r.cancelled_by.map_or(Status::Cancelled.label(), |by| by.label_in(Lang::Da));
                    let why = r.cancel_reason.as_deref().map(str::trim).filter(|w| !w.is_empty());
                    (Mark::Cancelled, why.map_or(by.to_string(), |w| format!("{by}: {w}")))
                }
                Status::Planned => (Mark::Planned, Status::Planned.label().to_string()),
            };
            CourseLine {
                id: crate::visits::VisitId(r.id),
                when: time::long(time::from_unix(r.starts_at)),
                what: what(r).into(),
                state,
                mark,
            }
        })
        .collect();
    let count = |m: Mark| lines.iter().filter(|l| l.mark == m).count();
    let counts = format!(
        "{} afholdt · {} aflyst · {} udeblevet · {} planlagt",
        count(Mark::Held),
        count(Mark::Cancelled),
        count(Mark::NoShow),
        count(Mark::Planned)
    );
    Course { lines, counts }
}

/// Hands the case to another active caseworker; the history keeps who had it. The one who had it
/// no longer reaches it.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = id.0))]
pub async fn hand_over(pool: &SqlitePool, user: &CurrentUser, id: CaseId, to: &str) -> Result<(), AppError> {
    let now = Utc::now().timestamp();
    let (mut tx, head) = begin_open_change(pool, user, id).await?;
    let workers = repo::caseworkers(&mut *tx).await?;
    let chosen = to.trim().parse::<crate::auth::UserId>().ok();
    let Some((new_id, new_name)) = workers.iter().find(|(w, _)| Some(*w) == chosen) else {
        return Err(AppError::invalid("caseworker_id", "Vælg den rådgiver, sagen skal overdrages til."));
    };
    if new_id.0 == head.caseworker_id {
        return Err(AppError::invalid("caseworker_id", "Sagen har allerede den rådgiver. Vælg en anden."));
    }
    let old = repo::full(&mut *tx, id.0, now).await?.ok_or(AppError::NotFound)?.caseworker;
    let new_name = new_name.split(',').next().unwrap_or_default().to_string();
    repo::set_caseworker(&mut *tx, id.0, new_id.0).await?;
    repo::record(&mut *tx, id.0, (user.id.0, now), "handed_over", &format!("{old} → {new_name}")).await?;
    let entry = Entry::new(Some(user.id.0), "hand_over", "case", Some(id.0)).family(head.family_id);
    audit::repo::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// How many days before a follow-up is due it is listed.
const FOLLOWUP_NOTICE_DAYS: u64 = 14;

/// The centre's families whose next follow-up meeting is due within two weeks or overdue and not
/// booked, soonest first; with the families, for the caller's audit entry.
pub async fn due_followups(
    pool: &SqlitePool,
    centre: i64,
) -> Result<(Vec<DueFollowup>, Vec<crate::cases::FamilyId>), AppError> {
    let now = Utc::now();
    let today = time::today(now);
    let mut due: Vec<(chrono::NaiveDate, crate::cases::FamilyId, String)> =
        repo::followups(pool, centre, now.timestamp())
            .await?
            .into_iter()
            .filter_map(|r| {
                let anchor = r.last_meeting.map_or(r.decision_from, |t| time::local(time::from_unix(t)).date_naive());
                let weeks = u64::try_from(r.rhythm).unwrap_or(12);
                super::periods::followup_due(
                    anchor,
                    weeks,
                    r.booked_ahead,
                    r.decision_to,
                    (today, FOLLOWUP_NOTICE_DAYS),
                )
                .map(|d| (d, r.family_id, r.code))
            })
            .collect();
    due.sort();
    let families = due.iter().map(|(_, f, _)| *f).collect();
    let list = due
        .into_iter()
        .map(|(d, family, code)| DueFollowup {
            family_code: code,
            due: time::day(d),
            overdue: d < today,
            book_href: format!("/booking/ny?familie={family}&type=followup_meeting"),
        })
        .collect();
    Ok((list, families))
}

/// Sets how many weeks pass between the case's follow-up meetings (2 to 52).
#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = id.0))]
pub async fn set_rhythm(pool: &SqlitePool, user: &CurrentUser, id: CaseId, weeks: &str) -> Result<(), AppError> {
    let now = Utc::now().timestamp();
    let (mut tx, head) = begin_open_change(pool, user, id).await?;
    let weeks: i64 = weeks.trim().parse().ok().filter(|w| (2..=52).contains(w)).ok_or_else(|| {
        AppError::invalid("followup_weeks", "Skriv, hvor mange uger der går mellem opfølgningsmøder: 2 til 52.")
    })?;
    let old = repo::full(&mut *tx, id.0, now).await?.ok_or(AppError::NotFound)?.followup_weeks;
    if old == weeks {
        return Err(AppError::invalid("followup_weeks", "Det er allerede sagens rytme. Skriv et andet antal uger."));
    }
    repo::set_rhythm(&mut *tx, id.0, weeks).await?;
    let detail = format!("hver {old}. uge → hver {weeks}. uge");
    repo::record(&mut *tx, id.0, (user.id.0, now), "rhythm_changed", &detail).await?;
    let entry = Entry::new(Some(user.id.0), "update", "case", Some(id.0)).family(head.family_id);
    audit::repo::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::visits::CancelledBy;

    fn row(status: Status, by: Option<CancelledBy>, reason: Option<&str>) -> CourseRow {
        CourseRow {
            id: 1,
            kind: crate::visits::Kind::Visit,
            visit_type: Some(VisitType::Supervised),
            starts_at: 1_796_461_200,
            status,
            cancelled_by: by,
            cancel_reason: reason.map(str::to_string),
        }
    }

    #[test]
    fn each_outcome_reads_with_who_cancelled_and_why_and_is_counted() {
        let c = course(&[
            row(Status::Held, None, None),
            row(Status::Cancelled, Some(CancelledBy::Parent), Some("Syg")),
            row(Status::Cancelled, Some(CancelledBy::Caseworker), None),
            row(Status::NoShow, None, None),
            row(Status::Planned, None, None),
            row(Status::Cancelled, None, Some("Storm")),
        ]);
        let states: Vec<&str> = c.lines.iter().map(|l| l.state.as_str()).collect();
        assert_eq!(
            states,
            ["Afholdt", "Aflyst af forælder: Syg", "Aflyst af rådgiver", "Udeblevet", "Planlagt", "Aflyst: Storm"]
        );
        assert_eq!(c.counts, "1 afholdt · 3 aflyst · 1 udeblevet · 1 planlagt");
        assert_eq!(c.lines[0].what, "Overvåget samvær");
    }
}
