//! More of the review's holes: limits that cannot be raced or spoofed, every read of personal
//! data audited, the secret address across siblings, feeds that die with the case, and an
//! administrator who closes an account at once.

use app::admin::api::DeactivateUser;
use app::auth::api::SignIn;
use app::booking::api::{FindSlots, MyShifts, UnstaffedVisits, VisitHistory};
use app::booking::board::api::{BookingBoard, BookingOptions, StaffAppointment};
use app::channels::api::{ChannelInbox, ChannelThread, RequestSignIn};
use app::overview::api::WeekOverview;
use app::portal::api::{MyContacts, MyVisits};
use reqwest::{Client, header};

use crate::calendar::{feed, new_token};
use crate::channels::{family_channel, mail_to};
use crate::helpers::{TestApp, client, json, spawn, spawn_with};
use crate::trust::confirmed_device;

#[tokio::test]
async fn fifty_parallel_wrong_passwords_get_at_most_the_limit_checked() {
    let app = spawn().await;
    let url = format!("{}{}", app.base, crate::helpers::path::<SignIn>());
    let mut set = tokio::task::JoinSet::new();
    for i in 0..50 {
        let (url, origin) = (url.clone(), app.base.clone());
        set.spawn(async move {
            let form = [("email", "mette@demo.test".to_string()), ("password", format!("forkert-{i}"))];
            client().post(url).header(header::ORIGIN, origin).form(&form).send().await.unwrap().status().as_u16()
        });
    }
    let statuses = set.join_all().await;
    assert_eq!(statuses.len(), 50);
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + limited, 50, "{statuses:?}");
    assert!(checked <= 5, "at most the limit of passwords checked: {checked}");
    // And now even the right password waits.
    let res = app.sign_in(&client(), "mette@demo.test", crate::helpers::DEMO_PASSWORD).await;
    assert_eq!(res.status(), 429);
}

async fn sign_in_from(app: &TestApp, forwarded: &str) -> u16 {
    sign_in_from_lines(app, &[forwarded]).await
}

/// Each entry its own X-Forwarded-For line (a proxy may add a line instead of appending).
async fn sign_in_from_lines(app: &TestApp, lines: &[&str]) -> u16 {
    let url = format!("{}{}", app.base, crate::helpers::path::<SignIn>());
    let mut req = client().post(url).header(header::ORIGIN, &app.base);
    for line in lines {
        req = req.header("x-forwarded-for", *line);
    }
    let res = req.form(&[("email", "ukendt@demo.test"), ("password", "forkert-forkert")]).send().await.unwrap();
    res.status().as_u16()
}

#[tokio::test]
async fn behind_a_proxy_the_client_cannot_choose_its_own_address() {
    let settings = app::context::Settings {
        trusted_proxies: 1,
        sign_in_max_per_address: 3,
        sign_in_max_per_account: 100,
        ..Default::default()
    };
    let app = spawn_with(settings).await;
    // A new made-up address at the left each time: the proxy's entry at the right counts.
    let statuses = [
        sign_in_from(&app, "1.1.1.1, 9.9.9.9").await,
        sign_in_from(&app, "2.2.2.2, 9.9.9.9").await,
        sign_in_from(&app, "3.3.3.3, 9.9.9.9").await,
        sign_in_from(&app, "4.4.4.4, 9.9.9.9").await,
    ];
    assert_eq!(statuses, [401, 401, 401, 429]);
    // The client's own line first, the proxy's after it: still the proxy's entry that counts.
    assert_eq!(sign_in_from_lines(&app, &["5.5.5.5", "9.9.9.9"]).await, 429);
    // Another client, as our proxy saw it, is not held up.
    assert_eq!(sign_in_from(&app, "9.9.9.9, 8.8.8.8").await, 401);
}

#[tokio::test]
async fn asking_for_a_sign_in_link_does_the_same_work_for_any_address() {
    let app = spawn().await;
    let counts = || async {
        let asked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'ask'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        let counted: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures").fetch_one(&app.pool).await.unwrap();
        (asked, counted)
    };
    let mut answers = Vec::new();
    for email in ["ukendt@demo.test", "mette@demo.test"] {
        let before = counts().await;
        let res = app.call::<RequestSignIn>(&client(), &[("email", email)]).await;
        let status = res.status().as_u16();
        let cookies = res.headers().get_all(header::SET_COOKIE).iter().count();
        answers.push((status, cookies, res.text().await.unwrap()));
        let after = counts().await;
        assert_eq!((after.0 - before.0, after.1 - before.1), (1, 1), "{email}: one entry, one count");
    }
    assert_eq!(answers[0], answers[1], "the same answer");
    assert_eq!(answers[0].0, 200);
    // The work itself happens in the queue: the parent gets her link, the unknown address nothing.
    mail_to(&app, "mette@demo.test", "/k/").await;
    let to_unknown: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE recipient = 'ukendt@demo.test'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(to_unknown, 0);
}

async fn newest_read(app: &TestApp, actor: i64, kind: &str) -> Option<(String, Option<i64>, Option<String>)> {
    sqlx::query_as(
        "SELECT subject_kind, family_id, family_ids FROM audit_log WHERE actor_user_id = ? AND action IN ('read', 'open') \
         AND subject_kind = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(actor)
    .bind(kind)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn every_read_of_personal_data_is_in_the_audit_log_with_its_families() {
    let app = spawn().await;
    let f01: i64 =
        sqlx::query_scalar("SELECT id FROM families WHERE code = 'F-01'").fetch_one(&app.pool).await.unwrap();
    let visit: i64 = sqlx::query_scalar(
        "SELECT id FROM appointments WHERE family_id = ? AND kind = 'visit' AND starts_at > strftime('%s','now') \
         ORDER BY starts_at LIMIT 1",
    )
    .bind(f01)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let channel = family_channel(&app, "F-01").await.to_string();
    // One visit nobody staffs yet, so the unstaffed list has a family to name.
    sqlx::query("DELETE FROM appointment_staff WHERE appointment_id = ?").bind(visit).execute(&app.pool).await.unwrap();
    let (visit, family) = (visit.to_string(), f01.to_string());
    let lene = app.signed_in("koordinator@demo.test").await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let (lene_id, karen_id) = (app.user_id("koordinator@demo.test").await, app.user_id("konsulent@demo.test").await);
    type Call<'a> = (&'a str, &'a Client, i64, &'a str);
    let mut checked = 0;
    let rows: Vec<(Call, Vec<(&str, &str)>)> = vec![
        (("appointment_week", &lene, lene_id, "WeekOverview"), vec![]),
        (("board", &lene, lene_id, "BookingBoard"), vec![]),
        (("appointment", &lene, lene_id, "StaffAppointment"), vec![("id", visit.as_str())]),
        (("booking_options", &lene, lene_id, "BookingOptions"), vec![]),
        (("appointment_history", &lene, lene_id, "VisitHistory"), vec![("id", visit.as_str())]),
        (("unstaffed", &lene, lene_id, "UnstaffedVisits"), vec![]),
        (("shifts", &karen, karen_id, "MyShifts"), vec![]),
        (("find_slots", &lene, lene_id, "FindSlots"), vec![("family_id", family.as_str()), ("minutes", "60")]),
        (("channel_inbox", &lene, lene_id, "ChannelInbox"), vec![]),
        (("channel", &lene, lene_id, "ChannelThread"), vec![("id", channel.as_str())]),
    ];
    for ((kind, c, actor, name), form) in &rows {
        sqlx::query("DELETE FROM audit_log").execute(&app.pool).await.unwrap();
        let res = match *name {
            "WeekOverview" => app.call::<WeekOverview>(c, form).await,
            "BookingBoard" => app.call::<BookingBoard>(c, form).await,
            "StaffAppointment" => app.call::<StaffAppointment>(c, form).await,
            "BookingOptions" => app.call::<BookingOptions>(c, form).await,
            "VisitHistory" => app.call::<VisitHistory>(c, form).await,
            "UnstaffedVisits" => app.call::<UnstaffedVisits>(c, form).await,
            "MyShifts" => app.call::<MyShifts>(c, form).await,
            "FindSlots" => app.call::<FindSlots>(c, form).await,
            "ChannelInbox" => app.call::<ChannelInbox>(c, form).await,
            _ => app.call::<ChannelThread>(c, form).await,
        };
        assert_eq!(res.status(), 200, "{name}: {}", res.text().await.unwrap());
        let (subject, one, many) =
            newest_read(&app, *actor, kind).await.unwrap_or_else(|| panic!("{name} wrote no audit row"));
        assert_eq!(subject, *kind, "{name}");
        assert!(one.is_some() || many.as_deref().is_some_and(|m| !m.is_empty()), "{name} names its families");
        checked += 1;
    }
    assert_eq!(checked, rows.len());
}

#[tokio::test]
async fn a_secret_placement_stays_secret_across_siblings_with_other_contact_data() {
    let app = spawn().await;
    let f01: i64 =
        sqlx::query_scalar("SELECT id FROM families WHERE code = 'F-01'").fetch_one(&app.pool).await.unwrap();
    sqlx::query(
        "UPDATE children SET placement_name = 'Plejefamilien Skjult', placement_contact_name = 'Plejemor Skjult', \
         placement_address_secret = 0 WHERE family_id = ?",
    )
    .bind(f01)
    .execute(&app.pool)
    .await
    .unwrap();
    // One sibling's row carries the secret flag; the other's has its own phone and no flag.
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM children WHERE family_id = ? ORDER BY id")
        .bind(f01)
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(ids.len() >= 2, "a sibling group");
    sqlx::query("UPDATE children SET placement_address_secret = 1 WHERE id = ?")
        .bind(ids[0])
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE children SET placement_contact_phone = '99 88 77 66' WHERE id = ?")
        .bind(ids[1])
        .execute(&app.pool)
        .await
        .unwrap();
    let mette = app.signed_in("mette@demo.test").await;
    let (status, contacts) = json(app.call::<MyContacts>(&mette, &[]).await).await;
    assert_eq!(status, 200);
    let text = contacts.to_string();
    assert!(text.contains("Samværscentret"), "the page read something: {text}");
    for secret in ["Skjult", "99 88 77 66"] {
        assert!(!text.contains(secret), "{secret} reached the parent: {text}");
    }
}

#[tokio::test]
async fn a_calendar_feed_dies_when_the_familys_cases_are_closed() {
    let app = spawn().await;
    let mette = app.signed_in("mette@demo.test").await;
    let token = new_token(&app, &mette).await;
    assert_eq!(feed(&app, &token).await.0, 200);
    sqlx::query(
        "UPDATE cases SET status = 'closed' WHERE child_id IN (SELECT c.id FROM children c JOIN families f \
         ON f.id = c.family_id WHERE f.code = 'F-01')",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(feed(&app, &token).await.0, 404);
}

#[tokio::test]
async fn an_administrator_closes_an_account_and_everything_it_could_open_ends_at_once() {
    let app = spawn().await;
    let mette = app.signed_in("mette@demo.test").await;
    let token = new_token(&app, &mette).await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let (device, landed) = confirmed_device(&app, &lene, "mette@demo.test", "30 40 50 60").await;
    assert_eq!(landed, "/mine-beskeder");
    let typed = confirmed_device(&app, &lene, "mette.anden@demo.test", "30 40 50 99").await.0;
    assert_eq!(app.call::<ChannelThread>(&typed, &[]).await.status(), 200);

    let admin = app.signed_in("admin@demo.test").await;
    let id = app.user_id("mette@demo.test").await.to_string();
    let (status, body) = json(app.call::<DeactivateUser>(&admin, &[("user_id", &id)]).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.call::<MyVisits>(&mette, &[]).await.status(), 401, "her session");
    assert_eq!(app.call::<MyVisits>(&device, &[]).await.status(), 401, "the session her link started");
    assert_eq!(app.call::<ChannelThread>(&device, &[]).await.status(), 401, "that device");
    assert_eq!(app.call::<ChannelThread>(&typed, &[]).await.status(), 401, "a link to her thread");
    assert_eq!(feed(&app, &token).await.0, 404, "her calendar feed");
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM channel_links WHERE revoked_at IS NULL")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let devices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM link_devices").fetch_one(&app.pool).await.unwrap();
    assert_eq!((open, devices), (0, 0));
    assert_eq!(app.sign_in(&client(), "mette@demo.test", crate::helpers::DEMO_PASSWORD).await.status(), 401);
    // Not the administrator's own account, and not one that does not exist.
    let own = app.user_id("admin@demo.test").await.to_string();
    assert_eq!(app.call::<DeactivateUser>(&admin, &[("user_id", &own)]).await.status(), 422);
    assert_eq!(app.call::<DeactivateUser>(&admin, &[("user_id", "999999")]).await.status(), 404);
    assert_eq!(app.call::<DeactivateUser>(&lene, &[("user_id", &id)]).await.status(), 403);
}

/// Who a session is signed in as is kept in memory between requests (`auth::callers`). Any change
/// to the account, its staff row, its family or its centre shows on the very next request, whoever
/// made it: here straight into the database, as no page of ours does.
#[tokio::test]
async fn a_changed_account_shows_on_the_very_next_request() {
    let app = spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let mette = app.signed_in("mette@demo.test").await;
    for _ in 0..3 {
        assert_eq!(app.call::<MyShifts>(&karen, &[]).await.status(), 200);
        assert_eq!(app.call::<UnstaffedVisits>(&lene, &[]).await.status(), 200);
        assert_eq!(app.call::<MyVisits>(&mette, &[]).await.status(), 200);
    }
    let write = |sql: &'static str| {
        let pool = app.pool.clone();
        async move { assert_eq!(sqlx::query(sql).execute(&pool).await.unwrap().rows_affected(), 1, "{sql}") }
    };
    write("UPDATE users SET active = 0 WHERE email = 'konsulent@demo.test'").await;
    assert_eq!(app.call::<MyShifts>(&karen, &[]).await.status(), 401, "a closed account");
    write("UPDATE users SET role = 'consultant' WHERE email = 'koordinator@demo.test'").await;
    assert_eq!(app.call::<UnstaffedVisits>(&lene, &[]).await.status(), 403, "a coordinator no longer");
    // Written in a transaction among other rows.
    let mut tx = app.pool.begin().await.unwrap();
    sqlx::query("UPDATE cases SET status = status").execute(&mut *tx).await.unwrap();
    sqlx::query("UPDATE users SET active = 0 WHERE email = 'mette@demo.test'").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(app.call::<MyVisits>(&mette, &[]).await.status(), 401, "committed together");
}
