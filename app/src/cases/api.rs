use leptos::prelude::*;

use super::{CaseDetail, CaseId, CaseSummary};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{Role, guard},
    context::{redirect_form_post, respond, state},
};

/// The signed-in caseworker's own cases, and no one else's; a coordinator's or leader's centre's.
#[server(prefix = "/api", endpoint = "cases/mine")]
pub async fn my_cases() -> Result<Vec<CaseSummary>, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator, Role::Leader]).await?;
        super::service::cases(&state()?.pool, &user).await
    })
    .await
}

/// One case with its history (another caseworker's, or another centre's: not found).
#[server(prefix = "/api", endpoint = "cases/detail")]
pub async fn read_case(id: CaseId) -> Result<CaseDetail, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator, Role::Leader]).await?;
        super::service::detail(&state()?.pool, &user, id).await
    })
    .await
}

/// Closes a case: its planned visits are cancelled, and it becomes read-only. Answers how many
/// appointments were cancelled.
#[server(prefix = "/api", endpoint = "cases/close")]
pub async fn close_case(id: CaseId, reason: String) -> Result<usize, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        let cancelled = super::service::close(&state()?.pool, &user, id, &reason).await?;
        redirect_form_post(&format!("/sager/{}?gemt=afsluttet&antal={cancelled}", id.0));
        Ok(cancelled)
    })
    .await
}

/// Continues a closed case in a new one over a new decision period ('YYYY-MM-DD').
#[server(prefix = "/api", endpoint = "cases/continue")]
pub async fn continue_case(id: CaseId, from: String, to: String) -> Result<CaseId, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        let new = super::service::continue_closed(&state()?.pool, &user, id, (&from, &to)).await?;
        redirect_form_post(&format!("/sager/{}?gemt=fortsat", new.0));
        Ok(new)
    })
    .await
}

/// Records a consent to supported visits given (`given` true) or withdrawn on `on`
/// ('YYYY-MM-DD') by `party` ("p<person id>" for a custody holder, "barn" for the young person).
/// A withdrawal cancels the coming supported visits it no longer allows; answers how many.
#[server(prefix = "/api", endpoint = "cases/consent")]
pub async fn record_consent(id: CaseId, party: String, given: bool, on: String) -> Result<usize, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        let n = super::consent::record(&state()?.pool, &user, id, (&party, &on), given).await?;
        let saved = if given { "samtykke" } else { "tilbagetrukket" };
        redirect_form_post(&format!("/sager/{}?gemt={saved}&antal={n}", id.0));
        Ok(n)
    })
    .await
}

/// Changes a case's terms: visit type ("supported", "supervised"), the decision's period
/// ('YYYY-MM-DD'), weeks between visits, minutes per visit, conditions. Answers how many coming
/// visits the new terms cancelled.
#[server(prefix = "/api", endpoint = "cases/terms")]
pub async fn change_terms(
    id: CaseId,
    visit_type: String,
    from: String,
    to: String,
    frequency_weeks: String,
    visit_minutes: String,
    conditions: String,
) -> Result<usize, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        let raw = super::terms::Raw {
            visit_type: &visit_type,
            from: &from,
            to: &to,
            frequency_weeks: &frequency_weeks,
            visit_minutes: &visit_minutes,
            conditions: &conditions,
        };
        let n = super::terms::change(&state()?.pool, &user, id, &raw).await?;
        redirect_form_post(&format!("/sager/{}?gemt=vilkaar&antal={n}", id.0));
        Ok(n)
    })
    .await
}

/// Records a § 105 decision (`kind`: supervised, suspension, contact_suspension, secret_address)
/// over a period ('YYYY-MM-DD') with a note. Answers how many coming visits it cancelled.
#[server(prefix = "/api", endpoint = "cases/decision")]
pub async fn add_decision(id: CaseId, kind: String, from: String, to: String, note: String) -> Result<usize, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        let n = super::decisions::add(&state()?.pool, &user, id, &kind, (&from, &to), &note).await?;
        redirect_form_post(&format!("/sager/{}?gemt=afgoerelse&antal={n}", id.0));
        Ok(n)
    })
    .await
}

/// Moves the end of one of the case's § 105 decisions to `to` ('YYYY-MM-DD').
#[server(prefix = "/api", endpoint = "cases/decision-end")]
pub async fn end_decision(id: CaseId, decision: super::DecisionId, to: String) -> Result<usize, AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        let n = super::decisions::set_end(&state()?.pool, &user, id, decision, &to).await?;
        redirect_form_post(&format!("/sager/{}?gemt=afgoerelse&antal={n}", id.0));
        Ok(n)
    })
    .await
}

/// Hands a case to another caseworker (`caseworker_id`); the one who had it no longer reaches it.
#[server(prefix = "/api", endpoint = "cases/hand-over")]
pub async fn hand_over_case(id: CaseId, caseworker_id: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        super::course::hand_over(&state()?.pool, &user, id, &caseworker_id).await?;
        // The caseworker who handed it over no longer reaches it: back to the list.
        let to = if user.role == Role::Caseworker {
            "/sager?gemt=overdraget".to_string()
        } else {
            format!("/sager/{}?gemt=overdraget", id.0)
        };
        redirect_form_post(&to);
        Ok(())
    })
    .await
}

/// Sets the weeks between the case's follow-up meetings (2 to 52).
#[server(prefix = "/api", endpoint = "cases/rhythm")]
pub async fn set_rhythm(id: CaseId, followup_weeks: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        super::course::set_rhythm(&state()?.pool, &user, id, &followup_weeks).await?;
        redirect_form_post(&format!("/sager/{}?gemt=rytme", id.0));
        Ok(())
    })
    .await
}

/// Records the child's support person (name and phone; empty removes it).
#[server(prefix = "/api", endpoint = "cases/support")]
pub async fn set_support_person(id: CaseId, #[server(default)] support_person: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(&[Role::Caseworker, Role::Coordinator]).await?;
        super::voice::set_support_person(&state()?.pool, &user, id, &support_person).await?;
        redirect_form_post(&format!("/sager/{}?gemt=stoetteperson", id.0));
        Ok(())
    })
    .await
}
