//! GET /ical/<token>.ics: the subscription a phone's calendar polls. Not a server function: a
//! calendar app sends no cookie, the token in the path is its whole authority.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::context::AppState;

pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    match super::service::feed(&state.pool, &state.settings.public_url, token).await {
        Ok(Some(body)) => ([(header::CONTENT_TYPE, "text/calendar; charset=utf-8")], body).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "Kalenderlinket findes ikke eller er stoppet.").into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Der skete en fejl hos os.").into_response(),
    }
}
