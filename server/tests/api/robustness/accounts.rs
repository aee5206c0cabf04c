//! Two administrators (or one double click) creating the same account at once: one account, one
//! success, and a clear Danish refusal for the rest, never a 500.

use app::admin::api::CreateUser;
use reqwest::header;
use tokio::task::JoinSet;

use crate::helpers::{path, spawn};

#[tokio::test]
async fn a_staff_account_created_ten_times_at_once_is_made_once() {
    let app = spawn().await;
    let admin = app.signed_in("admin@demo.test").await;
    let url = format!("{}{}", app.base, path::<CreateUser>());
    let mut calls = JoinSet::new();
    for _ in 0..10 {
        let (c, url, origin) = (admin.clone(), url.clone(), app.base.clone());
        calls.spawn(async move {
            let res = c
                .post(url)
                .header(header::ORIGIN, origin)
                .form(&[
                    ("full_name", "Ny Konsulent"),
                    ("email", "ny.konsulent@demo.test"),
                    ("role", "consultant"),
                    ("password", "en-lang-adgangskode"),
                ])
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        });
    }
    let mut answers = Vec::new();
    while let Some(answer) = calls.join_next().await {
        answers.push(answer.unwrap());
    }
    assert_eq!(answers.iter().filter(|(s, _)| *s == 200).count(), 1, "exactly one is made: {answers:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != 200) {
        assert!(matches!(status, 409 | 422), "a refusal, never a 500: {status} {body}");
        assert!(body.contains("findes allerede"), "a Danish message: {body}");
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = 'ny.konsulent@demo.test'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

/// The same race without the password hashing that spreads the HTTP calls out in time: the service
/// itself, ten at once on one pool.
#[tokio::test]
async fn ten_simultaneous_creations_of_one_account_make_one_and_refuse_the_rest() {
    use app::auth::{Role, service};
    let app = spawn().await;
    let mut calls = JoinSet::new();
    for _ in 0..10 {
        let pool = app.pool.clone();
        let new = service::NewUser {
            email: "samtidig@demo.test".into(),
            password: None,
            full_name: "Samtidig Konsulent".into(),
            phone: None,
            role: Role::Consultant,
            employment: None,
            centre_id: None,
            account_of: None,
        };
        calls.spawn(async move { service::create_user(&pool, None, new).await });
    }
    let mut made = 0;
    while let Some(result) = calls.join_next().await {
        match result.unwrap() {
            Ok(_) => made += 1,
            Err(e) => {
                assert!(matches!(e.status_code(), 409 | 422), "a refusal, never a 500: {e:?}");
                assert!(e.to_string().contains("findes allerede"), "{e}");
            }
        }
    }
    assert_eq!(made, 1);
}
