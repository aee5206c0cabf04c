//! The parents' portal over HTTP: telling the centre, contacts, secret addresses, language.

use app::calendar::api::{CreateCalendarLink, MyCalendar};
use app::overview::api::WeekOverview;
use app::portal::api::{MyContacts, MyVisits, ReportCantCome, ReportDelay, Visit};
use chrono::Utc;

use crate::helpers::{TestApp, client, json, spawn};

/// The parent's next planned visit (moved to start in `minutes_from_now`) and its lead consultant.
pub(crate) async fn next_visit_of(app: &TestApp, email: &str, minutes_from_now: i64) -> (i64, String) {
    let (id, staff): (i64, String) = sqlx::query_as(
        "SELECT a.id, u.email FROM appointments a JOIN persons p ON p.family_id = a.family_id \
         JOIN users pu ON pu.id = p.user_id JOIN appointment_staff s ON s.appointment_id = a.id \
         JOIN users u ON u.id = s.user_id WHERE pu.email = ? AND a.kind = 'visit' AND a.status = 'planned' \
         AND a.starts_at > ? ORDER BY a.starts_at LIMIT 1",
    )
    .bind(email)
    .bind(Utc::now().timestamp())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let start = Utc::now().timestamp() + minutes_from_now * 60;
    sqlx::query("UPDATE appointments SET starts_at = ?, ends_at = ? WHERE id = ?")
        .bind(start)
        .bind(start + 7200)
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    (id, staff)
}

async fn notices(app: &TestApp, id: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM visit_notices WHERE appointment_id = ?")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_delay_reaches_the_visits_consultant_and_the_coordinator() {
    let app = spawn().await;
    let (id, consultant) = next_visit_of(&app, "mette@demo.test", 60).await;
    let mette = app.signed_in("mette@demo.test").await;
    let id_s = id.to_string();

    // Bad input: a clear, specific error and nothing stored.
    let (status, body) = json(app.call::<ReportDelay>(&mette, &[("id", &id_s), ("minutes", "snart")]).await).await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("antal minutter"), "{body}");
    let (status, _) = json(app.call::<ReportDelay>(&mette, &[("id", &id_s), ("minutes", "500")]).await).await;
    assert_eq!(status, 422);
    assert_eq!(notices(&app, id).await, 0);

    let (status, body) = json(app.call::<ReportDelay>(&mette, &[("id", &id_s), ("minutes", "15")]).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(notices(&app, id).await, 1);
    let (_, visit) = json(app.call::<Visit>(&mette, &[("id", &id_s)]).await).await;
    assert!(visit["summary"]["notices"][0].as_str().unwrap().starts_with("Forsinket 15 min."), "{visit}");
    // The family's own agreements and conditions, never another family's.
    let text = visit.to_string();
    assert!(text.contains("Lego") && text.contains("retssagen"), "{visit}");
    assert!(!text.contains("spille kort") && !text.contains("Tolk"), "another family's notes must not show");

    for staff in [consultant.as_str(), "koordinator@demo.test"] {
        let c = app.signed_in(staff).await;
        let (status, overview) = json(app.call::<WeekOverview>(&c, &[]).await).await;
        assert_eq!(status, 200);
        let alert = overview["alerts"].as_array().unwrap().iter().find(|a| a["id"].as_i64() == Some(id));
        let alert = alert.unwrap_or_else(|| panic!("{staff} sees the notice: {overview}"));
        // A list row says what and when; who sent it is on the appointment's own page.
        let notice = alert["notices"][0].as_str().unwrap();
        assert!(notice.starts_with("Forsinket 15 min. · sendt ") && !notice.contains("Mette"), "{alert}");
        assert_eq!(alert["initials"], "FN, ON", "the row's family: code and initials");
        assert_eq!(alert["children"], "", "a list sends no child's name");
    }
}

#[tokio::test]
async fn cannot_come_cancels_the_visit_and_its_guidance_and_records_who_and_when() {
    let app = spawn().await;
    let (id, _) = next_visit_of(&app, "mette@demo.test", 3 * 24 * 60).await;
    let guidance: i64 = sqlx::query_scalar(
        "INSERT INTO appointments (centre_id, family_id, kind, related_visit_id, place_id, starts_at, ends_at, \
         created_at, updated_at) SELECT centre_id, family_id, 'guidance_before', id, place_id, starts_at - 1800, \
         starts_at, 0, 0 FROM appointments WHERE id = ? RETURNING id",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let mette = app.signed_in("mette@demo.test").await;
    let before = Utc::now().timestamp();
    let form = [("id", id.to_string()), ("message", "Oskar har feber".to_string())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = json(app.call::<ReportCantCome>(&mette, &form).await).await;
    assert_eq!(status, 200, "{body}");

    let (status, by, by_user, at, reason): (String, String, i64, i64, String) = sqlx::query_as(
        "SELECT status, cancelled_by, cancelled_by_user, cancelled_at, cancel_reason FROM appointments WHERE id = ?",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((status.as_str(), by.as_str(), reason.as_str()), ("cancelled", "parent", "Oskar har feber"));
    assert_eq!(by_user, app.user_id("mette@demo.test").await);
    assert!(at >= before);
    let g: String = sqlx::query_scalar("SELECT status FROM appointments WHERE id = ?")
        .bind(guidance)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(g, "cancelled", "the linked guidance talk is cancelled too");
    // The visit's history says who cancelled and why, like a cancellation by staff.
    let lene = app.signed_in("koordinator@demo.test").await;
    let (_, history) = json(app.call::<app::booking::api::VisitHistory>(&lene, &[("id", &id.to_string())]).await).await;
    let last = history.as_array().unwrap().last().unwrap().as_str().unwrap().to_string();
    assert!(last.contains("Mette Nielsen · Aflyst af forælder: Oskar har feber"), "{history}");

    // Saying it twice changes nothing more.
    let (status, _) = json(app.call::<ReportCantCome>(&mette, &form).await).await;
    assert_eq!(status, 422);
    assert_eq!(notices(&app, id).await, 1);

    // Two parents' phones pressing at the same moment: exactly one cancels.
    let (other, _) = next_visit_of(&app, "mette@demo.test", 4 * 24 * 60).await;
    let other_form = [("id", other.to_string())];
    let other_form: Vec<(&str, &str)> = other_form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let second = app.signed_in("mette@demo.test").await;
    let (a, b) =
        tokio::join!(app.call::<ReportCantCome>(&mette, &other_form), app.call::<ReportCantCome>(&second, &other_form));
    let mut codes = [a.status().as_u16(), b.status().as_u16()];
    codes.sort_unstable();
    assert_eq!(codes, [200, 422]);
    assert_eq!(notices(&app, other).await, 1);

    let karen = app.signed_in("konsulent@demo.test").await;
    let (_, overview) = json(app.call::<WeekOverview>(&karen, &[]).await).await;
    let alert = overview["alerts"].as_array().unwrap().iter().find(|a| a["id"].as_i64() == Some(id)).unwrap();
    assert_eq!(alert["status_note"], "Aflyst af forælder");
    assert!(alert["notices"][0].as_str().unwrap().contains("Kan ikke komme: Oskar har feber"));
}

#[tokio::test]
async fn a_parent_cannot_tell_the_centre_about_another_familys_visit() {
    let app = spawn().await;
    let (other, _) = next_visit_of(&app, "louise@demo.test", 30).await;
    let mette = app.signed_in("mette@demo.test").await;
    let id = other.to_string();
    assert_eq!(app.call::<ReportDelay>(&mette, &[("id", &id), ("minutes", "10")]).await.status(), 404);
    assert_eq!(app.call::<ReportCantCome>(&mette, &[("id", &id)]).await.status(), 404);
    assert_eq!(notices(&app, other).await, 0);
    let status: String = sqlx::query_scalar("SELECT status FROM appointments WHERE id = ?")
        .bind(other)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "planned");
    // Staff cannot use the parents' functions; nobody signed in is asked to sign in.
    let karen = app.signed_in("konsulent@demo.test").await;
    assert_eq!(app.call::<ReportDelay>(&karen, &[("id", &id), ("minutes", "10")]).await.status(), 403);
    assert_eq!(app.call::<MyContacts>(&client(), &[]).await.status(), 401);
}

#[tokio::test]
async fn contacts_are_the_familys_own_and_a_secret_placement_never_shows() {
    let app = spawn().await;
    let mette = app.signed_in("mette@demo.test").await;
    let (status, c) = json(app.call::<MyContacts>(&mette, &[]).await).await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["centre"]["phone_href"], "tel:+4572104000");
    assert_eq!(c["consultant"]["name"], "Karen Holst");
    assert_eq!(c["caseworkers"][0]["name"], "Anders Mikkelsen");
    assert!(c["placements"][0]["name"].as_str().unwrap().contains("Freja"));

    // A § 105 decision alone (without the child's flag) also hides the placement.
    sqlx::query(
        "INSERT INTO case_decisions (case_id, kind, valid_from, valid_to) SELECT k.id, 'secret_address', \
         date('now', '-1 day'), date('now', '+30 days') FROM cases k JOIN children ch ON ch.id = k.child_id \
         WHERE ch.first_name = 'Oskar'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let (_, c) = json(app.call::<MyContacts>(&mette, &[]).await).await;
    assert_eq!(c["placements"].as_array().unwrap().len(), 0, "{c}");

    // Martin's son lives at a secret address: nothing about the placement, on any portal page.
    let martin = app.signed_in("martin@demo.test").await;
    let (_, c) = json(app.call::<MyContacts>(&martin, &[]).await).await;
    assert_eq!(c["placements"].as_array().unwrap().len(), 0, "{c}");
    let (_, visits) = json(app.call::<MyVisits>(&martin, &[]).await).await;
    let id = visits["next"]["id"].as_i64().unwrap().to_string();
    let (_, visit) = json(app.call::<Visit>(&martin, &[("id", &id)]).await).await;
    assert_eq!(app.call::<CreateCalendarLink>(&martin, &[]).await.status(), 200);
    let (_, cal) = json(app.call::<MyCalendar>(&martin, &[]).await).await;
    let feed = client().get(cal["link"]["https"].as_str().unwrap()).send().await.unwrap().text().await.unwrap();
    assert!(feed.contains("BEGIN:VEVENT"));
    let mut pages = format!("{c}{visits}{visit}{feed}");
    for path in ["/mine-samvaer", "/kontakt", &format!("/mine-samvaer/{id}")] {
        pages.push_str(&martin.get(format!("{}{path}", app.base)).send().await.unwrap().text().await.unwrap());
    }
    let (name, contact, address): (String, String, String) = sqlx::query_as(
        "SELECT placement_name, placement_contact_name, placement_address FROM children WHERE first_name = 'Lucas'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(address, "Lærkevej 7, 4180 Sorø");
    for secret in [name, contact, address, "Strand".to_string(), "Lærkevej".to_string()] {
        assert!(!pages.contains(&secret), "{secret} must not reach the parent");
    }
    assert!(pages.contains("Lucas"), "the pages did render the family's data");
}

#[tokio::test]
async fn the_portal_speaks_english_when_asked_and_remembers_it() {
    let app = spawn().await;
    let mette = app.signed_in("mette@demo.test").await;
    let res = mette
        .post(format!("{}/api/i18n/set_language", app.base))
        .header("origin", &app.base)
        .header("accept", "text/html")
        .form(&[("lang", "en"), ("back", "//evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], "/", "only local paths are followed");
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("samvaer_sprog=en; Path=/; Max-Age=31536000"));
    let (_, v) = json(app.call::<MyVisits>(&mette, &[]).await).await;
    assert!(v["next"]["when"].as_str().unwrap().contains(" at "), "{v}");
    let html = mette.get(format!("{}/mine-samvaer", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("<html lang=\"en\"") && html.contains("My visits"));
}

#[tokio::test]
async fn guidance_talks_are_lines_of_their_visits_row_in_the_list() {
    let app = spawn().await;
    let mette = app.signed_in("mette@demo.test").await;
    let (status, v) = json(app.call::<MyVisits>(&mette, &[]).await).await;
    assert_eq!(status, 200, "{v}");
    let mut listed: Vec<&serde_json::Value> = v["others"].as_array().unwrap().iter().collect();
    listed.extend(v["next"].as_object().map(|_| &v["next"]));
    let ids: Vec<i64> = listed.iter().map(|s| s["id"].as_i64().unwrap()).collect();
    // Every upcoming talk of the family whose visit is listed is a line of that visit, not a row.
    let talks: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT t.id, t.related_visit_id, t.starts_at, t.ends_at FROM appointments t JOIN families f ON f.id = t.family_id \
         WHERE f.code = 'F-01' AND t.kind IN ('guidance_before', 'guidance_after') AND t.starts_at > ?",
    )
    .bind(Utc::now().timestamp())
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let mut folded = 0;
    for (talk, visit, starts, ends) in talks {
        if !ids.contains(&visit) {
            continue;
        }
        folded += 1;
        assert!(!ids.contains(&talk), "talk {talk} is not a row of its own: {v}");
        let row = listed.iter().find(|s| s["id"].as_i64() == Some(visit)).unwrap();
        let span = app::time::span_in(app::i18n::Lang::Da, app::time::from_unix(starts), app::time::from_unix(ends));
        let lines: Vec<&str> = row["talks"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
        assert!(lines.iter().any(|l| l.starts_with("Vejledning") && l.contains(&span)), "{span} in {lines:?}");
    }
    assert!(folded > 0, "the demo family has talks with listed visits");
}
