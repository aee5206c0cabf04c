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

/// The list's columns of a case; binds the time after which the next visit counts.
const CASE_COLUMNS: &str = "SELECT cs.id, c.first_name || ' ' || c.last_name AS child_name, c.birth_date, \
    f.code AS family_code, cs.visit_type, cs.decision_from, cs.decision_to, cs.frequency_weeks, cs.visit_minutes, \
    cs.conditions, cs.status, \
    (SELECT MIN(a.starts_at) FROM appointments a JOIN appointment_children ac ON ac.appointment_id = a.id \
       WHERE ac.child_id = c.id AND a.kind = 'visit' AND a.status = 'planned' AND a.starts_at >= ?) AS next_visit";

/// The cases `caseworker_id` holds, with each child's next planned visit after `now`.
pub async fn for_caseworker(db: impl SqliteExecutor<'_>, caseworker_id: i64, now: i64) -> sqlx::Result<Vec<CaseRow>> {
    sqlx::query_as(&format!(
        "{CASE_COLUMNS} FROM cases cs JOIN children c ON c.id = cs.child_id JOIN families f ON f.id = c.family_id \
         WHERE cs.caseworker_id = ? ORDER BY cs.status = 'closed', c.last_name, c.first_name"
    ))
    .bind(now)
    .bind(caseworker_id)
    .fetch_all(db)
    .await
}

/// A case with what deciding who may see and change it needs.
#[derive(Debug, FromRow)]
pub struct CaseHead {
    pub id: i64,
    pub child_id: i64,
    pub family_id: i64,
    pub centre_id: i64,
    pub caseworker_id: i64,
    pub status: String,
}

pub async fn head(db: impl SqliteExecutor<'_>, case_id: i64) -> sqlx::Result<Option<CaseHead>> {
    sqlx::query_as(
        "SELECT cs.id, cs.child_id, c.family_id, f.centre_id, cs.caseworker_id, cs.status FROM cases cs \
         JOIN children c ON c.id = cs.child_id JOIN families f ON f.id = c.family_id WHERE cs.id = ?",
    )
    .bind(case_id)
    .fetch_optional(db)
    .await
}

/// One case for its page: the list's facts and how it ended or began.
#[derive(Debug, FromRow)]
pub struct CaseFull {
    #[sqlx(flatten)]
    pub row: CaseRow,
    pub caseworker: String,
    pub closed_on: Option<chrono::NaiveDate>,
    pub closed_reason: String,
    pub previous_case_id: Option<i64>,
    pub next_case_id: Option<i64>,
}

pub async fn full(db: impl SqliteExecutor<'_>, case_id: i64, now: i64) -> sqlx::Result<Option<CaseFull>> {
    sqlx::query_as(&format!(
        "{CASE_COLUMNS}, u.full_name AS caseworker, cs.closed_on, cs.closed_reason, cs.previous_case_id, \
           (SELECT n.id FROM cases n WHERE n.previous_case_id = cs.id) AS next_case_id \
         FROM cases cs JOIN children c ON c.id = cs.child_id JOIN families f ON f.id = c.family_id \
         JOIN users u ON u.id = cs.caseworker_id WHERE cs.id = ?"
    ))
    .bind(now)
    .bind(case_id)
    .fetch_optional(db)
    .await
}

/// The cases of a centre's families (coordinators and leaders), open ones first.
pub async fn for_centre(db: impl SqliteExecutor<'_>, centre_id: i64, now: i64) -> sqlx::Result<Vec<CaseRow>> {
    sqlx::query_as(&format!(
        "{CASE_COLUMNS} FROM cases cs JOIN children c ON c.id = cs.child_id JOIN families f ON f.id = c.family_id \
         WHERE f.centre_id = ? ORDER BY cs.status = 'closed', f.code, c.birth_date"
    ))
    .bind(now)
    .bind(centre_id)
    .fetch_all(db)
    .await
}

/// The family's planned appointments from `from` on, guidance talks left out, with their
/// children's ids ("3,4"; empty for a meeting).
pub async fn planned_from(db: impl SqliteExecutor<'_>, family_id: i64, from: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT a.id, COALESCE(group_concat(ac.child_id), '') FROM appointments a \
         LEFT JOIN appointment_children ac ON ac.appointment_id = a.id \
         WHERE a.family_id = ? AND a.status = 'planned' AND a.starts_at >= ? AND a.related_visit_id IS NULL \
         GROUP BY a.id ORDER BY a.starts_at",
    )
    .bind(family_id)
    .bind(from)
    .fetch_all(db)
    .await
}

/// The family's children whose cases are not closed.
pub async fn open_children(db: impl SqliteExecutor<'_>, family_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT DISTINCT c.id FROM children c JOIN cases cs ON cs.child_id = c.id \
         WHERE c.family_id = ? AND cs.status <> 'closed'",
    )
    .bind(family_id)
    .fetch_all(db)
    .await
}

pub async fn close(
    db: impl SqliteExecutor<'_>,
    case_id: i64,
    on: chrono::NaiveDate,
    reason: &str,
    user_id: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE cases SET status = 'closed', closed_on = ?, closed_reason = ?, closed_by = ? \
         WHERE id = ? AND status <> 'closed'",
    )
    .bind(on)
    .bind(reason)
    .bind(user_id)
    .bind(case_id)
    .execute(db)
    .await?
    .rows_affected())
}

/// A new case continuing a closed one: the same child, caseworker, kind of visits, frequency,
/// length and conditions, over a new decision period.
pub async fn continue_case(
    db: impl SqliteExecutor<'_>,
    previous: i64,
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO cases (child_id, caseworker_id, visit_type, decision_from, decision_to, frequency_weeks, \
           visit_minutes, conditions, status, created_at, previous_case_id) \
         SELECT child_id, caseworker_id, visit_type, ?, ?, frequency_weeks, visit_minutes, conditions, 'active', ?, id \
         FROM cases WHERE id = ? RETURNING id",
    )
    .bind(from)
    .bind(to)
    .bind(now)
    .bind(previous)
    .fetch_one(db)
    .await
}

/// Takes one child off an appointment (a sibling still comes).
pub async fn take_child_off(db: impl SqliteExecutor<'_>, appointment_id: i64, child_id: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM appointment_children WHERE appointment_id = ? AND child_id = ?")
        .bind(appointment_id)
        .bind(child_id)
        .execute(db)
        .await?
        .rows_affected())
}

pub async fn record(
    db: impl SqliteExecutor<'_>,
    case_id: i64,
    (user_id, at): (i64, i64),
    what: &str,
    detail: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO case_changes (case_id, at, user_id, what, detail) VALUES (?, ?, ?, ?, ?)")
        .bind(case_id)
        .bind(at)
        .bind(user_id)
        .bind(what)
        .bind(detail)
        .execute(db)
        .await?;
    Ok(())
}

/// A case's history, newest first: (at, who, what, detail).
pub async fn changes(db: impl SqliteExecutor<'_>, case_id: i64) -> sqlx::Result<Vec<(i64, String, String, String)>> {
    sqlx::query_as(
        "SELECT ch.at, COALESCE(u.full_name, ''), ch.what, ch.detail FROM case_changes ch \
         LEFT JOIN users u ON u.id = ch.user_id WHERE ch.case_id = ? ORDER BY ch.at DESC, ch.id DESC",
    )
    .bind(case_id)
    .fetch_all(db)
    .await
}
