//! Setting up a centre from the browser: the installation's administrator creates a centre, its
//! places with features and weekly hours, and its staff; a closed place refuses bookings with a
//! clear message; a centre's administrator reaches only their own centre.

use app::admin::api::CreateUser;
use app::booking::api::{BookVisit, MoveVisit};
use app::booking::board::api::BookingBoard;
use app::setup::api::{
    ClosePlace, CreateCentre, ListCentres, ListPlaces, OpenPlace, SavePlace, SetCentreOpen, UpdateCentre,
};
use serde_json::json as j;

use crate::booking::{family, form, monday, place};
use crate::fixtures::centre_b;
use crate::helpers::{TestApp, json, spawn};

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

async fn active(app: &TestApp, place_id: i64) -> bool {
    sqlx::query_scalar("SELECT active FROM places WHERE id = ?").bind(place_id).fetch_one(&app.pool).await.unwrap()
}

/// A place form: name, kind, capacity, features and the seven days' hours ("" for closed).
fn place_form<'a>(
    centre: &'a str,
    name: &'a str,
    features: &[&'a str],
    week: &[(&'a str, &'a str); 7],
) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("centre".into(), centre.into()),
        ("name".into(), name.into()),
        ("kind".into(), "room".into()),
        ("address".into(), "Havnegade 1, 8000 Aarhus".into()),
        ("capacity".into(), "6".into()),
    ];
    for feature in features {
        f.push(("features[]".into(), (*feature).into()));
    }
    for (i, (o, c)) in week.iter().enumerate() {
        f.push((format!("opens[{i}]"), (*o).into()));
        f.push((format!("closes[{i}]"), (*c).into()));
    }
    f
}

fn pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

const WEEKDAYS_ONLY: [(&str, &str); 7] = [
    ("08:00", "16:00"),
    ("08:00", "16:00"),
    ("08:00", "16:00"),
    ("08:00", "16:00"),
    ("08:00", "14:00"),
    ("", ""),
    ("", ""),
];

#[tokio::test]
async fn a_closed_place_refuses_bookings_with_a_clear_message_and_takes_them_again_when_opened() {
    let app = spawn().await;
    let admin = app.signed_in("admin@demo.test").await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let (f1, room) = (family(&app, "F-01").await.to_string(), place(&app, "Rum 2").await);
    let (room_s, date) = (room.to_string(), monday(6));

    let (status, body) = json(app.call::<ClosePlace>(&admin, &[("place", &room_s)]).await).await;
    assert_eq!(status, 200, "{body}");
    assert!(!active(&app, room).await);
    let visits = "SELECT COUNT(*) FROM appointments";
    let before = count(&app, visits).await;
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f1, &room_s, "", &date, "10:00")).await).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body,
        j!({"Validation": {"place_id": ["Rum 2 · Havtornen er lukket for nye bookinger. Vælg et andet sted."]}})
    );
    assert_eq!(count(&app, visits).await, before, "nothing was booked");

    // Moving a visit into the closed room is refused the same way.
    let room1 = place(&app, "Rum 1").await.to_string();
    let (status, ids) = json(app.call::<BookVisit>(&lene, &form(&f1, &room1, "", &date, "10:00")).await).await;
    assert_eq!(status, 200, "{ids}");
    let id = ids[0].as_i64().unwrap().to_string();
    let moved = [("id", id.as_str()), ("date", date.as_str()), ("time", "13:00"), ("place_id", room_s.as_str())];
    let (status, body) = json(app.call::<MoveVisit>(&lene, &moved).await).await;
    assert_eq!(status, 422, "{body}");
    let at: i64 = sqlx::query_scalar("SELECT place_id FROM appointments WHERE id = ?")
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(at.to_string(), room1, "the visit stayed in room 1");

    let (status, _) = json(app.call::<OpenPlace>(&admin, &[("place", &room_s)]).await).await;
    assert_eq!(status, 200);
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f1, &room_s, "", &date, "15:00")).await).await;
    assert_eq!(status, 200, "{body}");
    let audit = "SELECT COUNT(*) FROM audit_log WHERE subject_kind = 'place' AND action IN ('close', 'open')";
    assert_eq!(count(&app, audit).await, 2);

    // Closed again with that visit in it: the week board keeps the room's lane, marked closed,
    // with the visit on it, so it can be moved.
    let (status, _) = json(app.call::<ClosePlace>(&admin, &[("place", &room_s)]).await).await;
    assert_eq!(status, 200);
    let (status, board) = json(app.call::<BookingBoard>(&lene, &[("date", &date), ("view", "uge")]).await).await;
    assert_eq!(status, 200, "{board}");
    let lanes = board["lanes"].as_array().unwrap();
    let lane = lanes.iter().find(|l| l["name"] == "Rum 2 · Havtornen (lukket)").expect("the closed room's lane");
    let blocks: usize = lane["cells"].as_array().unwrap().iter().map(|c| c.as_array().unwrap().len()).sum();
    assert_eq!(blocks, 1, "{lane}");
    assert!(lanes.iter().all(|l| l["name"] != "Rum 2 · Havtornen"), "listed once");
}

#[tokio::test]
async fn the_installations_administrator_sets_up_a_new_centre_from_the_browser() {
    let app = spawn().await;
    let admin = app.signed_in("admin@demo.test").await;
    let centre = [
        ("name", "Samværshuset Åen"),
        ("municipality", "Aarhus Kommune"),
        ("address", "Åboulevarden 2, 8000 Aarhus"),
        ("phone", "87 13 00 00"),
        ("email", "aaen@aarhus.test"),
        ("opening_hours", "Hverdage 8–16"),
    ];
    let (status, id) = json(app.call::<CreateCentre>(&admin, &centre).await).await;
    assert_eq!(status, 200, "{id}");
    let centre_id = id.as_i64().unwrap();
    let cid = centre_id.to_string();
    let (status, body) = json(app.call::<CreateCentre>(&admin, &centre).await).await;
    assert_eq!(
        (status, body),
        (422, j!({"Validation": {"name": ["Der findes allerede et samværscenter med det navn."]}}))
    );

    // A room with two features and weekday hours.
    let f = place_form(&cid, "Rum A", &["toys", "kitchen"], &WEEKDAYS_ONLY);
    let (status, pid) = json(app.call::<SavePlace>(&admin, &pairs(&f)).await).await;
    assert_eq!(status, 200, "{pid}");
    let pid = pid.as_i64().unwrap();
    let hours: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT weekday, opens, closes FROM place_opening_hours WHERE place_id = ? ORDER BY weekday")
            .bind(pid)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let want: Vec<(i64, String, String)> =
        (1..=5).map(|d| (d, "08:00".into(), if d == 5 { "14:00" } else { "16:00" }.into())).collect();
    assert_eq!(hours, want);
    let features: Vec<String> =
        sqlx::query_scalar("SELECT feature FROM place_features WHERE place_id = ? ORDER BY feature")
            .bind(pid)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(features, ["kitchen", "toys"]);

    // Changed: open on Saturday too, no kitchen. The list shows it back.
    let mut week = WEEKDAYS_ONLY;
    week[5] = ("09:00", "13:00");
    let mut f = place_form(&cid, "Rum A", &["toys"], &week);
    f.push(("place".into(), pid.to_string()));
    let (status, body) = json(app.call::<SavePlace>(&admin, &pairs(&f)).await).await;
    assert_eq!(status, 200, "{body}");
    let (status, view) = json(app.call::<ListPlaces>(&admin, &[("centre", &cid)]).await).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["centre"]["name"], "Samværshuset Åen");
    let places = view["places"].as_array().unwrap();
    assert_eq!(places.len(), 1);
    assert_eq!(places[0]["features"], j!(["Toys"]));
    assert_eq!(places[0]["hours"].as_array().unwrap().len(), 6);
    assert_eq!(places[0]["hours"][5], j!({"weekday": 6, "opens": "09:00", "closes": "13:00", "dates": null}));

    // Refused, and nothing changes: closing before opening, a name taken, no open day.
    let places_now = "SELECT COUNT(*) FROM places";
    let n = count(&app, places_now).await;
    let mut bad = WEEKDAYS_ONLY;
    bad[2] = ("16:00", "08:00");
    let cases: [(Vec<(String, String)>, serde_json::Value); 3] = [
        (
            place_form(&cid, "Rum B", &[], &bad),
            j!({"Validation": {"hours": ["Onsdag: stedet skal lukke senere, end det åbner."]}}),
        ),
        (
            place_form(&cid, "rum a", &[], &WEEKDAYS_ONLY),
            j!({"Validation": {"name": ["Der findes allerede et sted med det navn i samværscentret."]}}),
        ),
        (
            place_form(&cid, "Rum B", &[], &[("", ""); 7]),
            j!({"Validation": {"hours": ["Skriv åbningstiden for mindst én ugedag, så stedet kan bookes."]}}),
        ),
    ];
    for (f, want) in cases {
        let (status, body) = json(app.call::<SavePlace>(&admin, &pairs(&f)).await).await;
        assert_eq!((status, body), (422, want));
    }
    assert_eq!(count(&app, places_now).await, n, "no place was added");

    // Staff for the new centre: a coordinator whose scope is that centre.
    let user = [
        ("full_name", "Åse Koordinator"),
        ("email", "aase@aarhus.test"),
        ("role", "coordinator"),
        ("password", "lang-nok-kode"),
        ("centre_id", &cid),
    ];
    let (status, body) = json(app.call::<CreateUser>(&admin, &user).await).await;
    assert_eq!(status, 200, "{body}");
    let at: i64 = sqlx::query_scalar(
        "SELECT s.centre_id FROM staff s JOIN users u ON u.id = s.user_id WHERE u.email = 'aase@aarhus.test'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(at, centre_id);
    let audit =
        "SELECT COUNT(*) FROM audit_log WHERE subject_kind IN ('centre', 'place') AND action IN ('create', 'update')";
    assert_eq!(count(&app, audit).await, 3, "centre created, place created and changed");
}

#[tokio::test]
async fn a_centres_administrator_sets_up_their_own_centre_and_no_other() {
    let app = spawn().await;
    let b = centre_b(&app).await;
    let admin = app.signed_in(b.admin).await;
    let a_centre: i64 = count(&app, "SELECT MIN(id) FROM centres").await;
    let a_place = place(&app, "Rum 1").await;
    let (a, a_place_s) = (a_centre.to_string(), a_place.to_string());

    let (status, view) = json(app.call::<ListCentres>(&admin, &[]).await).await;
    assert_eq!(status, 200);
    let names: Vec<&str> = view["centres"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!((names, &view["may_create"]), (vec!["Samværshuset Havblik"], &j!(false)));

    let centres = count(&app, "SELECT COUNT(*) FROM centres").await;
    let new =
        [("name", "Nyt"), ("municipality", "Havby"), ("address", "Vej 1"), ("phone", "98765432"), ("email", "a@b.dk")];
    assert_eq!(app.call::<CreateCentre>(&admin, &new).await.status(), 403);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM centres").await, centres);
    let mut edit = new.to_vec();
    edit.push(("centre", &a));
    assert_eq!(app.call::<UpdateCentre>(&admin, &edit).await.status(), 404);
    let name: String =
        sqlx::query_scalar("SELECT name FROM centres WHERE id = ?").bind(a_centre).fetch_one(&app.pool).await.unwrap();
    assert_eq!(name, "Samværscentret Fjordlyset");
    assert_eq!(app.call::<ListPlaces>(&admin, &[("centre", &a)]).await.status(), 404);
    assert_eq!(app.call::<ClosePlace>(&admin, &[("place", &a_place_s)]).await.status(), 404);
    assert!(active(&app, a_place).await);
    let mut f = place_form(&a, "Rum X", &[], &WEEKDAYS_ONLY);
    assert_eq!(app.call::<SavePlace>(&admin, &pairs(&f)).await.status(), 404);
    // B's own centre is B's administrator's to edit, but A's place is not found under B's id.
    let own = b.centre_id.to_string();
    f = place_form(&own, "Rum 1 · Solsikken", &[], &WEEKDAYS_ONLY);
    f.push(("place".into(), a_place_s.clone()));
    assert_eq!(app.call::<SavePlace>(&admin, &pairs(&f)).await.status(), 404);
    let a_name: String =
        sqlx::query_scalar("SELECT name FROM places WHERE id = ?").bind(a_place).fetch_one(&app.pool).await.unwrap();
    assert_eq!(a_name, "Rum 1 · Solsikken");
    let mut edit = new.to_vec();
    edit[0] = ("name", "Samværshuset Havblik og Fjord");
    edit.push(("centre", &own));
    assert_eq!(app.call::<UpdateCentre>(&admin, &edit).await.status(), 200);

    // Other roles reach none of it.
    let lene = app.signed_in("koordinator@demo.test").await;
    assert_eq!(app.call::<ListCentres>(&lene, &[]).await.status(), 403);
    assert_eq!(app.call::<ClosePlace>(&lene, &[("place", &a_place_s)]).await.status(), 403);
    assert!(active(&app, a_place).await);
}

#[tokio::test]
async fn a_deactivated_centre_keeps_its_history_and_takes_no_new_bookings_or_referrals() {
    let app = spawn().await;
    let b = centre_b(&app).await;
    let admin = app.signed_in("admin@demo.test").await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let (f1, room) = (family(&app, "F-01").await.to_string(), place(&app, "Rum 2").await.to_string());
    let centre: i64 = count(&app, &format!("SELECT centre_id FROM families WHERE id = {f1}")).await;
    let centre_s = centre.to_string();
    let date = monday(6);

    // A centre's own administrator may not; the installation's may.
    let b_admin = app.signed_in(b.admin).await;
    let close = [("centre", centre_s.as_str()), ("open", "false")];
    assert_eq!(app.call::<SetCentreOpen>(&b_admin, &close).await.status(), 403);
    assert_eq!(count(&app, &format!("SELECT active FROM centres WHERE id = {centre}")).await, 1);
    let (status, body) = json(app.call::<SetCentreOpen>(&admin, &close).await).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = json(app.call::<SetCentreOpen>(&admin, &close).await).await;
    assert_eq!((status, body), (409, j!({"Conflict": "Samværscentret Fjordlyset er allerede lukket."})));

    // No booking, no referral; the history stays.
    let (visits, held) =
        ("SELECT COUNT(*) FROM appointments", "SELECT COUNT(*) FROM appointments WHERE status = 'held'");
    let (before, held_before) = (count(&app, visits).await, count(&app, held).await);
    assert!(held_before > 0);
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f1, &room, "", &date, "10:00")).await).await;
    assert_eq!(
        (status, body),
        (422, j!({"Validation": {"place_id": ["Samværscentret er lukket for nye bookinger."]}}))
    );
    let anders = app.signed_in("raadgiver@demo.test").await;
    let referral = crate::intake::pair(&centre_s);
    let pairs: Vec<(&str, &str)> = referral.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, body) = json(app.call::<app::intake::api::SendReferral>(&anders, &pairs).await).await;
    assert_eq!((status, body), (422, j!({"Validation": {"centre_id": ["Vælg samværscentret."]}})));
    assert_eq!((count(&app, visits).await, count(&app, held).await), (before, held_before));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM referrals").await, 0);

    // Opened again: bookings are taken.
    let open = [("centre", centre_s.as_str()), ("open", "true")];
    assert_eq!(app.call::<SetCentreOpen>(&admin, &open).await.status(), 200);
    let (status, body) = json(app.call::<BookVisit>(&lene, &form(&f1, &room, "", &date, "10:00")).await).await;
    assert_eq!(status, 200, "{body}");
    let audit = "SELECT COUNT(*) FROM audit_log WHERE subject_kind = 'centre' AND action IN ('close', 'open')";
    assert_eq!(count(&app, audit).await, 2);
}

/// A centre runs on its own data: the sign-in page and the header name the centre and its phone
/// from the centres table, not from the code. Before, both said "Samværscentret Fjordlyset" and
/// "72 10 40 00" whatever the centre was called.
#[tokio::test]
async fn the_centre_is_named_from_its_own_data() {
    let app = crate::helpers::spawn().await;
    sqlx::query(
        "UPDATE centres SET name = 'Samværshuset Nord', phone = '70 20 30 40', opening_hours = 'Hverdage 9–14'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    // A closed centre is not offered as a number to call, and does not make the page nameless.
    sqlx::query(
        "INSERT INTO centres (name, municipality, address, phone, email, active) \
         VALUES ('Det lukkede center', 'Fjordby', 'Vej 1', '70 00 00 01', 'x@lukket.test', 0)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let anonymous = crate::helpers::client();
    let page = anonymous.get(format!("{}/logind", app.base)).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    for said in ["Samværshuset Nord", r#"href="tel:+4570203040""#, "70 20 30 40", "Hverdage 9–14"] {
        assert!(html.contains(said), "{said} on the sign-in page");
    }
    assert!(!html.contains("Fjordlyset") && !html.contains("72 10 40 00"), "no centre written into the code");
    assert!(!html.contains("Det lukkede center") && !html.contains("70 00 00 01"), "a closed centre is not listed");
    for email in ["konsulent@demo.test", "mette@demo.test"] {
        let c = app.signed_in(email).await;
        let landing = if email.starts_with("mette") { "/mine-samvaer" } else { "/oversigt" };
        let html = c.get(format!("{}{landing}", app.base)).send().await.unwrap().text().await.unwrap();
        let head = &html[html.find("topbar").unwrap_or(0)..];
        assert!(
            html.contains(r#"class="brand-name">Samværshuset Nord</span>"#),
            "{email}'s header: {}",
            &head[..head.len().min(700)]
        );
    }
}
