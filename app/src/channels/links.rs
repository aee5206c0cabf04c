//! Secure channel links: staff create one for one person and one channel. The token is 32 random
//! bytes (only its SHA-256 is stored); it expires, staff revoke it in one click, and it dies when
//! the person's access ends. The first opening on a device needs a one-time code sent on a second
//! channel; then the device holds a long-lived cookie (also stored only as a hash).

use chrono::Utc;
use sqlx::SqlitePool;

use super::repo::{self, ChannelRow, LinkRow};
use super::{LinkView, NoticeView, Thread, rules};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::calendar::token;
use crate::context::Settings;
use crate::error::AppError;
use crate::time;

/// Why a link cannot be used now, if it cannot.
pub(super) fn closed(link: &LinkRow, now: i64, family_active: bool) -> Option<&'static str> {
    if link.revoked_at.is_some() {
        Some("Linket er lukket af samværscentret.")
    } else if link.locked_at.is_some() {
        Some("Linket er spærret, fordi der er tastet forkert kode for mange gange.")
    } else if !link.user_active || !family_active {
        Some("Din adgang er ophørt.")
    } else if link.expires_at <= now {
        Some("Linket er udløbet.")
    } else {
        None
    }
}

fn link_view(l: &LinkRow, now: i64) -> LinkView {
    let to: Vec<String> = [l.email.as_deref(), l.phone.as_deref()].into_iter().flatten().map(rules::mask).collect();
    let (state, active) = match closed(l, now, true) {
        None => (format!("Gælder til {}", time::long(time::from_unix(l.expires_at))), true),
        Some(_) if l.revoked_at.is_some() => ("Lukket".to_string(), false),
        Some(_) if l.locked_at.is_some() => ("Spærret (for mange forkerte koder)".to_string(), false),
        Some(_) => ("Udløbet".to_string(), false),
    };
    LinkView { id: l.id, person: l.person_name.clone(), to: to.join(" · "), state, active }
}

/// Links, notices, the parents to make links for and the participant channels, for staff.
pub async fn staff_extras(pool: &SqlitePool, channel: &ChannelRow, thread: &mut Thread) -> Result<(), AppError> {
    let now = Utc::now().timestamp();
    thread.links = repo::links_of(pool, channel.id).await?.iter().map(|l| link_view(l, now)).collect();
    thread.notices = repo::notices_of(pool, channel.id)
        .await?
        .iter()
        .map(|n| NoticeView {
            when: time::long(time::from_unix(n.created_at)),
            what: match n.purpose.as_str() {
                "invite" => "Link".into(),
                "code" => "Kode".into(),
                _ => "Ny besked".into(),
            },
            to: format!("{} til {}", if n.transport == "sms" { "SMS" } else { "e-mail" }, rules::mask(&n.recipient)),
            state: match (n.state.as_str(), n.sent_at) {
                ("sent", Some(t)) => format!("Sendt {}", time::clock(time::from_unix(t))),
                ("failed", _) => format!("Kunne ikke sendes ({} forsøg)", n.attempts),
                (_, _) if n.attempts > 0 => format!("Venter (forsøg {})", n.attempts + 1),
                _ => "Venter".into(),
            },
            failed: n.state == "failed",
        })
        .collect();
    if channel.kind == "family" {
        thread.parents = repo::parents(pool, channel.family_id)
            .await?
            .into_iter()
            .map(|(id, name, user, _, _)| (id, name, user.is_some()))
            .collect();
        thread.others = repo::participant_channels(pool, channel.family_id).await?;
    }
    Ok(())
}

/// A new link for a person: a parent of the family (`person_id`) or, on a participant channel, a
/// named person with an e-mail and/or phone. The invitation is queued; the link is returned once.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip_all, fields(user_id = user.id.0, channel_id))]
pub async fn create(
    pool: &SqlitePool,
    settings: &Settings,
    user: &CurrentUser,
    channel: &ChannelRow,
    person_id: i64,
    name: &str,
    email: &str,
    phone: &str,
    days: i64,
) -> Result<String, AppError> {
    let days = rules::link_days(days)?;
    let (mut name, mut email, mut phone, mut user_id) =
        (name.trim().to_string(), email.trim().to_string(), phone.trim().to_string(), None);
    if person_id > 0 {
        let parents = repo::parents(pool, channel.family_id).await?;
        let p = parents.into_iter().find(|p| p.0 == person_id).filter(|_| channel.kind == "family");
        let (_, n, u, e, ph) = p.ok_or_else(|| AppError::invalid("person_id", "Vælg en af familiens forældre."))?;
        name = n;
        user_id = u;
        if email.is_empty() {
            email = e.unwrap_or_default();
        }
        if phone.is_empty() {
            phone = ph.unwrap_or_default();
        }
    }
    if name.chars().count() < 2 || name.chars().count() > 80 {
        return Err(AppError::invalid("name", "Skriv navnet på den, linket er til."));
    }
    if !email.is_empty() && !crate::auth::rules::looks_like_email(&email) {
        return Err(AppError::invalid("email", "E-mailadressen ser forkert ud."));
    }
    if !phone.is_empty() && phone.chars().filter(char::is_ascii_digit).count() < 8 {
        return Err(AppError::invalid("phone", "Skriv et telefonnummer med mindst 8 cifre."));
    }
    if email.is_empty() && phone.is_empty() {
        return Err(AppError::invalid("email", "Linket skal sendes til en e-mail eller et telefonnummer."));
    }
    let secret = token::random();
    let url = format!("{}/k/{secret}", settings.public_url);
    let now = Utc::now().timestamp();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (email, phone) = ((!email.is_empty()).then_some(email.as_str()), (!phone.is_empty()).then_some(phone.as_str()));
    let new = repo::NewLink {
        channel_id: channel.id,
        person_name: &name,
        email,
        phone,
        user_id,
        token_hash: &token::hash(&secret),
        created_by: user.id.0,
        now,
        expires_at: now + days * 86_400,
    };
    let id = repo::insert_link(&mut *tx, &new).await?;
    let (transport, to) = match (email, phone) {
        (Some(e), _) => ("email", e),
        (None, Some(p)) => ("sms", p),
        (None, None) => {
            return Err(AppError::invalid("email", "Linket skal sendes til en e-mail eller et telefonnummer."));
        }
    };
    super::notify::queue(
        &mut tx,
        settings,
        channel.id,
        Some(id),
        "invite",
        transport,
        to,
        &rules::invite_notice(&url),
        now,
    )
    .await?;
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "create", "channel_link", Some(id)).family(channel.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(url)
}

pub async fn revoke(pool: &SqlitePool, user: &CurrentUser, channel: &ChannelRow, link_id: i64) -> Result<(), AppError> {
    let link = repo::link(pool, link_id).await?.filter(|l| l.channel_id == channel.id).ok_or(AppError::NotFound)?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    repo::revoke(&mut *tx, link.id, Utc::now().timestamp()).await?;
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "revoke", "channel_link", Some(link.id)).family(channel.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A channel with an outside participant (a placement's contact, a caseworker) for a family.
pub async fn add_participant_channel(
    pool: &SqlitePool,
    user: &CurrentUser,
    family_channel: &ChannelRow,
    title: &str,
) -> Result<i64, AppError> {
    let title = title.trim();
    if family_channel.kind != "family" {
        return Err(AppError::NotFound);
    }
    if !(2..=80).contains(&title.chars().count()) {
        return Err(AppError::invalid("title", "Skriv, hvem kanalen er med (2 til 80 tegn)."));
    }
    let now = Utc::now().timestamp();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let id = repo::insert_channel(&mut *tx, family_channel.family_id, "participant", title, now).await?;
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "create", "channel", Some(id)).family(family_channel.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A parent asks for a sign-in link: if the address belongs to an active parent account, a link
/// to their family's channel (valid one day) is sent to it, and the code then goes by SMS if they
/// have a phone. The answer is the same whether or not the address is known.
pub async fn request_sign_in(pool: &SqlitePool, settings: &Settings, email: &str) -> Result<(), AppError> {
    let email = crate::auth::rules::normalise_email(email);
    if !crate::auth::rules::looks_like_email(&email) {
        return Err(AppError::invalid("email", "Skriv din e-mailadresse."));
    }
    let Some(user) = crate::auth::repo::find_by_email(pool, &email).await?.filter(|u| u.active && u.role == "parent")
    else {
        tracing::info!("sign-in link asked for an unknown address");
        return Ok(());
    };
    let Some(family_id) = crate::visits::repo::family_of_user(pool, user.id).await? else { return Ok(()) };
    repo::ensure_family_channels(pool, Utc::now().timestamp()).await?;
    let channel_id = repo::family_channel(pool, family_id).await?.ok_or(AppError::NotFound)?;
    let channel = repo::channel(pool, channel_id).await?.ok_or(AppError::NotFound)?;
    if !repo::family_active(pool, family_id).await? {
        return Ok(());
    }
    let phone = repo::parents(pool, family_id).await?.into_iter().find(|p| p.2 == Some(user.id)).and_then(|p| p.4);
    let secret = token::random();
    let url = format!("{}/k/{secret}", settings.public_url);
    let now = Utc::now().timestamp();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let new = repo::NewLink {
        channel_id: channel.id,
        person_name: &user.full_name,
        email: Some(&email),
        phone: phone.as_deref(),
        user_id: Some(user.id),
        token_hash: &token::hash(&secret),
        created_by: user.id,
        now,
        expires_at: now + 86_400,
    };
    let id = repo::insert_link(&mut *tx, &new).await?;
    let text = rules::sign_in_notice(&url);
    super::notify::queue(&mut tx, settings, channel.id, Some(id), "invite", "email", &email, &text, now).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id), "create", "sign_in_link", Some(id)).family(family_id))
        .await?;
    tx.commit().await?;
    Ok(())
}
