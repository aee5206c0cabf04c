//! The young person's page and what they do on it. Every function starts from the signed-in
//! young person's own open case (none: not found); nothing reads their parents' data.

use chrono::Utc;
use sqlx::SqlitePool;

use super::{YoungConsent, YoungView, YoungVisit, repo};
use crate::audit::{self, Entry};
use crate::auth::{CurrentUser, Role};
use crate::cases::{age_on, consent, effects, repo as cases_repo};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::time;
use crate::visits::{Kind, Status};

/// How far ahead the young person sees their visits.
const AHEAD_SECS: i64 = 12 * 7 * 86_400;
pub const MAX_REQUEST: usize = 1000;

async fn own_case(db: &mut sqlx::SqliteConnection, user: &CurrentUser) -> Result<cases_repo::CaseHead, AppError> {
    if user.role != Role::Young {
        return Err(AppError::Forbidden);
    }
    let id = repo::open_case(&mut *db, user.id.0).await?.ok_or(AppError::NotFound)?;
    cases_repo::head(&mut *db, id).await?.ok_or(AppError::NotFound)
}

fn kind_label(lang: Lang, kind: &str) -> &'static str {
    if kind == "pause" { lang.t("Pause", "A pause") } else { lang.t("Samtale", "A talk") }
}

/// The case's requests from the young person as lines: "torsdag 3. december kl. 20.30 · Pause: …".
pub async fn request_lines(db: &mut sqlx::SqliteConnection, case_id: i64, lang: Lang) -> Result<Vec<String>, AppError> {
    Ok(repo::requests(&mut *db, case_id)
        .await?
        .into_iter()
        .map(|(kind, body, at)| {
            let head = format!("{} · {}", time::long_in(lang, time::from_unix(at)), kind_label(lang, &kind));
            if body.is_empty() { head } else { format!("{head}: {body}") }
        })
        .collect())
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn view(pool: &SqlitePool, user: &CurrentUser, lang: Lang) -> Result<YoungView, AppError> {
    let mut conn = pool.acquire().await?;
    let head = own_case(&mut conn, user).await?;
    let now = Utc::now();
    let rows = crate::placement::repo::visits(
        &mut *conn,
        (crate::cases::ChildId(head.child_id), head.family_id),
        now.timestamp(),
        now.timestamp() + AHEAD_SECS,
    )
    .await?;
    let full = cases_repo::full(&mut *conn, head.id, now.timestamp()).await?.ok_or(AppError::NotFound)?;
    let today = time::today(now);
    let consent = if age_on(full.row.birth_date, today) >= 15 {
        consent::lines(&mut conn, &full, head.child_id, today)
            .await?
            .into_iter()
            .find(|l| l.party == "barn")
            .map(|l| YoungConsent { state: l.state, in_force: l.in_force })
    } else {
        None
    };
    let requests = request_lines(&mut conn, head.id, lang).await?;
    let phone = repo::centre_phone(&mut *conn, head.family_id).await?;
    audit::read(pool, Entry::new(Some(user.id.0), "read", "young_page", Some(head.id)).family(head.family_id)).await?;
    Ok(YoungView {
        first_name: head.child_first.clone(),
        visits: rows
            .into_iter()
            .map(|v| {
                let (start, end) = (time::from_unix(v.starts_at), time::from_unix(v.ends_at));
                YoungVisit {
                    when: time::long_in(lang, start),
                    span: time::span_in(lang, start, end),
                    title: crate::visits::title(lang, Kind::Visit, v.visit_type).to_string(),
                    place: v.place_name.unwrap_or_default(),
                    address: v.place_address.unwrap_or_default(),
                    cancelled: v.status == Status::Cancelled,
                }
            })
            .collect(),
        consent,
        requests,
        phone,
    })
}

/// The young person gives (`given`) or withdraws their own consent to supported visits, from
/// today; a withdrawal cancels the coming supported visits it no longer covers, as the child's.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, given))]
pub async fn set_consent(pool: &SqlitePool, user: &CurrentUser, given: bool) -> Result<usize, AppError> {
    let now = Utc::now();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let head = own_case(&mut tx, user).await?;
    let full = cases_repo::full(&mut *tx, head.id, now.timestamp()).await?.ok_or(AppError::NotFound)?;
    let today = time::today(now);
    if full.row.visit_type != crate::visits::VisitType::Supported {
        return Err(AppError::Conflict("Dit samvær er overvåget, så det kræver ikke dit samtykke.".into()));
    }
    if age_on(full.row.birth_date, today) < 15 {
        return Err(AppError::Conflict("Du kan selv give eller trække dit samtykke, fra du fylder 15 år.".into()));
    }
    let cancelled = consent::record_in(&mut tx, user, &head, (None, today), given).await?;
    tx.commit().await?;
    Ok(cancelled)
}

/// The young person asks for a pause in the visits or for a talk; the case's caseworker and the
/// coordinator read it on the case, and the coordinator and the family's consultant get a notice.
#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn ask(pool: &SqlitePool, user: &CurrentUser, kind: &str, body: &str) -> Result<(), AppError> {
    let what = match kind {
        "pause" => "Den unge beder om en pause i samværet",
        "talk" => "Den unge beder om en samtale",
        _ => return Err(AppError::invalid("kind", "Vælg, om du beder om en pause eller en samtale.")),
    };
    let body = body.replace("\r\n", "\n");
    let body = body.trim();
    if body.chars().count() > MAX_REQUEST {
        return Err(AppError::invalid("body", format!("Skriv højst {MAX_REQUEST} tegn.")));
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let head = own_case(&mut tx, user).await?;
    let id = repo::add_request(&mut *tx, head.id, user.id.0, (kind, body), Utc::now().timestamp()).await?;
    effects::notify(&mut tx, &head, what, (0, 0)).await?;
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "create", "young_request", Some(id)).family(head.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
