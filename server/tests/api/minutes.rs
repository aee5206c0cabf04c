//! A meeting's agenda and minutes (issue 13, item 3): the agenda comes from the family's cases,
//! the minutes are written on the meeting's page, and the agreements in them become the standing
//! agreements the parents see. Who may read and write them, and a refusal that changes nothing.

use app::booking::api::CancelVisit;
use app::meetings::api::{ReadMinutes, WriteMinutes};
use app::portal::api::{MyVisits, Visit};
use chrono::{Days, TimeZone};
use serde_json::json as j;

use crate::case_course::scalar;
use crate::fixtures::centre_b;
use crate::helpers::{TestApp, json, spawn};

async fn meeting_of(app: &TestApp, code: &str, kind: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT a.id FROM appointments a JOIN families f ON f.id = a.family_id WHERE f.code = ? AND a.kind = ? \
         ORDER BY a.starts_at LIMIT 1",
    )
    .bind(code)
    .bind(kind)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

/// The family's agreements: (topic, body, from which meeting).
async fn agreements(app: &TestApp, code: &str) -> Vec<(String, String, Option<i64>)> {
    sqlx::query_as(
        "SELECT a.topic, a.body, a.from_appointment_id FROM family_agreements a JOIN families f ON f.id = a.family_id \
         WHERE f.code = ? ORDER BY a.topic, a.id",
    )
    .bind(code)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

fn form<'a>(id: &'a str, m: &'a serde_json::Value, toys: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![("id", id), ("wishes", "Lego og pandekager"), ("toured", "ja"), ("body", "Vi så stuen og haven.")];
    f.push(("seen", m["seen"].as_str().unwrap()));
    for a in m["agreements"].as_array().unwrap() {
        let topic = a[0].as_str().unwrap();
        f.push((topic, if topic == "toys" { toys } else { a[2].as_str().unwrap() }));
    }
    f
}

#[tokio::test]
async fn the_minutes_agreements_are_what_the_parents_see() {
    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let kickoff = meeting_of(&app, "F-01", "kickoff_meeting").await;
    let id = kickoff.to_string();
    let (status, m) = json(app.call::<ReadMinutes>(&lene, &[("id", &id)]).await).await;
    assert_eq!(status, 200, "{m}");
    assert_eq!(
        (m["agenda"]["kickoff"].clone(), m["can_write"].clone(), m["written"].clone()),
        (j!(true), j!(true), j!(null))
    );
    let names: Vec<&str> = m["agenda"]["children"].as_array().unwrap().iter().map(|c| c[0].as_str().unwrap()).collect();
    assert_eq!(names, ["Freja", "Oskar"], "{m}");
    // The first follow-up: the meeting's day and the case's rhythm (12 weeks in the demo).
    let starts: i64 = scalar(&app, &format!("SELECT starts_at FROM appointments WHERE id = {kickoff}")).await;
    let day = chrono_tz::Europe::Copenhagen.timestamp_opt(starts, 0).unwrap().date_naive();
    assert_eq!(m["agenda"]["next_followup_date"], j!((day + Days::new(84)).to_string()));
    let topics: Vec<&str> = m["agreements"].as_array().unwrap().iter().map(|a| a[0].as_str().unwrap()).collect();
    assert_eq!(topics, ["bring", "toys", "food", "practise", "goal"]);
    let before = agreements(&app, "F-01").await;
    assert!(before.iter().any(|a| a.0 == "toys" && a.1.starts_with("Legetøj finder vi frem")), "{before:?}");

    // One agreement changed: only it is replaced, marked with the meeting.
    let (status, n) = json(app.call::<WriteMinutes>(&lene, &form(&id, &m, "Duplo og billedbøger.")).await).await;
    assert_eq!((status, n), (200, j!(1)));
    // A second page opened before that save would undo it: refused, nothing changed.
    let stale = agreements(&app, "F-01").await;
    let (status, body) = json(app.call::<WriteMinutes>(&lene, &form(&id, &m, "Noget andet.")).await).await;
    assert_eq!(
        (status, body),
        (
            409,
            j!({"Conflict": "Aftalerne er ændret, siden du åbnede siden. Hent siden igen, og skriv dine ændringer ind igen."})
        )
    );
    assert_eq!(agreements(&app, "F-01").await, stale);
    let after = agreements(&app, "F-01").await;
    let toys: Vec<_> = after.iter().filter(|a| a.0 == "toys").collect();
    assert_eq!(toys, [&("toys".to_string(), "Duplo og billedbøger.".to_string(), Some(kickoff))]);
    let others = |v: &[(String, String, Option<i64>)]| v.iter().filter(|a| a.0 != "toys").cloned().collect::<Vec<_>>();
    assert_eq!(others(&after), others(&before), "the other agreements are left as they were");
    let (status, m) = json(app.call::<ReadMinutes>(&lene, &[("id", &id)]).await).await;
    assert_eq!(status, 200);
    assert_eq!((m["wishes"].clone(), m["toured"].clone()), (j!("Lego og pandekager"), j!(true)));
    assert!(m["written"].as_str().unwrap().starts_with("Skrevet af Lene Friis "), "{m}");

    // The parent reads the new agreement on the next visit's page, and not the old one.
    let mette = app.signed_in("mette@demo.test").await;
    let (_, visits) = json(app.call::<MyVisits>(&mette, &[]).await).await;
    let next = visits["next"]["id"].as_i64().unwrap().to_string();
    let (status, visit) = json(app.call::<Visit>(&mette, &[("id", &next)]).await).await;
    assert_eq!(status, 200);
    assert!(visit["agreements"].as_array().unwrap().contains(&j!(["Legetøj", "Duplo og billedbøger."])), "{visit}");
    assert!(!visit.to_string().contains("dukkehus"), "{visit}");
    // Saving again with no change changes no agreement; an emptied one is removed.
    let (status, n) = json(app.call::<WriteMinutes>(&lene, &form(&id, &m, "Duplo og billedbøger.")).await).await;
    assert_eq!((status, n), (200, j!(0)));
    let (status, n) = json(app.call::<WriteMinutes>(&lene, &form(&id, &m, "  ")).await).await;
    assert_eq!((status, n), (200, j!(1)));
    assert!(agreements(&app, "F-01").await.iter().all(|a| a.0 != "toys"));
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE subject_kind = 'meeting_minutes' AND subject_id = {kickoff} AND action = 'update'"
    );
    assert_eq!(scalar(&app, &audited).await, 3);
}

#[tokio::test]
async fn only_the_centres_staff_write_minutes_and_a_refusal_changes_nothing() {
    let app = spawn().await;
    let b = centre_b(&app).await;
    let follow = meeting_of(&app, "F-01", "followup_meeting").await;
    let id = follow.to_string();
    let lene = app.signed_in("koordinator@demo.test").await;
    let (_, m) = json(app.call::<ReadMinutes>(&lene, &[("id", &id)]).await).await;
    assert_eq!(m["agenda"]["kickoff"], j!(false));
    let before = agreements(&app, "F-01").await;
    let written = "SELECT COUNT(*) FROM meeting_minutes";
    let nothing = || async { (scalar(&app, written).await, agreements(&app, "F-01").await) };

    // A leader reads but does not write; a parent and a caseworker neither.
    let leader = app.signed_in("leder@demo.test").await;
    let (status, lm) = json(app.call::<ReadMinutes>(&leader, &[("id", &id)]).await).await;
    assert_eq!((status, lm["can_write"].clone()), (200, j!(false)));
    assert_eq!(app.call::<WriteMinutes>(&leader, &form(&id, &m, "Andet legetøj.")).await.status(), 403);
    for who in ["mette@demo.test", "raadgiver@demo.test"] {
        let c = app.signed_in(who).await;
        assert_eq!(app.call::<ReadMinutes>(&c, &[("id", &id)]).await.status(), 403, "{who}");
        assert_eq!(app.call::<WriteMinutes>(&c, &form(&id, &m, "Andet legetøj.")).await.status(), 403, "{who}");
    }
    // Another centre's coordinator, an hourly consultant not on it, a visit's id: not found.
    let other = app.signed_in(b.coordinator).await;
    let hourly = app.signed_in("timelonnet@demo.test").await;
    let visit = scalar(&app, "SELECT id FROM appointments WHERE kind = 'visit' LIMIT 1").await.to_string();
    for (c, target) in [(&other, &id), (&hourly, &id), (&lene, &visit)] {
        assert_eq!(app.call::<ReadMinutes>(c, &[("id", target)]).await.status(), 404);
        assert_eq!(app.call::<WriteMinutes>(c, &form(target, &m, "Andet legetøj.")).await.status(), 404);
    }
    // Too long: the field is named, and nothing is saved.
    let long = "x".repeat(2001);
    let (status, body) = json(app.call::<WriteMinutes>(&lene, &form(&id, &m, &long)).await).await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        j!({"Validation": {"toys": ["Aftalen om legetøj må højst være 2000 tegn. Forkort teksten, og gem igen."]}})
    );
    // A cancelled meeting takes no minutes.
    let cancel = [("id", id.as_str()), ("by", "centre"), ("reason", "Rådgiveren er syg.")];
    assert_eq!(app.call::<CancelVisit>(&lene, &cancel).await.status(), 200);
    let (status, body) = json(app.call::<WriteMinutes>(&lene, &form(&id, &m, "Andet legetøj.")).await).await;
    assert_eq!((status, body), (409, j!({"Conflict": "Mødet er aflyst, så der kan ikke skrives referat til det."})));
    assert_eq!(nothing().await, (0, before));
}
