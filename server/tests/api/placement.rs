//! The placement as a partner (issue 13, item 6): a channel with a child's placement, its link
//! holder sees the child's visits and writes hand-over notes before and after; the consultant
//! reads them on the visit; the parents never see them; a note that does not fit is refused and
//! stores nothing.

use app::booking::board::api::StaffAppointment;
use app::channels::api::{AddChannel, ChannelThread, CreateLink, PostMessage, SendCode, VerifyCode};
use app::placement::api::{PlacementVisits, WriteHandover};
use app::portal::api::Visit;
use reqwest::Client;
use serde_json::{Value, json as j};

use crate::case_course::scalar;
use crate::channels::{after, family_channel, nth_mail_to};
use crate::helpers::{TestApp, client, contains, json, spawn};

/// A participant channel for the family `code` (with the placement of `child`, when given) and a
/// device confirmed on a link to it: (device, channel id).
async fn participant_device(
    app: &TestApp,
    staff: &Client,
    code: &str,
    child: Option<&str>,
    email: &str,
) -> (Client, i64) {
    let family = family_channel(app, code).await.to_string();
    let child_id = match child {
        Some(name) => scalar(app, &format!("SELECT id FROM children WHERE first_name = '{name}'")).await.to_string(),
        None => String::new(),
    };
    let form = [("channel_id", family.as_str()), ("title", "Plejefamilien Strand"), ("child_id", &child_id)];
    let (status, channel) = json(app.call::<AddChannel>(staff, &form).await).await;
    assert_eq!(status, 200, "{channel}");
    let channel = channel.as_i64().unwrap();
    let ch = channel.to_string();
    // A phone of its own for each link, so each code is found.
    let phone = if child.is_some() { "20 30 40 77" } else { "20 30 40 78" };
    let fields =
        [("channel_id", ch.as_str()), ("name", "Rikke Strand"), ("email", email), ("phone", phone), ("via", "email")];
    let (status, body) = json(app.call::<CreateLink>(staff, &fields).await).await;
    assert_eq!(status, 200, "{body}");
    let invite = nth_mail_to(app, 1, email, "/k/").await;
    let token = after(&invite, "/k/").to_string();
    let device = client();
    assert_eq!(app.call::<SendCode>(&device, &[("token", &token)]).await.status(), 200);
    let sms = app.sms_to(phone, "Din kode").await;
    let code = after(&sms, "samværscentret er ").trim_end_matches('.').to_string();
    let (status, to) = json(app.call::<VerifyCode>(&device, &[("token", &token), ("code", &code)]).await).await;
    assert_eq!((status, to), (200, j!("/kanal")));
    (device, channel)
}

fn with_phase<'a>(view: &'a Value, phase: &str) -> Option<&'a Value> {
    view["visits"].as_array().unwrap().iter().find(|v| v["phases"].as_array().unwrap().iter().any(|p| p[0] == phase))
}

#[tokio::test]
async fn the_placement_writes_notes_the_consultant_reads_and_the_parents_never_see() {
    let app = spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let (device, channel) = participant_device(&app, &karen, "F-01", Some("Freja"), "pleje.strand@demo.test").await;
    let (status, view) = json(app.call::<PlacementVisits>(&device, &[]).await).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["child"], "Freja");
    // Exactly Freja's visits from about two weeks back to eight weeks ahead.
    let want = scalar(
        &app,
        "SELECT COUNT(*) FROM appointments a JOIN appointment_children ac ON ac.appointment_id = a.id \
         JOIN children c ON c.id = ac.child_id WHERE c.first_name = 'Freja' AND a.kind = 'visit' \
         AND a.starts_at >= unixepoch() - 15 * 86400 AND a.starts_at <= unixepoch() + 56 * 86400",
    )
    .await;
    assert!(want > 1);
    assert_eq!(view["visits"].as_array().unwrap().len() as i64, want, "{view}");
    assert!(view["visits"][0]["handover"].as_str().unwrap().starts_with("Aflevering kl. "), "{view}");

    // Before the next visit, and after one held.
    let next = with_phase(&view, "before").expect("a coming visit")["id"].as_i64().unwrap().to_string();
    let held = with_phase(&view, "after").expect("a visit in the last two weeks")["id"].as_i64().unwrap().to_string();
    let note = [("id", next.as_str()), ("phase", "before"), ("body", "Freja sov dårligt, men glæder sig.")];
    assert_eq!(app.call::<WriteHandover>(&device, &note).await.status(), 200);
    let note = [("id", held.as_str()), ("phase", "after"), ("body", "Stille om aftenen.")];
    assert_eq!(app.call::<WriteHandover>(&device, &note).await.status(), 200);
    let (_, view) = json(app.call::<PlacementVisits>(&device, &[]).await).await;
    let notes: Vec<String> = view["visits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| v["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()))
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes.iter().any(|n| n.starts_with("Før samværet ") && n.ends_with(": Freja sov dårligt, men glæder sig."))
    );
    // A note is tied to its visit: it is not corrected in the thread.
    let note_id = scalar(&app, "SELECT message_id FROM handover_notes ORDER BY message_id LIMIT 1").await.to_string();
    let fix = [("channel_id", channel.to_string()), ("text", "Rettet.".to_string()), ("corrects", note_id)];
    let fix: Vec<(&str, &str)> = fix.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = json(app.call::<PostMessage>(&device, &fix).await).await;
    assert_eq!(
        (status, body),
        (409, j!({"Conflict": "En note til et samvær kan ikke rettes. Skriv en ny note til samværet."}))
    );

    // The consultant reads it on the visit.
    let (status, appt) = json(app.call::<StaffAppointment>(&karen, &[("id", &next)]).await).await;
    assert_eq!(status, 200);
    assert_eq!(appt["handovers"].as_array().unwrap().len(), 1, "{appt}");
    assert!(appt["handovers"][0][0].as_str().unwrap().starts_with("Rikke Strand, Plejefamilien Strand · "));
    assert!(appt["handovers"][0][1].as_str().unwrap().ends_with("Freja sov dårligt, men glæder sig."));
    // The parent's visit page and thread never carry it, and the note is sealed at rest.
    let mette = app.signed_in("mette@demo.test").await;
    let (status, visit) = json(app.call::<Visit>(&mette, &[("id", &next)]).await).await;
    assert_eq!(status, 200);
    let (_, thread) = json(app.call::<ChannelThread>(&mette, &[]).await).await;
    for text in [visit.to_string(), thread.to_string()] {
        assert!(!text.contains("sov dårligt") && !text.contains("Stille om aftenen"), "{text}");
    }
    assert!(!contains(&app.database_bytes(), "sov dårligt"));
    let audited =
        "SELECT COUNT(*) FROM audit_log WHERE subject_kind = 'placement_visits' AND actor_link_id IS NOT NULL";
    assert_eq!(scalar(&app, audited).await, 2);
}

#[tokio::test]
async fn a_note_that_does_not_fit_is_refused_and_stores_nothing() {
    let app = spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let (device, _) = participant_device(&app, &karen, "F-01", Some("Freja"), "pleje.strand@demo.test").await;
    let (_, view) = json(app.call::<PlacementVisits>(&device, &[]).await).await;
    let coming =
        view["visits"].as_array().unwrap().iter().rev().find(|v| v["phases"] == j!([["before", "Før samværet"]]));
    let coming = coming.expect("a visit not begun")["id"].as_i64().unwrap().to_string();
    let count = || scalar(&app, "SELECT COUNT(*) FROM handover_notes");
    let messages = "SELECT COUNT(*) FROM messages";
    let before = scalar(&app, messages).await;

    // After a visit that has not begun; empty; another family's visit; a bad phase.
    let (status, body) =
        json(app.call::<WriteHandover>(&device, &[("id", &coming), ("phase", "after"), ("body", "Godt.")]).await).await;
    assert_eq!(
        (status, body),
        (409, j!({"Conflict": "En note efter samværet kan skrives fra samværets start og to uger frem."}))
    );
    let (status, body) =
        json(app.call::<WriteHandover>(&device, &[("id", &coming), ("phase", "before"), ("body", "  ")]).await).await;
    assert_eq!((status, body), (422, j!({"Validation": {"body": ["Skriv noten, før du sender den."]}})));
    let other = scalar(
        &app,
        "SELECT a.id FROM appointments a JOIN families f ON f.id = a.family_id WHERE f.code = 'F-02' AND a.kind = 'visit' \
         AND a.status = 'planned' AND a.starts_at > unixepoch() LIMIT 1",
    )
    .await
    .to_string();
    let form = [("id", other.as_str()), ("phase", "before"), ("body", "Godt.")];
    assert_eq!(app.call::<WriteHandover>(&device, &form).await.status(), 404);
    let form = [("id", coming.as_str()), ("phase", "under"), ("body", "Godt.")];
    assert_eq!(app.call::<WriteHandover>(&device, &form).await.status(), 422);
    // Staff and parents write no hand-over notes; a link to a channel not with a placement
    // sees no visits.
    let mette = app.signed_in("mette@demo.test").await;
    let form = [("id", coming.as_str()), ("phase", "before"), ("body", "Godt.")];
    for c in [&karen, &mette] {
        assert_eq!(app.call::<WriteHandover>(c, &form).await.status(), 403);
        assert_eq!(app.call::<PlacementVisits>(c, &[]).await.status(), 403);
    }
    let (plain, _) = participant_device(&app, &karen, "F-01", None, "raadgiver.privat@demo.test").await;
    let (status, view) = json(app.call::<PlacementVisits>(&plain, &[]).await).await;
    assert_eq!((status, view), (200, j!(null)));
    assert_eq!(app.call::<WriteHandover>(&plain, &form).await.status(), 403);
    assert_eq!((count().await, scalar(&app, messages).await), (0, before));

    // A child of another family cannot be a channel's placement child.
    let f01 = family_channel(&app, "F-01").await.to_string();
    let emil = scalar(&app, "SELECT id FROM children WHERE first_name = 'Emil'").await.to_string();
    let form = [("channel_id", f01.as_str()), ("title", "Plejefamilien X"), ("child_id", &emil)];
    let (status, body) = json(app.call::<AddChannel>(&karen, &form).await).await;
    assert_eq!((status, body), (422, j!({"Validation": {"child_id": ["Vælg et af familiens børn."]}})));
}
