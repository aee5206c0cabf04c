//! Opening a link on a device: the closed states, the one-time code on a second channel (six
//! digits, ten minutes, locked after five wrong), and the device cookie (stored as a hash) that
//! the link holder reads with afterwards. A device lives like a session (idle and absolute
//! timeouts) and never outlives its link; signing out forgets it.

use chrono::Utc;
use sqlx::{SqliteConnection, SqlitePool};

use super::links::{Closure, closed};
use super::repo::{self, ChannelRow, LinkRow};
use super::{LinkState, access, rules};
use crate::audit::{self, Entry};
use crate::calendar::token;
use crate::context::Settings;
use crate::error::AppError;
use crate::i18n::Lang;

/// The link for a token from the address bar, or why it is closed.
/// Reads on `db`: a pooled connection, or the transaction a code is checked in (so parallel
/// tries see each other's counts).
async fn find(db: &mut SqliteConnection, secret: &str) -> Result<Result<(LinkRow, ChannelRow), Closure>, AppError> {
    if !token::looks_valid(secret) {
        return Ok(Err(Closure::Unknown));
    }
    let Some(link) = repo::link_by_hash(&mut *db, &token::hash(secret)).await? else {
        return Ok(Err(Closure::Unknown));
    };
    let channel = repo::channel(&mut *db, link.channel_id).await?.ok_or(AppError::NotFound)?;
    let active = repo::family_active(&mut *db, channel.family_id).await?;
    match closed(&link, Utc::now().timestamp(), active) {
        Some(why) => Ok(Err(why)),
        None => Ok(Ok((link, channel))),
    }
}

/// Where a confirmed link holder reads: their portal for a parent with an account, else /kanal.
fn landing(link: &LinkRow) -> String {
    if link.user_id.is_some() { "/mine-beskeder".into() } else { "/kanal".into() }
}

/// What opening `/k/<token>` shows: the thread if this device is confirmed, else the code step;
/// a closed link says why in `lang`.
pub async fn open(
    pool: &SqlitePool,
    settings: &Settings,
    secret: &str,
    device_cookie: Option<&str>,
    phone: String,
    lang: Lang,
) -> Result<LinkState, AppError> {
    let (link, _) = match find(&mut *pool.acquire().await?, secret).await? {
        Ok(found) => found,
        Err(why) => return Ok(LinkState::Closed { why: why.words(lang).to_string(), phone }),
    };
    if let Some(d) = device_cookie
        && device(pool, settings, d).await?.is_some_and(|l| l.id == link.id)
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

/// Sends a new one-time code (valid 10 minutes); at most one a minute. Refusals in `lang`.
pub async fn send_code(pool: &SqlitePool, settings: &Settings, secret: &str, lang: Lang) -> Result<String, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (link, channel) = find(&mut tx, secret).await?.map_err(|why| AppError::Conflict(why.words(lang).into()))?;
    let now = Utc::now().timestamp();
    if link.code_expires_at.is_some_and(|t| t - rules::CODE_SECS + 60 > now) {
        return Err(AppError::TooManyAttempts(
            lang.t(
                "Der er lige sendt en kode. Vent et minut, før du beder om en ny.",
                "A code was sent a moment ago. Wait a minute before asking for a new one.",
            )
            .into(),
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

fn code_hash(settings: &Settings, link_id: crate::channels::LinkId, code: &str) -> String {
    token::derive(&settings.secret_key, "channel-code", &format!("{link_id}:{code}"))
}

/// A device confirmed with the code: its cookie token and how many seconds it lives.
pub struct Confirmed {
    pub cookie: String,
    pub max_age: i64,
    pub link: LinkRow,
}

/// Checks the code. Right: the device gets a cookie token (returned) that lives like a session,
/// never past the link. Wrong: one of five tries used; the fifth locks the link. Refusals in `lang`.
pub async fn verify(
    pool: &SqlitePool,
    settings: &Settings,
    secret: &str,
    code: &str,
    lang: Lang,
) -> Result<Confirmed, AppError> {
    // The link is read inside the write lock: of parallel tries each sees the others' count, so
    // no more than five wrong codes are ever taken, and a right code is used once.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (link, channel) = find(&mut tx, secret).await?.map_err(|why| AppError::Conflict(why.words(lang).into()))?;
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
            let entry = Entry::new(None, "code_failed", "channel_link", Some(link.id.0))
                .family(channel.family_id)
                .by_link(Some(link.id));
            audit::repo::insert(&mut *tx, entry).await?;
            tx.commit().await?;
        }
        return Err(AppError::invalid("code", refusal.message(lang)));
    }
    repo::code_used(&mut *tx, link.id).await?;
    let device = token::random();
    let expires = access::device_expires(now, settings.session_absolute_secs, link.expires_at);
    repo::insert_device(&mut *tx, link.id, &token::hash(&device), now, expires).await?;
    let entry = Entry::new(link.user_id, "device_confirmed", "channel_link", Some(link.id.0))
        .family(channel.family_id)
        .by_link(Some(link.id));
    audit::repo::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(Confirmed { cookie: device, max_age: expires - now, link })
}

/// The link a device cookie stands for, while the device, the link and the person's access live.
/// A device past its idle or absolute time, or its link's expiry, is forgotten.
pub async fn device(pool: &SqlitePool, settings: &Settings, cookie: &str) -> Result<Option<LinkRow>, AppError> {
    if !token::looks_valid(cookie) {
        return Ok(None);
    }
    let now = Utc::now().timestamp();
    let hash = token::hash(cookie);
    let Some(d) = repo::device_by_hash(pool, &hash).await? else { return Ok(None) };
    let Some(link) = repo::link(pool, d.link_id).await? else { return Ok(None) };
    if !access::device_live(now, d.expires_at, link.expires_at, d.last_seen_at, settings.session_idle_secs) {
        repo::delete_device(pool, &hash).await?;
        return Ok(None);
    }
    let channel = repo::channel(pool, link.channel_id).await?.ok_or(AppError::NotFound)?;
    let active = repo::family_active(pool, channel.family_id).await?;
    if closed(&link, now, active).is_some() {
        return Ok(None);
    }
    if access::touch_due(now, d.last_seen_at) {
        repo::touch_device(pool, d.id, now).await?;
    }
    Ok(Some(link))
}

/// Forgets this device (sign-out, or "Log ud / glem denne enhed"): its cookie opens nothing again.
pub async fn forget(pool: &SqlitePool, cookie: &str) -> Result<(), AppError> {
    if token::looks_valid(cookie) && repo::delete_device(pool, &token::hash(cookie)).await? > 0 {
        tracing::info!("device forgotten");
    }
    Ok(())
}
