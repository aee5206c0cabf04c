use leptos::prelude::*;

use super::{FormOptions, NewCaseworkerIn, ReferralId, ReferralIn, ReferralItem, ReferralView};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{redirect_form_post, respond, state},
};

/// The centres to refer to, and for a coordinator the caseworkers to enter a case for.
#[server(prefix = "/api", endpoint = "intake/options")]
pub async fn referral_options() -> Result<FormOptions, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        super::service::options(&state()?.pool, &user).await
    })
    .await
}

/// A caseworker's referral of a child or sibling group to a centre.
#[server(prefix = "/api", endpoint = "intake/send")]
pub async fn send_referral(referral: ReferralIn) -> Result<ReferralId, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker]).await?;
        let id = super::service::send(&state()?.pool, &user, &referral).await?;
        redirect_form_post(&format!("/henvisninger/{}?gemt=sendt", id.0));
        Ok(id)
    })
    .await
}

/// A coordinator enters a case directly: `caseworker_id` an account's id, or "ny" with
/// `new_caseworker`; `consultant_id` the family's consultant ("" for none yet).
#[server(prefix = "/api", endpoint = "intake/enter")]
pub async fn enter_case(
    referral: ReferralIn,
    caseworker_id: String,
    #[server(default)] new_caseworker: NewCaseworkerIn,
    #[server(default)] consultant_id: String,
) -> Result<ReferralId, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Coordinator]).await?;
        let caseworker = match caseworker_id.trim() {
            "ny" => super::service::Caseworker::New(new_caseworker),
            id => super::service::Caseworker::Account(
                id.parse().map_err(|_| AppError::invalid("caseworker_id", "Vælg sagens rådgiver."))?,
            ),
        };
        let consultant = super::service::consultant_field(&consultant_id)?;
        let id = super::service::enter(&state()?.pool, &user, &referral, &caseworker, consultant).await?;
        redirect_form_post(&format!("/henvisninger/{}?gemt=oprettet", id.0));
        Ok(id)
    })
    .await
}

/// The caseworker's own referrals, or the coordinator's centre's.
#[server(prefix = "/api", endpoint = "intake/list")]
pub async fn referrals() -> Result<Vec<ReferralItem>, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        super::service::list(&state()?.pool, &user).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "intake/read")]
pub async fn read_referral(id: ReferralId) -> Result<ReferralView, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        super::service::view(&state()?.pool, &user, id).await
    })
    .await
}

/// The coordinator asks the caseworker about a referral.
#[server(prefix = "/api", endpoint = "intake/ask")]
pub async fn ask_referral(id: ReferralId, text: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Coordinator]).await?;
        super::service::note(&state()?.pool, &user, id, &text, true).await?;
        redirect_form_post(&format!("/henvisninger/{}?gemt=spurgt", id.0));
        Ok(())
    })
    .await
}

/// The caseworker answers the coordinator's question.
#[server(prefix = "/api", endpoint = "intake/answer")]
pub async fn answer_referral(id: ReferralId, text: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker]).await?;
        super::service::note(&state()?.pool, &user, id, &text, false).await?;
        redirect_form_post(&format!("/henvisninger/{}?gemt=svaret", id.0));
        Ok(())
    })
    .await
}

/// The coordinator accepts a referral: the family and one case per child. Answers the family.
#[server(prefix = "/api", endpoint = "intake/accept")]
pub async fn accept_referral(
    id: ReferralId,
    #[server(default)] consultant_id: String,
) -> Result<crate::cases::FamilyId, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Coordinator]).await?;
        let consultant = super::service::consultant_field(&consultant_id)?;
        let family = super::service::accept(&state()?.pool, &user, id, consultant).await?;
        redirect_form_post(&format!("/henvisninger/{}?gemt=modtaget", id.0));
        Ok(family)
    })
    .await
}
