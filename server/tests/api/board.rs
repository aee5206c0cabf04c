//! The booking board over HTTP: codes and initials but never names, hourly consultants see others'
//! bookings only as "Optaget", parents and caseworkers get 403; extra places and the pages.

use app::booking::api::BookVisit;
use app::booking::board::api::{AddPlace, BookingBoard, BookingOptions, StaffAppointment};
use reqwest::header;

use crate::booking::{family, form, monday, place};
use crate::helpers::{json, spawn};

#[tokio::test]
async fn the_board_shows_codes_and_initials_never_names() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f = family(&app, "F-01").await.to_string();
    let room = place(&app, "Rum 2").await.to_string();
    let karen = app.user_id("konsulent@demo.test").await.to_string();
    let date = monday(5);
    let (status, ids) = json(app.call::<BookVisit>(&lene, &form(&f, &room, &karen, &date, "10:00")).await).await;
    assert_eq!(status, 200, "{ids}");

    for view in ["uge", "dag", "konsulenter"] {
        let (status, board) = json(app.call::<BookingBoard>(&lene, &[("date", &date), ("view", view)]).await).await;
        assert_eq!(status, 200, "{board}");
        let text = board.to_string();
        assert!(text.contains("F-01") && text.contains("KH"), "{view}: code and the consultant's initials");
        // No child's or consultant's full name on the board.
        let names: Vec<String> = sqlx::query_scalar("SELECT first_name || ' ' || last_name FROM children")
            .fetch_all(&app.pool)
            .await
            .unwrap();
        assert!(names.iter().all(|n| !text.contains(n.as_str())), "{view}");
        assert!(!text.contains("Karen Holst") || view == "konsulenter", "{view}: names only as lane titles");
    }
    let (_, week) = json(app.call::<BookingBoard>(&lene, &[("date", &date), ("view", "uge")]).await).await;
    assert_eq!(week["columns"].as_array().unwrap().len(), 7);
    // The lanes in their order, read with one statement: the centre's places (rooms before outdoor
    // and extra places), and on the consultants' view its consultants (permanent first, by name).
    let lane_names = |board: &serde_json::Value| -> Vec<String> {
        board["lanes"].as_array().unwrap().iter().map(|l| l["name"].as_str().unwrap().to_string()).collect()
    };
    let centre = "(SELECT centre_id FROM families WHERE code = 'F-01')";
    let places: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT name FROM places WHERE centre_id = {centre} AND active = 1 ORDER BY kind = 'extra', kind, id"
    ))
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(places.len() >= 3, "{places:?}");
    assert_eq!(lane_names(&week), places);
    let (_, people) = json(app.call::<BookingBoard>(&lene, &[("date", &date), ("view", "konsulenter")]).await).await;
    let consultants: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT u.full_name FROM users u JOIN staff s ON s.user_id = u.id WHERE s.centre_id = {centre} AND u.active = 1 \
         AND u.role = 'consultant' ORDER BY s.employment = 'hourly', u.full_name"
    ))
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(consultants.len() >= 2, "{consultants:?}");
    let named: Vec<String> = lane_names(&people).into_iter().filter(|n| n != "Ingen konsulent").collect();
    assert_eq!(named, consultants);
    assert!(week["title"].as_str().unwrap().starts_with("Uge "), "{}", week["title"]);

    // An hourly consultant sees the booking as "Optaget", without family or a link.
    let signe = app.signed_in("timelonnet@demo.test").await;
    let (status, board) = json(app.call::<BookingBoard>(&signe, &[("date", &date), ("view", "dag")]).await).await;
    assert_eq!(status, 200);
    assert!(!board.to_string().contains("F-01") && board.to_string().contains("Optaget"), "{board}");
    let id = ids[0].to_string();
    let (status, _) = json(app.call::<StaffAppointment>(&signe, &[("id", &id)]).await).await;
    assert_eq!(status, 404);
    let (status, _) = json(app.call::<BookingOptions>(&signe, &[]).await).await;
    assert_eq!(status, 403, "hourly consultants do not book");

    // Parents and caseworkers never see the board or an appointment.
    for email in ["mette@demo.test", "raadgiver@demo.test"] {
        let c = app.signed_in(email).await;
        let (status, _) = json(app.call::<BookingBoard>(&c, &[("date", &date)]).await).await;
        assert_eq!(status, 403, "{email}");
        let (status, _) = json(app.call::<StaffAppointment>(&c, &[("id", &id)]).await).await;
        assert_eq!(status, 403, "{email}");
        let page = c.get(format!("{}/booking", app.base)).header(header::ACCEPT, "text/html").send().await.unwrap();
        assert!(!page.text().await.unwrap().contains("F-01"), "{email}");
    }

    // The pages render server-side for the coordinator, each headed with its menu item's words;
    // the board's week or day follows as its own heading.
    let monday = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap();
    let h1 = |words: &str| format!("<h1 class=\"page-title\">{words}</h1>");
    let board = |title: String| vec![h1("Booking"), format!("<h2 class=\"board-title\">{title}")];
    let pages = [
        ("/booking?visning=uge", board(format!("Uge {} · ", chrono::Datelike::iso_week(&monday).week()))),
        ("/booking?visning=dag", board(format!("{} {}", app::time::day(monday), chrono::Datelike::year(&monday)))),
        ("/booking/ny", vec![h1("Book samvær eller møde")]),
        ("/bemanding", vec![h1("Bemanding")]),
        ("/booking/weekender", vec![h1("Weekender")]),
        ("/booking/find-tid", vec![h1("Find tid")]),
        ("/oversigt", vec![h1("Oversigt")]),
    ];
    for (path, headings) in &pages {
        let url = if path.contains('?') { format!("{path}&dato={date}") } else { format!("{path}?dato={date}") };
        let res = lene.get(format!("{}{url}", app.base)).send().await.unwrap();
        let status = res.status().as_u16();
        let html = res.text().await.unwrap();
        assert_eq!(status, 200, "{path}");
        for heading in headings {
            assert!(html.contains(heading.as_str()), "{path}: {heading}");
        }
    }
    let html = lene.get(format!("{}/booking/aftale/{id}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Historik") && html.contains("Flyt") && html.contains("F-01"), "{html}");
}

#[tokio::test]
async fn the_coordinator_adds_an_extra_place_that_is_bookable_only_in_its_hours() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let from = monday(1);
    let to = monday(10);
    let fields = [
        ("name", "Skolens gymnastiksal"),
        ("address", "Skolevej 2, 4000 Roskilde"),
        ("from", from.as_str()),
        ("to", to.as_str()),
        ("weekdays", "1"),
        ("opens", "09:00"),
        ("closes", "13:00"),
    ];
    let karen = app.signed_in("konsulent@demo.test").await;
    let (status, _) = json(app.call::<AddPlace>(&karen, &fields).await).await;
    assert_eq!(status, 403, "only the coordinator adds places");
    let (status, id) = json(app.call::<AddPlace>(&lene, &fields).await).await;
    assert_eq!(status, 200, "{id}");
    let (status, body) = json(app.call::<AddPlace>(&lene, &fields).await).await;
    assert_eq!(status, 422, "the same name twice: {body}");

    let hall = id.to_string();
    let f = family(&app, "F-02").await.to_string();
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f, &hall, "", &monday(3), "12:00")).await).await;
    assert_eq!(status, 409, "closes at 13.00: {body}");
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f, &hall, "", &monday(3), "09:30")).await).await;
    assert_eq!(status, 200, "{body}");
    let (_, board) = json(app.call::<BookingBoard>(&lene, &[("date", &monday(3)), ("view", "dag")]).await).await;
    assert!(board.to_string().contains("Skolens gymnastiksal") && board.to_string().contains("Åbent 09.00–13.00"));
}

#[tokio::test]
async fn staff_of_another_centre_cannot_reach_this_centres_appointments_by_id() {
    use app::auth::service::{NewUser, create_user};
    use app::booking::api::{CancelVisit, MoveVisit, VisitHistory};
    let app = spawn().await;
    let centre: i64 = sqlx::query_scalar(
        "INSERT INTO centres (name, municipality, address, phone, email) VALUES ('Andet center', 'Anden kommune', 'Vej 1', '1', 'a@b.test') RETURNING id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let mut new = NewUser {
        email: "fremmed@demo.test".into(),
        password: Some(crate::helpers::DEMO_PASSWORD.into()),
        full_name: "Fremmed Konsulent".into(),
        phone: None,
        role: app::auth::Role::Consultant,
        employment: None,
        centre_id: None,
        account_of: None,
    };
    // With two centres a staff account says which one it belongs to.
    assert!(create_user(&app.pool, None, new.clone()).await.is_err());
    new.centre_id = Some(centre);
    create_user(&app.pool, None, new).await.unwrap();
    let id: i64 = sqlx::query_scalar(
        "SELECT min(id) FROM appointments WHERE status = 'planned' AND starts_at > strftime('%s', 'now') + 86400",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let before: (i64, String) = sqlx::query_as("SELECT starts_at, status FROM appointments WHERE id = ?")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let other = app.signed_in("fremmed@demo.test").await;
    let id = id.to_string();
    for (name, status) in [
        ("appointment", app.call::<StaffAppointment>(&other, &[("id", &id)]).await.status()),
        ("history", app.call::<VisitHistory>(&other, &[("id", &id)]).await.status()),
        ("move", app.call::<MoveVisit>(&other, &[("id", &id), ("date", &monday(6)), ("time", "10:00")]).await.status()),
        ("cancel", app.call::<CancelVisit>(&other, &[("id", &id), ("by", "centre"), ("reason", "x")]).await.status()),
    ] {
        assert_eq!(status.as_u16(), 404, "{name}");
    }
    let after: (i64, String) = sqlx::query_as("SELECT starts_at, status FROM appointments WHERE id = ?")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(before, after, "nothing changed");
    let (_, board) = json(app.call::<BookingBoard>(&other, &[("date", &monday(1))]).await).await;
    assert!(!board.to_string().contains("F-0"), "their board is their own centre's");
}

/// On a phone the board opens on the day (UX.md: a week of places does not fit a phone); a larger
/// screen opens on the week, and a chosen view is kept either way.
#[tokio::test]
async fn a_phone_opens_the_board_on_the_day() {
    let app = spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    let desk = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    let current = |html: &str| {
        let tabs = &html[html.find(r#"class="tabs""#).expect("the view tabs")..];
        let tab = &tabs[tabs.find(r#"aria-current="page""#).expect("a current tab")..];
        tab[tab.find('>').unwrap() + 1..tab.find("</a>").unwrap()].to_string()
    };
    let mut seen = Vec::new();
    for (agent, hint, path) in [
        (iphone, "", "/booking"),
        (desk, "?1", "/booking"),
        (desk, "?0", "/booking"),
        (iphone, "", "/booking?visning=uge"),
    ] {
        let mut req = karen
            .get(format!("{}{path}", app.base))
            .header(header::ACCEPT, "text/html")
            .header(header::USER_AGENT, agent);
        if !hint.is_empty() {
            req = req.header("sec-ch-ua-mobile", hint);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        seen.push(current(&res.text().await.unwrap()));
    }
    assert_eq!(seen, ["Dag", "Dag", "Uge · steder", "Uge · steder"]);
}

/// The board's block for appointment `id` in the week of `date`: (consultants' initials, family).
async fn block(app: &crate::helpers::TestApp, c: &reqwest::Client, date: &str, id: i64) -> (String, String) {
    let (status, board) = json(app.call::<BookingBoard>(c, &[("date", date), ("view", "uge")]).await).await;
    assert_eq!(status, 200, "{board}");
    let blocks = board["lanes"].as_array().unwrap().iter().flat_map(|l| l["cells"].as_array().unwrap().iter());
    let b = blocks.flat_map(|c| c.as_array().unwrap().iter()).find(|b| b["id"].as_i64() == Some(id));
    let b = b.unwrap_or_else(|| panic!("{id} on the board: {board}"));
    (b["staff"].as_str().unwrap().to_string(), b["family"].as_str().unwrap().to_string())
}

/// Appointments whose copies of their consultants and children's initials (what the board reads)
/// differ from the rows they copy.
async fn stale_copies(app: &crate::helpers::TestApp) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT a.id FROM appointments a WHERE a.staff_ids IS NOT \
           (SELECT group_concat(s.user_id) FROM appointment_staff s WHERE s.appointment_id = a.id) \
         OR a.children_initials IS NOT (SELECT group_concat(upper(substr(c.first_name, 1, 1)) || \
           upper(substr(c.last_name, 1, 1)), ', ') FROM appointment_children ac JOIN children c ON c.id = ac.child_id \
           WHERE ac.appointment_id = a.id)",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_board_shows_who_staffs_and_which_children_after_every_change() {
    use app::booking::api::{StaffVisit, UnstaffVisit};
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f = family(&app, "F-01").await;
    let room = place(&app, "Rum 2").await.to_string();
    let karen = app.user_id("konsulent@demo.test").await.to_string();
    let date = monday(5);
    let (status, ids) =
        json(app.call::<BookVisit>(&lene, &form(&f.to_string(), &room, &karen, &date, "10:00")).await).await;
    assert_eq!(status, 200, "{ids}");
    let id = ids[0].as_i64().unwrap();
    let (staff, family_label) = block(&app, &lene, &date, id).await;
    assert_eq!(staff, "KH");
    let first: (i64, String, String) =
        sqlx::query_as("SELECT id, first_name, last_name FROM children WHERE family_id = ? ORDER BY id LIMIT 1")
            .bind(f)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(family_label.starts_with("F-01"), "{family_label}");
    let initials = format!("{}{}", &first.1[..1], &first.2[..1]).to_uppercase();
    assert!(family_label.contains(&initials), "{family_label} shows {initials}");

    // A second consultant of the centre (permanent), added and removed again.
    let other: i64 = sqlx::query_scalar(
        "SELECT s.user_id FROM staff s JOIN users u ON u.id = s.user_id WHERE u.role = 'consultant' AND u.active = 1 \
         AND s.employment = 'permanent' AND s.centre_id = (SELECT centre_id FROM families WHERE id = ?) \
         AND s.user_id <> ? ORDER BY s.user_id LIMIT 1",
    )
    .bind(f)
    .bind(karen.parse::<i64>().unwrap())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let name: String =
        sqlx::query_scalar("SELECT full_name FROM users WHERE id = ?").bind(other).fetch_one(&app.pool).await.unwrap();
    let theirs = app::booking::board::rules::initials(&name);
    let call = [("id", id.to_string()), ("staff_id", other.to_string())];
    let call: Vec<(&str, &str)> = call.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = json(app.call::<StaffVisit>(&lene, &call).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(block(&app, &lene, &date, id).await.0, format!("KH, {theirs}"));
    let (status, body) = json(app.call::<UnstaffVisit>(&lene, &call).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(block(&app, &lene, &date, id).await.0, "KH");

    // A child renamed (by the database's own hand; the app does not rename) and a child taken off.
    sqlx::query("UPDATE children SET first_name = 'Xenia', last_name = 'Quist' WHERE id = ?")
        .bind(first.0)
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(block(&app, &lene, &date, id).await.1.contains("XQ"), "the new initials");
    sqlx::query("DELETE FROM appointment_children WHERE appointment_id = ? AND child_id = ?")
        .bind(id)
        .bind(first.0)
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(!block(&app, &lene, &date, id).await.1.contains("XQ"), "the child is off the visit");
    let copies: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments WHERE staff_ids IS NOT NULL")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(copies > 1, "the demo's appointments carry copies too: {copies}");
    assert_eq!(stale_copies(&app).await, Vec::<i64>::new());

    // Nobody sets a copy by hand, nor starts an appointment with one.
    let forged = sqlx::query("UPDATE appointments SET staff_ids = '1', children_initials = 'ZZ' WHERE id = ?")
        .bind(id)
        .execute(&app.pool)
        .await;
    assert!(forged.is_err(), "a copy that disagrees is refused");
    let kept: (Option<String>, Option<String>) =
        sqlx::query_as("SELECT staff_ids, children_initials FROM appointments WHERE id = ?")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(kept.0, Some(karen.clone()));
    assert!(kept.1.as_deref().is_none_or(|i| !i.contains("ZZ")), "{kept:?}");
    let born = sqlx::query(
        "INSERT INTO appointments (centre_id, family_id, kind, place_id, starts_at, ends_at, status, created_at, \
         updated_at, staff_ids) SELECT centre_id, family_id, kind, place_id, starts_at + 86400, ends_at + 86400, status, \
         created_at, updated_at, '1' FROM appointments WHERE id = ?",
    )
    .bind(id)
    .execute(&app.pool)
    .await;
    assert!(born.is_err(), "a new appointment starts without copies");
    assert_eq!(stale_copies(&app).await, Vec::<i64>::new());
}
