//! Server functions for setting up centres and places: administrators only, scoped in the service.
// A form's fields are a server function's arguments.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::{CentreId, CentresView, PlaceId, PlacesView};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{redirect_form_post, respond, state},
};

/// The centres this administrator sets up.
#[server(prefix = "/api", endpoint = "setup/centres")]
pub async fn list_centres() -> Result<CentresView, AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        let centres = super::service::centres(&state()?.pool, &admin).await?;
        Ok(CentresView { centres, may_create: super::service::may_create(&admin) })
    })
    .await
}

/// A new centre (the installation's administrator only).
#[server(prefix = "/api", endpoint = "setup/create_centre")]
pub async fn create_centre(
    name: String,
    municipality: String,
    address: String,
    phone: String,
    email: String,
    #[server(default)] opening_hours: String,
    #[server(default)] description_days: String,
) -> Result<CentreId, AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        let mut input = super::rules::centre(&name, &municipality, &address, (&phone, &email), &opening_hours)?;
        input.description_days = super::rules::description_days(&description_days)?;
        let id = super::service::create_centre(&state()?.pool, &admin, &input).await?;
        redirect_form_post("/admin/centre?gemt=oprettet");
        Ok(id)
    })
    .await
}

/// Changes a centre's name, municipality, address, phone, e-mail, opening hours and the deadline
/// for descriptions.
#[server(prefix = "/api", endpoint = "setup/update_centre")]
pub async fn update_centre(
    centre: CentreId,
    name: String,
    municipality: String,
    address: String,
    phone: String,
    email: String,
    #[server(default)] opening_hours: String,
    #[server(default)] description_days: String,
) -> Result<(), AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        let mut input = super::rules::centre(&name, &municipality, &address, (&phone, &email), &opening_hours)?;
        input.description_days = super::rules::description_days(&description_days)?;
        super::service::update_centre(&state()?.pool, &admin, centre, &input).await?;
        redirect_form_post("/admin/centre?gemt=rettet");
        Ok(())
    })
    .await
}

/// A centre's places with features and hours (None: the administrator's own, or the first).
#[server(prefix = "/api", endpoint = "setup/places")]
pub async fn list_places(#[server(default)] centre: Option<CentreId>) -> Result<PlacesView, AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        super::service::places(&state()?.pool, &admin, centre).await
    })
    .await
}

/// Creates a place (no `place`) or changes one. `opens`/`closes` are the weekly hours, Monday
/// first ('HH:MM', both empty for a closed day); `features` the stored feature names.
#[server(prefix = "/api", endpoint = "setup/save_place")]
pub async fn save_place(
    centre: CentreId,
    #[server(default)] place: Option<PlaceId>,
    name: String,
    kind: String,
    address: String,
    capacity: String,
    #[server(default)] features: Vec<String>,
    #[server(default)] opens: Vec<String>,
    #[server(default)] closes: Vec<String>,
) -> Result<PlaceId, AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        let input = super::rules::place(&name, &kind, &address, &capacity, &features, (&opens, &closes))?;
        let id = super::service::save_place(&state()?.pool, &admin, centre, place, &input).await?;
        let saved = if place.is_some() { "rettet" } else { "oprettet" };
        redirect_form_post(&format!("/admin/steder?center={}&gemt={saved}#sted-{}", centre.0, id.0));
        Ok(id)
    })
    .await
}

/// Closes a place for new bookings; its appointments and history stay.
#[server(prefix = "/api", endpoint = "setup/close_place")]
pub async fn close_place(place: PlaceId) -> Result<(), AppError> {
    respond(set_open(place, false)).await
}

/// Opens a closed place for bookings again.
#[server(prefix = "/api", endpoint = "setup/open_place")]
pub async fn open_place(place: PlaceId) -> Result<(), AppError> {
    respond(set_open(place, true)).await
}

#[cfg(feature = "ssr")]
async fn set_open(place: PlaceId, open: bool) -> Result<(), AppError> {
    let admin = guard::require(&[Role::Admin]).await?;
    let centre = super::service::set_open(&state()?.pool, &admin, place, open).await?;
    let saved = if open { "aabnet" } else { "lukket" };
    redirect_form_post(&format!("/admin/steder?center={}&gemt={saved}#sted-{}", centre.0, place.0));
    Ok(())
}

/// Deactivates a centre (`open` false) or reopens it: the installation's administrator only.
#[server(prefix = "/api", endpoint = "setup/centre-open")]
pub async fn set_centre_open(centre: CentreId, open: bool) -> Result<(), AppError> {
    respond(async move {
        let admin = guard::require(&[Role::Admin]).await?;
        super::service::set_centre_open(&state()?.pool, &admin, centre, open).await?;
        redirect_form_post(&format!("/admin/centre?gemt={}", if open { "aabnet" } else { "lukket" }));
        Ok(())
    })
    .await
}
