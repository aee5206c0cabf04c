//! The cases' SQL: lists, one case, consents, closing and continuing; `course` holds the terms,
//! § 105 decisions and staff notices.

mod course;
mod voice;

pub use course::*;
use sqlx::{FromRow, SqliteExecutor};
pub use voice::*;

#[derive(Debug, FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub child_name: String,
    pub birth_date: chrono::NaiveDate,
    pub family_code: String,
    pub visit_type: crate::visits::VisitType,
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
    CASE WHEN cs.status = 'closed' THEN NULL ELSE \
    (SELECT MIN(a.starts_at) FROM appointments a JOIN appointment_children ac ON ac.appointment_id = a.id \
       WHERE ac.child_id = c.id AND a.kind = 'visit' AND a.status = 'planned' AND a.starts_at >= ?) END AS next_visit";

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
    pub family_id: crate::cases::FamilyId,
    pub centre_id: i64,
    pub caseworker_id: i64,
    pub status: String,
    pub family_code: String,
    pub child_first: String,
}

pub async fn head(db: impl SqliteExecutor<'_>, case_id: i64) -> sqlx::Result<Option<CaseHead>> {
    sqlx::query_as(
        "SELECT cs.id, cs.child_id, c.family_id, f.centre_id, cs.caseworker_id, cs.status, f.code AS family_code, \
         c.first_name AS child_first FROM cases cs \
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
    pub purpose: String,
    pub goals: String,
    pub document_ref: String,
    pub consultant: Option<String>,
    pub followup_weeks: i64,
    pub support_person: String,
}

pub async fn full(db: impl SqliteExecutor<'_>, case_id: i64, now: i64) -> sqlx::Result<Option<CaseFull>> {
    sqlx::query_as(&format!(
        "{CASE_COLUMNS}, u.full_name AS caseworker, cs.closed_on, cs.closed_reason, cs.previous_case_id, \
           cs.purpose, cs.goals, cs.document_ref, \
           (SELECT k.full_name FROM users k WHERE k.id = f.consultant_id) AS consultant, cs.followup_weeks, cs.support_person, \
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

#[derive(Debug, FromRow)]
pub struct PlannedRow {
    pub id: i64,
    /// The children's ids ("3,4"); empty for a meeting.
    pub children: String,
    pub starts_at: i64,
    pub visit_type: Option<crate::visits::VisitType>,
}

/// The family's planned appointments from `from` on, guidance talks left out (they go with their
/// visit).
pub async fn planned_from(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
    from: i64,
) -> sqlx::Result<Vec<PlannedRow>> {
    sqlx::query_as(
        "SELECT a.id, COALESCE(group_concat(ac.child_id), '') AS children, a.starts_at, a.visit_type FROM appointments a \
         LEFT JOIN appointment_children ac ON ac.appointment_id = a.id \
         WHERE a.family_id = ? AND a.status = 'planned' AND a.starts_at >= ? AND a.related_visit_id IS NULL \
         GROUP BY a.id ORDER BY a.starts_at",
    )
    .bind(family_id)
    .bind(from)
    .fetch_all(db)
    .await
}

/// Whether the child has a case that is not closed.
pub async fn child_has_open_case(db: impl SqliteExecutor<'_>, child_id: i64) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM cases WHERE child_id = ? AND status <> 'closed')")
        .bind(child_id)
        .fetch_one(db)
        .await
}

/// The custody holders of a child: person id, name.
pub async fn custody_holders(db: impl SqliteExecutor<'_>, child_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT p.id, p.first_name || ' ' || p.last_name FROM child_relations r JOIN persons p ON p.id = r.person_id \
         WHERE r.child_id = ? AND r.custody_holder = 1 ORDER BY p.id",
    )
    .bind(child_id)
    .fetch_all(db)
    .await
}

/// A case's consents: (person id, None for the young person's own; given on; withdrawn on).
pub async fn consents(
    db: impl SqliteExecutor<'_>,
    case_id: i64,
) -> sqlx::Result<Vec<(Option<i64>, chrono::NaiveDate, Option<chrono::NaiveDate>)>> {
    sqlx::query_as("SELECT person_id, given_on, withdrawn_on FROM consents WHERE case_id = ? ORDER BY given_on, id")
        .bind(case_id)
        .fetch_all(db)
        .await
}

/// A consent given on `on` by a custody holder (`person`) or the young person (None).
pub async fn give_consent(
    db: impl SqliteExecutor<'_>,
    case_id: i64,
    person: Option<i64>,
    on: chrono::NaiveDate,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO consents (case_id, person_id, by_child, given_on) VALUES (?, ?, ?, ?)")
        .bind(case_id)
        .bind(person)
        .bind(person.is_none())
        .bind(on)
        .execute(db)
        .await?;
    Ok(())
}

/// Withdraws the party's consent in force from `on`; answers how many were in force.
pub async fn withdraw_consent(
    db: impl SqliteExecutor<'_>,
    case_id: i64,
    person: Option<i64>,
    on: chrono::NaiveDate,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE consents SET withdrawn_on = ? WHERE case_id = ? AND person_id IS ? AND withdrawn_on IS NULL",
    )
    .bind(on)
    .bind(case_id)
    .bind(person)
    .execute(db)
    .await?
    .rows_affected())
}

/// The family's children with an active case (a suspended one allows no visits).
pub async fn open_children(db: impl SqliteExecutor<'_>, family_id: crate::cases::FamilyId) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT DISTINCT c.id FROM children c JOIN cases cs ON cs.child_id = c.id \
         WHERE c.family_id = ? AND cs.status = 'active'",
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

/// The § 105 decisions of a case that reach into the new case's period, copied onto it.
pub async fn copy_decisions(
    db: impl SqliteExecutor<'_>,
    from_case: i64,
    to_case: i64,
    from: chrono::NaiveDate,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "INSERT INTO case_decisions (case_id, kind, valid_from, valid_to, note) \
         SELECT ?, kind, valid_from, valid_to, note FROM case_decisions WHERE case_id = ? AND valid_to >= ?",
    )
    .bind(to_case)
    .bind(from_case)
    .bind(from)
    .execute(db)
    .await?
    .rows_affected())
}

/// The consents in force on a case (not withdrawn), copied onto the case that continues it.
pub async fn copy_consents(db: impl SqliteExecutor<'_>, from_case: i64, to_case: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "INSERT INTO consents (case_id, person_id, by_child, given_on) \
         SELECT ?, person_id, by_child, given_on FROM consents WHERE case_id = ? AND withdrawn_on IS NULL",
    )
    .bind(to_case)
    .bind(from_case)
    .execute(db)
    .await?
    .rows_affected())
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

/// Marks an appointment changed (saved copies of it are stale).
pub async fn touch(db: impl SqliteExecutor<'_>, appointment_id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE appointments SET updated_at = ? WHERE id = ?")
        .bind(now)
        .bind(appointment_id)
        .execute(db)
        .await?;
    Ok(())
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
