//! SQL for descriptions: one statement per function.

use sqlx::{FromRow, SqliteExecutor};

/// A description with what its checks need from its visit.
#[derive(Debug, Clone, FromRow)]
pub struct DescriptionRow {
    pub id: i64,
    pub appointment_id: i64,
    pub version: i64,
    pub short: bool,
    pub state: String,
    pub due_on: chrono::NaiveDate,
    pub review_until: Option<chrono::NaiveDate>,
    pub reason: String,
    pub sent_at: Option<i64>,
    pub sent_by_name: Option<String>,
    pub family_id: crate::cases::FamilyId,
    pub centre_id: i64,
    pub centre_name: String,
}

const HEAD: &str = "SELECT d.id, d.appointment_id, d.version, d.short, d.state, d.due_on, d.review_until, \
    d.reason, d.sent_at, u.full_name AS sent_by_name, a.family_id, a.centre_id, \
    c.name AS centre_name \
    FROM descriptions d JOIN appointments a ON a.id = d.appointment_id JOIN centres c ON c.id = a.centre_id \
    LEFT JOIN users u ON u.id = d.sent_by";

pub async fn head(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Option<DescriptionRow>> {
    sqlx::query_as(&format!("{HEAD} WHERE d.id = ?")).bind(id).fetch_optional(db).await
}

/// The visit a description is due for: its type, start, status and the centre's deadline.
#[derive(Debug, Clone, FromRow)]
pub struct VisitFacts {
    pub visit_type: Option<crate::visits::VisitType>,
    pub starts_at: i64,
    pub status: crate::visits::Status,
    pub description_days: i64,
}

pub async fn visit_facts(db: impl SqliteExecutor<'_>, appointment_id: i64) -> sqlx::Result<Option<VisitFacts>> {
    sqlx::query_as(
        "SELECT a.visit_type, a.starts_at, a.status, c.description_days FROM appointments a \
         JOIN centres c ON c.id = a.centre_id WHERE a.id = ?",
    )
    .bind(appointment_id)
    .fetch_optional(db)
    .await
}

/// The cases of the children on a visit whose period holds `on`: (case, caseworker, parents read
/// first).
pub async fn cases_on_visit(
    db: impl SqliteExecutor<'_>,
    appointment_id: i64,
    on: chrono::NaiveDate,
) -> sqlx::Result<Vec<(i64, i64, bool)>> {
    sqlx::query_as(
        "SELECT k.id, k.caseworker_id, k.parents_review FROM appointment_children ac \
         JOIN cases k ON k.child_id = ac.child_id \
         WHERE ac.appointment_id = ? AND k.decision_from <= ? AND k.decision_to >= ? AND k.status <> 'closed' \
         ORDER BY k.id",
    )
    .bind(appointment_id)
    .bind(on)
    .bind(on)
    .fetch_all(db)
    .await
}

/// The parents' yes to descriptions on a case: (given, withdrawn).
pub async fn yes_spans(
    db: impl SqliteExecutor<'_>,
    case_id: i64,
) -> sqlx::Result<Vec<(chrono::NaiveDate, Option<chrono::NaiveDate>)>> {
    sqlx::query_as("SELECT given_on, withdrawn_on FROM description_consents WHERE case_id = ? ORDER BY given_on, id")
        .bind(case_id)
        .fetch_all(db)
        .await
}

pub async fn add_yes(
    db: impl SqliteExecutor<'_>,
    case_id: i64,
    given_on: chrono::NaiveDate,
    user_id: i64,
    now: i64,
) -> sqlx::Result<u64> {
    sqlx::query(
        "INSERT INTO description_consents (case_id, given_on, recorded_by, recorded_at) \
         SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS \
         (SELECT 1 FROM description_consents WHERE case_id = ?1 AND withdrawn_on IS NULL)",
    )
    .bind(case_id)
    .bind(given_on)
    .bind(user_id)
    .bind(now)
    .execute(db)
    .await
    .map(|r| r.rows_affected())
}

/// Withdraws the yes in force from `on`; answers how many rows changed (0: there was none).
pub async fn withdraw_yes(db: impl SqliteExecutor<'_>, case_id: i64, on: chrono::NaiveDate) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE description_consents SET withdrawn_on = ?2 \
         WHERE case_id = ?1 AND withdrawn_on IS NULL AND given_on <= ?2",
    )
    .bind(case_id)
    .bind(on)
    .execute(db)
    .await
    .map(|r| r.rows_affected())
}

pub async fn set_parents_review(db: impl SqliteExecutor<'_>, case_id: i64, on: bool) -> sqlx::Result<u64> {
    sqlx::query("UPDATE cases SET parents_review = ? WHERE id = ?")
        .bind(on)
        .bind(case_id)
        .execute(db)
        .await
        .map(|r| r.rows_affected())
}

/// The open (draft or review) description of a visit: (id, state).
pub async fn open_for(db: impl SqliteExecutor<'_>, appointment_id: i64) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as("SELECT id, state FROM descriptions WHERE appointment_id = ? AND state IN ('draft', 'review')")
        .bind(appointment_id)
        .fetch_optional(db)
        .await
}

/// The latest version of a visit's description, any state.
pub async fn latest_for(db: impl SqliteExecutor<'_>, appointment_id: i64) -> sqlx::Result<Option<(i64, i64, String)>> {
    sqlx::query_as("SELECT id, version, state FROM descriptions WHERE appointment_id = ? ORDER BY version DESC LIMIT 1")
        .bind(appointment_id)
        .fetch_optional(db)
        .await
}

/// Whether any version of a visit's description has left its writers (review, sent or
/// superseded): from then on the visit's facts (its outcome, a stop) are fixed with it.
pub async fn left_writers(db: impl SqliteExecutor<'_>, appointment_id: i64) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM descriptions WHERE appointment_id = ? AND state <> 'draft')")
        .bind(appointment_id)
        .fetch_one(db)
        .await
}

pub struct NewDescription<'a> {
    pub appointment_id: i64,
    pub version: i64,
    pub short: bool,
    pub due_on: chrono::NaiveDate,
    pub reason: &'a str,
    pub now: i64,
}

pub async fn insert(db: impl SqliteExecutor<'_>, d: &NewDescription<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO descriptions (appointment_id, version, short, due_on, reason, created_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(d.appointment_id)
    .bind(d.version)
    .bind(d.short)
    .bind(d.due_on)
    .bind(d.reason)
    .bind(d.now)
    .fetch_one(db)
    .await
}

pub async fn set_short(db: impl SqliteExecutor<'_>, id: i64, short: bool) -> sqlx::Result<u64> {
    sqlx::query("UPDATE descriptions SET short = ? WHERE id = ? AND state = 'draft'")
        .bind(short)
        .bind(id)
        .execute(db)
        .await
        .map(|r| r.rows_affected())
}

/// A visit's held outcome taken back (set to no-show, say) leaves an untouched draft; a draft
/// with nothing written is removed when nothing is due any more.
pub async fn delete_empty_draft(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<u64> {
    sqlx::query(
        "DELETE FROM descriptions WHERE id = ? AND state = 'draft' AND version = 1 \
         AND NOT EXISTS (SELECT 1 FROM description_sections s WHERE s.description_id = descriptions.id)",
    )
    .bind(id)
    .execute(db)
    .await
    .map(|r| r.rows_affected())
}

/// A description's fields as stored: (field, body, rev).
pub async fn sections(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Vec<(String, String, i64)>> {
    sqlx::query_as("SELECT field, body, rev FROM description_sections WHERE description_id = ?")
        .bind(id)
        .fetch_all(db)
        .await
}

/// Writes one field at revision `rev`.
pub async fn put_section(
    db: impl SqliteExecutor<'_>,
    id: i64,
    (field, body, rev): (&str, &str, i64),
    user_id: i64,
    now: i64,
) -> sqlx::Result<u64> {
    sqlx::query(
        "INSERT INTO description_sections (description_id, field, body, rev, updated_by, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (description_id, field) DO UPDATE SET \
         body = excluded.body, rev = excluded.rev, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(field)
    .bind(body)
    .bind(rev)
    .bind(user_id)
    .bind(now)
    .execute(db)
    .await
    .map(|r| r.rows_affected())
}

/// Copies every field of `from` into `to` (a new version starts as the one it corrects).
pub async fn copy_sections(
    db: impl SqliteExecutor<'_>,
    from: i64,
    to: i64,
    user_id: i64,
    now: i64,
) -> sqlx::Result<u64> {
    sqlx::query(
        "INSERT INTO description_sections (description_id, field, body, rev, updated_by, updated_at) \
         SELECT ?, field, body, 1, ?, ? FROM description_sections WHERE description_id = ?",
    )
    .bind(to)
    .bind(user_id)
    .bind(now)
    .bind(from)
    .execute(db)
    .await
    .map(|r| r.rows_affected())
}

/// Every version of a visit's description: (id, version, state).
pub async fn versions(db: impl SqliteExecutor<'_>, appointment_id: i64) -> sqlx::Result<Vec<(i64, i64, String)>> {
    sqlx::query_as("SELECT id, version, state FROM descriptions WHERE appointment_id = ? ORDER BY version")
        .bind(appointment_id)
        .fetch_all(db)
        .await
}

/// Locks a draft for the parents' reading until `until`. Answers rows changed (0: not a draft).
pub async fn to_review(db: impl SqliteExecutor<'_>, id: i64, until: chrono::NaiveDate, now: i64) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE descriptions SET state = 'review', review_until = ?, shared_at = ? WHERE id = ? AND state = 'draft'",
    )
    .bind(until)
    .bind(now)
    .bind(id)
    .execute(db)
    .await
    .map(|r| r.rows_affected())
}

/// Sends a draft or reviewed description. Answers rows changed (0: already sent).
pub async fn to_sent(db: impl SqliteExecutor<'_>, id: i64, user_id: i64, now: i64) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE descriptions SET state = 'sent', sent_at = ?1, sent_by = ?2, shared_at = coalesce(shared_at, ?1) \
         WHERE id = ?3 AND state IN ('draft', 'review')",
    )
    .bind(now)
    .bind(user_id)
    .bind(id)
    .execute(db)
    .await
    .map(|r| r.rows_affected())
}

/// Marks the sent versions before `version` as superseded.
pub async fn supersede_before(db: impl SqliteExecutor<'_>, appointment_id: i64, version: i64) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE descriptions SET state = 'superseded' WHERE appointment_id = ? AND version < ? AND state = 'sent'",
    )
    .bind(appointment_id)
    .bind(version)
    .execute(db)
    .await
    .map(|r| r.rows_affected())
}

/// A parent's own comment on a version out for their reading (a second one replaces their first).
pub async fn comment(db: impl SqliteExecutor<'_>, id: i64, text: &str, user_id: i64, now: i64) -> sqlx::Result<u64> {
    sqlx::query(
        "INSERT INTO description_comments (description_id, user_id, body, at) \
         SELECT id, ?2, ?3, ?4 FROM descriptions WHERE id = ?1 AND state = 'review' \
         ON CONFLICT (description_id, user_id) DO UPDATE SET body = excluded.body, at = excluded.at",
    )
    .bind(id)
    .bind(user_id)
    .bind(text)
    .bind(now)
    .execute(db)
    .await
    .map(|r| r.rows_affected())
}

/// The parents' comments on a version: (user, name, text, when), in the order written.
pub async fn comments(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Vec<(i64, String, String, i64)>> {
    sqlx::query_as(
        "SELECT c.user_id, u.full_name, c.body, c.at FROM description_comments c JOIN users u ON u.id = c.user_id \
         WHERE c.description_id = ? ORDER BY c.at, c.user_id",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

/// Whether every parent of the family with an active account has commented on the version.
pub async fn all_commented(
    db: impl SqliteExecutor<'_>,
    id: i64,
    family_id: crate::cases::FamilyId,
) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM persons p JOIN users u ON u.id = p.user_id \
         WHERE p.family_id = ?2 AND u.active = 1 AND u.role = 'parent' AND NOT EXISTS \
         (SELECT 1 FROM description_comments c WHERE c.description_id = ?1 AND c.user_id = u.id))",
    )
    .bind(id)
    .bind(family_id)
    .fetch_one(db)
    .await
}

/// A visit stopped before its time.
pub async fn incident(db: impl SqliteExecutor<'_>, appointment_id: i64) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as("SELECT stopped_at, reason FROM visit_incidents WHERE appointment_id = ?")
        .bind(appointment_id)
        .fetch_optional(db)
        .await
}

pub async fn add_incident(
    db: impl SqliteExecutor<'_>,
    appointment_id: i64,
    stopped_at: i64,
    reason: &str,
    user_id: i64,
    now: i64,
) -> sqlx::Result<u64> {
    sqlx::query(
        "INSERT INTO visit_incidents (appointment_id, stopped_at, reason, recorded_by, recorded_at) \
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (appointment_id) DO NOTHING",
    )
    .bind(appointment_id)
    .bind(stopped_at)
    .bind(reason)
    .bind(user_id)
    .bind(now)
    .execute(db)
    .await
    .map(|r| r.rows_affected())
}

/// A row of a list of descriptions, with its visit.
#[derive(Debug, Clone, FromRow)]
pub struct ListRow {
    pub id: i64,
    pub appointment_id: i64,
    pub family_id: crate::cases::FamilyId,
    pub state: String,
    pub short: bool,
    pub due_on: chrono::NaiveDate,
    pub visit_type: Option<crate::visits::VisitType>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub family_code: String,
    pub initials: Option<String>,
    pub writers: Option<String>,
}

const LIST: &str = "SELECT d.id, d.appointment_id, a.family_id, d.state, d.short, d.due_on, a.visit_type, a.starts_at, a.ends_at, \
    f.code AS family_code, \
    (SELECT group_concat(upper(substr(c.first_name, 1, 1)) || upper(substr(c.last_name, 1, 1)), ', ') \
       FROM appointment_children ac JOIN children c ON c.id = ac.child_id WHERE ac.appointment_id = a.id) AS initials, \
    (SELECT group_concat(u.full_name, ', ') FROM appointment_staff s JOIN users u ON u.id = s.user_id \
       WHERE s.appointment_id = a.id) AS writers \
    FROM descriptions d JOIN appointments a ON a.id = d.appointment_id JOIN families f ON f.id = a.family_id";

/// A consultant's open descriptions (the visits they staffed), or every open one of the centre
/// (`user_id` None, the coordinator), soonest deadline first.
pub async fn open_list(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    user_id: Option<i64>,
) -> sqlx::Result<Vec<ListRow>> {
    sqlx::query_as(&format!(
        "{LIST} WHERE a.centre_id = ?1 AND d.state IN ('draft', 'review') AND (?2 IS NULL OR EXISTS \
         (SELECT 1 FROM appointment_staff s WHERE s.appointment_id = a.id AND s.user_id = ?2)) \
         ORDER BY d.due_on, a.starts_at LIMIT 200"
    ))
    .bind(centre_id)
    .bind(user_id)
    .fetch_all(db)
    .await
}

/// The centre's descriptions still with their writers whose deadline is before `today`.
pub async fn overdue(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    today: chrono::NaiveDate,
) -> sqlx::Result<Vec<ListRow>> {
    sqlx::query_as(&format!(
        "{LIST} WHERE a.centre_id = ? AND d.state = 'draft' AND d.due_on < ? ORDER BY d.due_on LIMIT 200"
    ))
    .bind(centre_id)
    .bind(today)
    .fetch_all(db)
    .await
}

/// A consultant's sent descriptions of the last `since` (unix), latest first.
pub async fn sent_list(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    user_id: Option<i64>,
    since: i64,
) -> sqlx::Result<Vec<ListRow>> {
    sqlx::query_as(&format!(
        "{LIST} WHERE a.centre_id = ?1 AND d.state = 'sent' AND d.sent_at >= ?3 AND (?2 IS NULL OR EXISTS \
         (SELECT 1 FROM appointment_staff s WHERE s.appointment_id = a.id AND s.user_id = ?2)) \
         ORDER BY d.sent_at DESC LIMIT 50"
    ))
    .bind(centre_id)
    .bind(user_id)
    .bind(since)
    .fetch_all(db)
    .await
}

/// The sent (and superseded) descriptions of visits with a case's child, latest visit first.
pub async fn for_case(db: impl SqliteExecutor<'_>, case_id: i64, from: i64, to: i64) -> sqlx::Result<Vec<ListRow>> {
    sqlx::query_as(&format!(
        "{LIST} WHERE d.state IN ('sent', 'superseded') AND a.starts_at >= ? AND a.starts_at < ? \
         AND EXISTS (SELECT 1 FROM appointment_children ac \
         JOIN cases k ON k.child_id = ac.child_id WHERE ac.appointment_id = a.id AND k.id = ?) \
         ORDER BY a.starts_at DESC, d.version DESC LIMIT 200"
    ))
    .bind(from)
    .bind(to)
    .bind(case_id)
    .fetch_all(db)
    .await
}

/// What a family's parents may read: descriptions sent, or out for their reading, of visits from
/// `from` to `to` (unix), latest visit first.
pub async fn for_family(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<ListRow>> {
    sqlx::query_as(&format!(
        "{LIST} WHERE a.family_id = ? AND d.state IN ('review', 'sent') AND a.starts_at >= ? AND a.starts_at < ? \
         ORDER BY a.starts_at DESC LIMIT 100"
    ))
    .bind(family_id)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await
}

/// Whether `user_id` is the caseworker of a child's case that covered the visit's day `on`: the
/// decision's period holds it, and a closed case had not closed before it (a caseworker whose
/// case has ended, or been continued by another, reaches nothing after it).
pub async fn is_caseworker_of(
    db: impl SqliteExecutor<'_>,
    appointment_id: i64,
    user_id: i64,
    on: chrono::NaiveDate,
) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM appointment_children ac JOIN cases k ON k.child_id = ac.child_id \
         WHERE ac.appointment_id = ? AND k.caseworker_id = ? AND k.decision_from <= ?3 AND k.decision_to >= ?3 \
         AND (k.status <> 'closed' OR k.closed_on >= ?3))",
    )
    .bind(appointment_id)
    .bind(user_id)
    .bind(on)
    .fetch_one(db)
    .await
}

/// The active caseworkers of the cases of the visit's children that cover its day `on`: (e-mail,
/// their case), one row per caseworker.
pub async fn caseworker_emails(
    db: impl SqliteExecutor<'_>,
    appointment_id: i64,
    on: chrono::NaiveDate,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT u.email, MIN(k.id) FROM appointment_children ac JOIN cases k ON k.child_id = ac.child_id \
         JOIN users u ON u.id = k.caseworker_id WHERE ac.appointment_id = ? \
         AND (k.status <> 'closed' OR k.closed_on >= ?2) AND k.decision_from <= ?2 AND k.decision_to >= ?2 \
         AND u.active = 1 AND u.email IS NOT NULL AND u.email <> '' GROUP BY u.email",
    )
    .bind(appointment_id)
    .bind(on)
    .fetch_all(db)
    .await
}

/// The e-mail addresses of the centre's active coordinators.
pub async fn coordinator_emails(db: impl SqliteExecutor<'_>, centre_id: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT u.email FROM users u JOIN staff s ON s.user_id = u.id WHERE s.centre_id = ? \
         AND u.role = 'coordinator' AND u.active = 1 AND u.email IS NOT NULL AND u.email <> ''",
    )
    .bind(centre_id)
    .fetch_all(db)
    .await
}

/// First versions of the centre's descriptions due from `from`: (due, sent at, the consultant's
/// name), a row per consultant on the visit.
pub async fn deadlines(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    from: chrono::NaiveDate,
) -> sqlx::Result<Vec<(chrono::NaiveDate, Option<i64>, String)>> {
    sqlx::query_as(
        "SELECT d.due_on, d.shared_at, u.full_name FROM descriptions d JOIN appointments a ON a.id = d.appointment_id \
         JOIN appointment_staff s ON s.appointment_id = a.id JOIN users u ON u.id = s.user_id \
         WHERE a.centre_id = ? AND d.version = 1 AND d.due_on >= ? ORDER BY d.due_on",
    )
    .bind(centre_id)
    .bind(from)
    .fetch_all(db)
    .await
}

/// A case's settings for descriptions.
#[derive(Debug, sqlx::FromRow)]
pub struct CaseSettings {
    pub parents_review: bool,
    pub visit_type: crate::visits::VisitType,
    pub decision_from: chrono::NaiveDate,
    pub decision_to: chrono::NaiveDate,
    /// The day a closed case closed.
    pub closed_on: Option<chrono::NaiveDate>,
}

pub async fn case_settings(db: impl SqliteExecutor<'_>, case_id: i64) -> sqlx::Result<CaseSettings> {
    sqlx::query_as(
        "SELECT parents_review, visit_type, decision_from, decision_to, \
         CASE WHEN status = 'closed' THEN closed_on END AS closed_on FROM cases WHERE id = ?",
    )
    .bind(case_id)
    .fetch_one(db)
    .await
}

/// When the family's last kick-off or follow-up meeting before `before` began.
pub async fn meeting_before(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
    before: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT MAX(starts_at) FROM appointments WHERE family_id = ? AND starts_at < ? \
         AND kind IN ('kickoff_meeting', 'followup_meeting') AND status <> 'cancelled'",
    )
    .bind(family_id)
    .bind(before)
    .fetch_one(db)
    .await
}
