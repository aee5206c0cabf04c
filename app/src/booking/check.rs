//! The checks every booked time passes, for a new booking, a move and an offered free time alike:
//! the children's cases (decision period, § 105 suspension, § 104 consent), the place's opening
//! hours, the hourly consultants' availability, and collisions with the place, the consultants and
//! the children (buffers and guidance talks counted). The checks read nothing themselves: what
//! holds the resources around the times is read first (`around`, one statement for all of a
//! booking's times), inside the caller's transaction.

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
pub(super) fn busy<'a>(rows: impl IntoIterator<Item = &'a repo::HolderRow>, who: &str, say_where: bool) -> Vec<Busy> {
    rows.into_iter()
        .map(|r| {
            let (start, end) = (time::from_unix(r.starts_at), time::from_unix(r.ends_at));
            let place = r.place_name.as_ref().filter(|_| say_where).map(|p| format!(" i {p}")).unwrap_or_default();
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

/// The first collision of one occurrence (`at`, among the times `around` was read for) with its
/// place or consultants (`block`: guidance talks and buffers included) or, for a visit, the
/// family's children.
fn collision(ck: &Check<'_>, around: &repo::Around, at: usize, occ: Span) -> Option<String> {
    let input = ck.input;
    let held = occ.with_buffers(input.buffer_before_min * 60, input.buffer_after_min * 60);
    let rows: Vec<&repo::HolderRow> = around.holders_at(at).collect();
    let children = rows.iter().copied().filter(|r| r.holds == "children");
    if let Some(b) = rules::first_collision(held, &busy(children, "Børnene", true)) {
        return Some(b.what.clone());
    }
    let mut all = busy(rows.iter().copied().filter(|r| r.holds == "place"), ck.place_name, false);
    for s in ck.staff {
        let theirs = rows.iter().copied().filter(|r| r.holds == "staff" && r.user_id == Some(s.user_id));
        all.extend(busy(theirs, &s.full_name, true));
    }
    rules::first_collision(input.block(occ), &all).map(|b| b.what.clone())
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
/// it replaces (`except`, None: none), its place (name and opening hours) and consultants, and the
/// children's cases.
pub struct Check<'a> {
    pub input: &'a BookingInput,
    pub except: Option<i64>,
    pub place_name: &'a str,
    pub hours: &'a [repo::HoursRow],
    pub staff: &'a [repo::StaffRow],
    pub cases: &'a [ChildCase],
    pub visit_type: VisitType,
}

/// What the checks of `input` at the time `occ` read around it: the place and the consultants
/// over the block (guidance talks and buffers), and for a visit the children over the visit with
/// its buffers.
pub fn window(input: &BookingInput, occ: Span) -> repo::Window {
    let (block, held) = (input.block(occ), occ.with_buffers(input.buffer_before_min * 60, input.buffer_after_min * 60));
    repo::Window { from: block.start, to: block.end, children: input.is_visit().then_some((held.start, held.end)) }
}

/// Whose holders the checks of `input` read: its place, its consultants (`staff`) and its
/// family's children, other than `except` and its linked talks.
pub fn whose<'a>(input: &BookingInput, staff: &'a [StaffId], except: Option<i64>) -> repo::Whose<'a> {
    repo::Whose { place: Some(input.place_id), staff, family: Some(input.family_id), except }
}

/// What holds the resources of `ck` around each of `times`, and the availability there: one
/// statement for all of them.
pub async fn around(
    tx: &mut Transaction<'_, Sqlite>,
    ck: &Check<'_>,
    times: &[Span],
) -> Result<repo::Around, AppError> {
    let ids: Vec<StaffId> = ck.staff.iter().map(|s| s.user_id).collect();
    let windows: Vec<repo::Window> = times.iter().map(|t| window(ck.input, *t)).collect();
    Ok(repo::around(&mut **tx, &whose(ck.input, &ids, ck.except), &windows).await?)
}

/// The checks every booked time passes, for a new booking, a move and an offered free time alike:
/// the case rules (for visits), the place's opening hours, the hourly consultants' availability,
/// and collisions with anything but `except`. `occ` is the time `at` of those `around` was read
/// for.
pub fn check_occurrence(ck: &Check<'_>, around: &repo::Around, at: usize, occ: &Occurrence) -> Option<Blocked> {
    let input = ck.input;
    if input.is_visit() {
        for case in ck.cases {
            if let Err(why) = eligibility::check(case, ck.visit_type, occ.date) {
                return Some(Blocked::Case(why));
            }
        }
    }
    let talks =
        Span::new(occ.span.start - input.guidance_before_min * 60, occ.span.end + input.guidance_after_min * 60);
    if !rules::within(talks, &super::windows::opening(ck.hours, occ.date, 1)) {
        return Some(Blocked::Closed(talks));
    }
    for s in ck.staff.iter().filter(|s| s.employment.is_hourly()) {
        if !rules::within(talks, &super::windows::joined(around.available_at(at, s.user_id))) {
            return Some(Blocked::Unavailable(s.full_name.clone()));
        }
    }
    collision(ck, around, at, occ.span).map(Blocked::Collides)
}

/// Has an hourly consultant said they can work for all of `span` (touching stretches joined)?
pub(super) async fn available(
    tx: &mut Transaction<'_, Sqlite>,
    user_id: StaffId,
    span: Span,
) -> Result<bool, AppError> {
    Ok(rules::within(span, &super::windows::availability(tx, user_id, span).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::rules::Repeat;
    use crate::staff::Employment;
    use chrono::NaiveDate;

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap_or_default()
    }

    /// A two-hour meeting at 10.00 on `d`.
    fn occurrence(d: u32) -> Occurrence {
        let start = time::at_local(date(d), 10, 0).timestamp();
        Occurrence { date: date(d), span: Span::new(start, start + 7200), moved: false }
    }

    fn holder(at: usize, holds: &str, user_id: Option<StaffId>, occ: &Occurrence) -> repo::HolderRow {
        repo::HolderRow {
            at,
            holds: holds.into(),
            user_id,
            id: 99,
            starts_at: occ.span.start + 1800,
            ends_at: occ.span.end,
            buffer_before_min: 0,
            buffer_after_min: 0,
            family_code: "F-09".into(),
            place_name: Some("Rum 1".into()),
        }
    }

    #[test]
    fn each_time_is_refused_for_what_holds_it_or_its_consultant_and_nothing_else() {
        // One read for a booking's times: what holds the place around the second time, then the
        // consultant around the first, then an hourly consultant available around the first only.
        let input = BookingInput {
            family_id: crate::cases::FamilyId(1),
            place_id: crate::setup::PlaceId(1),
            staff_ids: vec![StaffId(7)],
            kind: crate::visits::Kind::KickoffMeeting,
            date: date(1),
            at: chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
            minutes: 120,
            guidance_before_min: 0,
            guidance_after_min: 0,
            buffer_before_min: 0,
            buffer_after_min: 0,
            repeat: Repeat::Once,
            until: date(1),
            skip: Vec::new(),
        };
        let hours: Vec<repo::HoursRow> = (1..=7).map(|d| (d, "08:00".into(), "20:00".into(), None, None)).collect();
        let staff = [repo::StaffRow {
            user_id: StaffId(7),
            full_name: "Signe Bak".into(),
            employment: Employment::Permanent,
            centre_id: 1,
        }];
        let ck = Check {
            input: &input,
            except: None,
            place_name: "Rum 1",
            hours: &hours,
            staff: &staff,
            cases: &[],
            visit_type: VisitType::Supported,
        };
        let (first, second) = (occurrence(1), occurrence(8));
        let around = repo::Around { holders: vec![holder(1, "place", None, &second)], available: Vec::new() };
        assert!(check_occurrence(&ck, &around, 0, &first).is_none(), "what holds the second time leaves the first");
        let Some(Blocked::Collides(what)) = check_occurrence(&ck, &around, 1, &second) else {
            panic!("the second time collides")
        };
        assert!(what.starts_with("Rum 1 er optaget") && what.ends_with("(F-09)"), "{what}");

        // The consultant's own holder and availability, likewise.
        let around =
            repo::Around { holders: vec![holder(0, "staff", Some(StaffId(7)), &first)], available: Vec::new() };
        let Some(Blocked::Collides(what)) = check_occurrence(&ck, &around, 0, &first) else { panic!("first collides") };
        assert!(what.starts_with("Signe Bak er optaget") && what.contains(" i Rum 1"), "{what}");
        assert!(check_occurrence(&ck, &around, 1, &second).is_none());
        let hourly = [repo::StaffRow { employment: Employment::Hourly, ..staff[0].clone() }];
        let ck = Check { staff: &hourly, ..ck };
        let available = vec![repo::AvailableRow {
            at: 0,
            user_id: StaffId(7),
            starts_at: first.span.start - 3600,
            ends_at: first.span.end,
        }];
        let around = repo::Around { holders: Vec::new(), available };
        assert!(check_occurrence(&ck, &around, 0, &first).is_none(), "available around the first time");
        assert!(
            matches!(check_occurrence(&ck, &around, 1, &second), Some(Blocked::Unavailable(n)) if n == "Signe Bak"),
            "not around the second"
        );
        // Closed on a day without opening hours.
        let ck = Check { hours: &hours[..6], ..ck };
        let sunday = occurrence(7);
        assert_eq!(chrono::Datelike::weekday(&sunday.date), chrono::Weekday::Sun);
        let around = repo::Around {
            holders: Vec::new(),
            available: vec![repo::AvailableRow { at: 0, user_id: StaffId(7), starts_at: 0, ends_at: i64::MAX / 2 }],
        };
        assert!(matches!(check_occurrence(&ck, &around, 0, &sunday), Some(Blocked::Closed(_))));
    }
}
