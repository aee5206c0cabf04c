//! The trust model's holes found by review, each closed and proven: staff cannot become a parent
//! through a link, signing out ends a device's access, parents who come separately never read
//! each other, and nothing changes by GET or from another site.

use app::auth::api::SignOut;
use app::channels::api::{
    ChannelInbox, ChannelThread, CreateLink, ForgetDevice, MarkRead, PostMessage, SendCode, VerifyCode,
};
use app::portal::api::{MyVisits, ReportDelay, Visit};
use reqwest::{Client, header};

use crate::channels::{after, family_channel, nth_mail_to};
use crate::helpers::{TestApp, client, json, spawn};

pub(crate) async fn person_of(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT p.id FROM persons p JOIN users u ON u.id = p.user_id WHERE u.email = ?")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// A link for Mette made by `staff` to the addresses given, opened and confirmed on a fresh
/// device with the code from `code_to`'s SMS (or mail): the device and where it landed.
pub(crate) async fn confirmed_device(app: &TestApp, staff: &Client, email: &str, phone: &str) -> (Client, String) {
    let f01 = family_channel(app, "F-01").await.to_string();
    let person = person_of(app, "mette@demo.test").await.to_string();
    let fields =
        [("channel_id", f01.as_str()), ("person_id", &person), ("email", email), ("phone", phone), ("via", "email")];
    let earlier =
        app.mail.lock().unwrap().iter().filter(|m| m.contains(&format!("To: {email}")) && m.contains("/k/")).count();
    let (status, body) = json(app.call::<CreateLink>(staff, &fields).await).await;
    assert_eq!(status, 200, "{body}");
    let invite = nth_mail_to(app, earlier + 1, email, "/k/").await;
    let token = after(&invite, "/k/").to_string();
    let device = client();
    let (status, _) = json(app.call::<SendCode>(&device, &[("token", &token)]).await).await;
    assert_eq!(status, 200);
    let sms = app.sms_to(phone, "Din kode").await;
    let code = after(&sms, "samværscentret er ").trim_end_matches('.').to_string();
    assert_eq!(code.len(), 6, "{sms}");
    let (status, to) = json(app.call::<VerifyCode>(&device, &[("token", &token), ("code", &code)]).await).await;
    assert_eq!(status, 200, "{to}");
    (device, to.as_str().unwrap().to_string())
}

#[tokio::test]
async fn a_link_to_addresses_staff_typed_opens_only_the_thread_never_a_parents_session() {
    let app = spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let (device, landed) = confirmed_device(&app, &karen, "karen.privat@demo.test", "11 22 33 44").await;
    assert_eq!(landed, "/kanal", "a thread, not Mette's portal");
    assert_eq!(app.call::<MyVisits>(&device, &[]).await.status(), 401, "no parent session");
    let (status, thread) = json(app.call::<ChannelThread>(&device, &[]).await).await;
    assert_eq!(status, 200, "{thread}");
    assert_eq!(thread["channel_id"].as_i64(), Some(family_channel(&app, "F-01").await));
    let signs_in: Option<i64> = sqlx::query_scalar("SELECT user_id FROM channel_links ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(signs_in, None, "the link is not tied to her account");

    // A person's thread takes no link for anyone else.
    let f01 = family_channel(&app, "F-01").await.to_string();
    let other = [("channel_id", f01.as_str()), ("name", "Anden Person"), ("email", "anden@demo.test")];
    let (status, body) = json(app.call::<CreateLink>(&karen, &other).await).await;
    assert_eq!(status, 422, "{body}");
    let links: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM channel_links").fetch_one(&app.pool).await.unwrap();
    assert_eq!(links, 1, "nothing stored");

    // A mistyped address is the same: only the account's own addresses sign in.
    let (_, landed) = confirmed_device(&app, &karen, "mette@demo.test", "30 40 50 61").await;
    assert_eq!(landed, "/kanal");
    // Her own e-mail and phone, as her account records them: she lands in her portal.
    let (device, landed) = confirmed_device(&app, &karen, "mette@demo.test", "30 40 50 60").await;
    assert_eq!(landed, "/mine-beskeder");
    assert_eq!(app.call::<MyVisits>(&device, &[]).await.status(), 200);
}

#[tokio::test]
async fn signing_out_forgets_the_device_and_a_device_lives_like_a_session() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let (device, _) = confirmed_device(&app, &lene, "hjaelper@demo.test", "12 34 56 78").await;
    let (device_expires, link_expires, created): (i64, i64, i64) = sqlx::query_as(
        "SELECT d.expires_at, l.expires_at, d.created_at FROM link_devices d JOIN channel_links l ON l.id = d.link_id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(device_expires <= link_expires, "never outlives its link");
    assert_eq!(device_expires - created, 12 * 3600, "the session's absolute lifetime");
    assert_eq!(app.call::<ChannelThread>(&device, &[]).await.status(), 200);

    let res = app.call::<SignOut>(&device, &[]).await;
    assert_eq!(res.status(), 200);
    let cleared = res.headers().get_all(header::SET_COOKIE).iter().any(|c| {
        let c = c.to_str().unwrap();
        c.starts_with("samvaer_enhed=;") && c.contains("Max-Age=0")
    });
    assert!(cleared, "the cookie is cleared");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM link_devices").fetch_one(&app.pool).await.unwrap();
    assert_eq!(left, 0, "the device row is gone");
    assert_eq!(app.call::<ChannelThread>(&device, &[]).await.status(), 401, "after sign-out it reads nothing");

    // "Log ud / glem denne enhed" does the same.
    let (device, _) = confirmed_device(&app, &lene, "hjaelper2@demo.test", "12 34 56 79").await;
    assert_eq!(app.call::<ForgetDevice>(&device, &[]).await.status(), 200);
    assert_eq!(app.call::<ChannelThread>(&device, &[]).await.status(), 401);

    // Idle too long: out, like a session.
    let (device, _) = confirmed_device(&app, &lene, "hjaelper3@demo.test", "12 34 56 80").await;
    assert_eq!(app.call::<ChannelThread>(&device, &[]).await.status(), 200);
    sqlx::query("UPDATE link_devices SET last_seen_at = last_seen_at - 31 * 60").execute(&app.pool).await.unwrap();
    assert_eq!(app.call::<ChannelThread>(&device, &[]).await.status(), 401);

    // Its link expired: out, and staff see the link as expired, not open.
    let (device, _) = confirmed_device(&app, &lene, "hjaelper4@demo.test", "12 34 56 81").await;
    assert_eq!(app.call::<ChannelThread>(&device, &[]).await.status(), 200);
    sqlx::query("UPDATE channel_links SET expires_at = strftime('%s','now') - 1").execute(&app.pool).await.unwrap();
    assert_eq!(app.call::<ChannelThread>(&device, &[]).await.status(), 401);
    let f01 = family_channel(&app, "F-01").await.to_string();
    let (_, staff_view) = json(app.call::<ChannelThread>(&lene, &[("id", &f01)]).await).await;
    let links = staff_view["links"].as_array().unwrap();
    assert_eq!(links.len(), 4, "{staff_view}");
    assert!(links.iter().all(|l| l["active"] == false), "{staff_view}");
}

#[tokio::test]
async fn each_parent_has_their_own_thread_and_sees_only_their_own_notices() {
    let app = spawn().await;
    // Freja and Oskar's father gets an account: the parents come "hver for sig".
    let family: i64 =
        sqlx::query_scalar("SELECT id FROM families WHERE code = 'F-01'").fetch_one(&app.pool).await.unwrap();
    let new = app::auth::service::NewUser {
        email: "far@demo.test".into(),
        password: Some(crate::helpers::DEMO_PASSWORD.into()),
        full_name: "Jonas Nielsen".into(),
        phone: None,
        role: app::auth::Role::Parent,
        employment: None,
        centre_id: None,
        account_of: None,
    };
    let far = app::auth::service::create_user(&app.pool, None, new).await.unwrap().0;
    sqlx::query("INSERT INTO persons (family_id, first_name, last_name, user_id) VALUES (?, 'Jonas', 'Nielsen', ?)")
        .bind(family)
        .bind(far)
        .execute(&app.pool)
        .await
        .unwrap();
    let mette = app.signed_in("mette@demo.test").await;
    let jonas = app.signed_in("far@demo.test").await;
    let mettes = family_channel(&app, "F-01").await.to_string();
    let (status, _) =
        json(app.call::<PostMessage>(&mette, &[("channel_id", &mettes), ("text", "Kun til jer fra mor")]).await).await;
    assert_eq!(status, 200);
    let (status, own) = json(app.call::<ChannelThread>(&jonas, &[]).await).await;
    assert_eq!(status, 200, "{own}");
    assert_ne!(own["channel_id"].to_string(), mettes, "his own thread");
    assert!(!own.to_string().contains("fra mor"), "{own}");
    let (status, _) = json(app.call::<ChannelThread>(&jonas, &[("id", &mettes)]).await).await;
    assert_eq!(status, 404, "not hers");

    // Her delay is hers: he does not see it on the same visit.
    let (visit, _) = crate::portal::next_visit_of(&app, "mette@demo.test", 30).await;
    let visit = visit.to_string();
    let (status, _) = json(app.call::<ReportDelay>(&mette, &[("id", &visit), ("minutes", "15")]).await).await;
    assert_eq!(status, 200);
    let (_, hers) = json(app.call::<Visit>(&mette, &[("id", &visit)]).await).await;
    assert!(hers["summary"]["notices"][0].as_str().unwrap().starts_with("Forsinket 15 min."), "{hers}");
    let (status, his) = json(app.call::<Visit>(&jonas, &[("id", &visit)]).await).await;
    assert_eq!(status, 200);
    assert_eq!(his["summary"]["notices"].as_array().unwrap().len(), 0, "{his}");
    assert!(!his.to_string().contains("Forsinket"), "{his}");

    // Staff still see both threads of the family, each leading to the other.
    let lene = app.signed_in("koordinator@demo.test").await;
    let (_, inbox) = json(app.call::<ChannelInbox>(&lene, &[]).await).await;
    let titles: Vec<&str> = inbox.as_array().unwrap().iter().filter_map(|c| c["title"].as_str()).collect();
    assert!(titles.contains(&"F-01 · M.N.") && titles.contains(&"F-01 · J.N."), "{titles:?}");
    let (_, thread) = json(app.call::<ChannelThread>(&lene, &[("id", &mettes)]).await).await;
    assert!(thread["others"].to_string().contains("F-01 · J.N."), "{thread}");
    assert_eq!(thread["messages"][0]["text"], "Kun til jer fra mor");
}

#[tokio::test]
async fn opening_a_thread_marks_nothing_read_and_state_changes_need_this_sites_origin() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f01 = family_channel(&app, "F-01").await.to_string();
    let (status, _) = json(app.call::<PostMessage>(&lene, &[("channel_id", &f01), ("text", "Hej Mette")]).await).await;
    assert_eq!(status, 200);
    let unread = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM messages WHERE read_at IS NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let mette = app.signed_in("mette@demo.test").await;
    // A link from another site opens the page by GET: nothing is marked read.
    let page = mette.get(format!("{}/mine-beskeder", app.base)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Hej Mette"));
    assert_eq!(unread().await, 1);
    let (status, _) = json(app.call::<ChannelThread>(&mette, &[]).await).await;
    assert_eq!(status, 200);
    assert_eq!(unread().await, 1, "reading the thread is not marking it read");
    let (status, _) = json(app.call::<MarkRead>(&mette, &[("channel_id", &f01)]).await).await;
    assert_eq!(status, 200);
    assert_eq!(unread().await, 0);

    // A POST without Origin that does not say it is same-origin is refused, and nothing stored.
    let url = format!("{}{}", app.base, crate::helpers::path::<PostMessage>());
    let bare = mette.post(&url).form(&[("channel_id", f01.as_str()), ("text", "uden origin")]).send().await.unwrap();
    assert_eq!(bare.status(), 403);
    let cross =
        mette.post(&url).header("sec-fetch-site", "cross-site").form(&[("channel_id", f01.as_str()), ("text", "x")]);
    assert_eq!(cross.send().await.unwrap().status(), 403);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 1);
    let same = mette
        .post(&url)
        .header("sec-fetch-site", "same-origin")
        .form(&[("channel_id", f01.as_str()), ("text", "fra appen")]);
    assert_eq!(same.send().await.unwrap().status(), 200);
}

/// The service worker forgets a phone's saved pages when this changes (public/sw.js).
async fn who(app: &TestApp, c: &Client) -> String {
    let res = c.get(format!("{}/om-samvaer", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.headers().get("x-samvaer-who").unwrap().to_str().unwrap().to_string()
}

#[tokio::test]
async fn every_page_says_whom_it_was_answered_for_without_naming_them() {
    let app = spawn().await;
    let anonymous = who(&app, &client()).await;
    assert_eq!(anonymous, "-");
    let mette = app.signed_in("mette@demo.test").await;
    let louise = app.signed_in("louise@demo.test").await;
    let (m1, m2, l) = (who(&app, &mette).await, who(&app, &mette).await, who(&app, &louise).await);
    assert_eq!(m1, m2, "the same person: the saved pages stay");
    assert_ne!(m1, l, "another person: they are forgotten");
    assert_eq!(m1.len(), 24);
    // A link's device (no account session) is someone too, and not the parent's session.
    let lene = app.signed_in("koordinator@demo.test").await;
    let (device, _) = confirmed_device(&app, &lene, "hjaelper@demo.test", "12 34 56 78").await;
    let d = who(&app, &device).await;
    assert!(d != "-" && d != m1, "{d}");
}
