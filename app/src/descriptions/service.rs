//! Reading and writing one description. Who may reach it is decided once (`reach`): the staff of
//! its centre (an hourly consultant only on a visit they staffed; a leader reads), the caseworker
//! of a child's case that covered the visit's day once it is sent, the family's parents once it is
//! out for their reading or sent (not a version a correction replaced). Anyone else gets "not found". Every read and change is in the audit log.

use chrono::Utc;
use sqlx::{SqliteConnection, SqlitePool};

use super::repo::{self, DescriptionRow};
use super::rules::{self, REVIEW_DAYS, check_field, merge};
use super::workdays::add_working_days;
use super::{Description, DescriptionId, FIELDS, ParentComment, Saved, Section, State};
use crate::audit::{self, Entry};
use crate::auth::{CurrentUser, Role};
use crate::context::Settings;
use crate::error::AppError;
use crate::time;
use crate::visits::Status;

/// What the caller may do with a description they reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Access {
    pub staff: bool,
    /// On the visit's staff, or the coordinator: writes, sends, corrects.
    pub writer: bool,
    pub parent: bool,
}

pub(super) fn state_of(row: &DescriptionRow) -> Result<State, AppError> {
    State::parse(&row.state).ok_or_else(|| AppError::internal("description state", row.state.clone()))
}

pub(super) async fn reach(
    db: &mut SqliteConnection,
    user: &CurrentUser,
    row: &DescriptionRow,
) -> Result<Access, AppError> {
    let state = state_of(row)?;
    let ok = |staff, writer, parent| Ok(Access { staff, writer, parent });
    match user.role {
        Role::Coordinator if Some(row.centre_id) == user.scope.centre_id => ok(true, true, false),
        Role::Consultant if Some(row.centre_id) == user.scope.centre_id => {
            let mine = crate::booking::repo::staff_of(&mut *db, row.appointment_id).await?.contains(&user.staff_id());
            if user.is_hourly() && !mine {
                return Err(AppError::NotFound);
            }
            ok(true, mine, false)
        }
        Role::Leader if Some(row.centre_id) == user.scope.centre_id => ok(true, false, false),
        Role::Caseworker if matches!(state, State::Sent | State::Superseded) => {
            let day = visit_day(db, row.appointment_id).await?;
            if !repo::is_caseworker_of(&mut *db, row.appointment_id, user.id.0, day).await? {
                return Err(AppError::NotFound);
            }
            ok(false, false, false)
        }
        // Parents: out for their reading or sent; never a draft, nor a version a correction replaced.
        Role::Parent if matches!(state, State::Review | State::Sent) && Some(row.family_id) == user.scope.family_id => {
            ok(false, false, true)
        }
        _ => Err(AppError::NotFound),
    }
}

/// The description and the caller's access, or not found.
pub(super) async fn load(
    db: &mut SqliteConnection,
    user: &CurrentUser,
    id: DescriptionId,
) -> Result<(DescriptionRow, Access), AppError> {
    let row = repo::head(&mut *db, id.0).await?.ok_or(AppError::NotFound)?;
    let access = reach(db, user, &row).await?;
    Ok((row, access))
}

/// Whether the case(s) on the visit ask the parents to read descriptions first.
async fn parents_review(db: &mut SqliteConnection, row: &DescriptionRow) -> Result<bool, AppError> {
    let day = visit_day(db, row.appointment_id).await?;
    Ok(repo::cases_on_visit(&mut *db, row.appointment_id, day).await?.iter().any(|(_, _, review)| *review))
}

async fn visit_day(db: &mut SqliteConnection, appointment_id: i64) -> Result<chrono::NaiveDate, AppError> {
    let facts = repo::visit_facts(&mut *db, appointment_id).await?.ok_or(AppError::NotFound)?;
    Ok(time::local(time::from_unix(facts.starts_at)).date_naive())
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0, description_id = id.0))]
pub async fn view(pool: &SqlitePool, user: &CurrentUser, id: DescriptionId) -> Result<Description, AppError> {
    let mut conn = pool.acquire().await?;
    let (row, access) = load(&mut conn, user, id).await?;
    let state = state_of(&row)?;
    let visit = crate::visits::repo::one(&mut *conn, row.appointment_id).await?.ok_or(AppError::NotFound)?;
    let stored = repo::sections(&mut *conn, row.id).await?;
    let sections = FIELDS
        .iter()
        .filter(|f| f.in_short || !row.short)
        .map(|f| {
            let found = stored.iter().find(|(k, _, _)| k == f.key);
            Section {
                key: f.key.to_string(),
                body: found.map(|(_, b, _)| b.clone()).unwrap_or_default(),
                rev: found.map_or(0, |(_, _, r)| *r),
            }
        })
        .collect();
    let comments = repo::comments(&mut *conn, row.id)
        .await?
        .into_iter()
        .filter(|(by, ..)| !access.parent || *by == user.id.0)
        .map(|(_, who, text, at)| ParentComment {
            who: if access.parent { String::new() } else { who },
            text,
            at: time::long(time::from_unix(at)),
        })
        .collect();
    let all_commented = repo::all_commented(&mut *conn, row.id, row.family_id).await?;
    let review = parents_review(&mut conn, &row).await?;
    let today = time::today(Utc::now());
    // The deadline is the writers': met when it goes to the parents or the caseworker.
    let open = state == State::Draft;
    let incident = repo::incident(&mut *conn, row.appointment_id)
        .await?
        .map(|(at, reason)| format!("Stoppet kl. {}: {reason}", time::clock(time::from_unix(at))));
    let versions = if access.parent {
        Vec::new()
    } else {
        repo::versions(&mut *conn, row.appointment_id)
            .await?
            .into_iter()
            .filter_map(|(id, v, s)| Some((DescriptionId(id), v, State::parse(&s)?.label().to_string())))
            .collect()
    };
    let kind = visit.visit_type.unwrap_or(crate::visits::VisitType::Supervised).label();
    let kind = match (visit.status, &incident) {
        (Status::NoShow, _) => format!("{kind}, udeblevet"),
        (_, Some(_)) => format!("{kind}, stoppet før tid"),
        _ => kind.to_string(),
    };
    let when = format!(
        "{}, {}",
        time::day(time::local(time::from_unix(visit.starts_at)).date_naive()),
        time::span_in(crate::i18n::Lang::Da, time::from_unix(visit.starts_at), time::from_unix(visit.ends_at))
    );
    let review_open = state == State::Review && row.review_until.is_some_and(|u| today <= u);
    let subject = if access.staff { "description" } else { "description_shared" };
    audit::read(pool, Entry::new(Some(user.id.0), "read", subject, Some(row.id)).family(row.family_id)).await?;
    Ok(Description {
        id,
        appointment_id: crate::visits::VisitId(row.appointment_id),
        family_id: row.family_id,
        version: row.version,
        state,
        short: row.short,
        centre: row.centre_name.clone(),
        kind,
        when,
        place: visit.place_name.unwrap_or_default(),
        family_code: visit.family_code,
        children: visit.children_names.unwrap_or_default(),
        staff: visit.staff_names.unwrap_or_default(),
        // The centre's own deadline, the reason for a correction and who sent it are for staff.
        due: if access.parent { String::new() } else { time::day(row.due_on) },
        overdue: !access.parent && open && row.due_on < today,
        incident,
        sections,
        parents_review: review,
        review_until: row.review_until.map(time::day),
        comments,
        reason: if access.parent { String::new() } else { row.reason.clone() },
        sent: row.sent_at.map(|at| match access.parent {
            true => time::long(time::from_unix(at)),
            false => {
                format!("{} af {}", time::long(time::from_unix(at)), row.sent_by_name.clone().unwrap_or_default())
            }
        }),
        versions,
        for_parent: access.parent,
        back: back(user, &row),
        visit_href: access.writer.then(|| format!("/booking/aftale/{}", row.appointment_id)),
        can_write: access.writer && state == State::Draft,
        can_send: access.writer
            && (state == State::Draft || (state == State::Review && (all_commented || !review_open))),
        can_correct: access.writer && state == State::Sent,
        can_comment: access.parent && review_open,
        can_export: !access.parent && matches!(state, State::Sent | State::Superseded),
    })
}

/// Where "back" goes from a description, for its reader.
fn back(user: &CurrentUser, row: &DescriptionRow) -> (String, String) {
    match user.role {
        Role::Parent => (format!("/mine-samvaer/{}", row.appointment_id), "← Samværet".into()),
        Role::Caseworker | Role::Leader => ("/sager".into(), "← Sager".into()),
        Role::Coordinator => ("/beskrivelser".into(), "← Beskrivelser".into()),
        _ => ("/beskrivelser".into(), "← Mine beskrivelser".into()),
    }
}

/// One field as a form posts it: the text, and the revision and fingerprint of the text the
/// writer started from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub key: String,
    pub body: String,
    pub rev: i64,
    pub seen: String,
}

/// Saves the fields the writer changed (a field whose text still has the fingerprint it was shown
/// with is left alone), each against the revision they started from. A field a colleague saved
/// meanwhile keeps both texts (`rules::merge`) and is named in the answer.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, description_id = id.0))]
pub async fn save(pool: &SqlitePool, user: &CurrentUser, id: DescriptionId, edits: &[Edit]) -> Result<Saved, AppError> {
    for e in edits {
        check_field(&e.key, &e.body)?;
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (row, access) = load(&mut tx, user, id).await?;
    if !access.writer {
        return Err(AppError::Forbidden);
    }
    if state_of(&row)? != State::Draft {
        return Err(AppError::Conflict("Beskrivelsen er sendt og kan ikke ændres. Ret den med en ny udgave.".into()));
    }
    let now = Utc::now().timestamp();
    let at = time::clock(time::from_unix(now));
    let stored = repo::sections(&mut *tx, row.id).await?;
    let mut merged = Vec::new();
    for e in edits {
        let (key, body) = (&e.key, e.body.replace("\r\n", "\n"));
        if super::fingerprint(&body) == e.seen {
            continue;
        }
        let current = stored.iter().find(|(k, _, _)| k == key);
        let (text, rev) = current.map_or((String::new(), 0), |(_, b, r)| (b.clone(), *r));
        if text == body {
            continue;
        }
        let new = if rev == e.rev {
            body.clone()
        } else {
            let spec = super::field(key).map_or("", |f| f.label);
            merged.push(spec.to_string());
            merge(&text, &body, &user.full_name, &at)
        };
        check_field(key, &new)?;
        repo::put_section(&mut *tx, row.id, (key, &new, rev + 1), user.id.0, now).await?;
    }
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "update", "description", Some(row.id)).family(row.family_id),
    )
    .await?;
    let sections = repo::sections(&mut *tx, row.id)
        .await?
        .into_iter()
        .map(|(key, body, rev)| Section { key, body, rev })
        .collect();
    tx.commit().await?;
    Ok(Saved { sections, merged, at })
}

/// Sends a draft on: to the parents' reading when the case asks for it, else to the caseworker;
/// a description out for reading goes to the caseworker once every parent with an account has
/// commented or their time is up. The caseworker gets a notice with a link, never the text. Answers the new state.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, description_id = id.0))]
pub async fn send(
    pool: &SqlitePool,
    settings: &Settings,
    user: &CurrentUser,
    id: DescriptionId,
) -> Result<State, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (row, access) = load(&mut tx, user, id).await?;
    if !access.writer {
        return Err(AppError::Forbidden);
    }
    let state = state_of(&row)?;
    let now = Utc::now().timestamp();
    let today = time::today(Utc::now());
    let written = repo::sections(&mut *tx, row.id).await?;
    if !written.iter().any(|(k, b, _)| k == "course" && !b.trim().is_empty()) {
        return Err(AppError::invalid("course", "Skriv forløbet, før beskrivelsen sendes."));
    }
    let next = match state {
        State::Draft if parents_review(&mut tx, &row).await? => {
            repo::to_review(&mut *tx, row.id, add_working_days(today, REVIEW_DAYS), now).await?;
            // Each parent with an account of their own is told: a link to the portal, no text.
            let link = format!("{}/beskrivelser/{}", settings.public_url, row.id);
            for p in crate::channels::repo::parents(&mut *tx, row.family_id).await? {
                if let (Some(_), true, Some(email)) = (p.user_id, p.active, p.email) {
                    crate::channels::notify::queue_plain(&mut tx, settings, &email, &rules::review_notice(&link), now)
                        .await?;
                }
            }
            State::Review
        }
        State::Draft => State::Sent,
        State::Review
            if row.review_until.is_some_and(|u| today <= u)
                && !repo::all_commented(&mut *tx, row.id, row.family_id).await? =>
        {
            return Err(AppError::Conflict(format!(
                "Forældrene kan læse og kommentere beskrivelsen til og med {}. Send den, når de alle har kommenteret, eller fristen er gået.",
                row.review_until.map(time::day).unwrap_or_default()
            )));
        }
        State::Review => State::Sent,
        State::Sent | State::Superseded => {
            return Err(AppError::Conflict("Beskrivelsen er allerede sendt.".into()));
        }
    };
    if next == State::Sent {
        repo::to_sent(&mut *tx, row.id, user.id.0, now).await?;
        repo::supersede_before(&mut *tx, row.appointment_id, row.version).await?;
        let link = format!("{}/beskrivelser/{}", settings.public_url, row.id);
        let day = visit_day(&mut tx, row.appointment_id).await?;
        for (email, _) in repo::caseworker_emails(&mut *tx, row.appointment_id, day).await? {
            crate::channels::notify::queue_plain(&mut tx, settings, &email, &rules::sent_notice(&link), now).await?;
        }
    }
    let action = if next == State::Sent { "send" } else { "share" };
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), action, "description", Some(row.id)).family(row.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(next)
}

/// A sent description corrected: a new draft version with the reason, its fields copied. The
/// sent one stays as it is (and is marked superseded once the new one is sent).
#[tracing::instrument(skip_all, fields(user_id = user.id.0, description_id = id.0))]
pub async fn correct(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: DescriptionId,
    reason: &str,
) -> Result<DescriptionId, AppError> {
    let reason = rules::check_reason(reason)?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (row, access) = load(&mut tx, user, id).await?;
    if !access.writer {
        return Err(AppError::Forbidden);
    }
    if state_of(&row)? != State::Sent {
        return Err(AppError::Conflict("Kun den sendte udgave kan rettes.".into()));
    }
    if repo::open_for(&mut *tx, row.appointment_id).await?.is_some() {
        return Err(AppError::Conflict("Der er allerede en rettet udgave i gang.".into()));
    }
    let now = Utc::now().timestamp();
    let new = repo::NewDescription {
        appointment_id: row.appointment_id,
        version: row.version + 1,
        short: row.short,
        due_on: row.due_on,
        reason: &reason,
        now,
    };
    let new_id = repo::insert(&mut *tx, &new).await?;
    repo::copy_sections(&mut *tx, row.id, new_id, user.id.0, now).await?;
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "create", "description", Some(new_id)).family(row.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(DescriptionId(new_id))
}

/// The parents' comment on a description out for their reading, kept with it and sent along.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, description_id = id.0))]
pub async fn comment(pool: &SqlitePool, user: &CurrentUser, id: DescriptionId, text: &str) -> Result<(), AppError> {
    let text = rules::check_comment(text)?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (row, access) = load(&mut tx, user, id).await?;
    if !access.parent {
        return Err(AppError::Forbidden);
    }
    let today = time::today(Utc::now());
    if state_of(&row)? != State::Review || row.review_until.is_none_or(|u| today > u) {
        return Err(AppError::Conflict(
            "Beskrivelsen er sendt videre til rådgiveren, så du kan ikke skrive en kommentar her længere. Ring til samværscentret, hvis du vil sige noget.".into(),
        ));
    }
    repo::comment(&mut *tx, row.id, &text, user.id.0, Utc::now().timestamp()).await?;
    audit::repo::insert(
        &mut *tx,
        Entry::new(Some(user.id.0), "comment", "description", Some(row.id)).family(row.family_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
