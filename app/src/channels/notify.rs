//! Notices by e-mail (SMTP through `lettre`, the maintained Rust mail crate: STARTTLS or TLS,
//! credentials, async on tokio) and SMS (an HTTP gateway adapter, or a log-only adapter for
//! development). A notice's text is generic and holds at most a link; it is stored encrypted and
//! sent by a worker that retries with backoff (1, 5, 25, 125 minutes) and then flags it failed.

use chrono::Utc;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::crypto::{AAD_VERSION, Aad, Sealed};
use super::repo::{self, ChannelRow};
use super::rules;
use crate::context::Settings;
use crate::error::AppError;

/// Queues one notice, its text sealed with the message key for its row: the id is chosen inside
/// the caller's `BEGIN IMMEDIATE` transaction, so the text is bound to it before the insert.
#[allow(clippy::too_many_arguments)]
pub async fn queue(
    tx: &mut Transaction<'_, Sqlite>,
    settings: &Settings,
    channel_id: i64,
    link_id: Option<i64>,
    purpose: &str,
    transport: &str,
    recipient: &str,
    text: &str,
    now: i64,
) -> Result<(), AppError> {
    let id = repo::next_notice_id(&mut **tx).await?;
    let sealed = settings
        .message_keys
        .seal(&Aad::notice(id, channel_id), text)
        .ok_or_else(|| AppError::internal("seal", "no message key"))?;
    let notice = repo::NewNotice { id, channel_id, link_id, purpose, transport, recipient, sealed: &sealed, now };
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

/// How the server sends: SMTP settings and the SMS adapter. Secrets are redacted in `Debug`.
#[derive(Clone)]
pub struct Senders {
    pub mail: Option<AsyncSmtpTransport<Tokio1Executor>>,
    pub from: Mailbox,
    pub sms: Sms,
}

impl std::fmt::Debug for Senders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Senders(mail: {}, sms: {:?})", self.mail.is_some(), self.sms)
    }
}

/// The SMS adapter: a gateway that takes `POST {url}` with JSON `{"to", "text"}` and a bearer
/// token; the log-only adapter that writes that an SMS would go (masked number, never text); or,
/// for the demo and tests only, a folder the texts are written to, like the local mail sink.
#[derive(Clone)]
pub enum Sms {
    Log,
    Http { url: String, token: String, client: reqwest::Client },
    Folder(std::path::PathBuf),
}

impl std::fmt::Debug for Sms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Sms::Log => f.write_str("log only"),
            Sms::Http { url, .. } => write!(f, "http gateway {url} (token redacted)"),
            Sms::Folder(dir) => write!(f, "folder {} (demo and tests only)", dir.display()),
        }
    }
}

/// SMTP: host, port, "none" / "starttls" / "tls", optional user and password.
pub fn smtp(
    host: &str,
    port: u16,
    tls: &str,
    user: Option<String>,
    password: Option<String>,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let builder = match tls {
        "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(|e| format!("SMTP TLS: {e}"))?,
        "starttls" => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(|e| format!("SMTP STARTTLS: {e}"))?
        }
        _ => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
    };
    let builder = builder.port(port).timeout(Some(std::time::Duration::from_secs(20)));
    Ok(match (user, password) {
        (Some(u), Some(p)) => builder.credentials(Credentials::new(u, p)).build(),
        _ => builder.build(),
    })
}

async fn send(senders: &Senders, transport: &str, to: &str, text: &str) -> Result<(), &'static str> {
    match transport {
        "email" => {
            let mail = senders.mail.as_ref().ok_or("no SMTP server configured")?;
            let to: Mailbox = to.parse().map_err(|_| "bad address")?;
            let message = Message::builder()
                .from(senders.from.clone())
                .to(to)
                .subject("Besked fra samværscentret")
                .header(ContentType::TEXT_PLAIN)
                .body(text.to_string())
                .map_err(|_| "could not build the mail")?;
            mail.send(message).await.map(|_| ()).map_err(|_| "SMTP send failed")
        }
        _ => match &senders.sms {
            Sms::Log => {
                tracing::info!(to = rules::mask(to), "SMS (log-only adapter): not sent");
                Ok(())
            }
            Sms::Http { url, token, client } => {
                let body = serde_json::json!({ "to": to, "text": text });
                let res = client
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .map_err(|_| "SMS gateway unreachable")?;
                if res.status().is_success() { Ok(()) } else { Err("SMS gateway refused") }
            }
            Sms::Folder(dir) => {
                std::fs::create_dir_all(dir).map_err(|_| "SMS folder")?;
                let n = std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0) + 1;
                std::fs::write(dir.join(format!("{n:04}.txt")), format!("To: {to}\n\n{text}\n"))
                    .map_err(|_| "SMS folder")
            }
        },
    }
}

/// Sends what is due at `now` once; returns how many were tried.
pub async fn send_due(pool: &SqlitePool, settings: &Settings, senders: &Senders, now: i64) -> Result<usize, AppError> {
    let due = repo::claim_due(pool, now, rules::CLAIM_SECS, 20).await?;
    for n in &due {
        let sealed = Sealed { key_id: n.key_id.clone(), nonce: n.nonce.clone(), body: n.body.clone() };
        let aad = Aad::notice(n.id, n.channel_id.unwrap_or(0)).version(n.aad_version);
        let result = match settings.message_keys.open(&aad, &sealed) {
            Some(text) => send(senders, &n.transport, &n.recipient, &text).await,
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
    }
    Ok(due.len())
}

/// The worker: sends due notices every `every`, and once a day deletes message texts older than
/// the retention period. Runs until the process ends.
pub async fn run(pool: SqlitePool, settings: std::sync::Arc<Settings>, senders: Senders, every: std::time::Duration) {
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
        let aad = if r.notice { Aad::notice(r.id, r.channel_id) } else { Aad::message(r.id, r.channel_id, &r.side) };
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
