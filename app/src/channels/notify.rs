//! Notices by e-mail and SMS (the transports are in `send`). A notice's text is generic and holds
//! at most a link; it is stored encrypted and sent by a worker that claims it (so two server
//! processes never both send it), sends up to 8 at a time each within a timeout (so a hung
//! gateway holds up nothing else), retries with backoff (1, 5, 25, 125 minutes) and then flags it
//! failed.

use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::crypto::{AAD_VERSION, Aad, Sealed};
use super::repo::{self, ChannelRow, NoticeRow};
use super::rules;
use super::send::send;
pub use super::send::{Senders, Sms, smtp};
use crate::context::Settings;
use crate::error::AppError;

/// Queues one notice, its text sealed with the message key for its row: the id is chosen inside
/// the caller's `BEGIN IMMEDIATE` transaction, so the text is bound to it before the insert.
#[allow(clippy::too_many_arguments)]
pub async fn queue(
    tx: &mut Transaction<'_, Sqlite>,
    settings: &Settings,
    channel_id: crate::channels::ChannelId,
    link_id: Option<crate::channels::LinkId>,
    purpose: &str,
    transport: &str,
    recipient: &str,
    text: &str,
    now: i64,
) -> Result<(), AppError> {
    let id = repo::next_notice_id(&mut **tx).await?;
    let sealed = settings
        .message_keys
        .seal(&Aad::notice(id, Some(channel_id)), text)
        .ok_or_else(|| AppError::internal("seal", "no message key"))?;
    let notice = repo::NewNotice {
        id,
        channel_id: Some(channel_id),
        link_id,
        purpose,
        transport,
        recipient,
        sealed: &sealed,
        now,
    };
    repo::insert_notice(&mut **tx, &notice).await?;
    Ok(())
}

/// A notice to a staff member or caseworker by e-mail, outside any channel (a description sent,
/// a visit stopped): its text is generic and holds at most a link.
pub async fn queue_plain(
    tx: &mut Transaction<'_, Sqlite>,
    settings: &Settings,
    email: &str,
    text: &str,
    now: i64,
) -> Result<(), AppError> {
    let id = repo::next_notice_id(&mut **tx).await?;
    let sealed = settings
        .message_keys
        .seal(&Aad::notice(id, None), text)
        .ok_or_else(|| AppError::internal("seal", "no message key"))?;
    let notice = repo::NewNotice {
        id,
        channel_id: None,
        link_id: None,
        purpose: "message",
        transport: "email",
        recipient: email,
        sealed: &sealed,
        now,
    };
    repo::insert_notice(&mut **tx, &notice).await?;
    Ok(())
}

/// "You have a new message" to everyone on the family's side of the channel: the thread's person
/// with an active account by e-mail (to their portal), link holders the way their link went.
/// One each.
pub async fn queue_message_notices(
    tx: &mut Transaction<'_, Sqlite>,
    settings: &Settings,
    channel: &ChannelRow,
    now: i64,
) -> Result<(), AppError> {
    // One notice a person: by address, and by account for a parent who also holds a link.
    let mut sent: Vec<String> = Vec::new();
    let mut users: Vec<i64> = Vec::new();
    let portal = format!("{}/mine-beskeder", settings.public_url);
    if channel.kind == "family" {
        // A person's own thread: only that person (the shared archive: nobody).
        let own = |p: &repo::ParentRow| p.active && channel.person_id == Some(p.person_id);
        for p in repo::parents(&mut **tx, channel.family_id).await?.into_iter().filter(own) {
            if let (Some(user), Some(email)) = (p.user_id, p.email) {
                queue(tx, settings, channel.id, None, "message", "email", &email, &rules::message_notice(&portal), now)
                    .await?;
                sent.push(email.to_lowercase());
                users.push(user);
            }
        }
    }
    for link in repo::links_of(&mut **tx, channel.id).await? {
        if link.revoked_at.is_some() || link.locked_at.is_some() || !link.user_active {
            continue;
        }
        // The way the link itself went.
        let Some((transport, to)) = link.sent_to().map(|(t, to)| (t, to.to_string())) else { continue };
        if sent.contains(&to.to_lowercase()) || link.user_id.is_some_and(|u| users.contains(&u)) {
            continue;
        }
        let url = if link.user_id.is_some() { portal.clone() } else { format!("{}/kanal", settings.public_url) };
        queue(tx, settings, channel.id, Some(link.id), "message", transport, &to, &rules::message_notice(&url), now)
            .await?;
        sent.push(to.to_lowercase());
    }
    Ok(())
}

/// How many notices are sent at once.
const AT_ONCE: usize = 8;

/// Sends what is due at `now` once: claims it, sends up to `AT_ONCE` at a time, each within
/// `settings.notice_timeout`; returns how many were tried.
pub async fn send_due(pool: &SqlitePool, settings: &Settings, senders: &Senders, now: i64) -> Result<usize, AppError> {
    let due = repo::claim_due(pool, now, rules::CLAIM_SECS, 20).await?;
    // The futures are made first: a stream mapping them with a closure trips the compiler's
    // higher-ranked `Send` check when the worker is spawned ("FnOnce is not general enough").
    let sends: Vec<_> = due.iter().map(|n| send_one(pool, settings, senders, n, now)).collect();
    let results: Vec<Result<(), AppError>> = futures::stream::iter(sends).buffer_unordered(AT_ONCE).collect().await;
    results.into_iter().collect::<Result<Vec<()>, _>>()?;
    Ok(due.len())
}

/// Opens, sends and records one claimed notice.
async fn send_one(
    pool: &SqlitePool,
    settings: &Settings,
    senders: &Senders,
    n: &NoticeRow,
    now: i64,
) -> Result<(), AppError> {
    let sealed = Sealed { key_id: n.key_id.clone(), nonce: n.nonce.clone(), body: n.body.clone() };
    let aad = Aad::notice(n.id, n.channel_id).version(n.aad_version);
    let result = match settings.message_keys.open(&aad, &sealed) {
        Some(text) => tokio::time::timeout(settings.notice_timeout, send(senders, &n.transport, &n.recipient, &text))
            .await
            .unwrap_or(Err("timed out")),
        None => Err("the notice does not open (no key, or altered)"),
    };
    match result {
        Ok(()) => repo::notice_sent(pool, n.id, now).await?,
        Err(why) => {
            let tries = n.attempts + 1;
            let give_up = tries >= rules::MAX_SEND_ATTEMPTS;
            tracing::warn!(notice_id = n.id, tries, give_up, why, "notice not sent");
            repo::notice_failed(pool, n.id, now + rules::backoff_secs(tries), give_up, why).await?;
        }
    }
    Ok(())
}

/// The worker: sends due notices every `every`, and once a day deletes message texts older than
/// the retention period. Runs until the process ends.
pub async fn run(pool: SqlitePool, settings: std::sync::Arc<Settings>, senders: Senders, every: Duration) {
    let mut last_sweep = 0;
    loop {
        if let Err(e) = send_due(&pool, &settings, &senders, Utc::now().timestamp()).await {
            tracing::error!(error = %e, "sending notices failed");
        }
        let now = Utc::now().timestamp();
        if now - last_sweep > 86_400 {
            last_sweep = now;
            match repo::delete_old_bodies(&pool, now - settings.message_retention_days * 86_400, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "message texts past the retention period deleted"),
                Err(e) => tracing::error!(error = %e, "retention sweep failed"),
            }
        }
        tokio::time::sleep(every).await;
    }
}

/// Re-encrypts every body and notice under the current key and binding (rows sealed before texts
/// were bound to their row are resealed bound to it); returns how many.
pub async fn rotate(pool: &SqlitePool, settings: &Settings) -> Result<usize, AppError> {
    let keys = &settings.message_keys;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let rows = repo::to_reseal(&mut *tx, keys.current_id(), AAD_VERSION).await?;
    for r in &rows {
        let aad = match r.channel_id {
            Some(channel) if !r.notice => Aad::message(crate::channels::MessageId(r.id), channel, &r.side),
            channel => Aad::notice(r.id, channel),
        };
        let stored = Sealed { key_id: r.key_id.clone(), nonce: r.nonce.clone(), body: r.body.clone() };
        let table = if r.notice { "notices" } else { "messages" };
        let text = keys.open(&aad.version(r.aad_version), &stored).ok_or_else(|| {
            AppError::internal(
                "rotate",
                format!(
                    "{table} row {} does not open: its key is not in SAMVAER_MESSAGE_KEYS, or it was altered",
                    r.id
                ),
            )
        })?;
        let sealed = keys.seal(&aad, &text).ok_or_else(|| AppError::internal("rotate", "no key"))?;
        repo::reseal(&mut *tx, r.notice, r.id, &sealed).await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}
