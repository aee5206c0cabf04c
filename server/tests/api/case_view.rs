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
