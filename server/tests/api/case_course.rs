//! Ending a case (issue 13, item 7): closing cancels the child's planned visits (a sibling's
//! visit goes on without the child), leaves held ones alone, makes the case read-only, and with
//! the family's last case its channel links and calendar feeds end; continuing makes a new case
//! linked to the old. A caseworker reaches only their own cases, also by id. A withdrawn consent
//! cancels the coming supported visits it no longer covers (item 2).

use app::cases::api::{CloseCase, ContinueCase, MyCases, ReadCase, RecordConsent};
use app::channels::api::ChannelThread;
use serde_json::json as j;

use crate::calendar::{feed, new_token};
use crate::helpers::{TestApp, json, spawn};
use crate::trust::confirmed_device;

pub(crate) async fn case_of(app: &TestApp, first_name: &str) -> (i64, String) {
    sqlx::query_as(
        "SELECT cs.id, u.email FROM cases cs JOIN children c ON c.id = cs.child_id JOIN users u ON u.id = cs.caseworker_id \
         WHERE c.first_name = ?",
    )
    .bind(first_name)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

pub(crate) async fn scalar(app: &TestApp, sql: &str) -> i64 {
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

const F07_HELD: &str = "SELECT COUNT(*) FROM appointments a JOIN families f ON f.id = a.family_id WHERE f.code = 'F-07' AND a.status = 'held'";

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
        AND a.status = 'cancelled' AND a.cancelled_by = 'centre' AND a.cancel_reason = 'Sagen er afsluttet.'";
    assert_eq!(scalar(&app, why).await, planned, "each, guidance talks too, says why, without the reason");
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
    // A parent, a consultant and an administrator reach no case.
    for who in ["mette@demo.test", "konsulent@demo.test", "admin@demo.test"] {
        let c = app.signed_in(who).await;
        assert_eq!(app.call::<ReadCase>(&c, &[("id", &emil_s)]).await.status(), 403, "{who}");
    }

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
    // The consents in force and the decisions reaching into the new period come along.
    let in_force = |case: String| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM consents WHERE case_id = ? AND withdrawn_on IS NULL")
                .bind(case)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let carried = in_force(new.to_string()).await;
    assert!(carried > 0, "Emil's supported case had consents");
    assert_eq!(carried, in_force(emil_s.clone()).await);
    let (_, d) = json(app.call::<ReadCase>(&caseworker, &[("id", &new.to_string())]).await).await;
    assert_eq!((&d["previous"], &d["summary"]["status"]), (&j!(emil), &j!("Aktiv")));
    assert_eq!(d["summary"]["period"], "1. februar 2027 – 31. juli 2027");
    let (status, body) = json(app.call::<ContinueCase>(&caseworker, &period).await).await;
    assert_eq!((status, body), (409, j!({"Conflict": "Sagen er allerede fortsat i en ny sag."})));
    let (_, old) = json(app.call::<ReadCase>(&caseworker, &[("id", &emil_s)]).await).await;
    assert_eq!(old["next"], new);
}

/// A case's coming planned supported visits: (id, local date), in time order.
pub(crate) async fn coming_supported(app: &TestApp, code: &str) -> Vec<(i64, chrono::NaiveDate)> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT a.id, a.starts_at FROM appointments a JOIN families f ON f.id = a.family_id WHERE f.code = ? \
         AND a.kind = 'visit' AND a.visit_type = 'supported' AND a.status = 'planned' AND a.starts_at >= unixepoch() \
         ORDER BY a.starts_at",
    )
    .bind(code)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    rows.into_iter().map(|(id, at)| (id, app::time::local(app::time::from_unix(at)).date_naive())).collect()
}

#[tokio::test]
async fn a_withdrawn_consent_cancels_the_coming_supported_visits_it_no_longer_covers_and_no_others() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let victor = case_of(&app, "Victor").await.0.to_string();
    let (_, d) = json(app.call::<ReadCase>(&lene, &[("id", &victor)]).await).await;
    let lines = d["consents"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "one custody holder, Victor is under 15: {d}");
    assert_eq!(lines[0]["in_force"], true);
    let party = lines[0]["party"].as_str().unwrap().to_string();
    let coming = coming_supported(&app, "F-07").await;
    assert!(coming.len() >= 3, "{coming:?}");
    let held = scalar(&app, F07_HELD).await;

    // Withdrawn from the second coming visit's day: the first stays, the rest are cancelled.
    let on = coming[1].1.to_string();
    let form = [("id", victor.as_str()), ("party", party.as_str()), ("given", "false"), ("on", on.as_str())];
    let (status, n) = json(app.call::<RecordConsent>(&lene, &form).await).await;
    assert_eq!((status, n), (200, j!(coming.len() - 1)));
    assert_eq!(coming_supported(&app, "F-07").await, coming[..1].to_vec());
    assert_eq!(scalar(&app, F07_HELD).await, held, "held visits are left alone");
    let reason: String = sqlx::query_scalar("SELECT cancel_reason FROM appointments WHERE id = ?")
        .bind(coming[1].0)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(reason, "Samtykket til støttet samvær er trukket tilbage.");
    // The staff's notice names no one.
    let notice: String = sqlx::query_scalar("SELECT text FROM case_notices WHERE case_id = ?")
        .bind(&victor)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let date = app::time::date(coming[1].1);
    let n = coming.len() - 1;
    assert_eq!(
        notice,
        format!("F-07 (V.): Samtykke til støttet samvær trukket tilbage fra {date}. {n} samvær aflyst.")
    );
    let (_, d) = json(app.call::<ReadCase>(&lene, &[("id", &victor)]).await).await;
    assert_eq!(d["consents"][0]["in_force"], true, "in force until the day it ends: {d}");
    assert!(d["history"][0]["what"].as_str().unwrap().starts_with("Samtykke trukket tilbage: "), "{d}");

    // Nothing left to withdraw; a party who is not a custody holder; Victor himself (under 15).
    let (status, body) = json(app.call::<RecordConsent>(&lene, &form).await).await;
    assert_eq!((status, body), (409, j!({"Conflict": "Der er intet gældende samtykke at trække tilbage."})));
    for who in ["p999999", "barn"] {
        let bad = [("id", victor.as_str()), ("party", who), ("given", "true"), ("on", on.as_str())];
        let (status, body) = json(app.call::<RecordConsent>(&lene, &bad).await).await;
        let want = j!({"Validation": {"party": ["Vælg en forældremyndighedsindehaver eller den unge selv."]}});
        assert_eq!((status, body), (422, want), "{who}");
    }
    // Given again: in force, and a consultant cannot record one.
    let again = [("id", victor.as_str()), ("party", party.as_str()), ("given", "true"), ("on", on.as_str())];
    assert_eq!(app.call::<RecordConsent>(&lene, &again).await.status(), 200);
    let karen = app.signed_in("konsulent@demo.test").await;
    assert_eq!(app.call::<RecordConsent>(&karen, &again).await.status(), 403);
    let in_force: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM consents WHERE case_id = ? AND withdrawn_on IS NULL")
        .bind(&victor)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(in_force, 1);
}

#[tokio::test]
async fn a_withdrawn_consent_for_one_sibling_takes_only_that_child_off_the_shared_visits() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let carl = case_of(&app, "Carl").await.0.to_string();
    let (_, d) = json(app.call::<ReadCase>(&lene, &[("id", &carl)]).await).await;
    let party = d["consents"][0]["party"].as_str().unwrap().to_string();
    let coming = coming_supported(&app, "F-12").await;
    assert!(!coming.is_empty());
    let today = app::time::today(chrono::Utc::now()).to_string();
    let form = [("id", carl.as_str()), ("party", party.as_str()), ("given", "false"), ("on", today.as_str())];
    let (status, n) = json(app.call::<RecordConsent>(&lene, &form).await).await;
    assert_eq!((status, n), (200, j!(0)), "Lily still comes to every visit");
    assert_eq!(coming_supported(&app, "F-12").await, coming);
    let carl_on: i64 = scalar(
        &app,
        "SELECT COUNT(*) FROM appointments a JOIN appointment_children ac ON ac.appointment_id = a.id \
         JOIN children c ON c.id = ac.child_id WHERE c.first_name = 'Carl' AND a.kind = 'visit' \
         AND a.status = 'planned' AND a.starts_at >= unixepoch()",
    )
    .await;
    assert_eq!(carl_on, 0, "Carl is taken off");
}
