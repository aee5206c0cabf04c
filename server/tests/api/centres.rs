//! One centre's staff never reach another centre's data: centre B's coordinator, leader,
//! permanent and hourly consultants and administrator call every server function that takes or
//! returns personal data, aimed at centre A's (the demo's) families, visits, places, consultants
//! and channels. Each answer is a refusal or carries none of A's names, addresses or codes, and
//! no row of the database changes (no notice is queued either).
//!
//! Left out, as they take no centre's data by role: sign-in, sign-out, `auth/me`, the language;
//! `booking/add_place` and `booking/availability` (they add to the caller's own centre); and the
//! link functions (`channels/link`, `send_code`, `verify_code`, `request_sign_in`), where the
//! token or the address, not the caller, is the authority. Setting up centres and places
//! (`setup/*`, administrators only) has its own test of a second centre's administrator in
//! `setup.rs`.

use std::collections::BTreeSet;

use app::admin::api::{CreateUser, DeactivateUser, ListUsers};
use app::auth::api::Me;
use app::booking::api::{
    BookVisit, CancelFollowing, CancelVisit, FindSlots, MoveFollowing, MoveVisit, MyAvailability, MyShifts,
    RecordOutcome, StaffVisit, UnstaffVisit, UnstaffedVisits, VisitHistory, WeekendCapacity,
};
use app::booking::board::api::{BookingBoard, BookingOptions, StaffAppointment};
use app::calendar::api::{CreateCalendarLink, MyCalendar, RevokeCalendarLink};
use app::cases::api::{
    AddDecision, ChangeTerms, CloseCase, ContinueCase, EndDecision, HandOverCase, MyCases, ReadCase, RecordConsent,
    SetRhythm,
};
use app::channels::api::{
    AddChannel, ChannelInbox, ChannelThread, CreateLink, ForgetDevice, MarkRead, PostMessage, RevokeLink,
};
use app::intake::api::{
    AcceptReferral, AnswerReferral, AskReferral, EnterCase, ReadReferral, ReferralOptions, Referrals, SendReferral,
};
use app::overview::api::WeekOverview;
use app::portal::api::{MyContacts, MyVisits, ReportCantCome, ReportDelay, Visit};
use reqwest::Client;

use crate::booking::monday;
use crate::fixtures::{CODE_B, CentreB, centre_b, names_of_centre, snapshot};
use crate::helpers::{DEMO_PASSWORD, TestApp, client, json, spawn};

/// The distinct server functions `every_function` calls.
const FUNCTIONS: usize = 55;
/// What a refusal may be: signed out, forbidden, not found, a conflict, invalid input.
const REFUSED: [u16; 5] = [401, 403, 404, 409, 422];
/// The account centre B's administrator tries to make at centre A.
const NEW_EMAIL: &str = "ny.medarbejder@havblik.test";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Coordinator,
    Leader,
    Permanent,
    Hourly,
    Admin,
}

struct Answer {
    function: &'static str,
    status: u16,
    body: String,
}

/// Form values: centre A's ids, and B's own where a call mixes the two.
struct Aim {
    centre: String,
    family: String,
    place: String,
    consultant: String,
    /// A case of F-01's (Freja's).
    case: String,
    /// A planned visit of F-01 a day or more ahead, and a consultant on it.
    appointment: String,
    on_it: String,
    /// A visit of F-01 that has begun and is still planned (an outcome can be recorded).
    begun: String,
    /// Mette's (F-01) channel, a link on it, a message in it from A's coordinator.
    channel: String,
    link: String,
    message: String,
    mette: String,
    today: String,
    later: String,
    b_family: String,
    b_place: String,
    b_channel: String,
    b_consultant: String,
    /// A referral to centre A from a caseworker.
    referral: String,
}

async fn id(app: &TestApp, sql: &str, bind: i64) -> String {
    let found: i64 =
        sqlx::query_scalar(sql).bind(bind).fetch_one(&app.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    found.to_string()
}

/// Centre A's ids, after its coordinator and Mette have written in Mette's channel and the
/// coordinator has sent Mette a link.
async fn aim(app: &TestApp, b: &CentreB) -> Aim {
    let lene = app.signed_in("koordinator@demo.test").await;
    assert_eq!(app.call::<ChannelInbox>(&lene, &[]).await.status(), 200, "channels exist before the snapshot");
    let f01: i64 =
        sqlx::query_scalar("SELECT id FROM families WHERE code = 'F-01'").fetch_one(&app.pool).await.unwrap();
    let channel_sql = "SELECT id FROM channels WHERE family_id = ? AND kind = 'family' ORDER BY id LIMIT 1";
    let channel = id(app, channel_sql, f01).await;
    let mette = app.signed_in("mette@demo.test").await;
    let (status, body) =
        json(app.call::<PostMessage>(&mette, &[("channel_id", &channel), ("text", "Vi glæder os")]).await).await;
    assert_eq!(status, 200, "{body}");
    let (status, message) =
        json(app.call::<PostMessage>(&lene, &[("channel_id", &channel), ("text", "Husk madpakke")]).await).await;
    assert_eq!(status, 200, "{message}");
    let mette_person = id(app, "SELECT id FROM persons WHERE user_id = ?", app.user_id("mette@demo.test").await).await;
    let (status, body) =
        json(app.call::<CreateLink>(&lene, &[("channel_id", &channel), ("person_id", &mette_person)]).await).await;
    assert_eq!(status, 200, "{body}");
    let appointment = id(
        app,
        "SELECT id FROM appointments a WHERE family_id = ? AND kind = 'visit' AND status = 'planned' \
         AND starts_at > strftime('%s', 'now') + 86400 AND EXISTS (SELECT 1 FROM appointment_staff s \
         WHERE s.appointment_id = a.id) ORDER BY starts_at LIMIT 1",
        f01,
    )
    .await;
    let today = app::time::today(chrono::Utc::now()).to_string();
    Aim {
        centre: id(app, "SELECT centre_id FROM families WHERE id = ?", f01).await,
        family: f01.to_string(),
        place: id(app, "SELECT place_id FROM appointments WHERE id = ?", appointment.parse().unwrap()).await,
        consultant: app.user_id("konsulent@demo.test").await.to_string(),
        case: id(app, "SELECT cs.id FROM cases cs JOIN children c ON c.id = cs.child_id WHERE c.family_id = ? ORDER BY cs.id LIMIT 1", f01).await,
        on_it: id(
            app,
            "SELECT min(user_id) FROM appointment_staff WHERE appointment_id = ?",
            appointment.parse().unwrap(),
        )
        .await,
        appointment,
        begun: id(
            app,
            "UPDATE appointments SET status = 'planned' WHERE id = (SELECT id FROM appointments WHERE family_id = ? \
             AND kind = 'visit' AND status = 'held' ORDER BY starts_at DESC LIMIT 1) RETURNING id",
            f01,
        )
        .await,
        link: id(app, "SELECT max(id) FROM channel_links WHERE channel_id = ?", channel.parse().unwrap()).await,
        channel,
        message: message.as_i64().expect("a message id").to_string(),
        mette: mette_person,
        today,
        later: monday(6),
        b_family: b.family_id.to_string(),
        b_place: b.place_id.to_string(),
        b_channel: id(app, channel_sql, b.family_id).await,
        b_consultant: b.consultant_id.to_string(),
        referral: {
            let anders = app.signed_in("raadgiver@demo.test").await;
            let centre = id(app, "SELECT centre_id FROM families WHERE id = ?", f01).await;
            let form = crate::intake::pair(&centre);
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let (status, referral) = json(app.call::<SendReferral>(&anders, &pairs).await).await;
            assert_eq!(status, 200, "{referral}");
            referral.to_string()
        },
    }
}

/// Every server function once (a few twice, mixing A's and B's ids), as one signed-in client.
async fn every_function(app: &TestApp, c: &Client, t: &Aim, who: Who) -> Vec<Answer> {
    let mut out = Vec::new();
    macro_rules! call {
        ($f:ty $(, $k:literal => $v:expr)* $(,)?) => {{
            let res = app.call::<$f>(c, &[$(($k, AsRef::<str>::as_ref(&$v))),*]).await;
            let status = res.status().as_u16();
            out.push(Answer { function: stringify!($f), status, body: res.text().await.unwrap() });
        }};
    }
    call!(WeekOverview);
    call!(ListUsers);
    call!(CreateUser, "full_name" => "Ny Medarbejder", "email" => NEW_EMAIL, "role" => "consultant",
        "password" => DEMO_PASSWORD, "employment" => "permanent", "centre_id" => t.centre);
    call!(DeactivateUser, "user_id" => t.consultant);
    call!(MyCases);
    call!(ReadCase, "id" => t.case);
    call!(CloseCase, "id" => t.case, "reason" => "Ikke vores sag.");
    call!(ContinueCase, "id" => t.case, "from" => "2027-01-01", "to" => "2027-06-30");
    call!(RecordConsent, "id" => t.case, "party" => "barn", "given" => "false", "on" => t.today);
    call!(HandOverCase, "id" => t.case, "caseworker_id" => "1");
    call!(SetRhythm, "id" => t.case, "followup_weeks" => "4");
    call!(AddDecision, "id" => t.case, "kind" => "suspension", "from" => t.today, "to" => t.later, "note" => "");
    call!(EndDecision, "id" => t.case, "decision" => "1", "to" => t.later);
    call!(ChangeTerms, "id" => t.case, "visit_type" => "supervised", "from" => t.today, "to" => t.later,
        "frequency_weeks" => "1", "visit_minutes" => "60", "conditions" => "");
    call!(ReferralOptions);
    call!(Referrals);
    call!(ReadReferral, "id" => t.referral);
    call!(AskReferral, "id" => t.referral, "text" => "Hvem er I?");
    call!(AnswerReferral, "id" => t.referral, "text" => "Ingen.");
    call!(AcceptReferral, "id" => t.referral, "consultant_id" => "");
    call!(SendReferral, "referral[centre_id]" => t.centre);
    call!(EnterCase, "referral[centre_id]" => t.centre, "caseworker_id" => "1", "consultant_id" => "");
    call!(BookingBoard, "date" => t.today, "view" => "uge");
    call!(BookingBoard, "date" => t.today, "view" => "konsulenter");
    call!(StaffAppointment, "id" => t.appointment);
    call!(BookingOptions);
    call!(BookVisit, "family_id" => t.family, "place_id" => t.place, "staff_ids" => t.consultant,
        "date" => t.later, "time" => "10:00", "minutes" => "60");
    call!(BookVisit, "family_id" => t.b_family, "place_id" => t.place, "date" => t.later, "time" => "10:00",
        "minutes" => "60");
    call!(BookVisit, "family_id" => t.b_family, "place_id" => t.b_place, "staff_ids" => t.consultant,
        "date" => t.later, "time" => "12:00", "minutes" => "60");
    call!(MoveVisit, "id" => t.appointment, "date" => t.later, "time" => "14:00");
    call!(MoveFollowing, "id" => t.appointment, "date" => t.later, "time" => "14:00");
    call!(CancelFollowing, "id" => t.appointment, "by" => "centre", "reason" => "Lukket");
    call!(CancelVisit, "id" => t.appointment, "by" => "centre", "reason" => "Lukket");
    call!(RecordOutcome, "id" => t.begun, "outcome" => "held");
    call!(VisitHistory, "id" => t.appointment);
    call!(MyAvailability);
    call!(StaffVisit, "id" => t.appointment, "staff_id" => t.b_consultant);
    call!(UnstaffVisit, "id" => t.appointment, "staff_id" => t.on_it);
    call!(UnstaffedVisits);
    call!(MyShifts);
    call!(FindSlots, "family_id" => t.family, "minutes" => "60", "from" => t.today);
    call!(FindSlots, "family_id" => t.b_family, "minutes" => "60", "from" => t.today, "staff_id" => t.consultant);
    call!(WeekendCapacity);
    call!(ChannelInbox);
    call!(ChannelThread, "id" => t.channel);
    call!(PostMessage, "channel_id" => t.channel, "text" => "Hej fra et andet center");
    call!(PostMessage, "channel_id" => t.b_channel, "text" => "Rettelse", "corrects" => t.message);
    call!(CreateLink, "channel_id" => t.channel, "person_id" => t.mette);
    call!(CreateLink, "channel_id" => t.b_channel, "person_id" => t.mette);
    call!(RevokeLink, "channel_id" => t.channel, "link_id" => t.link);
    call!(RevokeLink, "channel_id" => t.b_channel, "link_id" => t.link);
    call!(AddChannel, "channel_id" => t.channel, "title" => "Plejefamilien");
    call!(MarkRead, "channel_id" => t.channel);
    call!(MyCalendar);
    call!(CreateCalendarLink);
    call!(RevokeCalendarLink);
    call!(MyVisits);
    call!(Visit, "id" => t.appointment);
    call!(ReportDelay, "id" => t.appointment, "minutes" => "10");
    call!(ReportCantCome, "id" => t.appointment, "message" => "Syg");
    call!(MyContacts);
    // Still signed in, so no answer above was a refusal for want of a session.
    let (status, me) = json(app.call::<Me>(c, &[]).await).await;
    assert!(status == 200 && !me.is_null(), "{who:?} is still signed in: {me}");
    // Last: forgetting a device may end the session.
    call!(ForgetDevice);
    out
}

/// What a role must get, where more is known than "a refusal, or 200 without A's data".
fn required(who: Who, function: &str) -> Option<&'static [u16]> {
    use Who::*;
    match (function, who) {
        ("WeekOverview" | "BookingBoard", Admin) => Some(&[403]),
        ("WeekOverview" | "ChannelInbox", Coordinator) => Some(&[200]),
        ("ListUsers", Admin) => Some(&[200]),
        ("CreateUser", Admin) => Some(&[422]),
        ("ListUsers" | "CreateUser", _) => Some(&[403]),
        ("ChannelThread", Leader | Admin) => Some(&[403, 404]),
        ("ChannelThread", _) => Some(&[404]),
        // Their own centre's cases only (B's own are in the list, checked for A's names).
        ("MyCases", Coordinator | Leader) => Some(&[200]),
        ("ReadCase", Coordinator | Leader)
        | (
            "CloseCase" | "ContinueCase" | "RecordConsent" | "AddDecision" | "EndDecision" | "ChangeTerms"
            | "HandOverCase" | "SetRhythm",
            Coordinator,
        ) => Some(&[404]),
        (
            "ReadCase" | "CloseCase" | "ContinueCase" | "RecordConsent" | "AddDecision" | "EndDecision" | "ChangeTerms"
            | "HandOverCase" | "SetRhythm",
            _,
        ) => Some(&[403]),
        ("ReferralOptions" | "Referrals", Coordinator) => Some(&[200]),
        ("ReadReferral" | "AskReferral" | "AcceptReferral", Coordinator) => Some(&[404]),
        ("EnterCase", Coordinator) => Some(&[422]),
        (
            "ReferralOptions" | "Referrals" | "ReadReferral" | "AskReferral" | "AcceptReferral" | "EnterCase"
            | "AnswerReferral" | "SendReferral",
            _,
        ) => Some(&[403]),
        (
            "MyCases" | "MyCalendar" | "CreateCalendarLink" | "RevokeCalendarLink" | "MyVisits" | "Visit"
            | "ReportDelay" | "ReportCantCome" | "MyContacts",
            _,
        ) => Some(&[403]),
        _ => None,
    }
}

fn head(body: &str) -> String {
    body.chars().take(300).collect()
}

#[tokio::test]
async fn another_centres_staff_reach_none_of_this_centres_data_through_any_server_function() {
    let app = spawn().await;
    let b = centre_b(&app).await;
    let t = aim(&app, &b).await;
    let names = names_of_centre(&app, t.centre.parse().unwrap()).await;
    let b_staff: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE centre_id = ?")
        .bind(b.centre_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(b_staff >= 4, "centre B has its own staff");
    let roles = [
        (Who::Coordinator, b.coordinator),
        (Who::Leader, b.leader),
        (Who::Permanent, b.consultant),
        (Who::Hourly, b.hourly),
        (Who::Admin, b.admin),
    ];
    let mut clients = Vec::new();
    for (who, email) in roles {
        clients.push((who, app.signed_in(email).await));
    }
    // B's coordinator reaches B's own appointment: the refusals below are about the centre.
    let own = b.appointment_id.to_string();
    assert_eq!(app.call::<StaffAppointment>(&clients[0].1, &[("id", &own)]).await.status(), 200);

    let before = snapshot(&app).await;
    let mut answers = Vec::new();
    for (who, c) in &clients {
        answers.extend(every_function(&app, c, &t, *who).await.into_iter().map(|a| (*who, a)));
    }
    let after = snapshot(&app).await;

    let functions: BTreeSet<&str> = answers.iter().map(|(_, a)| a.function).collect();
    assert_eq!(functions.len(), FUNCTIONS, "{functions:?}");
    assert!(answers.len() >= FUNCTIONS * roles.len(), "{} calls", answers.len());
    let mut failures = Vec::new();
    for (who, a) in &answers {
        // A refusal that names A's data leaks it too, so every body is searched.
        let leaked: Vec<&str> = names.iter().map(String::as_str).filter(|n| a.body.contains(n)).collect();
        let allowed = match required(*who, a.function) {
            Some(statuses) => statuses.contains(&a.status),
            None => a.status == 200 || REFUSED.contains(&a.status),
        };
        if !allowed || !leaked.is_empty() {
            failures.push(format!("{who:?} {}: {} leaked {leaked:?}: {}", a.function, a.status, head(&a.body)));
        }
        let proves_reading = matches!((who, a.function), (Who::Coordinator, "WeekOverview" | "ChannelInbox"));
        if proves_reading && !a.body.contains(CODE_B) {
            failures.push(format!("{who:?} {} does not show B's own {CODE_B}: {}", a.function, head(&a.body)));
        }
    }
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (table, rows) in &before {
        let now = &after[table];
        if rows != now {
            let gone: Vec<&String> = rows.iter().filter(|r| !now.contains(r)).take(3).collect();
            let new: Vec<&String> = now.iter().filter(|r| !rows.contains(r)).take(3).collect();
            failures.push(format!("table {table} changed: gone {gone:?}, new {new:?}"));
        }
    }
    let made: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = ?")
        .bind(NEW_EMAIL)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    if made != 0 {
        failures.push("B's administrator made an account at centre A".into());
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn another_centres_parent_reaches_neither_this_centres_visits_nor_its_channels() {
    let app = spawn().await;
    let b = centre_b(&app).await;
    let t = aim(&app, &b).await;
    let names = names_of_centre(&app, t.centre.parse().unwrap()).await;
    let bodil = app.signed_in(b.parent).await;
    for (name, res) in [
        ("thread", app.call::<ChannelThread>(&bodil, &[("id", &t.channel)]).await),
        ("visit", app.call::<Visit>(&bodil, &[("id", &t.appointment)]).await),
        ("delay", app.call::<ReportDelay>(&bodil, &[("id", &t.appointment), ("minutes", "10")]).await),
    ] {
        let (status, body) = (res.status().as_u16(), res.text().await.unwrap());
        assert_eq!(status, 404, "{name}: {body}");
        assert!(names.iter().all(|n| !body.contains(n.as_str())), "{name}: {body}");
    }
    // Her own thread and visits: hers, with nothing of centre A's.
    for (name, res) in [
        ("own thread", app.call::<ChannelThread>(&bodil, &[]).await),
        ("own visits", app.call::<MyVisits>(&bodil, &[]).await),
    ] {
        let (status, body) = (res.status().as_u16(), res.text().await.unwrap());
        assert_eq!(status, 200, "{name}: {body}");
        let leaked: Vec<&String> = names.iter().filter(|n| body.contains(n.as_str())).collect();
        assert!(leaked.is_empty(), "{name}: {leaked:?} in {body}");
    }
}

#[tokio::test]
async fn a_centres_administrator_makes_administrators_of_that_centre_only() {
    let app = spawn().await;
    let b = centre_b(&app).await;
    let admin = app.signed_in(b.admin).await;
    let form = [
        ("full_name", "Ny Administrator"),
        ("email", "ny.admin@havblik.test"),
        ("role", "admin"),
        ("password", "en-lang-adgangskode"),
    ];
    let (status, body) = json(app.call::<CreateUser>(&admin, &form).await).await;
    assert_eq!(status, 200, "{body}");
    let centre: Option<i64> = sqlx::query_scalar(
        "SELECT s.centre_id FROM staff s JOIN users u ON u.id = s.user_id WHERE u.email = 'ny.admin@havblik.test'",
    )
    .fetch_optional(&app.pool)
    .await
    .unwrap();
    assert_eq!(centre, Some(b.centre_id), "the new administrator belongs to the same centre");
    let new_admin = client();
    assert_eq!(app.sign_in(&new_admin, "ny.admin@havblik.test", "en-lang-adgangskode").await.status(), 200);
    let (status, users) = json(app.call::<ListUsers>(&new_admin, &[]).await).await;
    assert_eq!(status, 200);
    assert!(users.to_string().contains("havblik.test"), "{users}");
    for first_centre in ["mette@demo.test", "konsulent@demo.test", "koordinator@demo.test", "admin@demo.test"] {
        assert!(!users.to_string().contains(first_centre), "{first_centre} of the first centre: {users}");
    }
}
