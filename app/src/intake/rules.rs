//! A referral checked: every part, with a specific Danish message naming the row and the field
//! (a birth date in the future, a period that ends before it starts, supported visits with no
//! custody holder named, …). Pure: the form and today in, typed rows or the first refusal out.

use chrono::NaiveDate;

use super::{ChildIn, PLACEMENT_KINDS, PLACEMENTS, PersonIn, PlacementIn, RELATIONS, ReferralIn};
use crate::cases::age_on;
use crate::cases::periods::Terms;
use crate::cases::terms::{Raw, parse as parse_terms};
use crate::error::AppError;
use crate::setup::rules::{email, phone};
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub first: String,
    pub last: String,
    pub birth: NaiveDate,
    /// Index into `Intake::placements`.
    pub placement: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub kind: String,
    pub name: String,
    pub contact_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub secret: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub first: String,
    pub last: String,
    pub relation: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub custody: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    pub children: Vec<Child>,
    pub placements: Vec<Placement>,
    pub persons: Vec<Person>,
    pub terms: Terms,
    pub purpose: String,
    pub goals: String,
    pub document_ref: String,
}

fn bad(field: String, message: String) -> AppError {
    AppError::invalid(&field, message)
}

fn name(value: &str, field: String, what: String) -> Result<String, AppError> {
    let value = value.trim();
    match value.chars().count() {
        0 => Err(bad(field, format!("{what}: skriv navnet."))),
        81.. => Err(bad(field, format!("{what}: navnet må højst have 80 tegn."))),
        _ => Ok(value.to_string()),
    }
}

fn optional(value: &str, check: impl Fn(&str) -> Result<String, AppError>) -> Result<Option<String>, AppError> {
    if value.trim().is_empty() { Ok(None) } else { check(value).map(Some) }
}

fn child(row: &ChildIn, i: usize, today: NaiveDate) -> Result<Child, AppError> {
    let what = format!("Barn {}", i + 1);
    let first = name(&row.first_name, format!("child-{i}-first"), format!("{what}, fornavn"))?;
    let last = name(&row.last_name, format!("child-{i}-last"), format!("{what}, efternavn"))?;
    let field = format!("child-{i}-birth");
    if row.birth_date.trim().is_empty() {
        return Err(bad(field, format!("{what}: skriv fødselsdatoen.")));
    }
    let birth = time::parse_date(&row.birth_date, &field, &format!("{} fødselsdato", crate::i18n::genitive(&first)))?;
    if birth > today {
        return Err(bad(field, format!("{} fødselsdato ligger i fremtiden.", crate::i18n::genitive(&first))));
    }
    if age_on(birth, today) >= 18 {
        return Err(bad(field, format!("{first} er fyldt 18 år: samvær efter barnets lov gælder børn under 18.")));
    }
    let placement = PLACEMENTS
        .iter()
        .position(|p| *p == row.placement.trim())
        .ok_or_else(|| bad(format!("child-{i}-placement"), format!("{first}: vælg, hvor barnet er anbragt.")))?;
    Ok(Child { first, last, birth, placement })
}

fn placement(row: &PlacementIn, i: usize) -> Result<Placement, AppError> {
    let what = format!("Anbringelsessted {}", PLACEMENTS.get(i).unwrap_or(&"?"));
    if !PLACEMENT_KINDS.iter().any(|(k, _)| *k == row.kind) {
        return Err(bad(format!("placement-{i}-kind"), format!("{what}: vælg, hvilken slags anbringelse det er.")));
    }
    Ok(Placement {
        kind: row.kind.clone(),
        name: name(&row.name, format!("placement-{i}-name"), what.clone())?,
        contact_name: name(&row.contact_name, format!("placement-{i}-contact"), format!("{what}, kontaktperson"))?,
        phone: optional(&row.phone, |v| phone(v, &format!("placement-{i}-phone")))?,
        email: optional(&row.email, |v| email(v, &format!("placement-{i}-email")))?,
        address: optional(&row.address, |v| Ok(v.trim().chars().take(200).collect()))?,
        secret: row.secret.is_some(),
    })
}

fn person(row: &PersonIn, i: usize) -> Result<Person, AppError> {
    let what = format!("Person {}", i + 1);
    let first = name(&row.first_name, format!("person-{i}-first"), format!("{what}, fornavn"))?;
    let last = name(&row.last_name, format!("person-{i}-last"), format!("{what}, efternavn"))?;
    if !RELATIONS.iter().any(|(r, _)| *r == row.relation) {
        return Err(bad(format!("person-{i}-relation"), format!("{first}: vælg relationen til børnene.")));
    }
    Ok(Person {
        first,
        last,
        relation: row.relation.clone(),
        phone: optional(&row.phone, |v| phone(v, &format!("person-{i}-phone")))?,
        email: optional(&row.email, |v| email(v, &format!("person-{i}-email")))?,
        custody: row.custody.is_some(),
    })
}

fn long_text(value: &str, field: &str, max: usize, what: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(AppError::invalid(field, format!("{what} må højst fylde {max} tegn.")));
    }
    Ok(value.to_string())
}

/// The referral checked, or the first thing to put right.
pub fn check(r: &ReferralIn, today: NaiveDate) -> Result<Intake, AppError> {
    // No more rows than the form has: a crafted request cannot make thousands.
    if r.children.len() > super::CHILD_ROWS
        || r.persons.len() > super::PERSON_ROWS
        || r.placements.len() > PLACEMENTS.len()
    {
        return Err(AppError::invalid("child-0-first", "Henvisningen har flere rækker, end formularen har."));
    }
    let rows = r.children.iter().enumerate().filter(|(_, c)| {
        !(c.first_name.trim().is_empty() && c.last_name.trim().is_empty() && c.birth_date.trim().is_empty())
    });
    let children = rows.map(|(i, c)| child(c, i, today)).collect::<Result<Vec<_>, _>>()?;
    if children.is_empty() {
        return Err(AppError::invalid("child-0-first", "Skriv mindst ét barn."));
    }
    // Placements: those a child is placed at must be filled in; one no child is placed at must be empty.
    let mut placements = Vec::new();
    let mut index = Vec::new();
    for (i, p) in r.placements.iter().enumerate().take(PLACEMENTS.len()) {
        let used = children.iter().any(|c| c.placement == i);
        let empty = p.name.trim().is_empty() && p.contact_name.trim().is_empty();
        match (used, empty) {
            (true, true) => {
                let first = children.iter().find(|c| c.placement == i).map_or("", |c| c.first.as_str());
                return Err(AppError::invalid(
                    &format!("placement-{i}-name"),
                    format!("Skriv, hvor {first} er anbragt."),
                ));
            }
            (true, false) => {
                index.push((i, placements.len()));
                placements.push(placement(p, i)?);
            }
            (false, false) => {
                return Err(AppError::invalid(
                    &format!("placement-{i}-name"),
                    format!("Anbringelsessted {} er udfyldt, men intet barn er anbragt der.", PLACEMENTS[i]),
                ));
            }
            (false, true) => {}
        }
    }
    // A child placed at a placement the form did not send at all.
    if let Some(c) = children.iter().find(|c| !index.iter().any(|(i, _)| *i == c.placement)) {
        let field = format!("placement-{}-name", c.placement);
        return Err(AppError::invalid(&field, format!("Skriv, hvor {} er anbragt.", c.first)));
    }
    let children = children
        .into_iter()
        .map(|c| {
            let at = index.iter().find(|(i, _)| *i == c.placement).map_or(0, |(_, at)| *at);
            Child { placement: at, ..c }
        })
        .collect();
    let persons = r
        .persons
        .iter()
        .enumerate()
        .filter(|(_, p)| !(p.first_name.trim().is_empty() && p.last_name.trim().is_empty()))
        .map(|(i, p)| person(p, i))
        .collect::<Result<Vec<_>, _>>()?;
    if persons.is_empty() {
        return Err(AppError::invalid("person-0-first", "Skriv mindst én forælder eller en anden fra netværket."));
    }
    let d = &r.decision;
    let terms = parse_terms(&Raw {
        visit_type: &d.visit_type,
        from: &d.from,
        to: &d.to,
        frequency_weeks: &d.frequency_weeks,
        visit_minutes: &d.visit_minutes,
        conditions: &d.conditions,
    })?;
    if terms.visit_type == crate::visits::VisitType::Supported && !persons.iter().any(|p| p.custody) {
        return Err(AppError::invalid(
            "person-0-custody",
            "Støttet samvær kræver samtykke fra forældremyndighedsindehaveren: markér, hvem der har forældremyndigheden.",
        ));
    }
    Ok(Intake {
        children,
        placements,
        persons,
        terms,
        purpose: long_text(&d.purpose, "purpose", 2000, "Formålet")?,
        goals: long_text(&d.goals, "goals", 2000, "Målene")?,
        document_ref: long_text(&d.document_ref, "document_ref", 100, "Dokumentreferencen")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::DecisionIn;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn pair() -> ReferralIn {
        let child = |first: &str, birth: &str| ChildIn {
            first_name: first.into(),
            last_name: "Holm".into(),
            birth_date: birth.into(),
            placement: "A".into(),
        };
        ReferralIn {
            centre_id: "1".into(),
            children: vec![child("Sofie", "2018-03-01"), child("Malte", "2020-06-15"), ChildIn::default()],
            placements: vec![
                PlacementIn {
                    kind: "foster_family".into(),
                    name: "Plejefamilien Bak".into(),
                    contact_name: "Plejemor Rikke Bak".into(),
                    phone: "20 30 40 50".into(),
                    ..Default::default()
                },
                PlacementIn::default(),
            ],
            persons: vec![PersonIn {
                first_name: "Jannie".into(),
                last_name: "Holm".into(),
                relation: "mother".into(),
                custody: Some("on".into()),
                ..Default::default()
            }],
            decision: DecisionIn {
                visit_type: "supported".into(),
                from: "2026-12-01".into(),
                to: "2027-05-31".into(),
                frequency_weeks: "2".into(),
                visit_minutes: "120".into(),
                ..Default::default()
            },
        }
    }

    fn refused(r: &ReferralIn) -> (String, String) {
        match check(r, d(2026, 12, 3)) {
            Err(AppError::Validation(e)) => {
                let (k, v) = e.into_iter().next().unwrap_or_default();
                (k, v.into_iter().next().unwrap_or_default())
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_sibling_pair_is_taken_in_with_empty_rows_left_out() {
        let i = check(&pair(), d(2026, 12, 3)).unwrap();
        assert_eq!(i.children.len(), 2);
        assert_eq!(i.placements.len(), 1);
        assert!(i.persons[0].custody);
        assert_eq!(i.terms.frequency_weeks, 2);
    }

    #[test]
    fn each_part_is_refused_with_its_row_and_field() {
        let mut r = pair();
        r.children[1].birth_date = "2027-01-01".into();
        assert_eq!(refused(&r), ("child-1-birth".into(), "Maltes fødselsdato ligger i fremtiden.".into()));
        let mut r = pair();
        r.children[0].last_name.clear();
        assert_eq!(refused(&r), ("child-0-last".into(), "Barn 1, efternavn: skriv navnet.".into()));
        let mut r = pair();
        r.decision.to = "2026-11-30".into();
        assert_eq!(refused(&r).0, "to");
        let mut r = pair();
        r.persons[0].custody = None;
        assert_eq!(refused(&r).0, "person-0-custody");
        // Supervised visits rest on the decision, not on consent.
        r.decision.visit_type = "supervised".into();
        assert!(check(&r, d(2026, 12, 3)).is_ok());
        let mut r = pair();
        r.children[1].placement = "B".into();
        assert_eq!(refused(&r), ("placement-1-name".into(), "Skriv, hvor Malte er anbragt.".into()));
        r.placements.truncate(1);
        assert_eq!(refused(&r), ("placement-1-name".into(), "Skriv, hvor Malte er anbragt.".into()));
        let mut r = pair();
        r.placements[1].name = "Bakkely".into();
        assert_eq!(refused(&r).0, "placement-1-name");
        let mut r = pair();
        r.persons = vec![r.persons[0].clone(); 5];
        assert_eq!(refused(&r).1, "Henvisningen har flere rækker, end formularen har.");
        let mut r = pair();
        r.children[0].placement = "C".into();
        assert_eq!(refused(&r).0, "child-0-placement");
        let mut r = pair();
        r.persons.clear();
        assert_eq!(refused(&r).0, "person-0-first");
        let mut r = pair();
        r.children.iter_mut().for_each(|c| *c = ChildIn::default());
        assert_eq!(refused(&r), ("child-0-first".into(), "Skriv mindst ét barn.".into()));
        let mut r = pair();
        r.persons[0].phone = "12".into();
        assert_eq!(refused(&r).0, "person-0-phone");
    }
}
