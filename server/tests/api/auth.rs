use app::auth::api::{Me, SignOut};
use app::context::Settings;

use crate::helpers::{DEMO_PASSWORD, client, json, spawn, spawn_with};

#[tokio::test]
async fn sign_in_lands_by_role_and_sign_out_ends_the_session() {
    let app = spawn().await;
    let c = client();
    let res = app.sign_in(&c, "mette@demo.test", DEMO_PASSWORD).await;
    let cookie = res.headers().get("set-cookie").expect("session cookie").to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
    let (status, body) = json(res).await;
    assert_eq!(status, 200);
    assert_eq!(body, "/mine-samvaer");

    let (_, me) = json(app.call::<Me>(&c, &[]).await).await;
    assert_eq!(me["full_name"], "Mette Nielsen");
    assert_eq!(me["role"], "Parent");

    let (status, body) = json(app.call::<SignOut>(&c, &[]).await).await;
    assert_eq!((status, body.as_str()), (200, Some("/logind")));
    let (_, me) = json(app.call::<Me>(&c, &[]).await).await;
    assert!(me.is_null(), "signed out: {me}");

    let staff = json(app.sign_in(&client(), "konsulent@demo.test", DEMO_PASSWORD).await).await;
    assert_eq!(staff, (200, serde_json::json!("/oversigt")));
    let caseworker = json(app.sign_in(&client(), "raadgiver@demo.test", DEMO_PASSWORD).await).await;
    assert_eq!(caseworker, (200, serde_json::json!("/sager")));
}

#[tokio::test]
async fn a_wrong_password_is_refused_in_danish_and_leaves_no_session() {
    let app = spawn().await;
    let c = client();
    let (status, body) = json(app.sign_in(&c, "mette@demo.test", "forkert-kode").await).await;
    assert_eq!(status, 401);
    assert_eq!(body, serde_json::json!("SignInFailed"));
    let (_, me) = json(app.call::<Me>(&c, &[]).await).await;
    assert!(me.is_null());
    // An unknown account gets the very same answer.
    let unknown = json(app.sign_in(&c, "findes.ikke@demo.test", "forkert-kode").await).await;
    assert_eq!(unknown, (401, serde_json::json!("SignInFailed")));
    let failures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(failures, 2);
}

#[tokio::test]
async fn too_many_failures_lock_the_account_even_for_the_right_password() {
    let app = spawn_with(Settings { sign_in_max_per_account: 3, ..Settings::default() }).await;
    let c = client();
    for _ in 0..3 {
        assert_eq!(app.sign_in(&c, "mette@demo.test", "forkert-kode").await.status(), 401);
    }
    let (status, body) = json(app.sign_in(&c, "mette@demo.test", DEMO_PASSWORD).await).await;
    assert_eq!(status, 429);
    let msg = body["TooManyAttempts"].as_str().expect("a message");
    assert!(msg.starts_with("For mange forkerte forsøg. Vent 15 minutter"), "{msg}");
    // Another account from the same address is not locked by this account's failures.
    assert_eq!(app.sign_in(&c, "louise@demo.test", DEMO_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn too_many_failures_from_one_address_block_that_address() {
    let app = spawn_with(Settings { sign_in_max_per_address: 4, ..Settings::default() }).await;
    let c = client();
    for i in 0..4 {
        let email = format!("gaet{i}@demo.test");
        assert_eq!(app.sign_in(&c, &email, "forkert-kode").await.status(), 401);
    }
    assert_eq!(app.sign_in(&c, "mette@demo.test", DEMO_PASSWORD).await.status(), 429);
}

#[tokio::test]
async fn the_session_id_changes_at_sign_in_and_the_absolute_timeout_ends_it() {
    let app = spawn_with(Settings { session_absolute_secs: 2, ..Settings::default() }).await;
    let c = client();
    let first = app.sign_in(&c, "mette@demo.test", DEMO_PASSWORD).await;
    let first_cookie = first.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    let second = app.sign_in(&c, "mette@demo.test", DEMO_PASSWORD).await;
    let second_cookie = second.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert_ne!(first_cookie.split(';').next(), second_cookie.split(';').next(), "session id rotated");
    let (_, me) = json(app.call::<Me>(&c, &[]).await).await;
    assert!(!me.is_null());
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let (_, me) = json(app.call::<Me>(&c, &[]).await).await;
    assert!(me.is_null(), "past the absolute lifetime: {me}");
}

#[tokio::test]
async fn a_password_is_never_stored_in_clear() {
    let app = spawn().await;
    let hashes: Vec<String> = sqlx::query_scalar("SELECT password_hash FROM users WHERE password_hash IS NOT NULL")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(!hashes.is_empty());
    assert!(hashes.iter().all(|h| h.starts_with("$argon2id$") && !h.contains(DEMO_PASSWORD)));
}

#[tokio::test]
async fn activity_keeps_a_session_alive_and_idleness_ends_it() {
    let app = spawn_with(Settings { session_idle_secs: 2, ..Settings::default() }).await;
    let c = client();
    assert_eq!(app.sign_in(&c, "mette@demo.test", DEMO_PASSWORD).await.status(), 200);
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
        let (_, me) = json(app.call::<Me>(&c, &[]).await).await;
        assert!(!me.is_null(), "still active after {}", "1.2 s of quiet");
    }
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    let (_, me) = json(app.call::<Me>(&c, &[]).await).await;
    assert!(me.is_null(), "idle past the limit: {me}");
}
