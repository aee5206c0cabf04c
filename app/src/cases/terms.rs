//! A case's terms over time: visit type, the decision's period, frequency, length and conditions.
//! Staff and the case's caseworker change them; the history keeps old → new, the coming visits
//! the new terms no longer allow are cancelled at once, and the coordinator and the family's
//! consultant get a notice.

use chrono::Utc;
use sqlx::SqlitePool;

use super::effects::{enforce, notify};
use super::periods::{Terms, check_terms, terms_diff};
use super::service::begin_open_change;
use super::{CaseId, repo};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::time;
use crate::visits::VisitType;

/// What the family sees on a visit the new terms cancelled.
pub const CHANGED: &str = "Kommunens afgørelse om samvær er ændret.";

fn number(text: &str, field: &str, what: &str) -> Result<i64, AppError> {
    text.trim().parse().map_err(|_| AppError::invalid(field, format!("Skriv {what} som et helt tal.")))
}

/// The terms as the form sends them.
pub struct Raw<'a> {
    pub visit_type: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub frequency_weeks: &'a str,
    pub visit_minutes: &'a str,
    pub conditions: &'a str,
}

/// The form's terms checked into typed terms.
pub(crate) fn parse(raw: &Raw) -> Result<Terms, AppError> {
    let visit_type = VisitType::parse(raw.visit_type)
        .ok_or_else(|| AppError::invalid("visit_type", "Vælg støttet eller overvåget samvær."))?;
    let terms = Terms {
        visit_type,
        from: time::parse_date(raw.from, "from", "startdatoen")?,
        to: time::parse_date(raw.to, "to", "slutdatoen")?,
        frequency_weeks: number(raw.frequency_weeks, "frequency_weeks", "antal uger mellem samvær")?,
        visit_minutes: number(raw.visit_minutes, "visit_minutes", "samværets længde i minutter")?,
        conditions: raw.conditions.trim().to_string(),
    };
    check_terms(&terms).map_err(|(field, message)| AppError::invalid(field, message))?;
    Ok(terms)
}

/// Changes the case's terms. Answers how many coming visits the change cancelled.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = id.0))]
pub async fn change(pool: &SqlitePool, user: &CurrentUser, id: CaseId, raw: &Raw<'_>) -> Result<usize, AppError> {
    let now = Utc::now().timestamp();
    let (mut tx, head) = begin_open_change(pool, user, id).await?;
    let new = &parse(raw)?;
    let old = repo::full(&mut *tx, id.0, now).await?.ok_or(AppError::NotFound)?.row;
    let old = Terms {
        visit_type: old.visit_type,
        from: old.decision_from,
        to: old.decision_to,
        frequency_weeks: old.frequency_weeks,
        visit_minutes: old.visit_minutes,
        conditions: old.conditions,
    };
    let lines = terms_diff(&old, new);
    if lines.is_empty() {
        return Err(AppError::Conflict("Intet er ændret: afgørelsen er den samme som før.".into()));
    }
    repo::update_terms(&mut *tx, id.0, new).await?;
    let done = enforce(&mut tx, user, &head, CHANGED).await?;
    repo::record(&mut *tx, id.0, (user.id.0, now), "terms_changed", &lines.join("; ")).await?;
    // The notice names what changed, not the conditions' words.
    let fields: Vec<String> = lines.iter().filter_map(|l| l.split(':').next()).map(|f| f.to_lowercase()).collect();
    notify(&mut tx, &head, &format!("Afgørelsen er ændret ({})", fields.join(", ")), done).await?;
    let entry = Entry::new(Some(user.id.0), "terms_update", "case", Some(id.0)).family(head.family_id);
    audit::repo::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(done.0)
}
