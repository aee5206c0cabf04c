//! Sending notices: a gateway that never answers holds up nothing else, and two workers on one
//! database never send one notice twice.

use std::time::Duration;

use app::channels::notify::{Sms, send_due};
use app::context::Settings;

use super::{far, mail_within, mails_to, queue, senders, settings};
use crate::helpers::{TestApp, spawn_with};

/// A notice's (state, attempts, last error).
async fn state(app: &TestApp, id: i64) -> (String, i64, Option<String>) {
    sqlx::query_as("SELECT state, attempts, last_error FROM notices WHERE id = ?")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// A stand-in SMS gateway that takes every connection and never answers; returns its URL.
async fn silent_gateway() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    url
}

#[tokio::test]
async fn a_hung_sms_gateway_does_not_hold_up_e_mail() {
    // A client without its own time limits: the per-notice limit alone must cut the SMS off.
    let settings = Settings { notice_timeout: Duration::from_secs(1), ..settings() };
    let app = spawn_with(settings.clone()).await;
    let url = silent_gateway().await;
    let (senders, inbox) = senders(Sms::Http { url, token: "hemmelig".into(), client: reqwest::Client::new() }).await;
    let at = far();
    // The SMS is first in line.
    let sms = queue(&app, &settings, "sms", "+45 30 40 50 60", "Åbn: https://x/kanal", at).await;
    queue(&app, &settings, "email", "c@robust.test", "Åbn: https://x/kanal", at).await;

    let (pool, s, snd) = (app.pool.clone(), settings.clone(), senders.clone());
    let worker = tokio::spawn(async move { send_due(&pool, &s, &snd, at).await });
    assert!(mail_within(&inbox, "c@robust.test", 3).await, "the e-mail goes while the SMS gateway hangs");
    assert_eq!(state(&app, sms).await.1, 0, "the SMS is still on its way");
    let tried = tokio::time::timeout(Duration::from_secs(10), worker).await.expect("the round ends").unwrap();
    assert_eq!(tried.unwrap(), 2);
    let (state, attempts, error) = state(&app, sms).await;
    assert_eq!((state.as_str(), attempts, error.as_deref()), ("pending", 1, Some("timed out")), "retried later");
}

#[tokio::test]
async fn the_sms_client_gives_up_on_a_gateway_that_never_answers() {
    let settings = settings();
    let app = spawn_with(settings.clone()).await;
    let url = silent_gateway().await;
    let sms = Sms::http(url, "hemmelig".into(), Duration::from_millis(500), Duration::from_secs(1)).unwrap();
    let (senders, _) = senders(sms).await;
    let at = far();
    let id = queue(&app, &settings, "sms", "+45 30 40 50 60", "Åbn: https://x/kanal", at).await;
    let started = std::time::Instant::now();
    send_due(&app.pool, &settings, &senders, at).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    let (_, attempts, error) = state(&app, id).await;
    assert_eq!((attempts, error.as_deref()), (1, Some("SMS gateway timed out")));
}

#[tokio::test]
async fn two_workers_never_send_one_notice_twice() {
    let settings = settings();
    let app = spawn_with(settings.clone()).await;
    let (senders, inbox) = senders(Sms::Log).await;
    let at = far();
    let recipients: Vec<String> = (0..12).map(|i| format!("r{i}@robust.test")).collect();
    for to in &recipients {
        queue(&app, &settings, "email", to, "Åbn: https://x/kanal", at).await;
    }
    // Two server processes on one database, both waking up at once.
    let (a, b) =
        tokio::join!(send_due(&app.pool, &settings, &senders, at), send_due(&app.pool, &settings, &senders, at));
    a.unwrap();
    b.unwrap();
    assert!(mail_within(&inbox, "r11@robust.test", 5).await);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    for to in &recipients {
        assert_eq!(mails_to(&inbox, to), 1, "{to} gets exactly one mail");
    }
    let sent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE state = 'sent' AND recipient LIKE 'r%@robust.test'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(sent, 12);
}
