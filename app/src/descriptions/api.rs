//! The server functions of descriptions: who may call, then the service.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::{CaseDescriptions, Description, DescriptionId, DueRow, OnTime, Saved};
use crate::cases::CaseId;
use crate::error::AppError;
use crate::visits::VisitId;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{redirect_form_post, respond, state},
};

#[cfg(feature = "ssr")]
const READERS: &[Role] = &[Role::Consultant, Role::Coordinator, Role::Leader, Role::Caseworker, Role::Parent];

/// One description as the caller may see it (staff of its centre, the caseworker once sent, the
/// parents once it is theirs to read); anyone else: not found.
#[server(prefix = "/api", endpoint = "descriptions/read")]
pub async fn read_description(id: DescriptionId) -> Result<Description, AppError> {
    respond(async move {
        let user = guard::require(READERS).await?;
        super::service::view(&state()?.pool, &user, id).await
    })
    .await
}

/// Saves the changed fields of a draft (`text[field]`), each against the revision and
/// fingerprint of the text it was written from (`rev[field]`, `seen[field]`); with `then=send`
/// it is sent on right after. The autosave and the plain buttons all post here.
#[server(prefix = "/api", endpoint = "descriptions/save")]
pub async fn save_description(
    id: DescriptionId,
    #[server(default)] text: BTreeMap<String, String>,
    #[server(default)] rev: BTreeMap<String, i64>,
    #[server(default)] seen: BTreeMap<String, String>,
    #[server(default)] then: String,
) -> Result<Saved, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator]).await?;
        let edits: Vec<super::service::Edit> = text
            .into_iter()
            .map(|(key, body)| super::service::Edit {
                rev: rev.get(&key).copied().unwrap_or(0),
                seen: seen.get(&key).cloned().unwrap_or_default(),
                key,
                body,
            })
            .collect();
        let st = state()?;
        let saved = super::service::save(&st.pool, &user, id, &edits).await?;
        let word = if then == "send" && saved.merged.is_empty() {
            match super::service::send(&st.pool, &st.settings, &user, id).await? {
                super::State::Review => "forældre",
                _ => "sendt",
            }
        } else if saved.merged.is_empty() {
            "kladde"
        } else {
            "flettet"
        };
        redirect_form_post(&format!("/beskrivelser/{}?gemt={word}", id.0));
        Ok(saved)
    })
    .await
}

/// Sends a draft on (to the parents' reading, or the caseworker), or a read one to the caseworker.
#[server(prefix = "/api", endpoint = "descriptions/send")]
pub async fn send_description(id: DescriptionId) -> Result<String, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator]).await?;
        let st = state()?;
        let next = super::service::send(&st.pool, &st.settings, &user, id).await?;
        let word = if next == super::State::Review { "forældre" } else { "sendt" };
        redirect_form_post(&format!("/beskrivelser/{}?gemt={word}", id.0));
        Ok(word.to_string())
    })
    .await
}

/// Starts a corrected version of a sent description, with the reason.
#[server(prefix = "/api", endpoint = "descriptions/correct")]
pub async fn correct_description(id: DescriptionId, reason: String) -> Result<DescriptionId, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator]).await?;
        let new = super::service::correct(&state()?.pool, &user, id, &reason).await?;
        redirect_form_post(&format!("/beskrivelser/{}?gemt=ny-udgave", new.0));
        Ok(new)
    })
    .await
}

/// The parents' comment on a description out for their reading.
#[server(prefix = "/api", endpoint = "descriptions/comment")]
pub async fn comment_description(id: DescriptionId, comment: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Parent]).await?;
        super::service::comment(&state()?.pool, &user, id, &comment).await?;
        redirect_form_post(&format!("/beskrivelser/{}?gemt=kommentar", id.0));
        Ok(())
    })
    .await
}

/// "Mine beskrivelser": (open, sent in the last 30 days).
#[server(prefix = "/api", endpoint = "descriptions/mine")]
pub async fn my_descriptions() -> Result<(Vec<DueRow>, Vec<DueRow>), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator]).await?;
        super::lists::mine(&state()?.pool, &user).await
    })
    .await
}

/// A case's sent descriptions and its settings for them.
#[server(prefix = "/api", endpoint = "descriptions/case")]
pub async fn descriptions_of_case(id: CaseId) -> Result<CaseDescriptions, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator, Role::Leader]).await?;
        super::lists::for_case(&state()?.pool, &user, id).await
    })
    .await
}

/// For a parent's page of one appointment: a visit's own description, or for a follow-up meeting
/// every description since the family's previous meeting.
#[server(prefix = "/api", endpoint = "descriptions/for_page")]
pub async fn page_descriptions(id: VisitId) -> Result<Vec<DueRow>, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Parent]).await?;
        super::lists::for_page(&state()?.pool, &user, id).await
    })
    .await
}

/// Stops a visit before its time (`at`: "15:10") with the reason.
#[server(prefix = "/api", endpoint = "descriptions/stop")]
pub async fn stop_visit(id: VisitId, at: String, reason: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Consultant, Role::Coordinator]).await?;
        let at = crate::time::parse_clock(&at, "at")?;
        let st = state()?;
        super::record::stop(&st.pool, &st.settings, &user, id, at, &reason).await?;
        redirect_form_post(&format!("/booking/aftale/{}?gemt=stoppet", id.0));
        Ok(())
    })
    .await
}

/// The parents' yes to descriptions of supported visits, given ("ja") or withdrawn, from `on`.
#[server(prefix = "/api", endpoint = "descriptions/yes")]
pub async fn record_description_yes(id: CaseId, given: String, on: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        let on = crate::time::parse_date(&on, "on", "datoen")?;
        super::record::record_yes(&state()?.pool, &user, id, given == "ja", on).await?;
        redirect_form_post(&format!("/sager/{}?gemt=beskrivelser", id.0));
        Ok(())
    })
    .await
}

/// Whether the parents read each description first ("ja") or not.
#[server(prefix = "/api", endpoint = "descriptions/review")]
pub async fn set_parents_review(id: CaseId, #[server(default)] on: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        super::record::set_review(&state()?.pool, &user, id, on == "ja").await?;
        redirect_form_post(&format!("/sager/{}?gemt=beskrivelser", id.0));
        Ok(())
    })
    .await
}

/// Descriptions on time per month and consultant (the leader and coordinator).
#[server(prefix = "/api", endpoint = "descriptions/figures")]
pub async fn description_figures() -> Result<Vec<OnTime>, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Leader, Role::Coordinator]).await?;
        super::lists::figures(&state()?.pool, &user).await
    })
    .await
}
