//! SQL for the booking board: one centre's appointments in a stretch of time, its places and its
//! consultants. The week query walks the (centre_id, starts_at) index.

use serde::Deserialize;
use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, FromRow, Deserialize)]
pub struct BoardRow {
    pub id: i64,
    pub family_id: crate::cases::FamilyId,
    pub kind: crate::visits::Kind,
    pub visit_type: Option<crate::visits::VisitType>,
    pub status: crate::visits::Status,
    pub place_id: Option<crate::setup::PlaceId>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub family_code: String,
    /// Comma-separated user ids.
    pub staff_ids: Option<String>,
    /// "AN, LN"
    pub initials: Option<String>,
}

/// The centre (?1)'s appointments starting in [?2, ?3), cancelled ones left out: a walk of the
/// (centre_id, starts_at) index and the rows, which carry their consultants and their children's
/// initials (copies kept by triggers, see the `board_columns` migration).
const WEEK: &str = "SELECT a.id, a.family_id, a.kind, a.visit_type, a.status, a.place_id, a.starts_at, a.ends_at, \
     f.code AS family_code, a.staff_ids, a.children_initials AS initials \
     FROM appointments a JOIN families f ON f.id = a.family_id \
     WHERE a.centre_id = ?1 AND a.starts_at >= ?2 AND a.starts_at < ?3 AND a.status <> 'cancelled'";

/// The board's lanes, as one JSON array of [id, name]: the centre (?1)'s active places, and a
/// closed place while it still holds an appointment in [?2, ?3) (named "(lukket)", so it can be
/// moved); rooms first.
const LANES: &str = "SELECT coalesce(json_group_array(json_array(id, CASE WHEN active = 1 THEN name ELSE name || ' (lukket)' END) \
       ORDER BY active DESC, kind = 'extra', kind, id), '[]') FROM places p WHERE centre_id = ?1 \
     AND (active = 1 OR EXISTS (SELECT 1 FROM appointments a WHERE a.place_id = p.id AND a.status <> 'cancelled' \
       AND a.starts_at < ?3 AND a.ends_at > ?2))";

/// The centre (?1)'s active consultants, as one JSON array of [id, name, employment]; permanent
/// first.
const CONSULTANTS: &str = "SELECT coalesce(json_group_array(json_array(u.id, u.full_name, s.employment) \
       ORDER BY s.employment = 'hourly', u.full_name), '[]') FROM users u JOIN staff s ON s.user_id = u.id \
     WHERE s.centre_id = ?1 AND u.active = 1 AND u.role = 'consultant'";

/// What a board shows, read together.
#[derive(Debug)]
pub struct BoardData {
    pub rows: Vec<BoardRow>,
    pub lanes: Vec<(crate::setup::PlaceId, String)>,
    pub consultants: Vec<(crate::staff::StaffId, String, crate::staff::Employment)>,
}

/// The centre's appointments starting in [from, to) (cancelled ones left out, in time order),
/// its lanes and its consultants in one statement: one snapshot of the database, and one trip to
/// the connection's thread instead of five (a transaction around three): each trip cost the
/// served board more than SQLite's own work.
pub async fn board(db: impl SqliteExecutor<'_>, centre_id: i64, from: i64, to: i64) -> sqlx::Result<BoardData> {
    let sql = format!("SELECT ({}), ({LANES}), ({CONSULTANTS})", crate::db::as_json_rows::<BoardRow>(WEEK));
    let (rows, lanes, consultants): (String, String, String) =
        sqlx::query_as(&sql).bind(centre_id).bind(from).bind(to).fetch_one(db).await?;
    let mut rows: Vec<BoardRow> = crate::db::json_rows(&rows)?;
    rows.sort_by_key(|r| (r.starts_at, r.id));
    Ok(BoardData { rows, lanes: crate::db::json_rows(&lanes)?, consultants: crate::db::json_rows(&consultants)? })
}

/// The centre's active places: id, name; rooms before outdoor places and extra ones.
pub async fn places(db: impl SqliteExecutor<'_>, centre_id: i64) -> sqlx::Result<Vec<(crate::setup::PlaceId, String)>> {
    sqlx::query_as("SELECT id, name FROM places WHERE centre_id = ? AND active = 1 ORDER BY kind = 'extra', kind, id")
        .bind(centre_id)
        .fetch_all(db)
        .await
}

/// The centre's active consultants: id, name, employment; permanent first.
pub async fn consultants(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
) -> sqlx::Result<Vec<(crate::staff::StaffId, String, crate::staff::Employment)>> {
    let json: String = sqlx::query_scalar(CONSULTANTS).bind(centre_id).fetch_one(db).await?;
    crate::db::json_rows(&json)
}

/// The centre's families with an open case: id, "F-03 · AN, LN".
pub async fn families(
    db: impl SqliteExecutor<'_>,
    centre_id: i64,
) -> sqlx::Result<Vec<(crate::cases::FamilyId, String)>> {
    sqlx::query_as(
        "SELECT f.id, f.code || ' · ' || group_concat(upper(substr(c.first_name, 1, 1)) || upper(substr(c.last_name, 1, 1)), ', ') \
         FROM families f JOIN children c ON c.family_id = f.id JOIN cases k ON k.child_id = c.id \
         WHERE f.centre_id = ? AND k.status <> 'closed' GROUP BY f.id ORDER BY f.code",
    )
    .bind(centre_id)
    .fetch_all(db)
    .await
}
