//! Demo data that looks like a real centre: 3 rooms, a playground, a ball field and a borrowed
//! hall; 4 permanent and 15 hourly consultants; a coordinator, a leader, an administrator; 3
//! caseworkers; 21 children in 14 families with visits over the past and next 13 weeks, many at
//! weekends. Built relative to today so the demo is never stale.

mod data;
mod repo;

use chrono::{Datelike, Days, NaiveDate, Utc};
use sqlx::SqlitePool;

use app::auth::repo::{NewUserRow, insert_user};
use app::time;
use data::{CASEWORKERS, FAMILIES, HOURLY, PERMANENT};

const WEEKS: i64 = 13;

/// Fills an empty database; returns false (and changes nothing) when a centre already exists.
pub async fn seed_demo(pool: &SqlitePool) -> Result<bool, String> {
    let hash = app::auth::password::hash(data::PASSWORD.to_string()).await.map_err(|e| e.to_string())?;
    let mut tx = pool.begin().await.map_err(|e| e.to_string())?;
    if repo::count_centres(&mut *tx).await.map_err(|e| e.to_string())? > 0 {
        return Ok(false);
    }
    build(&mut tx, &hash).await.map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(true)
}

type Tx = sqlx::Transaction<'static, sqlx::Sqlite>;

async fn user(tx: &mut Tx, email: &str, name: &str, role: &str, hash: &str, now: i64) -> sqlx::Result<i64> {
    insert_user(
        &mut **tx,
        NewUserRow {
            email,
            password_hash: Some(hash),
            full_name: name,
            phone: Some("72 10 40 00"),
            role,
            created_at: now,
        },
    )
    .await
}

fn email_of(name: &str) -> String {
    let ascii: String = name
        .to_lowercase()
        .chars()
        .map(|ch| match ch {
            'æ' => 'e',
            'ø' => 'o',
            'å' => 'a',
            ' ' => '.',
            other => other,
        })
        .collect();
    format!("{ascii}@demo.test")
}

struct Places {
    rooms: [i64; 3],
    playground: i64,
    field: i64,
}

async fn places(tx: &mut Tx, centre: i64) -> sqlx::Result<Places> {
    let addr = "Fjordvej 12, 4000 Roskilde";
    let mut rooms = [0; 3];
    for (i, (name, features)) in [
        ("Rum 1 · Solsikken", &["sofa", "toys", "kitchen"][..]),
        ("Rum 2 · Havtornen", &["sofa", "baby_care", "toys"]),
        ("Rum 3 · Egernet", &["kitchen", "toys", "accessible"]),
    ]
    .iter()
    .enumerate()
    {
        let id = repo::place(&mut **tx, centre, name, "room", addr, 8).await?;
        for f in *features {
            repo::feature(&mut **tx, id, f).await?;
        }
        for wd in 1..=7 {
            let (o, c) = if wd <= 5 { ("08:00", "20:00") } else { ("09:00", "17:00") };
            repo::opening(&mut **tx, id, wd, o, c).await?;
        }
        rooms[i] = id;
    }
    let playground = repo::place(&mut **tx, centre, "Legepladsen", "outdoor", addr, 15).await?;
    let field = repo::place(&mut **tx, centre, "Boldbanen", "outdoor", addr, 22).await?;
    for (id, f) in [(playground, "outdoor"), (field, "outdoor"), (field, "ball_games")] {
        repo::feature(&mut **tx, id, f).await?;
    }
    for wd in 1..=7 {
        repo::opening(&mut **tx, playground, wd, "08:00", "19:00").await?;
        repo::opening(&mut **tx, field, wd, "08:00", "19:00").await?;
    }
    let hall =
        repo::place(&mut **tx, centre, "Fjordby Idrætscenter, lille sal", "extra", "Hallvej 3, 4000 Roskilde", 30)
            .await?;
    repo::feature(&mut **tx, hall, "ball_games").await?;
    for wd in 6..=7 {
        repo::opening(&mut **tx, hall, wd, "10:00", "16:00").await?;
    }
    Ok(Places { rooms, playground, field })
}

/// Each family's regular slot: (ISO weekday 1-7, hour, minute, place). Unique per family so the
/// demo has no double bookings. Families 5 and 13 meet on the weekday the demo is created, so
/// the consultants' "today" is never empty.
fn slot(i: usize, today_wd: u32, p: &Places) -> (u32, u32, u32, i64) {
    let [r1, r2, r3] = p.rooms;
    match i {
        0 => (6, 10, 0, r1),
        1 => (3, 16, 0, r1),
        2 => (6, 13, 0, r2),
        3 => (7, 10, 0, r1),
        4 => (6, 13, 30, r3),
        5 => (today_wd, 16, 0, p.playground),
        6 => (7, 13, 0, r2),
        7 => (2, 15, 30, r2),
        8 => (7, 10, 0, p.field),
        9 => (4, 16, 0, r3),
        10 => (6, 15, 30, r1),
        11 => (7, 14, 0, r3),
        12 => (1, 16, 0, r1),
        _ => (today_wd, 17, 30, p.field),
    }
}

async fn build(tx: &mut Tx, hash: &str) -> sqlx::Result<()> {
    let now_utc = Utc::now();
    let now = now_utc.timestamp();
    let today = time::today(now_utc);
    let centre = repo::centre(
        &mut **tx,
        "Samværscentret Fjordlyset",
        "Fjordby Kommune",
        "Fjordvej 12, 4000 Roskilde",
        "72 10 40 00",
        "samvaer@demo.test",
    )
    .await?;
    let p = places(tx, centre).await?;

    user(tx, "admin@demo.test", "Dorte Admin", "admin", hash, now).await?;
    let leader = user(tx, "leder@demo.test", "Henrik Vinther", "leader", hash, now).await?;
    app::staff::repo::insert(&mut **tx, leader, centre, "permanent", "Leder").await?;
    let coordinator = user(tx, "koordinator@demo.test", "Lene Friis", "coordinator", hash, now).await?;
    app::staff::repo::insert(&mut **tx, coordinator, centre, "permanent", "Fagkoordinator").await?;
    let mut consultants = Vec::new();
    for (name, email) in PERMANENT {
        let id = user(tx, email, name, "consultant", hash, now).await?;
        app::staff::repo::insert(&mut **tx, id, centre, "permanent", "Samværskonsulent").await?;
        consultants.push(id);
    }
    for (i, name) in HOURLY.iter().enumerate() {
        let email = if i == 0 { "timelonnet@demo.test".to_string() } else { email_of(name) };
        let id = user(tx, &email, name, "consultant", hash, now).await?;
        app::staff::repo::insert(&mut **tx, id, centre, "hourly", "Timelønnet samværskonsulent").await?;
        for d in 0..28 {
            let day = today + Days::new(d);
            if matches!(day.weekday().number_from_monday(), 6 | 7) || (d + i as u64).is_multiple_of(3) {
                repo::availability(
                    &mut **tx,
                    id,
                    time::at_local(day, 9, 0).timestamp(),
                    time::at_local(day, 18, 0).timestamp(),
                )
                .await?;
            }
        }
        consultants.push(id);
    }
    let mut caseworkers = Vec::new();
    for (name, email, dept) in CASEWORKERS {
        let id = user(tx, email, name, "caseworker", hash, now).await?;
        repo::caseworker(&mut **tx, id, "Fjordby Kommune", dept, "Børne- og ungerådgiver").await?;
        caseworkers.push(id);
    }

    let from = (today - Days::new(120)).to_string();
    let to = (today + Days::new(240)).to_string();
    for (i, fam) in FAMILIES.iter().enumerate() {
        let family = repo::family(&mut **tx, centre, &format!("F-{:02}", i + 1)).await?;
        // Families 0-6 have a permanent consultant, the rest an hourly one; the demo hourly
        // consultant (Signe Bak) has families 7 and 11.
        let consultant = match i {
            0..=6 => consultants[i % 4],
            7 | 11 => consultants[4],
            _ => consultants[4 + i % 15],
        };
        let caseworker = caseworkers[i % 3];
        let mut children = Vec::new();
        let mut persons = Vec::new();
        for par in fam.parents {
            let account = match par.email {
                Some(email) => {
                    Some(user(tx, email, &format!("{} {}", par.first, fam.last), "parent", hash, now).await?)
                }
                None => None,
            };
            let email =
                par.email.map(str::to_string).unwrap_or_else(|| email_of(&format!("{} {}", par.first, fam.last)));
            persons.push((repo::person(&mut **tx, family, par.first, fam.last, &email, account).await?, par));
        }
        for ch in fam.children {
            let (kind, name, contact) = if ch.home {
                ("children_home", "Ungehjemmet Bakkely", "Kontaktperson Jens Bakke")
            } else {
                ("foster_family", "Plejefamilie", "Plejemor Hanne Holm")
            };
            let address = if fam.secret_address { "Hemmelig adresse" } else { "Skovbrynet 4, 4300 Holbæk" };
            let child = repo::child(
                &mut **tx,
                repo::ChildRow {
                    family,
                    first: ch.first,
                    last: fam.last,
                    birth: ch.birth,
                    placement_kind: kind,
                    placement_name: name,
                    contact,
                    address,
                    secret: fam.secret_address,
                },
            )
            .await?;
            for (person, par) in &persons {
                repo::relation(&mut **tx, child, *person, par.relation, par.custody).await?;
            }
            let case = repo::case(
                &mut **tx,
                repo::CaseRow {
                    child,
                    caseworker,
                    visit_type: if fam.supervised { "supervised" } else { "supported" },
                    from: &from,
                    to: &to,
                    weeks: fam.weeks,
                    minutes: fam.minutes,
                    conditions: fam.conditions,
                    now,
                },
            )
            .await?;
            if fam.supervised {
                repo::decision(&mut **tx, case, "supervised", &from, &to).await?;
            } else {
                for (person, par) in &persons {
                    if par.custody {
                        repo::consent(&mut **tx, case, Some(*person), &from).await?;
                    }
                }
                let birth = NaiveDate::parse_from_str(ch.birth, "%Y-%m-%d").unwrap_or(today);
                if app::cases::age_on(birth, today) >= 15 {
                    repo::consent(&mut **tx, case, None, &from).await?;
                }
            }
            if fam.secret_address {
                repo::decision(&mut **tx, case, "secret_address", &from, &to).await?;
            }
            children.push(child);
        }
        let ctx = Ctx { centre, family, consultant, caseworker, children: &children, persons: &persons, now };
        visits(tx, &ctx, fam, slot(i, today.weekday().number_from_monday(), &p), today, i).await?;
    }
    Ok(())
}

struct Ctx<'a> {
    centre: i64,
    family: i64,
    consultant: i64,
    caseworker: i64,
    children: &'a [i64],
    persons: &'a [(i64, &'a data::Parent)],
    now: i64,
}

async fn visits(
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
    let kickoff_start = time::at_local(first_day - Days::new(2), 14, 0);
    let kickoff = appt(tx, c, "kickoff_meeting", None, place, kickoff_start.timestamp(), 60, "held", None, "").await?;
    repo::appointment_person(&mut **tx, kickoff, None, Some(c.caseworker), "rådgiver").await?;
    let visit_type = if fam.supervised { "supervised" } else { "supported" };
    let mut n = 0;
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
            appt(tx, c, "visit", Some(visit_type), place, start, fam.minutes, status, by.zip(reason), notes).await?;
        if i == 0 || i == 2 {
            let g = appt(
                tx,
                c,
                "guidance_before",
                None,
                place,
                start - 30 * 60,
                30,
                if past { "held" } else { "planned" },
                None,
                "",
            )
            .await?;
            repo::appointment_person(&mut **tx, g, c.persons.first().map(|p| p.0), None, "forælder").await?;
            let _ = visit;
        }
    }
    // A follow-up meeting with the caseworker three weeks from now.
    let follow = time::at_local(monday + Days::new(7 * 3 + 1), 13, 0).timestamp();
    let f = appt(tx, c, "followup_meeting", None, place, follow, 60, "planned", None, "").await?;
    repo::appointment_person(&mut **tx, f, None, Some(c.caseworker), "rådgiver").await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn appt(
    tx: &mut Tx,
    c: &Ctx<'_>,
    kind: &str,
    visit_type: Option<&str>,
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
            related: None,
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
    repo::appointment_staff(&mut **tx, id, c.consultant).await?;
    if kind != "guidance_before" && kind != "guidance_after" {
        for child in c.children {
            repo::appointment_child(&mut **tx, id, *child).await?;
        }
    }
    if kind == "visit" || kind.ends_with("meeting") {
        for (person, _) in c.persons {
            repo::appointment_person(&mut **tx, id, Some(*person), None, "").await?;
        }
    }
    Ok(id)
}
