//! Inserts for the demo data. One statement per function.

use sqlx::SqliteExecutor;

type R<T> = sqlx::Result<T>;

pub async fn count_centres(db: impl SqliteExecutor<'_>) -> R<i64> {
    Ok(sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM centres").fetch_one(db).await?.0)
}

pub async fn centre(
    db: impl SqliteExecutor<'_>,
    name: &str,
    municipality: &str,
    address: &str,
    phone: &str,
    email: &str,
) -> R<i64> {
    Ok(sqlx::query_as::<_, (i64,)>(
        "INSERT INTO centres (name, municipality, address, phone, email) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(municipality)
    .bind(address)
    .bind(phone)
    .bind(email)
    .fetch_one(db)
    .await?
    .0)
}

pub async fn caseworker(
    db: impl SqliteExecutor<'_>,
    user: i64,
    municipality: &str,
    department: &str,
    title: &str,
) -> R<()> {
    sqlx::query("INSERT INTO caseworkers (user_id, municipality, department, title) VALUES (?, ?, ?, ?)")
        .bind(user)
        .bind(municipality)
        .bind(department)
        .bind(title)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn availability(db: impl SqliteExecutor<'_>, user: i64, starts_at: i64, ends_at: i64) -> R<()> {
    sqlx::query("INSERT INTO staff_availability (user_id, starts_at, ends_at) VALUES (?, ?, ?)")
        .bind(user)
        .bind(starts_at)
        .bind(ends_at)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn family(db: impl SqliteExecutor<'_>, centre: i64, code: &str) -> R<i64> {
    Ok(sqlx::query_as::<_, (i64,)>("INSERT INTO families (centre_id, code) VALUES (?, ?) RETURNING id")
        .bind(centre)
        .bind(code)
        .fetch_one(db)
        .await?
        .0)
}

pub struct ChildRow<'a> {
    pub family: i64,
    pub first: &'a str,
    pub last: &'a str,
    pub birth: &'a str,
    pub placement_kind: &'a str,
    pub placement_name: &'a str,
    pub contact: &'a str,
    pub address: &'a str,
    pub secret: bool,
}

pub async fn child(db: impl SqliteExecutor<'_>, c: ChildRow<'_>) -> R<i64> {
    Ok(sqlx::query_as::<_, (i64,)>(
        "INSERT INTO children (family_id, first_name, last_name, birth_date, placement_kind, placement_name, \
         placement_contact_name, placement_contact_phone, placement_address, placement_address_secret) \
         VALUES (?, ?, ?, ?, ?, ?, ?, '20 30 40 50', ?, ?) RETURNING id",
    )
    .bind(c.family)
    .bind(c.first)
    .bind(c.last)
    .bind(c.birth)
    .bind(c.placement_kind)
    .bind(c.placement_name)
    .bind(c.contact)
    .bind(c.address)
    .bind(c.secret)
    .fetch_one(db)
    .await?
    .0)
}

pub async fn person(
    db: impl SqliteExecutor<'_>,
    family: i64,
    first: &str,
    last: &str,
    email: &str,
    user: Option<i64>,
) -> R<i64> {
    Ok(sqlx::query_as::<_, (i64,)>("INSERT INTO persons (family_id, first_name, last_name, phone, email, user_id) VALUES (?, ?, ?, '30 40 50 60', ?, ?) RETURNING id")
        .bind(family).bind(first).bind(last).bind(email).bind(user).fetch_one(db).await?.0)
}

pub async fn relation(db: impl SqliteExecutor<'_>, child: i64, person: i64, relation: &str, custody: bool) -> R<()> {
    sqlx::query("INSERT INTO child_relations (child_id, person_id, relation, custody_holder) VALUES (?, ?, ?, ?)")
        .bind(child)
        .bind(person)
        .bind(relation)
        .bind(custody)
        .execute(db)
        .await?;
    Ok(())
}

pub struct CaseRow<'a> {
    pub child: i64,
    pub caseworker: i64,
    pub visit_type: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub weeks: i64,
    pub minutes: i64,
    pub conditions: &'a str,
    pub now: i64,
}

pub async fn case(db: impl SqliteExecutor<'_>, c: CaseRow<'_>) -> R<i64> {
    Ok(sqlx::query_as::<_, (i64,)>(
        "INSERT INTO cases (child_id, caseworker_id, visit_type, decision_from, decision_to, frequency_weeks, visit_minutes, conditions, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(c.child).bind(c.caseworker).bind(c.visit_type).bind(c.from).bind(c.to).bind(c.weeks).bind(c.minutes).bind(c.conditions).bind(c.now).fetch_one(db).await?.0)
}

pub async fn decision(db: impl SqliteExecutor<'_>, case: i64, kind: &str, from: &str, to: &str) -> R<()> {
    sqlx::query("INSERT INTO case_decisions (case_id, kind, valid_from, valid_to) VALUES (?, ?, ?, ?)")
        .bind(case)
        .bind(kind)
        .bind(from)
        .bind(to)
        .execute(db)
        .await?;
    Ok(())
}

pub struct AppointmentRow<'a> {
    pub centre: i64,
    pub family: i64,
    pub kind: &'a str,
    pub visit_type: Option<&'a str>,
    pub related: Option<i64>,
    pub place: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: &'a str,
    pub cancelled_by: Option<&'a str>,
    pub cancel_reason: Option<&'a str>,
    pub notes: &'a str,
    pub now: i64,
}

pub async fn appointment(db: impl SqliteExecutor<'_>, a: AppointmentRow<'_>) -> R<i64> {
    let cancelled_at = (a.status == "cancelled").then_some(a.starts_at - 2 * 86_400);
    Ok(sqlx::query_as::<_, (i64,)>(
        "INSERT INTO appointments (centre_id, family_id, kind, visit_type, related_visit_id, place_id, starts_at, ends_at, status, \
         cancelled_by, cancel_reason, cancelled_at, preparation_notes, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(a.centre).bind(a.family).bind(a.kind).bind(a.visit_type).bind(a.related).bind(a.place).bind(a.starts_at)
    .bind(a.ends_at).bind(a.status).bind(a.cancelled_by).bind(a.cancel_reason).bind(cancelled_at).bind(a.notes)
    .bind(a.now).bind(a.now).fetch_one(db).await?.0)
}

pub async fn appointment_person(
    db: impl SqliteExecutor<'_>,
    appointment: i64,
    person: Option<i64>,
    user: Option<i64>,
    role: &str,
) -> R<()> {
    sqlx::query("INSERT INTO appointment_participants (appointment_id, person_id, user_id, role) VALUES (?, ?, ?, ?)")
        .bind(appointment)
        .bind(person)
        .bind(user)
        .bind(role)
        .execute(db)
        .await?;
    Ok(())
}

/// Visits that are over and have an outcome: (id, status), oldest first.
pub async fn past_outcomes(db: impl SqliteExecutor<'_>, now: i64) -> R<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT id, status FROM appointments WHERE kind = 'visit' AND status IN ('held', 'no_show') AND ends_at < ? \
         ORDER BY starts_at",
    )
    .bind(now)
    .fetch_all(db)
    .await
}

/// The first family's cases ask the parents to read each description first.
pub async fn parents_review(db: impl SqliteExecutor<'_>, family: i64) -> R<u64> {
    Ok(sqlx::query(
        "UPDATE cases SET parents_review = 1 WHERE child_id IN (SELECT id FROM children WHERE family_id = ?)",
    )
    .bind(family)
    .execute(db)
    .await?
    .rows_affected())
}

/// Every description with its visit: (id, appointment, family, start, a consultant on it), latest
/// visit first.
pub async fn demo_descriptions(db: impl SqliteExecutor<'_>) -> R<Vec<(i64, i64, i64, i64, i64)>> {
    sqlx::query_as(
        "SELECT d.id, a.id, a.family_id, a.starts_at, (SELECT MIN(user_id) FROM appointment_staff s \
         WHERE s.appointment_id = a.id) FROM descriptions d JOIN appointments a ON a.id = d.appointment_id \
         ORDER BY a.starts_at DESC",
    )
    .fetch_all(db)
    .await
}
