//! Extra places: a borrowed hall or a second room for the weekends, with its own opening hours for
//! the weeks it can be used. Bookings outside a place's opening hours are refused.

use chrono::{NaiveDate, NaiveTime};
use sqlx::SqlitePool;

use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::setup::{PlaceKind, repo as places};

/// An extra place as the form sends it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPlace {
    pub name: String,
    pub address: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// ISO weekdays, 1 (Monday) to 7 (Sunday).
    pub weekdays: Vec<u32>,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

pub fn parse(
    name: &str,
    address: &str,
    (from, to): (&str, &str),
    weekdays: &str,
    (opens, closes): (&str, &str),
) -> Result<NewPlace, AppError> {
    let name = name.trim();
    if !(2..=80).contains(&name.chars().count()) {
        return Err(AppError::invalid("name", "Skriv stedets navn (2 til 80 tegn)."));
    }
    let address = address.trim();
    if address.is_empty() || address.chars().count() > 200 {
        return Err(AppError::invalid("address", "Skriv stedets adresse."));
    }
    let date = |s: &str, f: &str| crate::time::parse_date(s, f, "datoen");
    let clock = crate::time::parse_clock;
    let (from, to) = (date(from, "from")?, date(to, "to")?);
    if to < from {
        return Err(AppError::invalid("to", "Slutdatoen ligger før startdatoen."));
    }
    let (opens, closes) = (clock(opens, "opens")?, clock(closes, "closes")?);
    if closes <= opens {
        return Err(AppError::invalid("closes", "Stedet skal lukke senere, end det åbner."));
    }
    let mut days = weekdays
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| match w.parse::<u32>() {
            Ok(n @ 1..=7) => Ok(n),
            _ => Err(AppError::invalid("weekdays", "Ugedage skrives 1 (mandag) til 7 (søndag).")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    days.sort_unstable();
    days.dedup();
    if days.is_empty() {
        return Err(AppError::invalid("weekdays", "Vælg mindst én ugedag, hvor stedet kan bruges."));
    }
    Ok(NewPlace { name: name.into(), address: address.into(), from, to, weekdays: days, opens, closes })
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn add(pool: &SqlitePool, user: &CurrentUser, p: &NewPlace) -> Result<crate::setup::PlaceId, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let centre = user.centre();
    if places::name_taken(&mut *tx, centre, &p.name, 0).await? {
        return Err(AppError::invalid("name", "Der findes allerede et sted med det navn."));
    }
    let id = places::insert_place(&mut *tx, centre, (&p.name, PlaceKind::Extra.as_str()), &p.address, 6).await?;
    let (opens, closes) = (p.opens.format("%H:%M").to_string(), p.closes.format("%H:%M").to_string());
    let (from, to) = (p.from.to_string(), p.to.to_string());
    for day in &p.weekdays {
        places::insert_opening_hours(&mut *tx, id, *day, (&opens, &closes), Some((&from, &to))).await?;
    }
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "create", "place", Some(id.0))).await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extra_place_needs_a_name_dates_days_and_hours() {
        let ok = parse("Idrætshallen", "Skolevej 2", ("2026-12-01", "2027-02-28"), "7, 6, 6", ("09:00", "17:00"));
        assert_eq!(ok.map(|p| p.weekdays).unwrap_or_default(), vec![6, 7]);
        let msg = |r: Result<NewPlace, AppError>| r.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg(parse("I", "Skolevej 2", ("2026-12-01", "2027-02-28"), "6", ("09:00", "17:00"))).contains("navn"));
        assert!(msg(parse("Hal", "Vej 2", ("2026-12-01", "2026-11-28"), "6", ("09:00", "17:00"))).contains("før"));
        assert!(
            msg(parse("Hal", "Vej 2", ("2026-12-01", "2027-02-28"), "8", ("09:00", "17:00"))).contains("1 (mandag)")
        );
        assert!(msg(parse("Hal", "Vej 2", ("2026-12-01", "2027-02-28"), "", ("09:00", "17:00"))).contains("mindst én"));
        assert!(msg(parse("Hal", "Vej 2", ("2026-12-01", "2027-02-28"), "6", ("17:00", "09:00"))).contains("lukke"));
    }
}
