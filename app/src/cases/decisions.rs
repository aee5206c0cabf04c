//! § 105 decisions on a case (supervised visits, suspension of visits, suspension of letters,
//! e-mail and phone, secret address) and pauses at the child's request (§ 103, at most 8 weeks),
//! each with its period and a note. Staff and the case's
//! caseworker record a new one or move the end of one; booking, the portal, channels and the
//! calendar read them as they stand, and the visits a decision no longer allows are cancelled in
//! the same transaction.

use chrono::{NaiveDate, Utc};
use sqlx::SqlitePool;

use super::effects::{enforce, notify};
use super::periods::{joined_run, overlaps};
use super::repo::{self, DecisionRow};
use super::service::begin_open_change;
use super::{CaseId, DecisionId, DecisionKind, DecisionLine};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::time;

/// What the family sees on a visit a decision cancelled.
fn why(kind: DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Supervised => {
            "Kommunen har besluttet, at samværet skal være overvåget. Samværscentret aftaler en ny tid med jer."
        }
        DecisionKind::ChildPause => "Samværet holder pause i en periode. Rådgiveren fortæller jer mere.",
        _ => "Kommunen har besluttet, at der ikke skal være samvær i en periode.",
    }
}

/// The longest pause at the child's request (§ 103): 8 weeks, both ends counted.
pub const PAUSE_DAYS: i64 = 56;

/// A pause over 8 weeks is refused, also when it runs on from (or into) another pause of the
/// case with no day between: with the last day it may run to, or the pause it joins.
fn pause_length(
    kind: DecisionKind,
    rows: &[DecisionRow],
    except: Option<DecisionId>,
    span: (NaiveDate, NaiveDate),
) -> Result<(), AppError> {
    if kind != DecisionKind::ChildPause {
        return Ok(());
    }
    let others: Vec<(NaiveDate, NaiveDate)> = rows
        .iter()
        .filter(|r| Some(r.id) != except && r.kind == kind.as_str())
        .map(|r| (r.valid_from, r.valid_to))
        .collect();
    let run = joined_run(&others, span);
    // Both ends count: a run from day 0 to day 55 is 56 days.
    if (run.1 - run.0).num_days() < PAUSE_DAYS {
        return Ok(());
    }
    let message = if run == span {
        let last = span.0 + chrono::Days::new(PAUSE_DAYS as u64 - 1);
        format!("En pause efter barnets ønske kan højst vare 8 uger (§ 103): til og med {} senest.", time::date(last))
    } else {
        format!(
            "Pausen hænger sammen med en anden pause ({}); sammen kan pauser efter barnets ønske højst vare 8 uger i træk (§ 103).",
            period(run.0, run.1)
        )
    };
    Err(AppError::invalid("to", message))
}

fn period(from: NaiveDate, to: NaiveDate) -> String {
    format!("{} – {}", time::date(from), time::date(to))
}

/// The decisions for the case's page, with where each stands on `today`.
pub fn lines(rows: Vec<DecisionRow>, today: NaiveDate) -> Vec<DecisionLine> {
    rows.into_iter()
        .filter_map(|r| {
            let kind = DecisionKind::parse(&r.kind)?;
            let state = if r.valid_to < today {
                "Udløbet".to_string()
            } else if r.valid_from > today {
                "Kommende".to_string()
            } else {
                "Gælder nu".to_string()
            };
            Some(DecisionLine {
                id: r.id,
                kind,
                period: period(r.valid_from, r.valid_to),
                to: r.valid_to.to_string(),
                note: r.note,
                state,
            })
        })
        .collect()
}

/// Another decision of the same kind sharing a day with `span`: refused, with what to do.
fn clash(
    rows: &[DecisionRow],
    kind: DecisionKind,
    span: (NaiveDate, NaiveDate),
    except: Option<DecisionId>,
) -> Result<(), AppError> {
    match rows
        .iter()
        .find(|r| Some(r.id) != except && r.kind == kind.as_str() && overlaps((r.valid_from, r.valid_to), span))
    {
        Some(r) => Err(AppError::invalid(
            "from",
            format!(
                "Der er allerede en afgørelse om {} i perioden {}. Ret dens slutdato i stedet.",
                kind.label().to_lowercase(),
                period(r.valid_from, r.valid_to)
            ),
        )),
        None => Ok(()),
    }
}

/// Records a new decision. Answers how many coming visits it cancelled.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = id.0))]
pub async fn add(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: CaseId,
    kind: &str,
    (from, to): (&str, &str),
    note: &str,
) -> Result<usize, AppError> {
    let now = Utc::now().timestamp();
    let (mut tx, head) = begin_open_change(pool, user, id).await?;
    let kind = DecisionKind::parse(kind).ok_or_else(|| AppError::invalid("kind", "Vælg, hvilken afgørelse det er."))?;
    let from = time::parse_date(from, "from", "startdatoen")?;
    let to = time::parse_date(to, "to", "slutdatoen")?;
    if to < from {
        return Err(AppError::invalid(
            "to",
            "Afgørelsen slutter, før den begynder. Vælg en slutdato efter startdatoen.",
        ));
    }
    let note = note.trim();
    if note.chars().count() > 1000 {
        return Err(AppError::invalid("note", "Noten må højst fylde 1.000 tegn."));
    }
    let rows = repo::decisions(&mut *tx, id.0).await?;
    clash(&rows, kind, (from, to), None)?;
    pause_length(kind, &rows, None, (from, to))?;
    let new = repo::add_decision(&mut *tx, id.0, (kind.as_str(), from, to), note, (user.id.0, now)).await?;
    let done = enforce(&mut tx, user, &head, why(kind)).await?;
    let detail = format!("{}, {}", kind.label(), period(from, to));
    repo::record(&mut *tx, id.0, (user.id.0, now), "decision_added", &detail).await?;
    notify(&mut tx, &head, &format!("Ny afgørelse: {detail}"), done).await?;
    let entry = Entry::new(Some(user.id.0), "decision_add", "case", Some(id.0)).family(head.family_id);
    audit::repo::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    tracing::info!(decision_id = new, "decision recorded");
    Ok(done.0)
}

/// Moves the end of one of the case's decisions (ending it early, or prolonging it). Answers how
/// many coming visits the change cancelled.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = id.0, decision_id))]
pub async fn set_end(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: CaseId,
    decision_id: DecisionId,
    to: &str,
) -> Result<usize, AppError> {
    let now = Utc::now().timestamp();
    let (mut tx, head) = begin_open_change(pool, user, id).await?;
    let to = time::parse_date(to, "to", "slutdatoen")?;
    let rows = repo::decisions(&mut *tx, id.0).await?;
    let row = rows.iter().find(|r| r.id == decision_id).ok_or(AppError::NotFound)?;
    let kind = DecisionKind::parse(&row.kind).ok_or(AppError::NotFound)?;
    if to < row.valid_from {
        return Err(AppError::invalid("to", "Slutdatoen ligger før afgørelsens startdato."));
    }
    if to == row.valid_to {
        return Err(AppError::invalid("to", "Slutdatoen er den samme som før. Vælg en anden dato."));
    }
    clash(&rows, kind, (row.valid_from, to), Some(row.id))?;
    pause_length(kind, &rows, Some(row.id), (row.valid_from, to))?;
    repo::set_decision_to(&mut *tx, id.0, row.id, to).await?;
    let done = enforce(&mut tx, user, &head, why(kind)).await?;
    let detail = format!("{}: til {} → til {}", kind.label(), time::date(row.valid_to), time::date(to));
    repo::record(&mut *tx, id.0, (user.id.0, now), "decision_changed", &detail).await?;
    notify(&mut tx, &head, &format!("Afgørelse ændret: {detail}"), done).await?;
    let entry = Entry::new(Some(user.id.0), "decision_update", "case", Some(id.0)).family(head.family_id);
    audit::repo::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(done.0)
}
