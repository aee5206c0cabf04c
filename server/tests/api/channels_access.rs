//! Who may use a channel and for how long: a link sent by SMS gets its code by e-mail, parallel
//! wrong codes never get more than five tries, codes expire, access ends with the account or the
//! case, hourly consultants read only the families they staff, and what was delivered is wiped.

use app::channels::api::{
    AddChannel, ChannelInbox, ChannelThread, CreateLink, OpenLink, PostMessage, SendCode, VerifyCode,
};
use tokio::task::JoinSet;

use crate::helpers::{TestApp, client, json, spawn, spawn_with};

async fn family_channel(app: &TestApp, code: &str) -> String {
    crate::channels::family_channel(app, code).await.to_string()
}

async fn person_of(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar::<_, i64>("SELECT p.id FROM persons p JOIN users u ON u.id = p.user_id WHERE u.email = ?")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap()
        .to_string()
}

fn token_in(text: &str) -> String {
    let start = text.find("/k/").unwrap() + 3;
    text[start..start + 43].to_string()
}

async fn nth_mail(app: &TestApp, to: &str, needle: &str, n: usize) -> String {
    crate::channels::nth_mail_to(app, n, to, needle).await
}

async fn mail_with(app: &TestApp, to: &str, needle: &str) -> String {
    crate::channels::mail_to(app, to, needle).await
}

fn code_in(text: &str) -> String {
    let start = text.find("er ").unwrap() + 3;
    text[start..start + 6].to_string()
}

/// A link for Mette sent by SMS, and a fresh device that asked for its code.
async fn link_by_sms(app: &TestApp) -> (String, reqwest::Client) {
    let lene = app.signed_in("koordinator@demo.test").await;
    let (f01, mette) = (family_channel(app, "F-01").await, person_of(app, "mette@demo.test").await);
    let fields = [("channel_id", f01.as_str()), ("person_id", &mette), ("via", "sms")];
    let (status, body) = json(app.call::<CreateLink>(&lene, &fields).await).await;
    assert_eq!(status, 200, "{body}");
    let token = token_in(&app.sms_to("30 40 50 60", "/k/").await);
    let device = client();
    let (status, to) = json(app.call::<SendCode>(&device, &[("token", &token)]).await).await;
    assert_eq!(status, 200, "{to}");
    assert!(to.as_str().unwrap().contains('@'), "the code goes by e-mail: {to}");
    (token, device)
}

#[tokio::test]
async fn a_link_sent_by_sms_gets_its_code_by_e_mail_and_parallel_wrong_codes_get_five_tries() {
    let app = spawn().await;
    let (token, device) = link_by_sms(&app).await;
    let code = code_in(&mail_with(&app, "mette@demo.test", "Din kode").await);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    // Twelve wrong codes at the same moment: five are counted, the link locks, the rest refused.
    let mut set = JoinSet::new();
    for _ in 0..12 {
        let (base, token) = (app.base.clone(), token.clone());
        set.spawn(async move {
            let c = client();
            c.post(format!("{base}{}", crate::helpers::path::<VerifyCode>()))
                .header(reqwest::header::ORIGIN, &base)
                .form(&[("token", token.as_str()), ("code", wrong)])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut statuses = Vec::new();
    while let Some(status) = set.join_next().await {
        statuses.push(status.unwrap());
    }
    // Five are told the code is wrong (422), the other seven that the link is locked (409).
    statuses.sort_unstable();
    assert_eq!(statuses, [vec![409; 7], vec![422; 5]].concat());
    let (attempts, locked): (i64, Option<i64>) =
        sqlx::query_as("SELECT code_attempts, locked_at FROM channel_links ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(attempts <= 5 && locked.is_some(), "attempts {attempts}, locked {locked:?}");
    let (status, body) = json(app.call::<VerifyCode>(&device, &[("token", &token), ("code", &code)]).await).await;
    assert_eq!(status, 409, "locked: even the right code is refused: {body}");
    assert!(body.to_string().contains("spærret"), "{body}");
}

#[tokio::test]
async fn an_expired_code_is_refused_and_a_new_one_works_once() {
    let app = spawn().await;
    let (token, device) = link_by_sms(&app).await;
    let code = code_in(&mail_with(&app, "mette@demo.test", "Din kode").await);
    // Eleven minutes later.
    sqlx::query("UPDATE channel_links SET code_expires_at = code_expires_at - 660").execute(&app.pool).await.unwrap();
    let (status, body) = json(app.call::<VerifyCode>(&device, &[("token", &token), ("code", &code)]).await).await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("udløbet"), "{body}");
    let (status, _) = json(app.call::<SendCode>(&device, &[("token", &token)]).await).await;
    assert_eq!(status, 200);
    let fresh = code_in(&nth_mail(&app, "mette@demo.test", "Din kode", 2).await);
    let (status, _) = json(app.call::<VerifyCode>(&device, &[("token", &token), ("code", &fresh)]).await).await;
    assert_eq!(status, 200);
    let (status, _) = json(app.call::<VerifyCode>(&client(), &[("token", &token), ("code", &fresh)]).await).await;
    assert_eq!(status, 422, "a code is used once");
    // What was delivered (links, codes) is not kept: only the delivery state.
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE state = 'sent' AND length(body) > 0")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(kept, 0);
    // The confirmation is audited under the link; Mette has an account, so the code signed her in
    // and her reading is audited under her own name.
    let (status, _) = json(app.call::<ChannelThread>(&device, &[]).await).await;
    assert_eq!(status, 200);
    let mette = app.user_id("mette@demo.test").await;
    let audited: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM audit_log WHERE action = 'device_confirmed' AND actor_link_id IS NOT NULL), \
         (SELECT COUNT(*) FROM audit_log WHERE action = 'open' AND subject_kind = 'channel' AND actor_user_id = ?)",
    )
    .bind(mette)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, (1, 1));
}

#[tokio::test]
async fn access_ends_with_the_account_and_with_the_case() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    // Hanne on the placement's channel of F-03, confirmed on her phone.
    let f03 = family_channel(&app, "F-03").await;
    let (status, placement) =
        json(app.call::<AddChannel>(&lene, &[("channel_id", f03.as_str()), ("title", "Plejefamilien")]).await).await;
    assert_eq!(status, 200, "{placement}");
    let placement = placement.to_string();
    let fields = [("channel_id", placement.as_str()), ("name", "Hanne Strand"), ("email", "hanne@pleje.test")];
    assert_eq!(app.call::<CreateLink>(&lene, &fields).await.status(), 200);
    let token = token_in(&mail_with(&app, "hanne@pleje.test", "/k/").await);
    let hanne = client();
    json(app.call::<SendCode>(&hanne, &[("token", &token)]).await).await;
    let code = code_in(&mail_with(&app, "hanne@pleje.test", "Din kode").await);
    assert_eq!(app.call::<VerifyCode>(&hanne, &[("token", &token), ("code", &code)]).await.status(), 200);
    assert_eq!(app.call::<ChannelThread>(&hanne, &[]).await.status(), 200);
    // She has no account: her opening is audited under her link.
    let opened: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'open' AND actor_user_id IS NULL AND actor_link_id = \
         (SELECT max(id) FROM channel_links)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(opened, 1);
    // The family's cases are closed: the device is out and the link says access has ended.
    sqlx::query(
        "UPDATE cases SET status = 'closed' WHERE child_id IN (SELECT c.id FROM children c JOIN families f \
         ON f.id = c.family_id WHERE f.code = 'F-03')",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(app.call::<ChannelThread>(&hanne, &[]).await.status(), 401);
    let (_, state) = json(app.call::<OpenLink>(&client(), &[("token", &token)]).await).await;
    assert!(state["Closed"]["why"].as_str().unwrap().contains("adgang er ophørt"), "{state}");
    let page = client().get(format!("{}/kanal", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Åbn linket igen"), "a device without a confirmed link gets a Danish page");

    // Mette's account is deactivated: no new link for her, and no notice of new messages.
    let f01 = family_channel(&app, "F-01").await;
    sqlx::query("UPDATE users SET active = 0 WHERE email = 'mette@demo.test'").execute(&app.pool).await.unwrap();
    let mette = person_of(&app, "mette@demo.test").await;
    let (status, body) =
        json(app.call::<CreateLink>(&lene, &[("channel_id", f01.as_str()), ("person_id", &mette)]).await).await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("adgang er ophørt"), "{body}");
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE recipient = 'mette@demo.test'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    json(app.call::<PostMessage>(&lene, &[("channel_id", &f01), ("text", "Til familien")]).await).await;
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE recipient = 'mette@demo.test'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn an_hourly_consultant_reads_only_the_families_she_staffs() {
    let app = spawn().await;
    let signe = app.signed_in("timelonnet@demo.test").await;
    let (status, inbox) = json(app.call::<ChannelInbox>(&signe, &[]).await).await;
    assert_eq!(status, 200, "{inbox}");
    let signe_id = app.user_id("timelonnet@demo.test").await;
    let staffed: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT f.code FROM appointment_staff s JOIN appointments a ON a.id = s.appointment_id \
         JOIN families f ON f.id = a.family_id WHERE s.user_id = ?",
    )
    .bind(signe_id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let titles: Vec<&str> = inbox.as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap()).collect();
    assert!(!titles.is_empty());
    assert!(titles.iter().all(|t| staffed.iter().any(|code| t.starts_with(code.as_str()))), "{titles:?}");
    // A family she never staffs: its channel is not found, and she cannot write in it.
    let other: String = sqlx::query_scalar(
        "SELECT f.code FROM families f WHERE NOT EXISTS (SELECT 1 FROM appointments a JOIN appointment_staff s \
         ON s.appointment_id = a.id WHERE a.family_id = f.id AND s.user_id = ?) ORDER BY f.code LIMIT 1",
    )
    .bind(signe_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let channel = family_channel(&app, &other).await;
    assert_eq!(app.call::<ChannelThread>(&signe, &[("id", &channel)]).await.status(), 404);
    let res = app.call::<PostMessage>(&signe, &[("channel_id", &channel), ("text", "Hej")]).await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn wrong_codes_from_one_address_are_limited() {
    let settings = app::context::Settings { sign_in_max_per_address: 3, ..Default::default() };
    let app = spawn_with(settings).await;
    let (token, device) = link_by_sms(&app).await;
    let code = code_in(&mail_with(&app, "mette@demo.test", "Din kode").await);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    // Sending the code counted as one attempt from this address; two wrong codes make three.
    for _ in 0..2 {
        assert_eq!(app.call::<VerifyCode>(&device, &[("token", &token), ("code", wrong)]).await.status(), 422);
    }
    let res = app.call::<VerifyCode>(&device, &[("token", &token), ("code", &code)]).await;
    assert_eq!(res.status(), 429, "the address is limited before the link locks");
}
