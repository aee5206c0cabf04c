//! The child's voice (issue 13, item 5): a pause at the child's request (§ 103) cancels the
//! visits in it like a suspension and is refused over 8 weeks with nothing changed; the support
//! person is recorded with its history and shown to the consultant on the child's visits.

use app::booking::board::api::StaffAppointment;
use app::cases::api::{AddDecision, EndDecision, ReadCase, SetSupportPerson};
use chrono::{Days, Utc};
use serde_json::json as j;

use crate::case_course::{case_of, scalar};
use crate::helpers::{json, spawn};

const LUCAS_PLANNED: &str = "SELECT COUNT(*) FROM appointments a JOIN appointment_children ac ON ac.appointment_id = a.id \
    JOIN children c ON c.id = ac.child_id WHERE c.first_name = 'Lucas' AND a.status = 'planned' AND a.kind = 'visit'";

#[tokio::test]
async fn a_pause_at_the_childs_request_cancels_its_visits_and_lasts_at_most_eight_weeks() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let (case, _) = case_of(&app, "Lucas").await;
    let id = case.to_string();
    let today = app::time::today(Utc::now());
    let (from, to) = (today.to_string(), (today + Days::new(55)).to_string());
    let planned = scalar(&app, LUCAS_PLANNED).await;
    let inside = scalar(
        &app,
        &format!(
            "{LUCAS_PLANNED} AND a.starts_at >= unixepoch() AND date(a.starts_at, 'unixepoch', 'localtime') <= '{to}'"
        ),
    )
    .await;
    assert!(inside > 0 && planned > inside, "Lucas has visits inside the pause and after it");
    let decisions = format!("SELECT COUNT(*) FROM case_decisions WHERE case_id = {case} AND kind = 'child_pause'");

    // 57 days: refused by name, nothing changed.
    let long = (today + Days::new(56)).to_string();
    let form = [
        ("id", id.as_str()),
        ("kind", "child_pause"),
        ("from", &from),
        ("to", &long),
        ("note", "Lucas vil holde pause."),
    ];
    let (status, body) = json(app.call::<AddDecision>(&lene, &form).await).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["Validation"]["to"][0].as_str().unwrap(),
        format!(
            "En pause efter barnets ønske kan højst vare 8 uger (§ 103): til og med {} senest.",
            app::time::date(today + Days::new(55))
        )
    );
    assert_eq!((scalar(&app, &decisions).await, scalar(&app, LUCAS_PLANNED).await), (0, planned));

    // 56 days: the visits in it are cancelled with plain words, the rest stand.
    let form = [
        ("id", id.as_str()),
        ("kind", "child_pause"),
        ("from", &from),
        ("to", &to),
        ("note", "Lucas vil holde pause."),
    ];
    let (status, n) = json(app.call::<AddDecision>(&lene, &form).await).await;
    assert_eq!((status, n), (200, j!(inside)));
    assert_eq!(scalar(&app, LUCAS_PLANNED).await, planned - inside);
    let why = "SELECT COUNT(*) FROM appointments WHERE status = 'cancelled' \
        AND cancel_reason = 'Samværet holder pause i en periode. Rådgiveren fortæller jer mere.'";
    assert_eq!(scalar(&app, why).await, inside);
    let (_, detail) = json(app.call::<ReadCase>(&lene, &[("id", &id)]).await).await;
    let pause = detail["decisions"].as_array().unwrap().iter().find(|d| d["kind"] == "ChildPause").cloned();
    assert_eq!(pause.map(|p| p["state"].clone()), Some(j!("Gælder nu")), "{detail}");
    // Prolonged past 8 weeks: refused, the end stays.
    let decision =
        scalar(&app, &format!("SELECT id FROM case_decisions WHERE case_id = {case} AND kind = 'child_pause'"))
            .await
            .to_string();
    let form = [("id", id.as_str()), ("decision", &decision), ("to", &long)];
    assert_eq!(app.call::<EndDecision>(&lene, &form).await.status(), 422);
    let end: String = sqlx::query_scalar("SELECT valid_to FROM case_decisions WHERE id = ?")
        .bind(&decision)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(end, to);
    // A second pause the day after the first ends would make 8 weeks and more in a row: refused,
    // nothing added. With a day between, it is a new pause.
    let (next_from, next_to) = ((today + Days::new(56)).to_string(), (today + Days::new(60)).to_string());
    let form =
        [("id", id.as_str()), ("kind", "child_pause"), ("from", &next_from), ("to", &next_to), ("note", "Igen.")];
    let (status, body) = json(app.call::<AddDecision>(&lene, &form).await).await;
    assert_eq!(status, 422);
    assert!(
        body["Validation"]["to"][0].as_str().unwrap().starts_with("Pausen hænger sammen med en anden pause"),
        "{body}"
    );
    assert_eq!(scalar(&app, &decisions).await, 1);
    let (gap_from, gap_to) = ((today + Days::new(57)).to_string(), (today + Days::new(60)).to_string());
    let form = [("id", id.as_str()), ("kind", "child_pause"), ("from", &gap_from), ("to", &gap_to), ("note", "Igen.")];
    assert_eq!(app.call::<AddDecision>(&lene, &form).await.status(), 200);
    assert_eq!(scalar(&app, &decisions).await, 2);
}

#[tokio::test]
async fn the_support_person_is_kept_with_its_history_and_shown_on_the_childs_visits() {
    let app = spawn().await;
    let (case, caseworker) = case_of(&app, "Lucas").await;
    let id = case.to_string();
    let anders = app.signed_in(&caseworker).await;
    let form = [("id", id.as_str()), ("support_person", " Lone  Jensen, 20 30 40 50 ")];
    assert_eq!(app.call::<SetSupportPerson>(&anders, &form).await.status(), 200);
    let (_, detail) = json(app.call::<ReadCase>(&anders, &[("id", &id)]).await).await;
    assert_eq!(detail["support_person"], "Lone Jensen, 20 30 40 50");
    let history = detail["history"].to_string();
    assert!(history.contains("Støtteperson: ingen → Lone Jensen, 20 30 40 50"), "{history}");
    // The same again, or too long: refused, nothing changed.
    let (status, body) = json(app.call::<SetSupportPerson>(&anders, &form).await).await;
    assert_eq!(
        (status, body),
        (422, j!({"Validation": {"support_person": ["Det er allerede det, der står om støttepersonen."]}}))
    );
    let long = "x".repeat(201);
    let form = [("id", id.as_str()), ("support_person", long.as_str())];
    assert_eq!(app.call::<SetSupportPerson>(&anders, &form).await.status(), 422);
    // A consultant cannot set it, and another caseworker does not find the case.
    let karen = app.signed_in("konsulent@demo.test").await;
    let form = [("id", id.as_str()), ("support_person", "Nogen andre")];
    assert_eq!(app.call::<SetSupportPerson>(&karen, &form).await.status(), 403);
    let other = if caseworker == "pia.lund@demo.test" { "raadgiver@demo.test" } else { "pia.lund@demo.test" };
    let other = app.signed_in(other).await;
    assert_eq!(app.call::<SetSupportPerson>(&other, &form).await.status(), 404);
    let kept: String = sqlx::query_scalar("SELECT support_person FROM cases WHERE id = ?")
        .bind(case)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(kept, "Lone Jensen, 20 30 40 50");

    // The consultant sees it on Lucas's next visit.
    let next = scalar(&app, &format!("{LUCAS_PLANNED} AND a.starts_at > unixepoch()")).await;
    assert!(next > 0);
    let visit: i64 = sqlx::query_scalar(
        "SELECT a.id FROM appointments a JOIN appointment_children ac ON ac.appointment_id = a.id JOIN children c \
         ON c.id = ac.child_id WHERE c.first_name = 'Lucas' AND a.status = 'planned' AND a.starts_at > unixepoch() \
         ORDER BY a.starts_at LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (status, appt) = json(app.call::<StaffAppointment>(&karen, &[("id", &visit.to_string())]).await).await;
    assert_eq!(status, 200);
    assert_eq!(appt["support"], j!(["Lucas' støtteperson: Lone Jensen, 20 30 40 50"]));
}
