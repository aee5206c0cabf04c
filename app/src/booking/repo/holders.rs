//! What holds a place, a consultant or a child around a time, with its buffers, and consultants'
//! availability: the queries the conflict check runs inside the booking's transaction.

use sqlx::{FromRow, SqliteExecutor};

use crate::cases::FamilyId;
use crate::setup::PlaceId;
use crate::staff::StaffId;

/// An appointment holding a place, a consultant or a child, with its buffers.
#[derive(Debug, FromRow)]
pub struct HolderRow {
    /// What it holds: "place", "staff" or "children".
    pub holds: String,
    /// The consultant it holds (for "staff").
    pub user_id: Option<StaffId>,
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
    pub family_code: String,
    pub place_name: Option<String>,
}

/// One resource's holders are wanted in [from, to): a place, a family's children, consultants.
#[derive(Debug, Clone, Copy)]
pub struct Around<T> {
    pub who: T,
    pub from: i64,
    pub to: i64,
}

/// What one conflict query looks for, each part with its own span.
#[derive(Debug, Default)]
pub struct Wanted<'a> {
    pub place: Option<Around<PlaceId>>,
    pub staff: Option<Around<&'a [StaffId]>>,
    /// The children of this family (siblings are booked together).
    pub children: Option<Around<FamilyId>>,
}

/// A part's resource: a place or family id, or the consultants' ids as a JSON list.
enum Who {
    Id(i64),
    Ids(String),
}

/// What a holder row shows after its two leading columns.
const HOLDER_COLUMNS: &str = "a.id, a.starts_at, a.ends_at, a.buffer_before_min, a.buffer_after_min, \
    f.code AS family_code, p.name AS place_name";

/// The time test for holders of [?f, ?t), other than appointment ?1 and the guidance talks linked
/// to it (?1 NULL: none left out; `IS NOT` because `<> NULL` would leave out everything). No
/// appointment is longer than 8 hours and no buffer longer than 2 hours (CHECKs on the table),
/// so the bounds on `start` (the appointment's start, or its copy on a staff or child row kept
/// by triggers) are implied by the conditions after them; they let SQLite walk the (resource,
/// start) indexes instead of everything the resource ever held.
fn holder_time(start: &str, f: usize, t: usize) -> String {
    format!(
        "{start} > ?{f} - 43200 AND {start} < ?{t} + 7200 AND a.status <> 'cancelled' \
         AND a.starts_at - a.buffer_before_min * 60 < ?{t} AND a.ends_at + a.buffer_after_min * 60 > ?{f} \
         AND a.id IS NOT ?1 AND (a.related_visit_id IS NULL OR a.related_visit_id IS NOT ?1)"
    )
}

/// Everything `wanted` names holders of, other than the appointment `except` (None: none) and its
/// linked guidance talks (which are being moved), in one statement: sorted by start within each
/// part, the place's first, then the consultants', then the children's.
pub async fn holders(
    db: impl SqliteExecutor<'_>,
    wanted: &Wanted<'_>,
    except: Option<i64>,
) -> sqlx::Result<Vec<HolderRow>> {
    let mut parts = Vec::new();
    let mut binds: Vec<(i64, i64, Who)> = Vec::new();
    // Parameters: ?1 is `except`; each part then has its resource, from and to.
    let next = |binds: &mut Vec<(i64, i64, Who)>, who: Who, from: i64, to: i64| {
        binds.push((from, to, who));
        let n = 2 + 3 * (binds.len() - 1);
        (n, n + 1, n + 2)
    };
    if let Some(p) = wanted.place {
        let (w, f, t) = next(&mut binds, Who::Id(p.who.0), p.from, p.to);
        parts.push(format!(
            "SELECT * FROM (SELECT 0 AS part, 'place' AS holds, NULL AS user_id, {HOLDER_COLUMNS} FROM appointments a \
             JOIN families f ON f.id = a.family_id LEFT JOIN places p ON p.id = a.place_id \
             WHERE a.place_id = ?{w} AND {})",
            holder_time("a.starts_at", f, t)
        ));
    }
    if let Some(s) = wanted.staff.filter(|s| !s.who.is_empty()) {
        let ids = serde_json::to_string(s.who).unwrap_or_else(|_| "[]".into());
        let (w, f, t) = next(&mut binds, Who::Ids(ids), s.from, s.to);
        parts.push(format!(
            "SELECT * FROM (SELECT 1 AS part, 'staff' AS holds, s.user_id, {HOLDER_COLUMNS} FROM appointment_staff s \
             JOIN appointments a ON a.id = s.appointment_id JOIN families f ON f.id = a.family_id \
             LEFT JOIN places p ON p.id = a.place_id \
             WHERE s.user_id IN (SELECT value FROM json_each(?{w})) AND {})",
            holder_time("s.appointment_starts_at", f, t)
        ));
    }
    if let Some(c) = wanted.children {
        let (w, f, t) = next(&mut binds, Who::Id(c.who.0), c.from, c.to);
        parts.push(format!(
            "SELECT * FROM (SELECT DISTINCT 2 AS part, 'children' AS holds, NULL AS user_id, {HOLDER_COLUMNS} \
             FROM children ch JOIN appointment_children ac ON ac.child_id = ch.id \
             JOIN appointments a ON a.id = ac.appointment_id JOIN families f ON f.id = a.family_id \
             LEFT JOIN places p ON p.id = a.place_id WHERE ch.family_id = ?{w} AND {})",
            holder_time("ac.appointment_starts_at", f, t)
        ));
    }
    if parts.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT holds, user_id, id, starts_at, ends_at, buffer_before_min, buffer_after_min, family_code, place_name \
         FROM ({}) ORDER BY part, starts_at, id",
        parts.join(" UNION ALL ")
    );
    let mut q = sqlx::query_as(&sql).bind(except);
    for (from, to, who) in binds {
        q = match who {
            Who::Id(id) => q.bind(id),
            Who::Ids(json) => q.bind(json),
        };
        q = q.bind(from).bind(to);
    }
    q.fetch_all(db).await
}

/// What holds `place_id` in [from, to) (buffers counted on both sides by the caller's span), other
/// than the appointment `except` (None: none) and its linked guidance talks.
pub async fn place_holders(
    db: impl SqliteExecutor<'_>,
    place_id: PlaceId,
    from: i64,
    to: i64,
    except: Option<i64>,
) -> sqlx::Result<Vec<HolderRow>> {
    holders(db, &Wanted { place: Some(Around { who: place_id, from, to }), ..Wanted::default() }, except).await
}

/// What holds the consultant `user_id` in [from, to).
pub async fn staff_holders(
    db: impl SqliteExecutor<'_>,
    user_id: StaffId,
    from: i64,
    to: i64,
    except: Option<i64>,
) -> sqlx::Result<Vec<HolderRow>> {
    let ids = [user_id];
    holders(db, &Wanted { staff: Some(Around { who: &ids[..], from, to }), ..Wanted::default() }, except).await
}

/// Appointments holding any child of `family_id` in [from, to).
pub async fn children_holders(
    db: impl SqliteExecutor<'_>,
    family_id: FamilyId,
    from: i64,
    to: i64,
    except: Option<i64>,
) -> sqlx::Result<Vec<HolderRow>> {
    holders(db, &Wanted { children: Some(Around { who: family_id, from, to }), ..Wanted::default() }, except).await
}

/// A consultant's availability overlapping [from, to).
pub async fn availability(
    db: impl SqliteExecutor<'_>,
    user_id: StaffId,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(
        "SELECT starts_at, ends_at FROM staff_availability WHERE user_id = ? AND starts_at < ? AND ends_at > ? ORDER BY starts_at",
    )
    .bind(user_id)
    .bind(to)
    .bind(from)
    .fetch_all(db)
    .await
}
