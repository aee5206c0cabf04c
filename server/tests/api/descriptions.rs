//! Written descriptions (issue 14): what a visit's outcome makes due, writing them together,
//! sending and locking, corrections as new versions, the parents' reading, the caseworker's
//! notice and PDF, and stopping a visit early. Refusals are read back from the database.

use app::booking::api::RecordOutcome;
use app::descriptions::api::{
    CommentDescription, CorrectDescription, PageDescriptions, ReadDescription, SaveDescription, SendDescription,
    StopVisit,
};
use app::descriptions::fingerprint;
use app::descriptions::workdays::add_working_days;
use chrono::Utc;
use serde_json::json as j;

use crate::channels::mail_to;
use crate::helpers::{TestApp, json};

async fn scalar<T>(app: &TestApp, sql: &str, id: i64) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + Send + Unpin,
{
    sqlx::query_scalar(sql).bind(id).fetch_one(&app.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A visit of family `code` that began 30 minutes ago (90 minutes long) with all its children,
/// staffed by `staff`, of the family's case's type.
pub(crate) async fn begun(app: &TestApp, code: &str, staff: &[&str]) -> i64 {
    let now = Utc::now().timestamp();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO appointments (centre_id, family_id, kind, visit_type, place_id, starts_at, ends_at, status, \
         created_at, updated_at) SELECT f.centre_id, f.id, 'visit', (SELECT k.visit_type FROM cases k JOIN children c \
         ON c.id = k.child_id WHERE c.family_id = f.id LIMIT 1), (SELECT MIN(p.id) FROM places p WHERE \
         p.centre_id = f.centre_id), ?1, ?2, 'planned', ?1, ?1 FROM families f WHERE f.code = ?3 RETURNING id",
    )
    .bind(now - 1800)
    .bind(now + 3600)
    .bind(code)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO appointment_children (appointment_id, child_id) SELECT ?, c.id FROM children c \
         JOIN families f ON f.id = c.family_id WHERE f.code = ?",
    )
    .bind(id)
    .bind(code)
    .execute(&app.pool)
    .await
    .unwrap();
    for email in staff {
        sqlx::query("INSERT INTO appointment_staff (appointment_id, user_id) SELECT ?, id FROM users WHERE email = ?")
            .bind(id)
            .bind(email)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    id
}

/// Records `outcome` ("held", "no_show", ...) for `visit` as `c`; the answer's status.
pub(crate) async fn record(app: &TestApp, c: &reqwest::Client, visit: i64, outcome: &str) -> u16 {
    let id = visit.to_string();
    app.call::<RecordOutcome>(c, &[("id", id.as_str()), ("outcome", outcome)]).await.status().as_u16()
}

/// The description of a visit: (id, version, state, short, due) of its latest version.
async fn description_of(app: &TestApp, visit: i64) -> Option<(i64, i64, String, bool, String)> {
    sqlx::query_as(
        "SELECT id, version, state, short, due_on FROM descriptions WHERE appointment_id = ? ORDER BY version DESC LIMIT 1",
    )
    .bind(visit)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
}

async fn field(app: &TestApp, id: i64, key: &str) -> String {
    sqlx::query_scalar("SELECT body FROM description_sections WHERE description_id = ? AND field = ?")
        .bind(id)
        .bind(key)
        .fetch_optional(&app.pool)
        .await
        .unwrap()
        .unwrap_or_default()
}

/// A save of one field as the form posts it: started from `shown` at `rev`.
fn edit<'a>(id: &'a str, key: &str, text: &'a str, rev: &'a str, shown: &'a str) -> Vec<(String, String)> {
    vec![
        ("id".into(), id.into()),
        (format!("text[{key}]"), text.into()),
        (format!("rev[{key}]"), rev.into()),
        (format!("seen[{key}]"), fingerprint(shown)),
    ]
}

async fn save(app: &TestApp, c: &reqwest::Client, form: &[(String, String)]) -> (u16, serde_json::Value) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    json(app.call::<SaveDescription>(c, &pairs).await).await
}

async fn caseworker_of(app: &TestApp, code: &str) -> String {
    sqlx::query_scalar(
        "SELECT u.email FROM users u JOIN cases k ON k.caseworker_id = u.id JOIN children c ON c.id = k.child_id \
         JOIN families f ON f.id = c.family_id WHERE f.code = ? LIMIT 1",
    )
    .bind(code)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_outcome_makes_a_description_due_by_the_rule() {
    let app = crate::helpers::spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let today = app::time::today(Utc::now());
    let due = add_working_days(today, 3).to_string();
    // Supervised (F-04): held makes a full one due in 3 working days.
    let supervised = begun(&app, "F-04", &["konsulent@demo.test"]).await;
    assert_eq!(record(&app, &karen, supervised, "held").await, 200);
    let (_, version, state, short, on) = description_of(&app, supervised).await.expect("due");
    assert_eq!((version, state.as_str(), short, on.as_str()), (1, "draft", false, due.as_str()));
    // Recorded again as a no-show: the same description, now short.
    assert_eq!(record(&app, &karen, supervised, "no_show").await, 200);
    let count: i64 = scalar(&app, "SELECT COUNT(*) FROM descriptions WHERE appointment_id = ?", supervised).await;
    assert_eq!((count, description_of(&app, supervised).await.unwrap().3), (1, true));
    // Supported without the parents' yes (F-05): nothing due. With it (F-02, the demo's yes): due.
    for (code, wanted) in [("F-05", false), ("F-02", true)] {
        let visit = begun(&app, code, &["koordinator@demo.test"]).await;
        assert_eq!(record(&app, &lene, visit, "held").await, 200, "{code}");
        assert_eq!(description_of(&app, visit).await.is_some(), wanted, "{code}");
    }
}

#[tokio::test]
async fn two_consultants_writing_at_once_lose_nothing() {
    let app = crate::helpers::spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let mads = app.signed_in("mads.winther@demo.test").await;
    let visit = begun(&app, "F-04", &["konsulent@demo.test", "mads.winther@demo.test"]).await;
    assert_eq!(record(&app, &karen, visit, "held").await, 200);
    let id = description_of(&app, visit).await.unwrap().0;
    let sid = id.to_string();
    // Both start from the empty field at revision 0 and save at the same moment.
    let (mine, theirs) = ("Lucas kom glad ind.", "Lucas var stille i starten.");
    let a = edit(&sid, "course", mine, "0", "");
    let b = edit(&sid, "course", theirs, "0", "");
    let ((sa, ra), (sb, rb)) = tokio::join!(save(&app, &karen, &a), save(&app, &mads, &b));
    assert_eq!((sa, sb), (200, 200), "{ra} {rb}");
    let stored = field(&app, id, "course").await;
    assert!(stored.contains(mine) && stored.contains(theirs), "{stored}");
    // The second one is told, by the field's name.
    let merged: Vec<&serde_json::Value> = [&ra, &rb].into_iter().filter(|r| r["merged"] != j!([])).collect();
    assert_eq!(merged.len(), 1, "{ra} {rb}");
    assert_eq!(merged[0]["merged"], j!(["Forløbet"]));
    // Different fields at once: both kept, no merge.
    let a = edit(&sid, "mood", "Glad.", "0", "");
    let b = edit(&sid, "farewell", "Et kram ved døren.", "0", "");
    let ((sa, ra), (sb, rb)) = tokio::join!(save(&app, &karen, &a), save(&app, &mads, &b));
    assert_eq!((sa, sb, ra["merged"].clone(), rb["merged"].clone()), (200, 200, j!([]), j!([])));
    assert_eq!(
        (field(&app, id, "mood").await, field(&app, id, "farewell").await),
        ("Glad.".into(), "Et kram ved døren.".into())
    );
    // A field posted unchanged from an old page (its fingerprint as shown) leaves the stored text.
    let (status, _) = save(&app, &mads, &edit(&sid, "mood", "", "0", "")).await;
    assert_eq!((status, field(&app, id, "mood").await), (200, "Glad.".into()));
}

#[tokio::test]
async fn a_sent_description_is_locked_and_corrected_only_by_a_new_version() {
    let app = crate::helpers::spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let visit = begun(&app, "F-04", &["konsulent@demo.test"]).await;
    assert_eq!(record(&app, &karen, visit, "held").await, 200);
    let id = description_of(&app, visit).await.unwrap().0;
    let sid = id.to_string();
    // Nothing written about the course: refused, still a draft.
    let (status, body) = json(app.call::<SendDescription>(&karen, &[("id", &sid)]).await).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(description_of(&app, visit).await.unwrap().2, "draft");
    let text = "Lucas sagde: „Jeg savner dig, far.“ Far gav ham et kram.";
    assert_eq!(save(&app, &karen, &edit(&sid, "course", text, "0", "")).await.0, 200);
    let (status, body) = json(app.call::<SendDescription>(&karen, &[("id", &sid)]).await).await;
    assert_eq!((status, body), (200, j!("sendt")));
    assert_eq!(description_of(&app, visit).await.unwrap().2, "sent");
    // Locked: a save is refused and the text is as sent.
    let (status, _) = save(&app, &karen, &edit(&sid, "course", "Ændret bagefter.", "1", text)).await;
    assert_eq!((status, field(&app, id, "course").await), (409, text.to_string()));
    // The caseworker's notice: a link, never the text.
    let caseworker = caseworker_of(&app, "F-04").await;
    let mail = server::smtp_sink::readable(&mail_to(&app, &caseworker, &format!("/beskrivelser/{id}")).await);
    assert!(!mail.contains("savner") && !mail.contains("Lucas"), "{mail}");
    // A correction needs its reason; without one nothing is made.
    let (status, _) = json(app.call::<CorrectDescription>(&karen, &[("id", &sid), ("reason", " ")]).await).await;
    let versions: i64 = scalar(&app, "SELECT COUNT(*) FROM descriptions WHERE appointment_id = ?", visit).await;
    assert_eq!((status, versions), (422, 1));
    let (status, new) =
        json(app.call::<CorrectDescription>(&karen, &[("id", &sid), ("reason", "Forkert tidspunkt")]).await).await;
    assert_eq!(status, 200, "{new}");
    let new_id = new.as_i64().unwrap();
    assert_eq!(field(&app, new_id, "course").await, text);
    let new_sid = new_id.to_string();
    let fixed = "Lucas sagde: „Jeg savner dig, far.“ Far gav ham et langt kram.";
    assert_eq!(save(&app, &karen, &edit(&new_sid, "course", fixed, "1", text)).await.0, 200);
    let (status, _) = json(app.call::<SendDescription>(&karen, &[("id", &new_sid)]).await).await;
    assert_eq!(status, 200);
    let states: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT version, state, reason FROM descriptions WHERE appointment_id = ? ORDER BY version")
            .bind(visit)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(states, vec![(1, "superseded".into(), String::new()), (2, "sent".into(), "Forkert tidspunkt".into())]);
    // The old text is kept as it was sent.
    assert_eq!(field(&app, id, "course").await, text);
    let (status, old) = json(app.call::<ReadDescription>(&karen, &[("id", &sid)]).await).await;
    assert_eq!((status, old["state"].clone(), old["can_correct"].clone()), (200, j!("Superseded"), j!(false)));
}

#[tokio::test]
async fn parents_read_their_own_only_once_it_is_theirs_and_comment_in_time() {
    let app = crate::helpers::spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let mette = app.signed_in("mette@demo.test").await;
    // F-01's case asks the parents to read first (the demo).
    let visit = begun(&app, "F-01", &["konsulent@demo.test"]).await;
    assert_eq!(record(&app, &karen, visit, "held").await, 200);
    let id = description_of(&app, visit).await.unwrap().0;
    let sid = id.to_string();
    assert_eq!(save(&app, &karen, &edit(&sid, "course", "Freja og Oskar byggede en hule.", "0", "")).await.0, 200);
    // A draft: not found for the parent, by id.
    let (status, _) = json(app.call::<ReadDescription>(&mette, &[("id", &sid)]).await).await;
    assert_eq!(status, 404);
    let (status, state) = json(app.call::<SendDescription>(&karen, &[("id", &sid)]).await).await;
    assert_eq!((status, state), (200, j!("forældre")));
    // The parent is told with a link to read it first, never the text.
    let mail = server::smtp_sink::readable(&mail_to(&app, "mette@demo.test", &format!("/beskrivelser/{id}")).await);
    assert!(mail.contains("kommentere") && !mail.contains("hule") && !mail.contains("Freja"), "{mail}");
    let (status, d) = json(app.call::<ReadDescription>(&mette, &[("id", &sid)]).await).await;
    assert_eq!((status, d["can_comment"].clone(), d["for_parent"].clone()), (200, j!(true), j!(true)), "{d}");
    assert_eq!(d["versions"], j!([]));
    // The visit's page lists it without the centre's deadline or who writes it.
    let (status, list) = json(app.call::<PageDescriptions>(&mette, &[("id", &visit.to_string())]).await).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!((list[0]["due"].clone(), list[0]["writers"].clone()), (j!(""), j!("")), "{list}");
    // Not yet to the caseworker: the parents have time left and have not commented.
    let (status, _) = json(app.call::<SendDescription>(&karen, &[("id", &sid)]).await).await;
    assert_eq!((status, description_of(&app, visit).await.unwrap().2), (409, "review".into()));
    let comment = "Vi byggede også en bro.";
    let (status, _) = json(app.call::<CommentDescription>(&mette, &[("id", &sid), ("comment", comment)]).await).await;
    assert_eq!(status, 200);
    let (status, state) = json(app.call::<SendDescription>(&karen, &[("id", &sid)]).await).await;
    assert_eq!((status, state), (200, j!("sendt")));
    let stored: String = scalar(&app, "SELECT body FROM description_comments WHERE description_id = ?", id).await;
    assert_eq!(stored, comment);
    // Sent: the comment is closed, and unchanged.
    let (status, _) = json(app.call::<CommentDescription>(&mette, &[("id", &sid), ("comment", "Mere")]).await).await;
    let stored: String =
        scalar(&app, "SELECT group_concat(body) FROM description_comments WHERE description_id = ?", id).await;
    assert_eq!((status, stored.as_str()), (409, comment));
    // Another family's sent description: not found, and no comment lands on it.
    let other: i64 = sqlx::query_scalar(
        "SELECT d.id FROM descriptions d JOIN appointments a ON a.id = d.appointment_id JOIN families f \
         ON f.id = a.family_id WHERE f.code <> 'F-01' AND d.state = 'sent' LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let oid = other.to_string();
    assert_eq!(json(app.call::<ReadDescription>(&mette, &[("id", &oid)]).await).await.0, 404);
    assert_eq!(json(app.call::<CommentDescription>(&mette, &[("id", &oid), ("comment", "x")]).await).await.0, 404);
    let stored: i64 = scalar(&app, "SELECT COUNT(*) FROM description_comments WHERE description_id = ?", other).await;
    assert_eq!(stored, 0);
    // A family whose case does not ask them to read first never sees the draft (F-04's father).
    let martin = app.signed_in("martin@demo.test").await;
    let draft = begun(&app, "F-04", &["konsulent@demo.test"]).await;
    assert_eq!(record(&app, &karen, draft, "held").await, 200);
    let did = description_of(&app, draft).await.unwrap().0.to_string();
    assert_eq!(json(app.call::<ReadDescription>(&martin, &[("id", &did)]).await).await.0, 404);
}

#[tokio::test]
async fn only_the_visits_people_reach_a_description() {
    let app = crate::helpers::spawn().await;
    let b = crate::fixtures::centre_b(&app).await;
    let sent: i64 = sqlx::query_scalar(
        "SELECT d.id FROM descriptions d JOIN appointments a ON a.id = d.appointment_id JOIN families f \
         ON f.id = a.family_id WHERE f.code = 'F-04' AND d.state = 'sent' LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let sid = sent.to_string();
    let caseworker = caseworker_of(&app, "F-04").await;
    let other_caseworker: String =
        sqlx::query_scalar("SELECT email FROM users WHERE role = 'caseworker' AND email <> ? LIMIT 1")
            .bind(&caseworker)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let mut ran = 0;
    for (who, wanted) in [
        (caseworker.as_str(), 200),
        ("leder@demo.test", 200),
        ("konsulent@demo.test", 200),
        (other_caseworker.as_str(), 404),
        ("timelonnet@demo.test", 404),
        (b.coordinator, 404),
        ("mette@demo.test", 404),
    ] {
        let c = app.signed_in(who).await;
        let (status, body) = json(app.call::<ReadDescription>(&c, &[("id", &sid)]).await).await;
        assert_eq!(status, wanted, "{who}: {body}");
        ran += 1;
    }
    assert_eq!(ran, 7);
}

#[tokio::test]
async fn the_pdf_is_a_real_pdf_with_the_danish_text_and_its_export_is_audited() {
    let app = crate::helpers::spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let visit = begun(&app, "F-04", &["konsulent@demo.test"]).await;
    assert_eq!(record(&app, &karen, visit, "held").await, 200);
    let id = description_of(&app, visit).await.unwrap().0;
    let sid = id.to_string();
    let text = "Lucas sagde: „Jeg vil gerne på Ærø med far.“ Det blev en god dag – også for far.";
    let long = "Lucas og far spillede kort ved bordet og snakkede om skolen. ".repeat(80);
    assert_eq!(save(&app, &karen, &edit(&sid, "course", &long, "0", "")).await.0, 200);
    assert_eq!(save(&app, &karen, &edit(&sid, "observation", text, "0", "")).await.0, 200);
    let url = format!("{}/beskrivelser/{id}/pdf", app.base);
    // A draft is not exported.
    assert_eq!(karen.get(&url).send().await.unwrap().status(), 404);
    assert_eq!(json(app.call::<SendDescription>(&karen, &[("id", &sid)]).await).await.0, 200);
    let caseworker = app.signed_in(&caseworker_of(&app, "F-04").await).await;
    let res = caseworker.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let bytes = res.bytes().await.unwrap();
    let doc = lopdf::Document::load_mem(&bytes).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert!(pages.len() >= 2, "the long text runs onto a second page");
    let raw = doc.extract_text(&pages).expect("text");
    let words = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(text), "{words}");
    assert!(words.contains("Observation") && words.contains("Samværscentret Fjordlyset"), "{words}");
    assert_eq!(raw.matches("Fortroligt").count(), pages.len());
    assert!(words.contains(&format!("Side 1 af {}", pages.len())), "{words}");
    let exports: i64 = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND subject_kind = 'description' AND subject_id = ?",
        id,
    )
    .await;
    assert_eq!(exports, 1);
    // The parent and a stranger get nothing; not signed in goes to sign-in.
    let martin = app.signed_in("martin@demo.test").await;
    assert_eq!(martin.get(&url).send().await.unwrap().status(), 404);
    let nobody = crate::helpers::client();
    assert_eq!(nobody.get(&url).send().await.unwrap().status(), 303);
    let exports: i64 = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND subject_kind = 'description' AND subject_id = ?",
        id,
    )
    .await;
    assert_eq!(exports, 1);
}

#[tokio::test]
async fn stopping_a_visit_alerts_the_coordinator_and_caseworker_without_content() {
    let app = crate::helpers::spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let visit = begun(&app, "F-04", &["konsulent@demo.test"]).await;
    let sid = visit.to_string();
    let now = app::time::local(Utc::now());
    let at = now.format("%H:%M").to_string();
    // Before the visit began: refused, nothing recorded.
    let early = (now - chrono::Duration::hours(2)).format("%H:%M").to_string();
    let reason = "Far var påvirket ved ankomsten.";
    let (status, _) =
        json(app.call::<StopVisit>(&karen, &[("id", &sid), ("at", &early), ("reason", reason)]).await).await;
    let incidents: i64 = scalar(&app, "SELECT COUNT(*) FROM visit_incidents WHERE appointment_id = ?", visit).await;
    assert_eq!((status, incidents), (422, 0));
    let (status, body) =
        json(app.call::<StopVisit>(&karen, &[("id", &sid), ("at", &at), ("reason", reason)]).await).await;
    assert_eq!(status, 200, "{body}");
    let status_now: String = scalar(&app, "SELECT status FROM appointments WHERE id = ?", visit).await;
    let (_, _, state, short, _) = description_of(&app, visit).await.expect("due");
    assert_eq!((status_now.as_str(), state.as_str(), short), ("held", "draft", true));
    let mut told = 0;
    for to in ["koordinator@demo.test".to_string(), caseworker_of(&app, "F-04").await] {
        let mail = server::smtp_sink::readable(&mail_to(&app, &to, "stoppet før tid").await);
        assert!(!mail.contains("påvirket") && !mail.contains("Lucas"), "{mail}");
        told += 1;
    }
    assert_eq!(told, 2);
    // Twice: refused, the first reason kept.
    let (status, _) = json(app.call::<StopVisit>(&karen, &[("id", &sid), ("at", &at), ("reason", "Igen")]).await).await;
    let kept: String = scalar(&app, "SELECT reason FROM visit_incidents WHERE appointment_id = ?", visit).await;
    assert_eq!((status, kept.as_str()), (409, reason));
}

#[tokio::test]
async fn a_stop_is_for_the_visits_own_staff_and_a_sent_description_fixes_what_it_says() {
    let app = crate::helpers::spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let mads = app.signed_in("mads.winther@demo.test").await;
    let visit = begun(&app, "F-04", &["konsulent@demo.test"]).await;
    let sid = visit.to_string();
    let at = app::time::local(Utc::now()).format("%H:%M").to_string();
    let incidents = || scalar::<i64>(&app, "SELECT COUNT(*) FROM visit_incidents WHERE appointment_id = ?", visit);
    // A permanent consultant not on the visit may not stop it.
    let (status, _) = json(app.call::<StopVisit>(&mads, &[("id", &sid), ("at", &at), ("reason", "Uro")]).await).await;
    assert_eq!((status, incidents().await), (403, 0));
    // Held, written and sent: the visit can no longer be stopped, nor its outcome changed.
    assert_eq!(record(&app, &karen, visit, "held").await, 200);
    let id = description_of(&app, visit).await.unwrap().0.to_string();
    assert_eq!(save(&app, &karen, &edit(&id, "course", "Lucas og far spillede fodbold.", "0", "")).await.0, 200);
    assert_eq!(json(app.call::<SendDescription>(&karen, &[("id", &id)]).await).await, (200, j!("sendt")));
    let (status, _) = json(app.call::<StopVisit>(&karen, &[("id", &sid), ("at", &at), ("reason", "Uro")]).await).await;
    assert_eq!((status, incidents().await), (409, 0));
    let status = record(&app, &karen, visit, "no_show").await;
    let outcome: String = scalar(&app, "SELECT status FROM appointments WHERE id = ?", visit).await;
    assert_eq!((status, outcome.as_str()), (409, "held"));
    // A correction being written does not unfix them: the sent version still says what happened.
    let (status, _) = json(app.call::<CorrectDescription>(&karen, &[("id", &id), ("reason", "Stavefejl")]).await).await;
    assert_eq!((status, description_of(&app, visit).await.unwrap().2), (200, "draft".into()));
    let (status, why) =
        json(app.call::<StopVisit>(&karen, &[("id", &sid), ("at", &at), ("reason", "Uro")]).await).await;
    assert_eq!((status, incidents().await), (409, 0));
    assert!(why.to_string().contains("Beskrivelsen er allerede sendt"), "{why}");
    let form = [("id", sid.as_str()), ("outcome", "no_show")];
    let (status, why) = json(app.call::<RecordOutcome>(&karen, &form).await).await;
    let outcome: String = scalar(&app, "SELECT status FROM appointments WHERE id = ?", visit).await;
    assert_eq!((status, outcome.as_str()), (409, "held"));
    assert!(why.to_string().contains("udfaldet kan ikke ændres"), "{why}");
    // Recording what it already says changes nothing: no history line, the correction untouched.
    let changes = || scalar::<i64>(&app, "SELECT COUNT(*) FROM appointment_changes WHERE appointment_id = ?", visit);
    let (before, correction) = (changes().await, description_of(&app, visit).await);
    assert_eq!(record(&app, &karen, visit, "held").await, 200);
    assert_eq!((changes().await, description_of(&app, visit).await), (before, correction));
}

#[tokio::test]
async fn parents_read_only_the_current_version_without_staff_notes_and_a_former_caseworker_nothing() {
    let app = crate::helpers::spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let mette = app.signed_in("mette@demo.test").await;
    let visit = begun(&app, "F-01", &["konsulent@demo.test"]).await;
    assert_eq!(record(&app, &karen, visit, "held").await, 200);
    let v1 = description_of(&app, visit).await.unwrap().0.to_string();
    let text = "Freja og mor tegnede hos plejefamilien Holm.";
    assert_eq!(save(&app, &karen, &edit(&v1, "course", text, "0", "")).await.0, 200);
    // Each version goes through the parents and on to the caseworker.
    let mut versions = 0;
    for id in [v1.clone(), String::new()] {
        let id = if id.is_empty() {
            let reason = "Plejefamiliens navn må ikke stå i den";
            let (status, new) =
                json(app.call::<CorrectDescription>(&karen, &[("id", &v1), ("reason", reason)]).await).await;
            assert_eq!(status, 200, "{new}");
            let new = new.as_i64().unwrap().to_string();
            let fixed = "Freja og mor tegnede.";
            assert_eq!(save(&app, &karen, &edit(&new, "course", fixed, "1", text)).await.0, 200);
            new
        } else {
            id
        };
        assert_eq!(json(app.call::<SendDescription>(&karen, &[("id", &id)]).await).await, (200, j!("forældre")));
        let (status, _) = json(app.call::<CommentDescription>(&mette, &[("id", &id), ("comment", "Tak.")]).await).await;
        assert_eq!(status, 200);
        assert_eq!(json(app.call::<SendDescription>(&karen, &[("id", &id)]).await).await, (200, j!("sendt")));
        versions += 1;
    }
    assert_eq!(versions, 2);
    let v2: i64 = scalar(&app, "SELECT id FROM descriptions WHERE appointment_id = ? AND version = 2", visit).await;
    // The replaced version is not the parent's to read, by id.
    assert_eq!(json(app.call::<ReadDescription>(&mette, &[("id", &v1)]).await).await.0, 404);
    let (status, d) = json(app.call::<ReadDescription>(&mette, &[("id", &v2.to_string())]).await).await;
    assert_eq!(status, 200, "{d}");
    // No internal deadline, no reason for the correction, no name of who sent it.
    assert_eq!((d["due"].clone(), d["reason"].clone(), d["overdue"].clone()), (j!(""), j!(""), j!(false)));
    assert!(!d["sent"].as_str().unwrap().contains("Karen"), "{d}");
    // The caseworker reads it while the case covers the visit's day; not once it no longer does.
    let caseworker = app.signed_in(&caseworker_of(&app, "F-01").await).await;
    let v2s = v2.to_string();
    assert_eq!(json(app.call::<ReadDescription>(&caseworker, &[("id", &v2s)]).await).await.0, 200);
    let yesterday = app::time::today(Utc::now()) - chrono::Days::new(1);
    sqlx::query(
        "UPDATE cases SET decision_from = min(decision_from, ?1), decision_to = ?1 \
         WHERE child_id IN (SELECT c.id FROM children c JOIN families f ON f.id = c.family_id WHERE f.code = 'F-01')",
    )
    .bind(yesterday)
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(json(app.call::<ReadDescription>(&caseworker, &[("id", &v2s)]).await).await.0, 404);
}

#[tokio::test]
async fn each_parent_comments_for_themselves_and_it_goes_on_when_both_have() {
    let app = crate::helpers::spawn().await;
    // Jonas, Freja's father, gets an account of his own (the demo's mother has one).
    let jonas_id: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, full_name, role, created_at) SELECT 'jonas@demo.test', \
         password_hash, 'Jonas Nielsen', 'parent', created_at FROM users WHERE email = 'mette@demo.test' RETURNING id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE persons SET user_id = ? WHERE first_name = 'Jonas' AND family_id = (SELECT id FROM families WHERE code = 'F-01')")
        .bind(jonas_id)
        .execute(&app.pool)
        .await
        .unwrap();
    let karen = app.signed_in("konsulent@demo.test").await;
    let mette = app.signed_in("mette@demo.test").await;
    let jonas = app.signed_in("jonas@demo.test").await;
    let visit = begun(&app, "F-01", &["konsulent@demo.test"]).await;
    assert_eq!(record(&app, &karen, visit, "held").await, 200);
    let id = description_of(&app, visit).await.unwrap().0;
    let sid = id.to_string();
    assert_eq!(save(&app, &karen, &edit(&sid, "course", "Freja byggede med klodser.", "0", "")).await.0, 200);
    assert_eq!(json(app.call::<SendDescription>(&karen, &[("id", &sid)]).await).await, (200, j!("forældre")));
    // Both parents are told.
    for to in ["mette@demo.test", "jonas@demo.test"] {
        mail_to(&app, to, &format!("/beskrivelser/{id}")).await;
    }
    let mine = "Jeg synes, det gik godt.";
    let (status, _) = json(app.call::<CommentDescription>(&mette, &[("id", &sid), ("comment", mine)]).await).await;
    assert_eq!(status, 200);
    // One has commented, the other has time left: not yet on.
    let (status, _) = json(app.call::<SendDescription>(&karen, &[("id", &sid)]).await).await;
    assert_eq!((status, description_of(&app, visit).await.unwrap().2), (409, "review".into()));
    // The father does not read the mother's comment, and his own does not replace hers.
    let (status, d) = json(app.call::<ReadDescription>(&jonas, &[("id", &sid)]).await).await;
    assert_eq!((status, d["comments"].clone()), (200, j!([])), "{d}");
    let his = "Freja fortalte mig om klodserne bagefter.";
    let (status, _) = json(app.call::<CommentDescription>(&jonas, &[("id", &sid), ("comment", his)]).await).await;
    assert_eq!(status, 200);
    let (_, d) = json(app.call::<ReadDescription>(&mette, &[("id", &sid)]).await).await;
    assert_eq!(d["comments"].as_array().map(|c| c.len()), Some(1), "{d}");
    assert_eq!((d["comments"][0]["text"].clone(), d["comments"][0]["who"].clone()), (j!(mine), j!("")));
    // Staff read both, by name; now it goes on.
    let (_, d) = json(app.call::<ReadDescription>(&karen, &[("id", &sid)]).await).await;
    let who: Vec<&str> = d["comments"].as_array().unwrap().iter().map(|c| c["who"].as_str().unwrap()).collect();
    assert_eq!(who, vec!["Mette Nielsen", "Jonas Nielsen"]);
    assert_eq!(json(app.call::<SendDescription>(&karen, &[("id", &sid)]).await).await, (200, j!("sendt")));
    let stored: i64 = scalar(&app, "SELECT COUNT(*) FROM description_comments WHERE description_id = ?", id).await;
    assert_eq!(stored, 2);
}

#[tokio::test]
async fn a_centres_own_deadline_is_set_by_its_administrator_and_counts() {
    let app = crate::helpers::spawn().await;
    let admin = app.signed_in("admin@demo.test").await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let (centre, name, municipality, address, phone, email): (i64, String, String, String, String, String) =
        sqlx::query_as("SELECT id, name, municipality, address, phone, email FROM centres ORDER BY id LIMIT 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let centre = centre.to_string();
    let form = |days: &'static str| {
        vec![
            ("centre", centre.clone()),
            ("name", name.clone()),
            ("municipality", municipality.clone()),
            ("address", address.clone()),
            ("phone", phone.clone()),
            ("email", email.clone()),
            ("description_days", days.to_string()),
        ]
    };
    let days = || scalar::<i64>(&app, "SELECT description_days FROM centres WHERE id = ?", centre.parse().unwrap());
    let mut refused = 0;
    for bad in ["0", "16", "tre", "2.5"] {
        let f = form(bad);
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = json(app.call::<app::setup::api::UpdateCentre>(&admin, &f).await).await;
        assert_eq!((status, days().await), (422, 3), "{bad}: {body}");
        assert!(body.to_string().contains("1 til 15"), "{body}");
        refused += 1;
    }
    assert_eq!(refused, 4);
    let f = form("5");
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call::<app::setup::api::UpdateCentre>(&admin, &f).await.status(), 200);
    assert_eq!(days().await, 5);
    let visit = begun(&app, "F-04", &["konsulent@demo.test"]).await;
    assert_eq!(record(&app, &karen, visit, "held").await, 200);
    let due = add_working_days(app::time::today(Utc::now()), 5).to_string();
    assert_eq!(description_of(&app, visit).await.unwrap().4, due);
}
