//! Secure channels over HTTP with a real local SMTP sink: texts encrypted at rest, notices with a
//! link and nothing else, links stored as hashes that need a one-time code, lock after five wrong
//! codes, expire, can be revoked, and reach only their own channel.

use app::channels::api::{
    AddChannel, ChannelInbox, ChannelThread, CreateLink, OpenLink, PostMessage, RequestSignIn, RevokeLink, SendCode,
    VerifyCode,
};
use app::channels::{ChannelId, MessageId};
use reqwest::header;

use crate::helpers::{TestApp, client, contains, json, spawn};

/// The own thread of a family's first parent with an account (else its first person; for F-01:
/// Mette's), checked to be in the coordinator's inbox.
pub(crate) async fn family_channel(app: &TestApp, code: &str) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "SELECT c.id FROM channels c JOIN persons p ON p.id = c.person_id JOIN families f ON f.id = p.family_id \
         WHERE f.code = ? ORDER BY p.user_id IS NULL, p.id LIMIT 1",
    )
    .bind(code)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let lene = app.signed_in("koordinator@demo.test").await;
    let (status, inbox) = json(app.call::<ChannelInbox>(&lene, &[]).await).await;
    assert_eq!(status, 200, "{inbox}");
    assert!(inbox.as_array().unwrap().iter().any(|c| c["id"] == id), "{inbox}");
    id
}

/// Waits for the sink to hold `nth` mails to `to` containing `needle`, and returns the nth.
pub(crate) async fn nth_mail_to(app: &TestApp, nth: usize, to: &str, needle: &str) -> String {
    for _ in 0..100 {
        let found = app
            .mail
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m.contains(&format!("To: {to}")) && m.contains(needle))
            .nth(nth - 1)
            .cloned();
        if let Some(m) = found {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no mail {nth} to {to} with {needle:?}: {:?}", app.mail.lock().unwrap());
}

pub(crate) async fn mail_to(app: &TestApp, to: &str, needle: &str) -> String {
    nth_mail_to(app, 1, to, needle).await
}

pub(crate) fn after<'a>(text: &'a str, marker: &str) -> &'a str {
    let start = text.find(marker).map(|i| i + marker.len()).unwrap_or_else(|| panic!("{marker} in {text}"));
    text[start..].split(|c: char| c.is_whitespace()).next().unwrap()
}

#[tokio::test]
async fn messages_are_encrypted_at_rest_and_notices_carry_only_a_link() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f01 = family_channel(&app, "F-01").await.to_string();
    let secret = "Freja må gerne tage sin cykel med på lørdag";
    let (status, id) = json(app.call::<PostMessage>(&lene, &[("channel_id", &f01), ("text", secret)]).await).await;
    assert_eq!(status, 200, "{id}");

    let mail = mail_to(&app, "mette@demo.test", "Du har en ny besked").await;
    assert!(mail.contains("Du har en ny besked fra samv") && mail.contains("/mine-beskeder"), "{mail}");
    for leak in ["cykel", "Freja", "Oskar", "Nielsen"] {
        assert!(!mail.contains(leak), "the notice holds {leak}: {mail}");
    }
    assert!(!contains(&app.database_bytes(), "cykel"), "the text is not in the database file in clear");

    // Mette reads it in her portal; the centre then sees it was read.
    let mette = app.signed_in("mette@demo.test").await;
    let (status, thread) = json(app.call::<ChannelThread>(&mette, &[]).await).await;
    assert_eq!(status, 200, "{thread}");
    assert_eq!(thread["messages"][0]["text"], secret);
    let (_, reply) =
        json(app.call::<PostMessage>(&mette, &[("channel_id", &f01), ("text", "Tak, det gør hun")]).await).await;
    assert!(reply.is_i64());
    let (_, inbox) = json(app.call::<ChannelInbox>(&lene, &[]).await).await;
    let unread =
        inbox.as_array().unwrap().iter().find(|c| c["id"] == f01.parse::<i64>().unwrap()).unwrap()["unread"].as_i64();
    assert_eq!(unread, Some(1));
    let (_, staff_view) = json(app.call::<ChannelThread>(&lene, &[("id", &f01)]).await).await;
    assert!(staff_view["messages"][0]["read"].as_str().unwrap().starts_with("Læst "), "{staff_view}");

    // A correction is a new version; the old one stays, marked.
    let first = staff_view["messages"][0]["id"].to_string();
    let fixed =
        [("channel_id", f01.as_str()), ("text", "Freja må gerne tage cyklen med"), ("corrects", first.as_str())];
    let (status, _) = json(app.call::<PostMessage>(&lene, &fixed).await).await;
    assert_eq!(status, 200);
    let (status, _) = json(app.call::<PostMessage>(&mette, &fixed).await).await;
    assert_eq!(status, 403, "only the author corrects");
    let (_, after_fix) = json(app.call::<ChannelThread>(&lene, &[("id", &f01)]).await).await;
    let msgs = after_fix["messages"].as_array().unwrap();
    assert_eq!(msgs.len(), 3);
    assert_eq!(msgs[0]["corrected"], true);
    assert_eq!(msgs[0]["text"], secret, "the old version is kept");
    assert_eq!(msgs[2]["is_correction"], true);
    let opened: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'open' AND subject_kind = 'channel'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(opened >= 3, "every opening is logged");
}

#[tokio::test]
async fn nobody_reads_another_familys_channel_by_changing_an_id() {
    let app = spawn().await;
    let f02 = family_channel(&app, "F-02").await.to_string();
    let mette = app.signed_in("mette@demo.test").await;
    let (status, body) = json(app.call::<ChannelThread>(&mette, &[("id", &f02)]).await).await;
    assert_eq!(status, 404, "{body}");
    let (status, _) = json(app.call::<PostMessage>(&mette, &[("channel_id", &f02), ("text", "hej")]).await).await;
    assert_eq!(status, 404);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 0, "nothing stored");
    let (status, _) = json(app.call::<ChannelInbox>(&mette, &[]).await).await;
    assert_eq!(status, 403, "parents have no inbox");
    let anders = app.signed_in("raadgiver@demo.test").await;
    let (status, _) = json(app.call::<ChannelThread>(&anders, &[("id", &f02)]).await).await;
    assert_eq!(status, 403, "caseworkers use a participant channel's link");
    let (status, _) = json(app.call::<ChannelThread>(&client(), &[("id", &f02)]).await).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_link_needs_its_code_locks_after_five_wrong_and_reaches_only_its_channel() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f03 = family_channel(&app, "F-03").await.to_string();
    let (status, placement) =
        json(app.call::<AddChannel>(&lene, &[("channel_id", &f03), ("title", "Plejefamilien Strand")]).await).await;
    assert_eq!(status, 200, "{placement}");
    let placement = placement.to_string();
    let fields = [("channel_id", placement.as_str()), ("name", "Hanne Strand"), ("email", "hanne@pleje.test")];
    let (status, body) = json(app.call::<CreateLink>(&lene, &fields).await).await;
    assert_eq!(status, 200, "{body}");
    let invite = mail_to(&app, "hanne@pleje.test", "/k/").await;
    let token = after(&invite, "/k/").to_string();
    assert_eq!(token.len(), 43, "256 random bits");
    assert!(!contains(&app.database_bytes(), &token), "only the token's hash is stored");
    json(app.call::<PostMessage>(&lene, &[("channel_id", &placement), ("text", "Kun til plejefamilien")]).await).await;

    // A forwarded link alone is not enough.
    let stranger = client();
    let (_, state) = json(app.call::<OpenLink>(&stranger, &[("token", &token)]).await).await;
    assert!(state.get("NeedsCode").is_some(), "{state}");
    let (status, _) = json(app.call::<ChannelThread>(&stranger, &[]).await).await;
    assert_eq!(status, 401);

    // Five wrong codes lock the link; then even the right one is refused.
    let (status, _) = json(app.call::<SendCode>(&stranger, &[("token", &token)]).await).await;
    assert_eq!(status, 200);
    let code_mail = mail_to(&app, "hanne@pleje.test", "Din kode").await;
    let code = after(&code_mail, "er ").trim_end_matches('.').to_string();
    assert_eq!(code.len(), 6, "{code_mail}");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for i in 1..=5 {
        let (status, body) = json(app.call::<VerifyCode>(&stranger, &[("token", &token), ("code", wrong)]).await).await;
        assert_eq!(status, 422, "{i}: {body}");
        if i == 5 {
            assert!(body.to_string().contains("spærret"), "{body}");
        }
    }
    let (status, body) = json(app.call::<VerifyCode>(&stranger, &[("token", &token), ("code", &code)]).await).await;
    assert_eq!(status, 409, "locked: {body}");
    assert!(body.to_string().contains("spærret"), "{body}");
    let (_, state) = json(app.call::<OpenLink>(&stranger, &[("token", &token)]).await).await;
    assert!(state["Closed"]["why"].as_str().unwrap().contains("spærret"), "{state}");
    // A link holder who chose English is told the same in English.
    let english = |path: &'static str, form: Vec<(&'static str, String)>| {
        reqwest::Client::new()
            .post(format!("{}{path}", app.base))
            .header(reqwest::header::ORIGIN, &app.base)
            .header(reqwest::header::COOKIE, "samvaer_sprog=en")
            .form(&form)
            .send()
    };
    let (_, state) =
        json(english(crate::helpers::path::<OpenLink>(), vec![("token", token.clone())]).await.unwrap()).await;
    assert_eq!(
        state["Closed"]["why"], "This link is blocked because a wrong code was entered too many times.",
        "{state}"
    );
    let form = vec![("token", token.clone()), ("code", code.clone())];
    let (status, body) = json(english(crate::helpers::path::<VerifyCode>(), form).await.unwrap()).await;
    assert_eq!(
        (status, body["Conflict"].as_str()),
        (409, Some("This link is blocked because a wrong code was entered too many times."))
    );

    // A new link, the right code: this device reads the placement's channel and nothing else.
    let (status, _) = json(app.call::<CreateLink>(&lene, &fields).await).await;
    assert_eq!(status, 200);
    let invite = nth_mail_to(&app, 2, "hanne@pleje.test", "/k/").await;
    let token2 = after(&invite, "/k/").to_string();
    assert_ne!(token2, token);
    let hanne = client();
    json(app.call::<SendCode>(&hanne, &[("token", &token2)]).await).await;
    let code_mail = nth_mail_to(&app, 2, "hanne@pleje.test", "Din kode").await;
    let code = after(&code_mail, "er ").trim_end_matches('.').to_string();
    let res = app.call::<VerifyCode>(&hanne, &[("token", &token2), ("code", &code)]).await;
    let cookie = res.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
    assert!(cookie.starts_with("samvaer_enhed=") && cookie.contains("HttpOnly"), "{cookie}");
    assert_eq!(res.status(), 200);
    let (status, thread) = json(app.call::<ChannelThread>(&hanne, &[]).await).await;
    assert_eq!(status, 200, "{thread}");
    assert_eq!(thread["messages"][0]["text"], "Kun til plejefamilien");
    let (status, _) = json(app.call::<ChannelThread>(&hanne, &[("id", &f03)]).await).await;
    assert_eq!(status, 404, "a link for channel A cannot read channel B");

    // Revoked: the device is out, and the link page says so.
    let link_id: i64 = sqlx::query_scalar("SELECT max(id) FROM channel_links").fetch_one(&app.pool).await.unwrap();
    let (status, _) =
        json(app.call::<RevokeLink>(&lene, &[("channel_id", &placement), ("link_id", &link_id.to_string())]).await)
            .await;
    assert_eq!(status, 200);
    let (status, _) = json(app.call::<ChannelThread>(&hanne, &[]).await).await;
    assert_eq!(status, 401);
    let (_, state) = json(app.call::<OpenLink>(&hanne, &[("token", &token2)]).await).await;
    assert!(state["Closed"]["why"].as_str().unwrap().contains("lukket"), "{state}");
}

#[tokio::test]
async fn expired_links_are_refused_and_a_parent_signs_in_without_a_password() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f01 = family_channel(&app, "F-01").await.to_string();
    let mette_person: i64 = sqlx::query_scalar(
        "SELECT p.id FROM persons p JOIN users u ON u.id = p.user_id WHERE u.email = 'mette@demo.test'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let fields = [("channel_id", f01.as_str()), ("person_id", &mette_person.to_string()), ("days", "3")];
    let (status, body) = json(app.call::<CreateLink>(&lene, &fields).await).await;
    assert_eq!(status, 200, "{body}");
    let token = after(&mail_to(&app, "mette@demo.test", "/k/").await, "/k/").to_string();

    let phone = client();
    json(app.call::<SendCode>(&phone, &[("token", &token)]).await).await;
    // With both an e-mail and a phone, the code goes the other way than the link: by SMS.
    let transport: String =
        sqlx::query_scalar("SELECT transport FROM notices WHERE purpose = 'code' ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(transport, "sms");

    // Louise has only an e-mail: her code comes by e-mail, and it signs her in to her own portal.
    let f02 = family_channel(&app, "F-02").await.to_string();
    sqlx::query(
        "UPDATE persons SET phone = NULL WHERE user_id = (SELECT id FROM users WHERE email = 'louise@demo.test')",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE users SET phone = NULL WHERE email = 'louise@demo.test'").execute(&app.pool).await.unwrap();
    let louise_person: i64 = sqlx::query_scalar(
        "SELECT p.id FROM persons p JOIN users u ON u.id = p.user_id WHERE u.email = 'louise@demo.test'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let fields = [("channel_id", f02.as_str()), ("person_id", &louise_person.to_string())];
    let (status, body) = json(app.call::<CreateLink>(&lene, &fields).await).await;
    assert_eq!(status, 200, "{body}");
    let token_l = after(&mail_to(&app, "louise@demo.test", "/k/").await, "/k/").to_string();
    let device = client();
    json(app.call::<SendCode>(&device, &[("token", &token_l)]).await).await;
    let code_mail = mail_to(&app, "louise@demo.test", "Din kode").await;
    let code = after(&code_mail, "er ").trim_end_matches('.').to_string();
    let (status, to) = json(app.call::<VerifyCode>(&device, &[("token", &token_l), ("code", &code)]).await).await;
    assert_eq!((status, to.as_str().unwrap()), (200, "/mine-beskeder"));
    let (status, thread) = json(app.call::<ChannelThread>(&device, &[]).await).await;
    assert_eq!(status, 200, "signed in to her own portal: {thread}");
    assert_eq!(thread["channel_id"].to_string(), f02);
    let html = device.get(format!("{}/mine-samvaer", app.base)).send().await.unwrap();
    assert_eq!(html.status(), 200, "a real session: the portal opens without a password");

    // Three days later the link is expired.
    sqlx::query("UPDATE channel_links SET expires_at = 1").execute(&app.pool).await.unwrap();
    let (_, state) = json(app.call::<OpenLink>(&client(), &[("token", &token)]).await).await;
    assert!(state["Closed"]["why"].as_str().unwrap().contains("udløbet"), "{state}");
    let (status, _) = json(app.call::<SendCode>(&client(), &[("token", &token)]).await).await;
    assert_eq!(status, 409);
    let page = client().get(format!("{}/k/{token}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Linket kan ikke bruges") && page.contains("udløbet"), "a clear Danish page");
}

#[tokio::test]
async fn sms_go_through_the_gateway_and_failed_sends_are_retried_then_flagged() {
    use std::sync::{Arc, Mutex};
    let app = spawn().await;
    // A stand-in SMS gateway that records what it is given.
    let got: Arc<Mutex<Vec<(String, serde_json::Value)>>> = Arc::default();
    let record = got.clone();
    let gateway = axum::Router::new().route(
        "/sms",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: axum::Json<serde_json::Value>| {
            let record = record.clone();
            async move {
                let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                record.lock().unwrap().push((auth, body.0));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, gateway).await.unwrap() });

    // The notice was sealed with default settings' random key: use those settings to send.
    let settings = app::context::Settings::default();
    let text = "Du har en ny besked fra samværscentret. Åbn: https://x/kanal";
    let far = chrono::Utc::now().timestamp() + 1_000_000;
    let channel = family_channel(&app, "F-01").await;
    let mut ids = Vec::new();
    for (transport, to) in [("sms", "+45 30 40 50 60"), ("email", "mette@demo.test")] {
        let mut tx = app.pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
        app::channels::notify::queue(&mut tx, &settings, ChannelId(channel), None, "message", transport, to, text, far)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        ids.push(sqlx::query_scalar("SELECT max(id) FROM notices").fetch_one(&app.pool).await.unwrap());
    }
    let dead_smtp = app::channels::notify::smtp("127.0.0.1", 1, "none", None, None).unwrap();
    let senders = app::channels::notify::Senders {
        mail: Some(dead_smtp),
        from: "Samværscentret <ikke-svar@samvaer.local>".parse().unwrap(),
        sms: app::channels::notify::Sms::Http { url, token: "hemmelig".into(), client: reqwest::Client::new() },
    };
    app::channels::notify::send_due(&app.pool, &settings, &senders, far).await.unwrap();
    let sent = got.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, "Bearer hemmelig");
    assert_eq!(sent[0].1["to"], "+45 30 40 50 60");
    assert_eq!(sent[0].1["text"], "Du har en ny besked fra samværscentret. Åbn: https://x/kanal");

    // The mail server is down: retried with backoff, then flagged after five tries.
    let state = |id: i64| {
        sqlx::query_as::<_, (String, i64, i64)>("SELECT state, attempts, next_attempt_at FROM notices WHERE id = ?")
            .bind(id)
            .fetch_one(&app.pool)
    };
    assert_eq!(state(ids[0]).await.unwrap().0, "sent");
    let (s, attempts, next) = state(ids[1]).await.unwrap();
    assert_eq!((s.as_str(), attempts, next), ("pending", 1, far + 60));
    let mut now = next;
    for _ in 0..4 {
        app::channels::notify::send_due(&app.pool, &settings, &senders, now).await.unwrap();
        now = state(ids[1]).await.unwrap().2;
    }
    let (s, attempts, _) = state(ids[1]).await.unwrap();
    assert_eq!((s.as_str(), attempts), ("failed", 5));
}

#[tokio::test]
async fn keys_rotate_and_old_texts_are_deleted_after_the_retention_period() {
    use app::channels::crypto::MessageKeys;
    let mut settings =
        app::context::Settings { message_keys: MessageKeys(vec![("k1".into(), [1; 32])]), ..Default::default() };
    let app = crate::helpers::spawn_with(settings.clone()).await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f01 = family_channel(&app, "F-01").await.to_string();
    json(app.call::<PostMessage>(&lene, &[("channel_id", &f01), ("text", "Før nøgleskiftet")]).await).await;

    // A new key first, the old one kept to read: rotation re-encrypts everything under k2.
    settings.message_keys = MessageKeys(vec![("k2".into(), [2; 32]), ("k1".into(), [1; 32])]);
    let n = app::channels::notify::rotate(&app.pool, &settings).await.unwrap();
    assert!(n >= 1, "the message (and its notice, unless already sent and wiped): {n}");
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT key_id FROM messages").fetch_all(&app.pool).await.unwrap();
    assert_eq!(keys, vec!["k2".to_string()]);
    let old_notices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE key_id <> 'k2' AND length(body) > 0")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(old_notices, 0, "no notice text is left under the old key");
    let only_new = MessageKeys(vec![("k2".into(), [2; 32])]);
    let (id, channel, nonce, body): (i64, i64, Vec<u8>, Vec<u8>) =
        sqlx::query_as("SELECT id, channel_id, nonce, body FROM messages").fetch_one(&app.pool).await.unwrap();
    let sealed = app::channels::crypto::Sealed { key_id: "k2".into(), nonce, body };
    let aad = app::channels::crypto::Aad::message(MessageId(id), ChannelId(channel), "staff");
    assert_eq!(only_new.open(&aad, &sealed).as_deref(), Some("Før nøgleskiftet"));

    // Past the retention period the text goes; the row and the audit trail stay.
    sqlx::query("UPDATE messages SET created_at = created_at - 800 * 86400").execute(&app.pool).await.unwrap();
    let audit_rows = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE subject_kind IN ('message', 'channel')")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let audited_before = audit_rows().await;
    let now = chrono::Utc::now().timestamp();
    let gone = app::channels::repo::delete_old_bodies(&app.pool, now - 730 * 86_400, now).await.unwrap();
    assert_eq!(gone, 1);
    assert_eq!(audit_rows().await, audited_before, "the sweep keeps the audit trail");
    let (_, thread) = json(app.call::<ChannelThread>(&lene, &[("id", &f01)]).await).await;
    assert_eq!(thread["messages"][0]["deleted"], true);
    assert_eq!(thread["messages"][0]["text"], "");
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE subject_kind = 'message'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn link_guessing_is_limited_and_parents_can_ask_for_a_sign_in_link() {
    let settings = app::context::Settings { sign_in_max_per_address: 5, ..Default::default() };
    let app = crate::helpers::spawn_with(settings).await;
    let guesser = client();
    let mut last = 0;
    for i in 0..7 {
        let fake = format!("{i:0>43}");
        last = app.call::<OpenLink>(&guesser, &[("token", &fake)]).await.status().as_u16();
    }
    assert_eq!(last, 429, "unknown links from one address are limited");
    // Fifteen minutes later.
    sqlx::query("DELETE FROM sign_in_failures").execute(&app.pool).await.unwrap();

    // The same answer for an unknown address; a parent's address gets a link that signs her in.
    let anyone = client();
    let (status, _) = json(app.call::<RequestSignIn>(&anyone, &[("email", "ukendt@demo.test")]).await).await;
    assert_eq!(status, 200);
    let (status, _) = json(app.call::<RequestSignIn>(&anyone, &[("email", "martin@demo.test")]).await).await;
    assert_eq!(status, 200);
    let mail = mail_to(&app, "martin@demo.test", "/k/").await;
    assert!(mail.contains("logge ind"), "{mail}");
    let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE recipient = 'ukendt@demo.test'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(sent, 0);
}
