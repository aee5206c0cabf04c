//! A date far off (or before 2000) in any form or address is refused with a Danish message: 422
//! from every server function that takes a date, a page with the message for the board, and never
//! a panic.

use std::sync::{Arc, Mutex};

use app::booking::api::{AddAvailability, BookVisit, FindSlots, MoveFollowing, MoveVisit};
use app::booking::board::api::{AddPlace, BookingBoard};
use reqwest::header;

use crate::booking::{family, form, monday, place};
use crate::helpers::{TestApp, json, spawn};

/// Dates chrono cannot hold, the ends of what it can (adding a day to the last one overflows), and
/// just outside the window.
const FAR: [&str; 7] =
    ["+262143-12-31", "262143-12-31", "+262142-12-31", "9999-12-31", "0000-01-01", "1999-12-31", "2101-01-01"];
const WINDOW: &str = "mellem år 2000 og 2100";

/// Records the panics on this test's thread (where its app runs) while keeping the usual report.
fn record_panics() -> Arc<Mutex<Vec<String>>> {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let (me, record) = (std::thread::current().name().map(str::to_string), seen.clone());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name().map(str::to_string) == me {
            record.lock().unwrap_or_else(|e| e.into_inner()).push(info.to_string());
        }
        previous(info);
    }));
    seen
}

async fn planned_visit(app: &TestApp) -> String {
    let id: i64 = sqlx::query_scalar(
        "SELECT id FROM appointments WHERE status = 'planned' AND kind = 'visit' AND starts_at > unixepoch() \
         ORDER BY starts_at LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    id.to_string()
}

fn refused(what: &str, date: &str, status: u16, body: &serde_json::Value) {
    assert_eq!(status, 422, "{what} with {date}: {body}");
    assert!(body.to_string().contains(WINDOW), "{what} with {date} says why: {body}");
}

#[tokio::test]
async fn far_dates_are_refused_with_422_and_never_panic() {
    let panics = record_panics();
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let signe = app.signed_in("timelonnet@demo.test").await;
    let f = family(&app, "F-01").await.to_string();
    let room = place(&app, "Rum 2").await.to_string();
    let karen = app.user_id("konsulent@demo.test").await.to_string();
    let visit = planned_visit(&app).await;
    let fine = monday(3);

    for d in FAR {
        for view in ["uge", "dag", "konsulenter"] {
            let (status, body) = json(app.call::<BookingBoard>(&lene, &[("date", d), ("view", view)]).await).await;
            refused(&format!("board ({view})"), d, status, &body);
        }
        let (status, body) =
            json(app.call::<FindSlots>(&lene, &[("family_id", &f), ("minutes", "120"), ("from", d)]).await).await;
        refused("find_slots", d, status, &body);

        let mut fields = form(&f, &room, &karen, d, "10:00");
        let (status, body) = json(app.call::<BookVisit>(&lene, &fields).await).await;
        refused("create", d, status, &body);
        fields = form(&f, &room, &karen, &fine, "10:00");
        for extra in [
            vec![("repeat", "1"), ("until", d)],
            vec![("repeat", "custom"), ("dates[]", d)],
            vec![("repeat", "1"), ("skip[]", d)],
        ] {
            let mut with = fields.clone();
            with.extend(extra.iter().copied());
            let (status, body) = json(app.call::<BookVisit>(&lene, &with).await).await;
            refused(&format!("create {extra:?}"), d, status, &body);
        }

        let moved = [("id", visit.as_str()), ("date", d), ("time", "10:00")];
        let (status, body) = json(app.call::<MoveVisit>(&lene, &moved).await).await;
        refused("move", d, status, &body);
        let (status, body) = json(app.call::<MoveFollowing>(&lene, &moved).await).await;
        refused("move_following", d, status, &body);

        let (status, body) =
            json(app.call::<AddAvailability>(&signe, &[("date", d), ("from", "09:00"), ("to", "12:00")]).await).await;
        refused("availability", d, status, &body);

        for (from, to) in [(d, fine.as_str()), (fine.as_str(), d)] {
            let hall = [
                ("name", "Hallen"),
                ("address", "Idrætsvej 1"),
                ("from", from),
                ("to", to),
                ("weekdays", "6,7"),
                ("opens", "09:00"),
                ("closes", "17:00"),
            ];
            let (status, body) = json(app.call::<AddPlace>(&lene, &hall).await).await;
            refused("add_place", d, status, &body);
        }

        // The board page answers with the message (and the status the server function set); before,
        // the last date chrono holds made the page's render panic and the answer never came.
        let encoded = d.replace('+', "%2B");
        let page = lene
            .get(format!("{}/booking?visning=uge&dato={encoded}", app.base))
            .header(header::ACCEPT, "text/html")
            .timeout(std::time::Duration::from_secs(20))
            .send()
            .await
            .unwrap();
        let status = page.status().as_u16();
        let html = page.text().await.unwrap();
        assert_eq!(status, 422, "the board page with {d}");
        assert!(html.contains(WINDOW), "the board page with {d} says why: {html}");
    }
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM places WHERE name = 'Hallen'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 0, "nothing was stored");
    let panics = panics.lock().unwrap().clone();
    assert!(panics.is_empty(), "no request panicked: {panics:?}");
}
