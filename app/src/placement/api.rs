use leptos::prelude::*;

use super::PlacementView;
use crate::error::AppError;
use crate::visits::VisitId;

#[cfg(feature = "ssr")]
use crate::{
    channels::service::Viewer,
    context::{redirect_form_post, respond, state},
};

/// The child's visits for the holder of a placement's link (None: the link's channel is not with
/// a placement). Only a confirmed link device may ask.
#[server(prefix = "/api", endpoint = "placement/visits")]
pub async fn placement_visits() -> Result<Option<PlacementView>, AppError> {
    respond(async move {
        let Viewer::Link { link } = crate::channels::api::viewer().await? else { return Err(AppError::Forbidden) };
        let st = state()?;
        let lang = crate::i18n::from_request();
        super::service::view(&st.pool, &st.settings, &link, lang).await
    })
    .await
}

/// A hand-over note on one of the child's visits, `phase` "before" or "after".
#[server(prefix = "/api", endpoint = "placement/note")]
pub async fn write_handover(
    id: VisitId,
    #[server(default)] phase: String,
    #[server(default)] body: String,
) -> Result<(), AppError> {
    respond(async move {
        let viewer = crate::channels::api::viewer().await?;
        let st = state()?;
        super::service::write(&st.pool, &st.settings, &viewer, id, (&phase, &body)).await?;
        redirect_form_post("/kanal?gemt=note");
        Ok(())
    })
    .await
}
