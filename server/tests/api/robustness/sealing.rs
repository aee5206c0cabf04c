//! A sealed text opens only on the row it was written for: copying a message's or a notice's
//! ciphertext onto another row of the same channel gives nothing readable.

use app::channels::api::{ChannelThread, PostMessage};
use app::channels::{ChannelId, MessageId};

use super::{far, mail_within, mails_to, queue, senders, settings};
use crate::channels::family_channel;
use crate::helpers::{json, spawn, spawn_with};

#[tokio::test]
async fn a_message_body_copied_onto_another_row_does_not_open() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f01 = family_channel(&app, "F-01").await.to_string();
    for text in ["Første besked til familien", "Anden besked"] {
        let (status, id) = json(app.call::<PostMessage>(&lene, &[("channel_id", &f01), ("text", text)]).await).await;
        assert_eq!(status, 200, "{id}");
    }
    let mette = app.signed_in("mette@demo.test").await;
    let (status, id) =
        json(app.call::<PostMessage>(&mette, &[("channel_id", &f01), ("text", "Svar fra mor")]).await).await;
    assert_eq!(status, 200, "{id}");
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM messages ORDER BY id").fetch_all(&app.pool).await.unwrap();
    assert_eq!(ids.len(), 3);

    // Someone with write access to the database copies the first message's ciphertext onto the
    // second (same channel, same side) and onto the family's reply (same channel, other side).
    for target in [ids[1], ids[2]] {
        sqlx::query(
            "UPDATE messages SET (key_id, nonce, body) = (SELECT key_id, nonce, body FROM messages WHERE id = ?1) \
             WHERE id = ?2",
        )
        .bind(ids[0])
        .bind(target)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let (status, thread) = json(app.call::<ChannelThread>(&lene, &[("id", &f01)]).await).await;
    assert_eq!(status, 200, "{thread}");
    let texts: Vec<&str> = thread["messages"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["Første besked til familien", "", ""], "moved bodies do not open: {thread}");
}

#[tokio::test]
async fn a_notice_text_copied_onto_another_notice_is_not_sent() {
    let settings = settings();
    let app = spawn_with(settings.clone()).await;
    let (senders, inbox) = senders(app::channels::notify::Sms::Log).await;
    let at = far();
    let a = queue(&app, &settings, "email", "a@robust.test", "Åbn: https://x/k/til-a", at).await;
    let b = queue(&app, &settings, "email", "b@robust.test", "Åbn: https://x/k/til-b", at).await;
    sqlx::query(
        "UPDATE notices SET (key_id, nonce, body) = (SELECT key_id, nonce, body FROM notices WHERE id = ?1) WHERE id = ?2",
    )
    .bind(a)
    .bind(b)
    .execute(&app.pool)
    .await
    .unwrap();

    app::channels::notify::send_due(&app.pool, &settings, &senders, at).await.unwrap();
    assert!(mail_within(&inbox, "a@robust.test", 5).await, "the untouched notice goes");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(mails_to(&inbox, "b@robust.test"), 0, "a's link never reaches b: {:?}", inbox.lock().unwrap());
    let (state, attempts, error): (String, i64, Option<String>) =
        sqlx::query_as("SELECT state, attempts, last_error FROM notices WHERE id = ?")
            .bind(b)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((state.as_str(), attempts), ("pending", 1), "counted as a failed try");
    assert!(error.is_some_and(|e| !e.contains("til-a")), "the error names no text");
}

#[tokio::test]
async fn rows_sealed_before_the_binding_open_and_rotation_binds_them() {
    use app::channels::crypto::Aad;
    let settings = settings();
    let keys = &settings.message_keys;
    let app = spawn_with(settings.clone()).await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let f01 = family_channel(&app, "F-01").await;
    let (status, id) =
        json(app.call::<PostMessage>(&lene, &[("channel_id", &f01.to_string()), ("text", "Skrevet før")]).await).await;
    assert_eq!(status, 200, "{id}");
    let at = far();
    let notice = queue(&app, &settings, "email", "gammel@robust.test", "Åbn: https://x/k/gammel", at).await;

    // Sealed the old way: bound to the channel only (a message) or to nothing (a notice).
    let message = id.as_i64().unwrap();
    let old = keys.seal(&Aad::message(MessageId(message), ChannelId(f01), "staff").version(1), "Skrevet før").unwrap();
    sqlx::query("UPDATE messages SET nonce = ?, body = ?, aad_version = 1 WHERE id = ?")
        .bind(&old.nonce)
        .bind(&old.body)
        .bind(message)
        .execute(&app.pool)
        .await
        .unwrap();
    let old = keys.seal(&Aad::notice(notice, Some(ChannelId(f01))).version(1), "Åbn: https://x/k/gammel").unwrap();
    sqlx::query("UPDATE notices SET nonce = ?, body = ?, aad_version = 1 WHERE id = ?")
        .bind(&old.nonce)
        .bind(&old.body)
        .bind(notice)
        .execute(&app.pool)
        .await
        .unwrap();
    let thread = || async { json(app.call::<ChannelThread>(&lene, &[("id", &f01.to_string())]).await).await.1 };
    assert_eq!(thread().await["messages"][0]["text"], "Skrevet før", "an old row still opens");

    let n = app::channels::notify::rotate(&app.pool, &settings).await.unwrap();
    assert!(n >= 2, "{n}");
    let old_rows: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM messages WHERE aad_version <> 2 AND body IS NOT NULL) + \
         (SELECT COUNT(*) FROM notices WHERE aad_version <> 2 AND length(body) > 0)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(old_rows, 0, "rotation reseals old rows bound to their row");
    assert_eq!(thread().await["messages"][0]["text"], "Skrevet før");
    let (senders, inbox) = senders(app::channels::notify::Sms::Log).await;
    app::channels::notify::send_due(&app.pool, &settings, &senders, at).await.unwrap();
    assert!(mail_within(&inbox, "gammel@robust.test", 5).await, "the resealed notice goes");
    assert!(inbox.lock().unwrap().iter().any(|m| m.contains("https://x/k/gammel")));
}
