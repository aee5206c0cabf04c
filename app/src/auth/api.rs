use leptos::prelude::*;

use super::CurrentUser;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    audit::{self, Entry},
    auth::{guard, rules, service},
    context::{client_address, redirect_form_post, respond, state},
};

/// Signs in with e-mail and password; returns the page to go to.
#[server(prefix = "/api", endpoint = "auth/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<String, AppError> {
    respond(async move {
        let st = state()?;
        let user = service::sign_in_with_password(&st.pool, &st.settings, &email, password, &client_address()).await?;
        guard::begin_session(&user).await?;
        let path = rules::landing_path(user.role);
        redirect_form_post(path);
        Ok(path.to_string())
    })
    .await
}

/// Signs out; returns the page to go to. Ends everything this phone or computer could read
/// with: the session, and a channel link's confirmed device (its row and cookie).
#[server(prefix = "/api", endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<String, AppError> {
    respond(async move {
        if let Some(user) = guard::current_user().await? {
            audit::repo::insert(&state()?.pool, Entry::new(Some(user.id.0), "sign_out", "user", Some(user.id.0)))
                .await?;
        }
        guard::end_session().await?;
        // The session is over whatever happens here; a device left behind is logged.
        if let Err(e) = crate::channels::api::forget_this_device().await {
            tracing::error!(error = %e, "sign-out: the device could not be forgotten");
        }
        redirect_form_post("/logind");
        Ok("/logind".to_string())
    })
    .await
}

/// The signed-in user, if any.
#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn me() -> Result<Option<CurrentUser>, AppError> {
    respond(guard::current_user()).await
}

/// A centre as the sign-in page names it: whom to call about a password, and when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CentreContact {
    pub name: String,
    pub phone: String,
    /// The centre's own opening hours, one line each.
    pub hours: Vec<String>,
}

/// The centres' names, phones and opening hours, from their own data. Anyone may ask: it is what
/// a centre tells the public.
#[server(prefix = "/api", endpoint = "auth/centres")]
pub async fn centre_contacts() -> Result<Vec<CentreContact>, AppError> {
    respond(async move {
        let rows = super::repo::centre_contacts(&state()?.pool).await?;
        Ok(rows
            .into_iter()
            .map(|(name, phone, hours)| CentreContact {
                name,
                phone,
                hours: hours.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(),
            })
            .collect())
    })
    .await
}
