//! Ending a case (issue 13, item 7): closing cancels the child's planned visits (a sibling's
//! visit goes on without the child), leaves held ones alone, makes the case read-only, and with
//! the family's last case its channel links and calendar feeds end; continuing makes a new case
//! linked to the old. A caseworker reaches only their own cases, also by id.

use app::cases::api::{CloseCase, ContinueCase, MyCases, ReadCase};
use app::channels::api::ChannelThread;
use serde_json::json as j;

use crate::calendar::{feed, new_token};
use crate::helpers::{TestApp, json, spawn};
use crate::trust::confirmed_device;

async fn case_of(app: &TestApp, first_name: &str) -> (i64, String) {
    sqlx::query_as(
        "SELECT cs.id, u.email FROM cases cs JOIN children c ON c.id = cs.child_id JOIN users u ON u.id = cs.caseworker_id \
         WHERE c.first_name = ?",
    )
    .bind(first_name)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

const FREJA_COMING: &str = "SELECT COUNT(*) FROM appointments a JOIN appointment_children ac ON ac.appointment_id = a.id \
    JOIN children c ON c.id = ac.child_id WHERE c.first_name = 'Freja' AND a.status = 'planned' AND a.starts_at >= unixepoch()";
const F01_PLANNED: &str = "SELECT COUNT(*) FROM appointments a JOIN families f ON f.id = a.family_id \
    WHERE f.code = 'F-01' AND a.status = 'planned' AND a.starts_at >= unixepoch()";
/// The same without guidance talks: they go with their visit and are not counted apart.
const F01_PLANNED_VISITS_AND_MEETINGS: &str = "SELECT COUNT(*) FROM appointments a JOIN families f ON f.id = a.family_id \
    WHERE f.code = 'F-01' AND a.status = 'planned' AND a.starts_at >= unixepoch() AND a.related_visit_id IS NULL";
const F01_HELD: &str = "SELECT COUNT(*) FROM appointments a JOIN families f ON f.id = a.family_id WHERE f.code = 'F-01' AND a.status = 'held'";

#[tokio::test]
async fn closing_the_cases_cancels_coming_visits_keeps_held_ones_and_ends_links_and_feeds() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let mette = app.signed_in("mette@demo.test").await;
    let token = new_token(&app, &mette).await;
    let (device, _) = confirmed_device(&app, &lene, "mette.anden@demo.test", "30 40 50 99").await;
    assert_eq!(app.call::<ChannelThread>(&device, &[]).await.status(), 200);
    let (freja, oskar) = (case_of(&app, "Freja").await.0.to_string(), case_of(&app, "Oskar").await.0.to_string());
    let (planned, held) = (scalar(&app, F01_PLANNED).await, scalar(&app, F01_HELD).await);
    let top = scalar(&app, F01_PLANNED_VISITS_AND_MEETINGS).await;
    assert!(planned > 0 && held > 0 && scalar(&app, FREJA_COMING).await > 0, "the demo has coming and held visits");

    // Freja's case: the sibling visits go on with Oskar only; nothing is cancelled.
    let form = [("id", freja.as_str()), ("reason", "Freja er flyttet hjem.")];
    let (status, n) = json(app.call::<CloseCase>(&lene, &form).await).await;
    assert_eq!((status, n), (200, j!(0)));
    assert_eq!(scalar(&app, FREJA_COMING).await, 0, "Freja is on no coming appointment");
    assert_eq!(scalar(&app, F01_PLANNED).await, planned, "Oskar's visits stand");
    assert_eq!(feed(&app, &token).await.0, 200, "the family still has an open case");
    // Read-only now: closing again is refused and changes nothing.
    let again = [("id", freja.as_str()), ("reason", "En anden grund.")];
    let (status, body) = json(app.call::<CloseCase>(&lene, &again).await).await;
    assert_eq!((status, body), (409, j!({"Conflict": "Sagen er allerede afsluttet."})));
    let reason: String = sqlx::query_scalar("SELECT closed_reason FROM cases WHERE id = ?")
        .bind(&freja)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(reason, "Freja er flyttet hjem.");

    // Oskar's, the family's last: every coming visit and meeting is cancelled, held ones stay.
    let form = [("id", oskar.as_str()), ("reason", "Oskar er flyttet hjem.")];
    let (status, n) = json(app.call::<CloseCase>(&lene, &form).await).await;
    assert_eq!((status, n), (200, j!(top)));
    assert_eq!(scalar(&app, F01_PLANNED).await, 0);
    assert_eq!(scalar(&app, F01_HELD).await, held);
    let why = "SELECT COUNT(*) FROM appointments a JOIN families f ON f.id = a.family_id WHERE f.code = 'F-01' \
        AND a.status = 'cancelled' AND a.cancelled_by = 'centre' AND a.cancel_reason = 'Sagen er afsluttet: Oskar er flyttet hjem.'";
    assert_eq!(scalar(&app, why).await, planned, "each, guidance talks too, says why");
    assert_eq!(feed(&app, &token).await.0, 404, "the calendar feed ended");
    assert_eq!(app.call::<ChannelThread>(&device, &[]).await.status(), 401, "the channel link ended");

    // The page shows it closed, with its history.
    let (status, d) = json(app.call::<ReadCase>(&lene, &[("id", &oskar)]).await).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["summary"]["status"], "Afsluttet");
    assert!(d["closed"].as_str().unwrap().ends_with(": Oskar er flyttet hjem."), "{d}");
    assert_eq!(d["history"][0]["what"], "Sagen er afsluttet: Oskar er flyttet hjem.");
    assert_eq!(d["history"][0]["who"], "Lene Friis");
}

#[tokio::test]
async fn a_closed_case_is_continued_in_a_new_one_and_caseworkers_reach_only_their_own() {
    let app = spawn().await;
    let (emil, owner) = case_of(&app, "Emil").await;
    let emil_s = emil.to_string();
    let caseworker = app.signed_in(&owner).await;
    let other_email: String =
        sqlx::query_scalar("SELECT email FROM users WHERE role = 'caseworker' AND email <> ? ORDER BY id LIMIT 1")
            .bind(&owner)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let other = app.signed_in(&other_email).await;
    let cases_before = scalar(&app, "SELECT COUNT(*) FROM cases").await;

    // Another caseworker: not found, by id, for reading, closing and continuing; nothing changes.
    assert_eq!(app.call::<ReadCase>(&other, &[("id", &emil_s)]).await.status(), 404);
    let form = [("id", emil_s.as_str()), ("reason", "Ikke min sag.")];
    assert_eq!(app.call::<CloseCase>(&other, &form).await.status(), 404);
    let status: String =
        sqlx::query_scalar("SELECT status FROM cases WHERE id = ?").bind(emil).fetch_one(&app.pool).await.unwrap();
    assert_ne!(status, "closed");
    let (_, list) = json(app.call::<MyCases>(&other, &[]).await).await;
    assert!(list.as_array().unwrap().iter().all(|c| c["id"] != j!(emil)), "{list}");
    // A parent and a consultant reach no case.
    let mette = app.signed_in("mette@demo.test").await;
    assert_eq!(app.call::<ReadCase>(&mette, &[("id", &emil_s)]).await.status(), 403);

    // Continuing an open case is refused; closed, it continues once.
    let period = [("id", emil_s.as_str()), ("from", "2027-02-01"), ("to", "2027-07-31")];
    let (status, body) = json(app.call::<ContinueCase>(&caseworker, &period).await).await;
    assert_eq!((status, body), (409, j!({"Conflict": "Kun en afsluttet sag kan fortsættes i en ny."})));
    let form = [("id", emil_s.as_str()), ("reason", "Ny afgørelse på vej.")];
    assert_eq!(app.call::<CloseCase>(&caseworker, &form).await.status(), 200);
    let bad = [("id", emil_s.as_str()), ("from", "2027-02-01"), ("to", "2027-01-31")];
    let (status, body) = json(app.call::<ContinueCase>(&caseworker, &bad).await).await;
    assert_eq!((status, body), (422, j!({"Validation": {"to": ["Slutdatoen ligger før startdatoen."]}})));
    let (status, new) = json(app.call::<ContinueCase>(&caseworker, &period).await).await;
    assert_eq!(status, 200, "{new}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM cases").await, cases_before + 1);
    let (_, d) = json(app.call::<ReadCase>(&caseworker, &[("id", &new.to_string())]).await).await;
    assert_eq!((&d["previous"], &d["summary"]["status"]), (&j!(emil), &j!("Aktiv")));
    assert_eq!(d["summary"]["period"], "1. februar 2027 – 31. juli 2027");
    let (status, body) = json(app.call::<ContinueCase>(&caseworker, &period).await).await;
    assert_eq!((status, body), (409, j!({"Conflict": "Sagen er allerede fortsat i en ny sag."})));
    let (_, old) = json(app.call::<ReadCase>(&caseworker, &[("id", &emil_s)]).await).await;
    assert_eq!(old["next"], new);
}
