//! The checks every booked time passes, for a new booking, a move and an offered free time alike:
//! the children's cases (decision period, § 105 suspension, § 104 consent), the place's opening
//! hours, the hourly consultants' availability, and collisions with the place, the consultants and
//! the children (buffers and guidance talks counted). They run inside the caller's transaction.

use sqlx::{Sqlite, Transaction};

use super::eligibility::{self, ChildCase};
use super::rules::{self, Busy, Occurrence, Span};
use super::{BookingInput, repo};
use crate::error::AppError;
use crate::staff::StaffId;
use crate::time;
use crate::visits::VisitType;

/// What holds a resource, as a refusal can name it: "Rum 2 er optaget lørdag 5. december kl.
/// 10.00–12.00 (F-03)", and for a person or the children also where ("… i Rum 2 (F-03)").
pub(super) fn busy(rows: Vec<repo::HolderRow>, who: &str, say_where: bool) -> Vec<Busy> {
    rows.into_iter()
        .map(|r| {
            let (start, end) = (time::from_unix(r.starts_at), time::from_unix(r.ends_at));
            let place = r.place_name.filter(|_| say_where).map(|p| format!(" i {p}")).unwrap_or_default();
            Busy {
                span: Span::new(r.starts_at, r.ends_at).with_buffers(r.buffer_before_min * 60, r.buffer_after_min * 60),
                what: format!(
                    "{who} er optaget {} kl. {}–{}{place} ({})",
                    time::day(time::local(start).date_naive()),
                    time::clock(start),
                    time::clock(end),
                    r.family_code
                ),
            }
        })
        .collect()
}

/// The first collision of one occurrence with its place or consultants (`block`: guidance talks
/// and buffers included) or, for a visit, the family's children, other than the appointment
/// `except` (None: none) and its linked talks.
pub async fn collision(
    tx: &mut Transaction<'_, Sqlite>,
    input: &BookingInput,
    except: Option<i64>,
    place_name: &str,
    staff: &[(StaffId, String)],
    occ: Span,
) -> Result<Option<String>, AppError> {
    let block = input.block(occ);
    let held = occ.with_buffers(input.buffer_before_min * 60, input.buffer_after_min * 60);
    let ids: Vec<StaffId> = staff.iter().map(|(id, _)| *id).collect();
    let wanted = repo::Wanted {
        place: Some(repo::Around { who: input.place_id, from: block.start, to: block.end }),
        staff: Some(repo::Around { who: &ids[..], from: block.start, to: block.end }),
        children: input.is_visit().then_some(repo::Around { who: input.family_id, from: held.start, to: held.end }),
    };
    let rows = repo::holders(&mut **tx, &wanted, except).await?;
    let (children, rows): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.holds == "children");
    if let Some(b) = rules::first_collision(held, &busy(children, "Børnene", true)) {
        return Ok(Some(b.what.clone()));
    }
    let (place, mut rows): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.holds == "place");
    let mut all = busy(place, place_name, false);
    for (id, name) in staff {
        let (theirs, rest): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.user_id == Some(*id));
        rows = rest;
        all.extend(busy(theirs, name, true));
    }
    Ok(rules::first_collision(block, &all).map(|b| b.what.clone()))
}

/// Why one occurrence cannot be held.
pub enum Blocked {
    /// A case rule (decision period, suspension, consent), in words.
    Case(String),
    /// The place is not open for the whole time: the visit with its guidance talks.
    Closed(Span),
    /// This hourly consultant has not said they are available then.
    Unavailable(String),
    /// What collides, in words.
    Collides(String),
}

impl Blocked {
    /// The refusal in words; `verb` is "bookes" or "flyttes".
    pub(super) fn refusal(self, place: &str, occ: Span, verb: &str) -> String {
        let when = time::long(time::from_unix(occ.start));
        match self {
            Blocked::Case(why) => why,
            Blocked::Closed(talks) => {
                let from = time::long(time::from_unix(talks.start));
                let to = time::clock(time::from_unix(talks.end));
                let with = if talks == occ { "" } else { " (vejledningen før og efter medregnet)" };
                format!("Kan ikke {verb}: {place} har ikke åbent {from}–{to}{with}.")
            }
            Blocked::Unavailable(name) => format!("{name} har ikke meldt sig til rådighed {when}."),
            Blocked::Collides(what) => format!("Kan ikke {verb}: {what}."),
        }
    }
}

/// What every booked time of one booking is checked against: the booking itself, the appointment
/// it replaces (`except`, None: none), its place and consultants, and the children's cases.
pub struct Check<'a> {
    pub input: &'a BookingInput,
    pub except: Option<i64>,
    pub place_name: &'a str,
    pub staff: &'a [repo::StaffRow],
    pub cases: &'a [ChildCase],
    pub visit_type: VisitType,
}

/// The checks every booked time passes, for a new booking, a move and an offered free time alike:
/// the case rules (for visits), the place's opening hours, the hourly consultants' availability,
/// and collisions with anything but `except`.
pub async fn check_occurrence(
    tx: &mut Transaction<'_, Sqlite>,
    ck: &Check<'_>,
    occ: &Occurrence,
) -> Result<Option<Blocked>, AppError> {
    let input = ck.input;
    if input.is_visit() {
        for case in ck.cases {
            if let Err(why) = eligibility::check(case, ck.visit_type, occ.date) {
                return Ok(Some(Blocked::Case(why)));
            }
        }
    }
    let talks =
        Span::new(occ.span.start - input.guidance_before_min * 60, occ.span.end + input.guidance_after_min * 60);
    let open = super::windows::open_spans(tx, input.place_id, occ.date, 1).await?;
    if !rules::within(talks, &open) {
        return Ok(Some(Blocked::Closed(talks)));
    }
    for s in ck.staff.iter().filter(|s| s.employment.is_hourly()) {
        if !available(tx, s.user_id, talks).await? {
            return Ok(Some(Blocked::Unavailable(s.full_name.clone())));
        }
    }
    let named: Vec<(StaffId, String)> = ck.staff.iter().map(|s| (s.user_id, s.full_name.clone())).collect();
    Ok(collision(tx, input, ck.except, ck.place_name, &named, occ.span).await?.map(Blocked::Collides))
}

/// Has an hourly consultant said they can work for all of `span` (touching stretches joined)?
pub(super) async fn available(
    tx: &mut Transaction<'_, Sqlite>,
    user_id: StaffId,
    span: Span,
) -> Result<bool, AppError> {
    Ok(rules::within(span, &super::windows::availability(tx, user_id, span).await?))
}
