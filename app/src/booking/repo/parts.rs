//! What a booking or a move reads before it checks anything: the place and its opening hours,
//! whether the centre takes bookings, the family's centre, its children with their cases, and the
//! consultants; in the same statement, what holds them around the booking's times (`holders`).
//! One statement is one trip to the connection's thread: the check was ten and more, each costing
//! more than SQLite's own work.

use serde::Deserialize;
use sqlx::SqliteExecutor;

use super::holders::{Around, Whose, Window, around_columns, bind_around};
use super::{ChildCaseRow, PlaceRow, StaffRow};

/// (ISO weekday, opens 'HH:MM', closes 'HH:MM', valid_from, valid_to) of a place.
pub type HoursRow = (i64, String, String, Option<String>, Option<String>);

/// What `read` found. Nothing here is checked yet: the place and the consultants may belong to
/// another centre, and the caller refuses them.
#[derive(Debug)]
pub struct Parts {
    pub place: Option<PlaceRow>,
    pub hours: Vec<HoursRow>,
    /// The centre (?6) takes new bookings.
    pub centre_active: bool,
    pub family_centre: Option<i64>,
    /// The family's children as read (JSON), decoded by `children` once the family is known to
    /// be the caller's: another centre's data is refused before it is looked at.
    children: String,
    /// The asked consultants who are active, in the order asked (any centre).
    pub staff: Vec<StaffRow>,
}

/// The family (?3)'s children with their open cases, each with its decisions, consents and
/// custody holders, as one JSON array. No aggregate here is ordered: an ordered one sorts in a
/// temporary b-tree of its own (three per check), and `children_rows` sorts in Rust instead.
/// A custody holder is the relation's person id: the key keeps it a person (ON DELETE CASCADE).
pub(super) const CHILDREN: &str = "SELECT coalesce(json_group_array(json_object('child_id', ch.id, \
       'first_name', ch.first_name, 'birth_date', ch.birth_date, 'case_id', k.id, 'visit_type', k.visit_type, \
       'decision_from', k.decision_from, 'decision_to', k.decision_to, 'status', k.status, \
       'decisions', json((SELECT coalesce(json_group_array(json_array(d.kind, d.valid_from, d.valid_to)), '[]') \
         FROM case_decisions d WHERE d.case_id = k.id)), \
       'consents', json((SELECT coalesce(json_group_array(json_array(c.person_id, c.given_on, c.withdrawn_on)), '[]') \
         FROM consents c WHERE c.case_id = k.id)), \
       'custody_holders', json((SELECT coalesce(json_group_array(r.person_id), '[]') \
         FROM child_relations r WHERE r.child_id = ch.id AND r.custody_holder = 1)))), '[]') \
     FROM children ch JOIN cases k ON k.child_id = ch.id WHERE ch.family_id = ?3 AND k.status <> 'closed'";

/// The children `CHILDREN` read, in the order `ChildCaseRow` promises: by birth date (then child
/// and case id), each child's consents oldest first and custody holders by person id.
pub(super) fn children_rows(json: &str) -> sqlx::Result<Vec<ChildCaseRow>> {
    let mut rows: Vec<ChildCaseRow> = crate::db::json_rows(json)?;
    rows.sort_by_key(|r| (r.birth_date, r.child_id, r.case_id));
    for r in &mut rows {
        r.consents.sort_by_key(|c| c.1);
        r.custody_holders.sort_unstable();
    }
    Ok(rows)
}

/// The place (?2) as a JSON object, or NULL.
const PLACE: &str = "SELECT json_object('id', id, 'centre_id', centre_id, 'name', name, \
     'active', json(iif(active = 1, 'true', 'false'))) FROM places WHERE id = ?2";

/// The place (?2)'s opening hours.
const HOURS: &str = "SELECT coalesce(json_group_array(json_array(weekday, opens, closes, valid_from, valid_to)), '[]') \
     FROM place_opening_hours WHERE place_id = ?2";

/// The asked consultants (?4) who are active, with the place in the list each was asked at.
const STAFF: &str = "SELECT coalesce(json_group_array(json_object('asked', j.key, 'user_id', s.user_id, \
       'full_name', u.full_name, 'employment', s.employment, 'centre_id', s.centre_id)), '[]') \
     FROM json_each(?4) j CROSS JOIN staff s JOIN users u ON u.id = s.user_id \
     WHERE s.user_id = j.value AND u.active = 1 AND u.role = 'consultant'";

#[derive(Deserialize)]
struct AskedStaff {
    asked: usize,
    #[serde(flatten)]
    row: StaffRow,
}

impl Parts {
    /// The family's children with their open cases, youngest last.
    pub fn children(&self) -> sqlx::Result<Vec<ChildCaseRow>> {
        children_rows(&self.children)
    }
}

/// The place, the family and the consultants of `whose` (the centre `centre` asked about), and
/// what holds them around each of `windows` (none: nothing read around). Unchecked: booking's
/// own checks (`service::bookable_place`, `own_family`, `staff_rows`) refuse another centre's.
pub(in crate::booking) async fn read(
    db: impl SqliteExecutor<'_>,
    whose: &Whose<'_>,
    windows: &[Window],
    centre: i64,
) -> sqlx::Result<(Parts, Around)> {
    let sql = format!(
        "SELECT ({PLACE}), ({HOURS}), (SELECT active FROM centres WHERE id = ?6), \
         (SELECT centre_id FROM families WHERE id = ?3), ({CHILDREN}), ({STAFF}), {}",
        around_columns()
    );
    type Row = (Option<String>, String, Option<bool>, Option<i64>, String, String, String, String);
    let (place, hours, centre_active, family_centre, children, staff, holders, available): Row =
        bind_around(sqlx::query_as(&sql), whose, windows).bind(centre).fetch_one(db).await?;
    let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    let mut asked: Vec<AskedStaff> = crate::db::json_rows(&staff)?;
    asked.sort_by_key(|s| s.asked);
    let parts = Parts {
        place: place.as_deref().map(serde_json::from_str).transpose().map_err(decode)?,
        hours: crate::db::json_rows(&hours)?,
        centre_active: centre_active.unwrap_or(false),
        family_centre,
        children,
        staff: asked.into_iter().map(|s| s.row).collect(),
    };
    Ok((parts, Around::from_json(&holders, &available)?))
}
