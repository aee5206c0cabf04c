//! A parent's list, the week board and the staff's overview are kept in memory between requests (`app::kept`): a change
//! made through the app shows at once, and every read, from memory or not, is in the audit log.

use std::time::Duration;

use app::booking::board::api::BookingBoard;
use app::context::Settings;
use app::overview::api::WeekOverview;
use app::portal::api::{MyVisits, ReportCantCome};
use chrono::Utc;
use serde_json::Value;
use sqlx::Connection;

use crate::case_course::scalar;
use crate::helpers::{TestApp, json, spawn_with};

/// A connection of the test's own: the app's watch does not hear what it writes, so a change
/// made through it shows whether an answer came from memory.
async fn unwatched(app: &TestApp) -> sqlx::SqliteConnection {
    sqlx::SqliteConnection::connect(&format!("sqlite://{}", app.db_file.display())).await.unwrap()
}

async fn cancel_unheard(db: &mut sqlx::SqliteConnection, id: i64) {
    sqlx::query(
        "UPDATE appointments SET status = 'cancelled', cancelled_by = 'centre', cancelled_at = ?1 WHERE id = ?2",
    )
    .bind(Utc::now().timestamp())
    .bind(id)
    .execute(db)
    .await
    .unwrap();
}

async fn audit_rows(app: &TestApp, kind: &str) -> i64 {
    scalar(app, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND subject_kind = '{kind}'")).await
}

/// The app keeping what it reads at once (no settling), and a connection it does not hear.
async fn kept_app() -> (TestApp, sqlx::SqliteConnection) {
    let app = spawn_with(Settings { kept_settle: Duration::ZERO, ..Default::default() }).await;
    let db = unwatched(&app).await;
    (app, db)
}

/// The demo parent says through the app that visit `id` cannot take place.
async fn cant_come(app: &TestApp, parent: &reqwest::Client, id: i64) {
    let id = id.to_string();
    let (status, body) = json(app.call::<ReportCantCome>(parent, &[("id", &id), ("message", "Syg")]).await).await;
    assert_eq!(status, 200, "{body}");
}

/// The visits of a parent's list: (id, what the status says).
fn listed(v: &Value) -> Vec<(i64, String)> {
    let mut all: Vec<&Value> = v["next"].as_object().map(|_| &v["next"]).into_iter().collect();
    all.extend(v["others"].as_array().unwrap());
    all.iter().map(|s| (s["id"].as_i64().unwrap(), s["status_note"].as_str().unwrap().to_string())).collect()
}

fn note_of(list: &[(i64, String)], id: i64) -> &str {
    list.iter().find(|(i, _)| *i == id).map_or("not listed", |(_, n)| n.as_str())
}

#[tokio::test]
async fn a_parents_kept_list_shows_a_change_made_through_the_app_at_once() {
    let (app, mut db) = kept_app().await;
    let mette = app.signed_in("mette@demo.test").await;
    let (status, first) = json(app.call::<MyVisits>(&mette, &[]).await).await;
    assert_eq!(status, 200, "{first}");
    let first = listed(&first);
    let planned: Vec<i64> = first.iter().filter(|(_, n)| n.is_empty()).map(|(id, _)| *id).collect();
    assert!(planned.len() >= 2, "{first:?}");
    let (a, b) = (planned[0], planned[1]);
    let reads = audit_rows(&app, "appointment_list").await;

    // Unheard by the app, so the list comes from memory, and its read is logged all the same.
    cancel_unheard(&mut db, a).await;
    let (_, kept) = json(app.call::<MyVisits>(&mette, &[]).await).await;
    assert_eq!(listed(&kept), first, "from memory");
    assert_eq!(audit_rows(&app, "appointment_list").await, reads + 1, "a kept read is logged");

    // The parent cancels another visit through the app: the next list is read again.
    cant_come(&app, &mette, b).await;
    let (_, after) = json(app.call::<MyVisits>(&mette, &[]).await).await;
    let after = listed(&after);
    assert_eq!(note_of(&after, b), "Aflyst af forælder", "{after:?}");
    assert_eq!(note_of(&after, a), "Aflyst af samværscentret", "{after:?}");
    assert_eq!(audit_rows(&app, "appointment_list").await, reads + 2);
}

#[tokio::test]
async fn a_kept_board_shows_a_change_made_through_the_app_at_once() {
    let (app, mut db) = kept_app().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    // The demo family's next two visits; the board of the first one's week.
    let next: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT a.id, a.starts_at FROM appointments a JOIN families f ON f.id = a.family_id WHERE f.code = 'F-01' \
         AND a.kind = 'visit' AND a.status = 'planned' AND a.starts_at > ? ORDER BY a.starts_at LIMIT 2",
    )
    .bind(Utc::now().timestamp())
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let [(id, starts), (other, _)] = next[..] else { panic!("two coming visits: {next:?}") };
    let date = app::time::local(app::time::from_unix(starts)).date_naive().to_string();
    let board = async || {
        let (status, board) = json(app.call::<BookingBoard>(&lene, &[("date", &date), ("view", "uge")]).await).await;
        assert_eq!(status, 200, "{board}");
        board.to_string()
    };
    let shows = |board: &str| board.contains(&format!("\"id\":{id},"));
    let first = board().await;
    assert!(shows(&first), "the visit is on the board");
    let reads = audit_rows(&app, "board").await;

    // Cancelled unheard by the app: still on the board (a cancelled visit leaves it), from memory.
    cancel_unheard(&mut db, id).await;
    assert_eq!(board().await, first, "from memory");
    assert_eq!(audit_rows(&app, "board").await, reads + 1, "a kept read is logged");

    // Any change through the app (here a parent's cancellation of another visit) makes it old.
    let mette = app.signed_in("mette@demo.test").await;
    cant_come(&app, &mette, other).await;
    assert!(!shows(&board().await), "read again: the cancelled visit is gone");
    assert_eq!(audit_rows(&app, "board").await, reads + 2);
}

#[tokio::test]
async fn a_kept_overview_shows_a_change_made_through_the_app_at_once() {
    let (app, mut db) = kept_app().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let overview = async || {
        let (status, overview) = json(app.call::<WeekOverview>(&lene, &[]).await).await;
        assert_eq!(status, 200, "{overview}");
        overview.to_string()
    };
    let first = overview().await;
    // An appointment of this week, not cancelled: on the overview.
    let monday = app::time::monday_of(app::time::today(Utc::now()));
    let from = app::time::start_of_day(monday).timestamp();
    let id: i64 = sqlx::query_scalar(
        "SELECT id FROM appointments WHERE status <> 'cancelled' AND starts_at >= ? AND starts_at < ? \
         ORDER BY starts_at LIMIT 1",
    )
    .bind(from)
    .bind(from + 7 * 86_400)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(first.contains(&format!("\"id\":{id},")), "this week's appointment is on the overview");
    let reads = audit_rows(&app, "appointment_week").await;

    cancel_unheard(&mut db, id).await;
    assert_eq!(overview().await, first, "from memory");
    assert_eq!(audit_rows(&app, "appointment_week").await, reads + 1, "a kept read is logged");

    // A parent's cancellation through the app makes it old: the change made past the app shows.
    let other: i64 = sqlx::query_scalar(
        "SELECT a.id FROM appointments a JOIN families f ON f.id = a.family_id WHERE f.code = 'F-01' \
         AND a.kind = 'visit' AND a.status = 'planned' AND a.starts_at > ? AND a.id <> ? ORDER BY a.starts_at LIMIT 1",
    )
    .bind(Utc::now().timestamp())
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let mette = app.signed_in("mette@demo.test").await;
    cant_come(&app, &mette, other).await;
    let after: Value = serde_json::from_str(&overview().await).unwrap();
    let shown: Vec<&Value> =
        after["week"].as_array().unwrap().iter().flat_map(|d| d["visits"].as_array().unwrap()).collect();
    let cancelled = shown.iter().find(|v| v["id"] == id).map(|v| v["status_note"].clone());
    assert_eq!(cancelled, Some(Value::from("Aflyst af samværscentret")), "read again: {after}");
    assert_eq!(audit_rows(&app, "appointment_week").await, reads + 2);
}

/// The board is kept once for the whole centre and each reader gets their own part of it: with
/// the coordinator's board and overview kept, an hourly consultant still sees only what she
/// staffs, and other bookings only as "Optaget".
#[tokio::test]
async fn what_is_kept_for_one_reader_is_never_shown_to_another() {
    let (app, _) = kept_app().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let signe = app.signed_in("timelonnet@demo.test").await;
    let me = app.user_id("timelonnet@demo.test").await;
    let staffs = async |id: &Value| -> bool {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM appointment_staff WHERE appointment_id = ? AND user_id = ?")
                .bind(id.as_i64().unwrap())
                .bind(me)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        n == 1
    };
    let (_, full) = json(app.call::<WeekOverview>(&lene, &[]).await).await;
    let (status, own) = json(app.call::<WeekOverview>(&signe, &[]).await).await;
    assert_eq!(status, 200, "{own}");
    let visits = |o: &Value| -> Vec<Value> {
        o["week"].as_array().unwrap().iter().flat_map(|d| d["visits"].as_array().unwrap().clone()).collect()
    };
    let (all, hers) = (visits(&full), visits(&own));
    assert!(hers.len() < all.len(), "{} of {}", hers.len(), all.len());
    assert!(!hers.is_empty(), "the demo staffs her every week: the check below runs");
    for v in &hers {
        assert!(staffs(&v["id"]).await, "{v}");
    }

    let date = app::time::today(Utc::now()).to_string();
    let form = [("date", date.as_str()), ("view", "uge")];
    let (_, kept) = json(app.call::<BookingBoard>(&lene, &form).await).await;
    let (status, board) = json(app.call::<BookingBoard>(&signe, &form).await).await;
    assert_eq!(status, 200, "{board}");
    let blocks = |b: &Value| -> Vec<Value> {
        b["lanes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|l| l["cells"].as_array().unwrap().clone())
            .flat_map(|c| c.as_array().unwrap().clone())
            .collect()
    };
    let (everything, seen) = (blocks(&kept), blocks(&board));
    assert_eq!(seen.len(), everything.len(), "she sees every booking's time");
    let (mut own_blocks, mut busy) = (0, 0);
    for b in &seen {
        if b["id"].is_null() {
            busy += 1;
            assert_eq!((b["label"].as_str(), b["family"].as_str()), (Some("Optaget"), Some("")), "{b}");
        } else {
            own_blocks += 1;
            assert!(staffs(&b["id"]).await, "{b}");
        }
    }
    assert!(own_blocks > 0 && busy > 0, "{own_blocks} own, {busy} busy");
}
