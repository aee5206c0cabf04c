//! The demo centre's places and each family's regular slot.

use app::setup::repo;

use super::Tx;

pub struct Places {
    pub rooms: [i64; 3],
    pub playground: i64,
    pub field: i64,
}

pub async fn places(tx: &mut Tx, centre: i64) -> sqlx::Result<Places> {
    let addr = "Fjordvej 12, 4000 Roskilde";
    let mut rooms = [0; 3];
    for (i, (name, features)) in [
        ("Rum 1 · Solsikken", &["sofa", "toys", "kitchen"][..]),
        ("Rum 2 · Havtornen", &["sofa", "baby_care", "toys"]),
        ("Rum 3 · Egernet", &["kitchen", "toys", "accessible"]),
    ]
    .iter()
    .enumerate()
    {
        let id = repo::insert_place(&mut **tx, centre, (name, "room"), addr, 8).await?;
        for f in *features {
            repo::insert_feature(&mut **tx, id, f).await?;
        }
        for wd in 1..=7 {
            let (o, c) = if wd <= 5 { ("08:00", "20:00") } else { ("09:00", "17:00") };
            repo::insert_opening_hours(&mut **tx, id, wd, (o, c), None).await?;
        }
        rooms[i] = id.0;
    }
    let playground = repo::insert_place(&mut **tx, centre, ("Legepladsen", "outdoor"), addr, 15).await?;
    let field = repo::insert_place(&mut **tx, centre, ("Boldbanen", "outdoor"), addr, 22).await?;
    for (id, f) in [(playground, "outdoor"), (field, "outdoor"), (field, "ball_games")] {
        repo::insert_feature(&mut **tx, id, f).await?;
    }
    for wd in 1..=7 {
        repo::insert_opening_hours(&mut **tx, playground, wd, ("08:00", "19:00"), None).await?;
        repo::insert_opening_hours(&mut **tx, field, wd, ("08:00", "19:00"), None).await?;
    }
    let hall = repo::insert_place(
        &mut **tx,
        centre,
        ("Fjordby Idrætscenter, lille sal", "extra"),
        "Hallvej 3, 4000 Roskilde",
        30,
    )
    .await?;
    repo::insert_feature(&mut **tx, hall, "ball_games").await?;
    for wd in 6..=7 {
        repo::insert_opening_hours(&mut **tx, hall, wd, ("10:00", "16:00"), None).await?;
    }
    Ok(Places { rooms, playground: playground.0, field: field.0 })
}

/// Each family's regular slot: (ISO weekday 1-7, hour, minute, place). Unique per family so the
/// demo has no double bookings. Families 5 and 13 meet on the weekday the demo is created, so
/// the consultants' "today" is never empty.
pub fn slot(i: usize, today_wd: u32, p: &Places) -> (u32, u32, u32, i64) {
    let [r1, r2, r3] = p.rooms;
    match i {
        0 => (6, 10, 0, r1),
        1 => (3, 16, 0, r1),
        2 => (6, 13, 0, r2),
        3 => (7, 10, 0, r1),
        4 => (6, 13, 30, r3),
        5 => (today_wd, 16, 0, p.playground),
        6 => (7, 13, 0, r2),
        7 => (2, 15, 30, r2),
        8 => (7, 10, 0, p.field),
        9 => (4, 16, 0, r3),
        10 => (6, 15, 30, r1),
        11 => (7, 14, 0, r3),
        12 => (1, 16, 0, r1),
        _ => (today_wd, 17, 30, p.field),
    }
}
