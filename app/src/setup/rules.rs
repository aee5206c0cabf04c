//! What the administrator's forms may hold: pure checks with specific Danish messages. Nothing
//! here reads or writes the database.

#[cfg(feature = "ssr")]
pub use checks::*;

/// Danish weekday names, Monday first (ISO weekday 1 is index 0).
pub const WEEKDAYS: [&str; 7] = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"];

/// A stored clock time ('HH:MM') the Danish way: "8.00".
pub fn clock_label(hh_mm: &str) -> String {
    match hh_mm.split_once(':') {
        Some((h, m)) => format!("{}.{m}", h.parse::<u32>().unwrap_or(0)),
        None => hh_mm.to_string(),
    }
}

/// Opening hours the Danish way: "8.00–20.00".
pub fn hours_label(opens: &str, closes: &str) -> String {
    format!("{}–{}", clock_label(opens), clock_label(closes))
}

/// A week's hours in as few lines as they say it: consecutive days with the same hours share a
/// line ("Mandag–fredag 8.00–20.00", "Lørdag 9.00–17.00"). `days` are (ISO weekday, opens,
/// closes), one per open day.
pub fn week_lines(days: &[(u32, String, String)]) -> Vec<String> {
    let mut sorted: Vec<&(u32, String, String)> = days.iter().filter(|d| (1..=7).contains(&d.0)).collect();
    sorted.sort_by_key(|d| d.0);
    let mut runs: Vec<(u32, u32, &str, &str)> = Vec::new();
    for (day, opens, closes) in sorted {
        match runs.last_mut() {
            Some(run) if run.1 + 1 == *day && run.2 == opens && run.3 == closes => run.1 = *day,
            _ => runs.push((*day, *day, opens, closes)),
        }
    }
    let name = |d: u32| WEEKDAYS[(d - 1) as usize];
    runs.into_iter()
        .map(|(first, last, opens, closes)| {
            let days = if first == last {
                name(first).to_string()
            } else {
                format!("{}–{}", name(first), name(last).to_lowercase())
            };
            format!("{days} {}", hours_label(opens, closes))
        })
        .collect()
}

#[cfg(feature = "ssr")]
mod checks {
    use chrono::NaiveTime;

    use super::WEEKDAYS;
    use crate::error::AppError;
    use crate::setup::{Feature, PlaceKind};
    use crate::time::parse_clock;

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CentreInput {
        pub name: String,
        pub municipality: String,
        pub address: String,
        pub phone: String,
        pub email: String,
        pub opening_hours: String,
        /// Working days a consultant has to write a visit's description (1–15).
        pub description_days: i64,
    }

    /// One weekday's hours: ISO weekday (1 = Monday), opens, closes.
    pub type Day = (u32, NaiveTime, NaiveTime);

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PlaceInput {
        pub name: String,
        pub kind: PlaceKind,
        pub address: String,
        pub capacity: i64,
        pub features: Vec<Feature>,
        /// The weekly hours, Monday first; a day not in the list is closed.
        pub week: Vec<Day>,
    }

    fn text(value: &str, field: &str, max: usize, message: &str) -> Result<String, AppError> {
        let value = value.trim();
        if value.chars().count() < 2 || value.chars().count() > max {
            return Err(AppError::invalid(field, message));
        }
        Ok(value.to_string())
    }

    /// An e-mail address (the sign-in's rule, `auth::rules::looks_like_email`).
    pub fn email(value: &str, field: &str) -> Result<String, AppError> {
        let value = value.trim();
        if value.len() > 254 || !crate::auth::rules::looks_like_email(value) {
            return Err(AppError::invalid(field, "Skriv en e-mail som navn@eksempel.dk."));
        }
        Ok(value.to_string())
    }

    /// A phone number parents can tap: one `portal::rules::phone_href` links (8 digits, or + and
    /// a country code), of digits, spaces and hyphens, at most 15 digits.
    pub fn phone(value: &str, field: &str) -> Result<String, AppError> {
        let value = value.trim();
        let rest = value.strip_prefix('+').unwrap_or(value);
        let plain = rest.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-'));
        let digits = rest.chars().filter(char::is_ascii_digit).count();
        if !plain || digits > 15 || crate::portal::rules::phone_href(value).is_none() {
            return Err(AppError::invalid(
                field,
                "Skriv telefonnummeret med 8 cifre (fx 72 10 40 00) eller med + og landekode.",
            ));
        }
        Ok(value.to_string())
    }

    pub fn centre(
        name: &str,
        municipality: &str,
        address: &str,
        (phone_text, email_text): (&str, &str),
        opening_hours: &str,
    ) -> Result<CentreInput, AppError> {
        let opening_hours = opening_hours.trim();
        if opening_hours.chars().count() > 200 {
            return Err(AppError::invalid("opening_hours", "Skriv åbningstiden kortere (højst 200 tegn)."));
        }
        Ok(CentreInput {
            name: text(name, "name", 80, "Skriv samværscentrets navn (2 til 80 tegn).")?,
            municipality: text(municipality, "municipality", 80, "Skriv kommunens navn (2 til 80 tegn).")?,
            address: text(address, "address", 200, "Skriv adressen (2 til 200 tegn).")?,
            phone: phone(phone_text, "phone")?,
            email: email(email_text, "email")?,
            opening_hours: opening_hours.to_string(),
            description_days: 3,
        })
    }

    /// The deadline for descriptions from the form: whole working days, 1 to 15 (empty: 3).
    pub fn description_days(value: &str) -> Result<i64, AppError> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(3);
        }
        match value.parse::<i64>() {
            Ok(days) if (1..=15).contains(&days) => Ok(days),
            _ => Err(AppError::invalid(
                "description_days",
                "Skriv fristen for beskrivelser som et helt antal arbejdsdage fra 1 til 15.",
            )),
        }
    }

    /// The weekly hours from the form's seven rows (Monday first). A row with both fields empty
    /// is a closed day; a row with one of them is an error, as is closing before opening.
    pub fn week(opens: &[String], closes: &[String]) -> Result<Vec<Day>, AppError> {
        let mut days = Vec::new();
        for (i, name) in WEEKDAYS.iter().enumerate() {
            let o = opens.get(i).map(|s| s.trim()).unwrap_or_default();
            let c = closes.get(i).map(|s| s.trim()).unwrap_or_default();
            match (o.is_empty(), c.is_empty()) {
                (true, true) => continue,
                (false, true) | (true, false) => {
                    return Err(AppError::invalid(
                        "hours",
                        format!("{name}: skriv både hvornår stedet åbner og lukker, eller ingen af delene."),
                    ));
                }
                (false, false) => {}
            }
            let (o, c) = (parse_clock(o, "hours")?, parse_clock(c, "hours")?);
            if c <= o {
                return Err(AppError::invalid("hours", format!("{name}: stedet skal lukke senere, end det åbner.")));
            }
            days.push((i as u32 + 1, o, c));
        }
        Ok(days)
    }

    pub fn place(
        name: &str,
        kind: &str,
        address: &str,
        capacity: &str,
        features: &[String],
        (opens, closes): (&[String], &[String]),
    ) -> Result<PlaceInput, AppError> {
        let name = text(name, "name", 80, "Skriv stedets navn (2 til 80 tegn).")?;
        let kind =
            PlaceKind::parse(kind).ok_or_else(|| AppError::invalid("kind", "Vælg, hvilken slags sted det er."))?;
        let address = text(address, "address", 200, "Skriv stedets adresse (2 til 200 tegn).")?;
        let capacity = match capacity.trim().parse::<i64>() {
            Ok(n @ 1..=100) => n,
            _ => {
                return Err(AppError::invalid("capacity", "Skriv, hvor mange der kan være der: et tal fra 1 til 100."));
            }
        };
        let mut chosen = features
            .iter()
            .map(|f| Feature::parse(f).ok_or_else(|| AppError::invalid("features", "Vælg kun blandt de viste ting.")))
            .collect::<Result<Vec<_>, _>>()?;
        chosen.sort_unstable();
        chosen.dedup();
        Ok(PlaceInput { name, kind, address, capacity, features: chosen, week: week(opens, closes)? })
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use chrono::NaiveTime;
    use proptest::prelude::*;

    use super::*;
    use crate::error::AppError;
    use crate::setup::{Feature, PlaceKind};

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn message(e: AppError) -> String {
        e.to_string()
    }

    #[test]
    fn hours_the_danish_way() {
        assert_eq!(hours_label("08:00", "20:30"), "8.00–20.30");
        assert_eq!(hours_label("00:00", "10:05"), "0.00–10.05");
    }

    #[test]
    fn a_week_in_few_lines() {
        let h = |d: u32, o: &str, c: &str| (d, o.to_string(), c.to_string());
        let mut week: Vec<_> = (1..=5).map(|d| h(d, "08:00", "20:00")).collect();
        week.extend([h(6, "09:00", "17:00"), h(7, "09:00", "17:00")]);
        assert_eq!(week_lines(&week), ["Mandag–fredag 8.00–20.00", "Lørdag–søndag 9.00–17.00"]);
        // Given out of order; a run ends at a closed day or other hours; one day alone stands alone.
        let unsorted = [h(3, "08:00", "16:00"), h(1, "08:00", "16:00"), h(2, "08:00", "16:00"), h(6, "10:00", "14:00")];
        assert_eq!(week_lines(&unsorted), ["Mandag–onsdag 8.00–16.00", "Lørdag 10.00–14.00"]);
        let split = [h(1, "08:00", "16:00"), h(2, "08:00", "15:00"), h(4, "08:00", "16:00")];
        assert_eq!(week_lines(&split), ["Mandag 8.00–16.00", "Tirsdag 8.00–15.00", "Torsdag 8.00–16.00"]);
        assert!(week_lines(&[]).is_empty());
    }

    #[test]
    fn a_week_with_closed_days() {
        let opens = s(&["08:00", "08:00", "", "", "", "09:00", ""]);
        let closes = s(&["20:00", "20:00", "", "", "", "17:00", ""]);
        let days = week(&opens, &closes).map_err(message);
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default();
        assert_eq!(days, Ok(vec![(1, t(8), t(20)), (2, t(8), t(20)), (6, t(9), t(17))]));
    }

    #[test]
    fn half_a_day_and_closing_before_opening_are_refused_by_name() {
        let e = week(&s(&["", "", "08:00"]), &s(&["", "", ""])).map_err(message);
        assert_eq!(e, Err("Onsdag: skriv både hvornår stedet åbner og lukker, eller ingen af delene.".into()));
        let e = week(&s(&["", "", "", "", "", "", "17:00"]), &s(&["", "", "", "", "", "", "09:00"])).map_err(message);
        assert_eq!(e, Err("Søndag: stedet skal lukke senere, end det åbner.".into()));
        let e = week(&s(&["8"]), &s(&["20:00"])).map_err(message);
        assert_eq!(e, Err("Skriv tidspunktet som TT:MM, fx 08:00.".into()));
    }

    #[test]
    fn a_place_from_the_form() {
        let p = place(
            " Rum 4 ",
            "room",
            "Fjordvej 12",
            "8",
            &s(&["toys", "kitchen", "toys"]),
            (&s(&["08:00"]), &s(&["16:00"])),
        )
        .map_err(message);
        let p = p.as_ref().ok();
        assert_eq!(p.map(|p| p.name.as_str()), Some("Rum 4"));
        assert_eq!(p.map(|p| p.kind), Some(PlaceKind::Room));
        assert_eq!(p.map(|p| p.features.clone()), Some(vec![Feature::Kitchen, Feature::Toys]));
        let bad = |cap: &str, kind: &str, f: &str| {
            place("Rum 4", kind, "Fjordvej 12", cap, &s(&[f]), (&[], &[])).map_err(message).err()
        };
        assert_eq!(
            bad("0", "room", "toys").as_deref(),
            Some("Skriv, hvor mange der kan være der: et tal fra 1 til 100.")
        );
        assert_eq!(bad("8", "cellar", "toys").as_deref(), Some("Vælg, hvilken slags sted det er."));
        assert_eq!(bad("8", "room", "pool").as_deref(), Some("Vælg kun blandt de viste ting."));
    }

    #[test]
    fn the_deadline_for_descriptions_is_whole_working_days_from_1_to_15() {
        for (text, want) in [("", Some(3)), (" 5 ", Some(5)), ("1", Some(1)), ("15", Some(15))] {
            assert_eq!(description_days(text).ok(), want, "{text}");
        }
        for text in ["0", "16", "-2", "2.5", "tre"] {
            assert!(description_days(text).is_err(), "{text}");
        }
    }

    #[test]
    fn centre_contact_details() {
        let ok =
            centre("Havblik", "Havby Kommune", "Havvej 1", ("+45 72 10 40 00", "post@havblik.dk"), "Alle dage 8–20");
        assert_eq!(
            ok.map(|c| (c.phone, c.email)).map_err(message),
            Ok(("+45 72 10 40 00".into(), "post@havblik.dk".into()))
        );
        for (phone, mail, want) in [
            ("7210", "post@havblik.dk", "Skriv telefonnummeret med 8 cifre (fx 72 10 40 00) eller med + og landekode."),
            (
                "0045 72 10 40 00",
                "post@havblik.dk",
                "Skriv telefonnummeret med 8 cifre (fx 72 10 40 00) eller med + og landekode.",
            ),
            (
                "72104000+",
                "post@havblik.dk",
                "Skriv telefonnummeret med 8 cifre (fx 72 10 40 00) eller med + og landekode.",
            ),
            ("72 10 40 00", "post@havblik", "Skriv en e-mail som navn@eksempel.dk."),
            ("72 10 40 00", "post havblik@x.dk", "Skriv en e-mail som navn@eksempel.dk."),
            ("72 10 40 00", "a@@x.dk", "Skriv en e-mail som navn@eksempel.dk."),
        ] {
            let got = centre("Havblik", "Havby Kommune", "Havvej 1", (phone, mail), "").map_err(message).err();
            assert_eq!(got.as_deref(), Some(want), "{phone} {mail}");
        }
    }

    fn clock() -> impl Strategy<Value = Option<(u32, u32)>> {
        prop_oneof![Just(None), (0u32..24, prop_oneof![Just(0u32), Just(30u32)]).prop_map(Some)]
    }

    proptest! {
        /// Against an oracle: a week is accepted exactly when every day is either empty on both
        /// sides or closes after it opens, and then it holds exactly the open days, in order.
        #[test]
        fn week_matches_the_oracle(days in proptest::collection::vec((clock(), clock()), 7)) {
            let fmt = |c: Option<(u32, u32)>| c.map(|(h, m)| format!("{h:02}:{m:02}")).unwrap_or_default();
            let opens: Vec<String> = days.iter().map(|(o, _)| fmt(*o)).collect();
            let closes: Vec<String> = days.iter().map(|(_, c)| fmt(*c)).collect();
            let valid = days.iter().all(|(o, c)| match (o, c) {
                (None, None) => true,
                (Some(o), Some(c)) => c > o,
                _ => false,
            });
            let got = week(&opens, &closes);
            prop_assert_eq!(got.is_ok(), valid);
            if let Ok(week) = got {
                let open: Vec<u32> = days.iter().enumerate().filter(|(_, (o, _))| o.is_some()).map(|(i, _)| i as u32 + 1).collect();
                prop_assert_eq!(week.iter().map(|d| d.0).collect::<Vec<_>>(), open);
                prop_assert!(week.iter().all(|(_, o, c)| c > o));
            }
        }
    }
}
