//! Builds the board for the signed-in staff member. Hourly consultants see what they staff in full
//! and everything else as "Optaget": they see free capacity, not other families.

use std::time::Duration;

use chrono::{Datelike, Days, NaiveDate, Timelike, Utc};
use sqlx::SqlitePool;

use super::rules::{hours, initials, label, quarters};
use super::{Block, Board, BoardView, Column, Lane};
use crate::auth::{CurrentUser, Role};
use crate::booking::repo::board::{self as repo, BoardRow};
use crate::booking::windows::open_spans;
use crate::error::AppError;
use crate::kept::{self, Kept, Topic};
use crate::setup::PlaceId;
use crate::staff::{Employment, StaffId};
use crate::time;

/// A row worked out once: its column, its consultants and its local start and end in minutes
/// since midnight. (A week's board puts every row into one of seven columns of every lane it
/// belongs to; worked out in the loop over columns and lanes, the local day was most of the
/// board's own time.)
struct Placed {
    column: Option<usize>,
    staff: Vec<StaffId>,
    start: u32,
    end: u32,
}

fn placed(row: &BoardRow, days: &[NaiveDate]) -> Placed {
    let (start, end) = (time::local(time::from_unix(row.starts_at)), time::local(time::from_unix(row.ends_at)));
    Placed {
        column: days.iter().position(|d| *d == start.date_naive()),
        staff: staff_ids(row),
        start: start.hour() * 60 + start.minute(),
        end: end.hour() * 60 + end.minute(),
    }
}

fn title(view: BoardView, days: &[NaiveDate]) -> String {
    let (first, last) = (days[0], days[days.len() - 1]);
    match view {
        BoardView::Day => format!("{} {}", time::day(first), first.year()),
        _ if first.month() == last.month() => {
            format!("Uge {} · {}.–{}", first.iso_week().week(), first.day(), time::date(last))
        }
        _ => format!("Uge {} · {} – {}", first.iso_week().week(), time::day_month(first), time::date(last)),
    }
}

struct Names<'a> {
    staff: &'a [(StaffId, String, Employment)],
    places: &'a [(PlaceId, String)],
}

fn staff_ids(row: &BoardRow) -> Vec<StaffId> {
    row.staff_ids.as_deref().unwrap_or_default().split(',').filter_map(|s| s.trim().parse().ok()).collect()
}

/// One appointment as a block; `only` hides everything not staffed by that user.
fn block(row: &BoardRow, at: &Placed, names: &Names, only: Option<StaffId>, shown: (u32, u32)) -> Block {
    let staff = &at.staff;
    let start = time::from_unix(row.starts_at);
    let end = if row.ends_at - row.starts_at >= 86_400 { 24 * 60 } else { at.end };
    let (quarter, quarters) = quarters(at.start, end.max(1), shown.0, shown.1);
    let place =
        row.place_id.and_then(|id| names.places.iter().find(|p| p.0 == id)).map(|p| p.1.clone()).unwrap_or_default();
    let mut b = Block {
        id: Some(crate::visits::VisitId(row.id)),
        kind: String::new(),
        label: String::new(),
        span: time::span_in(crate::i18n::Lang::Da, start, time::from_unix(row.ends_at)),
        staff: String::new(),
        family: String::new(),
        place,
        status: row.status,
        unstaffed: staff.is_empty(),
        quarter,
        quarters,
    };
    if only.is_some_and(|me| !staff.contains(&me)) {
        b.id = None;
        b.kind = "busy".into();
        b.label = "Optaget".into();
        return b;
    }
    let (kind, text) = label(row.kind, row.visit_type);
    b.kind = kind.into();
    b.label = text.into();
    b.staff = if staff.is_empty() {
        "Ingen konsulent".into()
    } else {
        staff
            .iter()
            .filter_map(|id| names.staff.iter().find(|s| s.0 == *id))
            .map(|s| initials(&s.1))
            .collect::<Vec<_>>()
            .join(", ")
    };
    b.family = crate::visits::family_label(&row.family_code, row.initials.as_deref().unwrap_or_default());
    b
}

/// A centre's appointments, places and consultants from one time to another, kept between
/// requests until the database changes or `BOARD_TTL` has passed (`kept`).
pub type Boards = Kept<(i64, i64, i64), repo::BoardData>;

/// Anything the database's watch does not hear is on the board no later than this.
const BOARD_TTL: Duration = Duration::from_secs(10);

pub fn boards(pool: &SqlitePool, settle: Duration) -> Boards {
    // Weeks and days a centre's staff look at, some tens of kilobytes each.
    Kept::new(pool, Topic::Data, BOARD_TTL, 500).settling(settle)
}

/// The board for `user` on `date`, its read logged (the families whose codes it showed).
pub async fn board(pool: &SqlitePool, user: &CurrentUser, date: NaiveDate, view: BoardView) -> Result<Board, AppError> {
    let (board, read) = build(pool, user, date, view).await?;
    crate::audit::read(pool, read).await?;
    Ok(board)
}

/// The board and the audit entry its reading owes: the families whose codes it shows (an hourly
/// consultant's: those they staff). Apart from `board` so the benchmark can time the board's own
/// work without the synced write every read of personal data adds; whatever shows the board to
/// someone calls `board`, which logs the read.
pub async fn build(
    pool: &SqlitePool,
    user: &CurrentUser,
    date: NaiveDate,
    view: BoardView,
) -> Result<(Board, crate::audit::Entry), AppError> {
    let hourly = user.is_hourly();
    let days: Vec<NaiveDate> = match view {
        BoardView::Day => vec![date],
        _ => (0..7).filter_map(|i| time::monday_of(date).checked_add_days(Days::new(i))).collect(),
    };
    let (first, last) = (days[0], days[days.len() - 1]);
    let from = time::start_of_day(first).timestamp();
    let to = time::start_of_day(last + Days::new(1)).timestamp();
    let read = repo::board(pool, user.centre(), from, to);
    let data = kept::through(|s| &*s.boards, (user.centre(), from, to), read).await?;
    let repo::BoardData { rows, lanes: places, consultants: staff } = &*data;
    let mut notes = Vec::new();
    if view == BoardView::Day {
        let mut tx = pool.begin().await?;
        for (id, _) in places {
            let open = open_spans(&mut tx, *id, date, 1).await?;
            notes.push(match open.first() {
                Some(o) => format!(
                    "Åbent {}",
                    time::span_in(crate::i18n::Lang::Da, time::from_unix(o.start), time::from_unix(o.end))
                ),
                None => "Lukket".to_string(),
            });
        }
        tx.commit().await?;
    }

    let placed: Vec<Placed> = rows.iter().map(|r| placed(r, &days)).collect();
    let shown = hours(placed.iter().map(|p| (p.start, p.end)));
    let names = Names { staff, places };
    let only = hourly.then_some(user.staff_id());
    let shown_families =
        rows.iter().zip(&placed).filter(|(_, at)| only.is_none_or(|u| at.staff.contains(&u))).map(|(r, _)| r.family_id);
    let entry = crate::audit::Entry::new(Some(user.id.0), "read", "board", None).families(shown_families);
    let cells = |keep: &dyn Fn(&BoardRow, &[StaffId]) -> bool| -> Vec<Vec<Block>> {
        let mut out: Vec<Vec<Block>> = days.iter().map(|_| Vec::new()).collect();
        for (r, at) in rows.iter().zip(&placed) {
            if let Some(cell) = at.column.and_then(|c| out.get_mut(c)).filter(|_| keep(r, &at.staff)) {
                cell.push(block(r, at, &names, only, shown));
            }
        }
        out
    };
    let lanes: Vec<Lane> = match view {
        BoardView::Staff => {
            let mut lanes = Vec::new();
            let unstaffed = cells(&|_, staffed| staffed.is_empty());
            if unstaffed.iter().any(|c| !c.is_empty()) {
                lanes.push(Lane { name: "Ingen konsulent".into(), note: "Skal bemandes".into(), cells: unstaffed });
            }
            for (id, name, employment) in staff {
                let note = employment.label();
                lanes.push(Lane {
                    name: name.clone(),
                    note: note.into(),
                    cells: cells(&|_, staffed| staffed.contains(id)),
                });
            }
            lanes
        }
        _ => places
            .iter()
            .enumerate()
            .map(|(i, (id, name))| Lane {
                name: name.clone(),
                note: notes.get(i).cloned().unwrap_or_default(),
                cells: cells(&|r, _| r.place_id == Some(*id)),
            })
            .collect(),
    };
    let today = time::today(Utc::now());
    let step = if view == BoardView::Day { 1 } else { 7 };
    let board = Board {
        view,
        title: title(view, &days),
        date: date.to_string(),
        prev: (date - Days::new(step)).to_string(),
        next: (date + Days::new(step)).to_string(),
        today: today.to_string(),
        columns: days
            .iter()
            .map(|d| Column {
                label: time::short_day(*d),
                date: d.to_string(),
                weekend: d.weekday().number_from_monday() >= 6,
                today: *d == today,
            })
            .collect(),
        lanes,
        first_hour: shown.0,
        last_hour: shown.1,
        can_book: matches!(user.role, Role::Consultant | Role::Coordinator) && !hourly,
    };
    Ok((board, entry))
}
