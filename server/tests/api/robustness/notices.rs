//! Sending notices: two workers on one database never send one notice twice.

use app::channels::notify::{Sms, send_due};

use super::{far, mail_within, mails_to, queue, senders, settings};
use crate::helpers::spawn_with;

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
