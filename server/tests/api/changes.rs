//! Moving, cancelling and recording outcomes over HTTP: checked like bookings, kept in the
//! history, and seen by parents at once.

use app::booking::api::{BookVisit, CancelVisit, MoveVisit, RecordOutcome, VisitHistory};
use app::portal::api::{MyVisits, Visit};
use chrono::{Datelike, Days, Utc, Weekday};

use crate::helpers::{TestApp, json, spawn};

fn monday(weeks: u64) -> String {
    let mut d = app::time::today(Utc::now()) + Days::new(weeks * 7);
    while d.weekday() != Weekday::Mon {
        d = d + Days::new(1);
    }
    d.to_string()
}

/// Mette's family's next regular visit at least two days ahead.
async fn regular_visit(app: &TestApp) -> String {
    let id: i64 = sqlx::query_scalar(
        "SELECT a.id FROM appointments a JOIN families f ON f.id = a.family_id WHERE f.code = 'F-01' \
         AND a.kind = 'visit' AND a.status = 'planned' AND a.starts_at > ? ORDER BY a.starts_at LIMIT 1",
    )
    .bind(Utc::now().timestamp() + 2 * 86_400)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    id.to_string()
}

/// (status, start, cancelled by, changes recorded) of an appointment: what a refusal must leave as it was.
async fn row(app: &TestApp, id: &str) -> (String, i64, Option<String>, i64) {
    sqlx::query_as(
        "SELECT status, starts_at, cancelled_by, (SELECT COUNT(*) FROM appointment_changes c WHERE c.appointment_id = a.id) FROM appointments a WHERE a.id = ?",
    )
    .bind(id.parse::<i64>().unwrap())
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_moved_visit_shows_its_new_time_to_the_parent_and_is_in_the_history() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let id = regular_visit(&app).await;
    let to = monday(6);
    let (status, body) =
        json(app.call::<MoveVisit>(&lene, &[("id", &id), ("date", &to), ("time", "10:00")]).await).await;
    assert_eq!(status, 200, "{body}");

    let mette = app.signed_in("mette@demo.test").await;
    let (_, visit) = json(app.call::<Visit>(&mette, &[("id", &id)]).await).await;
    let s = &visit["summary"];
    assert!(
        s["when"].as_str().unwrap().starts_with("mandag ") && s["when"].as_str().unwrap().ends_with("kl. 10.00"),
        "{s}"
    );
    assert!(s["moved_from"].as_str().unwrap().starts_with("Flyttet fra lørdag"), "{s}");
    let (_, list) = json(app.call::<MyVisits>(&mette, &[]).await).await;
    assert!(list.to_string().contains("Flyttet fra lørdag"));

    let (_, history) = json(app.call::<VisitHistory>(&lene, &[("id", &id)]).await).await;
    let line = history[0].as_str().unwrap();
    assert!(line.contains("Lene Friis · Flyttet fra lørdag") && line.contains("til mandag"), "{history}");

    // Moving onto another family's booking is refused like a booking; overlapping its own old
    // time is fine.
    let (f2, room): (i64, i64) =
        sqlx::query_as("SELECT (SELECT id FROM families WHERE code = 'F-02'), place_id FROM appointments WHERE id = ?")
            .bind(id.parse::<i64>().unwrap())
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let (f2, room, later) = (f2.to_string(), room.to_string(), monday(7));
    let book =
        [("family_id", f2.as_str()), ("place_id", &room), ("date", &later), ("time", "10:00"), ("minutes", "60")];
    assert_eq!(app.call::<BookVisit>(&lene, &book).await.status(), 200);
    let was = row(&app, &id).await;
    let (status, body) =
        json(app.call::<MoveVisit>(&lene, &[("id", &id), ("date", &later), ("time", "10:30")]).await).await;
    assert_eq!(status, 409);
    assert!(body.to_string().contains("Kan ikke flyttes: Rum 1") && body.to_string().contains("(F-02)"), "{body}");
    assert_eq!(row(&app, &id).await, was, "refused: not moved, no change recorded");
    let (status, _) = json(app.call::<MoveVisit>(&lene, &[("id", &id), ("date", &to), ("time", "10:30")]).await).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn cancellations_and_outcomes_record_who_and_when() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let id = regular_visit(&app).await;
    let was = row(&app, &id).await;
    let (status, _) = json(app.call::<CancelVisit>(&lene, &[("id", &id), ("by", "nabo"), ("reason", "x")]).await).await;
    assert_eq!(status, 422);
    assert_eq!(row(&app, &id).await, was);
    let form = [("id", id.as_str()), ("by", "placement"), ("reason", "Barnet er syg")];
    assert_eq!(app.call::<CancelVisit>(&lene, &form).await.status(), 200);
    let cancelled = row(&app, &id).await;
    assert_eq!(
        (cancelled.0.as_str(), cancelled.2.as_deref(), cancelled.3),
        ("cancelled", Some("placement"), was.3 + 1)
    );
    assert_eq!(app.call::<CancelVisit>(&lene, &form).await.status(), 409);
    assert_eq!(row(&app, &id).await, cancelled, "cancelled once: the second is refused and records nothing");
    let mette = app.signed_in("mette@demo.test").await;
    let (_, visit) = json(app.call::<Visit>(&mette, &[("id", &id)]).await).await;
    assert_eq!(visit["summary"]["status_note"], "Aflyst af anbringelsesstedet");
    let (_, history) = json(app.call::<VisitHistory>(&lene, &[("id", &id)]).await).await;
    assert!(history[0].as_str().unwrap().contains("Aflyst af anbringelsesstedet: Barnet er syg"), "{history}");

    // Outcomes only once the visit has begun.
    let future = regular_visit(&app).await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let was = row(&app, &future).await;
    let (status, body) = json(app.call::<RecordOutcome>(&karen, &[("id", &future), ("outcome", "held")]).await).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(row(&app, &future).await, was);
    let past: i64 = sqlx::query_scalar(
        // A held visit of a family the hourly consultant does not staff whose description (if it
        // has one) is still being written: a sent description fixes its visit's outcome.
        "SELECT a.id FROM appointments a JOIN families f ON f.id = a.family_id WHERE f.code IN ('F-01', 'F-02', \
         'F-03', 'F-04') AND a.kind = 'visit' AND a.status = 'held' AND NOT EXISTS (SELECT 1 FROM descriptions d \
         WHERE d.appointment_id = a.id AND d.state <> 'draft') ORDER BY a.starts_at DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let past = past.to_string();
    assert_eq!(app.call::<RecordOutcome>(&karen, &[("id", &past), ("outcome", "no_show")]).await.status(), 200);
    let (_, history) = json(app.call::<VisitHistory>(&lene, &[("id", &past)]).await).await;
    assert!(history[0].as_str().unwrap().contains("Karen Holst · Udeblevet"), "{history}");

    // An hourly consultant only for visits they staff; parents and caseworkers never.
    let signe = app.signed_in("timelonnet@demo.test").await;
    let (past_was, future_was) = (row(&app, &past).await, row(&app, &future).await);
    assert_eq!(app.call::<RecordOutcome>(&signe, &[("id", &past), ("outcome", "held")]).await.status(), 404);
    assert_eq!(
        app.call::<CancelVisit>(&signe, &[("id", &future), ("by", "placement"), ("reason", "x")]).await.status(),
        403
    );
    for who in ["mette@demo.test", "raadgiver@demo.test"] {
        let c = app.signed_in(who).await;
        assert_eq!(
            app.call::<MoveVisit>(&c, &[("id", &future), ("date", "2027-01-04"), ("time", "10:00")]).await.status(),
            403
        );
        assert_eq!(app.call::<VisitHistory>(&c, &[("id", &past)]).await.status(), 403);
    }
    assert_eq!((row(&app, &past).await, row(&app, &future).await), (past_was, future_was));
}

/// The move form's "Samme sted" and an untouched length are empty fields, read as "keep it"; a
/// place 0 is no place any more (it once meant "the same"): refused, and the visit stays.
#[tokio::test]
async fn a_move_keeps_place_and_length_when_left_empty_and_refuses_place_zero() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let id = regular_visit(&app).await;
    let place_and_length = |app: &TestApp, id: String| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_as::<_, (Option<i64>, i64)>(
                "SELECT place_id, ends_at - starts_at FROM appointments WHERE id = ?",
            )
            .bind(id.parse::<i64>().unwrap())
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let before = place_and_length(&app, id.clone()).await;
    assert!(before.0.is_some(), "the demo visit has a place");
    let to = monday(7);
    let form = [("id", id.as_str()), ("date", &to), ("time", "10:00"), ("place_id", ""), ("minutes", "")];
    let (status, body) = json(app.call::<MoveVisit>(&lene, &form).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(place_and_length(&app, id.clone()).await, before);
    let moved = row(&app, &id).await;

    let form = [("id", id.as_str()), ("date", &monday(8)), ("time", "10:00"), ("place_id", "0"), ("minutes", "")];
    let (status, body) = json(app.call::<MoveVisit>(&lene, &form).await).await;
    assert_eq!((status, body), (422, serde_json::json!({"Validation": {"place_id": ["Vælg et sted."]}})));
    assert_eq!(row(&app, &id).await, moved, "nothing changed");
    assert_eq!(place_and_length(&app, id).await, before);
}
