//! Secure channel links: staff create one for one person and one channel. The token is 32 random
//! bytes (only its SHA-256 is stored); it expires, staff revoke it in one click, and it dies when
//! the person's access ends. The first opening on a device needs a one-time code sent on a second
//! channel; then the device holds a cookie (also stored only as a hash) that lives like a session.
//! A link signs a parent in to their portal only when it and its code go to the addresses their
//! own account records (`access::link_signs_in`); a link to addresses staff typed opens only its
//! thread.

use chrono::Utc;
use sqlx::SqlitePool;

use super::repo::{self, ChannelRow, LinkRow};
use super::{ChannelId, LinkId, LinkView, NoticeView, Thread, access, rules};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::calendar::token;
use crate::context::Settings;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::time;

/// Why a link cannot be used now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Closure {
    /// No link has this token (or it is mistyped).
    Unknown,
    Revoked,
    Locked,
    /// The person's account or the family's case has ended.
    Ended,
    Expired,
}

impl Closure {
    /// In the link holder's language.
    pub(super) fn words(self, lang: Lang) -> &'static str {
        match self {
            Closure::Unknown => lang.t(
                "Linket findes ikke. Tjek, at hele linket kom med.",
                "This link does not exist. Check that the whole link was copied.",
            ),
            Closure::Revoked => {
                lang.t("Linket er lukket af samværscentret.", "The visitation centre has closed this link.")
            }
            Closure::Locked => lang.t(
                "Linket er spærret, fordi der er tastet forkert kode for mange gange.",
                "This link is blocked because a wrong code was entered too many times.",
            ),
            Closure::Ended => lang.t("Din adgang er ophørt.", "Your access has ended."),
            Closure::Expired => lang.t("Linket er udløbet.", "This link has expired."),
        }
    }
}

/// Why a link cannot be used now, if it cannot.
pub(super) fn closed(link: &LinkRow, now: i64, family_active: bool) -> Option<Closure> {
    if link.revoked_at.is_some() {
        Some(Closure::Revoked)
    } else if link.locked_at.is_some() {
        Some(Closure::Locked)
    } else if !link.user_active || !family_active {
        Some(Closure::Ended)
    } else if link.expires_at <= now {
        Some(Closure::Expired)
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
        Some(_) if !l.user_active => ("Lukket (kontoen er lukket)".to_string(), false),
        // A confirmed device never outlives its link, so an expired link reads nothing.
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
    // A person's own thread: links are made for that person only.
    thread.parents = repo::parents(pool, channel.family_id)
        .await?
        .into_iter()
        .filter(|p| p.active && channel.kind == "family" && channel.person_id == Some(p.person_id))
        .map(|p| (p.person_id, p.name, p.user_id.is_some()))
        .collect();
    // Everything for the family in one place: its people's threads, the archive, participants.
    thread.others = repo::family_channels(pool, channel.family_id)
        .await?
        .iter()
        .filter(|c| c.id != channel.id)
        .map(|c| (c.id, super::service::title(c)))
        .collect();
    if channel.kind == "family" {
        thread.children = repo::children_of(pool, channel.family_id).await?;
    }
    Ok(())
}

/// What staff fill in for a new link.
pub struct LinkFields<'a> {
    /// The person whose thread this is (None: a named person on a participant channel).
    pub person_id: Option<crate::cases::PersonId>,
    pub name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    /// "email", "sms" or "" (e-mail when there is one).
    pub via: &'a str,
    /// None: the configured default.
    pub days: Option<i64>,
}

/// A new link for a person: a parent of the family (`person_id`) or, on a participant channel, a
/// named person with an e-mail and/or phone. The invitation is queued the chosen way (the code
/// will go the other way); the link is returned once.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, channel_id = channel.id.0))]
pub async fn create(
    pool: &SqlitePool,
    settings: &Settings,
    user: &CurrentUser,
    channel: &ChannelRow,
    f: &LinkFields<'_>,
) -> Result<String, AppError> {
    let days = rules::link_days(f.days, settings.link_days)?;
    let (mut name, mut email, mut phone, mut user_id) =
        (f.name.trim().to_string(), f.email.trim().to_string(), f.phone.trim().to_string(), None);
    let mut account = (None, None);
    if f.person_id.is_none() && channel.kind != "participant" {
        // A person's thread is theirs alone, and the shared archive is for staff only.
        return Err(AppError::invalid("person_id", "Et link til en anden laves fra en kanal med en deltager."));
    }
    if let Some(person_id) = f.person_id {
        let parents = repo::parents(pool, channel.family_id).await?;
        let p = parents
            .into_iter()
            .find(|p| p.person_id == person_id)
            .filter(|p| channel.kind == "family" && channel.person_id == Some(p.person_id));
        let p = p.ok_or_else(|| AppError::invalid("person_id", "Et link laves fra personens egen tråd."))?;
        if !p.active {
            return Err(AppError::invalid("person_id", "Forælderens adgang er ophørt, så der kan ikke laves et link."));
        }
        name = p.name;
        user_id = p.user_id;
        account = (p.account_email, p.account_phone);
        if email.is_empty() {
            email = p.email.unwrap_or_default();
        }
        if phone.is_empty() {
            phone = p.phone.unwrap_or_default();
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
    let (email, phone) = ((!email.is_empty()).then_some(email.as_str()), (!phone.is_empty()).then_some(phone.as_str()));
    // Typed by staff, or not the account's own: the link opens the thread and never a session.
    let user_id = user_id.filter(|_| access::link_signs_in(email, phone, account.0.as_deref(), account.1.as_deref()));
    let (via, to) = match (f.via, email, phone) {
        ("" | "email", Some(e), _) => ("email", e),
        ("" | "sms", _, Some(p)) => ("sms", p),
        ("email", None, _) => return Err(AppError::invalid("email", "Skriv en e-mail, eller send linket på SMS.")),
        ("sms", _, None) => {
            return Err(AppError::invalid("phone", "Skriv et mobilnummer, eller send linket på e-mail."));
        }
        ("", None, None) => {
            return Err(AppError::invalid("email", "Linket skal sendes til en e-mail eller et telefonnummer."));
        }
        _ => return Err(AppError::invalid("via", "Vælg e-mail eller SMS.")),
    };
    let secret = token::random();
    let url = format!("{}/k/{secret}", settings.public_url);
    let now = Utc::now().timestamp();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
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
        sent_via: via,
    };
    let id = repo::insert_link(&mut *tx, &new).await?;
    super::notify::queue(&mut tx, settings, channel.id, Some(id), "invite", via, to, &rules::invite_notice(&url), now)
        .await?;
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "create", "channel_link", Some(id.0)).family(channel.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(url)
}

pub async fn revoke(
    pool: &SqlitePool,
    user: &CurrentUser,
    channel: &ChannelRow,
    link_id: LinkId,
) -> Result<(), AppError> {
    let link = repo::link(pool, link_id).await?.filter(|l| l.channel_id == channel.id).ok_or(AppError::NotFound)?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    repo::revoke(&mut *tx, link.id, Utc::now().timestamp()).await?;
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "revoke", "channel_link", Some(link.id.0)).family(channel.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A channel with an outside participant (a placement's contact, a caseworker) for a family;
/// with `child` (one of the family's children), the channel is with that child's placement.
pub async fn add_participant_channel(
    pool: &SqlitePool,
    user: &CurrentUser,
    family_channel: &ChannelRow,
    title: &str,
    child: Option<crate::cases::ChildId>,
) -> Result<ChannelId, AppError> {
    let title = title.trim();
    if family_channel.kind != "family" {
        return Err(AppError::NotFound);
    }
    if !(2..=80).contains(&title.chars().count()) {
        return Err(AppError::invalid("title", "Skriv, hvem kanalen er med (2 til 80 tegn)."));
    }
    if let Some(child) = child
        && !repo::children_of(pool, family_channel.family_id).await?.iter().any(|(id, _)| *id == child)
    {
        return Err(AppError::invalid("child_id", "Vælg et af familiens børn."));
    }
    let now = Utc::now().timestamp();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let id = repo::insert_channel(&mut *tx, family_channel.family_id, "participant", (title, child), now).await?;
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "create", "channel", Some(id.0)).family(family_channel.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The queued work of a parent's "Log ind uden adgangskode" (see `signin_queue`): if the address
/// belongs to an active parent account, a link to their own thread (valid one day) is sent to
/// it, and the code then goes by SMS to the account's phone if it has one. Unknown addresses do
/// nothing; the asker got the same answer either way, before any of this ran.
pub async fn request_sign_in(pool: &SqlitePool, settings: &Settings, email: &str) -> Result<(), AppError> {
    let Some(user) = crate::auth::repo::find_by_email(pool, email)
        .await?
        .filter(|u| u.active && u.role == crate::auth::Role::Parent)
    else {
        tracing::info!("sign-in link asked for an unknown address");
        return Ok(());
    };
    let Some((person_id, family_id)) = repo::person_of_user(pool, user.id).await? else { return Ok(()) };
    let channel_id = repo::person_channel(pool, person_id).await?.ok_or(AppError::NotFound)?;
    let channel = repo::channel(pool, channel_id).await?.ok_or(AppError::NotFound)?;
    if !repo::family_active(pool, family_id).await? {
        return Ok(());
    }
    // The code goes to the account's own phone, never to one staff recorded for the person.
    let phone = user.phone.clone().filter(|p| !access::phone_digits(p).is_empty());
    let secret = token::random();
    let url = format!("{}/k/{secret}", settings.public_url);
    let now = Utc::now().timestamp();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let new = repo::NewLink {
        channel_id: channel.id,
        person_name: &user.full_name,
        email: Some(user.email.as_str()),
        phone: phone.as_deref(),
        user_id: Some(user.id),
        token_hash: &token::hash(&secret),
        created_by: user.id,
        now,
        expires_at: now + 86_400,
        sent_via: "email",
    };
    let id = repo::insert_link(&mut *tx, &new).await?;
    let text = rules::sign_in_notice(&url);
    super::notify::queue(&mut tx, settings, channel.id, Some(id), "invite", "email", &user.email, &text, now).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id), "create", "sign_in_link", Some(id.0)).family(family_id))
        .await?;
    tx.commit().await?;
    Ok(())
}
