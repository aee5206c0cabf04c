//! The staff's overview: descriptions past their deadline are read with the week, each reader
//! sees their own (the coordinator and the leader the centre's, a consultant those of the visits
//! they staffed),
//! and the one audit row of the overview's read names their families; another centre's stay
//! off it.

use app::overview::api::WeekOverview;
use serde_json::Value;

use crate::descriptions::{begun, record};
use crate::fixtures::{CODE_B, centre_b};
use crate::helpers::{TestApp, json};

/// The overdue descriptions the overview shows `c`, as (family label, overdue).
async fn overdue(app: &TestApp, c: &reqwest::Client) -> Vec<(String, bool)> {
    let (status, overview) = json(app.call::<WeekOverview>(c, &[]).await).await;
    assert_eq!(status, 200, "{overview}");
    let rows = overview["overdue"].as_array().unwrap_or_else(|| panic!("no overdue list: {overview}"));
    rows.iter()
        .map(|r| (r["family"].as_str().unwrap_or_default().to_string(), r["overdue"] == Value::Bool(true)))
        .collect()
}

/// The families of `email`'s latest overview read in the audit log.
async fn logged_families(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar::<_, Option<String>>(
        "SELECT a.family_ids FROM audit_log a JOIN users u ON u.id = a.actor_user_id WHERE u.email = ? \
         AND a.action = 'read' AND a.subject_kind = 'appointment_week' ORDER BY a.id DESC LIMIT 1",
    )
    .bind(email)
    .fetch_one(&app.pool)
    .await
    .unwrap()
    .unwrap_or_default()
}

#[tokio::test]
async fn the_overview_shows_each_reader_the_overdue_descriptions_they_answer_for_and_logs_them() {
    let app = crate::helpers::spawn().await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let lene = app.signed_in("koordinator@demo.test").await;
    let henrik = app.signed_in("leder@demo.test").await;
    let mads = app.signed_in("mads.winther@demo.test").await;
    // What is overdue in the demo data already (none of it F-04's).
    let mut before = Vec::new();
    for c in [&karen, &lene, &mads, &henrik] {
        let shown = overdue(&app, c).await;
        assert!(shown.iter().all(|(family, _)| !family.starts_with("F-04")), "{shown:?}");
        before.push(shown);
    }
    // Karen's supervised visit with F-04 was held; its description is due, then past its deadline.
    let visit = begun(&app, "F-04", &["konsulent@demo.test"]).await;
    assert_eq!(record(&app, &karen, visit, "held").await, 200);
    assert_eq!(overdue(&app, &karen).await, before[0], "due, not yet overdue");
    // The visit was nine days ago and F-04's other visits of these weeks are five weeks on, so
    // only the description puts F-04 on the overview; its deadline passed yesterday.
    for sql in [
        "UPDATE appointments SET starts_at = starts_at - 9 * 86400, ends_at = ends_at - 9 * 86400 WHERE id = ?",
        "UPDATE descriptions SET due_on = date('now', '-1 day') WHERE appointment_id = ?",
    ] {
        let moved = sqlx::query(sql).bind(visit).execute(&app.pool).await.unwrap();
        assert_eq!(moved.rows_affected(), 1, "{sql}");
    }
    sqlx::query(
        "UPDATE appointments SET starts_at = starts_at + 35 * 86400, ends_at = ends_at + 35 * 86400 \
         WHERE id <> ?1 AND family_id = (SELECT id FROM families WHERE code = 'F-04') \
         AND starts_at > unixepoch() - 14 * 86400 AND starts_at < unixepoch() + 14 * 86400",
    )
    .bind(visit)
    .execute(&app.pool)
    .await
    .unwrap();
    let family: i64 =
        sqlx::query_scalar("SELECT id FROM families WHERE code = 'F-04'").fetch_one(&app.pool).await.unwrap();

    let readers =
        [("konsulent@demo.test", &karen, 0), ("koordinator@demo.test", &lene, 1), ("leder@demo.test", &henrik, 3)];
    for (who, c, i) in readers {
        let shown = overdue(&app, c).await;
        let (new, old): (Vec<_>, Vec<_>) = shown.into_iter().partition(|(family, _)| family.starts_with("F-04"));
        assert_eq!(new, vec![("F-04 · LA".to_string(), true)], "{who}");
        assert_eq!(old, before[i], "{who}");
        let logged = logged_families(&app, who).await;
        assert!(logged.split(',').any(|f| f == family.to_string()), "{who}'s read names F-04: {logged}");
    }
    // Another consultant did not staff it: not on his overview.
    assert_eq!(overdue(&app, &mads).await, before[2]);
}

#[tokio::test]
async fn another_centres_overdue_descriptions_stay_off_the_overview_and_out_of_its_audit_row() {
    let app = crate::helpers::spawn().await;
    let b = centre_b(&app).await;
    let karen = app.signed_in("konsulent@demo.test").await;
    let b_consultant = app.signed_in(b.consultant).await;
    // In each centre a held supervised visit whose description's deadline passed yesterday.
    let a_visit = begun(&app, "F-04", &["konsulent@demo.test"]).await;
    assert_eq!(record(&app, &karen, a_visit, "held").await, 200);
    let b_visit = begun(&app, CODE_B, &[b.consultant]).await;
    assert_eq!(record(&app, &b_consultant, b_visit, "held").await, 200);
    let late = sqlx::query("UPDATE descriptions SET due_on = date('now', '-1 day') WHERE appointment_id IN (?, ?)")
        .bind(a_visit)
        .bind(b_visit)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(late.rows_affected(), 2);
    let f04: i64 =
        sqlx::query_scalar("SELECT id FROM families WHERE code = 'F-04'").fetch_one(&app.pool).await.unwrap();

    let mut ran = 0;
    for (who, own, (other, other_id)) in [
        ("konsulent@demo.test", "F-04", (CODE_B, b.family_id)),
        ("koordinator@demo.test", "F-04", (CODE_B, b.family_id)),
        ("leder@demo.test", "F-04", (CODE_B, b.family_id)),
        (b.consultant, CODE_B, ("F-04", f04)),
        (b.coordinator, CODE_B, ("F-04", f04)),
        (b.leader, CODE_B, ("F-04", f04)),
    ] {
        let c = app.signed_in(who).await;
        let shown = overdue(&app, &c).await;
        assert!(shown.iter().any(|(family, late)| family.starts_with(own) && *late), "{who} sees {own}: {shown:?}");
        assert!(shown.iter().all(|(family, _)| !family.starts_with(other)), "{who} sees {other}: {shown:?}");
        let logged = logged_families(&app, who).await;
        assert!(!logged.split(',').any(|f| f == other_id.to_string()), "{who}'s read names {other}: {logged}");
        ran += 1;
    }
    assert_eq!(ran, 6);
}
