//! Each family's visits, meetings and guidance talks over the past and next weeks.

use chrono::{Days, NaiveDate};

use super::{Ctx, Tx, WEEKS, data, repo};
use app::time;

pub async fn visits(
    tx: &mut Tx,
    c: &Ctx<'_>,
    fam: &data::Family,
    slot: (u32, u32, u32, i64),
    today: NaiveDate,
    i: usize,
) -> sqlx::Result<()> {
    let (wd, hour, minute, place) = slot;
    let monday = time::monday_of(today);
    let first_week = monday - Days::new(7 * WEEKS as u64);
    // The kick-off meeting, two days before the first visit.
    let first_day = first_week + Days::new(u64::from(wd - 1));
    // Families sharing a room and weekday meet at different hours: no double booking in the demo.
    let kickoff_start = time::at_local(first_day - Days::new(2), 9 + (i % 6) as u32, 0);
    let kickoff =
        appt(tx, c, "kickoff_meeting", None, None, place, kickoff_start.timestamp(), 60, "held", None, "").await?;
    repo::appointment_person(&mut **tx, kickoff, None, Some(c.caseworker), "rådgiver").await?;
    let visit_type = if fam.supervised { "supervised" } else { "supported" };
    let mut n = 0;
    let mut upcoming = 0;
    // Spread families over the weeks so every weekend has visits.
    let mut week = (i as i64 / 2) % fam.weeks;
    while week <= 2 * WEEKS {
        let day = first_week + Days::new(7 * week as u64 + u64::from(wd - 1));
        week += fam.weeks;
        let start = time::at_local(day, hour, minute).timestamp();
        let end_of_visit = start + fam.minutes * 60;
        let past = end_of_visit < c.now;
        n += 1;
        let (status, by, reason) = match (past, (n + i) % 9) {
            (true, 4) => ("cancelled", Some("parent"), Some("Forælder syg")),
            (true, 7) => ("no_show", None, None),
            (true, _) => ("held", None, None),
            (false, 5) if i == 0 || i % 4 == 1 => ("cancelled", Some("placement"), Some("Barnet er på lejrskole")),
            (false, _) => ("planned", None, None),
        };
        let notes = if i == 0 { data::PREPARATION } else { "" };
        let visit =
            appt(tx, c, "visit", Some(visit_type), None, place, start, fam.minutes, status, by.zip(reason), notes)
                .await?;
        if !past && status == "planned" {
            upcoming += 1;
            // The first family's second coming visit was moved here from the Friday before.
            if i == 0 && upcoming == 2 {
                super::portal::moved_from(&mut **tx, visit, start - 86_400).await?;
            }
        }
        if i == 0 || i == 2 {
            let g = appt(
                tx,
                c,
                "guidance_before",
                None,
                Some(visit),
                place,
                start - 30 * 60,
                30,
                // The talk shares its visit's fate: a cancelled visit's talk is cancelled too.
                status,
                by.zip(reason),
                "",
            )
            .await?;
            repo::appointment_person(&mut **tx, g, c.persons.first().map(|p| p.0), None, "forælder").await?;
        }
    }
    // A follow-up meeting with the caseworker three weeks from now: a weekday and hour of its own
    // for each family (Monday–Friday, 9, 11 or 13 o'clock).
    let follow_day = monday + Days::new(7 * 3 + (i % 5) as u64);
    let follow = time::at_local(follow_day, 9 + 2 * (i / 5) as u32, 0).timestamp();
    let f = appt(tx, c, "followup_meeting", None, None, place, follow, 60, "planned", None, "").await?;
    repo::appointment_person(&mut **tx, f, None, Some(c.caseworker), "rådgiver").await?;
    Ok(())
}

/// An extra visit for the first demo family starting in one to two hours, so a parent can try
/// "Jeg er forsinket" (possible from 12 hours before) whenever the demo is made.
/// It goes in the first of `places` that is free then.
pub async fn soon(tx: &mut Tx, c: &Ctx<'_>, places: &[i64]) -> sqlx::Result<()> {
    let quarter = 15 * 60;
    let start = (c.now + 60 * 60) / quarter * quarter + quarter;
    let mut place = places[0];
    for p in places {
        if super::portal::place_is_free(&mut **tx, *p, start, start + 3600).await? {
            place = *p;
            break;
        }
    }
    let id = appt(tx, c, "visit", Some("supervised"), None, place, start, 60, "planned", None, "").await?;
    let notes = "Et ekstra, kort samvær. Mødes ved indgangen, konsulenten henter jer.";
    super::portal::notes(&mut **tx, id, notes).await
}

#[allow(clippy::too_many_arguments)]
async fn appt(
    tx: &mut Tx,
    c: &Ctx<'_>,
    kind: &str,
    visit_type: Option<&str>,
    related: Option<i64>,
    place: i64,
    starts_at: i64,
    minutes: i64,
    status: &str,
    cancel: Option<(&str, &str)>,
    notes: &str,
) -> sqlx::Result<i64> {
    let id = repo::appointment(
        &mut **tx,
        repo::AppointmentRow {
            centre: c.centre,
            family: c.family,
            kind,
            visit_type,
            related,
            place,
            starts_at,
            ends_at: starts_at + minutes * 60,
            status,
            cancelled_by: cancel.map(|x| x.0),
            cancel_reason: cancel.map(|x| x.1),
            notes,
            now: c.now,
        },
    )
    .await?;
    app::booking::repo::add_staff(&mut **tx, id, app::staff::StaffId(c.consultant)).await?;
    if kind != "guidance_before" && kind != "guidance_after" {
        for child in c.children {
            app::booking::repo::add_child(&mut **tx, id, *child).await?;
        }
    }
    if kind == "visit" || kind.ends_with("meeting") {
        for (person, _) in c.persons {
            repo::appointment_person(&mut **tx, id, Some(*person), None, "").await?;
        }
    }
    Ok(id)
}
