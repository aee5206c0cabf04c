//! Referrals: a caseworker sends one to a centre; the centre's coordinator reads it, asks back
//! (the caseworker answers) or accepts it, which creates the family, children, persons,
//! relations and one case per child in one `BEGIN IMMEDIATE` transaction, or nothing. A
//! coordinator entering a case directly makes and accepts a referral in one go (the referral is
//! the record of what was entered). A caseworker reaches only their own referrals, a coordinator
//! only their centre's (another's, also by id: not found).

use chrono::Utc;
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::rules::{Intake, check};
use super::{FormOptions, ReferralId, ReferralIn, ReferralItem, ReferralView, repo};
use crate::audit::{self, Entry};
use crate::auth::{CurrentUser, Role};
use crate::cases::age_on;
use crate::error::AppError;
use crate::time;

fn centre_of(r: &ReferralIn) -> Result<i64, AppError> {
    r.centre_id.trim().parse().map_err(|_| AppError::invalid("centre_id", "Vælg samværscentret."))
}

fn item(row: &repo::ReferralRow, body: &ReferralIn) -> ReferralItem {
    let today = time::today(Utc::now());
    let children = body
        .children
        .iter()
        .filter(|c| !c.first_name.is_empty())
        .map(|c| match chrono::NaiveDate::parse_from_str(&c.birth_date, "%Y-%m-%d") {
            Ok(b) => format!("{} ({} år)", c.first_name, age_on(b, today)),
            Err(_) => c.first_name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    ReferralItem {
        id: ReferralId(row.id),
        sent: format!("Henvist {}", time::long(time::from_unix(row.created_at))),
        status: match row.status.as_str() {
            "asked" => "Spurgt",
            "accepted" => "Modtaget",
            _ => "Ny",
        }
        .into(),
        children,
        caseworker: row.caseworker.clone(),
    }
}

fn body_of(row: &repo::ReferralRow) -> Result<ReferralIn, AppError> {
    serde_json::from_str(&row.body).map_err(|e| AppError::internal("referral body", e))
}

/// What the form offers the caller.
pub async fn options(pool: &SqlitePool, user: &CurrentUser) -> Result<FormOptions, AppError> {
    let centres = repo::centres(pool).await?;
    let (centres, caseworkers, consultants) = match user.role {
        Role::Coordinator => (
            centres.into_iter().filter(|(id, _)| Some(id.0) == user.scope.centre_id).collect(),
            crate::cases::repo::caseworkers(pool).await?,
            repo::consultants(pool, user.centre()).await?,
        ),
        _ => (centres, Vec::new(), Vec::new()),
    };
    Ok(FormOptions { centres, caseworkers, consultants, today: time::today(Utc::now()).to_string() })
}

/// A caseworker's referral to a centre, checked whole; nothing is stored when any part is wrong.
#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn send(pool: &SqlitePool, user: &CurrentUser, r: &ReferralIn) -> Result<ReferralId, AppError> {
    let centre = centre_of(r)?;
    check(r, time::today(Utc::now()))?;
    let now = Utc::now().timestamp();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    if !repo::centres(&mut *tx).await?.iter().any(|(id, _)| id.0 == centre) {
        return Err(AppError::invalid("centre_id", "Vælg samværscentret."));
    }
    let body = serde_json::to_string(r).map_err(|e| AppError::internal("referral body", e))?;
    let id = repo::insert(&mut *tx, centre, user.id.0, &body, now).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "create", "referral", Some(id))).await?;
    tx.commit().await?;
    Ok(ReferralId(id))
}

/// The referral when the caller may see it: its caseworker, or the centre's coordinator.
async fn reachable(
    db: &mut sqlx::SqliteConnection,
    user: &CurrentUser,
    id: ReferralId,
) -> Result<repo::ReferralRow, AppError> {
    let row = repo::one(&mut *db, id.0).await?.ok_or(AppError::NotFound)?;
    let mine = match user.role {
        Role::Caseworker => row.caseworker_id == user.id.0,
        Role::Coordinator => Some(row.centre_id) == user.scope.centre_id,
        _ => false,
    };
    if mine { Ok(row) } else { Err(AppError::NotFound) }
}

pub async fn list(pool: &SqlitePool, user: &CurrentUser) -> Result<Vec<ReferralItem>, AppError> {
    let rows = match user.role {
        Role::Caseworker => repo::list(pool, None, Some(user.id.0)).await?,
        _ => repo::list(pool, Some(user.centre()), None).await?,
    };
    audit::read(pool, Entry::new(Some(user.id.0), "read", "referral_list", None)).await?;
    rows.iter().map(|r| Ok(item(r, &body_of(r)?))).collect()
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0, referral_id = id.0))]
pub async fn view(pool: &SqlitePool, user: &CurrentUser, id: ReferralId) -> Result<ReferralView, AppError> {
    let mut tx = pool.begin().await?;
    let row = reachable(&mut tx, user, id).await?;
    let notes = repo::notes(&mut *tx, id.0).await?;
    let cases = match row.family_id {
        Some(f) => repo::family_cases(&mut *tx, f).await?,
        None => Vec::new(),
    };
    let coordinator = user.role == Role::Coordinator;
    let consultants = if coordinator { repo::consultants(&mut *tx, row.centre_id).await? } else { Vec::new() };
    tx.commit().await?;
    let mut entry = Entry::new(Some(user.id.0), "read", "referral", Some(id.0));
    if let Some(f) = row.family_id {
        entry = entry.family(f);
    }
    audit::read(pool, entry).await?;
    let body = body_of(&row)?;
    let today = time::today(Utc::now());
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let children_lines = body
        .children
        .iter()
        .filter(|c| !c.first_name.is_empty())
        .map(|c| {
            let place = super::PLACEMENTS.iter().position(|p| *p == c.placement).unwrap_or(0);
            let place = body.placements.get(place).map(|p| p.name.clone()).unwrap_or_default();
            let born = date(&c.birth_date)
                .map(|b| format!(", født {} ({} år)", time::date(b), age_on(b, today)))
                .unwrap_or_default();
            format!("{} {}{born} · {place}", c.first_name, c.last_name)
        })
        .collect();
    let d = &body.decision;
    let period = match (date(&d.from), date(&d.to)) {
        (Some(f), Some(t)) => format!("{} – {}", time::date(f), time::date(t)),
        _ => String::new(),
    };
    let frequency = crate::cases::frequency_label(
        d.frequency_weeks.parse().unwrap_or_default(),
        d.visit_minutes.parse().unwrap_or_default(),
    );
    Ok(ReferralView {
        coordinator,
        children_lines,
        period,
        frequency,
        item: item(&row, &body),
        centre: row.centre.clone(),
        body,
        notes: notes.into_iter().map(|(at, who, text)| (time::long(time::from_unix(at)), who, text)).collect(),
        may_accept: coordinator && row.status != "accepted",
        may_answer: user.role == Role::Caseworker && row.status == "asked",
        cases,
        consultants,
        family_id: row.family_id,
    })
}

/// The coordinator asks the caseworker (`ask`), or the caseworker answers (`!ask`).
#[tracing::instrument(skip_all, fields(user_id = user.id.0, referral_id = id.0))]
pub async fn note(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: ReferralId,
    text: &str,
    ask: bool,
) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = reachable(&mut tx, user, id).await?;
    let text = text.trim();
    if !(2..=2000).contains(&text.chars().count()) {
        return Err(AppError::invalid("text", "Skriv spørgsmålet eller svaret (2 til 2.000 tegn)."));
    }
    match (ask, user.role, row.status.as_str()) {
        (_, _, "accepted") => return Err(AppError::Conflict("Henvisningen er allerede modtaget.".into())),
        (true, Role::Coordinator, _) | (false, Role::Caseworker, "asked") => {}
        (false, Role::Caseworker, _) => return Err(AppError::Conflict("Der er intet spørgsmål at svare på.".into())),
        _ => return Err(AppError::Forbidden),
    }
    let now = Utc::now().timestamp();
    repo::add_note(&mut *tx, id.0, user.id.0, text, now).await?;
    repo::set_status(&mut *tx, id.0, if ask { "asked" } else { "new" }, now).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "update", "referral", Some(id.0))).await?;
    tx.commit().await?;
    Ok(())
}

/// The form's consultant: none ("") or an id.
pub fn consultant_field(text: &str) -> Result<Option<crate::staff::StaffId>, AppError> {
    match text.trim() {
        "" => Ok(None),
        id => {
            id.parse().map(Some).map_err(|_| AppError::invalid("consultant_id", "Vælg familiens konsulent på listen."))
        }
    }
}

/// The family's consultant, when chosen: one of the centre's permanent consultants.
async fn consultant_of(
    tx: &mut Transaction<'_, Sqlite>,
    centre: i64,
    consultant: Option<crate::staff::StaffId>,
) -> Result<Option<crate::staff::StaffId>, AppError> {
    match consultant {
        Some(c) if !repo::consultants(&mut **tx, centre).await?.iter().any(|(id, _)| *id == c) => {
            Err(AppError::invalid("consultant_id", "Vælg en af samværscentrets faste konsulenter."))
        }
        other => Ok(other),
    }
}

/// Everything a referral makes, inside the caller's transaction: the family with a new code, its
/// children, persons, relations (each person to each child) and one case per child.
async fn create(
    tx: &mut Transaction<'_, Sqlite>,
    user: &CurrentUser,
    (centre, caseworker): (i64, i64),
    i: &Intake,
    consultant: Option<crate::staff::StaffId>,
    how: &str,
) -> Result<crate::cases::FamilyId, AppError> {
    let now = Utc::now().timestamp();
    let code = repo::next_code(&mut **tx).await?;
    let family = repo::family(&mut **tx, centre, &code, consultant).await?;
    let mut persons = Vec::new();
    for p in &i.persons {
        persons.push((repo::person(&mut **tx, family, p).await?, p));
    }
    for c in &i.children {
        let placement = i.placements.get(c.placement).ok_or_else(|| AppError::internal("intake", "placement"))?;
        let child = repo::child(&mut **tx, family, c, placement).await?;
        for (person, p) in &persons {
            repo::relation(&mut **tx, child, *person, &p.relation, p.custody).await?;
        }
        let plan = (i.purpose.as_str(), i.goals.as_str(), i.document_ref.as_str());
        let case = repo::case(&mut **tx, (child, caseworker), &i.terms, plan, now).await?;
        crate::cases::repo::record(&mut **tx, case, (user.id.0, now), "created", how).await?;
    }
    audit::repo::insert(&mut **tx, Entry::new(Some(user.id.0), "create", "family", Some(family.0)).family(family))
        .await?;
    Ok(family)
}

/// Accepts a referral: the family and its cases, or nothing. Answers the family's id.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, referral_id = id.0))]
pub async fn accept(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: ReferralId,
    consultant: Option<crate::staff::StaffId>,
) -> Result<crate::cases::FamilyId, AppError> {
    if user.role != Role::Coordinator {
        return Err(AppError::Forbidden);
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = reachable(&mut tx, user, id).await?;
    if row.status == "accepted" {
        return Err(AppError::Conflict("Henvisningen er allerede modtaget.".into()));
    }
    let intake = check(&body_of(&row)?, time::today(Utc::now()))?;
    let consultant = consultant_of(&mut tx, row.centre_id, consultant).await?;
    let family =
        create(&mut tx, user, (row.centre_id, row.caseworker_id), &intake, consultant, "henvisningen er modtaget")
            .await?;
    repo::accepted(&mut *tx, id.0, family, Utc::now().timestamp()).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "accept", "referral", Some(id.0)).family(family)).await?;
    tx.commit().await?;
    Ok(family)
}

/// The case's caseworker when a coordinator enters it: an account, or a new caseworker without
/// one (a contact: no password, so no sign-in until an administrator gives them one).
pub enum Caseworker {
    Account(crate::auth::UserId),
    New(super::NewCaseworkerIn),
}

async fn new_caseworker(
    tx: &mut Transaction<'_, Sqlite>,
    user_id: i64,
    n: &super::NewCaseworkerIn,
    now: i64,
) -> Result<i64, AppError> {
    use crate::setup::rules::{email, phone};
    let name = n.full_name.trim();
    if !(2..=80).contains(&name.chars().count()) {
        return Err(AppError::invalid("new-caseworker-name", "Skriv rådgiverens navn (2 til 80 tegn)."));
    }
    let mail = crate::auth::rules::normalise_email(&email(&n.email, "new-caseworker-email")?);
    let tel = phone(&n.phone, "new-caseworker-phone")?;
    let municipality = n.municipality.trim();
    if !(2..=80).contains(&municipality.chars().count()) {
        return Err(AppError::invalid("new-caseworker-municipality", "Skriv rådgiverens kommune (2 til 80 tegn)."));
    }
    if repo::user_by_email(&mut **tx, &mail).await?.is_some() {
        return Err(AppError::invalid(
            "new-caseworker-email",
            "Den e-mail kan ikke bruges til en ny rådgiver. Vælg rådgiveren på listen, eller skriv en anden e-mail.",
        ));
    }
    let row = crate::auth::repo::NewUserRow {
        email: &mail,
        password_hash: None,
        full_name: name,
        phone: Some(&tel),
        role: crate::auth::Role::Caseworker,
        created_at: now,
    };
    let id = crate::auth::repo::insert_user(&mut **tx, row).await?;
    repo::caseworker(&mut **tx, id, municipality).await?;
    audit::repo::insert(&mut **tx, Entry::new(Some(user_id), "create", "user", Some(id))).await?;
    Ok(id)
}

/// A coordinator enters a case directly for a caseworker (with or without an account of their
/// own): a referral made and accepted at once. Answers the referral.
#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn enter(
    pool: &SqlitePool,
    user: &CurrentUser,
    r: &ReferralIn,
    caseworker: &Caseworker,
    consultant: Option<crate::staff::StaffId>,
) -> Result<ReferralId, AppError> {
    if user.role != Role::Coordinator {
        return Err(AppError::Forbidden);
    }
    let centre = centre_of(r)?;
    if Some(centre) != user.scope.centre_id {
        return Err(AppError::invalid("centre_id", "Vælg dit eget samværscenter."));
    }
    let intake = check(r, time::today(Utc::now()))?;
    let now = Utc::now().timestamp();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let caseworker = match caseworker {
        Caseworker::Account(id) if crate::cases::repo::caseworkers(&mut *tx).await?.iter().any(|(c, _)| c == id) => {
            id.0
        }
        Caseworker::Account(_) => return Err(AppError::invalid("caseworker_id", "Vælg sagens rådgiver.")),
        Caseworker::New(n) => new_caseworker(&mut tx, user.id.0, n, now).await?,
    };
    let consultant = consultant_of(&mut tx, centre, consultant).await?;
    let body = serde_json::to_string(r).map_err(|e| AppError::internal("referral body", e))?;
    let id = repo::insert(&mut *tx, centre, caseworker, &body, now).await?;
    let family =
        create(&mut tx, user, (centre, caseworker), &intake, consultant, "indtastet af samværscentret").await?;
    repo::accepted(&mut *tx, id, family, now).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "accept", "referral", Some(id)).family(family)).await?;
    tx.commit().await?;
    Ok(ReferralId(id))
}
