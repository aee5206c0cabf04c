//! The parent's calendar subscription: secret, shown once, stored only as a hash, revocable, and
//! readable by a real third-party iCalendar parser with the right local times across DST.

use app::calendar::api::{CreateCalendarLink, MyCalendar, RevokeCalendarLink};
use chrono::{Datelike, Days, NaiveDate, Utc, Weekday};
use reqwest::Client;

use crate::helpers::{TestApp, client, contains, json, spawn};

/// Makes a new link for the signed-in parent and returns its token (as the calendar page shows it).
pub(crate) async fn new_token(app: &TestApp, c: &Client) -> String {
    assert_eq!(app.call::<CreateCalendarLink>(c, &[]).await.status(), 200);
    let (_, s) = json(app.call::<MyCalendar>(c, &[]).await).await;
    let https = s["link"]["https"].as_str().unwrap_or_else(|| panic!("the link is shown: {s}")).to_string();
    assert_eq!(s["link"]["webcal"].as_str().unwrap(), https.replace("http://", "webcal://"));
    https.rsplit('/').next().unwrap().trim_end_matches(".ics").to_string()
}

pub(crate) async fn feed(app: &TestApp, token: &str) -> (u16, String) {
    let res = client().get(format!("{}/ical/{token}.ics", app.base)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn a_calendar_link_is_secret_not_stored_in_clear_and_revocable() {
    let app = spawn().await;
    let mette = app.signed_in("mette@demo.test").await;
    let (_, s) = json(app.call::<MyCalendar>(&mette, &[]).await).await;
    assert!(s["active_since"].is_null() && s["link"].is_null(), "{s}");

    let token = new_token(&app, &mette).await;
    assert!(token.len() >= 43, "at least 256 bits, base64");
    let (_, again) = json(app.call::<MyCalendar>(&mette, &[]).await).await;
    assert!(again["link"]["https"].as_str().unwrap().contains(&token), "the owner sees the same link again");
    assert!(again["active_since"].is_string());

    let (status, body) = feed(&app, &token).await;
    assert_eq!(status, 200);
    assert!(body.starts_with("BEGIN:VCALENDAR") && body.contains("SUMMARY:Samvær · Rum 1"), "{body}");
    for sensitive in ["Freja", "Oskar", "Nielsen", "Karen", "Legetøj", "Overvåget"] {
        assert!(!body.contains(sensitive), "{sensitive} must not be in the calendar");
    }
    sqlx::query("PRAGMA wal_checkpoint(FULL)").execute(&app.pool).await.unwrap();
    assert!(!contains(&app.database_bytes(), &token), "the token is not stored in clear");

    // A wrong or malformed token gives nothing.
    let mut wrong = token.clone().into_bytes();
    wrong[5] = if wrong[5] == b'A' { b'B' } else { b'A' };
    assert_eq!(feed(&app, std::str::from_utf8(&wrong).unwrap()).await.0, 404);
    assert_eq!(feed(&app, "abc").await.0, 404);

    // A new link replaces the old one; revoking stops it at once.
    let newer = new_token(&app, &mette).await;
    assert_eq!(feed(&app, &token).await.0, 404);
    assert_eq!(feed(&app, &newer).await.0, 200);
    assert_eq!(app.call::<RevokeCalendarLink>(&mette, &[]).await.status(), 200);
    assert_eq!(feed(&app, &newer).await.0, 404);

    // A link dies with its owner's access, and only parents may make one.
    let louise = app.signed_in("louise@demo.test").await;
    let hers = new_token(&app, &louise).await;
    assert_eq!(feed(&app, &hers).await.0, 200);
    sqlx::query("UPDATE users SET active = 0 WHERE email = 'louise@demo.test'").execute(&app.pool).await.unwrap();
    assert_eq!(feed(&app, &hers).await.0, 404);
    let karen = app.signed_in("konsulent@demo.test").await;
    assert_eq!(app.call::<CreateCalendarLink>(&karen, &[]).await.status(), 403);
}

#[tokio::test]
async fn a_feed_holds_only_the_owners_family() {
    let app = spawn().await;
    let louise = app.signed_in("louise@demo.test").await;
    let token = new_token(&app, &louise).await;
    let (_, body) = feed(&app, &token).await;
    let family: i64 = sqlx::query_scalar("SELECT family_id FROM persons WHERE email = 'louise@demo.test'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let uids: Vec<i64> = body
        .lines()
        .filter_map(|l| l.strip_prefix("UID:appointment-"))
        .map(|l| l.trim_end_matches("@samvaer").trim().parse().unwrap())
        .collect();
    assert!(!uids.is_empty());
    for id in uids {
        let f: i64 = sqlx::query_scalar("SELECT family_id FROM appointments WHERE id = ?")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(f, family);
    }
}

/// The last Sunday of `month` in the first year from `from` on where it lies ahead.
fn next_change(from: NaiveDate, month: u32) -> NaiveDate {
    (from.year()..from.year() + 2)
        .map(|y| {
            let first_next = if month == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(y, month + 1, 1)
            }
            .unwrap();
            let mut d = first_next - Days::new(1);
            while d.weekday() != Weekday::Sun {
                d = d - Days::new(1);
            }
            d
        })
        .find(|d| *d > from)
        .unwrap()
}

#[tokio::test]
async fn the_feed_parses_with_python_icalendar_and_keeps_local_times_across_daylight_saving() {
    let app = spawn().await;
    let mette = app.signed_in("mette@demo.test").await;
    let today = app::time::today(Utc::now());
    let mut checks = Vec::new();
    for month in [3, 10] {
        let change = next_change(today, month);
        // Saturday before and Sunday after the change, both at 10.00 and 16.30 local time.
        for (day, hour, minute) in [(change - Days::new(1), 10, 0), (change, 10, 0), (change + Days::new(6), 16, 30)] {
            let start = app::time::at_local(day, hour, minute).timestamp();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO appointments (centre_id, family_id, kind, visit_type, place_id, starts_at, ends_at, \
                 created_at, updated_at) SELECT f.centre_id, f.id, 'visit', 'supervised', 1, ?1, ?1 + 7200, 0, 0 \
                 FROM families f JOIN persons p ON p.family_id = f.id WHERE p.email = 'mette@demo.test' RETURNING id",
            )
            .bind(start)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            checks.push(format!("appointment-{id}@samvaer={day} {hour:02}:{minute:02}"));
        }
    }
    let token = new_token(&app, &mette).await;
    let (status, body) = feed(&app, &token).await;
    assert_eq!(status, 200);
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &body).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/check_ical.py");
    // scripts/setup.sh puts icalendar in a virtual environment under target/.
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/pyenv/bin/python3");
    let python = if std::path::Path::new(venv).exists() { venv } else { "python3" };
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(file.path())
        .args(&checks)
        .output()
        .expect("python3 runs (scripts/setup.sh installs its icalendar package in target/pyenv)");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "python icalendar check failed:\n{report}");
    assert!(report.contains("+01:00") && report.contains("+02:00"), "both sides of a change:\n{report}");
}
