//! The caseworker's view of a case (issue 13, item 4): the visits and meetings of the period with
//! their outcome (who cancelled and why), counted as the database counts them; the family's
//! consultant; handing a case to another caseworker, after which the first no longer reaches it.

use app::cases::api::{HandOverCase, ReadCase};
use serde_json::json as j;

use crate::case_course::{case_of, scalar};
use crate::helpers::{json, spawn};

#[tokio::test]
async fn a_case_lists_its_periods_visits_and_meetings_with_outcomes_as_counted() {
    let app = spawn().await;
    let (freja, owner) = case_of(&app, "Freja").await;
    let caseworker = app.signed_in(&owner).await;
    // Cancel one with a reason, so a cancellation is in the course.
    sqlx::query(
        "UPDATE appointments SET status = 'cancelled', cancelled_by = 'parent', cancel_reason = 'Syg', \
         cancelled_at = unixepoch() WHERE id = (SELECT a.id FROM appointments a JOIN appointment_children ac \
         ON ac.appointment_id = a.id JOIN children c ON c.id = ac.child_id WHERE c.first_name = 'Freja' \
         AND a.status = 'planned' ORDER BY a.starts_at DESC LIMIT 1)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let (status, d) = json(app.call::<ReadCase>(&caseworker, &[("id", &freja.to_string())]).await).await;
    assert_eq!(status, 200, "{d}");
    let count = |status: &'static str| {
        let app = &app;
        async move {
            scalar(
                app,
                &format!(
                    "SELECT COUNT(*) FROM appointments a JOIN cases cs ON cs.id = {freja} JOIN children ch ON ch.id = cs.child_id \
                     WHERE a.family_id = ch.family_id AND a.related_visit_id IS NULL AND a.status = '{status}' \
                     AND date(a.starts_at, 'unixepoch', 'localtime') BETWEEN cs.decision_from AND cs.decision_to \
                     AND (a.kind <> 'visit' OR EXISTS (SELECT 1 FROM appointment_children ac WHERE ac.appointment_id = a.id AND ac.child_id = ch.id))"
                ),
            )
            .await
        }
    };
    let (held, cancelled, no_show, planned) =
        (count("held").await, count("cancelled").await, count("no_show").await, count("planned").await);
    assert!(held > 0 && cancelled > 0 && planned > 0, "the demo has each: {held} {cancelled} {planned}");
    assert_eq!(
        d["course"]["counts"],
        format!("{held} afholdt · {cancelled} aflyst · {no_show} udeblevet · {planned} planlagt")
    );
    let lines = d["course"]["lines"].as_array().unwrap();
    assert_eq!(lines.len() as i64, held + cancelled + no_show + planned);
    assert!(lines.iter().any(|l| l["state"] == "Aflyst af forælder: Syg"), "{d}");
    assert_eq!(d["consultant"], "Karen Holst");
}

#[tokio::test]
async fn a_case_handed_to_another_caseworker_leaves_the_first_without_it() {
    let app = spawn().await;
    let (emil, owner) = case_of(&app, "Emil").await;
    let emil = emil.to_string();
    let first = app.signed_in(&owner).await;
    let (next_email, next_name) = ("raadgiver@demo.test", "Anders Mikkelsen");
    let next = app.user_id(next_email).await;
    assert_ne!(owner, next_email, "the demo gives Emil's case to someone else");
    let owner_id = app.user_id(&owner).await.to_string();

    // Refused: the same caseworker, someone who is not a caseworker, a consultant calling.
    for (to, want) in [
        (owner_id.as_str(), "Sagen har allerede den rådgiver. Vælg en anden."),
        ("1", "Vælg den rådgiver, sagen skal overdrages til."),
    ] {
        let (status, body) =
            json(app.call::<HandOverCase>(&first, &[("id", &emil), ("caseworker_id", to)]).await).await;
        assert_eq!((status, body), (422, j!({"Validation": {"caseworker_id": [want]}})));
    }
    let karen = app.signed_in("konsulent@demo.test").await;
    let to = next.to_string();
    assert_eq!(app.call::<HandOverCase>(&karen, &[("id", &emil), ("caseworker_id", &to)]).await.status(), 403);
    let holder = scalar(&app, &format!("SELECT caseworker_id FROM cases WHERE id = {emil}")).await;
    assert_eq!(holder.to_string(), owner_id, "nothing changed");

    let (status, _) = json(app.call::<HandOverCase>(&first, &[("id", &emil), ("caseworker_id", &to)]).await).await;
    assert_eq!(status, 200);
    assert_eq!(scalar(&app, &format!("SELECT caseworker_id FROM cases WHERE id = {emil}")).await, next);
    assert_eq!(app.call::<ReadCase>(&first, &[("id", &emil)]).await.status(), 404);
    let (status, d) = json(app.call::<ReadCase>(&app.signed_in(next_email).await, &[("id", &emil)]).await).await;
    assert_eq!(status, 200);
    let first_name: String = sqlx::query_scalar("SELECT full_name FROM users WHERE email = ?")
        .bind(&owner)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(d["history"][0]["what"], format!("Sagen er overdraget: {first_name} → {next_name}"));
}

#[tokio::test]
async fn a_follow_up_meeting_is_listed_as_due_at_the_cases_rhythm_until_one_is_booked() {
    use app::booking::api::BookVisit;
    use app::cases::api::SetRhythm;
    use app::overview::api::WeekOverview;

    let app = spawn().await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let victor = case_of(&app, "Victor").await.0.to_string();
    let family = scalar(&app, "SELECT id FROM families WHERE code = 'F-07'").await;
    // No meeting ahead for F-07, so only the rhythm decides.
    sqlx::query(
        "UPDATE appointments SET status = 'cancelled', cancelled_by = 'centre', cancelled_at = unixepoch() \
         WHERE family_id = ? AND kind IN ('kickoff_meeting', 'followup_meeting') AND status = 'planned' \
         AND starts_at > unixepoch()",
    )
    .bind(family)
    .execute(&app.pool)
    .await
    .unwrap();
    let due = |c: reqwest::Client| {
        let app = &app;
        async move {
            let (status, o) = json(app.call::<WeekOverview>(&c, &[]).await).await;
            assert_eq!(status, 200, "{o}");
            o["followups"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["family_code"] == "F-07")
                .cloned()
                .collect::<Vec<_>>()
        }
    };

    // Refused: a rhythm outside 2–52 weeks; nothing changes.
    let (status, body) = json(app.call::<SetRhythm>(&lene, &[("id", &victor), ("followup_weeks", "1")]).await).await;
    let want = "Skriv, hvor mange uger der går mellem opfølgningsmøder: 2 til 52.";
    assert_eq!((status, body), (422, j!({"Validation": {"followup_weeks": [want]}})));
    assert_eq!(scalar(&app, &format!("SELECT followup_weeks FROM cases WHERE id = {victor}")).await, 12);

    // Every 2 weeks after the last meeting (or the decision's start): due now.
    let (status, _) = json(app.call::<SetRhythm>(&lene, &[("id", &victor), ("followup_weeks", "2")]).await).await;
    assert_eq!(status, 200);
    let anchor: String = sqlx::query_scalar(
        "SELECT COALESCE((SELECT date(MAX(starts_at), 'unixepoch', 'localtime') FROM appointments WHERE family_id = ?1 \
           AND kind IN ('kickoff_meeting', 'followup_meeting') AND status IN ('held', 'planned') AND starts_at <= unixepoch()), \
           (SELECT MIN(cs.decision_from) FROM cases cs JOIN children c ON c.id = cs.child_id WHERE c.family_id = ?1))",
    )
    .bind(family)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let expected = chrono::NaiveDate::parse_from_str(&anchor, "%Y-%m-%d").unwrap() + chrono::Days::new(14);
    let listed = due(lene.clone()).await;
    assert_eq!(listed.len(), 1, "F-07 is due");
    assert_eq!(listed[0]["due"], app::time::day(expected));
    assert_eq!(listed[0]["book_href"], format!("/booking/ny?familie={family}&type=followup_meeting"));
    // A consultant's overview has no such list.
    assert_eq!(due(app.signed_in("konsulent@demo.test").await).await, Vec::<serde_json::Value>::new());

    // Booked: no longer listed.
    let room = crate::booking::place(&app, "Rum 2").await.to_string();
    let (family_s, date) = (family.to_string(), crate::booking::monday(5));
    let mut form = crate::booking::form(&family_s, &room, "", &date, "09:00");
    form.push(("kind", "followup_meeting"));
    let (status, body) = json(app.call::<BookVisit>(&lene, &form).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(due(lene.clone()).await, Vec::<serde_json::Value>::new());
}
