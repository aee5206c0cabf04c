//! Staffing over HTTP: availability, the unstaffed list, staffing without double booking, shifts.

use app::booking::api::{AddAvailability, BookVisit, MyShifts, StaffVisit, UnstaffedVisits};
use chrono::{Datelike, Days, Utc, Weekday};

use crate::helpers::{TestApp, json, spawn};

/// Who staffs appointment `id`: a refusal leaves it as it was.
async fn staffed(app: &TestApp, id: &str) -> Vec<i64> {
    sqlx::query_scalar("SELECT user_id FROM appointment_staff WHERE appointment_id = ? ORDER BY user_id")
        .bind(id.parse::<i64>().unwrap())
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_coordinator_staffs_unstaffed_visits_within_availability_and_never_twice() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let mut day = app::time::today(Utc::now()) + Days::new(35);
    while day.weekday() != Weekday::Wed {
        day = day + Days::new(1);
    }
    let date = day.to_string();
    let (f3, room): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT id FROM families WHERE code = 'F-03'), (SELECT id FROM places WHERE name LIKE 'Rum 3%')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (f3, room) = (f3.to_string(), room.to_string());
    let book =
        [("family_id", f3.as_str()), ("place_id", &room), ("date", &date), ("time", "10:00"), ("minutes", "120")];
    let (status, ids) = json(app.call::<BookVisit>(&lene, &book).await).await;
    assert_eq!(status, 200, "{ids}");
    let id = ids[0].as_i64().unwrap().to_string();

    let (_, list) = json(app.call::<UnstaffedVisits>(&lene, &[]).await).await;
    assert!(list.as_array().unwrap().iter().any(|v| v["id"].as_i64().unwrap().to_string() == id), "{list}");

    // Signe (hourly) has said nothing about that Wednesday five weeks out.
    let signe_id = app.user_id("timelonnet@demo.test").await.to_string();
    let (status, body) = json(app.call::<StaffVisit>(&lene, &[("id", &id), ("staff_id", &signe_id)]).await).await;
    assert_eq!(status, 409);
    assert!(body.to_string().contains("ikke meldt sig til rådighed"), "{body}");
    assert_eq!(staffed(&app, &id).await, Vec::<i64>::new());
    let signe = app.signed_in("timelonnet@demo.test").await;
    let (status, body) =
        json(app.call::<AddAvailability>(&signe, &[("date", &date), ("from", "18:00"), ("to", "09:00")]).await).await;
    assert_eq!(status, 422, "{body}");
    let (status, _) =
        json(app.call::<AddAvailability>(&signe, &[("date", &date), ("from", "09:00"), ("to", "17:00")]).await).await;
    assert_eq!(status, 200);
    let (status, body) = json(app.call::<StaffVisit>(&lene, &[("id", &id), ("staff_id", &signe_id)]).await).await;
    assert_eq!(status, 200, "{body}");
    // A stretch lies within one day (25 hours when the clocks go back): what overlaps a time is
    // looked for from a day before it. Longer is refused by the database itself.
    let stretches = || async {
        sqlx::query_as::<_, (i64, i64)>("SELECT starts_at, ends_at FROM staff_availability WHERE user_id = ?")
            .bind(signe_id.parse::<i64>().unwrap())
            .fetch_all(&app.pool)
            .await
            .unwrap()
    };
    let given = stretches().await;
    assert!(given.len() > 1, "the demo's and the one just given: {given:?}");
    let longer = sqlx::query("INSERT INTO staff_availability (user_id, starts_at, ends_at) VALUES (?, 0, 90001)")
        .bind(signe_id.parse::<i64>().unwrap())
        .execute(&app.pool)
        .await;
    assert!(longer.is_err(), "over 25 hours");
    let stretched = sqlx::query("UPDATE staff_availability SET ends_at = starts_at + 90001 WHERE user_id = ?")
        .bind(signe_id.parse::<i64>().unwrap())
        .execute(&app.pool)
        .await;
    assert!(stretched.is_err(), "stretched over 25 hours");
    assert_eq!(stretches().await, given, "nothing changed");
    let (_, shifts) = json(app.call::<MyShifts>(&signe, &[]).await).await;
    assert!(shifts.as_array().unwrap().iter().any(|v| v["id"].as_i64().unwrap().to_string() == id), "{shifts}");
    let (_, list) = json(app.call::<UnstaffedVisits>(&lene, &[]).await).await;
    assert!(!list.as_array().unwrap().iter().any(|v| v["id"].as_i64().unwrap().to_string() == id));

    // A second visit at the same time cannot get Signe too.
    let f4 =
        sqlx::query_scalar::<_, i64>("SELECT id FROM families WHERE code = 'F-04'").fetch_one(&app.pool).await.unwrap();
    let hall = sqlx::query_scalar::<_, i64>("SELECT id FROM places WHERE name = 'Legepladsen'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let (f4, hall) = (f4.to_string(), hall.to_string());
    let book = [("family_id", f4.as_str()), ("place_id", &hall), ("date", &date), ("time", "11:00"), ("minutes", "60")];
    let (_, ids) = json(app.call::<BookVisit>(&lene, &book).await).await;
    let other = ids[0].as_i64().unwrap().to_string();
    let (status, body) = json(app.call::<StaffVisit>(&lene, &[("id", &other), ("staff_id", &signe_id)]).await).await;
    assert_eq!(status, 409);
    // In the same words as a booking's refusal: the day, the time, the place and the family.
    let said = format!("Signe Bak er optaget {} kl. 10.00–12.00", app::time::day(day));
    assert!(body.to_string().contains(&said) && body.to_string().contains("(F-03)"), "{body}");
    assert_eq!(staffed(&app, &other).await, Vec::<i64>::new());

    // Only the coordinator staffs; parents see none of it.
    assert_eq!(app.call::<StaffVisit>(&signe, &[("id", &other), ("staff_id", &signe_id)]).await.status(), 403);
    assert_eq!(staffed(&app, &other).await, Vec::<i64>::new());
    let mette = app.signed_in("mette@demo.test").await;
    assert_eq!(app.call::<UnstaffedVisits>(&mette, &[]).await.status(), 403);
    assert_eq!(app.call::<MyShifts>(&mette, &[]).await.status(), 403);
}

#[tokio::test]
async fn weekend_capacity_counts_place_time_and_staffing_for_eight_weekends() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let (status, weekends) = json(app.call::<app::booking::api::WeekendCapacity>(&lene, &[]).await).await;
    assert_eq!(status, 200, "{weekends}");
    let weekends = weekends.as_array().unwrap().clone();
    assert_eq!(weekends.len(), 8);
    let label = weekends[0]["label"].as_str().unwrap();
    assert!(label.contains(".–") || label.contains(" – "), "{label}");
    for w in &weekends {
        let (open, booked) = (w["open_minutes"].as_i64().unwrap(), w["booked_minutes"].as_i64().unwrap());
        assert!(open > 0 && booked > 0 && booked <= open, "{w}");
    }
    // An unstaffed weekend visit shows up as unstaffed on its weekend.
    let before = weekends[3]["unstaffed"].as_u64().unwrap();
    let first = app::booking::capacity::first_saturday(app::time::today(Utc::now()));
    let day = (first + Days::new(21)).to_string();
    let (f9, field): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT id FROM families WHERE code = 'F-09'), (SELECT id FROM places WHERE name = 'Boldbanen')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (f9, field) = (f9.to_string(), field.to_string());
    let booked_before = weekends[3]["booked_minutes"].as_i64().unwrap();
    let book = [
        ("family_id", f9.as_str()),
        ("place_id", &field),
        ("date", &day),
        ("time", "16:00"),
        ("minutes", "60"),
        ("guidance_after", "30"),
    ];
    let (status, body) = json(app.call::<BookVisit>(&lene, &book).await).await;
    assert_eq!(status, 200, "{body}");
    let (_, after) = json(app.call::<app::booking::api::WeekendCapacity>(&lene, &[]).await).await;
    // One visit more unstaffed (its guidance talk is not a visit); the field is held 90 minutes.
    assert_eq!(after[3]["unstaffed"].as_u64().unwrap(), before + 1, "{after}");
    assert_eq!(after[3]["booked_minutes"].as_i64().unwrap(), booked_before + 90, "{after}");
    let mette = app.signed_in("mette@demo.test").await;
    assert_eq!(app.call::<app::booking::api::WeekendCapacity>(&mette, &[]).await.status(), 403);
}

#[tokio::test]
async fn staffing_a_visit_staffs_its_guidance_talks_and_checks_them_too() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let mut day = app::time::today(Utc::now()) + Days::new(42);
    while day.weekday() != Weekday::Thu {
        day = day + Days::new(1);
    }
    let date = day.to_string();
    let (f3, f4, room, hall): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT id FROM families WHERE code = 'F-03'), (SELECT id FROM families WHERE code = 'F-04'), \
         (SELECT id FROM places WHERE name LIKE 'Rum 3%'), (SELECT id FROM places WHERE name = 'Legepladsen')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (f3, f4, room, hall) = (f3.to_string(), f4.to_string(), room.to_string(), hall.to_string());
    let karen_id = app.user_id("konsulent@demo.test").await.to_string();
    // Karen is busy 09.00–09.45 with F-04 on the playground (no buffers).
    let busy = [
        ("family_id", f4.as_str()),
        ("place_id", &hall),
        ("staff_ids", &karen_id),
        ("date", &date),
        ("time", "09:00"),
        ("minutes", "45"),
        ("buffer_before", "0"),
        ("buffer_after", "0"),
    ];
    assert_eq!(app.call::<BookVisit>(&lene, &busy).await.status(), 200);
    // F-03's visit 10.00–12.00 with a guidance talk 09.30–10.00 before it, unstaffed.
    let book = [
        ("family_id", f3.as_str()),
        ("place_id", &room),
        ("date", &date),
        ("time", "10:00"),
        ("minutes", "120"),
        ("guidance_before", "30"),
        ("buffer_before", "0"),
        ("buffer_after", "0"),
    ];
    let (status, ids) = json(app.call::<BookVisit>(&lene, &book).await).await;
    assert_eq!(status, 200, "{ids}");
    let id = ids[0].as_i64().unwrap();
    let talk: i64 = sqlx::query_scalar("SELECT id FROM appointments WHERE related_visit_id = ?")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    // The list offers the visit, not its talk; the talk is staffed with its visit.
    let (_, list) = json(app.call::<UnstaffedVisits>(&lene, &[]).await).await;
    let listed: Vec<i64> = list.as_array().unwrap().iter().map(|v| v["id"].as_i64().unwrap()).collect();
    assert!(listed.contains(&id) && !listed.contains(&talk), "{list}");
    let (status, body) =
        json(app.call::<StaffVisit>(&lene, &[("id", &talk.to_string()), ("staff_id", &karen_id)]).await).await;
    assert_eq!(status, 409, "{body}");
    // Karen's 09.00–09.45 collides with the talk (09.30), though not with the visit itself.
    let (status, body) =
        json(app.call::<StaffVisit>(&lene, &[("id", &id.to_string()), ("staff_id", &karen_id)]).await).await;
    assert_eq!(status, 409, "{body}");
    let said = format!("Karen Holst er optaget {} kl. 09.00–09.45 i Legepladsen (F-04)", app::time::day(day));
    assert!(body.to_string().contains(&said), "{body}");
    assert_eq!((staffed(&app, &id.to_string()).await, staffed(&app, &talk.to_string()).await), (vec![], vec![]));
    // Another permanent consultant is free: the visit and its talk both get her.
    let other: i64 = sqlx::query_scalar(
        "SELECT u.id FROM users u JOIN staff s ON s.user_id = u.id WHERE s.employment = 'permanent' \
         AND u.role = 'consultant' AND u.email <> 'konsulent@demo.test' AND NOT EXISTS (SELECT 1 FROM \
         appointment_staff x JOIN appointments a ON a.id = x.appointment_id WHERE x.user_id = u.id \
         AND date(a.starts_at, 'unixepoch') = ?) LIMIT 1",
    )
    .bind(&date)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (status, body) =
        json(app.call::<StaffVisit>(&lene, &[("id", &id.to_string()), ("staff_id", &other.to_string())]).await).await;
    assert_eq!(status, 200, "{body}");
    let staffed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM appointment_staff WHERE user_id = ? AND appointment_id IN (?, ?)")
            .bind(other)
            .bind(id)
            .bind(talk)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(staffed, 2);

    // Taken off again (ill, say): off the visit and its talk, in the history, and listed as unstaffed.
    let (status, body) = json(
        app.call::<app::booking::api::UnstaffVisit>(
            &lene,
            &[("id", &id.to_string()), ("staff_id", &other.to_string())],
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointment_staff WHERE appointment_id IN (?, ?)")
        .bind(id)
        .bind(talk)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
    let (_, history) = json(app.call::<app::booking::api::VisitHistory>(&lene, &[("id", &id.to_string())]).await).await;
    assert!(history.to_string().contains("taget af aftalen"), "{history}");
    let (_, list) = json(app.call::<UnstaffedVisits>(&lene, &[]).await).await;
    assert!(list.as_array().unwrap().iter().any(|v| v["id"].as_i64() == Some(id)), "{list}");
    let karen = app.signed_in("konsulent@demo.test").await;
    let res = app
        .call::<app::booking::api::UnstaffVisit>(&karen, &[("id", &id.to_string()), ("staff_id", &other.to_string())])
        .await;
    assert_eq!(res.status(), 403, "only the coordinator staffs");
}
