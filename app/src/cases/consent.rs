//! Consent to supported visits (Barnets Lov § 104, stk. 3): every custody holder, and the young
//! person from the day they turn 15. Staff and the case's caseworker record a consent given or
//! withdrawn, with its date; a withdrawal at once cancels the child's coming supported visits it
//! no longer allows (a sibling's visit goes on without the child), and the parents see why.

use chrono::{NaiveDate, Utc};
use sqlx::SqlitePool;

use super::effects::{enforce, notify};
use super::periods::birthday;
use super::service::begin_open_change;
use super::{CaseId, ConsentLine, age_on, repo};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::time;

/// What the family sees on a visit a withdrawn consent cancelled (no one is named).
pub const WITHDRAWN: &str = "Samtykket til støttet samvær er trukket tilbage.";

/// A party as the form names it: a custody holder ("p12") or the young person ("barn").
fn party(text: &str) -> Result<Option<i64>, AppError> {
    match text.trim() {
        "barn" => Ok(None),
        p => p
            .strip_prefix('p')
            .and_then(|id| id.parse().ok())
            .map(Some)
            .ok_or_else(|| AppError::invalid("party", "Vælg, hvis samtykke det gælder.")),
    }
}

/// The consents a supported case needs and where each stands today.
pub async fn lines(
    db: &mut sqlx::SqliteConnection,
    case: &repo::CaseFull,
    child_id: i64,
    today: NaiveDate,
) -> Result<Vec<ConsentLine>, AppError> {
    if case.row.visit_type != crate::visits::VisitType::Supported {
        return Ok(Vec::new());
    }
    let given = repo::consents(&mut *db, case.row.id).await?;
    let state = |who: Option<i64>| {
        let last = given.iter().rev().find(|(p, _, _)| *p == who);
        match last {
            Some((_, from, None)) => (format!("Givet {}", time::date(*from)), true),
            Some((_, _, Some(w))) if *w > today => (format!("Givet, trækkes tilbage {}", time::date(*w)), true),
            Some((_, _, Some(w))) => (format!("Trukket tilbage {}", time::date(*w)), false),
            None => ("Mangler".to_string(), false),
        }
    };
    let mut out: Vec<ConsentLine> = repo::custody_holders(&mut *db, child_id)
        .await?
        .into_iter()
        .map(|(id, name)| {
            let (state, in_force) = state(Some(id));
            ConsentLine { party: format!("p{id}"), who: format!("{name} (forældremyndighed)"), state, in_force }
        })
        .collect();
    // The young person from 15: asked for as soon as they turn 15 inside the decision's period.
    let birth = case.row.birth_date;
    if age_on(birth, case.row.decision_to) >= 15 {
        let fifteen = birthday(birth, 15);
        let first = case.row.child_name.split(' ').next().unwrap_or_default().to_string();
        let who = if fifteen <= today {
            format!("{first} selv (15 år eller ældre)")
        } else {
            format!("{first} selv (fylder 15 år {})", time::date(fifteen))
        };
        let (state, in_force) = state(None);
        out.push(ConsentLine { party: "barn".into(), who, state, in_force });
    }
    Ok(out)
}

/// Records a consent given (`given`) or withdrawn on `on`. Answers how many coming visits a
/// withdrawal cancelled.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = id.0, given))]
pub async fn record(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: CaseId,
    (party_text, on): (&str, &str),
    given: bool,
) -> Result<usize, AppError> {
    let (mut tx, head) = begin_open_change(pool, user, id).await?;
    let who = party(party_text)?;
    let on = time::parse_date(on, "on", "datoen")?;
    let cancelled = record_in(&mut tx, user, &head, (who, on), given).await?;
    tx.commit().await?;
    Ok(cancelled)
}

/// Records `who`'s consent (None: the young person) given or withdrawn on `on`, inside the
/// case's write transaction: the history, the audit entry, and what a withdrawal cancels.
pub(crate) async fn record_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    user: &CurrentUser,
    head: &repo::CaseHead,
    (who, on): (Option<i64>, NaiveDate),
    given: bool,
) -> Result<usize, AppError> {
    let now = Utc::now();
    let id = CaseId(head.id);
    let case = repo::full(&mut **tx, id.0, now.timestamp()).await?.ok_or(AppError::NotFound)?;
    let needed = lines(tx, &case, head.child_id, time::today(now)).await?;
    let line = needed
        .iter()
        .find(|l| party(&l.party).ok() == Some(who))
        .ok_or_else(|| AppError::invalid("party", "Vælg en forældremyndighedsindehaver eller den unge selv."))?;
    let current = repo::consents(&mut **tx, id.0).await?;
    let open = current.iter().find(|(p, _, w)| *p == who && w.is_none());
    let what = if given {
        if open.is_some() {
            return Err(AppError::Conflict("Samtykket er allerede givet.".into()));
        }
        repo::give_consent(&mut **tx, id.0, who, on).await?;
        "consent_given"
    } else {
        match open {
            None => return Err(AppError::Conflict("Der er intet gældende samtykke at trække tilbage.".into())),
            Some((_, from, _)) if on < *from => {
                return Err(AppError::invalid("on", "Samtykket kan ikke trækkes tilbage før den dag, det blev givet."));
            }
            Some(_) => repo::withdraw_consent(&mut **tx, id.0, who, on).await?,
        };
        "consent_withdrawn"
    };
    let detail = format!("{}, fra {}", line.who, time::date(on));
    let mut cancelled = 0;
    if !given {
        let done = enforce(tx, user, head, WITHDRAWN).await?;
        if done != (0, 0) {
            // The notice names no one: which party withdrew stays on the case's page.
            let what = format!("Samtykke til støttet samvær trukket tilbage fra {}", time::date(on));
            notify(tx, head, &what, done).await?;
        }
        cancelled = done.0;
    }
    repo::record(&mut **tx, id.0, (user.id.0, now.timestamp()), what, &detail).await?;
    let action = if given { "consent_given" } else { "consent_withdrawn" };
    audit::repo::insert(&mut **tx, Entry::new(Some(user.id.0), action, "case", Some(id.0)).family(head.family_id))
        .await?;
    Ok(cancelled)
}
