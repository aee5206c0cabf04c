//! GET /beskrivelser/<id>/pdf: a sent description as PDF, for the staff of its centre and the
//! caseworker of a child on the visit. Not a server function (it answers a file), but the same
//! session, the same checks and the audit log: the read and the export are both logged.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::DescriptionId;
use crate::audit::{self, Entry};
use crate::auth::guard;
use crate::context::AppState;
use crate::error::AppError;

pub async fn download(State(state): State<AppState>, session: Session, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return (StatusCode::NOT_FOUND, "Beskrivelsen findes ikke.").into_response();
    };
    let user = match guard::user_of(&session, &state).await {
        Ok(Some(user)) => user,
        Ok(None) => return Redirect::to("/logind").into_response(),
        Err(e) => return failed(&e),
    };
    let d = match super::service::view(&state.pool, &user, DescriptionId(id)).await {
        Ok(d) if d.can_export => d,
        Ok(_) | Err(AppError::NotFound | AppError::Forbidden) => {
            return (StatusCode::NOT_FOUND, "Beskrivelsen findes ikke, eller den er ikke sendt endnu.").into_response();
        }
        Err(e) => return failed(&e),
    };
    let entry = Entry::new(Some(user.id.0), "export", "description", Some(id)).family(d.family_id);
    if let Err(e) = audit::repo::insert(&state.pool, entry).await {
        return failed(&AppError::from(e));
    }
    let name = format!("samvaersbeskrivelse-{}-{}-v{}.pdf", d.family_code, d.id.0, d.version);
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        super::pdf::render(&d),
    )
        .into_response()
}

fn failed(e: &AppError) -> Response {
    tracing::error!(error = %e, "description export failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "Der skete en fejl hos os. Prøv igen om lidt.").into_response()
}
