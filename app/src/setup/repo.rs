//! SQL for centres and their places. One statement per function.

use sqlx::{FromRow, SqliteExecutor};

use super::rules::CentreInput;

#[derive(Debug, FromRow)]
pub struct CentreRow {
    pub id: i64,
    pub name: String,
    pub municipality: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub opening_hours: String,
    pub description_days: i64,
    pub active: bool,
}

const CENTRE: &str =
    "SELECT id, name, municipality, address, phone, email, opening_hours, description_days, active FROM centres";

/// Every centre of the installation, by name.
pub async fn centres(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<CentreRow>> {
    sqlx::query_as(&format!("{CENTRE} ORDER BY name, id")).fetch_all(db).await
}

pub async fn centre(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Option<CentreRow>> {
    sqlx::query_as(&format!("{CENTRE} WHERE id = ?")).bind(id).fetch_optional(db).await
}

pub async fn insert_centre(db: impl SqliteExecutor<'_>, c: &CentreInput) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO centres (name, municipality, address, phone, email, opening_hours, description_days) \
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&c.name)
    .bind(&c.municipality)
    .bind(&c.address)
    .bind(&c.phone)
    .bind(&c.email)
    .bind(&c.opening_hours)
    .bind(c.description_days)
    .fetch_one(db)
    .await
}

pub async fn update_centre(db: impl SqliteExecutor<'_>, id: i64, c: &CentreInput) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE centres SET name = ?, municipality = ?, address = ?, phone = ?, email = ?, opening_hours = ?, \
         description_days = ? WHERE id = ?",
    )
    .bind(&c.name)
    .bind(&c.municipality)
    .bind(&c.address)
    .bind(&c.phone)
    .bind(&c.email)
    .bind(&c.opening_hours)
    .bind(c.description_days)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

#[derive(Debug, FromRow)]
pub struct PlaceRow {
    pub id: crate::setup::PlaceId,
    pub name: String,
    pub kind: String,
    pub address: String,
    pub capacity: i64,
    pub active: bool,
    pub coming: i64,
}

/// A centre's places, active first, with their planned appointments from `now` on (a visit's
/// guidance talks count with it, not on their own).
pub async fn places(db: impl SqliteExecutor<'_>, centre_id: i64, now: i64) -> sqlx::Result<Vec<PlaceRow>> {
    sqlx::query_as(
        "SELECT p.id, p.name, p.kind, p.address, p.capacity, p.active, \
           (SELECT COUNT(*) FROM appointments a WHERE a.place_id = p.id AND a.status = 'planned' AND a.starts_at >= ? \
              AND a.related_visit_id IS NULL) AS coming \
         FROM places p WHERE p.centre_id = ? \
         ORDER BY p.active DESC, CASE p.kind WHEN 'room' THEN 0 WHEN 'outdoor' THEN 1 ELSE 2 END, p.name",
    )
    .bind(now)
    .bind(centre_id)
    .fetch_all(db)
    .await
}

/// (place id, feature) for every place of a centre.
pub async fn features(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
) -> sqlx::Result<Vec<(crate::setup::PlaceId, String)>> {
    sqlx::query_as(
        "SELECT f.place_id, f.feature FROM place_features f JOIN places p ON p.id = f.place_id WHERE p.centre_id = ?",
    )
    .bind(centre_id)
    .fetch_all(db)
    .await
}

#[derive(Debug, FromRow)]
pub struct HoursRow {
    pub place_id: crate::setup::PlaceId,
    pub weekday: i64,
    pub opens: String,
    pub closes: String,
    pub valid_from: Option<chrono::NaiveDate>,
    pub valid_to: Option<chrono::NaiveDate>,
}

/// Every opening-hours row of a centre's places, weekly ones first, by weekday.
pub async fn hours(db: impl SqliteExecutor<'_>, centre_id: i64) -> sqlx::Result<Vec<HoursRow>> {
    sqlx::query_as(
        "SELECT h.place_id, h.weekday, h.opens, h.closes, h.valid_from, h.valid_to FROM place_opening_hours h \
         JOIN places p ON p.id = h.place_id WHERE p.centre_id = ? \
         ORDER BY h.place_id, h.valid_from IS NOT NULL, h.valid_from, h.weekday, h.opens",
    )
    .bind(centre_id)
    .fetch_all(db)
    .await
}

/// The centre a place belongs to.
pub async fn place_centre(db: impl SqliteExecutor<'_>, place_id: crate::setup::PlaceId) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT centre_id FROM places WHERE id = ?").bind(place_id).fetch_optional(db).await
}

/// Whether another place of the centre has this name (case does not matter).
pub async fn name_taken(db: impl SqliteExecutor<'_>, centre_id: i64, name: &str, except: i64) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM places WHERE centre_id = ? AND lower(name) = lower(?) AND id <> ?)",
    )
    .bind(centre_id)
    .bind(name)
    .bind(except)
    .fetch_one(db)
    .await
}

/// A new place, returning its id. `kind` is the stored value ('room', 'outdoor', 'extra').
pub async fn insert_place(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
    (name, kind): (&str, &str),
    address: &str,
    capacity: i64,
) -> sqlx::Result<crate::setup::PlaceId> {
    sqlx::query_scalar(
        "INSERT INTO places (centre_id, name, kind, address, capacity) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(centre_id)
    .bind(name)
    .bind(kind)
    .bind(address)
    .bind(capacity)
    .fetch_one(db)
    .await
}

pub async fn update_place(
    db: impl SqliteExecutor<'_>,
    place_id: crate::setup::PlaceId,
    (name, kind): (&str, &str),
    address: &str,
    capacity: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE places SET name = ?, kind = ?, address = ?, capacity = ? WHERE id = ?")
        .bind(name)
        .bind(kind)
        .bind(address)
        .bind(capacity)
        .bind(place_id)
        .execute(db)
        .await?
        .rows_affected())
}

pub async fn clear_features(db: impl SqliteExecutor<'_>, place_id: crate::setup::PlaceId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM place_features WHERE place_id = ?").bind(place_id).execute(db).await?;
    Ok(())
}

pub async fn insert_feature(
    db: impl SqliteExecutor<'_>,
    place_id: crate::setup::PlaceId,
    feature: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO place_features (place_id, feature) VALUES (?, ?)")
        .bind(place_id)
        .bind(feature)
        .execute(db)
        .await?;
    Ok(())
}

/// Removes a place's weekly hours; hours for a period (a borrowed hall's season) stay.
pub async fn clear_weekly_hours(db: impl SqliteExecutor<'_>, place_id: crate::setup::PlaceId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM place_opening_hours WHERE place_id = ? AND valid_from IS NULL")
        .bind(place_id)
        .execute(db)
        .await?;
    Ok(())
}

/// How many opening-hours rows a place has for a period only.
pub async fn dated_hours(db: impl SqliteExecutor<'_>, place_id: crate::setup::PlaceId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM place_opening_hours WHERE place_id = ? AND valid_from IS NOT NULL")
        .bind(place_id)
        .fetch_one(db)
        .await
}

/// One weekday's opening hours ('HH:MM') of a place: every week (`valid` None), or between two
/// dates, both included.
pub async fn insert_opening_hours(
    db: impl SqliteExecutor<'_>,
    place_id: crate::setup::PlaceId,
    weekday: u32,
    hours: (&str, &str),
    valid: Option<(&str, &str)>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO place_opening_hours (place_id, weekday, opens, closes, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(place_id)
    .bind(weekday)
    .bind(hours.0)
    .bind(hours.1)
    .bind(valid.map(|v| v.0))
    .bind(valid.map(|v| v.1))
    .execute(db)
    .await?;
    Ok(())
}

/// Opens a place for new bookings again, or closes it (its appointments and history stay).
pub async fn set_active(
    db: impl SqliteExecutor<'_>,
    place_id: crate::setup::PlaceId,
    active: bool,
) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE places SET active = ? WHERE id = ? AND active <> ?")
        .bind(active)
        .bind(place_id)
        .bind(active)
        .execute(db)
        .await?
        .rows_affected())
}

/// Opens or closes a centre for new bookings and referrals.
pub async fn set_centre_active(db: impl SqliteExecutor<'_>, id: i64, active: bool) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE centres SET active = ? WHERE id = ?")
        .bind(active)
        .bind(id)
        .execute(db)
        .await?
        .rows_affected())
}
