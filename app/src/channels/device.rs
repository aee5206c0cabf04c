//! Opening a link on a device: the closed states, the one-time code on a second channel (six
//! digits, ten minutes, locked after five wrong), and the long-lived device cookie (stored as a
//! hash) that the link holder reads with afterwards.

use chrono::Utc;
use sqlx::{SqliteConnection, SqlitePool};

use super::links::closed;
use super::repo::{self, ChannelRow, LinkRow};
use super::{LinkState, rules};
use crate::audit::{self, Entry};
use crate::calendar::token;
use crate::context::Settings;
use crate::error::AppError;

/// The link for a token from the address bar, or a closed state in words.
/// Reads on `db`: a pooled connection, or the transaction a code is checked in (so parallel
/// tries see each other's counts).
async fn find(db: &mut SqliteConnection, secret: &str) -> Result<Result<(LinkRow, ChannelRow), String>, AppError> {
    let unknown = "Linket findes ikke. Tjek, at hele linket kom med.".to_string();
    if !token::looks_valid(secret) {
        return Ok(Err(unknown));
    }
    let Some(link) = repo::link_by_hash(&mut *db, &token::hash(secret)).await? else { return Ok(Err(unknown)) };
    let channel = repo::channel(&mut *db, link.channel_id).await?.ok_or(AppError::NotFound)?;
    let active = repo::family_active(&mut *db, channel.family_id).await?;
    match closed(&link, Utc::now().timestamp(), active) {
        Some(why) => Ok(Err(why.to_string())),
        None => Ok(Ok((link, channel))),
    }
}

/// Where a confirmed link holder reads: their portal for a parent with an account, else /kanal.
fn landing(link: &LinkRow) -> String {
    if link.user_id.is_some() { "/mine-beskeder".into() } else { "/kanal".into() }
}

/// What opening `/k/<token>` shows: the thread if this device is confirmed, else the code step.
pub async fn open(pool: &SqlitePool, secret: &str, device: Option<&str>, phone: String) -> Result<LinkState, AppError> {
    let (link, _) = match find(&mut *pool.acquire().await?, secret).await? {
        Ok(found) => found,
        Err(why) => return Ok(LinkState::Closed { why, phone }),
    };
    if let Some(d) = device
        && repo::device_link(pool, &token::hash(d), Utc::now().timestamp()).await?.is_some_and(|l| l.id == link.id)
    {
        return Ok(LinkState::Open { to: landing(&link) });
    }
    let sent_to = if link.code_expires_at.is_some_and(|t| t > Utc::now().timestamp()) {
        link.code_to().map(|(_, to)| rules::mask(to)).unwrap_or_default()
    } else {
        String::new()
    };
    Ok(LinkState::NeedsCode { person: link.person_name, sent_to })
}

/// Sends a new one-time code (valid 10 minutes); at most one a minute.
pub async fn send_code(pool: &SqlitePool, settings: &Settings, secret: &str) -> Result<String, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (link, channel) = find(&mut tx, secret).await?.map_err(AppError::Conflict)?;
    let now = Utc::now().timestamp();
    if link.code_expires_at.is_some_and(|t| t - rules::CODE_SECS + 60 > now) {
        return Err(AppError::TooManyAttempts(
            "Der er lige sendt en kode. Vent et minut, før du beder om en ny.".into(),
        ));
    }
    let (transport, to) = link.code_to().ok_or(AppError::NotFound)?;
    let code = rules::new_code();
    repo::set_code(&mut *tx, link.id, &code_hash(settings, link.id, &code), now + rules::CODE_SECS).await?;
    super::notify::queue(
        &mut tx,
        settings,
        channel.id,
        Some(link.id),
        "code",
        transport,
        to,
        &rules::code_notice(&code),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(rules::mask(to))
}

fn code_hash(settings: &Settings, link_id: i64, code: &str) -> String {
    token::derive(&settings.secret_key, "channel-code", &format!("{link_id}:{code}"))
}

/// Checks the code. Right: the device gets a long-lived cookie token (returned) and, for a parent
/// with an account, a signed-in session. Wrong: one of five tries used; the fifth locks the link.
pub async fn verify(
    pool: &SqlitePool,
    settings: &Settings,
    secret: &str,
    code: &str,
) -> Result<(String, LinkRow), AppError> {
    // The link is read inside the write lock: of parallel tries each sees the others' count, so
    // no more than five wrong codes are ever taken, and a right code is used once.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (link, channel) = find(&mut tx, secret).await?.map_err(AppError::Conflict)?;
    let now = Utc::now().timestamp();
    let matches = rules::code_shape(code)
        .zip(link.code_hash.as_deref())
        .is_some_and(|(c, stored)| token::hash(&code_hash(settings, link.id, c)) == token::hash(stored));
    if let Err(refusal) =
        rules::check_code(now, link.code_expires_at, link.code_attempts, link.locked_at.is_some(), matches)
    {
        if !matches!(refusal, rules::CodeRefusal::Expired) {
            let lock = matches!(refusal, rules::CodeRefusal::Locked).then_some(now);
            repo::code_failed(&mut *tx, link.id, lock).await?;
            let entry = Entry::new(None, "code_failed", "channel_link", Some(link.id))
                .family(channel.family_id)
                .by_link(Some(link.id));
            audit::repo::insert(&mut *tx, entry).await?;
            tx.commit().await?;
        }
        return Err(AppError::invalid("code", refusal.message()));
    }
    repo::code_used(&mut *tx, link.id).await?;
    let device = token::random();
    repo::insert_device(&mut *tx, link.id, &token::hash(&device), now, now + rules::DEVICE_SECS).await?;
    let entry = Entry::new(link.user_id, "device_confirmed", "channel_link", Some(link.id))
        .family(channel.family_id)
        .by_link(Some(link.id));
    audit::repo::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok((device, link))
}

/// The link a device cookie stands for, while the link and the person's access live.
pub async fn device(pool: &SqlitePool, cookie: &str) -> Result<Option<LinkRow>, AppError> {
    if !token::looks_valid(cookie) {
        return Ok(None);
    }
    let now = Utc::now().timestamp();
    let Some(link) = repo::device_link(pool, &token::hash(cookie), now).await? else { return Ok(None) };
    let channel = repo::channel(pool, link.channel_id).await?.ok_or(AppError::NotFound)?;
    let active = repo::family_active(pool, channel.family_id).await?;
    // A confirmed device outlives the link's 14 days to open it, not a revocation or a lock.
    let usable = link.revoked_at.is_none() && link.locked_at.is_none() && link.user_active && active;
    Ok(usable.then_some(link))
}
