//! Demo data that looks like a real centre: 3 rooms, a playground, a ball field and a borrowed
//! hall; 4 permanent and 15 hourly consultants; a coordinator, a leader, an administrator; 3
//! caseworkers; 21 children in 14 families with visits over the past and next 13 weeks, many at
//! weekends. Built relative to today so the demo is never stale.

mod data;
mod descriptions;
mod places;
mod portal;
mod repo;
mod visits;

use chrono::{Datelike, Days, NaiveDate, Utc};
use sqlx::SqlitePool;

use app::auth::Role;
use app::auth::repo::{NewUserRow, insert_user};
use app::staff::Employment;
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
    let (first_family, yes_case) = build(&mut tx, &hash).await.map_err(|e| e.to_string())?;
    descriptions::seed(&mut tx, Utc::now().timestamp(), first_family, yes_case).await?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(true)
}

pub type Tx = sqlx::Transaction<'static, sqlx::Sqlite>;

async fn user(tx: &mut Tx, email: &str, name: &str, role: Role, hash: &str, now: i64) -> sqlx::Result<i64> {
    insert_user(
        &mut **tx,
        NewUserRow {
            email,
            password_hash: Some(hash),
            full_name: name,
            // A parent's account records their own mobile (the same the family's record has), so
            // a link sent there by SMS, with its code by e-mail, signs them in; staff share the
            // centre's number.
            phone: Some(if role == Role::Parent { "30 40 50 60" } else { "72 10 40 00" }),
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

/// Answers the first family and the case (with its caseworker) whose parents said yes to
/// descriptions of supported visits.
async fn build(tx: &mut Tx, hash: &str) -> sqlx::Result<(i64, Option<(i64, i64)>)> {
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
    portal::opening_hours(&mut **tx, centre).await?;
    let p = places::places(tx, centre).await?;

    user(tx, "admin@demo.test", "Dorte Admin", Role::Admin, hash, now).await?;
    let leader = user(tx, "leder@demo.test", "Henrik Vinther", Role::Leader, hash, now).await?;
    app::staff::repo::insert(&mut **tx, leader, centre, Employment::Permanent, "Leder").await?;
    let coordinator = user(tx, "koordinator@demo.test", "Lene Friis", Role::Coordinator, hash, now).await?;
    app::staff::repo::insert(&mut **tx, coordinator, centre, Employment::Permanent, "Fagkoordinator").await?;
    let mut consultants = Vec::new();
    for (n, (name, email)) in PERMANENT.into_iter().enumerate() {
        let id = user(tx, email, name, Role::Consultant, hash, now).await?;
        portal::phone(&mut **tx, id, &format!("72 10 40 1{n}")).await?;
        app::staff::repo::insert(&mut **tx, id, centre, Employment::Permanent, "Samværskonsulent").await?;
        consultants.push(id);
    }
    for (i, name) in HOURLY.iter().enumerate() {
        let email = if i == 0 { "timelonnet@demo.test".to_string() } else { email_of(name) };
        let id = user(tx, &email, name, Role::Consultant, hash, now).await?;
        app::staff::repo::insert(&mut **tx, id, centre, Employment::Hourly, "Timelønnet samværskonsulent").await?;
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
    for (n, (name, email, dept)) in CASEWORKERS.into_iter().enumerate() {
        let id = user(tx, email, name, Role::Caseworker, hash, now).await?;
        portal::phone(&mut **tx, id, &format!("46 31 20 3{n}")).await?;
        repo::caseworker(&mut **tx, id, "Fjordby Kommune", dept, "Børne- og ungerådgiver").await?;
        caseworkers.push(id);
    }

    let mut first = None;
    let mut yes_case = None;
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
        // "My consultant" is a permanent consultant, also for families an hourly one staffs.
        portal::family_consultant(&mut **tx, family, consultants[i % 4]).await?;
        for (_, topic, body) in portal::AGREEMENTS.iter().filter(|a| a.0 == i) {
            portal::agreement(&mut **tx, family, topic, body, now).await?;
        }
        let mut children = Vec::new();
        let mut persons = Vec::new();
        for par in fam.parents {
            let account = match par.email {
                Some(email) => {
                    Some(user(tx, email, &format!("{} {}", par.first, fam.last), Role::Parent, hash, now).await?)
                }
                None => None,
            };
            let email =
                par.email.map(str::to_string).unwrap_or_else(|| email_of(&format!("{} {}", par.first, fam.last)));
            persons.push((repo::person(&mut **tx, family, par.first, fam.last, &email, account).await?, par));
        }
        for ch in fam.children {
            let (kind, name, contact, address) = match (ch.home, fam.secret_address) {
                (true, _) => {
                    ("children_home", "Ungehjemmet Bakkely", "Kontaktperson Jens Bakke", "Bakkevej 2, 4200 Slagelse")
                }
                // A secret address (Barnets Lov § 105): none of this may reach the parents.
                (false, true) => {
                    ("foster_family", "Plejefamilien Strand", "Plejemor Tove Strand", "Lærkevej 7, 4180 Sorø")
                }
                (false, false) => ("foster_family", "Plejefamilie", "Plejemor Hanne Holm", "Skovbrynet 4, 4300 Holbæk"),
            };
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
                let given = NaiveDate::parse_from_str(&from, "%Y-%m-%d").unwrap_or(today);
                for (person, par) in &persons {
                    if par.custody {
                        app::cases::repo::give_consent(&mut **tx, case, Some(*person), given).await?;
                    }
                }
                let birth = NaiveDate::parse_from_str(ch.birth, "%Y-%m-%d").unwrap_or(today);
                if app::cases::age_on(birth, today) >= 15 {
                    app::cases::repo::give_consent(&mut **tx, case, None, given).await?;
                }
                // The Hansens said yes to written descriptions of their supported visits.
                if i == 1 {
                    yes_case = Some((case, caseworker));
                }
            }
            if fam.secret_address {
                repo::decision(&mut **tx, case, "secret_address", &from, &to).await?;
            }
            children.push(child);
        }
        let ctx = Ctx { centre, family, consultant, caseworker, children: &children, persons: &persons, now };
        visits::visits(tx, &ctx, fam, places::slot(i, today.weekday().number_from_monday(), &p), today, i).await?;
        if i == 0 {
            first = Some((family, consultant, caseworker, children.clone(), persons.clone()));
        }
    }
    let first_family = first.as_ref().map_or(0, |f| f.0);
    if let Some((family, consultant, caseworker, children, persons)) = first {
        let ctx = Ctx { centre, family, consultant, caseworker, children: &children, persons: &persons, now };
        let [r1, r2, r3] = p.rooms;
        visits::soon(tx, &ctx, &[r2, r3, r1, p.playground, p.field]).await?;
    }
    Ok((first_family, yes_case))
}

pub struct Ctx<'a> {
    centre: i64,
    family: i64,
    consultant: i64,
    caseworker: i64,
    children: &'a [i64],
    persons: &'a [(i64, &'a data::Parent)],
    now: i64,
}
