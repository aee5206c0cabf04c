//! Robustness found missing by a security review, each proved over the real app: sealed texts are
//! bound to their row, a hung gateway holds up nothing else, two workers never send a notice twice,
//! far-off dates are refused, and racing inserts answer with a clear refusal.

mod accounts;
mod dates;
mod notices;
mod sealing;

use app::channels::crypto::MessageKeys;
use app::channels::notify::{Senders, Sms};
use app::context::Settings;
use server::smtp_sink::Inbox;

use crate::helpers::TestApp;

/// Settings with a known message key: a test queues notices the app's own key can open.
pub(crate) fn settings() -> Settings {
    Settings { message_keys: MessageKeys(vec![("k1".into(), [7; 32])]), ..Default::default() }
}

/// A time far enough ahead that the app's own notice worker leaves what is queued for it alone.
pub(crate) fn far() -> i64 {
    chrono::Utc::now().timestamp() + 1_000_000
}

/// Senders mailing to a local SMTP sink of the test's own (its inbox returned) and texting by `sms`.
pub(crate) async fn senders(sms: Sms) -> (Senders, Inbox) {
    let sink = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = sink.local_addr().unwrap().port();
    let inbox = Inbox::default();
    tokio::spawn(server::smtp_sink::run(sink, None, inbox.clone()));
    let senders = Senders {
        mail: Some(app::channels::notify::smtp("127.0.0.1", port, "none", None, None).unwrap()),
        from: "Samværscentret <ikke-svar@samvaer.local>".parse().unwrap(),
        sms,
    };
    (senders, inbox)
}

/// Queues a notice on F-01's channel the way the app does (sealed, in a write transaction), due
/// at `at`; returns its id.
pub(crate) async fn queue(app: &TestApp, settings: &Settings, transport: &str, to: &str, text: &str, at: i64) -> i64 {
    let known: Option<i64> = sqlx::query_scalar(
        "SELECT c.id FROM channels c JOIN families f ON f.id = c.family_id WHERE f.code = 'F-01' AND c.kind = 'family'",
    )
    .fetch_optional(&app.pool)
    .await
    .unwrap();
    let channel = match known {
        Some(id) => id,
        None => crate::channels::family_channel(app, "F-01").await,
    };
    let mut tx = app.pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
    app::channels::notify::queue(
        &mut tx,
        settings,
        app::channels::ChannelId(channel),
        None,
        "message",
        transport,
        to,
        text,
        at,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    sqlx::query_scalar("SELECT max(id) FROM notices").fetch_one(&app.pool).await.unwrap()
}

/// How many mails the sink holds for `to`.
pub(crate) fn mails_to(inbox: &Inbox, to: &str) -> usize {
    inbox.lock().unwrap().iter().filter(|m| m.contains(&format!("To: {to}"))).count()
}

/// Waits up to `secs` seconds for a mail to `to`; true if one came.
pub(crate) async fn mail_within(inbox: &Inbox, to: &str, secs: u64) -> bool {
    for _ in 0..secs * 20 {
        if mails_to(inbox, to) > 0 {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}
