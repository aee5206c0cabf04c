//! SQL for the administrator's pages.

use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, FromRow)]
pub struct UserListRow {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub role: crate::auth::Role,
    pub active: bool,
}

/// Who belongs to a centre: its staff, the parents and young people of its families, and the
/// caseworkers of its families' cases. `?1` is the centre (NULL: every account, for the installation's administrator).
const IN_SCOPE: &str = "(?1 IS NULL \
    OR EXISTS (SELECT 1 FROM staff s WHERE s.user_id = u.id AND s.centre_id = ?1) \
    OR EXISTS (SELECT 1 FROM persons p JOIN families f ON f.id = p.family_id WHERE p.user_id = u.id AND f.centre_id = ?1) \
    OR EXISTS (SELECT 1 FROM children c JOIN families f ON f.id = c.family_id WHERE c.user_id = u.id AND f.centre_id = ?1) \
    OR EXISTS (SELECT 1 FROM cases k JOIN children ch ON ch.id = k.child_id JOIN families f ON f.id = ch.family_id \
               WHERE k.caseworker_id = u.id AND f.centre_id = ?1))";

pub async fn list_users(db: impl SqliteExecutor<'_>, centre: Option<i64>) -> sqlx::Result<Vec<UserListRow>> {
    sqlx::query_as(&format!(
        "SELECT u.id, u.full_name, u.email, u.role, u.active FROM users u WHERE {IN_SCOPE} ORDER BY u.role, u.full_name"
    ))
    .bind(centre)
    .fetch_all(db)
    .await
}

/// Is the account one this administrator manages?
pub async fn in_scope(db: impl SqliteExecutor<'_>, user_id: i64, centre: Option<i64>) -> sqlx::Result<bool> {
    sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = ?2 AND {IN_SCOPE})"))
        .bind(centre)
        .bind(user_id)
        .fetch_one(db)
        .await
}

/// The centre an administrator with a staff row manages (None: the installation's administrator).
pub async fn admin_centre(db: impl SqliteExecutor<'_>, user_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT centre_id FROM staff WHERE user_id = ?").bind(user_id).fetch_optional(db).await
}

/// Closes an account: it signs in to nothing from now on (every request checks `active`).
pub async fn deactivate(db: impl SqliteExecutor<'_>, user_id: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE users SET active = 0 WHERE id = ? AND active = 1")
        .bind(user_id)
        .execute(db)
        .await?
        .rows_affected())
}

/// A person who is a parent of one of the family's children (a grandparent or a friend in the
/// family's network gets no parent's account: it would show them the whole family's portal).
const PARENT: &str = "EXISTS (SELECT 1 FROM child_relations r WHERE r.person_id = persons.id \
    AND r.relation IN ('mother', 'father', 'parent'))";

/// Gives a family's parent (without an account yet, at `centre` when given) the new parent
/// account `user_id`; answers the person's family.
pub async fn link_person(
    db: impl SqliteExecutor<'_>,
    person_id: crate::cases::PersonId,
    centre: Option<i64>,
    user_id: i64,
) -> sqlx::Result<Option<crate::cases::FamilyId>> {
    sqlx::query_scalar(&format!(
        "UPDATE persons SET user_id = ?3 WHERE id = ?1 AND user_id IS NULL AND {PARENT} \
         AND family_id IN (SELECT id FROM families WHERE ?2 IS NULL OR centre_id = ?2) RETURNING family_id"
    ))
    .bind(person_id)
    .bind(centre)
    .bind(user_id)
    .fetch_optional(db)
    .await
}

#[derive(Debug, FromRow)]
pub struct PersonRow {
    pub id: crate::cases::PersonId,
    pub family_id: crate::cases::FamilyId,
    pub code: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// The parents in the centre's (or every centre's) active families who have no account yet.
pub async fn persons_without_account(db: impl SqliteExecutor<'_>, centre: Option<i64>) -> sqlx::Result<Vec<PersonRow>> {
    sqlx::query_as(&format!(
        "SELECT persons.id, persons.family_id, f.code, persons.first_name, persons.last_name, persons.email, persons.phone FROM persons \
         JOIN families f ON f.id = persons.family_id WHERE persons.user_id IS NULL AND {PARENT} \
         AND (?1 IS NULL OR f.centre_id = ?1) \
         AND EXISTS (SELECT 1 FROM cases k JOIN children ch ON ch.id = k.child_id \
                     WHERE ch.family_id = f.id AND k.status <> 'closed') ORDER BY f.code, persons.first_name"
    ))
    .bind(centre)
    .fetch_all(db)
    .await
}
