//! The booking rules over HTTP beyond plain collisions: § 104 consent and § 105 decisions, a case
//! in abeyance, times in the past, series limits and skipped dates, offers that can themselves be
//! booked, touching availability, and one centre never reaching another's families, places or
//! consultants.

use app::booking::api::{
    AddAvailability, BookVisit, FindSlots, StaffVisit, UnstaffVisit, UnstaffedVisits, WeekendCapacity,
};
use chrono::{Datelike, Days, NaiveDate, Utc};

use crate::booking::{family, form, monday, place};
use crate::helpers::{TestApp, json, spawn};

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql).execute(&app.pool).await.unwrap();
}

/// "mandag 4. januar kl. 12.30" → ("2027-01-04", "12:30"): the first such date from today on.
fn offer_date(text: &str) -> (String, String) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let day: u32 = words[1].trim_end_matches('.').parse().unwrap();
    let month = app::time::MONTHS.iter().position(|m| *m == words[2]).unwrap() as u32 + 1;
    let today = app::time::today(Utc::now());
    let date = (today.year()..today.year() + 2)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .find(|d| *d >= today)
        .unwrap();
    (date.to_string(), words[4].replace('.', ":"))
}

/// The offers in a refusal: "… Nærmeste ledige tider: A, B, C."
fn offers(body: &str) -> Vec<(String, String)> {
    let list = body.split("Nærmeste ledige tider: ").nth(1).unwrap_or_default();
    let list = list.split(".\"").next().unwrap_or_default().trim_end_matches('.');
    list.split(", ").filter(|s| s.contains(" kl. ")).map(offer_date).collect()
}

#[tokio::test]
async fn custody_consent_decisions_and_a_case_in_abeyance_are_enforced() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let room = place(&app, "Rum 2").await.to_string();
    let (f1, f2) = (family(&app, "F-02").await.to_string(), family(&app, "F-01").await.to_string());
    // F-02 (Emil, supported): his mother's consent as custody holder is withdrawn.
    exec(&app, "UPDATE consents SET withdrawn_on = date('now', '-1 day') WHERE by_child = 0").await;
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f1, &room, "", &monday(3), "10:00")).await).await;
    assert_eq!(status, 409);
    assert!(body.to_string().contains("samtykke fra forældremyndighedsindehaveren (§ 104, stk. 3)"), "{body}");
    // With no custody holder recorded there is nothing to rest a supported visit on.
    exec(&app, "UPDATE consents SET withdrawn_on = NULL").await;
    exec(&app, "UPDATE child_relations SET custody_holder = 0 WHERE child_id IN (SELECT id FROM children WHERE first_name = 'Emil')").await;
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f1, &room, "", &monday(3), "10:00")).await).await;
    assert_eq!(status, 409);
    assert!(body.to_string().contains("ikke registreret nogen forældremyndighedsindehaver"), "{body}");

    // F-01 (supervised): a § 105 suspension for Freja covers three days from the date; the sibling
    // group cannot come, and the offers begin after it (more than a day's candidates are refused).
    let date = monday(4);
    let last = (NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap() + Days::new(2)).to_string();
    exec(
        &app,
        &format!(
            "INSERT INTO case_decisions (case_id, kind, valid_from, valid_to) SELECT k.id, 'suspension', \
             '{date}', '{last}' FROM cases k JOIN children c ON c.id = k.child_id WHERE c.first_name = 'Freja'"
        ),
    )
    .await;
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f2, &room, "", &date, "10:00")).await).await;
    assert_eq!(status, 409);
    assert!(body.to_string().contains("Samvær for Freja er suspenderet efter § 105"), "{body}");
    // The nearest offers skip the suspended day and can be booked as offered.
    let offered = offers(&body.to_string());
    assert!(!offered.is_empty() && offered.iter().all(|(d, _)| *d > last), "{body}");
    let (d, t) = &offered[0];
    let (status, ids) = json(app.call::<BookVisit>(&lene, &form(&f2, &room, "", d, t)).await).await;
    assert_eq!(status, 200, "the first offer {d} {t}: {ids}");

    // A case in abeyance (i bero) books nothing.
    exec(
        &app,
        "UPDATE cases SET status = 'suspended' WHERE child_id IN (SELECT id FROM children WHERE first_name = 'Oskar')",
    )
    .await;
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f2, &room, "", &monday(5), "10:00")).await).await;
    assert_eq!(status, 409);
    assert!(body.to_string().contains("Sagen for Oskar er sat i bero"), "{body}");
}

#[tokio::test]
async fn past_times_long_series_and_skipped_dates() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let (f1, room) = (family(&app, "F-01").await.to_string(), place(&app, "Rum 2").await.to_string());
    let yesterday = (app::time::today(Utc::now()) - Days::new(1)).to_string();
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f1, &room, "", &yesterday, "10:00")).await).await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("passeret"), "{body}");

    let first = monday(2);
    let mut f = form(&f1, &room, "", &first, "09:00");
    f.extend([("repeat", "1"), ("until", "2031-01-01")]);
    let (status, body) = json(app.call::<BookVisit>(&lene, &f).await).await;
    assert_eq!(status, 422, "refused, not cut short: {body}");
    assert!(body.to_string().contains("højst have 104 datoer"), "{body}");

    // Every 2nd week for five dates, the third left out: four visits, none on the skipped date.
    let start = NaiveDate::parse_from_str(&first, "%Y-%m-%d").unwrap();
    let (until, skipped) = ((start + Days::new(56)).to_string(), (start + Days::new(28)).to_string());
    let mut f = form(&f1, &room, "", &first, "14:00");
    f.extend([("repeat", "2"), ("until", until.as_str()), ("skip[]", skipped.as_str())]);
    let (status, ids) = json(app.call::<BookVisit>(&lene, &f).await).await;
    assert_eq!(status, 200, "{ids}");
    assert_eq!(ids.as_array().unwrap().len(), 4);
    let on_skipped: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointments WHERE series_id = ? AND date(starts_at, 'unixepoch') = ?",
    )
    .bind(ids[0].as_i64().unwrap())
    .bind(&skipped)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(on_skipped, 0);
}

#[tokio::test]
async fn offers_count_guidance_talks_and_touching_availability_counts_as_one() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let room = place(&app, "Rum 2").await.to_string();
    let (f1, f3) = (family(&app, "F-01").await.to_string(), family(&app, "F-03").await.to_string());
    let date = monday(7);
    let mut f = form(&f1, &room, "", &date, "10:00");
    f.extend([("guidance_before", "30"), ("guidance_after", "30")]);
    let (status, body) = json(app.call::<BookVisit>(&lene, &f).await).await;
    assert_eq!(status, 200, "{body}");
    // Another family wants the same room at 10.00 with talks too: every offer must be bookable.
    let mut f = form(&f3, &room, "", &date, "10:00");
    f.extend([("guidance_before", "30"), ("guidance_after", "30")]);
    let (status, body) = json(app.call::<BookVisit>(&lene, &f).await).await;
    assert_eq!(status, 409);
    let offered = offers(&body.to_string());
    assert_eq!(offered.len(), 3, "{body}");
    let (d, t) = &offered[0];
    let mut f = form(&f3, &room, "", d, t);
    f.extend([("guidance_before", "30"), ("guidance_after", "30")]);
    let (status, ids) = json(app.call::<BookVisit>(&lene, &f).await).await;
    assert_eq!(status, 200, "the first offer {d} {t}: {ids}");

    // Signe (hourly) says 10–12 and 12–14 on a day ten weeks out: a visit 11–13 fits.
    let signe = app.signed_in("timelonnet@demo.test").await;
    let day = monday(10);
    for (from, to) in [("10:00", "12:00"), ("12:00", "14:00")] {
        let res = app.call::<AddAvailability>(&signe, &[("date", &day), ("from", from), ("to", to)]).await;
        assert_eq!(res.status(), 200);
    }
    let signe_id = app.user_id("timelonnet@demo.test").await.to_string();
    let (status, ids) = json(app.call::<BookVisit>(&lene, &form(&f1, &room, &signe_id, &day, "11:00")).await).await;
    assert_eq!(status, 200, "{ids}");
    // A permanent consultant is available in the opening hours and reports no times.
    let karen = app.signed_in("konsulent@demo.test").await;
    let (status, body) =
        json(app.call::<AddAvailability>(&karen, &[("date", &day), ("from", "09:00"), ("to", "17:00")]).await).await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("Faste konsulenter"), "{body}");
}

/// A second centre with one place open every day, one family and its coordinator.
async fn second_centre(app: &TestApp) -> (i64, i64) {
    exec(app, "INSERT INTO centres (id, name, municipality, address, phone, email) VALUES (99, 'Andet center', 'Anden Kommune', 'Vej 1', '11223344', 'a@b.dk')").await;
    exec(
        app,
        "INSERT INTO places (id, centre_id, name, kind, address) VALUES (990, 99, 'Fremmed rum', 'room', 'Vej 1')",
    )
    .await;
    for d in 1..=7 {
        exec(
            app,
            &format!(
                "INSERT INTO place_opening_hours (place_id, weekday, opens, closes) VALUES (990, {d}, '08:00', '20:00')"
            ),
        )
        .await;
    }
    exec(app, "INSERT INTO families (id, centre_id, code) VALUES (990, 99, 'X-01')").await;
    exec(app, "INSERT INTO children (id, family_id, first_name, last_name, birth_date, placement_kind, placement_name, placement_contact_name) VALUES (990, 990, 'Ane', 'Fremmed', '2018-01-01', 'foster_family', 'Plejefamilie', 'Kontakt')").await;
    exec(app, "INSERT INTO cases (child_id, caseworker_id, visit_type, decision_from, decision_to, frequency_weeks, visit_minutes, created_at) SELECT 990, id, 'supervised', '2000-01-01', '2099-12-31', 2, 60, 0 FROM users WHERE email = 'raadgiver@demo.test'").await;
    exec(
        app,
        "INSERT INTO users (email, password_hash, full_name, role, created_at) SELECT 'anden@demo.test', password_hash, \
         'Anden Koordinator', 'coordinator', created_at FROM users WHERE email = 'koordinator@demo.test'",
    )
    .await;
    let other = app.user_id("anden@demo.test").await;
    exec(app, &format!("INSERT INTO staff (user_id, centre_id, employment, title) VALUES ({other}, 99, 'permanent', 'Fagkoordinator')")).await;
    (990, 990)
}

#[tokio::test]
async fn one_centre_never_books_or_sees_anothers_families_places_or_consultants() {
    let app = spawn().await;
    let (their_place, their_family) = second_centre(&app).await;
    let other = app.signed_in("anden@demo.test").await;
    let (f1, room) = (family(&app, "F-01").await.to_string(), place(&app, "Rum 2").await.to_string());
    let karen = app.user_id("konsulent@demo.test").await.to_string();
    let date = monday(6);
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments").fetch_one(&app.pool).await.unwrap();
    // Centre 1's family in centre 2's room, centre 2's family in centre 1's room, centre 1's consultant.
    let cases = [
        (f1.clone(), their_place.to_string(), String::new(), "family_id"),
        (their_family.to_string(), room.clone(), String::new(), "place_id"),
        (their_family.to_string(), their_place.to_string(), karen.clone(), "staff_ids"),
    ];
    for (fam, pl, staff, field) in &cases {
        let (status, body) = json(app.call::<BookVisit>(&other, &form(fam, pl, staff, &date, "10:00")).await).await;
        assert_eq!(status, 422, "{fam} {pl} {staff}: {body}");
        assert!(body["Validation"][*field].is_array(), "{field}: {body}");
    }
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments").fetch_one(&app.pool).await.unwrap();
    assert_eq!(before, after);
    // Its own family in its own room books (so the refusals above are about the centre).
    let (fam, pl) = (their_family.to_string(), their_place.to_string());
    let (status, body) = json(app.call::<BookVisit>(&other, &form(&fam, &pl, "", &date, "10:00")).await).await;
    assert_eq!(status, 200, "{body}");
    // Find a slot refuses the other centre's family; the lists and weekends hold only its own.
    let (status, _) = json(app.call::<FindSlots>(&other, &[("family_id", &f1), ("minutes", "60")]).await).await;
    assert_eq!(status, 422);
    let (status, list) = json(app.call::<UnstaffedVisits>(&other, &[]).await).await;
    assert_eq!(status, 200);
    let codes: Vec<&str> = list.as_array().unwrap().iter().map(|v| v["family_code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["X-01"], "{list}");
    // A staffed appointment of centre 1, by its id: not found for centre 2's coordinator, and
    // its consultant stays on it.
    let (id, staff): (i64, i64) = sqlx::query_as(
        "SELECT a.id, s.user_id FROM appointments a JOIN appointment_staff s ON s.appointment_id = a.id \
         WHERE a.centre_id = 1 AND a.status = 'planned' AND a.related_visit_id IS NULL LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (id, staff) = (id.to_string(), staff.to_string());
    let res = app.call::<UnstaffVisit>(&other, &[("id", &id), ("staff_id", &staff)]).await;
    assert_eq!(res.status(), 404);
    let res = app.call::<StaffVisit>(&other, &[("id", &id), ("staff_id", &staff)]).await;
    assert_eq!(res.status(), 404);
    let still: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM appointment_staff WHERE appointment_id = ? AND user_id = ?")
            .bind(&id)
            .bind(&staff)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(still, 1);
    let (_, weekends) = json(app.call::<WeekendCapacity>(&other, &[]).await).await;
    for w in weekends.as_array().unwrap() {
        // Only its own room: 12 hours a day, two days, and nothing of centre 1's bookings.
        assert_eq!(w["open_minutes"].as_i64().unwrap(), 2 * 12 * 60, "{w}");
        assert_eq!(w["booked_minutes"].as_i64().unwrap(), 0, "{w}");
        assert_eq!(w["staffed"].as_i64().unwrap(), 0, "{w}");
    }
}
