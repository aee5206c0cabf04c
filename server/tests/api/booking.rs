//! Booking over HTTP: conflicts refused with what collides, exactly one winner among 50 at once,
//! the case rules, and who may book.

use app::booking::api::BookVisit;
use chrono::{Datelike, Days, Utc, Weekday};
use tokio::task::JoinSet;

use crate::helpers::{TestApp, client, json, spawn};

pub(crate) async fn family(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM families WHERE code = ?").bind(code).fetch_one(&app.pool).await.unwrap()
}

pub(crate) async fn place(app: &TestApp, name_start: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM places WHERE name LIKE ? || '%'")
        .bind(name_start)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// A Monday `weeks` ahead (no demo visit uses room 2 on Mondays).
pub(crate) fn monday(weeks: u64) -> String {
    let today = app::time::today(Utc::now());
    let mut d = today + Days::new(weeks * 7);
    while d.weekday() != Weekday::Mon {
        d = d + Days::new(1);
    }
    d.to_string()
}

/// Every appointment row: a refusal must leave the number as it was.
pub(crate) async fn appointments(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM appointments").fetch_one(&app.pool).await.unwrap()
}

pub(crate) fn form<'a>(
    family: &'a str,
    place: &'a str,
    staff: &'a str,
    date: &'a str,
    time: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("family_id", family),
        ("place_id", place),
        ("staff_ids", staff),
        ("date", date),
        ("time", time),
        ("minutes", "120"),
    ]
}

#[tokio::test]
async fn a_conflicting_booking_is_refused_with_what_collides() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let (f1, f2) = (family(&app, "F-01").await.to_string(), family(&app, "F-02").await.to_string());
    let room = place(&app, "Rum 2").await.to_string();
    let karen = app.user_id("konsulent@demo.test").await.to_string();
    let date = monday(6);

    let (status, ids) = json(app.call::<BookVisit>(&lene, &form(&f1, &room, &karen, &date, "10:00")).await).await;
    assert_eq!(status, 200, "{ids}");
    assert_eq!(ids.as_array().unwrap().len(), 1);
    let booked = appointments(&app).await;

    // The same room at an overlapping time, for another family.
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f2, &room, "", &date, "11:00")).await).await;
    assert_eq!(status, 409, "{body}");
    let msg = body.to_string();
    assert!(msg.contains("Rum 2") && msg.contains("F-01") && msg.contains("10.00–12.00"), "{msg}");
    // The refusal offers the nearest free times: after F-01's visit, in opening hours.
    assert!(msg.contains("Nærmeste ledige tider: ") && msg.contains("kl. 12.00"), "{msg}");
    assert_eq!(appointments(&app).await, booked);

    // The same consultant elsewhere at that time.
    let hall = place(&app, "Legepladsen").await.to_string();
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f2, &hall, &karen, &date, "11:30")).await).await;
    assert_eq!(status, 409);
    assert!(body.to_string().contains("Karen Holst er optaget"), "{body}");
    assert_eq!(appointments(&app).await, booked);

    // The same children (a sibling pair is one booking) in another room.
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f1, &hall, "", &date, "09:00")).await).await;
    assert_eq!(status, 409);
    assert!(body.to_string().contains("Børnene er optaget"), "{body}");
    assert_eq!(appointments(&app).await, booked);

    // Buffers count: 12.00 is free, but not with a 15-minute hand-over before it.
    let mut f = form(&f2, &room, "", &date, "12:00");
    let (status, _) = json(app.call::<BookVisit>(&lene, &f).await).await;
    assert_eq!(status, 200);
    f = form(&f2, &room, "", &date, "14:10");
    f.push(("buffer_before", "15"));
    let (status, body) = json(app.call::<BookVisit>(&lene, &f).await).await;
    assert_eq!(status, 409, "14.10 with 15 min before reaches into 12.00-14.00: {body}");
    assert_eq!(appointments(&app).await, booked + 1, "only the 12.00 visit was added");

    // Bad input: a specific message, nothing stored.
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments").fetch_one(&app.pool).await.unwrap();
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f2, &room, "", "5. december", "10:00")).await).await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("ÅÅÅÅ-MM-DD"));
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments").fetch_one(&app.pool).await.unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn fifty_concurrent_bookings_for_the_same_place_and_time_produce_exactly_one() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let room = place(&app, "Rum 2").await;
    let date = monday(8);
    let families: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM families ORDER BY id").fetch_all(&app.pool).await.unwrap();
    let mut tasks = JoinSet::new();
    for i in 0..50 {
        let (c, base) = (lene.clone(), app.base.clone());
        let fam = families[i % families.len()].to_string();
        let (room, date) = (room.to_string(), date.clone());
        tasks.spawn(async move {
            c.post(format!("{base}/api/booking/create"))
                .header("origin", &base)
                .form(&form(&fam, &room, "", &date, "10:00"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut codes = Vec::new();
    while let Some(code) = tasks.join_next().await {
        codes.push(code.unwrap());
    }
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 1, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 409).count(), 49, "{codes:?}");
    let start = app::time::at_local(chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap(), 10, 0).timestamp();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments WHERE place_id = ? AND starts_at = ?")
        .bind(room)
        .bind(start)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn consent_decision_period_and_availability_are_enforced() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let room = place(&app, "Rum 2").await.to_string();
    // Emil (F-02) is 15 or older and his supported visits rest on his own consent.
    let f2 = family(&app, "F-02").await.to_string();
    sqlx::query(
        "UPDATE consents SET withdrawn_on = date('now', '-1 day') WHERE by_child = 1 AND case_id IN \
                 (SELECT k.id FROM cases k JOIN children c ON c.id = k.child_id WHERE c.first_name = 'Emil')",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let before = appointments(&app).await;
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f2, &room, "", &monday(3), "10:00")).await).await;
    assert_eq!(status, 409);
    assert!(body.to_string().contains("Emils eget samtykke"), "{body}");

    // Outside the decision period (the demo's decisions end 240 days from now).
    let f1 = family(&app, "F-01").await.to_string();
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f1, &room, "", &monday(40), "10:00")).await).await;
    assert_eq!(status, 409);
    assert!(body.to_string().contains("uden for afgørelsens periode"), "{body}");

    // An hourly consultant only when they said they are available (the demo: the next 4 weeks).
    let signe = app.user_id("timelonnet@demo.test").await.to_string();
    let (status, body) =
        json(app.call::<BookVisit>(&lene, &form(&f1, &room, &signe, &monday(10), "10:00")).await).await;
    assert_eq!(status, 409);
    assert!(body.to_string().contains("Signe Bak har ikke meldt sig til rådighed"), "{body}");

    // A weekly series is checked occurrence by occurrence, and books all or nothing.
    let first = monday(12);
    let mut f = form(&f1, &room, "", &first, "09:00");
    let past_decision = monday(60);
    f.extend([("repeat", "1"), ("until", past_decision.as_str())]);
    let (status, body) = json(app.call::<BookVisit>(&lene, &f).await).await;
    assert_eq!(status, 409, "runs past the decision period: {body}");
    assert_eq!(appointments(&app).await, before, "four refusals, nothing booked");
    let mut f = form(&f1, &room, "", &first, "09:00");
    let until = monday(15);
    f.extend([("repeat", "1"), ("until", until.as_str())]);
    let (status, ids) = json(app.call::<BookVisit>(&lene, &f).await).await;
    assert_eq!(status, 200, "{ids}");
    assert_eq!(ids.as_array().unwrap().len(), 4);
    assert_eq!(appointments(&app).await, before + 4);
}

#[tokio::test]
async fn only_consultants_and_coordinators_book() {
    let app = spawn().await;
    let (f1, room) = (family(&app, "F-01").await.to_string(), place(&app, "Rum 2").await.to_string());
    let date = monday(5);
    let f = form(&f1, &room, "", &date, "10:00");
    for who in ["mette@demo.test", "raadgiver@demo.test", "timelonnet@demo.test"] {
        let c = app.signed_in(who).await;
        assert_eq!(app.call::<BookVisit>(&c, &f).await.status(), 403, "{who}");
    }
    assert_eq!(app.call::<BookVisit>(&client(), &f).await.status(), 401);
    let karen = app.signed_in("konsulent@demo.test").await;
    assert_eq!(app.call::<BookVisit>(&karen, &f).await.status(), 200);
}

#[tokio::test]
async fn find_a_slot_offers_weekend_times_that_can_be_booked() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f1 = family(&app, "F-01").await.to_string();
    let from = monday(3);
    let ask = [
        ("family_id", f1.as_str()),
        ("minutes", "120"),
        ("from", &from),
        ("weekdays", "6,7"),
        ("earliest", "09:00"),
        ("latest", "15:00"),
        ("buffer", "15"),
    ];
    let (status, offers) = json(app.call::<app::booking::api::FindSlots>(&lene, &ask).await).await;
    assert_eq!(status, 200, "{offers}");
    let offers = offers.as_array().unwrap().clone();
    assert!(!offers.is_empty());
    for o in &offers {
        let when = o["when"].as_str().unwrap();
        assert!(when.starts_with("lørdag") || when.starts_with("søndag"), "{o}");
    }
    // The first offer really is free: booking it succeeds, and it is no longer offered.
    let first = &offers[0];
    let (place, staff) = (first["place_id"].to_string(), first["staff_id"].to_string());
    let book = [
        ("family_id", f1.as_str()),
        ("place_id", &place),
        ("staff_ids", &staff),
        ("date", first["date"].as_str().unwrap()),
        ("time", first["time"].as_str().unwrap()),
        ("minutes", "120"),
        ("buffer_before", "15"),
        ("buffer_after", "15"),
    ];
    let (status, body) = json(app.call::<BookVisit>(&lene, &book).await).await;
    assert_eq!(status, 200, "{first} {body}");
    let (_, again) = json(app.call::<app::booking::api::FindSlots>(&lene, &ask).await).await;
    assert!(!again.as_array().unwrap().iter().any(|o| o["date"] == first["date"] && o["time"] == first["time"]));
    let mette = app.signed_in("mette@demo.test").await;
    assert_eq!(app.call::<app::booking::api::FindSlots>(&mette, &ask).await.status(), 403);
}

/// Asked with guidance talks, every offer has room for them: the talk before starts no earlier
/// than the place opens, and booking the offer with the same talks is accepted. Before, the search
/// ignored the talks: the first weekend offer was 08.00 on the playground (opens 08.00), and
/// booking it with a talk before was refused.
#[tokio::test]
async fn find_a_slot_leaves_room_for_the_guidance_talks() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f1 = family(&app, "F-01").await.to_string();
    let from = monday(3);
    let ask = [
        ("family_id", f1.as_str()),
        ("minutes", "120"),
        ("from", &from),
        ("weekdays", "6,7"),
        ("earliest", "08:00"),
        ("latest", "12:00"),
        ("buffer", "15"),
        ("guidance_before", "30"),
        ("guidance_after", "30"),
    ];
    let (status, offers) = json(app.call::<app::booking::api::FindSlots>(&lene, &ask).await).await;
    assert_eq!(status, 200, "{offers}");
    let offers = offers.as_array().unwrap().clone();
    assert_eq!(offers.len(), 10, "{offers:?}");
    for o in &offers {
        let time = o["time"].as_str().unwrap();
        assert!(("08:30".."12:01").contains(&time), "the visit starts in the window, after a talk from 08.00: {o}");
    }
    let first = &offers[0];
    let (place, staff) = (first["place_id"].to_string(), first["staff_id"].to_string());
    let book = [
        ("family_id", f1.as_str()),
        ("place_id", &place),
        ("staff_ids", &staff),
        ("date", first["date"].as_str().unwrap()),
        ("time", first["time"].as_str().unwrap()),
        ("minutes", "120"),
        ("guidance_before", "30"),
        ("guidance_after", "30"),
        ("buffer_before", "15"),
        ("buffer_after", "15"),
    ];
    let (status, body) = json(app.call::<BookVisit>(&lene, &book).await).await;
    assert_eq!(status, 200, "{first} {body}");
    let talks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments WHERE related_visit_id = ?")
        .bind(body[0].as_i64().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(talks, 2, "the talks before and after were booked with the visit");
}

#[tokio::test]
async fn a_child_with_an_unreadable_birth_date_is_not_booked_as_if_born_in_1970() {
    let app = spawn().await;
    let (f1, room) = (family(&app, "F-01").await, place(&app, "Rum 2").await.to_string());
    sqlx::query("UPDATE children SET birth_date = 'ukendt' WHERE family_id = ? AND id = (SELECT MIN(id) FROM children WHERE family_id = ?)")
        .bind(f1)
        .bind(f1)
        .execute(&app.pool)
        .await
        .unwrap();
    let visits = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM appointments WHERE family_id = ?")
            .bind(f1)
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let before = visits().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let (status, body) =
        json(app.call::<BookVisit>(&karen, &form(&f1.to_string(), &room, "", &monday(5), "10:00")).await).await;
    // A broken row is the server's error (no internal text reaches the browser), and nothing is booked.
    assert_eq!(status, 500, "{body}");
    assert!(!body.to_string().contains("ukendt") && !body.to_string().contains("sqlx"), "{body}");
    assert_eq!(visits().await, before);
    // It was the date: put right, the same booking goes through.
    sqlx::query("UPDATE children SET birth_date = '2018-03-01' WHERE birth_date = 'ukendt'")
        .execute(&app.pool)
        .await
        .unwrap();
    let (status, body) =
        json(app.call::<BookVisit>(&karen, &form(&f1.to_string(), &room, "", &monday(5), "10:00")).await).await;
    assert_eq!((status, visits().await), (200, before + 1), "{body}");
}

#[tokio::test]
async fn a_moved_visit_holds_its_consultant_and_children_at_its_new_time_only() {
    // The conflict check finds a consultant's and a child's bookings by the start copied onto
    // their rows; a move must carry the copy along, or the new time would look free.
    use app::booking::api::MoveVisit;
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let (f1, f2) = (family(&app, "F-01").await.to_string(), family(&app, "F-02").await.to_string());
    let (room, hall) = (place(&app, "Rum 2").await.to_string(), place(&app, "Legepladsen").await.to_string());
    let karen = app.user_id("konsulent@demo.test").await.to_string();
    let (before, after) = (monday(6), monday(7));
    let (status, ids) = json(app.call::<BookVisit>(&lene, &form(&f1, &room, &karen, &before, "10:00")).await).await;
    assert_eq!(status, 200, "{ids}");
    let id = ids[0].as_i64().unwrap().to_string();
    let moved = app.call::<MoveVisit>(&lene, &[("id", &id), ("date", &after), ("time", "10:00")]).await;
    assert_eq!(moved.status(), 200);

    let booked = appointments(&app).await;
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f2, &hall, &karen, &after, "11:00")).await).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("Karen Holst er optaget"), "{body}");
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f1, &hall, "", &after, "09:00")).await).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("Børnene er optaget"), "{body}");
    assert_eq!(appointments(&app).await, booked, "both refused: nothing booked");
    // The old time no longer holds Karen.
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f2, &hall, &karen, &before, "11:00")).await).await;
    assert_eq!(status, 200, "{body}");

    let stale: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM appointment_staff x JOIN appointments a ON a.id = x.appointment_id \
           WHERE x.appointment_starts_at <> a.starts_at) + (SELECT COUNT(*) FROM appointment_children x \
           JOIN appointments a ON a.id = x.appointment_id WHERE x.appointment_starts_at <> a.starts_at)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(stale, 0, "every staff and child row carries its appointment's start");
    let forged = sqlx::query("UPDATE appointment_staff SET appointment_starts_at = 0 WHERE appointment_id = ?")
        .bind(id.parse::<i64>().unwrap())
        .execute(&app.pool)
        .await;
    assert!(forged.is_err(), "a copy that disagrees with its appointment is refused");
    // The 12 hours the conflict query looks back rely on no appointment being longer than 8.
    let long = sqlx::query("UPDATE appointments SET ends_at = starts_at + 8 * 3600 + 60 WHERE id = ?")
        .bind(id.parse::<i64>().unwrap())
        .execute(&app.pool)
        .await;
    assert!(long.is_err(), "an appointment over 8 hours is refused");
    let length: i64 = sqlx::query_scalar("SELECT ends_at - starts_at FROM appointments WHERE id = ?")
        .bind(id.parse::<i64>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(length, 7200);
}
