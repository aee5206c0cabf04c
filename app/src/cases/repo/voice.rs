//! SQL for the child's voice: the support person.

use sqlx::SqliteExecutor;

pub async fn set_support_person(db: impl SqliteExecutor<'_>, case_id: i64, text: &str) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE cases SET support_person = ? WHERE id = ? AND status <> 'closed'")
        .bind(text)
        .bind(case_id)
        .execute(db)
        .await?
        .rows_affected())
}

/// The support persons of the children on an appointment, from their open cases: (first name,
/// support person).
pub async fn support_on(db: impl SqliteExecutor<'_>, appointment_id: i64) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT c.first_name, k.support_person FROM appointment_children ac JOIN children c ON c.id = ac.child_id \
         JOIN cases k ON k.child_id = c.id WHERE ac.appointment_id = ? AND k.status <> 'closed' \
         AND k.support_person <> '' ORDER BY c.birth_date, c.id",
    )
    .bind(appointment_id)
    .fetch_all(db)
    .await
}
