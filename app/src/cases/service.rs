use chrono::Utc;
use sqlx::SqlitePool;

use super::{CaseId, CaseSummary, age_on, frequency_label, repo};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::time;

#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn my_cases(pool: &SqlitePool, user: &CurrentUser) -> Result<Vec<CaseSummary>, AppError> {
    let now = Utc::now();
    let rows = repo::for_caseworker(pool, user.id.0, now.timestamp()).await?;
    audit::read(pool, Entry::new(Some(user.id.0), "read", "case_list", None)).await?;
    let today = time::today(now);
    Ok(rows
        .into_iter()
        .map(|r| CaseSummary {
            id: CaseId(r.id),
            child_name: r.child_name,
            age: age_on(r.birth_date, today),
            family_code: r.family_code,
            visit_type: if r.visit_type == "supervised" {
                "Overvåget samvær (§ 105)".into()
            } else {
                "Støttet samvær (§ 104)".into()
            },
            period: format!("{} – {}", time::date(r.decision_from), time::date(r.decision_to)),
            frequency: frequency_label(r.frequency_weeks, r.visit_minutes),
            status: match r.status.as_str() {
                "suspended" => "Suspenderet".into(),
                "closed" => "Afsluttet".into(),
                _ => "Aktiv".into(),
            },
            conditions: r.conditions,
            next_visit: r.next_visit.map(|t| time::long(time::from_unix(t))),
        })
        .collect())
}
