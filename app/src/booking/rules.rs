//! The booking rules, pure: no I/O, no clock. Instants are unix seconds (UTC); dates and wall-clock
//! times are the centre's (Europe/Copenhagen), turned into instants by `time::at_local`, so a
//! weekly 10.00 stays 10.00 on both sides of a daylight-saving change.

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Timelike, Weekday};

use crate::time;

/// A half-open stretch of time [start, end) in unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: i64,
    pub end: i64,
}

impl Span {
    pub fn new(start: i64, end: i64) -> Self {
        Span { start, end }
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The time a booking holds its place and people: the hand-over buffers on both sides.
    pub fn with_buffers(self, before_secs: i64, after_secs: i64) -> Span {
        Span { start: self.start - before_secs, end: self.end + after_secs }
    }
}

/// How a series repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repeat {
    Once,
    /// Every n weeks on the first date's weekday (1 = weekly, 2 = every 2nd week, 4 = every 4th).
    EveryWeeks(u32),
    /// Exactly these dates (a custom series).
    Dates(Vec<NaiveDate>),
}

/// A change to one occurrence of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exception {
    Skip(NaiveDate),
    /// The occurrence on the date moves to another date and wall-clock time.
    Move {
        from: NaiveDate,
        to: NaiveDate,
        at: NaiveTime,
    },
}

/// One planned occurrence: its local date and its instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub date: NaiveDate,
    pub span: Span,
    /// Moved by an exception.
    pub moved: bool,
}

/// The most occurrences one series may have (about two years of weekly visits).
pub const MAX_OCCURRENCES: usize = 104;

/// The occurrences of a series starting on `first` at `at` (local) for `minutes`, up to and
/// including `until`, with exceptions applied, in time order.
pub fn expand(
    first: NaiveDate,
    at: NaiveTime,
    minutes: i64,
    repeat: &Repeat,
    until: NaiveDate,
    exceptions: &[Exception],
) -> Vec<Occurrence> {
    let dates: Vec<NaiveDate> = match repeat {
        Repeat::Once => vec![first],
        Repeat::EveryWeeks(n) => {
            let step = u64::from((*n).max(1)) * 7;
            (0..MAX_OCCURRENCES as u64)
                .map_while(|i| first.checked_add_days(Days::new(i * step)))
                .take_while(|d| *d <= until)
                .collect()
        }
        Repeat::Dates(ds) => {
            let mut ds: Vec<NaiveDate> = ds.iter().copied().filter(|d| *d >= first && *d <= until).collect();
            ds.sort_unstable();
            ds.dedup();
            ds.truncate(MAX_OCCURRENCES);
            ds
        }
    };
    let mut out: Vec<Occurrence> = dates
        .into_iter()
        .filter(|d| !exceptions.iter().any(|e| matches!(e, Exception::Skip(s) if s == d)))
        .map(|d| {
            match exceptions.iter().find_map(|e| match e {
                Exception::Move { from, to, at } if *from == d => Some((*to, *at)),
                _ => None,
            }) {
                Some((to, at)) => occurrence(to, at, minutes, true),
                None => occurrence(d, at, minutes, false),
            }
        })
        .collect();
    out.sort_by_key(|o| o.span.start);
    out
}

fn occurrence(date: NaiveDate, at: NaiveTime, minutes: i64, moved: bool) -> Occurrence {
    let start = time::at_local(date, at.hour(), at.minute()).timestamp();
    Occurrence { date, span: Span::new(start, start + minutes * 60), moved }
}

/// Something already holding a place, a person or a child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    /// With its buffers already added.
    pub span: Span,
    /// What collides, in words for the refusal ("Rum 2 er optaget lørdag 5. december kl.
    /// 10.00–12.00 (F-03)").
    pub what: String,
}

/// The first thing in `busy` that the wanted span (buffers included) collides with.
pub fn first_collision(wanted: Span, busy: &[Busy]) -> Option<&Busy> {
    busy.iter().filter(|b| b.span.overlaps(wanted)).min_by_key(|b| b.span.start)
}

/// Is `span` inside the `open` stretches (opening hours, a consultant's availability)? Stretches
/// that touch or overlap count as one: 10–12 and 12–14 cover 11–13.
pub fn within(span: Span, open: &[Span]) -> bool {
    merged(open).iter().any(|o| o.start <= span.start && span.end <= o.end)
}

/// The stretches sorted, with touching and overlapping ones joined.
pub fn merged(spans: &[Span]) -> Vec<Span> {
    let mut sorted: Vec<Span> = spans.iter().copied().filter(|s| s.start < s.end).collect();
    sorted.sort_by_key(|s| s.start);
    let mut out: Vec<Span> = Vec::with_capacity(sorted.len());
    for s in sorted {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// How many dates a series would have without the cap (for a refusal instead of a silent cut).
pub fn planned_dates(first: NaiveDate, repeat: &Repeat, until: NaiveDate) -> usize {
    match repeat {
        Repeat::Once => 1,
        Repeat::EveryWeeks(n) => {
            let days = until.signed_duration_since(first).num_days();
            if days < 0 { 0 } else { (days / (i64::from((*n).max(1)) * 7)) as usize + 1 }
        }
        Repeat::Dates(ds) => {
            let mut ds: Vec<&NaiveDate> = ds.iter().filter(|d| **d >= first && **d <= until).collect();
            ds.sort_unstable();
            ds.dedup();
            ds.len()
        }
    }
}

/// What a free-slot search looks for.
#[derive(Debug, Clone)]
pub struct SlotQuery {
    pub from: NaiveDate,
    pub days: u32,
    pub weekdays: Vec<Weekday>,
    /// Local wall-clock window for the start: [earliest, latest].
    pub earliest: NaiveTime,
    pub latest: NaiveTime,
    pub minutes: i64,
    pub buffer_before_secs: i64,
    pub buffer_after_secs: i64,
    /// Minutes between candidate starts.
    pub step_minutes: u32,
    pub max_results: usize,
}

/// A resource for the search (a place or a consultant, by its id): its open stretches and what
/// already holds it (buffers included).
#[derive(Debug, Clone)]
pub struct Resource<Id> {
    pub id: Id,
    pub open: Vec<Span>,
    pub busy: Vec<Span>,
}

/// A free time: the place and the consultant (by the ids their resources have) and the span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreeSlot<P, S> {
    pub place_id: P,
    pub staff_id: S,
    pub span: Span,
}

/// The next free slots: a place open and free, a consultant available and free, and the family's
/// children free, for the whole span with its buffers. Earliest first; one per start time.
pub fn free_slots<P: Copy, S: Copy>(
    q: &SlotQuery,
    places: &[Resource<P>],
    staff: &[Resource<S>],
    family_busy: &[Span],
) -> Vec<FreeSlot<P, S>> {
    let mut out = Vec::new();
    for day in 0..q.days {
        let Some(date) = q.from.checked_add_days(Days::new(u64::from(day))) else { break };
        if !q.weekdays.is_empty() && !q.weekdays.contains(&date.weekday()) {
            continue;
        }
        let mut t = q.earliest;
        while t <= q.latest {
            let span = occurrence(date, t, q.minutes, false).span;
            let held = span.with_buffers(q.buffer_before_secs, q.buffer_after_secs);
            let free = |open: &[Span], busy: &[Span]| within(span, open) && !busy.iter().any(|b| b.overlaps(held));
            if !family_busy.iter().any(|b| b.overlaps(held))
                && let Some(place) = places.iter().find(|r| free(&r.open, &r.busy))
                && let Some(person) = staff.iter().find(|r| free(&r.open, &r.busy))
            {
                out.push(FreeSlot { place_id: place.id, staff_id: person.id, span });
                if out.len() >= q.max_results {
                    return out;
                }
            }
            let (next, wrapped) = t.overflowing_add_signed(chrono::Duration::minutes(i64::from(q.step_minutes.max(5))));
            if wrapped != 0 || next <= t {
                break;
            }
            t = next;
        }
    }
    out
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
