//! The placement's view of the child's visits, its hand-over notes, and the notes on a visit for
//! the staff who may read the visit.

use chrono::Utc;
use sqlx::SqlitePool;

use super::rules::{AFTER_SECS, AHEAD_SECS, Phase, note, phases};
use super::{HandoverVisit, PlacementView, repo};
use crate::audit::{self, Entry};
use crate::channels::crypto::{Aad, MessageKeys, Sealed};
use crate::channels::repo::LinkRow;
use crate::channels::service::{Viewer, insert_message, readable};
use crate::context::Settings;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::time;
use crate::visits::{Kind, Status, VisitId, title};

fn open(keys: &MessageKeys, n: &repo::NoteRow) -> Option<String> {
    let sealed = Sealed { key_id: n.key_id.clone(), nonce: n.nonce.clone(), body: n.body.clone()? };
    keys.open(&Aad::message(n.id, n.channel_id, &n.side).version(n.aad_version), &sealed)
}

/// The child's visits from two weeks ago to eight weeks ahead, with the notes written through
/// this link's channel; None when the channel is not with a child's placement.
#[tracing::instrument(skip_all, fields(link_id = link.id.0))]
pub async fn view(
    pool: &SqlitePool,
    settings: &Settings,
    link: &LinkRow,
    lang: Lang,
) -> Result<Option<PlacementView>, AppError> {
    let channel = crate::channels::repo::channel(pool, link.channel_id).await?.ok_or(AppError::NotFound)?;
    let Some(child) = channel.placement_child_id else { return Ok(None) };
    let now = Utc::now().timestamp();
    let rows = repo::visits(pool, (child, channel.family_id), now - AFTER_SECS - 86_400, now + AHEAD_SECS).await?;
    let notes = repo::notes_of_channel(pool, channel.id).await?;
    let entry = Entry::new(None, "read", "placement_visits", Some(channel.id.0))
        .family(channel.family_id)
        .by_link(Some(link.id));
    audit::read(pool, entry).await?;
    let visits = rows
        .into_iter()
        .map(|v| {
            let (start, end) = (time::from_unix(v.starts_at), time::from_unix(v.ends_at));
            let cancelled = v.status == Status::Cancelled;
            HandoverVisit {
                id: VisitId(v.id),
                title: title(lang, Kind::Visit, v.visit_type).to_string(),
                day: time::day_in(lang, time::local(start).date_naive()),
                handover: format!(
                    "{} {} · {} {}",
                    lang.t("Aflevering kl.", "Drop-off at"),
                    time::clock_in(lang, start),
                    lang.t("afhentning kl.", "pick-up at"),
                    time::clock_in(lang, end)
                ),
                place: v.place_name.unwrap_or_default(),
                address: v.place_address.unwrap_or_default(),
                cancelled,
                notes: notes
                    .iter()
                    .filter(|n| n.appointment_id == v.id)
                    .filter_map(|n| open(&settings.message_keys, n))
                    .collect(),
                phases: phases(now, (v.starts_at, v.ends_at), cancelled)
                    .into_iter()
                    .map(|p| (p.as_str().to_string(), p.label(lang).to_string()))
                    .collect(),
            }
        })
        .collect();
    let child = repo::child_name(pool, child).await?;
    Ok(Some(PlacementView { child, visits }))
}

/// A hand-over note from the placement's link holder on one of the child's visits: a message of
/// the placement's channel, tied to the visit, in one transaction with its audit entry.
#[tracing::instrument(skip_all, fields(appointment_id = id.0))]
pub async fn write(
    pool: &SqlitePool,
    settings: &Settings,
    viewer: &Viewer,
    id: VisitId,
    (phase, body): (&str, &str),
) -> Result<(), AppError> {
    let Viewer::Link { link } = viewer else { return Err(AppError::Forbidden) };
    let channel = readable(pool, viewer, link.channel_id).await?;
    let child = channel.placement_child_id.ok_or(AppError::Forbidden)?;
    let phase =
        Phase::parse(phase).ok_or_else(|| AppError::invalid("phase", "Vælg, om noten er før eller efter samværet."))?;
    let text = note(body)?;
    let now = Utc::now().timestamp();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let v = repo::visit(&mut *tx, (child, channel.family_id), id.0).await?.ok_or(AppError::NotFound)?;
    if !phases(now, (v.starts_at, v.ends_at), v.status == Status::Cancelled).contains(&phase) {
        return Err(AppError::Conflict(match phase {
            Phase::Before => "Samværet er slut eller aflyst, så der kan ikke skrives en note før det.".into(),
            Phase::After => "En note efter samværet kan skrives fra samværets start og to uger frem.".into(),
        }));
    }
    let message = format!("{} {}: {text}", phase.label(Lang::Da), time::long(time::from_unix(v.starts_at)));
    let message_id = insert_message(&mut tx, settings, viewer, &channel, &message, (None, None), now).await?;
    repo::insert(&mut *tx, message_id, v.id, phase.as_str()).await?;
    tx.commit().await?;
    Ok(())
}

/// The placements' notes on a visit, for staff who may read the visit: ("Rikke Bak, Plejefamilien
/// Bak · torsdag 3. december kl. 20.30", the note).
pub async fn notes_on(pool: &SqlitePool, keys: &MessageKeys, id: VisitId) -> Result<Vec<(String, String)>, AppError> {
    Ok(repo::notes_on(pool, id.0)
        .await?
        .iter()
        .filter_map(|n| {
            let text = open(keys, n)?;
            Some((format!("{}, {} · {}", n.author_name, n.title, time::long(time::from_unix(n.created_at))), text))
        })
        .collect())
}
