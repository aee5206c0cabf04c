//! Demo data for the parents' portal: opening hours, phones, each family's consultant, standing
//! agreements, and a moved visit. One statement per function.

use sqlx::SqliteExecutor;

type R<T> = sqlx::Result<T>;

pub const OPENING_HOURS: &str = "Mandag–torsdag 8.00–15.00\nFredag 8.00–13.00\n\
Lørdag og søndag: kun aftalte samvær, ring til vagttelefonen 72 10 40 09";

pub async fn opening_hours(db: impl SqliteExecutor<'_>, centre: i64) -> R<()> {
    sqlx::query("UPDATE centres SET opening_hours = ? WHERE id = ?")
        .bind(OPENING_HOURS)
        .bind(centre)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn phone(db: impl SqliteExecutor<'_>, user: i64, phone: &str) -> R<()> {
    sqlx::query("UPDATE users SET phone = ? WHERE id = ?").bind(phone).bind(user).execute(db).await?;
    Ok(())
}

pub async fn family_consultant(db: impl SqliteExecutor<'_>, family: i64, consultant: i64) -> R<()> {
    sqlx::query("UPDATE families SET consultant_id = ? WHERE id = ?").bind(consultant).bind(family).execute(db).await?;
    Ok(())
}

pub async fn agreement(db: impl SqliteExecutor<'_>, family: i64, topic: &str, body: &str, now: i64) -> R<()> {
    sqlx::query("INSERT INTO family_agreements (family_id, topic, body, updated_at) VALUES (?, ?, ?, ?)")
        .bind(family)
        .bind(topic)
        .bind(body)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

/// Marks an appointment as moved here from `from` (the booking area records real moves).
pub async fn moved_from(db: impl SqliteExecutor<'_>, appointment: i64, from: i64) -> R<()> {
    sqlx::query("UPDATE appointments SET moved_from_starts_at = ? WHERE id = ?")
        .bind(from)
        .bind(appointment)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn notes(db: impl SqliteExecutor<'_>, appointment: i64, notes: &str) -> R<()> {
    sqlx::query("UPDATE appointments SET preparation_notes = ? WHERE id = ?")
        .bind(notes)
        .bind(appointment)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn place_is_free(db: impl SqliteExecutor<'_>, place: i64, start: i64, end: i64) -> R<bool> {
    let busy: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointments WHERE place_id = ? AND status <> 'cancelled' AND starts_at < ? AND ends_at > ?",
    )
    .bind(place)
    .bind(end)
    .bind(start)
    .fetch_one(db)
    .await?;
    Ok(busy == 0)
}

/// The standing agreements of the first demo families, by topic.
pub const AGREEMENTS: [(usize, &str, &str); 8] = [
    (0, "bring", "Madpakke eller frugt, og gerne en bog I kan læse sammen."),
    (0, "toys", "Legetøj finder vi frem på stuen: Lego, dukkehus og tegnesager."),
    (0, "food", "Frugt, boller og vand. Ingen slik eller sodavand."),
    (0, "practise", "Rolige overgange: vi siger til 10 minutter før slut, og I siger farvel i døren."),
    (0, "goal", "Freja og Oskar skal opleve, at samværet begynder og slutter roligt og forudsigeligt."),
    (1, "bring", "Emil vil gerne spille kort: tag et spil med."),
    (1, "goal", "Emil og mor aftaler selv næste samværs aktivitet sammen med konsulenten."),
    (3, "practise", "Vi taler ikke om, hvor Lucas bor. Konsulenten hjælper, hvis emnet kommer op."),
];
