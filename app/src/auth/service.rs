//! Sign-in and accounts. Both ways in today (a password, or a channel link with its one-time code)
//! end in `guard::begin_session` with a verified `CurrentUser`; an OpenID Connect login would too.

use chrono::Utc;
use sqlx::SqlitePool;

use super::{CurrentUser, Role, UserId, password, repo, rules};
use crate::audit;
use crate::context::Settings;
use crate::error::AppError;
use crate::staff::Employment;

pub fn to_current(row: &repo::UserRow) -> CurrentUser {
    CurrentUser {
        id: UserId(row.id),
        full_name: row.full_name.clone(),
        role: row.role,
        centre_name: String::new(),
        scope: Default::default(),
    }
}

/// The request's user with their scope.
pub fn to_caller(row: &repo::CallerRow) -> CurrentUser {
    let scope = super::Scope {
        centre_id: row.centre_id,
        hourly: row.employment.is_some_and(Employment::is_hourly),
        family_id: row.family_id,
    };
    CurrentUser { scope, centre_name: row.centre_name.clone().unwrap_or_default(), ..to_current(&row.user) }
}

/// Password checks running at once. Each argon2 check takes 19 MiB and a core for a while; the
/// bound keeps unauthenticated requests from exhausting memory (a process-wide resource, so a
/// process-wide semaphore rather than per-app state).
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

/// Checks e-mail and password, counting attempts per account and per address. The attempt is
/// reserved inside the write lock before the password is hashed, so parallel guesses see each
/// other: no more than the limit are ever checked. A right password takes its reservation back.
#[tracing::instrument(skip_all)]
pub async fn sign_in_with_password(
    pool: &SqlitePool,
    settings: &Settings,
    email: &str,
    secret: String,
    address: &str,
) -> Result<CurrentUser, AppError> {
    let email = rules::normalise_email(email);
    if email.is_empty() {
        return Err(AppError::invalid("email", "Skriv din e-mailadresse."));
    }
    if secret.is_empty() {
        return Err(AppError::invalid("password", "Skriv din adgangskode."));
    }
    let now = Utc::now().timestamp();
    let since = now - settings.sign_in_window_secs;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let by_account = repo::count_failures(&mut *tx, "account", &email, since).await?;
    let by_address = repo::count_failures(&mut *tx, "address", address, since).await?;
    if rules::sign_in_blocked(
        by_account,
        by_address,
        settings.sign_in_max_per_account,
        settings.sign_in_max_per_address,
    ) {
        tracing::warn!("sign-in refused: too many failures");
        let minutes = (settings.sign_in_window_secs + 59) / 60;
        return Err(AppError::TooManyAttempts(format!(
            "For mange forkerte forsøg. Vent {minutes} minutter, og prøv igen, eller ring til samværscentret."
        )));
    }
    let reserved = (
        repo::insert_failure(&mut *tx, "account", &email, now).await?,
        repo::insert_failure(&mut *tx, "address", address, now).await?,
    );
    let row = repo::find_by_email(&mut *tx, &email).await?.filter(|r| r.active);
    tx.commit().await?;

    let stored = row.as_ref().and_then(|r| r.password_hash.clone());
    let ok = {
        let _permit = HASHING.acquire().await.map_err(|e| AppError::internal("hashing", e))?;
        password::verify(secret, stored).await?
    };
    let user = row.as_ref().filter(|_| ok).map(to_current);

    let mut tx = pool.begin().await?;
    let Some(user) = user else {
        // The reserved attempts stay: they are this failure.
        audit::repo::insert(&mut *tx, audit::Entry::new(row.map(|r| r.id), "sign_in_failed", "user", None)).await?;
        repo::prune_failures(&mut *tx, now - 24 * 3600).await?;
        tx.commit().await?;
        return Err(AppError::SignInFailed);
    };
    repo::clear_failures(&mut *tx, "account", &email).await?;
    repo::delete_failure(&mut *tx, reserved.1).await?;
    audit::repo::insert(&mut *tx, audit::Entry::new(Some(user.id.0), "sign_in", "user", Some(user.id.0))).await?;
    tx.commit().await?;
    tracing::info!(user_id = user.id.0, "signed in");
    Ok(user)
}

/// A new account. Used by the admin page and the `create-user` command.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub password: Option<String>,
    pub full_name: String,
    pub phone: Option<String>,
    pub role: Role,
    /// For a consultant: "permanent" (default) or "hourly". Consultants, coordinators and
    /// leaders get a staff row at the centre: booking, staffing and channels need one.
    pub employment: Option<String>,
    /// The centre of a staff account; None: the only centre (refused when there are several).
    pub centre_id: Option<i64>,
    /// For a parent or a young person: whom of a family the account is for, and the centre the
    /// family must belong to (None: any, for the installation's administrator).
    pub account_of: Option<(AccountOf, Option<i64>)>,
}

/// Whom of a family an account is for: a parent (a person of the family) or a young person (a
/// child of 15 or more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountOf {
    Person(crate::cases::PersonId),
    Child(crate::cases::ChildId),
}

/// The staff row a new account of a centre's staff gets: (employment, title). The form's
/// employment is "permanent" (or left out) or "hourly", for a consultant only.
/// An administrator made at a centre (`centre_id` given) manages that centre only; one made
/// without is the installation's administrator.
fn staff_row(
    role: Role,
    employment: Option<&str>,
    at_centre: bool,
) -> Result<Option<(Employment, &'static str)>, AppError> {
    let employment = match employment.map(str::trim) {
        None | Some("") | Some("permanent") => Employment::Permanent,
        Some("hourly") if role == Role::Consultant => Employment::Hourly,
        _ => return Err(AppError::invalid("employment", "Vælg fast eller timelønnet (kun for konsulenter).")),
    };
    Ok(match role {
        Role::Consultant => Some((employment, "Samværskonsulent")),
        Role::Coordinator => Some((Employment::Permanent, "Fagkoordinator")),
        Role::Leader => Some((Employment::Permanent, "Leder")),
        Role::Admin if at_centre => Some((Employment::Permanent, "Administrator")),
        _ => None,
    })
}

#[tracing::instrument(skip_all)]
pub async fn create_user(pool: &SqlitePool, actor: Option<UserId>, new: NewUser) -> Result<UserId, AppError> {
    let email = rules::normalise_email(&new.email);
    if !rules::looks_like_email(&email) {
        return Err(AppError::invalid("email", "Skriv en gyldig e-mailadresse, fx navn@kommune.dk."));
    }
    let full_name = new.full_name.trim();
    if full_name.is_empty() || full_name.chars().count() > 120 {
        return Err(AppError::invalid("full_name", "Skriv et navn på 1 til 120 tegn."));
    }
    let staff = staff_row(new.role, new.employment.as_deref(), new.centre_id.is_some())?;
    let hash = match new.password {
        Some(p) => {
            if let Some(problem) = rules::password_problem(&p) {
                return Err(AppError::invalid("password", problem));
            }
            Some(password::hash(p).await?)
        }
        None => None,
    };
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    if repo::find_by_email(&mut *tx, &email).await?.is_some() {
        return Err(AppError::invalid("email", "Der findes allerede en bruger med den e-mailadresse."));
    }
    let id = repo::insert_user(
        &mut *tx,
        repo::NewUserRow {
            email: &email,
            password_hash: hash.as_deref(),
            full_name,
            phone: new.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()),
            role: new.role,
            created_at: Utc::now().timestamp(),
        },
    )
    .await?;
    if let Some((employment, title)) = staff {
        let centres = crate::staff::repo::centres(&mut *tx).await?;
        let centre = match (new.centre_id, centres.as_slice()) {
            (Some(c), _) if centres.contains(&c) => c,
            (None, [only]) => *only,
            (None, _) => {
                return Err(AppError::invalid("centre_id", "Der er flere centre: vælg medarbejderens center."));
            }
            (Some(_), _) => return Err(AppError::invalid("centre_id", "Centret findes ikke.")),
        };
        crate::staff::repo::insert(&mut *tx, id, centre, employment, title).await?;
    }
    let mut entry = audit::Entry::new(actor.map(|a| a.0), "create", "user", Some(id));
    if let Some((of, centre)) = new.account_of {
        let family = match (new.role, of) {
            (Role::Young, AccountOf::Child(child)) => {
                let today = crate::time::today(Utc::now()).to_string();
                crate::young::repo::link_child(&mut *tx, child, centre, id, &today).await?.ok_or_else(|| {
                    AppError::invalid(
                        "child_id",
                        "Barnet findes ikke i dit center, er under 15 år eller har allerede en konto.",
                    )
                })?
            }
            (Role::Parent, AccountOf::Person(person)) => {
                crate::admin::repo::link_person(&mut *tx, person, centre, id).await?.ok_or_else(|| {
                    AppError::invalid("person_id", "Forælderen findes ikke i dit center eller har allerede en konto.")
                })?
            }
            (Role::Young, _) => return Err(AppError::invalid("child_id", "Vælg den unge, kontoen er til.")),
            _ => return Err(AppError::invalid("person_id", "Vælg den forælder i familien, kontoen er til.")),
        };
        entry = entry.family(family);
    }
    audit::repo::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(UserId(id))
}
