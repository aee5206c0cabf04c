//! Making, revoking and serving calendar feeds.

use chrono::Utc;
use sqlx::SqlitePool;

use super::ics::{self, FeedEvent};
use super::{CalendarStatus, NewLink, repo, token};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::context::SecretKey;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::time;
use crate::visits::{Kind, Status};

/// Past appointments stay in the feed this long.
const KEEP_PAST_SECS: i64 = 60 * 24 * 60 * 60;

pub fn link(public_url: &str, token: &str) -> NewLink {
    let https = format!("{}/ical/{token}.ics", public_url.trim_end_matches('/'));
    let webcal = format!("webcal://{}", https.split_once("://").map(|(_, rest)| rest).unwrap_or(&https));
    NewLink { https, webcal }
}

const PURPOSE: &str = "calendar-feed";

/// A new secret link; any earlier one stops working at once.
#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn create(pool: &SqlitePool, key: &SecretKey, user: &CurrentUser) -> Result<(), AppError> {
    crate::portal::service::family_of(user)?;
    let nonce = token::new_nonce();
    let token = token::derive(key, PURPOSE, &nonce);
    let now = Utc::now().timestamp();
    let mut tx = pool.begin().await?;
    repo::revoke_all(&mut *tx, user.id.0, now).await?;
    let id = repo::insert(&mut *tx, user.id.0, &nonce, &token::hash(&token), now).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "create", "calendar_feed", Some(id))).await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn revoke(pool: &SqlitePool, user: &CurrentUser) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    repo::revoke_all(&mut *tx, user.id.0, Utc::now().timestamp()).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "revoke", "calendar_feed", None)).await?;
    tx.commit().await?;
    Ok(())
}

/// The parent's working link (rebuilt from its nonce and the server key), if any.
pub async fn status(
    pool: &SqlitePool,
    settings: &crate::context::Settings,
    user: &CurrentUser,
    lang: Lang,
) -> Result<CalendarStatus, AppError> {
    let active = repo::active(pool, user.id.0).await?;
    Ok(CalendarStatus {
        active_since: active.as_ref().map(|(_, at)| time::long_in(lang, time::from_unix(*at))),
        link: active
            .map(|(nonce, _)| link(&settings.public_url, &token::derive(&settings.secret_key, PURPOSE, &nonce))),
    })
}

/// The calendar text for a token, or None for a token that is wrong, revoked or whose owner has
/// lost access.
pub async fn feed(pool: &SqlitePool, public_url: &str, token: &str) -> Result<Option<String>, AppError> {
    if !token::looks_valid(token) {
        return Ok(None);
    }
    let Some((family, user)) = repo::owner_of(pool, &token::hash(token)).await? else {
        return Ok(None);
    };
    let now = Utc::now().timestamp();
    let rows = repo::events(pool, family, now - KEEP_PAST_SECS).await?;
    audit::read(pool, Entry::new(Some(user), "read", "calendar_feed", None).family(family)).await?;
    let base = public_url.trim_end_matches('/');
    let events: Vec<FeedEvent> = rows
        .iter()
        .map(|r| FeedEvent {
            uid: format!("appointment-{}@samvaer", r.id),
            starts: time::from_unix(r.starts_at),
            ends: time::from_unix(r.ends_at),
            summary: summary(r.kind, r.place_name.as_deref()),
            location: r.place_address.clone().unwrap_or_default(),
            url: format!("{base}/mine-samvaer/{}", r.id),
            description: format!("Se detaljer i appen: {base}/mine-samvaer/{}", r.id),
            cancelled: r.status == Status::Cancelled,
            updated: time::from_unix(r.updated_at),
            sequence: u32::try_from((r.updated_at - r.created_at).max(0)).unwrap_or(u32::MAX),
        })
        .collect();
    Ok(Some(ics::calendar("Samvær", &events, Utc::now())))
}

/// "Samvær · Rum 2", "Opstartsmøde · Rum 1": the kind and the room, nothing about the family.
pub fn summary(kind: Kind, place: Option<&str>) -> String {
    let what = match kind {
        Kind::Visit => "Samvær",
        Kind::KickoffMeeting => "Opstartsmøde",
        Kind::FollowupMeeting => "Opfølgningsmøde",
        Kind::GuidanceBefore | Kind::GuidanceAfter => "Vejledning",
    };
    match place {
        Some(p) => format!("{what} · {p}"),
        None => what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_summaries() {
        let l = link("https://samvaer.example.dk/", "abc");
        assert_eq!(l.https, "https://samvaer.example.dk/ical/abc.ics");
        assert_eq!(l.webcal, "webcal://samvaer.example.dk/ical/abc.ics");
        assert_eq!(summary(crate::visits::Kind::Visit, Some("Rum 2")), "Samvær · Rum 2");
        assert_eq!(summary(crate::visits::Kind::GuidanceBefore, None), "Vejledning");
    }
}
