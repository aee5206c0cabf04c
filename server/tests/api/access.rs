//! Every server function checks role and ownership before it touches data.

use app::admin::api::{CreateUser, ListUsers, PersonsWithoutAccount};
use app::cases::api::MyCases;
use app::overview::api::WeekOverview;
use app::portal::api::{MyVisits, Visit};

use crate::helpers::{client, json, spawn};

#[tokio::test]
async fn a_parent_sees_only_their_own_familys_visits() {
    let app = spawn().await;
    let mette = app.signed_in("mette@demo.test").await;
    let own_family: i64 = sqlx::query_scalar("SELECT family_id FROM persons WHERE user_id = ?")
        .bind(app.user_id("mette@demo.test").await)
        .fetch_one(&app.pool)
        .await
        .unwrap();

    let (status, body) = json(app.call::<MyVisits>(&mette, &[]).await).await;
    assert_eq!(status, 200);
    let next = &body["next"];
    assert!(next["when"].as_str().unwrap().contains(" kl. "), "{next}");
    let mut ids: Vec<i64> = body["others"].as_array().unwrap().iter().map(|v| v["id"].as_i64().unwrap()).collect();
    ids.push(next["id"].as_i64().unwrap());
    for id in &ids {
        let family: i64 = sqlx::query_scalar("SELECT family_id FROM appointments WHERE id = ?")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(family, own_family, "visit {id} belongs to the parent's family");
    }

    let own_id = ids[0].to_string();
    let (status, own) = json(app.call::<Visit>(&mette, &[("id", &own_id)]).await).await;
    assert_eq!(status, 200, "{own}");
    assert_eq!(own["summary"]["id"].as_i64(), Some(ids[0]));
}

#[tokio::test]
async fn a_parent_asking_for_another_familys_visit_by_id_gets_404_and_no_data() {
    let app = spawn().await;
    let mette = app.signed_in("mette@demo.test").await;
    let (other_id, other_child): (i64, String) = sqlx::query_as(
        "SELECT a.id, c.first_name FROM appointments a JOIN appointment_children ac ON ac.appointment_id = a.id \
         JOIN children c ON c.id = ac.child_id JOIN families f ON f.id = a.family_id WHERE f.code = 'F-03' LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let res = app.call::<Visit>(&mette, &[("id", &other_id.to_string())]).await;
    let status = res.status().as_u16();
    let body = res.text().await.unwrap();
    assert_eq!(status, 404);
    assert_eq!(body, "\"NotFound\"");
    assert!(!body.contains(&other_child));
    // A made-up id and a malformed one are refused the same way, with no internal text.
    assert_eq!(app.call::<Visit>(&mette, &[("id", "999999")]).await.status(), 404);
    let (status, bad) = json(app.call::<Visit>(&mette, &[("id", "1 OR 1=1")]).await).await;
    assert_eq!(status, 422, "{bad}");
    assert_eq!(bad["Validation"]["_"][0], "Noget i formularen mangler eller er forkert. Tjek felterne, og prøv igen.");
}

#[tokio::test]
async fn staff_pages_and_functions_are_closed_to_parents_and_anonymous_callers() {
    let app = spawn().await;
    assert_eq!(app.call::<MyVisits>(&client(), &[]).await.status(), 401);
    assert_eq!(app.call::<WeekOverview>(&client(), &[]).await.status(), 401);
    let mette = app.signed_in("mette@demo.test").await;
    assert_eq!(app.call::<WeekOverview>(&mette, &[]).await.status(), 403);
    assert_eq!(app.call::<MyCases>(&mette, &[]).await.status(), 403);
    let consultant = app.signed_in("konsulent@demo.test").await;
    assert_eq!(app.call::<MyVisits>(&consultant, &[]).await.status(), 403);
}

#[tokio::test]
async fn a_caseworker_sees_only_their_own_cases() {
    let app = spawn().await;
    let me = app.user_id("raadgiver@demo.test").await;
    let c = app.signed_in("raadgiver@demo.test").await;
    let (status, body) = json(app.call::<MyCases>(&c, &[]).await).await;
    assert_eq!(status, 200);
    let got: Vec<i64> = body.as_array().unwrap().iter().map(|v| v["id"].as_i64().unwrap()).collect();
    let own: Vec<i64> = sqlx::query_scalar("SELECT id FROM cases WHERE caseworker_id = ? ORDER BY id")
        .bind(me)
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let all: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases").fetch_one(&app.pool).await.unwrap();
    assert!(!own.is_empty() && (own.len() as i64) < all, "the demo spreads cases over caseworkers");
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(sorted, own);
}

#[tokio::test]
async fn a_consultant_cannot_call_admin_functions() {
    let app = spawn().await;
    let c = app.signed_in("konsulent@demo.test").await;
    assert_eq!(app.call::<ListUsers>(&c, &[]).await.status(), 403);
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.pool).await.unwrap();
    let res = app
        .call::<CreateUser>(
            &c,
            &[("full_name", "Ny Admin"), ("email", "ny@demo.test"), ("role", "admin"), ("password", "lang-nok-kode")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.pool).await.unwrap();
    assert_eq!(before, after);

    let admin = app.signed_in("admin@demo.test").await;
    assert_eq!(app.call::<ListUsers>(&admin, &[]).await.status(), 200);
    let (status, body) = json(
        app.call::<CreateUser>(
            &admin,
            &[("full_name", "Ny Kollega"), ("email", "kort@demo.test"), ("role", "consultant"), ("password", "kort")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["Validation"]["password"][0], "Adgangskoden skal være mindst 10 tegn.");
    let created = app
        .call::<CreateUser>(
            &admin,
            &[
                ("full_name", "Ny Kollega"),
                ("email", "ny@demo.test"),
                ("role", "consultant"),
                ("password", "lang-nok-kode"),
                ("employment", "hourly"),
            ],
        )
        .await;
    assert_eq!(created.status(), 200);
    // A consultant joins the centre's staff as hourly, so booking and staffing know her.
    let (employment, centre): (String, i64) = sqlx::query_as(
        "SELECT s.employment, s.centre_id FROM staff s JOIN users u ON u.id = s.user_id WHERE u.email = 'ny@demo.test'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((employment.as_str(), centre), ("hourly", 1));
    let parent = [
        ("full_name", "Ny Forælder"),
        ("email", "forælder@demo.test"),
        ("role", "parent"),
        ("password", "lang-nok-kode"),
        ("employment", "hourly"),
        ("person_id", "1"),
    ];
    let (status, body) = json(app.call::<CreateUser>(&admin, &parent).await).await;
    assert_eq!(
        (status, body["Validation"]["employment"][0].clone()),
        (422, serde_json::json!("Vælg fast eller timelønnet (kun for konsulenter).")),
        "hourly is for consultants: {body}"
    );
}

#[tokio::test]
async fn an_administrator_gives_a_familys_parent_an_account_and_the_parent_sees_the_family() {
    let app = spawn().await;
    let b = crate::fixtures::centre_b(&app).await;
    let (person, family): (i64, i64) = sqlx::query_as(
        "SELECT p.id, p.family_id FROM persons p JOIN families f ON f.id = p.family_id WHERE p.user_id IS NULL \
         AND f.centre_id = 1 AND EXISTS (SELECT 1 FROM children c JOIN cases k ON k.child_id = c.id \
         WHERE c.family_id = f.id AND k.status = 'active') \
         AND EXISTS (SELECT 1 FROM child_relations r WHERE r.person_id = p.id AND r.relation = 'mother') ORDER BY p.id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let person_s = person.to_string();
    let form = |email: &'static str, person: &str| {
        vec![
            ("full_name", "Ny Forælder".to_string()),
            ("email", email.to_string()),
            ("role", "parent".to_string()),
            ("password", "lang-nok-kode".to_string()),
            ("phone", "20 11 22 33".to_string()),
            ("person_id", person.to_string()),
        ]
    };
    let call = |c, f: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            json(app.call::<CreateUser>(c, &f).await).await
        }
    };
    let users = "SELECT COUNT(*) FROM users";
    let before: i64 = sqlx::query_scalar(users).fetch_one(&app.pool).await.unwrap();

    // The list offers the person to the installation's administrator, not to centre B's.
    let admin = app.signed_in("admin@demo.test").await;
    let other = app.signed_in(b.admin).await;
    let (status, list) = json(app.call::<PersonsWithoutAccount>(&admin, &[]).await).await;
    assert_eq!(status, 200);
    assert!(list.as_array().unwrap().iter().any(|p| p[0] == person), "{list}");
    let (status, list) = json(app.call::<PersonsWithoutAccount>(&other, &[]).await).await;
    assert_eq!(status, 200);
    assert!(list.as_array().unwrap().iter().all(|p| p[0] != person), "{list}");

    // No person named, or another centre's: refused, and no account is made.
    let (status, body) = call(&admin, form("ny.foraelder@demo.test", "")).await;
    assert_eq!(
        (status, body),
        (422, serde_json::json!({"Validation": {"person_id": ["Vælg den forælder i familien, kontoen er til."]}}))
    );
    // A grandmother in the family's network is no parent: no parent's account.
    let birthe: i64 =
        sqlx::query_scalar("SELECT id FROM persons WHERE first_name = 'Birthe'").fetch_one(&app.pool).await.unwrap();
    let (status, body) = call(&admin, form("ny.foraelder@demo.test", &birthe.to_string())).await;
    assert_eq!((status, body["Validation"]["person_id"].is_array()), (422, true), "{body}");
    let (status, list) = json(app.call::<PersonsWithoutAccount>(&admin, &[]).await).await;
    assert_eq!(status, 200);
    assert!(list.as_array().unwrap().iter().all(|p| p[0] != birthe), "{list}");
    let (status, body) = call(&other, form("ny.foraelder@demo.test", &person_s)).await;
    let refused = serde_json::json!({"Validation": {"person_id": ["Forælderen findes ikke i dit center eller har allerede en konto."]}});
    assert_eq!((status, body), (422, refused.clone()));
    assert_eq!(sqlx::query_scalar::<_, i64>(users).fetch_one(&app.pool).await.unwrap(), before);

    let (status, id) = call(&admin, form("ny.foraelder@demo.test", &person_s)).await;
    assert_eq!(status, 200, "{id}");
    let (linked, phone): (Option<i64>, Option<String>) =
        sqlx::query_as("SELECT p.user_id, u.phone FROM persons p LEFT JOIN users u ON u.id = p.user_id WHERE p.id = ?")
            .bind(person)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((linked, phone.as_deref()), (id.as_i64(), Some("20 11 22 33")));
    // The parent signs in and sees their family's visits.
    let parent = client();
    assert_eq!(app.sign_in(&parent, "ny.foraelder@demo.test", "lang-nok-kode").await.status(), 200);
    let (status, visits) = json(app.call::<MyVisits>(&parent, &[]).await).await;
    assert_eq!(status, 200);
    let next = visits["next"]["id"].as_i64().expect("the family has a coming visit");
    let of: i64 = sqlx::query_scalar("SELECT family_id FROM appointments WHERE id = ?")
        .bind(next)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(of, family);
    // One account per person.
    let (status, body) = call(&admin, form("tredje@demo.test", &person_s)).await;
    assert_eq!((status, body), (422, refused));
    assert_eq!(sqlx::query_scalar::<_, i64>(users).fetch_one(&app.pool).await.unwrap(), before + 1);
}

#[tokio::test]
async fn an_hourly_consultant_sees_only_the_visits_they_staff() {
    let app = spawn().await;
    let me = app.user_id("timelonnet@demo.test").await;
    let c = app.signed_in("timelonnet@demo.test").await;
    let (status, body) = json(app.call::<WeekOverview>(&c, &[]).await).await;
    assert_eq!(status, 200);
    assert_eq!(body["only_mine"], true);
    let mut seen = 0;
    for day in body["week"].as_array().unwrap() {
        for v in day["visits"].as_array().unwrap() {
            seen += 1;
            let staffed: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM appointment_staff WHERE appointment_id = ? AND user_id = ?")
                    .bind(v["id"].as_i64().unwrap())
                    .bind(me)
                    .fetch_one(&app.pool)
                    .await
                    .unwrap();
            assert_eq!(staffed, 1);
        }
    }
    // The demo staffs her every week: the check above ran.
    assert!(seen > 0, "{body}");
}
