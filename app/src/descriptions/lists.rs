//! Lists of descriptions: a consultant's own ("Mine beskrivelser"), the centre's overdue ones for
//! the coordinator's overview, a case's sent ones for its caseworker, what the parents may read,
//! and the leader's figures. Rows name families by code and children by initial.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use sqlx::SqlitePool;

use super::repo::{self, ListRow};
use super::{CaseDescriptions, DescriptionId, DueRow, OnTime, State};
use crate::audit::{self, Entry};
use crate::auth::{CurrentUser, Role};
use crate::cases::CaseId;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::time;
use crate::visits::{Kind, VisitId, VisitType};

fn row(r: ListRow, today: NaiveDate) -> DueRow {
    let state = State::parse(&r.state).unwrap_or(State::Draft);
    let kind = match (r.visit_type, r.short) {
        (Some(VisitType::Supported), false) => "Støttet",
        (Some(VisitType::Supported), true) => "Støttet, kort",
        (_, false) => "Overvåget",
        (_, true) => "Overvåget, kort",
    };
    DueRow {
        id: DescriptionId(r.id),
        appointment_id: crate::visits::VisitId(r.appointment_id),
        when: format!(
            "{}, {}",
            time::day(time::local(time::from_unix(r.starts_at)).date_naive()),
            time::span_in(Lang::Da, time::from_unix(r.starts_at), time::from_unix(r.ends_at))
        ),
        family: crate::visits::family_label(&r.family_code, r.initials.as_deref().unwrap_or_default()),
        kind: kind.to_string(),
        state,
        due: time::day(r.due_on),
        overdue: state == State::Draft && r.due_on < today,
        writers: r.writers.unwrap_or_default(),
    }
}

fn rows(list: Vec<ListRow>) -> Vec<DueRow> {
    let today = time::today(Utc::now());
    list.into_iter().map(|r| row(r, today)).collect()
}

/// "Mine beskrivelser": the open ones (due, drafts, with the parents) and those sent in the last
/// 30 days. A consultant sees the visits they staffed; the coordinator the whole centre's.
#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn mine(pool: &SqlitePool, user: &CurrentUser) -> Result<(Vec<DueRow>, Vec<DueRow>), AppError> {
    let only = match user.role {
        Role::Consultant => Some(user.id.0),
        Role::Coordinator => None,
        _ => return Err(AppError::Forbidden),
    };
    let since = Utc::now().timestamp() - 30 * 24 * 3600;
    let open = repo::open_list(pool, user.centre(), only).await?;
    let sent = repo::sent_list(pool, user.centre(), only, since).await?;
    let families = open.iter().chain(&sent).map(|r| r.family_id);
    audit::read(pool, Entry::new(Some(user.id.0), "read", "description_list", None).families(families)).await?;
    Ok((rows(open), rows(sent)))
}

/// Descriptions past their deadline on `today`, for the overview (`overview::service`, which
/// keeps them with its week and logs their families with its read): the centre's (`consultant`
/// None: the coordinator and the leader), or those a consultant staffed, still open.
pub async fn overdue(
    pool: &SqlitePool,
    centre: i64,
    consultant: Option<i64>,
    today: NaiveDate,
) -> Result<Vec<ListRow>, AppError> {
    Ok(match consultant {
        None => repo::overdue(pool, centre, today).await?,
        Some(id) => repo::open_list(pool, centre, Some(id)).await?.into_iter().filter(|r| r.due_on < today).collect(),
    })
}

/// The overview's overdue descriptions as shown.
pub fn overdue_rows(list: &[ListRow]) -> Vec<DueRow> {
    rows(list.to_vec())
}

/// A case's sent descriptions and its settings for them, for its caseworker and the centre's
/// coordinator and leader.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = case.0))]
pub async fn for_case(pool: &SqlitePool, user: &CurrentUser, case: CaseId) -> Result<CaseDescriptions, AppError> {
    let mut tx = pool.begin().await?;
    let head = crate::cases::service::reachable(&mut tx, user, case).await?;
    let settings = repo::case_settings(&mut *tx, case.0).await?;
    // The visits of the case's own period (a continued case's are under the new one).
    let last = settings.closed_on.map_or(settings.decision_to, |c| c.min(settings.decision_to));
    let from = time::at_local(settings.decision_from, 0, 0).timestamp();
    let to = time::at_local(last + chrono::Days::new(1), 0, 0).timestamp();
    let list = repo::for_case(&mut *tx, case.0, from, to).await?;
    let spans = repo::yes_spans(&mut *tx, case.0).await?;
    tx.commit().await?;
    audit::read(pool, Entry::new(Some(user.id.0), "read", "description_list", Some(case.0)).family(head.family_id))
        .await?;
    let today = time::today(Utc::now());
    let yes = match spans.last() {
        None => "Forældrene har ikke sagt ja til skriftlige beskrivelser.".to_string(),
        Some((from, None)) => format!("Forældrene har sagt ja fra {}.", time::date(*from)),
        Some((from, Some(to))) if *to > today => {
            format!("Forældrene har sagt ja fra {} til {}.", time::date(*from), time::date(*to))
        }
        Some((_, Some(to))) => format!("Forældrenes ja er trukket tilbage fra {}.", time::date(*to)),
    };
    Ok(CaseDescriptions {
        parents_review: settings.parents_review,
        supported: settings.visit_type == VisitType::Supported,
        yes,
        yes_in_force: super::rules::yes_in_force(&spans, today),
        may_change: matches!(user.role, Role::Caseworker | Role::Coordinator) && head.status != "closed",
        rows: rows(list),
    })
}

/// For a parent's page of one of the family's appointments: a visit's own descriptions, or for
/// a follow-up meeting every description since the family's meeting before it.
pub async fn for_page(pool: &SqlitePool, user: &CurrentUser, id: VisitId) -> Result<Vec<DueRow>, AppError> {
    let family = match (user.role, user.scope.family_id) {
        (Role::Parent, Some(f)) => f,
        _ => return Err(AppError::Forbidden),
    };
    let visit = crate::visits::repo::one_for_family(pool, id.0, family).await?.ok_or(AppError::NotFound)?;
    let (from, to) = match visit.kind {
        Kind::Visit => (visit.starts_at, visit.starts_at + 1),
        Kind::FollowupMeeting => {
            (repo::meeting_before(pool, family, visit.starts_at).await?.unwrap_or(0), visit.starts_at)
        }
        _ => return Ok(Vec::new()),
    };
    for_family(pool, user, from, to).await
}

/// What the parents may read of their family's visits between `from` and `to` (unix).
pub async fn for_family(pool: &SqlitePool, user: &CurrentUser, from: i64, to: i64) -> Result<Vec<DueRow>, AppError> {
    let family = match (user.role, user.scope.family_id) {
        (Role::Parent, Some(f)) => f,
        _ => return Err(AppError::Forbidden),
    };
    let list = repo::for_family(pool, family, from, to).await?;
    audit::read(pool, Entry::new(Some(user.id.0), "read", "description_list", None).family(family)).await?;
    // The deadline and who writes are the centre's business, not the parents'.
    Ok(rows(list)
        .into_iter()
        .map(|r| DueRow { due: String::new(), overdue: false, writers: String::new(), ..r })
        .collect())
}

/// Descriptions sent on time, per month of their deadline and per consultant, for the last 12
/// months (the first version counts; a correction does not move the deadline).
#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn figures(pool: &SqlitePool, user: &CurrentUser) -> Result<Vec<OnTime>, AppError> {
    if !matches!(user.role, Role::Leader | Role::Coordinator) {
        return Err(AppError::Forbidden);
    }
    let today = time::today(Utc::now());
    let from = (today - Duration::days(365)).with_day(1).unwrap_or(today);
    let list = repo::deadlines(pool, user.centre(), from).await?;
    audit::read(pool, Entry::new(Some(user.id.0), "read", "description_figures", None)).await?;
    Ok(tally(&list, today))
}

/// The figures from (deadline, sent at, consultant) rows: newest month first, consultants by name.
pub fn tally(list: &[(NaiveDate, Option<i64>, String)], today: NaiveDate) -> Vec<OnTime> {
    let mut by: BTreeMap<((i32, u32), String), OnTime> = BTreeMap::new();
    for (due, sent_at, name) in list {
        let month = (due.year(), due.month());
        let entry = by.entry((month, name.clone())).or_insert_with(|| OnTime {
            month: time::month_year(*due),
            consultant: name.clone(),
            sent: 0,
            on_time: 0,
            overdue: 0,
        });
        match sent_at {
            Some(at) => {
                entry.sent += 1;
                if time::local(time::from_unix(*at)).date_naive() <= *due {
                    entry.on_time += 1;
                }
            }
            None if *due < today => entry.overdue += 1,
            None => {}
        }
    }
    let mut out: Vec<((i32, u32), OnTime)> = by.into_iter().map(|((m, _), v)| (m, v)).collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.consultant.cmp(&b.1.consultant)));
    out.into_iter().map(|(_, v)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_time_is_counted_per_month_and_consultant() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        // Noon UTC on a date.
        let at = |m, day| time::at_local(d(m, day), 12, 0).timestamp();
        let list = vec![
            (d(11, 4), Some(at(11, 4)), "Karen".to_string()),
            (d(11, 4), Some(at(11, 5)), "Karen".to_string()),
            (d(11, 20), None, "Karen".to_string()),
            (d(12, 2), Some(at(12, 1)), "Anders".to_string()),
            (d(12, 9), None, "Anders".to_string()),
        ];
        let figures = tally(&list, d(12, 3));
        assert_eq!(figures.len(), 2);
        assert_eq!(figures[0].consultant, "Anders");
        assert_eq!((figures[0].sent, figures[0].on_time, figures[0].overdue), (1, 1, 0));
        assert_eq!(figures[1].consultant, "Karen");
        assert_eq!((figures[1].sent, figures[1].on_time, figures[1].overdue), (2, 1, 1));
        assert_eq!(figures[1].month, "november 2026");
    }
}
