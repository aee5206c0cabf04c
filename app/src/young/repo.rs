//! SQL for the young person's page.

use sqlx::SqliteExecutor;

/// The young person's open case (the newest, if a closed one was continued).
pub async fn open_case(db: impl SqliteExecutor<'_>, user_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT k.id FROM cases k JOIN children c ON c.id = k.child_id WHERE c.user_id = ? AND k.status <> 'closed' \
         ORDER BY k.id DESC LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await
}

pub async fn add_request(
    db: impl SqliteExecutor<'_>,
    case_id: i64,
    user_id: i64,
    (kind, body): (&str, &str),
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO young_requests (case_id, user_id, kind, body, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(case_id)
    .bind(user_id)
    .bind(kind)
    .bind(body)
    .bind(now)
    .fetch_one(db)
    .await
}

/// A case's requests from the young person, newest first: (kind, body, created_at).
pub async fn requests(db: impl SqliteExecutor<'_>, case_id: i64) -> sqlx::Result<Vec<(String, String, i64)>> {
    sqlx::query_as(
        "SELECT kind, body, created_at FROM young_requests WHERE case_id = ? ORDER BY created_at DESC, id DESC",
    )
    .bind(case_id)
    .fetch_all(db)
    .await
}

/// Gives a child of the centre (every centre: None), aged 15 on `today` and with an open case,
/// the new account `user_id`; answers the child's family.
pub async fn link_child(
    db: impl SqliteExecutor<'_>,
    child_id: crate::cases::ChildId,
    centre: Option<i64>,
    user_id: i64,
    today: &str,
) -> sqlx::Result<Option<crate::cases::FamilyId>> {
    sqlx::query_scalar(
        "UPDATE children SET user_id = ?3 WHERE id = ?1 AND user_id IS NULL AND date(birth_date, '+15 years') <= ?4 \
         AND family_id IN (SELECT id FROM families WHERE ?2 IS NULL OR centre_id = ?2) \
         AND EXISTS (SELECT 1 FROM cases k WHERE k.child_id = children.id AND k.status <> 'closed') RETURNING family_id",
    )
    .bind(child_id)
    .bind(centre)
    .bind(user_id)
    .bind(today)
    .fetch_optional(db)
    .await
}

/// Children of the centre's (every centre's) families, 15 on `today`, with an open case and no
/// account: (id, family, "F-05 · Sofia Christensen").
pub async fn children_without_account(
    db: impl SqliteExecutor<'_>,
    centre: Option<i64>,
    today: &str,
) -> sqlx::Result<Vec<(crate::cases::ChildId, crate::cases::FamilyId, String)>> {
    sqlx::query_as(
        "SELECT c.id, c.family_id, f.code || ' · ' || c.first_name || ' ' || c.last_name FROM children c \
         JOIN families f ON f.id = c.family_id WHERE c.user_id IS NULL AND (?1 IS NULL OR f.centre_id = ?1) \
         AND date(c.birth_date, '+15 years') <= ?2 \
         AND EXISTS (SELECT 1 FROM cases k WHERE k.child_id = c.id AND k.status <> 'closed') ORDER BY f.code, c.first_name",
    )
    .bind(centre)
    .bind(today)
    .fetch_all(db)
    .await
}

/// The phone of the family's centre.
pub async fn centre_phone(db: impl SqliteExecutor<'_>, family_id: crate::cases::FamilyId) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT ce.phone FROM centres ce JOIN families f ON f.centre_id = ce.id WHERE f.id = ?")
        .bind(family_id)
        .fetch_one(db)
        .await
}
