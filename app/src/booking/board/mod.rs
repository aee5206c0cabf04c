//! The booking board: a week with the places as lanes, one day with the places side by side over
//! the day's hours (for a phone), and a week with the consultants as lanes. Blocks show the type,
//! the consultants' initials and the family's code with the children's initials; never a name.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::visits::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BoardView {
    /// Monday–Sunday, a lane per place.
    Week,
    /// One day, the places side by side over the hours.
    Day,
    /// Monday–Sunday, a lane per consultant.
    Staff,
}

impl BoardView {
    pub fn parse(s: &str) -> BoardView {
        match s {
            "dag" => BoardView::Day,
            "konsulenter" => BoardView::Staff,
            _ => BoardView::Week,
        }
    }

    pub fn param(self) -> &'static str {
        match self {
            BoardView::Week => "uge",
            BoardView::Day => "dag",
            BoardView::Staff => "konsulenter",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub view: BoardView,
    /// "Uge 48 · 23.–29. november 2026" or "lørdag 28. november 2026".
    pub title: String,
    /// ISO dates for the links: the date shown, a step back and forward, and today.
    pub date: String,
    pub prev: String,
    pub next: String,
    pub today: String,
    pub columns: Vec<Column>,
    pub lanes: Vec<Lane>,
    /// The day view's hours: from `first_hour` to `last_hour` (local).
    pub first_hour: u32,
    pub last_hour: u32,
    /// Permanent consultants and the coordinator book; hourly consultants and the leader look.
    pub can_book: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// "lørdag 28.11."
    pub label: String,
    pub date: String,
    pub weekend: bool,
    pub today: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lane {
    pub name: String,
    /// A place's opening hours that day (day view), or a consultant's employment.
    pub note: String,
    /// One list of blocks per column, in time order.
    pub cells: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// None for a block the reader may not open (an hourly consultant sees others' as "Optaget").
    pub id: Option<crate::visits::VisitId>,
    /// CSS class: "visit", "meeting", "guidance" or "busy".
    pub kind: String,
    /// "Overvåget", "Støttet", "Opstartsmøde", "Opfølgning", "Vejl. før", "Optaget".
    pub label: String,
    /// "10.00–12.00"
    pub span: String,
    /// Initials of the consultants ("LF, MH"), or "Ingen konsulent".
    pub staff: String,
    /// "F-03 · AN, LN"
    pub family: String,
    pub place: String,
    pub status: Status,
    pub unstaffed: bool,
    /// Place in the day view: the first quarter hour from `first_hour`, and how many quarters.
    pub quarter: u32,
    pub quarters: u32,
}

/// A day view cell: from a quarter hour, for some quarters, with the blocks in it. Blocks that
/// overlap (only in data from before the rules) share one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCell {
    pub quarter: u32,
    pub quarters: u32,
    pub blocks: Vec<Block>,
}

/// A lane's blocks (in time order) as day view cells that never overlap.
pub fn day_cells(blocks: Vec<Block>) -> Vec<DayCell> {
    let mut cells: Vec<DayCell> = Vec::new();
    for b in blocks {
        let end = b.quarter + b.quarters.max(1);
        match cells.last_mut() {
            Some(c) if b.quarter < c.quarter + c.quarters => {
                c.quarters = c.quarters.max(end - c.quarter);
                c.blocks.push(b);
            }
            _ => cells.push(DayCell { quarter: b.quarter, quarters: end - b.quarter, blocks: vec![b] }),
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(quarter: u32, quarters: u32) -> Block {
        Block {
            id: Some(crate::visits::VisitId(1)),
            kind: "visit".into(),
            label: String::new(),
            span: String::new(),
            staff: String::new(),
            family: String::new(),
            place: String::new(),
            status: Status::Planned,
            unstaffed: false,
            quarter,
            quarters,
        }
    }

    #[test]
    fn overlapping_blocks_share_a_cell_and_cells_never_overlap() {
        let cells = day_cells(vec![block(0, 4), block(4, 2), block(5, 4), block(12, 1)]);
        let spans: Vec<(u32, u32, usize)> = cells.iter().map(|c| (c.quarter, c.quarters, c.blocks.len())).collect();
        assert_eq!(spans, vec![(0, 4, 1), (4, 5, 2), (12, 1, 1)]);
    }
}
