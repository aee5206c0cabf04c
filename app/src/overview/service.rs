use chrono::{Datelike, Days, Utc, Weekday};
use sqlx::SqlitePool;

use super::{DayGroup, Overview};
use crate::audit::{self, Entry};
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::time;
use crate::visits::{present, repo};

/// Parents' notices stay at the top of the overview this many days.
const NOTICE_DAYS: i64 = 3;
/// Changes in cases stay on the overview this many days.
const CASE_NOTICE_DAYS: i64 = 7;

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
    let staff_filter = only_mine.then_some(user.id.0);
    // Staff read their own centre's visits only; staff without a centre read nothing.
    let centre = user.centre();
    let rows = repo::in_range(pool, centre, from, to, staff_filter).await?;
    let now = Utc::now().timestamp();
    let alert_rows = repo::with_recent_notices(pool, centre, now - NOTICE_DAYS * 86_400, now, staff_filter).await?;
    let horizon = alert_rows.iter().map(|r| r.starts_at + 1).max().unwrap_or(to).max(to);
    let notices = repo::notices_in_range(pool, centre, from.min(now - 86_400), horizon).await?;
    // Coordinators and leaders see every case notice of the centre; consultants their families'.
    let consultant = (user.role == Role::Consultant).then_some(user.id.0);
    let case_notices =
        crate::cases::repo::recent_notices(pool, centre, now - CASE_NOTICE_DAYS * 86_400, consultant).await?;
    let (followups, followup_families) = if matches!(user.role, Role::Coordinator | Role::Leader) {
        crate::cases::course::due_followups(pool, centre).await?
    } else {
        (Vec::new(), Vec::new())
    };
    let families = rows
        .iter()
        .chain(&alert_rows)
        .map(|r| r.family_id)
        .chain(case_notices.iter().map(|(_, _, f)| *f))
        .chain(followup_families);
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
    for row in &rows {
        let date = time::local(time::from_unix(row.starts_at)).date_naive();
        let s = present::staff_row(row, &notices);
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
        alerts: alert_rows.iter().map(|r| present::staff_row(r, &notices)).collect(),
        week,
        case_notices: case_notices
            .into_iter()
            .map(|(at, text, _)| super::CaseNotice { when: time::long(time::from_unix(at)), text })
            .collect(),
        followups,
    })
}
