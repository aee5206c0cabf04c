//! The first lines of every server function: who is calling, and may they?

use std::sync::Arc;

use chrono::Utc;
use leptos::prelude::use_context;
use tower_sessions::Session;

use super::{CurrentUser, Role, rules};
use crate::context::state;
use crate::error::AppError;

pub const SESSION_USER: &str = "uid";
pub const SESSION_SINCE: &str = "since";
/// When the session was last saved for its idle timeout to slide (at most once a minute: each
/// save is a write, and SQLite has one writer).
pub const SESSION_TOUCHED: &str = "touched";

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| AppError::internal("session layer", e))
}

/// Whom this request is answered for, once looked up: a page asks in its layout and in each of
/// its reads (often at the same time), and the database is asked once; a second asker waits for
/// the first one's answer. Provided fresh for every request (an account deactivated or a session
/// ended shows on the very next request); beginning and ending a session forget it.
#[derive(Clone, Default)]
pub struct RequestUser(Arc<tokio::sync::Mutex<Option<Option<CurrentUser>>>>);

async fn forget_request_user() {
    if let Some(memo) = use_context::<RequestUser>() {
        *memo.0.lock().await = None;
    }
}

/// The signed-in user, or None. An inactive account or a session past its absolute lifetime
/// counts as signed out (and the session is ended).
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let Some(memo) = use_context::<RequestUser>() else {
        return look_up_user().await;
    };
    let mut known = memo.0.lock().await;
    if let Some(user) = known.as_ref() {
        return Ok(user.clone());
    }
    let user = look_up_user().await?;
    *known = Some(user.clone());
    Ok(user)
}

async fn look_up_user() -> Result<Option<CurrentUser>, AppError> {
    user_of(&session().await?, &state()?).await
}

/// The user a session is signed in as (for a route outside Leptos, such as a download), with the
/// same checks as every page: an inactive account or an expired session counts as signed out.
pub async fn user_of(session: &Session, st: &crate::context::AppState) -> Result<Option<CurrentUser>, AppError> {
    let Some(uid) = session.get::<i64>(SESSION_USER).await? else {
        return Ok(None);
    };
    let since = session.get::<i64>(SESSION_SINCE).await?.unwrap_or(0);
    if rules::session_expired(since, Utc::now().timestamp(), st.settings.session_absolute_secs) {
        session.flush().await?;
        return Ok(None);
    }
    let user = st.callers.caller(&st.pool, uid).await?;
    if user.is_none() {
        session.flush().await?;
        return Ok(None);
    }
    // The idle timeout slides with use: a changed session is saved with a new expiry.
    let now = Utc::now().timestamp();
    if rules::touch_due(session.get::<i64>(SESSION_TOUCHED).await?.unwrap_or(0), now, st.settings.session_idle_secs) {
        session.insert(SESSION_TOUCHED, now).await?;
    }
    Ok(user)
}

/// The signed-in user if their role is one of `roles`: Unauthorized when nobody is signed in,
/// Forbidden for any other role.
pub async fn require(roles: &[Role]) -> Result<CurrentUser, AppError> {
    let user = current_user().await?.ok_or(AppError::Unauthorized)?;
    if roles.contains(&user.role) {
        Ok(user)
    } else {
        tracing::warn!(user_id = user.id.0, role = user.role.as_str(), "forbidden");
        Err(AppError::Forbidden)
    }
}

/// Starts a fresh session for a verified user: a new session id (no fixation), the user and the
/// time of sign-in for the absolute timeout.
pub async fn begin_session(user: &CurrentUser) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await?;
    session.insert(SESSION_USER, user.id.0).await?;
    session.insert(SESSION_SINCE, Utc::now().timestamp()).await?;
    session.insert(SESSION_TOUCHED, Utc::now().timestamp()).await?;
    forget_request_user().await;
    Ok(())
}

pub async fn end_session() -> Result<(), AppError> {
    session().await?.flush().await?;
    forget_request_user().await;
    Ok(())
}
