//! What holds a place, a consultant or a child around some times, with its buffers, and the
//! consultants' availability over them: what the conflict check reads inside the booking's
//! transaction, for every time of a booking (or every offer it checks) in one statement.

use serde::Deserialize;
use sqlx::SqliteExecutor;

use crate::cases::FamilyId;
use crate::setup::PlaceId;
use crate::staff::StaffId;

/// An appointment holding a place, a consultant or a child around one of the asked times.
#[derive(Debug, Clone, Deserialize)]
pub struct HolderRow {
    /// Which of the asked times (its index).
    pub at: usize,
    /// What it holds: "place", "staff" or "children" (in that order).
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

/// A stretch an asked consultant said they can work, overlapping one of the asked times.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct AvailableRow {
    /// Which of the asked times (its index).
    pub at: usize,
    pub user_id: StaffId,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// Whose holders are asked for: a place, consultants, a family's children (siblings are booked
/// together), other than the appointment `except` (None: none) and its linked guidance talks.
#[derive(Debug, Default, Clone, Copy)]
pub struct Whose<'a> {
    pub place: Option<PlaceId>,
    pub staff: &'a [StaffId],
    pub family: Option<FamilyId>,
    pub except: Option<i64>,
}

/// One asked time: what holds the place or the consultants in [from, to), and the children in
/// `children` (None: not asked).
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub from: i64,
    pub to: i64,
    pub children: Option<(i64, i64)>,
}

/// A statement that reads around times, with its parameters bound in their order: ?1 `except`,
/// ?2 the place, ?3 the family, ?4 the consultants' ids and ?5 the windows, both as JSON. All
/// five always: sqlx numbers them by position, and a statement may name only some.
pub(super) fn bind_around<'q, O>(
    q: sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments<'q>>,
    whose: &Whose<'_>,
    windows: &[Window],
) -> sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments<'q>> {
    let staff = serde_json::to_string(whose.staff).unwrap_or_else(|_| "[]".into());
    let windows: Vec<(i64, i64, Option<i64>, Option<i64>)> =
        windows.iter().map(|w| (w.from, w.to, w.children.map(|c| c.0), w.children.map(|c| c.1))).collect();
    let windows = serde_json::to_string(&windows).unwrap_or_else(|_| "[]".into());
    q.bind(whose.except).bind(whose.place).bind(whose.family).bind(staff).bind(windows)
}

/// What a holder row shows after its leading columns.
const HOLDER_COLUMNS: &str = "a.id, a.starts_at, a.ends_at, a.buffer_before_min, a.buffer_after_min, \
    f.code AS family_code, p.name AS place_name";

/// The time test for holders of [from, to), other than appointment ?1 and the guidance talks
/// linked to it (?1 NULL: none left out; `IS NOT` because `<> NULL` would leave out everything).
/// No appointment is longer than 8 hours and no buffer longer than 2 hours (CHECKs on the table),
/// so the bounds on `start` (the appointment's start, or its copy on a staff or child row kept by
/// triggers) are implied by the conditions after them; they let SQLite walk the (resource, start)
/// indexes instead of everything the resource ever held. A NULL `from` (children not asked)
/// matches nothing.
fn holder_time(start: &str, from: &str, to: &str) -> String {
    format!(
        "{start} > {from} - 43200 AND {start} < {to} + 7200 AND a.status <> 'cancelled' \
         AND a.starts_at - a.buffer_before_min * 60 < {to} AND a.ends_at + a.buffer_after_min * 60 > {from} \
         AND a.id IS NOT ?1 AND (a.related_visit_id IS NULL OR a.related_visit_id IS NOT ?1)"
    )
}

/// Everything holding the place, the consultants or the children around each window, as one
/// JSON array (an aggregate's order is the planner's: `around` sorts, and drops the second row of
/// an appointment holding two of the children). `CROSS JOIN` keeps the windows the outer loop,
/// as SQLite does for no other join: left to choose, it walked everything the place or the
/// person ever held for each window (a booking's check at 10^6 visits: 4.7 ms). The consultants
/// are joined from their list (?4) rather than tested with `IN`, which SQLite first copies into a
/// temporary b-tree; so is `DISTINCT` left to `around`.
fn holders_sql() -> String {
    let (from, to) = ("(w.value ->> 0)", "(w.value ->> 1)");
    let (c_from, c_to) = ("(w.value ->> 2)", "(w.value ->> 3)");
    let select = format!(
        "SELECT w.key AS at, 'place' AS holds, NULL AS user_id, {HOLDER_COLUMNS} FROM json_each(?5) w \
           CROSS JOIN appointments a JOIN families f ON f.id = a.family_id \
           LEFT JOIN places p ON p.id = a.place_id WHERE a.place_id = ?2 AND {} \
         UNION ALL \
         SELECT w.key, 'staff', s.user_id, {HOLDER_COLUMNS} FROM json_each(?5) w \
           CROSS JOIN json_each(?4) u CROSS JOIN appointment_staff s JOIN appointments a ON a.id = s.appointment_id \
           JOIN families f ON f.id = a.family_id LEFT JOIN places p ON p.id = a.place_id \
           WHERE s.user_id = u.value AND {} \
         UNION ALL \
         SELECT w.key, 'children', NULL, {HOLDER_COLUMNS} FROM json_each(?5) w \
           CROSS JOIN children ch JOIN appointment_children ac ON ac.child_id = ch.id \
           JOIN appointments a ON a.id = ac.appointment_id JOIN families f ON f.id = a.family_id \
           LEFT JOIN places p ON p.id = a.place_id WHERE ch.family_id = ?3 AND {}",
        holder_time("a.starts_at", from, to),
        holder_time("s.appointment_starts_at", from, to),
        holder_time("ac.appointment_starts_at", c_from, c_to),
    );
    crate::db::as_json_rows::<HolderRow>(&select)
}

/// The asked consultants' stretches of availability overlapping each window. A stretch lies within
/// a day (25 hours when the clocks go back; triggers hold it), so one starting earlier than a day
/// before the window cannot reach it: the (user_id, starts_at) index is walked over a day and the
/// window, not over everything the consultant ever gave.
const AVAILABLE: &str = "SELECT w.key AS at, v.user_id, v.starts_at, v.ends_at FROM json_each(?5) w \
    CROSS JOIN json_each(?4) u CROSS JOIN staff_availability v WHERE v.user_id = u.value \
    AND v.starts_at > (w.value ->> 0) - 90000 AND v.starts_at < (w.value ->> 1) AND v.ends_at > (w.value ->> 0)";

/// The columns a statement reading around times selects: the holders, then the availability.
pub(super) fn around_columns() -> String {
    format!("({}), ({})", holders_sql(), available_sql())
}

fn available_sql() -> String {
    crate::db::as_json_rows::<AvailableRow>(AVAILABLE)
}

/// What was read around some times: the holders sorted by time, part (place, consultants,
/// children), start, id and consultant, each once; the availability by time, consultant and
/// start, each once (a consultant asked twice is read twice).
#[derive(Debug, Default)]
pub struct Around {
    pub holders: Vec<HolderRow>,
    pub available: Vec<AvailableRow>,
}

impl Around {
    pub(super) fn from_json(holders: &str, available: &str) -> sqlx::Result<Self> {
        let part = |h: &HolderRow| match h.holds.as_str() {
            "place" => 0,
            "staff" => 1,
            _ => 2,
        };
        let mut holders: Vec<HolderRow> = crate::db::json_rows(holders)?;
        holders.sort_by_key(|h| (h.at, part(h), h.starts_at, h.id, h.user_id));
        holders.dedup_by_key(|h| (h.at, part(h), h.id, h.user_id));
        let mut available: Vec<AvailableRow> = crate::db::json_rows(available)?;
        available.sort_by_key(|v| (v.at, v.user_id, v.starts_at, v.ends_at));
        available.dedup_by_key(|v| (v.at, v.user_id, v.starts_at, v.ends_at));
        Ok(Around { holders, available })
    }

    /// What holds something around the asked time `at`.
    pub fn holders_at(&self, at: usize) -> impl Iterator<Item = &HolderRow> {
        self.holders.iter().filter(move |h| h.at == at)
    }

    /// The stretches `user_id` gave that overlap the asked time `at`, as (start, end).
    pub fn available_at(&self, at: usize, user_id: StaffId) -> Vec<(i64, i64)> {
        self.available.iter().filter(|v| v.at == at && v.user_id == user_id).map(|v| (v.starts_at, v.ends_at)).collect()
    }
}

/// What holds `whose` around each of `windows`, and the asked consultants' availability there.
pub async fn around(db: impl SqliteExecutor<'_>, whose: &Whose<'_>, windows: &[Window]) -> sqlx::Result<Around> {
    if windows.is_empty() {
        return Ok(Around::default());
    }
    let sql = format!("SELECT {}", around_columns());
    let (holders, available): (String, String) =
        bind_around(sqlx::query_as(&sql), whose, windows).fetch_one(db).await?;
    Around::from_json(&holders, &available)
}

/// What holds `whose` in [from, to) (buffers counted on both sides by the caller's span): the
/// children, if a family is asked, over the same stretch.
pub async fn holders(
    db: impl SqliteExecutor<'_>,
    whose: &Whose<'_>,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<HolderRow>> {
    let window = Window { from, to, children: whose.family.map(|_| (from, to)) };
    Ok(around(db, whose, &[window]).await?.holders)
}

/// What holds `place_id` in [from, to), other than the appointment `except` (None: none) and its
/// linked guidance talks.
pub async fn place_holders(
    db: impl SqliteExecutor<'_>,
    place_id: PlaceId,
    from: i64,
    to: i64,
    except: Option<i64>,
) -> sqlx::Result<Vec<HolderRow>> {
    holders(db, &Whose { place: Some(place_id), except, ..Whose::default() }, from, to).await
}

/// What holds the consultant `user_id` in [from, to).
pub async fn staff_holders(
    db: impl SqliteExecutor<'_>,
    user_id: StaffId,
    from: i64,
    to: i64,
    except: Option<i64>,
) -> sqlx::Result<Vec<HolderRow>> {
    holders(db, &Whose { staff: &[user_id], except, ..Whose::default() }, from, to).await
}

/// Appointments holding any child of `family_id` in [from, to).
pub async fn children_holders(
    db: impl SqliteExecutor<'_>,
    family_id: FamilyId,
    from: i64,
    to: i64,
    except: Option<i64>,
) -> sqlx::Result<Vec<HolderRow>> {
    holders(db, &Whose { family: Some(family_id), except, ..Whose::default() }, from, to).await
}

/// A consultant's availability overlapping [from, to), by start.
pub async fn availability(
    db: impl SqliteExecutor<'_>,
    user_id: StaffId,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<(i64, i64)>> {
    let whose = Whose { staff: &[user_id], ..Whose::default() };
    let sql = format!("SELECT ({})", available_sql());
    let window = Window { from, to, children: None };
    let (json,): (String,) = bind_around(sqlx::query_as(&sql), &whose, &[window]).fetch_one(db).await?;
    Ok(Around::from_json("[]", &json)?.available_at(0, user_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One holder row as the statement's JSON array gives it (the fields in `HolderRow`'s order).
    fn row(at: usize, holds: &str, user: Option<i64>, id: i64, start: i64) -> serde_json::Value {
        serde_json::json!([at, holds, user, id, start, start + 3600, 15, 15, "F-01", "Rum 1"])
    }

    #[test]
    fn an_appointment_holding_two_children_is_one_holder_and_two_asked_consultants_on_one_are_two() {
        let json = serde_json::json!([
            row(0, "children", None, 7, 100),
            row(0, "staff", Some(3), 7, 100),
            row(0, "children", None, 7, 100),
            row(0, "staff", Some(2), 7, 100),
            row(0, "place", None, 9, 50),
            row(1, "children", None, 7, 100),
        ]);
        let around = Around::from_json(&json.to_string(), "[[0,2,10,20],[0,2,10,20],[0,2,5,20]]")
            .unwrap_or_else(|e| panic!("{e}"));
        let got: Vec<(usize, &str, Option<i64>, i64)> =
            around.holders.iter().map(|h| (h.at, h.holds.as_str(), h.user_id.map(|u| u.0), h.id)).collect();
        assert_eq!(
            got,
            [
                (0, "place", None, 9),
                (0, "staff", Some(2), 7),
                (0, "staff", Some(3), 7),
                (0, "children", None, 7),
                (1, "children", None, 7)
            ]
        );
        assert_eq!(around.available_at(0, StaffId(2)), [(5, 20), (10, 20)]);
    }
}
