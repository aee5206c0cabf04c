use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub child_name: String,
    pub birth_date: chrono::NaiveDate,
    pub family_code: String,
    pub visit_type: String,
    pub decision_from: chrono::NaiveDate,
    pub decision_to: chrono::NaiveDate,
    pub frequency_weeks: i64,
    pub visit_minutes: i64,
    pub conditions: String,
    pub status: String,
    pub next_visit: Option<i64>,
}

/// The cases `caseworker_id` holds, with each child's next planned visit after `now`.
pub async fn for_caseworker(db: impl SqliteExecutor<'_>, caseworker_id: i64, now: i64) -> sqlx::Result<Vec<CaseRow>> {
    sqlx::query_as(
        "SELECT cs.id, c.first_name || ' ' || c.last_name AS child_name, c.birth_date, f.code AS family_code, \
           cs.visit_type, cs.decision_from, cs.decision_to, cs.frequency_weeks, cs.visit_minutes, cs.conditions, cs.status, \
           (SELECT MIN(a.starts_at) FROM appointments a JOIN appointment_children ac ON ac.appointment_id = a.id \
              WHERE ac.child_id = c.id AND a.kind = 'visit' AND a.status = 'planned' AND a.starts_at >= ?) AS next_visit \
         FROM cases cs JOIN children c ON c.id = cs.child_id JOIN families f ON f.id = c.family_id \
         WHERE cs.caseworker_id = ? ORDER BY c.last_name, c.first_name",
    )
    .bind(now)
    .bind(caseworker_id)
    .fetch_all(db)
    .await
}
