use sqlx::{FromRow, SqliteExecutor};

use super::rules::{Child, Person, Placement};
use crate::cases::periods::Terms;

#[derive(Debug, FromRow)]
pub struct ReferralRow {
    pub id: i64,
    pub centre_id: i64,
    pub centre: String,
    pub caseworker_id: i64,
    pub caseworker: String,
    pub status: String,
    pub body: String,
    pub family_id: Option<crate::cases::FamilyId>,
    pub created_at: i64,
}

const COLUMNS: &str = "SELECT r.id, r.centre_id, c.name AS centre, r.caseworker_id, u.full_name AS caseworker, \
    r.status, r.body, r.family_id, r.created_at FROM referrals r JOIN centres c ON c.id = r.centre_id \
    JOIN users u ON u.id = r.caseworker_id";

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    caseworker_id: i64,
    body: &str,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO referrals (centre_id, caseworker_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?) \
         RETURNING id",
    )
    .bind(centre_id)
    .bind(caseworker_id)
    .bind(body)
    .bind(now)
    .bind(now)
    .fetch_one(db)
    .await
}

pub async fn one(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Option<ReferralRow>> {
    sqlx::query_as(&format!("{COLUMNS} WHERE r.id = ?")).bind(id).fetch_optional(db).await
}

/// A centre's referrals (open ones first), or a caseworker's own.
pub async fn list(
    db: impl SqliteExecutor<'_>,
    centre_id: Option<i64>,
    caseworker_id: Option<i64>,
) -> sqlx::Result<Vec<ReferralRow>> {
    sqlx::query_as(&format!(
        "{COLUMNS} WHERE (?1 IS NULL OR r.centre_id = ?1) AND (?2 IS NULL OR r.caseworker_id = ?2) \
         ORDER BY r.status = 'accepted', r.created_at DESC LIMIT 200"
    ))
    .bind(centre_id)
    .bind(caseworker_id)
    .fetch_all(db)
    .await
}

pub async fn set_status(db: impl SqliteExecutor<'_>, id: i64, status: &str, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE referrals SET status = ?, updated_at = ? WHERE id = ? AND status <> 'accepted'")
        .bind(status)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?
        .rows_affected())
}

pub async fn accepted(
    db: impl SqliteExecutor<'_>,
    id: i64,
    family_id: crate::cases::FamilyId,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE referrals SET status = 'accepted', family_id = ?, updated_at = ? WHERE id = ? AND status <> 'accepted'",
    )
    .bind(family_id)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

pub async fn add_note(db: impl SqliteExecutor<'_>, id: i64, user_id: i64, text: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO referral_notes (referral_id, at, user_id, text) VALUES (?, ?, ?, ?)")
        .bind(id)
        .bind(now)
        .bind(user_id)
        .bind(text)
        .execute(db)
        .await?;
    Ok(())
}

/// (at, who, text), oldest first.
pub async fn notes(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as(
        "SELECT n.at, u.full_name, n.text FROM referral_notes n JOIN users u ON u.id = n.user_id \
         WHERE n.referral_id = ? ORDER BY n.at, n.id",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

/// The next free family code: "F-" and one more than the highest number in use.
pub async fn next_code(db: impl SqliteExecutor<'_>) -> sqlx::Result<String> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(CAST(substr(code, 3) AS INTEGER)), 0) + 1 FROM families WHERE code GLOB 'F-[0-9]*'",
    )
    .fetch_one(db)
    .await?;
    Ok(format!("F-{n:02}"))
}

pub async fn family(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    code: &str,
    consultant: Option<crate::staff::StaffId>,
) -> sqlx::Result<crate::cases::FamilyId> {
    sqlx::query_scalar("INSERT INTO families (centre_id, code, consultant_id) VALUES (?, ?, ?) RETURNING id")
        .bind(centre_id)
        .bind(code)
        .bind(consultant)
        .fetch_one(db)
        .await
}

pub async fn child(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
    c: &Child,
    p: &Placement,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO children (family_id, first_name, last_name, birth_date, placement_kind, placement_name, \
         placement_contact_name, placement_contact_phone, placement_contact_email, placement_address, \
         placement_address_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(family_id)
    .bind(&c.first)
    .bind(&c.last)
    .bind(c.birth)
    .bind(&p.kind)
    .bind(&p.name)
    .bind(&p.contact_name)
    .bind(&p.phone)
    .bind(&p.email)
    .bind(&p.address)
    .bind(p.secret)
    .fetch_one(db)
    .await
}

pub async fn person(db: impl SqliteExecutor<'_>, family_id: crate::cases::FamilyId, p: &Person) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO persons (family_id, first_name, last_name, phone, email) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(family_id)
    .bind(&p.first)
    .bind(&p.last)
    .bind(&p.phone)
    .bind(&p.email)
    .fetch_one(db)
    .await
}

pub async fn relation(
    db: impl SqliteExecutor<'_>,
    child_id: i64,
    person_id: i64,
    relation: &str,
    custody: bool,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO child_relations (child_id, person_id, relation, custody_holder) VALUES (?, ?, ?, ?)")
        .bind(child_id)
        .bind(person_id)
        .bind(relation)
        .bind(custody)
        .execute(db)
        .await?;
    Ok(())
}

/// One case for a child: the referral's terms, purpose, goals and document reference.
pub async fn case(
    db: impl SqliteExecutor<'_>,
    (child_id, caseworker_id): (i64, i64),
    t: &Terms,
    (purpose, goals, document_ref): (&str, &str, &str),
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO cases (child_id, caseworker_id, visit_type, decision_from, decision_to, frequency_weeks, \
         visit_minutes, conditions, purpose, goals, document_ref, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(child_id)
    .bind(caseworker_id)
    .bind(t.visit_type)
    .bind(t.from)
    .bind(t.to)
    .bind(t.frequency_weeks)
    .bind(t.visit_minutes)
    .bind(&t.conditions)
    .bind(purpose)
    .bind(goals)
    .bind(document_ref)
    .bind(now)
    .fetch_one(db)
    .await
}

/// The family's cases: (case id, child's first name).
pub async fn family_cases(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
) -> sqlx::Result<Vec<(crate::cases::CaseId, String)>> {
    sqlx::query_as(
        "SELECT cs.id, c.first_name FROM cases cs JOIN children c ON c.id = cs.child_id WHERE c.family_id = ? \
         ORDER BY c.birth_date",
    )
    .bind(family_id)
    .fetch_all(db)
    .await
}

/// The centres to refer to (open ones): (id, name).
pub async fn centres(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<(crate::setup::CentreId, String)>> {
    sqlx::query_as("SELECT id, name FROM centres WHERE active = 1 ORDER BY name").fetch_all(db).await
}

/// The centre's active permanent consultants: (id, name).
pub async fn consultants(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
) -> sqlx::Result<Vec<(crate::staff::StaffId, String)>> {
    sqlx::query_as(
        "SELECT u.id, u.full_name FROM users u JOIN staff s ON s.user_id = u.id WHERE s.centre_id = ? \
         AND u.role = 'consultant' AND s.employment = 'permanent' AND u.active = 1 ORDER BY u.full_name",
    )
    .bind(centre_id)
    .fetch_all(db)
    .await
}

pub async fn user_by_email(db: impl SqliteExecutor<'_>, email: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM users WHERE email = ?").bind(email).fetch_optional(db).await
}

/// A caseworker's details (a new one entered by a coordinator: no department or title known).
pub async fn caseworker(db: impl SqliteExecutor<'_>, user_id: i64, municipality: &str) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO caseworkers (user_id, municipality, department, title) VALUES (?, ?, '', 'Rådgiver')")
        .bind(user_id)
        .bind(municipality)
        .execute(db)
        .await?;
    Ok(())
}
