//! Referral and intake (issue 13, item 1): a caseworker refers a sibling pair, the coordinator
//! asks back and accepts, which creates exactly one family with one case per child (or nothing
//! when any part is wrong), and the kick-off meeting can be booked at once. A coordinator enters a
//! case directly for a caseworker without an account.

use app::booking::api::BookVisit;
use app::cases::api::ReadCase;
use app::intake::api::{AcceptReferral, AnswerReferral, AskReferral, EnterCase, ReadReferral, Referrals, SendReferral};
use serde_json::json as j;

use crate::booking::{form, monday, place};
use crate::case_course::scalar;
use crate::helpers::{TestApp, json, spawn};

/// A sibling pair in one foster family, their mother with custody, supported visits.
pub(crate) fn pair(centre: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: &str| f.push((k.to_string(), v.to_string()));
    put("referral[centre_id]", centre);
    for (i, (first, birth)) in [("Sofie", "2018-03-01"), ("Malte", "2020-06-15")].iter().enumerate() {
        put(&format!("referral[children][{i}][first_name]"), first);
        put(&format!("referral[children][{i}][last_name]"), "Holm");
        put(&format!("referral[children][{i}][birth_date]"), birth);
        put(&format!("referral[children][{i}][placement]"), "A");
    }
    // An empty third row, as the form sends it.
    put("referral[children][2][first_name]", "");
    put("referral[children][2][birth_date]", "");
    put("referral[placements][0][kind]", "foster_family");
    put("referral[placements][0][name]", "Plejefamilien Bak");
    put("referral[placements][0][contact_name]", "Plejemor Rikke Bak");
    put("referral[placements][0][phone]", "20 30 40 50");
    put("referral[persons][0][first_name]", "Jannie");
    put("referral[persons][0][last_name]", "Holm");
    put("referral[persons][0][relation]", "mother");
    put("referral[persons][0][custody]", "on");
    put("referral[persons][1][first_name]", "Bent");
    put("referral[persons][1][last_name]", "Holm");
    put("referral[persons][1][relation]", "grandparent");
    put("referral[decision][visit_type]", "supported");
    put("referral[decision][from]", "2026-12-01");
    put("referral[decision][to]", "2027-05-31");
    put("referral[decision][frequency_weeks]", "2");
    put("referral[decision][visit_minutes]", "120");
    put("referral[decision][purpose]", "At børnene bevarer kontakten til deres mor.");
    put("referral[decision][document_ref]", "SAG-2026-4411");
    f
}

fn with(mut f: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    f.retain(|(k, _)| k != key);
    f.push((key.to_string(), value.to_string()));
    f
}

async fn call<F: server_fn::ServerFn>(
    app: &TestApp,
    c: &reqwest::Client,
    f: &[(String, String)],
) -> (u16, serde_json::Value) {
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    json(app.call::<F>(c, &pairs).await).await
}

const COUNTS: &str = "SELECT (SELECT COUNT(*) FROM families) * 1000000 + (SELECT COUNT(*) FROM children) * 10000 \
    + (SELECT COUNT(*) FROM persons) * 100 + (SELECT COUNT(*) FROM cases)";

#[tokio::test]
async fn a_referred_sibling_pair_accepted_makes_one_family_with_a_case_each() {
    let app = spawn().await;
    let anders = app.signed_in("raadgiver@demo.test").await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let centre = scalar(
        &app,
        "SELECT centre_id FROM staff s JOIN users u ON u.id = s.user_id WHERE u.email = 'koordinator@demo.test'",
    )
    .await;
    let before = scalar(&app, COUNTS).await;

    let (status, id) = call::<SendReferral>(&app, &anders, &pair(&centre.to_string())).await;
    assert_eq!(status, 200, "{id}");
    let id = id.to_string();
    assert_eq!(scalar(&app, COUNTS).await, before, "a referral alone makes no family");
    let (_, list) = json(app.call::<Referrals>(&lene, &[]).await).await;
    assert_eq!(list[0]["status"], "Ny", "{list}");
    assert_eq!(list[0]["children"], "Sofie (8 år), Malte (6 år)");

    // Asked and answered.
    let (status, _) =
        json(app.call::<AskReferral>(&lene, &[("id", &id), ("text", "Hvem henter børnene?")]).await).await;
    assert_eq!(status, 200);
    let (_, v) = json(app.call::<ReadReferral>(&anders, &[("id", &id)]).await).await;
    assert_eq!((v["item"]["status"].clone(), v["may_answer"].clone()), (j!("Spurgt"), j!(true)), "{v}");
    let (status, _) =
        json(app.call::<AnswerReferral>(&anders, &[("id", &id), ("text", "Plejemor kører dem.")]).await).await;
    assert_eq!(status, 200);
    // Another caseworker, a consultant: not theirs.
    let other = app.signed_in("pia.lund@demo.test").await;
    assert_eq!(app.call::<ReadReferral>(&other, &[("id", &id)]).await.status(), 404);
    let karen = app.signed_in("konsulent@demo.test").await;
    assert_eq!(app.call::<AcceptReferral>(&karen, &[("id", &id), ("consultant_id", "")]).await.status(), 403);

    let karen_id = app.user_id("konsulent@demo.test").await.to_string();
    let (status, family) =
        json(app.call::<AcceptReferral>(&lene, &[("id", &id), ("consultant_id", &karen_id)]).await).await;
    assert_eq!(status, 200, "{family}");
    assert_eq!(scalar(&app, COUNTS).await, before + 1_000_000 + 2 * 10_000 + 2 * 100 + 2);
    let family = family.as_i64().unwrap();
    let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT c.first_name, cs.visit_type, cs.caseworker_id, cs.document_ref FROM cases cs \
         JOIN children c ON c.id = cs.child_id WHERE c.family_id = ? ORDER BY c.birth_date",
    )
    .bind(family)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let anders_id = app.user_id("raadgiver@demo.test").await;
    let want = |n: &str| (n.to_string(), "supported".to_string(), anders_id, "SAG-2026-4411".to_string());
    assert_eq!(rows, vec![want("Sofie"), want("Malte")]);
    let custody = scalar(&app, &format!("SELECT COUNT(*) FROM child_relations r JOIN children c ON c.id = r.child_id WHERE c.family_id = {family} AND r.custody_holder = 1")).await;
    assert_eq!(custody, 2, "the mother holds custody of both; the grandfather of neither");
    // Accepting twice is refused and makes nothing more.
    let (status, body) = json(app.call::<AcceptReferral>(&lene, &[("id", &id), ("consultant_id", "")]).await).await;
    assert_eq!((status, body), (409, j!({"Conflict": "Henvisningen er allerede modtaget."})));
    assert_eq!(scalar(&app, COUNTS).await, before + 1_020_202);

    // The caseworker sees the cases; the kick-off meeting can be booked at once.
    let (_, v) = json(app.call::<ReadReferral>(&anders, &[("id", &id)]).await).await;
    assert_eq!(v["cases"].as_array().unwrap().len(), 2, "{v}");
    let case = v["cases"][0][0].to_string();
    let (status, d) = json(app.call::<ReadCase>(&anders, &[("id", &case)]).await).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(
        (d["document_ref"].as_str(), d["purpose"].as_str()),
        (Some("SAG-2026-4411"), Some("At børnene bevarer kontakten til deres mor."))
    );
    assert_eq!(d["history"][0]["what"], "Sagen er oprettet: henvisningen er modtaget", "{d}");
    let (family, room, date) = (family.to_string(), place(&app, "Rum 2").await.to_string(), monday(7));
    let mut booking = form(&family, &room, &karen_id, &date, "09:00");
    booking.push(("kind", "kickoff_meeting"));
    let (status, body) = json(app.call::<BookVisit>(&lene, &booking).await).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_referral_with_any_part_wrong_stores_nothing() {
    let app = spawn().await;
    let anders = app.signed_in("raadgiver@demo.test").await;
    let centre = scalar(&app, "SELECT id FROM centres ORDER BY id LIMIT 1").await.to_string();
    let before = (scalar(&app, COUNTS).await, scalar(&app, "SELECT COUNT(*) FROM referrals").await);
    let cases = [
        (
            with(pair(&centre), "referral[children][1][birth_date]", "2030-01-01"),
            "child-1-birth",
            "Maltes fødselsdato ligger i fremtiden.",
        ),
        (
            with(pair(&centre), "referral[decision][to]", "2026-11-01"),
            "to",
            "Afgørelsen slutter, før den begynder. Vælg en slutdato efter startdatoen.",
        ),
        (
            with(pair(&centre), "referral[persons][0][custody]", ""),
            "person-0-custody",
            "Støttet samvær kræver samtykke fra forældremyndighedsindehaveren: markér, hvem der har forældremyndigheden.",
        ),
        (with(pair(&centre), "referral[centre_id]", "999999"), "centre_id", "Vælg samværscentret."),
    ];
    let mut tried = 0;
    for (f, field, message) in cases {
        // An unchecked box is not sent at all.
        let f: Vec<_> = f.into_iter().filter(|(k, v)| !(k.ends_with("[custody]") && v.is_empty())).collect();
        let (status, body) = call::<SendReferral>(&app, &anders, &f).await;
        assert_eq!((status, body), (422, j!({"Validation": {field: [message]}})));
        tried += 1;
    }
    assert_eq!(tried, 4);
    assert_eq!((scalar(&app, COUNTS).await, scalar(&app, "SELECT COUNT(*) FROM referrals").await), before);
    // A parent cannot refer.
    let mette = app.signed_in("mette@demo.test").await;
    assert_eq!(call::<SendReferral>(&app, &mette, &pair(&centre)).await.0, 403);
}

#[tokio::test]
async fn a_coordinator_enters_a_case_for_a_caseworker_without_an_account() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let centre = scalar(
        &app,
        "SELECT centre_id FROM staff s JOIN users u ON u.id = s.user_id WHERE u.email = 'koordinator@demo.test'",
    )
    .await
    .to_string();
    let users = scalar(&app, "SELECT COUNT(*) FROM users").await;
    let mut f = with(pair(&centre), "caseworker_id", "ny");
    for (k, v) in [
        ("full_name", "Ole Dahl"),
        ("email", "ole.dahl@kommune.test"),
        ("phone", "72 36 00 00"),
        ("municipality", "Slagelse"),
    ] {
        f.push((format!("new_caseworker[{k}]"), v.to_string()));
    }
    f.push(("consultant_id".into(), String::new()));
    // The e-mail of an existing account: refused, nothing made.
    let taken = with(f.clone(), "new_caseworker[email]", "raadgiver@demo.test");
    let before = scalar(&app, COUNTS).await;
    let (status, body) = call::<EnterCase>(&app, &lene, &taken).await;
    let want = "Den e-mail kan ikke bruges til en ny rådgiver. Vælg rådgiveren på listen, eller skriv en anden e-mail.";
    assert_eq!((status, body), (422, j!({"Validation": {"new-caseworker-email": [want]}})));
    assert_eq!((scalar(&app, COUNTS).await, scalar(&app, "SELECT COUNT(*) FROM users").await), (before, users));

    let (status, id) = call::<EnterCase>(&app, &lene, &f).await;
    assert_eq!(status, 200, "{id}");
    assert_eq!(scalar(&app, COUNTS).await, before + 1_020_202);
    let (role, hash): (String, Option<String>) =
        sqlx::query_as("SELECT role, password_hash FROM users WHERE email = 'ole.dahl@kommune.test'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((role.as_str(), hash), ("caseworker", None), "a contact who cannot sign in");
    let (_, v) = json(app.call::<ReadReferral>(&lene, &[("id", &id.to_string())]).await).await;
    assert_eq!(v["item"]["status"], "Modtaget", "{v}");
    assert_eq!(v["item"]["caseworker"], "Ole Dahl");
}
