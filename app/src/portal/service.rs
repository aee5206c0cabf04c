//! The parents' portal: reads limited to the caller's own family, and the two things a parent may
//! change (report a delay, say they cannot come), each in one transaction with its audit entry.

use std::time::Duration;

use chrono::Utc;
use sqlx::SqlitePool;

use super::{ContactCard, Contacts, PortalVisits, repo as portal_repo, rules};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::kept::{self, Kept, Topic};
use crate::time;
use crate::visits::repo::{AppointmentRow, NoticeRow};
use crate::visits::{CancelledBy, Kind, Status, VisitDetail, VisitId, agreement_topic, present, repo, type_explained};

/// A family's upcoming or earlier visits with the notices of the parent who asks, kept between
/// requests until the database changes or `LIST_TTL` has passed (`kept`).
pub type Lists = Kept<(crate::cases::FamilyId, bool, i64), (Vec<AppointmentRow>, Vec<NoticeRow>)>;

/// The earlier tab shows a visit that ended since its list was kept no later than this.
const LIST_TTL: Duration = Duration::from_secs(10);

pub fn lists(pool: &SqlitePool, settle: Duration) -> Lists {
    // A centre's families at most, some tens of kilobytes each.
    Kept::new(pool, Topic::Data, LIST_TTL, 2_000).settling(settle)
}

/// The family a parent's account belongs to. An account without one sees nothing.
pub fn family_of(user: &CurrentUser) -> Result<crate::cases::FamilyId, AppError> {
    user.scope.family_id.ok_or(AppError::NotFound)
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn my_visits(
    pool: &SqlitePool,
    user: &CurrentUser,
    lang: Lang,
    past: bool,
) -> Result<PortalVisits, AppError> {
    let family = family_of(user)?;
    let now = Utc::now().timestamp();
    let limit = if past { 100 } else { 60 };
    let read = repo::family_list(pool, family, now, past, limit, Some(user.id.0));
    let listed = kept::through(|s| &*s.family_lists, (family, past, user.id.0), read).await?;
    audit::read(pool, Entry::new(Some(user.id.0), "read", "appointment_list", None).family(family)).await?;
    // A kept list may be some seconds old: a visit that has ended since is no longer coming.
    let (rows, notices): (Vec<&AppointmentRow>, _) =
        (listed.0.iter().filter(|r| past || r.ends_at >= now).collect(), &listed.1);
    let summaries: Vec<_> = rows.iter().map(|r| present::summary(lang, r, notices, true)).collect();
    // Guidance talks go into their visit's row.
    let keys: Vec<_> = rows.iter().map(|r| (r.id, r.kind, r.related_visit_id)).collect();
    let mut shown = Vec::new();
    for (i, mut talks) in rules::fold_talks(&keys) {
        // In time order on both tabs (the earlier tab lists newest first).
        talks.sort_by_key(|t| rows[*t].starts_at);
        let mut s = summaries[i].clone();
        s.talks = talks.iter().map(|t| talk_label(&summaries[*t])).collect();
        shown.push((i, s));
    }
    // The next visit is the first visit that will actually happen; cancelled ones stay in the list.
    let next = if past {
        None
    } else {
        shown
            .iter()
            .position(|(i, _)| rows[*i].kind == Kind::Visit && rows[*i].status == Status::Planned)
            .map(|n| shown.remove(n).1)
    };
    Ok(PortalVisits { next, others: shown.into_iter().map(|(_, s)| s).collect() })
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn visit(pool: &SqlitePool, user: &CurrentUser, lang: Lang, id: VisitId) -> Result<VisitDetail, AppError> {
    let family = family_of(user)?;
    let row = repo::one_for_family(pool, id.0, family).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now().timestamp();
    let notices = repo::notices_for_family(pool, family, Some(user.id.0)).await?;
    let related = repo::related_for_family(pool, id.0, row.related_visit_id, family).await?;
    let mut meetings = Vec::new();
    if row.kind == Kind::Visit {
        for m in repo::meetings_for_family(pool, family, now).await? {
            let who = repo::participant_names(pool, m.id).await?;
            meetings.push((present::summary(lang, &m, &[], false), who));
        }
    }
    let agreements = portal_repo::agreements(pool, family).await?;
    let conditions = portal_repo::conditions(pool, family).await?;
    let participants = repo::participant_names(pool, id.0).await?;
    let centre_phone = portal_repo::centre(pool, family).await?.and_then(|c| c.phone);
    audit::read(pool, Entry::new(Some(user.id.0), "read", "appointment", Some(id.0)).family(family)).await?;
    Ok(VisitDetail {
        summary: present::summary(lang, &row, &notices, true),
        type_explained: type_explained(lang, row.kind, row.visit_type).to_string(),
        preparation_notes: row.preparation_notes.clone(),
        agreements: agreements.into_iter().map(|(t, b)| (agreement_topic(lang, &t).to_string(), b)).collect(),
        conditions,
        related: related.iter().map(|r| present::summary(lang, r, &notices, true)).collect(),
        meetings,
        participants,
        can_report_delay: rules::check_delay(row.status, row.starts_at, row.ends_at, now, 15).is_ok(),
        can_cancel: rules::check_cancel(row.status, row.starts_at, now, "").is_ok(),
        centre_phone,
    })
}

/// A guidance talk as a line of its visit's row: "Vejledning før samvær 09.30–10.00" (cancelled:
/// "· Aflyst af forælder").
fn talk_label(talk: &crate::visits::VisitSummary) -> String {
    match talk.status_note.as_str() {
        "" => format!("{} {}", talk.title, talk.span),
        note => format!("{} {} · {note}", talk.title, talk.span),
    }
}

fn refused(lang: Lang, r: rules::Refusal) -> AppError {
    AppError::invalid(r.field(), r.message(lang))
}

/// "Jeg er forsinket": recorded for the visit's consultant and the coordinator to see.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn report_delay(
    pool: &SqlitePool,
    user: &CurrentUser,
    lang: Lang,
    id: VisitId,
    minutes: i64,
) -> Result<(), AppError> {
    let family = family_of(user)?;
    // IMMEDIATE: take the write lock before reading, so two requests at once queue up instead of
    // one failing on a stale snapshot.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = repo::one_for_family(&mut *tx, id.0, family).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now().timestamp();
    rules::check_delay(row.status, row.starts_at, row.ends_at, now, minutes).map_err(|r| refused(lang, r))?;
    let notice = portal_repo::insert_notice(&mut *tx, id.0, user.id.0, "delayed", Some(minutes), "", now).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "create", "visit_notice", Some(notice)).family(family))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// "Jeg kan ikke komme": the appointment (and its guidance talks) is cancelled by the parent.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, visit_id = id.0))]
pub async fn report_cant_come(
    pool: &SqlitePool,
    user: &CurrentUser,
    lang: Lang,
    id: VisitId,
    message: &str,
) -> Result<(), AppError> {
    let family = family_of(user)?;
    let message = message.trim();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = repo::one_for_family(&mut *tx, id.0, family).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now().timestamp();
    rules::check_cancel(row.status, row.starts_at, now, message).map_err(|r| refused(lang, r))?;
    let reason = if message.is_empty() { "Meldt af forælder i appen" } else { message };
    let talks = crate::booking::repo::linked(&mut *tx, id.0).await?;
    if portal_repo::cancel_by_parent(&mut *tx, id.0, family, user.id.0, reason, now).await? == 0 {
        return Err(refused(lang, rules::Refusal::NotPlanned));
    }
    // The visit's history says who cancelled, like a cancellation by staff.
    let detail = format!("{}: {reason}", CancelledBy::Parent.label_in(Lang::Da));
    for appointment in std::iter::once(id.0).chain(talks.iter().map(|t| t.id)) {
        crate::booking::repo::record_change(&mut *tx, appointment, user.id.0, "cancel", &detail, now).await?;
    }
    let notice = portal_repo::insert_notice(&mut *tx, id.0, user.id.0, "cant_come", None, message, now).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "cancel", "appointment", Some(id.0)).family(family))
        .await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "create", "visit_notice", Some(notice)).family(family))
        .await?;
    tx.commit().await?;
    Ok(())
}

fn card(p: portal_repo::PersonRow, role: Option<&str>) -> ContactCard {
    let address = p.address.filter(|a| !a.is_empty());
    ContactCard {
        name: p.name,
        role: role.map(str::to_string).unwrap_or(p.role),
        phone_href: p.phone.as_deref().and_then(rules::phone_href),
        phone: p.phone,
        email: p.email,
        map_url: address.as_deref().and_then(present::map_url),
        address,
        hours: p.hours.unwrap_or_default().lines().map(str::to_string).filter(|l| !l.is_empty()).collect(),
    }
}

#[tracing::instrument(skip_all, fields(user_id = user.id.0))]
pub async fn contacts(pool: &SqlitePool, user: &CurrentUser, lang: Lang) -> Result<Contacts, AppError> {
    let family = family_of(user)?;
    let today = time::today(Utc::now()).to_string();
    let centre = portal_repo::centre(pool, family).await?.ok_or(AppError::NotFound)?;
    let consultant = portal_repo::consultant(pool, family).await?;
    let caseworkers = portal_repo::caseworkers(pool, family).await?;
    let placements = portal_repo::open_placements(pool, family, &today).await?;
    audit::read(pool, Entry::new(Some(user.id.0), "read", "contacts", None).family(family)).await?;
    Ok(Contacts {
        centre: card(centre, None),
        consultant: consultant.map(|c| card(c, Some(lang.t("Samværskonsulent", "Visit consultant")))),
        caseworkers: caseworkers.into_iter().map(|c| card(c, None)).collect(),
        placements: placements.into_iter().map(|c| card(c, None)).collect(),
    })
}
