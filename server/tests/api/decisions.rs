//! Decisions and terms over time (issue 13, item 2): a § 105 suspension cancels the coming visits
//! in its period and no others, a new secret-address decision hides the placement from the
//! parents in the same request, changed terms keep old → new in the history and cancel what the
//! new terms leave out, and the coordinator and the family's consultant get a notice.

use app::cases::api::{AddDecision, ChangeTerms, EndDecision, ReadCase};
use app::overview::api::WeekOverview;
use app::portal::api::MyContacts;
use serde_json::json as j;

use crate::calendar::{feed, new_token};
use crate::case_course::{case_of, coming_supported, scalar};
use crate::helpers::{TestApp, json, spawn};

async fn decisions_of(app: &TestApp, case: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM case_decisions WHERE case_id = ?")
        .bind(case)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn notices(app: &TestApp, c: &reqwest::Client) -> Vec<String> {
    let (status, o) = json(app.call::<WeekOverview>(c, &[]).await).await;
    assert_eq!(status, 200, "{o}");
    o["case_notices"].as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_suspension_cancels_the_coming_visits_in_its_period_only_and_tells_the_staff() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let victor = case_of(&app, "Victor").await.0.to_string();
    let coming = coming_supported(&app, "F-07").await;
    assert!(coming.len() >= 3, "{coming:?}");
    let day = coming[1].1.to_string();

    // Suspended for the second coming visit's day only.
    let form =
        [("id", victor.as_str()), ("kind", "suspension"), ("from", &day), ("to", &day), ("note", "Udvalget 1/12")];
    let (status, n) = json(app.call::<AddDecision>(&lene, &form).await).await;
    assert_eq!((status, n), (200, j!(1)));
    let left: Vec<_> = coming.iter().filter(|(id, _)| *id != coming[1].0).copied().collect();
    assert_eq!(coming_supported(&app, "F-07").await, left);
    let (by, reason): (String, String) =
        sqlx::query_as("SELECT cancelled_by, cancel_reason FROM appointments WHERE id = ?")
            .bind(coming[1].0)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (by.as_str(), reason.as_str()),
        ("centre", "Kommunen har besluttet, at der ikke skal være samvær i en periode.")
    );

    // The case's page and history, and the overview's notice for the coordinator.
    let (_, d) = json(app.call::<ReadCase>(&lene, &[("id", &victor)]).await).await;
    assert_eq!(d["decisions"][0]["kind"], "Suspension", "{d}");
    assert_eq!(d["decisions"][0]["note"], "Udvalget 1/12");
    assert!(
        d["history"][0]["what"].as_str().unwrap().starts_with("Ny afgørelse: Suspension af samvær (§ 105), "),
        "{d}"
    );
    let said = notices(&app, &lene).await;
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].starts_with("F-07 (V.): Ny afgørelse: Suspension af samvær (§ 105), "), "{said:?}");
    assert!(said[0].ends_with(". 1 samvær aflyst."), "{said:?}");
    // The family's consultant sees it; another consultant does not.
    let theirs: String = sqlx::query_scalar(
        "SELECT u.email FROM families f JOIN users u ON u.id = f.consultant_id WHERE f.code = 'F-07'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let other: String = sqlx::query_scalar(
        "SELECT email FROM users u JOIN staff s ON s.user_id = u.id WHERE u.role = 'consultant' AND u.email <> ? \
         AND s.employment = 'permanent' ORDER BY u.id LIMIT 1",
    )
    .bind(&theirs)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(notices(&app, &app.signed_in(&theirs).await).await, said);
    assert_eq!(notices(&app, &app.signed_in(&other).await).await, Vec::<String>::new());

    // The same kind over an overlapping period is refused and stores nothing.
    let before = decisions_of(&app, &victor).await;
    let (status, body) = json(app.call::<AddDecision>(&lene, &form).await).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["Validation"]["from"][0].as_str().unwrap().starts_with("Der er allerede en afgørelse om suspension"));
    assert_eq!(decisions_of(&app, &victor).await, before);
    // A period that ends before it starts; an unknown kind.
    let back =
        [("id", victor.as_str()), ("kind", "suspension"), ("from", "2027-02-02"), ("to", "2027-02-01"), ("note", "")];
    let (status, body) = json(app.call::<AddDecision>(&lene, &back).await).await;
    let want =
        j!({"Validation": {"to": ["Afgørelsen slutter, før den begynder. Vælg en slutdato efter startdatoen."]}});
    assert_eq!((status, body), (422, want));
    let odd = [("id", victor.as_str()), ("kind", "grounded"), ("from", &day), ("to", &day), ("note", "")];
    assert_eq!(app.call::<AddDecision>(&lene, &odd).await.status(), 422);
    assert_eq!(decisions_of(&app, &victor).await, before);

    // Prolonged over the third visit: it is cancelled too.
    let id = d["decisions"][0]["id"].to_string();
    let to = coming[2].1.to_string();
    let form = [("id", victor.as_str()), ("decision", id.as_str()), ("to", to.as_str())];
    let (status, n) = json(app.call::<EndDecision>(&lene, &form).await).await;
    assert_eq!((status, n), (200, j!(1)));
    assert_eq!(coming_supported(&app, "F-07").await.len(), coming.len() - 2);
    // A consultant may not record decisions; nothing changes.
    let karen = app.signed_in("konsulent@demo.test").await;
    let later = [("id", victor.as_str()), ("kind", "secret_address"), ("from", &day), ("to", &day), ("note", "")];
    assert_eq!(app.call::<AddDecision>(&karen, &later).await.status(), 403);
    assert_eq!(decisions_of(&app, &victor).await, before);
}

#[tokio::test]
async fn a_secret_address_decision_hides_the_placement_from_the_parents_in_the_same_request() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let mette = app.signed_in("mette@demo.test").await;
    let token = new_token(&app, &mette).await;
    let page = |c: reqwest::Client| {
        let url = format!("{}/kontakt", app.base);
        async move { c.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let (_, c) = json(app.call::<MyContacts>(&mette, &[]).await).await;
    assert_eq!(c["placements"].as_array().unwrap().len(), 1, "{c}");
    assert!(page(mette.clone()).await.contains("Hanne Holm"), "the placement is shown before");

    let freja = case_of(&app, "Freja").await.0.to_string();
    let today = app::time::today(chrono::Utc::now()).to_string();
    let form =
        [("id", freja.as_str()), ("kind", "secret_address"), ("from", &today), ("to", "2030-12-31"), ("note", "")];
    let (status, n) = json(app.call::<AddDecision>(&lene, &form).await).await;
    assert_eq!((status, n), (200, j!(0)), "a secret address cancels no visit");

    let (_, c) = json(app.call::<MyContacts>(&mette, &[]).await).await;
    assert_eq!(c["placements"], j!([]), "{c}");
    let html = page(mette.clone()).await;
    assert!(html.contains("Kontakt") && !html.contains("Hanne Holm") && !html.contains("Skovbrynet"), "{html}");
    let (status, ics) = feed(&app, &token).await;
    assert_eq!(status, 200);
    assert!(!ics.contains("Hanne Holm") && !ics.contains("Skovbrynet"));
    let (_, d) = json(app.call::<ReadCase>(&lene, &[("id", &freja)]).await).await;
    assert_eq!(d["decisions"][0]["state"], "Gælder nu", "{d}");
}

#[tokio::test]
async fn changed_terms_keep_old_and_new_and_cancel_what_the_new_terms_leave_out() {
    let app = spawn().await;
    let (victor, owner) = case_of(&app, "Victor").await;
    let victor = victor.to_string();
    let caseworker = app.signed_in(&owner).await;
    let coming = coming_supported(&app, "F-07").await;
    assert!(coming.len() >= 3, "{coming:?}");
    let (_, d) = json(app.call::<ReadCase>(&caseworker, &[("id", &victor)]).await).await;
    let t = d["terms"].clone();
    let (from, freq, minutes) =
        (t["from"].as_str().unwrap().to_string(), t["frequency_weeks"].to_string(), t["visit_minutes"].to_string());
    let conditions = t["conditions"].as_str().unwrap().to_string();
    // The period now ends the day before the second coming visit.
    let to = coming[1].1.pred_opt().unwrap().to_string();
    let form = |visit_type: &'static str, to: String, minutes: String| {
        let base = [("id", victor.clone()), ("visit_type", visit_type.to_string()), ("from", from.clone()), ("to", to)];
        let rest = [("frequency_weeks", freq.clone()), ("visit_minutes", minutes), ("conditions", conditions.clone())];
        base.into_iter().chain(rest).collect::<Vec<(&str, String)>>()
    };
    let call = |f: Vec<(&'static str, String)>| {
        let c = caseworker.clone();
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            json(app.call::<ChangeTerms>(&c, &pairs).await).await
        }
    };
    let (status, n) = call(form("supported", to.clone(), minutes.clone())).await;
    assert_eq!((status, n), (200, j!(coming.len() - 1)));
    assert_eq!(coming_supported(&app, "F-07").await, coming[..1].to_vec());
    let by: String = sqlx::query_scalar("SELECT cancelled_by FROM appointments WHERE id = ?")
        .bind(coming[1].0)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(by, "caseworker");
    let (_, d) = json(app.call::<ReadCase>(&caseworker, &[("id", &victor)]).await).await;
    let what = d["history"][0]["what"].as_str().unwrap();
    assert!(what.starts_with("Afgørelsen er ændret: Periode: ") && what.contains(" → "), "{what}");
    assert_eq!(d["terms"]["to"], j!(to));

    // Nothing changed, a length over 8 hours: refused, the terms stay.
    let (status, body) = call(form("supported", to.clone(), minutes.clone())).await;
    assert_eq!((status, body), (409, j!({"Conflict": "Intet er ændret: afgørelsen er den samme som før."})));
    let (status, body) = call(form("supported", to.clone(), "600".into())).await;
    let want = j!({"Validation": {"visit_minutes": ["Et samvær varer mellem 15 og 480 minutter (8 timer)."]}});
    assert_eq!((status, body), (422, want));
    let stored = scalar(&app, &format!("SELECT visit_minutes FROM cases WHERE id = {victor}")).await;
    assert_eq!(stored.to_string(), minutes);

    // Supervised from now: the last supported visit cannot go on as booked.
    let (status, n) = call(form("supervised", to.clone(), minutes.clone())).await;
    assert_eq!((status, n), (200, j!(1)));
    assert_eq!(coming_supported(&app, "F-07").await, vec![]);
    // A parent changes nothing.
    let louise = app.signed_in("louise@demo.test").await;
    let pairs: Vec<(&str, String)> = form("supported", to.clone(), minutes.clone());
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call::<ChangeTerms>(&louise, &pairs).await.status(), 403);
    let kind: String = sqlx::query_scalar("SELECT visit_type FROM cases WHERE id = ?")
        .bind(&victor)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(kind, "supervised");
}
