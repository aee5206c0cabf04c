//! Series, linked guidance talks, meetings and opening hours over HTTP: "this and following" moves
//! all or nothing, a skipped occurrence is cancelled alone, talks move with their visit.

use app::booking::api::{BookVisit, CancelFollowing, CancelVisit, MoveFollowing, MoveVisit};
use chrono::{Days, NaiveDate};

use crate::booking::{family, form, monday, place};
use crate::helpers::{TestApp, json, spawn};

async fn planned(app: &TestApp, ids: &[i64]) -> Vec<(i64, i64, String)> {
    let mut out = Vec::new();
    for id in ids {
        out.push(
            sqlx::query_as("SELECT id, starts_at, status FROM appointments WHERE id = ?")
                .bind(id)
                .fetch_one(&app.pool)
                .await
                .unwrap(),
        );
    }
    out
}

fn local(secs: i64) -> String {
    app::time::long(app::time::from_unix(secs))
}

#[tokio::test]
async fn this_and_following_moves_the_rest_of_a_series_all_or_nothing() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f = family(&app, "F-02").await.to_string();
    let room = place(&app, "Rum 3").await.to_string();
    let first = monday(3);
    let until = (NaiveDate::parse_from_str(&first, "%Y-%m-%d").unwrap() + Days::new(7 * 6)).to_string();
    let mut series = form(&f, &room, "", &first, "16:00");
    series.extend([("repeat", "2"), ("until", until.as_str())]);
    let (status, ids) = json(app.call::<BookVisit>(&lene, &series).await).await;
    assert_eq!(status, 200, "{ids}");
    let ids: Vec<i64> = ids.as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 4);

    // Skip the second: only it is cancelled.
    let second = ids[1].to_string();
    let (status, body) =
        json(app.call::<CancelVisit>(&lene, &[("id", &second), ("by", "centre"), ("reason", "Lukket")]).await).await;
    assert_eq!(status, 200, "{body}");
    let rows = planned(&app, &ids).await;
    assert_eq!(rows.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(), ["planned", "cancelled", "planned", "planned"]);

    // A blocker on the Tuesday after the fourth occurrence at 17:00 in the same room.
    let f5 = family(&app, "F-05").await.to_string();
    let fourth_tuesday = (NaiveDate::parse_from_str(&first, "%Y-%m-%d").unwrap() + Days::new(7 * 6 + 1)).to_string();
    let (status, _) = json(app.call::<BookVisit>(&lene, &form(&f5, &room, "", &fourth_tuesday, "17:00")).await).await;
    assert_eq!(status, 200);

    // Third and following to Tuesday 17:00: the fourth collides, so nothing moves.
    let third = ids[2].to_string();
    let third_tuesday = (NaiveDate::parse_from_str(&first, "%Y-%m-%d").unwrap() + Days::new(7 * 4 + 1)).to_string();
    let mv = [("id", third.as_str()), ("date", third_tuesday.as_str()), ("time", "17:00")];
    let (status, body) = json(app.call::<MoveFollowing>(&lene, &mv).await).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("F-05"), "{body}");
    assert_eq!(planned(&app, &ids).await, rows, "a refused series move changes nothing");

    // To Tuesday 10:00 instead: the third and fourth move a day later, the first stays.
    let mv = [("id", third.as_str()), ("date", third_tuesday.as_str()), ("time", "10:00")];
    let (status, body) = json(app.call::<MoveFollowing>(&lene, &mv).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, 2);
    let moved = planned(&app, &ids).await;
    assert_eq!(moved[0], rows[0]);
    assert!(
        local(moved[2].1).starts_with("tirsdag") && local(moved[2].1).ends_with("kl. 10.00"),
        "{}",
        local(moved[2].1)
    );
    assert!(local(moved[3].1).starts_with("tirsdag") && local(moved[3].1).ends_with("kl. 10.00"));
    assert_eq!(moved[3].1 - moved[2].1, 14 * 86_400, "the spacing is kept (no DST change in between)");

    // End the series from the third: third and fourth cancelled, the first kept.
    let (status, body) = json(
        app.call::<CancelFollowing>(&lene, &[("id", &third), ("by", "caseworker"), ("reason", "Ny afgørelse")]).await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let ended = planned(&app, &ids).await;
    assert_eq!(
        ended.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
        ["planned", "cancelled", "cancelled", "cancelled"]
    );
}

#[tokio::test]
async fn guidance_talks_are_linked_slots_that_move_and_block_with_their_visit() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f = family(&app, "F-02").await.to_string();
    let room = place(&app, "Rum 3").await.to_string();
    let karen = app.user_id("konsulent@demo.test").await.to_string();
    let date = monday(4);
    let mut f1 = form(&f, &room, &karen, &date, "12:00");
    f1.extend([("guidance_before", "30"), ("guidance_after", "30")]);
    let (status, ids) = json(app.call::<BookVisit>(&lene, &f1).await).await;
    assert_eq!(status, 200, "{ids}");
    let visit = ids[0].as_i64().unwrap();
    let talks: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT kind, starts_at, ends_at FROM appointments WHERE related_visit_id = ? ORDER BY starts_at",
    )
    .bind(visit)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(talks.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(), ["guidance_before", "guidance_after"]);
    assert!(local(talks[0].1).ends_with("kl. 11.30") && local(talks[1].2).ends_with("kl. 14.30"));
    let staffed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointment_staff s JOIN appointments a ON a.id = s.appointment_id WHERE a.related_visit_id = ?",
    )
    .bind(visit)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(staffed, 2, "the consultant holds the talks too");

    // The room during the talk after the visit is taken.
    let f5 = family(&app, "F-05").await.to_string();
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f5, &room, "", &date, "14:15")).await).await;
    assert_eq!(status, 409, "{body}");

    // Moving the visit two hours later takes the talks along.
    let (status, body) =
        json(app.call::<MoveVisit>(&lene, &[("id", &visit.to_string()), ("date", &date), ("time", "15:00")]).await)
            .await;
    assert_eq!(status, 200, "{body}");
    let first: i64 = sqlx::query_scalar("SELECT min(starts_at) FROM appointments WHERE related_visit_id = ?")
        .bind(visit)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(local(first).ends_with("kl. 14.30"), "{}", local(first));
    // A meeting has no talks and no children.
    let mut meeting = form(&f, &room, &karen, &date, "09:00");
    meeting.extend([("kind", "kickoff_meeting"), ("guidance_before", "30")]);
    let (status, body) = json(app.call::<BookVisit>(&lene, &meeting).await).await;
    assert_eq!(status, 422, "{body}");
    meeting.pop();
    let (status, ids) = json(app.call::<BookVisit>(&lene, &meeting).await).await;
    assert_eq!(status, 200, "{ids}");
    let (kind, children): (String, i64) = sqlx::query_as(
        "SELECT kind, (SELECT COUNT(*) FROM appointment_children WHERE appointment_id = a.id) FROM appointments a WHERE id = ?",
    )
    .bind(ids[0].as_i64().unwrap())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((kind.as_str(), children), ("kickoff_meeting", 0));
}

#[tokio::test]
async fn bookings_outside_a_place_opening_hours_are_refused() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f = family(&app, "F-02").await.to_string();
    // The borrowed hall is open 10–16 on weekends only.
    let hall = place(&app, "Fjordby").await.to_string();
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f, &hall, "", &monday(4), "10:00")).await).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("har ikke åbent"), "{body}");
    let room = place(&app, "Rum 3").await.to_string();
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f, &room, "", &monday(4), "19:00")).await).await;
    assert_eq!(status, 409, "the room closes at 20.00: {body}");
}

/// A refused plain form post (no JavaScript) comes back to the booking form with everything that
/// was typed, and a refusal for opening hours names the time it checked: the visit with its talks.
/// Before, the form came back with only the find-a-slot prefill (the series and the talks gone) and
/// said "har ikke åbent … kl. 10.00–12.00" for a place that opens at 10.00.
#[tokio::test]
async fn a_refused_booking_form_comes_back_with_what_was_typed() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f = family(&app, "F-02").await.to_string();
    // The borrowed hall is open 10–16 on weekends only: a talk from 09.45 does not fit.
    let hall = place(&app, "Fjordby").await.to_string();
    let saturday = (NaiveDate::parse_from_str(&monday(4), "%Y-%m-%d").unwrap() + Days::new(5)).to_string();
    let until = (NaiveDate::parse_from_str(&saturday, "%Y-%m-%d").unwrap() + Days::new(28)).to_string();
    let mut typed = form(&f, &hall, "", &saturday, "10:00");
    typed.extend([("guidance_before", "15"), ("buffer_before", "30"), ("repeat", "2"), ("until", until.as_str())]);
    let before = crate::booking::appointments(&app).await;
    let from = format!("{}/booking/ny?familie={f}&sted={hall}&dato={saturday}&tid=10:00", app.base);
    // The form posted as a browser without JavaScript does: it asks for a page back.
    let plain_post = |c: &reqwest::Client| {
        c.post(format!("{}{}", app.base, crate::helpers::path::<BookVisit>()))
            .header(reqwest::header::ORIGIN, &app.base)
            .header(reqwest::header::ACCEPT, "text/html")
            .header(reqwest::header::REFERER, &from)
            .form(&typed)
            .send()
    };
    let res = plain_post(&lene).await.unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let back = res.headers()[reqwest::header::LOCATION].to_str().unwrap().to_string();
    assert!(back.starts_with("/booking/ny?"), "{back}");
    for kept in ["vejledning_foer=15", "gentag=2", &format!("til={until}"), &format!("dato={saturday}"), "__err="] {
        assert!(back.contains(kept), "{kept} in {back}");
    }
    assert_eq!(crate::booking::appointments(&app).await, before, "nothing was booked");
    // Only a refusal of what was typed comes back with it: a signed-out post gets the
    // framework's own answer (the page it came from), with nothing it typed echoed.
    let res = plain_post(&crate::helpers::client()).await.unwrap();
    let location = res.headers()[reqwest::header::LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with(&from) && !location.contains("gentag="), "{location}");

    let page =
        lene.get(format!("{}{back}", app.base)).header(reqwest::header::ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    let when = app::time::long(app::time::at_local(NaiveDate::parse_from_str(&saturday, "%Y-%m-%d").unwrap(), 9, 45));
    let says = format!("har ikke åbent {when}–12.00 (vejledningen før og efter medregnet)");
    assert!(html.contains(&says), "{says} in the page");
    let select = |id: &str| {
        let at = html.find(&format!(r#"id="{id}""#)).unwrap_or_else(|| panic!("{id} in the form"));
        html[at..].split("</select>").next().unwrap_or_default().to_string()
    };
    for (id, value) in [("guidance_before", "15"), ("repeat", "2"), ("buffer_before", "30")] {
        assert!(select(id).contains(&format!(r#"<option value="{value}" selected"#)), "{id}: {}", select(id));
    }
    assert!(html.contains(&format!(r#"id="until" name="until" type="date" value="{until}""#)), "the end date kept");
}

#[tokio::test]
async fn this_and_following_can_change_the_length_and_talks_stay_beside_their_visit() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f = family(&app, "F-02").await.to_string();
    let room = place(&app, "Rum 3").await.to_string();
    let first = monday(4);
    let until = (NaiveDate::parse_from_str(&first, "%Y-%m-%d").unwrap() + Days::new(7 * 4)).to_string();
    let mut series = form(&f, &room, "", &first, "15:00");
    series.extend([("repeat", "2"), ("until", until.as_str()), ("guidance_after", "30")]);
    let (status, ids) = json(app.call::<BookVisit>(&lene, &series).await).await;
    assert_eq!(status, 200, "{ids}");
    let ids: Vec<i64> = ids.as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 3);
    // The second and third become 90 minutes at 15.00, and the talk after follows the new end.
    let second = ids[1].to_string();
    let date: String = sqlx::query_scalar("SELECT date(starts_at, 'unixepoch') FROM appointments WHERE id = ?")
        .bind(ids[1])
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let mv = [("id", second.as_str()), ("date", date.as_str()), ("time", "15:00"), ("minutes", "90")];
    let (status, body) = json(app.call::<MoveFollowing>(&lene, &mv).await).await;
    assert_eq!(status, 200, "{body}");
    for (i, id) in ids.iter().enumerate() {
        let (start, end): (i64, i64) = sqlx::query_as("SELECT starts_at, ends_at FROM appointments WHERE id = ?")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(end - start, if i == 0 { 120 } else { 90 } * 60, "occurrence {i}");
        let (t_start, t_end): (i64, i64) =
            sqlx::query_as("SELECT starts_at, ends_at FROM appointments WHERE related_visit_id = ?")
                .bind(id)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert_eq!((t_start, t_end - t_start), (end, 30 * 60), "the talk right after, 30 minutes");
    }
    // A bad length changes nothing.
    let all = || async {
        sqlx::query_as::<_, (i64, i64, i64)>("SELECT id, starts_at, ends_at FROM appointments ORDER BY id")
            .fetch_all(&app.pool)
            .await
            .unwrap()
    };
    let before = all().await;
    let mv = [("id", second.as_str()), ("date", date.as_str()), ("time", "15:00"), ("minutes", "5")];
    let (status, body) = json(app.call::<MoveVisit>(&lene, &mv).await).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(all().await, before);
}

/// Staff pick a series' own dates and the dates to leave out with date fields (one field per date,
/// `dates[]` and `skip[]`; an empty field counts for nothing), and a refused form comes back with
/// each date in its own field. Before, both were one text field where staff typed ÅÅÅÅ-MM-DD.
#[tokio::test]
async fn own_dates_and_skipped_dates_are_picked_with_date_fields() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f = family(&app, "F-02").await.to_string();
    let room = place(&app, "Rum 3").await.to_string();
    let first = monday(5);
    let day = |n: u64| (NaiveDate::parse_from_str(&first, "%Y-%m-%d").unwrap() + Days::new(n)).to_string();

    let (d9, d23) = (day(9), day(23));
    let mut custom = form(&f, &room, "", &first, "10:00");
    custom.extend([("repeat", "custom"), ("dates[]", d9.as_str()), ("dates[]", ""), ("dates[]", d23.as_str())]);
    let (status, ids) = json(app.call::<BookVisit>(&lene, &custom).await).await;
    assert_eq!(status, 200, "{ids}");
    assert_eq!(on_dates(&app, ids).await, [first.clone(), d9.clone(), d23.clone()]);

    let (until, d7) = (day(21), day(7));
    let mut weekly = form(&f, &room, "", &first, "15:00");
    weekly.extend([("repeat", "1"), ("until", until.as_str()), ("skip[]", d7.as_str()), ("skip[]", "")]);
    let (status, ids) = json(app.call::<BookVisit>(&lene, &weekly).await).await;
    assert_eq!(status, 200, "{ids}");
    assert_eq!(on_dates(&app, ids).await, [first.clone(), day(14), until.clone()]);

    let mut bad = form(&f, &room, "", &first, "12:30");
    bad.extend([("repeat", "custom"), ("dates[]", "5/12")]);
    let before = crate::booking::appointments(&app).await;
    let (status, body) = json(app.call::<BookVisit>(&lene, &bad).await).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("hver dato"), "{body}");
    assert_eq!(crate::booking::appointments(&app).await, before, "nothing was booked");

    // Refused (the room is taken at 10.00 on the first date): the form comes back with each date
    // in a date field of its own.
    let res = lene
        .post(format!("{}{}", app.base, crate::helpers::path::<BookVisit>()))
        .header(reqwest::header::ORIGIN, &app.base)
        .header(reqwest::header::ACCEPT, "text/html")
        .header(reqwest::header::REFERER, format!("{}/booking/ny", app.base))
        .form(&custom)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let back = res.headers()[reqwest::header::LOCATION].to_str().unwrap().to_string();
    assert!(back.contains("gentag=custom") && back.contains("__err="), "{back}");
    let html = lene.get(format!("{}{back}", app.base)).send().await.unwrap().text().await.unwrap();
    for d in [&d9, &d23] {
        let field = format!(r#"name="dates[]" type="date" value="{d}""#);
        assert!(html.contains(&field), "{field} in the form");
    }
    assert!(!html.contains("ÅÅÅÅ-MM-DD"), "nothing asks staff to type a date");
    assert!(!html.contains("<textarea"), "no date typed in a text field");
}

async fn on_dates(app: &TestApp, ids: serde_json::Value) -> Vec<String> {
    let mut dates = Vec::new();
    for id in ids.as_array().unwrap() {
        dates.push(
            sqlx::query_scalar("SELECT date(starts_at, 'unixepoch') FROM appointments WHERE id = ?")
                .bind(id.as_i64().unwrap())
                .fetch_one(&app.pool)
                .await
                .unwrap(),
        );
    }
    dates
}
