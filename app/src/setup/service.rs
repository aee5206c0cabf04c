//! The administrator's work on centres and places. An administrator with a staff row reaches
//! their own centre only (another's is not found); the installation's administrator (made with
//! `server create-user --role admin`) reaches every centre and is the only one who creates one.
//! Each change is one transaction with its audit entry.

use chrono::Utc;
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::rules::{CentreInput, PlaceInput};
use super::{CentreId, CentreItem, DayHours, Feature, PlaceId, PlaceItem, PlaceKind, PlacesView, repo};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::time;

/// Which centres an administrator may set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    Every,
    Only(i64),
}

fn reach(admin: &CurrentUser) -> Reach {
    admin.scope.centre_id.map_or(Reach::Every, Reach::Only)
}

fn item(r: repo::CentreRow) -> CentreItem {
    CentreItem {
        id: CentreId(r.id),
        name: r.name,
        municipality: r.municipality,
        address: r.address,
        phone: r.phone,
        email: r.email,
        opening_hours: r.opening_hours,
        description_days: r.description_days,
        active: r.active,
    }
}

/// The centres this administrator may set up, by name.
pub async fn centres(pool: &SqlitePool, admin: &CurrentUser) -> Result<Vec<CentreItem>, AppError> {
    let rows = match reach(admin) {
        Reach::Every => repo::centres(pool).await?,
        Reach::Only(c) => repo::centre(pool, c).await?.into_iter().collect(),
    };
    Ok(rows.into_iter().map(item).collect())
}

/// Deactivates (`open` false) or reopens a centre: the installation's administrator only. A
/// deactivated centre keeps its history and refuses new bookings and referrals.
#[tracing::instrument(skip_all, fields(admin_id = admin.id.0, centre_id = id.0, open))]
pub async fn set_centre_open(pool: &SqlitePool, admin: &CurrentUser, id: CentreId, open: bool) -> Result<(), AppError> {
    if !may_create(admin) {
        return Err(AppError::Forbidden);
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let centre = repo::centre(&mut *tx, id.0).await?.ok_or(AppError::NotFound)?;
    if centre.active == open {
        let state = if open { "allerede åbent" } else { "allerede lukket" };
        return Err(AppError::Conflict(format!("{} er {state}.", centre.name)));
    }
    repo::set_centre_active(&mut *tx, id.0, open).await?;
    let action = if open { "open" } else { "close" };
    audit::repo::insert(&mut *tx, Entry::new(Some(admin.id.0), action, "centre", Some(id.0))).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether this administrator may create centres (the installation's administrator).
pub fn may_create(admin: &CurrentUser) -> bool {
    reach(admin) == Reach::Every
}

/// A new centre (the installation's administrator only).
#[tracing::instrument(skip_all, fields(admin_id = admin.id.0))]
pub async fn create_centre(pool: &SqlitePool, admin: &CurrentUser, input: &CentreInput) -> Result<CentreId, AppError> {
    if !may_create(admin) {
        return Err(AppError::Forbidden);
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    name_free(&mut tx, &input.name, None).await?;
    let id = repo::insert_centre(&mut *tx, input).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(admin.id.0), "create", "centre", Some(id))).await?;
    tx.commit().await?;
    Ok(CentreId(id))
}

#[tracing::instrument(skip_all, fields(admin_id = admin.id.0, centre_id = id.0))]
pub async fn update_centre(
    pool: &SqlitePool,
    admin: &CurrentUser,
    id: CentreId,
    input: &CentreInput,
) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    own_centre(&mut tx, admin, id.0).await?;
    name_free(&mut tx, &input.name, Some(id.0)).await?;
    repo::update_centre(&mut *tx, id.0, input).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(admin.id.0), "update", "centre", Some(id.0))).await?;
    tx.commit().await?;
    Ok(())
}

/// No other centre has this name (letters compared without case, æøå too).
async fn name_free(tx: &mut Transaction<'_, Sqlite>, name: &str, except: Option<i64>) -> Result<(), AppError> {
    let taken = repo::centres(&mut **tx)
        .await?
        .iter()
        .any(|c| Some(c.id) != except && c.name.to_lowercase() == name.to_lowercase());
    if taken {
        return Err(AppError::invalid("name", "Der findes allerede et samværscenter med det navn."));
    }
    Ok(())
}

/// The centre exists and is this administrator's to set up; otherwise it is not found.
async fn own_centre(tx: &mut Transaction<'_, Sqlite>, admin: &CurrentUser, centre: i64) -> Result<(), AppError> {
    let mine = match reach(admin) {
        Reach::Only(c) => c == centre,
        Reach::Every => true,
    };
    if !mine || repo::centre(&mut **tx, centre).await?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The centre a place belongs to, when this administrator may set it up.
async fn own_place(tx: &mut Transaction<'_, Sqlite>, admin: &CurrentUser, place: PlaceId) -> Result<i64, AppError> {
    let centre = repo::place_centre(&mut **tx, place).await?.ok_or(AppError::NotFound)?;
    own_centre(tx, admin, centre).await?;
    Ok(centre)
}

/// The places page for `asked` (None: the administrator's own centre, or the first one).
pub async fn places(pool: &SqlitePool, admin: &CurrentUser, asked: Option<CentreId>) -> Result<PlacesView, AppError> {
    let all = centres(pool, admin).await?;
    let centre = match asked {
        Some(id) => Some(all.iter().find(|c| c.id == id).cloned().ok_or(AppError::NotFound)?),
        None => all.first().cloned(),
    };
    let places = match &centre {
        Some(c) => places_of(pool, c.id.0).await?,
        None => Vec::new(),
    };
    let centres = all.into_iter().map(|c| (c.id, c.name)).collect();
    Ok(PlacesView { centre, centres, places })
}

async fn places_of(pool: &SqlitePool, centre: i64) -> Result<Vec<PlaceItem>, AppError> {
    let now = Utc::now().timestamp();
    let rows = repo::places(pool, centre, now).await?;
    let features = repo::features(pool, centre).await?;
    let hours = repo::hours(pool, centre).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut chosen: Vec<Feature> =
                features.iter().filter(|(p, _)| *p == r.id).filter_map(|(_, f)| Feature::parse(f)).collect();
            chosen.sort_unstable();
            PlaceItem {
                id: r.id,
                kind: PlaceKind::parse(&r.kind).unwrap_or(PlaceKind::Extra),
                name: r.name,
                address: r.address,
                capacity: r.capacity,
                features: chosen,
                hours: hours
                    .iter()
                    .filter(|h| h.place_id == r.id)
                    .map(|h| DayHours {
                        weekday: h.weekday as u32,
                        opens: h.opens.clone(),
                        closes: h.closes.clone(),
                        dates: h
                            .valid_from
                            .zip(h.valid_to)
                            .map(|(f, t)| format!("{} – {}", time::date(f), time::date(t))),
                    })
                    .collect(),
                active: r.active,
                coming: r.coming,
            }
        })
        .collect())
}

/// Creates a place at `centre` (`place` None) or changes one: name, kind, address, capacity,
/// features and weekly hours all at once. Hours for a period (a borrowed hall's season) stay.
#[tracing::instrument(skip_all, fields(admin_id = admin.id.0, centre_id = centre.0))]
pub async fn save_place(
    pool: &SqlitePool,
    admin: &CurrentUser,
    centre: CentreId,
    place: Option<PlaceId>,
    p: &PlaceInput,
) -> Result<PlaceId, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    own_centre(&mut tx, admin, centre.0).await?;
    if let Some(id) = place
        && own_place(&mut tx, admin, id).await? != centre.0
    {
        return Err(AppError::NotFound);
    }
    if repo::name_taken(&mut *tx, centre.0, &p.name, place.map_or(0, |id| id.0)).await? {
        return Err(AppError::invalid("name", "Der findes allerede et sted med det navn i samværscentret."));
    }
    let dated = match place {
        Some(id) => repo::dated_hours(&mut *tx, id).await?,
        None => 0,
    };
    if p.week.is_empty() && dated == 0 {
        return Err(AppError::invalid("hours", "Skriv åbningstiden for mindst én ugedag, så stedet kan bookes."));
    }
    let names = (p.name.as_str(), p.kind.as_str());
    let (id, action) = match place {
        Some(id) => {
            repo::update_place(&mut *tx, id, names, &p.address, p.capacity).await?;
            (id, "update")
        }
        None => (repo::insert_place(&mut *tx, centre.0, names, &p.address, p.capacity).await?, "create"),
    };
    repo::clear_features(&mut *tx, id).await?;
    for f in &p.features {
        repo::insert_feature(&mut *tx, id, f.as_str()).await?;
    }
    repo::clear_weekly_hours(&mut *tx, id).await?;
    for (day, opens, closes) in &p.week {
        let (o, c) = (opens.format("%H:%M").to_string(), closes.format("%H:%M").to_string());
        repo::insert_opening_hours(&mut *tx, id, *day, (&o, &c), None).await?;
    }
    audit::repo::insert(&mut *tx, Entry::new(Some(admin.id.0), action, "place", Some(id.0))).await?;
    tx.commit().await?;
    Ok(id)
}

/// Closes a place for new bookings (`open` false) or opens it again. Its appointments stay where
/// they are; the answer is the centre, for the page to go back to.
#[tracing::instrument(skip_all, fields(admin_id = admin.id.0, place_id = place.0, open))]
pub async fn set_open(
    pool: &SqlitePool,
    admin: &CurrentUser,
    place: PlaceId,
    open: bool,
) -> Result<CentreId, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let centre = own_place(&mut tx, admin, place).await?;
    if repo::set_active(&mut *tx, place, open).await? > 0 {
        let action = if open { "open" } else { "close" };
        audit::repo::insert(&mut *tx, Entry::new(Some(admin.id.0), action, "place", Some(place.0))).await?;
    }
    tx.commit().await?;
    Ok(CentreId(centre))
}
