//! Cases: who may see which, the list, one case's page, closing and continuing. A caseworker
//! reaches only their own cases; a coordinator or leader only their centre's families' cases
//! (another's, also by id: not found). Closing and continuing are for the case's caseworker and
//! the coordinator; each is one transaction with the case's history and the audit entry.

use chrono::Utc;
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::effects::{apply, planned};
use super::rules::{Planned, closing_effects};
use super::{CaseChange, CaseDetail, CaseId, CaseSummary, TermsForm, age_on, frequency_label, repo};
use crate::audit::{self, Entry};
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::time;

fn summary(r: repo::CaseRow, today: chrono::NaiveDate) -> CaseSummary {
    CaseSummary {
        id: CaseId(r.id),
        child_name: r.child_name,
        age: age_on(r.birth_date, today),
        family_code: r.family_code,
        visit_type: r.visit_type.with_law().into(),
        period: format!("{} – {}", time::date(r.decision_from), time::date(r.decision_to)),
        frequency: frequency_label(r.frequency_weeks, r.visit_minutes),
        status: match r.status.as_str() {
            "suspended" => "Suspenderet".into(),
            "closed" => "Afsluttet".into(),
            _ => "Aktiv".into(),
        },
        conditions: r.conditions,
        next_visit: r.next_visit.map(|t| time::long(time::from_unix(t))),
    }
}

/// The caseworker's own cases, or the centre's for its coordinator and leader.
#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn cases(pool: &SqlitePool, user: &CurrentUser) -> Result<Vec<CaseSummary>, AppError> {
    let now = Utc::now();
    let rows = match user.role {
        Role::Caseworker => repo::for_caseworker(pool, user.id.0, now.timestamp()).await?,
        _ => repo::for_centre(pool, user.centre(), now.timestamp()).await?,
    };
    audit::read(pool, Entry::new(Some(user.id.0), "read", "case_list", None)).await?;
    let today = time::today(now);
    Ok(rows.into_iter().map(|r| summary(r, today)).collect())
}

/// The case when the caller may see it; otherwise not found.
pub(crate) async fn reachable(
    tx: &mut Transaction<'_, Sqlite>,
    user: &CurrentUser,
    id: CaseId,
) -> Result<repo::CaseHead, AppError> {
    let head = repo::head(&mut **tx, id.0).await?.ok_or(AppError::NotFound)?;
    let mine = match user.role {
        Role::Caseworker => head.caseworker_id == user.id.0,
        Role::Coordinator | Role::Leader => Some(head.centre_id) == user.scope.centre_id,
        _ => false,
    };
    if !mine {
        return Err(AppError::NotFound);
    }
    Ok(head)
}

pub(super) fn may_change(user: &CurrentUser) -> bool {
    matches!(user.role, Role::Caseworker | Role::Coordinator)
}

/// The start of every change to a case: the caller may change cases, the write transaction is
/// open, and the case is theirs (otherwise not found).
pub(super) async fn begin_change<'a>(
    pool: &'a SqlitePool,
    user: &CurrentUser,
    id: CaseId,
) -> Result<(Transaction<'a, Sqlite>, repo::CaseHead), AppError> {
    if !may_change(user) {
        return Err(AppError::Forbidden);
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let head = reachable(&mut tx, user, id).await?;
    Ok((tx, head))
}

/// `begin_change` for a change a closed case refuses (it can only be read).
pub(super) async fn begin_open_change<'a>(
    pool: &'a SqlitePool,
    user: &CurrentUser,
    id: CaseId,
) -> Result<(Transaction<'a, Sqlite>, repo::CaseHead), AppError> {
    let (tx, head) = begin_change(pool, user, id).await?;
    if head.status == "closed" {
        return Err(AppError::Conflict("Sagen er afsluttet og kan kun læses.".into()));
    }
    Ok((tx, head))
}

fn what_label(what: &str, detail: &str) -> String {
    let head = match what {
        "closed" => "Sagen er afsluttet",
        "reopened" => "Fortsat i en ny sag",
        "consent_given" => "Samtykke givet",
        "consent_withdrawn" => "Samtykke trukket tilbage",
        "terms_changed" => "Afgørelsen er ændret",
        "decision_added" => "Ny afgørelse",
        "decision_changed" => "Afgørelse ændret",
        "created" => "Sagen er oprettet",
        "handed_over" => "Sagen er overdraget",
        "rhythm_changed" => "Opfølgningsmøder",
        "support_person" => "Støtteperson",
        _ => "Fortsætter en afsluttet sag",
    };
    if detail.is_empty() { head.to_string() } else { format!("{head}: {detail}") }
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = id.0))]
pub async fn detail(pool: &SqlitePool, user: &CurrentUser, id: CaseId) -> Result<CaseDetail, AppError> {
    let now = Utc::now();
    let mut tx = pool.begin().await?;
    let head = reachable(&mut tx, user, id).await?;
    let full = repo::full(&mut *tx, id.0, now.timestamp()).await?.ok_or(AppError::NotFound)?;
    let history = repo::changes(&mut *tx, id.0).await?;
    let consents = super::consent::lines(&mut tx, &full, head.child_id, time::today(now)).await?;
    let decisions = super::decisions::lines(repo::decisions(&mut *tx, id.0).await?, time::today(now));
    let span = (
        time::start_of_day(full.row.decision_from).timestamp(),
        time::start_of_day(full.row.decision_to + chrono::Days::new(1)).timestamp(),
    );
    let course = super::course::course(&repo::course(&mut *tx, (head.child_id, head.family_id), span).await?);
    let caseworkers = if may_change(user) { repo::caseworkers(&mut *tx).await? } else { Vec::new() };
    let requests = crate::young::service::request_lines(&mut tx, id.0, crate::i18n::Lang::Da).await?;
    tx.commit().await?;
    audit::read(pool, Entry::new(Some(user.id.0), "read", "case", Some(id.0)).family(head.family_id)).await?;
    let closed = full
        .closed_on
        .map(|on| format!("Afsluttet {}: {}", time::date(on), full.closed_reason.trim_end_matches('.')) + ".");
    let terms = TermsForm {
        visit_type: full.row.visit_type,
        from: full.row.decision_from.to_string(),
        to: full.row.decision_to.to_string(),
        frequency_weeks: full.row.frequency_weeks,
        visit_minutes: full.row.visit_minutes,
        conditions: full.row.conditions.clone(),
    };
    Ok(CaseDetail {
        summary: summary(full.row, time::today(now)),
        caseworker: full.caseworker,
        closed,
        previous: full.previous_case_id.map(CaseId),
        next: full.next_case_id.map(CaseId),
        history: history
            .into_iter()
            .map(|(at, who, what, detail)| CaseChange {
                when: time::long(time::from_unix(at)),
                who,
                what: what_label(&what, &detail),
            })
            .collect(),
        consents,
        decisions,
        terms,
        purpose: full.purpose,
        goals: full.goals,
        document_ref: full.document_ref,
        consultant: full.consultant,
        followup_weeks: full.followup_weeks,
        support_person: full.support_person.clone(),
        requests,
        course,
        caseworkers,
        today: time::today(now).to_string(),
        may_change: may_change(user),
    })
}

/// Closes a case from today: the child's planned visits from now on are cancelled ("Aflyst af
/// rådgiver" / "… af samværscentret", with the reason), or, where a sibling with an open case still
/// comes, the child is taken off; the family's meetings go when its last case closes. The
/// family's channel links and calendar feeds end with its last open case (they check it on every
/// use). Returns how many appointments were cancelled.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = id.0))]
pub async fn close(pool: &SqlitePool, user: &CurrentUser, id: CaseId, reason: &str) -> Result<usize, AppError> {
    let reason = reason.trim();
    if !(3..=500).contains(&reason.chars().count()) {
        return Err(AppError::invalid("reason", "Skriv, hvorfor sagen afsluttes (3 til 500 tegn)."));
    }
    let now = Utc::now();
    let (mut tx, head) = begin_change(pool, user, id).await?;
    if head.status == "closed" {
        return Err(AppError::Conflict("Sagen er allerede afsluttet.".into()));
    }
    repo::close(&mut *tx, id.0, time::today(now), reason, user.id.0).await?;
    let open: Vec<i64> =
        repo::open_children(&mut *tx, head.family_id).await?.into_iter().filter(|c| *c != head.child_id).collect();
    let planned: Vec<Planned> =
        repo::planned_from(&mut *tx, head.family_id, now.timestamp()).await?.iter().map(planned).collect();
    let effects = closing_effects(&planned, head.child_id, &open);
    // The family sees a plain "case closed"; the reason stays in the case's history.
    let cancelled = apply(&mut tx, user, head.family_id, &effects, CLOSED).await?;
    repo::record(&mut *tx, id.0, (user.id.0, now.timestamp()), "closed", reason).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "close", "case", Some(id.0)).family(head.family_id))
        .await?;
    tx.commit().await?;
    Ok(cancelled)
}

/// What the family and the visit's history say of a visit cancelled because its case closed.
pub const CLOSED: &str = "Sagen er afsluttet.";

/// Continues a closed case in a new one over a new decision period (the old one stays closed
/// and read-only); both keep a line in their history. Returns the new case.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = id.0))]
pub async fn continue_closed(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: CaseId,
    (from, to): (&str, &str),
) -> Result<CaseId, AppError> {
    let from = time::parse_date(from, "from", "startdatoen")?;
    let to = time::parse_date(to, "to", "slutdatoen")?;
    if to < from {
        return Err(AppError::invalid("to", "Slutdatoen ligger før startdatoen."));
    }
    let now = Utc::now().timestamp();
    let (mut tx, head) = begin_change(pool, user, id).await?;
    let full = repo::full(&mut *tx, id.0, now).await?.ok_or(AppError::NotFound)?;
    if head.status != "closed" {
        return Err(AppError::Conflict("Kun en afsluttet sag kan fortsættes i en ny.".into()));
    }
    if full.next_case_id.is_some() {
        return Err(AppError::Conflict("Sagen er allerede fortsat i en ny sag.".into()));
    }
    if repo::child_has_open_case(&mut *tx, head.child_id).await? {
        return Err(AppError::Conflict("Barnet har allerede en åben sag.".into()));
    }
    let new = repo::continue_case(&mut *tx, id.0, (from, to), now).await?;
    // The committee's decisions that reach into the new period, and the consents in force, hold
    // for the new case too.
    repo::copy_decisions(&mut *tx, id.0, new, from).await?;
    repo::copy_consents(&mut *tx, id.0, new).await?;
    let period = format!("{} – {}", time::date(from), time::date(to));
    repo::record(&mut *tx, id.0, (user.id.0, now), "reopened", &period).await?;
    repo::record(&mut *tx, new, (user.id.0, now), "continued", &period).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "create", "case", Some(new)).family(head.family_id))
        .await?;
    tx.commit().await?;
    Ok(CaseId(new))
}
