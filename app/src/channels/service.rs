//! Reading and writing threads. Who may read a channel is decided here, before anything else:
//! staff of the family's centre (an hourly consultant only for families they staff), a parent for
//! their own thread only (parents who come "hver for sig" never read each other's words), and a
//! confirmed link holder for the link's channel. Anyone else gets 404, so channel ids tell nothing.

use chrono::Utc;
use sqlx::SqlitePool;

use super::crypto::{Aad, Sealed};
use super::repo::{self, ChannelRow, LinkRow};
use super::{ChannelId, ChannelSummary, LinkId, MessageId, MessageView, Thread, rules};
use crate::audit::{self, Entry};
use crate::auth::{CurrentUser, Role};
use crate::context::Settings;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::time;

/// Who is reading or writing.
#[derive(Debug, Clone)]
pub enum Viewer {
    Staff { user: CurrentUser, hourly: bool, centre_id: i64 },
    Parent { user: CurrentUser, family_id: crate::cases::FamilyId, person_id: crate::cases::PersonId },
    Link { link: LinkRow },
}

impl Viewer {
    fn side(&self) -> &'static str {
        if matches!(self, Viewer::Staff { .. }) { "staff" } else { "family" }
    }

    fn name(&self) -> String {
        match self {
            Viewer::Staff { user, .. } | Viewer::Parent { user, .. } => user.full_name.clone(),
            Viewer::Link { link } => link.person_name.clone(),
        }
    }

    fn user_id(&self) -> Option<i64> {
        match self {
            Viewer::Staff { user, .. } | Viewer::Parent { user, .. } => Some(user.id.0),
            Viewer::Link { .. } => None,
        }
    }

    fn link_id(&self) -> Option<LinkId> {
        if let Viewer::Link { link } = self { Some(link.id) } else { None }
    }
}

/// The viewer for a signed-in user: staff or a parent (others: 403).
pub async fn viewer_for(pool: &SqlitePool, user: CurrentUser) -> Result<Viewer, AppError> {
    match user.role {
        Role::Consultant | Role::Coordinator => {
            let hourly = user.is_hourly();
            let centre_id = user.centre();
            Ok(Viewer::Staff { user, hourly, centre_id })
        }
        Role::Parent => {
            let (person_id, family_id) = repo::person_of_user(pool, user.id.0).await?.ok_or(AppError::Forbidden)?;
            Ok(Viewer::Parent { user, family_id, person_id })
        }
        _ => Err(AppError::Forbidden),
    }
}

/// The channel, if the viewer may read it; otherwise 404.
pub async fn readable(pool: &SqlitePool, viewer: &Viewer, channel_id: ChannelId) -> Result<ChannelRow, AppError> {
    let channel = repo::channel(pool, channel_id).await?.ok_or(AppError::NotFound)?;
    let allowed = match viewer {
        Viewer::Staff { user, hourly, centre_id } => {
            channel.centre_id == *centre_id
                && (!hourly || repo::staffs_family(pool, user.id.0, channel.family_id).await?)
        }
        Viewer::Parent { family_id, person_id, .. } => {
            channel.kind == "family" && channel.family_id == *family_id && channel.person_id == Some(*person_id)
        }
        Viewer::Link { link } => link.channel_id == channel.id,
    };
    if allowed { Ok(channel) } else { Err(AppError::NotFound) }
}

/// What staff see a channel as: the family's code and the person's initials (names only on the
/// thread itself), the shared archive, or the participant.
pub(super) fn title(c: &ChannelRow) -> String {
    match (c.kind.as_str(), c.person_name.as_deref()) {
        ("family", Some(name)) => format!("{} · {}", c.family_code, initials(name)),
        ("family", None) => format!("{} · fælles tråd (arkiv)", c.family_code),
        _ => format!("{} · {}", c.family_code, c.title),
    }
}

/// "Mette Nielsen" → "M.N."
fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).map(|c| format!("{c}.")).collect()
}

pub async fn inbox(pool: &SqlitePool, viewer: &Viewer) -> Result<Vec<ChannelSummary>, AppError> {
    let Viewer::Staff { user, hourly, centre_id } = viewer else { return Err(AppError::Forbidden) };
    let rows = repo::inbox(pool, *centre_id, hourly.then_some(user.id.0)).await?;
    let entry = Entry::new(Some(user.id.0), "read", "channel_inbox", None).families(rows.iter().map(|c| c.family_id));
    audit::read(pool, entry).await?;
    Ok(rows
        .iter()
        .map(|c| ChannelSummary {
            id: c.id,
            title: title(c),
            unread: c.unread,
            last: c.last_at.map(|t| time::long(time::from_unix(t))).unwrap_or_default(),
        })
        .collect())
}

/// The parent's own thread with the centre.
pub async fn own_channel_of(pool: &SqlitePool, viewer: &Viewer) -> Result<ChannelId, AppError> {
    let Viewer::Parent { person_id, .. } = viewer else { return Err(AppError::Forbidden) };
    repo::person_channel(pool, *person_id).await?.ok_or(AppError::NotFound)
}

/// The reader has seen the other side's messages ("Læst 14.02"). A POST of its own: opening a
/// page by GET (a link from another site) changes nothing.
pub async fn mark_read(pool: &SqlitePool, viewer: &Viewer, channel_id: ChannelId) -> Result<(), AppError> {
    let channel = readable(pool, viewer, channel_id).await?;
    let other = if viewer.side() == "staff" { "family" } else { "staff" };
    repo::mark_read(pool, channel.id, other, Utc::now().timestamp()).await?;
    Ok(())
}

/// The thread, logged as opened. Reading changes nothing else (read receipts: `mark_read`).
pub async fn thread(
    pool: &SqlitePool,
    settings: &Settings,
    viewer: &Viewer,
    channel_id: ChannelId,
    lang: Lang,
) -> Result<Thread, AppError> {
    let channel = readable(pool, viewer, channel_id).await?;
    let rows = repo::messages(pool, channel.id).await?;
    let entry = Entry::new(viewer.user_id(), "open", "channel", Some(channel.id.0))
        .family(channel.family_id)
        .by_link(viewer.link_id());
    audit::read(pool, entry).await?;
    tracing::info!(channel_id = channel.id.0, link_id = viewer.link_id().map(|l| l.0), "channel opened");
    let corrected: Vec<MessageId> = rows.iter().filter_map(|r| r.corrects_id).collect();
    let messages = rows
        .iter()
        .map(|r| {
            let text = r
                .body
                .as_ref()
                .and_then(|b| {
                    let sealed = Sealed { key_id: r.key_id.clone(), nonce: r.nonce.clone(), body: b.clone() };
                    settings.message_keys.open(&Aad::message(r.id, channel.id, &r.side).version(r.aad_version), &sealed)
                })
                .unwrap_or_default();
            let mine = r.side == viewer.side();
            MessageView {
                id: r.id,
                mine,
                author: r.author_name.clone(),
                when: time::long_in(lang, time::from_unix(r.created_at)),
                text,
                read: match (mine, r.read_at) {
                    (true, Some(t)) => {
                        format!("{} {}", lang.t("Læst", "Read"), time::clock_in(lang, time::from_unix(t)))
                    }
                    _ => String::new(),
                },
                corrected: corrected.contains(&r.id),
                is_correction: r.corrects_id.is_some(),
                deleted: r.deleted_at.is_some(),
            }
        })
        .collect();
    let mut thread = Thread {
        channel_id: channel.id,
        title: title(&channel),
        messages,
        staff: viewer.side() == "staff",
        links: Vec::new(),
        notices: Vec::new(),
        parents: Vec::new(),
        others: Vec::new(),
        link_days: settings.link_days,
        children: Vec::new(),
    };
    if thread.staff {
        super::links::staff_extras(pool, &channel, &mut thread).await?;
    }
    Ok(thread)
}

/// Writes a message (or a correction of the viewer's own `corrects`), in one transaction with its
/// audit entry and, when the centre writes, the notices to the family's side.
pub async fn post(
    pool: &SqlitePool,
    settings: &Settings,
    viewer: &Viewer,
    channel_id: ChannelId,
    text: &str,
    corrects: Option<MessageId>,
    client_key: Option<&str>,
) -> Result<MessageId, AppError> {
    let channel = readable(pool, viewer, channel_id).await?;
    let text = rules::message_text(text)?;
    let client_key = client_key.map(rules::client_key).transpose()?;
    let now = Utc::now().timestamp();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    // Sent again by an outbox (a lost answer, a second tab): stored once, the first id answered.
    if let Some(key) = client_key
        && let Some(id) = repo::message_by_client_key(&mut *tx, channel.id, key).await?
    {
        return Ok(id);
    }
    if let Some(old) = corrects {
        let row =
            repo::message(&mut *tx, old).await?.filter(|m| m.channel_id == channel.id).ok_or(AppError::NotFound)?;
        let own = row.author_user_id.is_some() && row.author_user_id == viewer.user_id()
            || row.author_link_id.is_some() && row.author_link_id == viewer.link_id();
        if !own {
            return Err(AppError::Forbidden);
        }
        if repo::is_handover_note(&mut *tx, old).await? {
            return Err(AppError::Conflict(
                "En note til et samvær kan ikke rettes. Skriv en ny note til samværet.".into(),
            ));
        }
        if repo::messages(&mut *tx, channel.id).await?.iter().any(|m| m.corrects_id == Some(old)) {
            return Err(AppError::Conflict("Beskeden er allerede rettet. Ret den nyeste udgave.".into()));
        }
    }
    let id = insert_message(&mut tx, settings, viewer, &channel, &text, (corrects, client_key), now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Seals and stores a checked message in `tx`, with its audit entry; answering marks the other
/// side's messages read, and when the centre writes, the family's side gets its notices.
pub(crate) async fn insert_message(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    settings: &Settings,
    viewer: &Viewer,
    channel: &ChannelRow,
    text: &str,
    (corrects, client_key): (Option<MessageId>, Option<&str>),
    now: i64,
) -> Result<MessageId, AppError> {
    let name = viewer.name();
    // Sealed for its row: the id, chosen inside the write lock, is bound into the ciphertext.
    let id = repo::next_message_id(&mut **tx).await?;
    let sealed = settings
        .message_keys
        .seal(&Aad::message(id, channel.id, viewer.side()), text)
        .ok_or_else(|| AppError::internal("seal", "no message key"))?;
    let id = repo::insert_message(
        &mut **tx,
        &repo::NewMessage {
            id,
            channel_id: channel.id,
            side: viewer.side(),
            author_user_id: viewer.user_id(),
            author_link_id: viewer.link_id(),
            author_name: &name,
            sealed: &sealed,
            corrects_id: corrects,
            now,
            client_key,
        },
    )
    .await?;
    let entry = Entry::new(viewer.user_id(), "create", "message", Some(id.0))
        .family(channel.family_id)
        .by_link(viewer.link_id());
    audit::repo::insert(&mut **tx, entry).await?;
    // Answering is reading: what the other side wrote is marked read.
    repo::mark_read(&mut **tx, channel.id, if viewer.side() == "staff" { "family" } else { "staff" }, now).await?;
    if viewer.side() == "staff" {
        super::notify::queue_message_notices(tx, settings, channel, now).await?;
    }
    Ok(id)
}
