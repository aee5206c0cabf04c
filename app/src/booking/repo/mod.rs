//! SQL for booking: reads here, what holds a place, a consultant or a child in `holders.rs` (the
//! conflict queries take the transaction the booking is written in), inserts and updates in
//! `write.rs`.

pub mod board;
mod holders;
mod parts;
mod write;
pub use holders::*;
pub use parts::*;
pub use write::*;

use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, Clone, FromRow, serde::Deserialize)]
pub struct StaffRow {
    pub user_id: crate::staff::StaffId,
    pub full_name: String,
    pub employment: crate::staff::Employment,
    pub centre_id: i64,
}

pub async fn staff_member(
    db: impl SqliteExecutor<'_>,
    user_id: crate::staff::StaffId,
) -> sqlx::Result<Option<StaffRow>> {
    sqlx::query_as(
        "SELECT s.user_id, u.full_name, s.employment, s.centre_id FROM staff s JOIN users u ON u.id = s.user_id \
         WHERE s.user_id = ? AND u.active = 1 AND u.role = 'consultant'",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// The centre a family belongs to.
pub async fn family_centre(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT centre_id FROM families WHERE id = ?").bind(family_id).fetch_optional(db).await
}

#[derive(Debug, FromRow, serde::Deserialize)]
pub struct PlaceRow {
    pub id: crate::setup::PlaceId,
    pub centre_id: i64,
    pub name: String,
    /// A closed place keeps its appointments and refuses new ones.
    pub active: bool,
}

/// A child of the family with its open case: what the consent and decision rules need.
#[derive(Debug, serde::Deserialize)]
pub struct ChildCaseRow {
    pub child_id: i64,
    pub first_name: String,
    pub birth_date: chrono::NaiveDate,
    pub case_id: i64,
    pub visit_type: crate::visits::VisitType,
    pub decision_from: chrono::NaiveDate,
    pub decision_to: chrono::NaiveDate,
    pub status: String,
    /// (kind, valid_from, valid_to) of the case's § 105 decisions.
    pub decisions: Vec<(String, chrono::NaiveDate, chrono::NaiveDate)>,
    /// (person id, None for the young person's own; given on; withdrawn on), oldest first (those
    /// given on one day in no set order: the rules ask whether any is valid).
    pub consents: Vec<(Option<i64>, chrono::NaiveDate, Option<chrono::NaiveDate>)>,
    /// The child's custody holders (person ids, in order).
    pub custody_holders: Vec<i64>,
}

/// The family's children with their open cases, youngest last, each with its decisions, consents
/// and custody holders, in one statement (`parts::CHILDREN`). A date that is not one is an error,
/// never a silent 1970.
pub async fn family_children(
    db: impl SqliteExecutor<'_>,
    family_id: crate::cases::FamilyId,
) -> sqlx::Result<Vec<ChildCaseRow>> {
    // The statement names the family ?3, as in `parts::read`.
    let whose = Whose { family: Some(family_id), ..Whose::default() };
    let sql = format!("SELECT ({})", parts::CHILDREN);
    let (json,): (String,) = bind_around(sqlx::query_as(&sql), &whose, &[]).fetch_one(db).await?;
    parts::children_rows(&json)
}

/// A place's opening hours.
pub async fn opening_hours(
    db: impl SqliteExecutor<'_>,
    place_id: crate::setup::PlaceId,
) -> sqlx::Result<Vec<HoursRow>> {
    sqlx::query_as("SELECT weekday, opens, closes, valid_from, valid_to FROM place_opening_hours WHERE place_id = ?")
        .bind(place_id)
        .fetch_all(db)
        .await
}

#[derive(Debug, FromRow)]
pub struct BookedRow {
    pub id: i64,
    pub centre_id: i64,
    pub family_id: crate::cases::FamilyId,
    pub place_id: Option<crate::setup::PlaceId>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: crate::visits::Status,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
    pub kind: crate::visits::Kind,
    pub series_id: Option<i64>,
    pub related_visit_id: Option<i64>,
}

const BOOKED: &str = "SELECT id, centre_id, family_id, place_id, starts_at, ends_at, status, buffer_before_min, buffer_after_min, \
    kind, series_id, related_visit_id FROM appointments";

/// A family's appointment by id (for a caller who has checked the family is theirs).
pub(crate) async fn appointment(
    db: impl SqliteExecutor<'_>,
    id: i64,
    family_id: crate::cases::FamilyId,
) -> sqlx::Result<Option<BookedRow>> {
    sqlx::query_as(&format!("{BOOKED} WHERE id = ? AND family_id = ?"))
        .bind(id)
        .bind(family_id)
        .fetch_optional(db)
        .await
}

/// An appointment of the centre `user_id` works at; another centre's is not found.
pub async fn booked(db: impl SqliteExecutor<'_>, id: i64, user_id: i64) -> sqlx::Result<Option<BookedRow>> {
    sqlx::query_as(&format!("{BOOKED} WHERE id = ? AND centre_id = (SELECT centre_id FROM staff WHERE user_id = ?)"))
        .bind(id)
        .bind(user_id)
        .fetch_optional(db)
        .await
}

/// The planned guidance talks linked to a visit.
pub async fn linked(db: impl SqliteExecutor<'_>, visit_id: i64) -> sqlx::Result<Vec<BookedRow>> {
    sqlx::query_as(&format!("{BOOKED} WHERE related_visit_id = ? AND status = 'planned' ORDER BY starts_at"))
        .bind(visit_id)
        .fetch_all(db)
        .await
}

/// The planned occurrences of a series from `from` on ("this and following").
pub async fn series_from(db: impl SqliteExecutor<'_>, series_id: i64, from: i64) -> sqlx::Result<Vec<BookedRow>> {
    sqlx::query_as(&format!(
        "{BOOKED} WHERE series_id = ? AND starts_at >= ? AND status = 'planned' AND kind <> 'guidance_before' \
         AND kind <> 'guidance_after' ORDER BY starts_at"
    ))
    .bind(series_id)
    .bind(from)
    .fetch_all(db)
    .await
}

pub async fn staff_of(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Vec<crate::staff::StaffId>> {
    sqlx::query_scalar("SELECT user_id FROM appointment_staff WHERE appointment_id = ?").bind(id).fetch_all(db).await
}

/// The history of an appointment: (at, who, action, detail), oldest first.
pub async fn history(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Vec<(i64, String, String, String)>> {
    sqlx::query_as(
        "SELECT c.at, u.full_name, c.action, c.detail FROM appointment_changes c JOIN users u ON u.id = c.user_id \
         WHERE c.appointment_id = ? ORDER BY c.at, c.id",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

/// The centre's planned visits and meetings in [from, to) without any consultant (guidance talks
/// are staffed with their visit).
pub async fn unstaffed(db: impl SqliteExecutor<'_>, centre_id: i64, from: i64, to: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT a.id FROM appointments a WHERE a.centre_id = ? AND a.status = 'planned' AND a.starts_at >= ? \
         AND a.starts_at < ? AND a.related_visit_id IS NULL \
         AND NOT EXISTS (SELECT 1 FROM appointment_staff s WHERE s.appointment_id = a.id) ORDER BY a.starts_at",
    )
    .bind(centre_id)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await
}

/// One appointment in a window: what weekend capacity counts.
#[derive(Debug, FromRow)]
pub struct LoadRow {
    pub place_id: Option<crate::setup::PlaceId>,
    pub starts_at: i64,
    pub ends_at: i64,
    /// A visit (not a meeting or a guidance talk).
    pub is_visit: bool,
    pub staff: i64,
}

/// The centre's appointments (not cancelled) starting in [from, to).
pub async fn load_in_window(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<LoadRow>> {
    sqlx::query_as(
        "SELECT a.place_id, a.starts_at, a.ends_at, a.kind = 'visit' AS is_visit, \
         (SELECT COUNT(*) FROM appointment_staff s WHERE s.appointment_id = a.id) AS staff \
         FROM appointments a WHERE a.centre_id = ? AND a.status <> 'cancelled' AND a.starts_at >= ? AND a.starts_at < ?",
    )
    .bind(centre_id)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await
}
