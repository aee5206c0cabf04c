//! "Find a slot": the next free times for a family across the centre's places (weekends included),
//! with a required consultant or any available one.

use chrono::{NaiveDate, NaiveTime, Utc, Weekday};
use sqlx::SqlitePool;

use super::check::{self, Check};
use super::rules::{self, Occurrence, SlotQuery};
use super::service::{cases_of, own_family};
use super::windows::{DAYS, held, place_resource, staff_resource, window};
use super::{BookingInput, SlotOffer, repo};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::staff::{Employment, StaffId};
use crate::time;
use crate::visits::Kind;

pub struct FindInput {
    pub family_id: crate::cases::FamilyId,
    pub from: NaiveDate,
    pub minutes: i64,
    pub weekdays: Vec<Weekday>,
    pub earliest: NaiveTime,
    pub latest: NaiveTime,
    /// None: any available consultant.
    pub staff_id: Option<crate::staff::StaffId>,
    pub buffer_min: i64,
    /// Guidance talks right before and after the visit, in minutes.
    pub guidance_before_min: i64,
    pub guidance_after_min: i64,
}

/// Up to ten offers for the caller's centre. Every offer passes the checks a booking runs (case
/// rules, opening hours, availability, collisions), so "Book" on it is not refused.
pub async fn find(pool: &SqlitePool, user: &CurrentUser, input: &FindInput) -> Result<Vec<SlotOffer>, AppError> {
    // Logged before the read transaction takes its connection: the audit writer needs one too.
    let centre = user.centre();
    if repo::family_centre(pool, input.family_id).await? == Some(centre) {
        let entry = crate::audit::Entry::new(Some(user.id.0), "read", "find_slots", None).family(input.family_id);
        crate::audit::read(pool, entry).await?;
    }
    let mut tx = pool.begin().await?;
    let whose = repo::Whose { family: Some(input.family_id), ..repo::Whose::default() };
    let (parts, _) = repo::read(&mut *tx, &whose, &[], centre).await?;
    own_family(&parts, centre)?;
    let (_, cases, visit_type) = cases_of(parts.children()?)?;
    let (start, end) = window(input.from);
    let names = repo::board::places(&mut *tx, centre).await?;
    let (mut places, mut hours) = (Vec::new(), Vec::new());
    for (id, _) in &names {
        let rows = repo::opening_hours(&mut *tx, *id).await?;
        places.push(place_resource(&mut tx, *id, &rows, input.from, None).await?);
        hours.push((*id, rows));
    }
    let people: Vec<(StaffId, String, Employment)> = repo::board::consultants(&mut *tx, centre)
        .await?
        .into_iter()
        .filter(|(id, _, _)| input.staff_id.is_none_or(|s| s == *id))
        .collect();
    if people.is_empty() {
        return Err(AppError::invalid("staff_id", "Den valgte konsulent findes ikke."));
    }
    let mut staff = Vec::new();
    for (id, _, employment) in &people {
        staff.push(staff_resource(&mut tx, *id, employment.is_hourly(), input.from, None).await?);
    }
    let family = held(repo::children_holders(&mut *tx, input.family_id, start, end, None).await?);
    // The search looks for the whole block, guidance talks included; the window is for the
    // visit's start, so the block may start that much earlier.
    let (before, after) = (input.guidance_before_min, input.guidance_after_min);
    let earlier = |t: chrono::NaiveTime| t.overflowing_sub_signed(chrono::Duration::minutes(before)).0.min(t);
    let q = SlotQuery {
        from: input.from,
        days: DAYS,
        weekdays: input.weekdays.clone(),
        earliest: earlier(input.earliest),
        latest: earlier(input.latest),
        minutes: before + input.minutes + after,
        buffer_before_secs: input.buffer_min * 60,
        buffer_after_secs: input.buffer_min * 60,
        step_minutes: 30,
        // Every candidate of the window: the checks below pick the first ten that pass.
        max_results: usize::MAX,
    };
    fn name<Id: PartialEq>(list: &[(Id, String)], id: Id) -> String {
        list.iter().find(|p| p.0 == id).map(|p| p.1.clone()).unwrap_or_default()
    }
    let staff_names: Vec<(StaffId, String)> = people.iter().map(|(id, n, _)| (*id, n.clone())).collect();
    let now = Utc::now().timestamp();
    let mut offers = Vec::new();
    for s in rules::free_slots(&q, &places, &staff, &family) {
        let visit = rules::Span::new(s.span.start + before * 60, s.span.end - after * 60);
        let at = time::from_unix(visit.start);
        let local = time::local(at);
        let booking = BookingInput {
            family_id: input.family_id,
            place_id: s.place_id,
            staff_ids: vec![s.staff_id],
            kind: Kind::Visit,
            date: local.date_naive(),
            at: local.time(),
            minutes: input.minutes,
            guidance_before_min: before,
            guidance_after_min: after,
            buffer_before_min: input.buffer_min,
            buffer_after_min: input.buffer_min,
            repeat: rules::Repeat::Once,
            until: local.date_naive(),
            skip: Vec::new(),
        };
        if s.span.start < now {
            continue;
        }
        let person: Vec<repo::StaffRow> = people
            .iter()
            .filter(|p| p.0 == s.staff_id)
            .map(|(id, name, employment)| repo::StaffRow {
                user_id: *id,
                full_name: name.clone(),
                employment: *employment,
                centre_id: centre,
            })
            .collect();
        let place = name(&names, s.place_id);
        let place_hours = hours.iter().find(|h| h.0 == s.place_id).map(|h| &h.1[..]).unwrap_or_default();
        let ck = Check {
            input: &booking,
            except: None,
            place_name: &place,
            hours: place_hours,
            staff: &person,
            cases: &cases,
            visit_type,
        };
        let occ = Occurrence { date: local.date_naive(), span: visit, moved: false };
        let around = check::around(&mut tx, &ck, &[visit]).await?;
        if check::check_occurrence(&ck, &around, 0, &occ).is_some() {
            continue;
        }
        offers.push(SlotOffer {
            when: time::long(at),
            date: local.date_naive().to_string(),
            time: local.format("%H:%M").to_string(),
            place_id: s.place_id,
            place,
            staff_id: s.staff_id,
            staff: name(&staff_names, s.staff_id),
        });
        if offers.len() == 10 {
            break;
        }
    }
    tx.commit().await?;
    Ok(offers)
}
