use std::time::Duration;

use chrono::{Datelike, Days, Utc, Weekday};
use sqlx::SqlitePool;

use super::{DayGroup, Overview};
use crate::audit::{self, Entry};
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::kept::{self, Kept, Topic};
use crate::time;
use crate::visits::repo::{AppointmentRow, NoticeRow};
use crate::visits::{present, repo};

/// Parents' notices stay at the top of the overview this many days.
const NOTICE_DAYS: i64 = 3;
/// Changes in cases stay on the overview this many days.
const CASE_NOTICE_DAYS: i64 = 7;

/// What the overview shows, read together: the week's appointments, those with recent notices from
/// parents, the notices, the case notices, the due follow-ups (with their families) and the
/// overdue descriptions.
#[derive(Debug)]
pub struct OverviewData {
    rows: Vec<AppointmentRow>,
    alert_rows: Vec<AppointmentRow>,
    notices: Vec<NoticeRow>,
    case_notices: Vec<(i64, String, crate::cases::FamilyId)>,
    followups: Vec<crate::cases::DueFollowup>,
    followup_families: Vec<crate::cases::FamilyId>,
    overdue: Vec<crate::descriptions::repo::ListRow>,
}

/// Who sees what: the centre, the hourly consultant whose visits alone are shown, the consultant
/// whose families' case notices and overdue descriptions alone are shown, whether follow-ups are
/// shown, the week's start. (A day's turn is within the time to live: a description is overdue
/// from the day after its deadline.)
type Key = (i64, Option<i64>, Option<i64>, bool, i64);

/// Overviews kept between requests until the database changes or `OVERVIEW_TTL` has passed
/// (`kept`).
pub type Overviews = Kept<Key, OverviewData>;

/// The notices' windows ("the last three days") move on by no more than this before it is read
/// again.
const OVERVIEW_TTL: Duration = Duration::from_secs(10);

pub fn overviews(pool: &SqlitePool, settle: Duration) -> Overviews {
    // One per staff member at most (consultants' and hourly consultants' own), a few tens of
    // kilobytes each.
    Kept::new(pool, Topic::Data, OVERVIEW_TTL, 1_000).settling(settle)
}

async fn read(pool: &SqlitePool, key: Key, to: i64) -> Result<OverviewData, AppError> {
    let (centre, staff_filter, consultant, with_followups, from) = key;
    let rows = repo::in_range(pool, centre, from, to, staff_filter).await?;
    let now = Utc::now().timestamp();
    let alert_rows = repo::with_recent_notices(pool, centre, now - NOTICE_DAYS * 86_400, now, staff_filter).await?;
    let horizon = alert_rows.iter().map(|r| r.starts_at + 1).max().unwrap_or(to).max(to);
    let notices = repo::notices_in_range(pool, centre, from.min(now - 86_400), horizon).await?;
    let case_notices =
        crate::cases::repo::recent_notices(pool, centre, now - CASE_NOTICE_DAYS * 86_400, consultant).await?;
    let (followups, followup_families) = if with_followups {
        crate::cases::course::due_followups(pool, centre).await?
    } else {
        (Vec::new(), Vec::new())
    };
    let overdue = crate::descriptions::lists::overdue(pool, centre, consultant, time::today(Utc::now())).await?;
    Ok(OverviewData { rows, alert_rows, notices, case_notices, followups, followup_families, overdue })
}

/// Hourly consultants see only the visits they staff (need-to-know); everyone else at the centre
/// sees all of the centre's (never another centre's).
#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn overview(pool: &SqlitePool, user: &CurrentUser) -> Result<Overview, AppError> {
    let only_mine = user.is_hourly();
    let today = time::today(Utc::now());
    let monday = time::monday_of(today);
    let next_monday = monday + Days::new(7);
    let from = time::start_of_day(monday).timestamp();
    let to = time::start_of_day(next_monday).timestamp();
    // Staff read their own centre's visits only; staff without a centre read nothing. Coordinators
    // and leaders see every case notice of the centre and its due follow-ups; consultants their
    // families' case notices.
    let key = (
        user.centre(),
        only_mine.then_some(user.id.0),
        (user.role == Role::Consultant).then_some(user.id.0),
        matches!(user.role, Role::Coordinator | Role::Leader),
        from,
    );
    let data = kept::through(|s| &*s.overviews, key, read(pool, key, to)).await?;
    let OverviewData { rows, alert_rows, notices, case_notices, followups, followup_families, overdue } = &*data;
    let families = rows
        .iter()
        .chain(alert_rows)
        .map(|r| r.family_id)
        .chain(case_notices.iter().map(|(_, _, f)| *f))
        .chain(followup_families.iter().copied())
        .chain(overdue.iter().map(|r| r.family_id));
    audit::read(pool, Entry::new(Some(user.id.0), "read", "appointment_week", None).families(families)).await?;

    let mut week: Vec<DayGroup> = (0..7)
        .map(|i| {
            let d = monday + Days::new(i);
            DayGroup {
                label: time::day(d),
                is_weekend: matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
                visits: Vec::new(),
            }
        })
        .collect();
    let mut todays = Vec::new();
    for row in rows {
        let date = time::local(time::from_unix(row.starts_at)).date_naive();
        let s = present::staff_row(row, notices);
        if date == today {
            todays.push(s.clone());
        }
        let idx = usize::try_from(date.weekday().num_days_from_monday()).unwrap_or(0);
        if let Some(day) = week.get_mut(idx) {
            day.visits.push(s);
        }
    }
    Ok(Overview {
        today_label: time::day(today),
        week_label: format!("Uge {}", today.iso_week().week()),
        only_mine,
        today: todays,
        alerts: alert_rows.iter().map(|r| present::staff_row(r, notices)).collect(),
        week,
        case_notices: case_notices
            .iter()
            .map(|(at, text, _)| super::CaseNotice { when: time::long(time::from_unix(*at)), text: text.clone() })
            .collect(),
        followups: followups.clone(),
        overdue: crate::descriptions::lists::overdue_rows(overdue),
    })
}
