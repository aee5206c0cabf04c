//! The young person's own sign-in (issue 13, item 5): the administrator gives a child of 15 an
//! account; the young person sees their own coming visits and nothing of their parents' (no
//! portal, no messages, no case page), withdraws and gives their own consent, and asks for a pause
//! or a talk, which the caseworker reads on the case and the coordinator sees as a notice.

use app::admin::api::{ChildrenWithoutAccount, CreateUser};
use app::cases::api::ReadCase;
use app::channels::api::ChannelThread;
use app::portal::api::{MyContacts, MyVisits};
use app::young::api::{ReadYoungPage, SetYoungConsent, YoungAsk};
use serde_json::json as j;

use crate::case_course::{case_of, scalar};
use crate::helpers::{TestApp, client, json, spawn};

async fn child(app: &TestApp, first: &str) -> String {
    scalar(app, &format!("SELECT id FROM children WHERE first_name = '{first}'")).await.to_string()
}

async fn young_account(app: &TestApp, child_id: &str, email: &str) -> (u16, serde_json::Value) {
    let admin = app.signed_in("admin@demo.test").await;
    let form = [
        ("full_name", "Sofia Christensen"),
        ("email", email),
        ("role", "young"),
        ("password", "lang-nok-kode"),
        ("child_id", child_id),
    ];
    json(app.call::<CreateUser>(&admin, &form).await).await
}

const SOFIA_COMING: &str = "SELECT COUNT(*) FROM appointments a JOIN appointment_children ac ON ac.appointment_id = a.id \
    JOIN children c ON c.id = ac.child_id WHERE c.first_name = 'Sofia' AND a.kind = 'visit' \
    AND a.starts_at >= unixepoch() AND a.starts_at <= unixepoch() + 84 * 86400";
const SOFIA_PLANNED: &str = "SELECT COUNT(*) FROM appointments a JOIN appointment_children ac ON ac.appointment_id = a.id \
    JOIN children c ON c.id = ac.child_id WHERE c.first_name = 'Sofia' AND a.kind = 'visit' AND a.status = 'planned' \
    AND a.starts_at >= unixepoch()";

#[tokio::test]
async fn a_young_person_sees_their_own_visits_and_never_their_parents_pages_or_messages() {
    let app = spawn().await;
    // Under 15: refused, no account.
    let (status, body) = young_account(&app, &child(&app, "Lucas").await, "lucas@demo.test").await;
    assert_eq!(
        (status, body),
        (
            422,
            j!({"Validation": {"child_id": ["Barnet findes ikke i dit center, er under 15 år eller har allerede en konto."]}})
        )
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM users WHERE email = 'lucas@demo.test'").await, 0);
    let admin = app.signed_in("admin@demo.test").await;
    let (_, offered) = json(app.call::<ChildrenWithoutAccount>(&admin, &[]).await).await;
    let offered = offered.to_string();
    assert!(offered.contains("Sofia Christensen") && !offered.contains("Lucas"), "{offered}");

    let (status, id) = young_account(&app, &child(&app, "Sofia").await, "sofia@demo.test").await;
    assert_eq!(status, 200, "{id}");
    let sofia = client();
    let (status, to) = json(app.sign_in(&sofia, "sofia@demo.test", "lang-nok-kode").await).await;
    assert_eq!((status, to), (200, j!("/ung")));
    let (status, page) = json(app.call::<ReadYoungPage>(&sofia, &[]).await).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["first_name"], "Sofia");
    let coming = scalar(&app, SOFIA_COMING).await;
    assert!(coming > 0);
    assert_eq!(page["visits"].as_array().unwrap().len() as i64, coming, "{page}");
    assert_eq!(page["consent"]["in_force"], true, "{page}");

    // Never the parents' portal, messages or contacts, and not the case page.
    for status in [
        app.call::<MyVisits>(&sofia, &[]).await.status(),
        app.call::<MyContacts>(&sofia, &[]).await.status(),
        app.call::<ChannelThread>(&sofia, &[]).await.status(),
    ] {
        assert_eq!(status, 403);
    }
    let (case, _) = case_of(&app, "Sofia").await;
    assert_eq!(app.call::<ReadCase>(&sofia, &[("id", &case.to_string())]).await.status(), 403);
    let html = sofia.get(format!("{}/mine-beskeder", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("class=\"bubble"), "no messages on the page");
    // And a parent or staff member does not reach the young person's page.
    let mother = app.signed_in("mette@demo.test").await;
    assert_eq!(app.call::<ReadYoungPage>(&mother, &[]).await.status(), 403);
}

#[tokio::test]
async fn the_young_person_withdraws_and_gives_consent_and_asks_for_a_pause() {
    let app = spawn().await;
    let (status, _) = young_account(&app, &child(&app, "Sofia").await, "sofia@demo.test").await;
    assert_eq!(status, 200);
    let sofia = client();
    assert_eq!(app.sign_in(&sofia, "sofia@demo.test", "lang-nok-kode").await.status(), 200);
    let planned = scalar(&app, SOFIA_PLANNED).await;
    assert!(planned > 0);

    // Withdrawn: every coming supported visit is cancelled, as by the centre (the parents are not
    // told it was Sofia).
    let (status, n) = json(app.call::<SetYoungConsent>(&sofia, &[("given", "nej")]).await).await;
    assert_eq!((status, n), (200, j!(planned)));
    assert_eq!(scalar(&app, SOFIA_PLANNED).await, 0);
    let by_centre = "SELECT COUNT(*) FROM appointments WHERE status = 'cancelled' AND cancelled_by = 'centre' \
        AND cancel_reason = 'Samtykket til støttet samvær er trukket tilbage.'";
    assert_eq!(scalar(&app, by_centre).await, planned);
    let (status, body) = json(app.call::<SetYoungConsent>(&sofia, &[("given", "nej")]).await).await;
    assert_eq!((status, body), (409, j!({"Conflict": "Der er intet gældende samtykke at trække tilbage."})));
    let (status, _) = json(app.call::<SetYoungConsent>(&sofia, &[("given", "ja")]).await).await;
    assert_eq!(status, 200);
    let (_, page) = json(app.call::<ReadYoungPage>(&sofia, &[]).await).await;
    assert_eq!(page["consent"]["in_force"], true, "{page}");
    let (case, caseworker) = case_of(&app, "Sofia").await;
    let history = "SELECT COUNT(*) FROM case_changes WHERE what IN ('consent_withdrawn', 'consent_given') AND user_id = \
        (SELECT id FROM users WHERE email = 'sofia@demo.test')";
    assert_eq!(scalar(&app, history).await, 2);

    // A pause asked for: kept on the case, a notice without a name, the caseworker reads it.
    let (status, body) = json(app.call::<YoungAsk>(&sofia, &[("kind", "ferie"), ("body", "x")]).await).await;
    assert_eq!(
        (status, body),
        (422, j!({"Validation": {"kind": ["Vælg, om du beder om en pause eller en samtale."]}}))
    );
    let long = "x".repeat(1001);
    assert_eq!(app.call::<YoungAsk>(&sofia, &[("kind", "pause"), ("body", &long)]).await.status(), 422);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM young_requests").await, 0);
    let form = [("kind", "pause"), ("body", "Jeg har eksamen i juni.")];
    assert_eq!(app.call::<YoungAsk>(&sofia, &form).await.status(), 200);
    let notice: String = sqlx::query_scalar("SELECT text FROM case_notices ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(notice, "F-05 (S.): Den unge beder om en pause i samværet.");
    let worker = app.signed_in(&caseworker).await;
    let (_, detail) = json(app.call::<ReadCase>(&worker, &[("id", &case.to_string())]).await).await;
    let requests = detail["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].as_str().unwrap().ends_with(" · Pause: Jeg har eksamen i juni."), "{detail}");
}
