//! Centre B: a second centre beside the demo's (centre A), with its own room, staff, family, cases
//! and visits, so a test can aim one centre's staff at the other centre's data and still see
//! them read their own. None of B's names or addresses contains one of A's. Also what such a test
//! compares: centre A's names, and every row of the database.

use std::collections::{BTreeMap, BTreeSet};

use app::auth::Role;
use app::auth::service::{NewUser, create_user};
use chrono::{Days, Utc};

use crate::helpers::{DEMO_PASSWORD, TestApp};

/// Centre B's family code.
pub const CODE_B: &str = "B-01";

pub struct CentreB {
    pub centre_id: i64,
    pub place_id: i64,
    pub family_id: i64,
    /// A planned visit next week, staffed by B's permanent consultant.
    pub appointment_id: i64,
    /// B's permanent consultant.
    pub consultant_id: i64,
    pub coordinator: &'static str,
    pub leader: &'static str,
    pub consultant: &'static str,
    pub hourly: &'static str,
    pub admin: &'static str,
    /// Bodil Bertelsen, the children's mother.
    pub parent: &'static str,
}

async fn account(
    app: &TestApp,
    email: &str,
    full_name: &str,
    role: Role,
    employment: Option<&str>,
    centre_id: Option<i64>,
) -> i64 {
    let new = NewUser {
        email: email.into(),
        password: Some(DEMO_PASSWORD.into()),
        full_name: full_name.into(),
        phone: None,
        role,
        employment: employment.map(Into::into),
        centre_id,
        account_of: None,
    };
    create_user(&app.pool, None, new).await.unwrap_or_else(|e| panic!("create {email}: {e:?}")).0
}

async fn exec(app: &TestApp, sql: &str, ids: &[i64]) {
    let mut query = sqlx::query(sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.execute(&app.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn returning(app: &TestApp, sql: &str, ids: &[i64]) -> i64 {
    let mut query = sqlx::query_scalar::<_, i64>(sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_one(&app.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A planned supervised visit of B's family in B's room with both children: (centre, family,
/// place), the children, its consultant and who booked it.
async fn visit(app: &TestApp, at: (i64, i64, i64), children: [i64; 2], staff: i64, starts_at: i64, by: i64) -> i64 {
    let (centre, family, place) = at;
    let id = returning(
        app,
        "INSERT INTO appointments (centre_id, family_id, kind, visit_type, place_id, starts_at, ends_at, status, \
         created_by, created_at, updated_at) VALUES (?, ?, 'visit', 'supervised', ?, ?, ?, 'planned', ?, ?, ?) \
         RETURNING id",
        &[centre, family, place, starts_at, starts_at + 3600, by, starts_at, starts_at],
    )
    .await;
    for child in children {
        exec(app, "INSERT INTO appointment_children (appointment_id, child_id) VALUES (?, ?)", &[id, child]).await;
    }
    exec(app, "INSERT INTO appointment_staff (appointment_id, user_id, role) VALUES (?, ?, 'lead')", &[id, staff])
        .await;
    id
}

pub async fn centre_b(app: &TestApp) -> CentreB {
    let centre_id = returning(
        app,
        "INSERT INTO centres (name, municipality, address, phone, email, opening_hours) VALUES ('Samværshuset \
         Havblik', 'Havby Kommune', 'Havvej 3, 9000 Aalborg', '98 76 54 32', 'havblik@havblik.test', \
         'Alle dage 8-20') RETURNING id",
        &[],
    )
    .await;
    let place_id = returning(
        app,
        "INSERT INTO places (centre_id, name, kind, address) VALUES (?, 'Havstuen', 'room', 'Havvej 3, 9000 Aalborg') \
         RETURNING id",
        &[centre_id],
    )
    .await;
    for weekday in 1..=7 {
        exec(
            app,
            "INSERT INTO place_opening_hours (place_id, weekday, opens, closes) VALUES (?, ?, '08:00', '20:00')",
            &[place_id, weekday],
        )
        .await;
    }
    let b = Some(centre_id);
    let coordinator = "koordinator@havblik.test";
    let leader = "leder@havblik.test";
    let consultant = "konsulent@havblik.test";
    let hourly = "timer@havblik.test";
    let admin = "admin@havblik.test";
    let parent = "bodil@havblik.test";
    let coordinator_id = account(app, coordinator, "Gudrun Havmand", Role::Coordinator, Some("permanent"), b).await;
    account(app, leader, "Erling Storm", Role::Leader, Some("permanent"), b).await;
    let consultant_id = account(app, consultant, "Vibeke Toft", Role::Consultant, Some("permanent"), b).await;
    let hourly_id = account(app, hourly, "Ulrik Brink", Role::Consultant, Some("hourly"), b).await;
    let admin_id = account(app, admin, "Yrsa Kolding", Role::Admin, Some("permanent"), b).await;
    // An administrator with a staff row is that centre's administrator.
    exec(
        app,
        "INSERT OR IGNORE INTO staff (user_id, centre_id, employment, title) VALUES (?, ?, 'permanent', 'Administrator')",
        &[admin_id, centre_id],
    )
    .await;
    let parent_id = account(app, parent, "Bodil Bertelsen", Role::Parent, None, None).await;

    let family_id = returning(
        app,
        "INSERT INTO families (centre_id, code, consultant_id) VALUES (?, 'B-01', ?) RETURNING id",
        &[centre_id, consultant_id],
    )
    .await;
    let mut child_ids = [0_i64; 2];
    for (slot, (first, birth)) in child_ids.iter_mut().zip([("Bastian", "2016-03-14"), ("Birk", "2019-10-02")]) {
        *slot = sqlx::query_scalar::<_, i64>(
            "INSERT INTO children (family_id, first_name, last_name, birth_date, placement_kind, placement_name, \
             placement_contact_name) VALUES (?, ?, 'Bertelsen', ?, 'foster_family', 'Plejefamilien Engholm', \
             'Plejemor Grete Engholm') RETURNING id",
        )
        .bind(family_id)
        .bind(first)
        .bind(birth)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    }
    let person_id = returning(
        app,
        "INSERT INTO persons (family_id, first_name, last_name, phone, email, user_id) VALUES (?, 'Bodil', \
         'Bertelsen', '98 11 22 33', 'bodil@havblik.test', ?) RETURNING id",
        &[family_id, parent_id],
    )
    .await;
    let now = Utc::now().timestamp();
    for child in child_ids {
        exec(
            app,
            "INSERT INTO child_relations (child_id, person_id, relation, custody_holder) VALUES (?, ?, 'mother', 1)",
            &[child, person_id],
        )
        .await;
        exec(
            app,
            "INSERT INTO cases (child_id, caseworker_id, visit_type, decision_from, decision_to, frequency_weeks, \
             visit_minutes, created_at) SELECT ?, id, 'supervised', '2000-01-01', '2099-12-31', 2, 60, ? FROM users \
             WHERE email = 'raadgiver@demo.test'",
            &[child, now],
        )
        .await;
    }

    // One visit next week, and one today so this week's overview holds B-01 (the hourly
    // consultant assists at it, so she has something of her own to see).
    let today = app::time::today(Utc::now());
    let next_monday = app::time::monday_of(today) + Days::new(7);
    let at = (centre_id, family_id, place_id);
    let next_week = app::time::at_local(next_monday, 10, 0).timestamp();
    let appointment_id = visit(app, at, child_ids, consultant_id, next_week, coordinator_id).await;
    let noon = app::time::at_local(today, 12, 0).timestamp();
    let today_id = visit(app, at, child_ids, consultant_id, noon, coordinator_id).await;
    exec(
        app,
        "INSERT INTO appointment_staff (appointment_id, user_id, role) VALUES (?, ?, 'assist')",
        &[today_id, hourly_id],
    )
    .await;
    CentreB {
        centre_id,
        place_id,
        family_id,
        appointment_id,
        consultant_id,
        coordinator,
        leader,
        consultant,
        hourly,
        admin,
        parent,
    }
}

/// Centre A's children's and persons' names and e-mails, its staff's and parents' names and
/// e-mails, and its family codes. Names under 4 characters are left out ("Ida", "Bo": they are
/// inside ordinary Danish words).
pub async fn names_of_centre(app: &TestApp, centre: i64) -> Vec<String> {
    const FAMILY: &str = "JOIN families f ON f.id = x.family_id WHERE f.centre_id = ?";
    let parents = "FROM users u JOIN persons x ON x.user_id = u.id";
    let staff = "FROM users u JOIN staff s ON s.user_id = u.id WHERE s.centre_id = ?";
    let queries = [
        format!("SELECT x.first_name FROM children x {FAMILY}"),
        format!("SELECT x.last_name FROM children x {FAMILY}"),
        format!("SELECT x.first_name FROM persons x {FAMILY}"),
        format!("SELECT x.last_name FROM persons x {FAMILY}"),
        format!("SELECT x.email FROM persons x {FAMILY} AND x.email IS NOT NULL"),
        format!("SELECT u.full_name {parents} {FAMILY}"),
        format!("SELECT u.email {parents} {FAMILY}"),
        format!("SELECT u.full_name {staff}"),
        format!("SELECT u.email {staff}"),
        "SELECT code FROM families WHERE centre_id = ?".to_string(),
    ];
    let mut names = BTreeSet::new();
    for sql in &queries {
        let found: Vec<String> = sqlx::query_scalar(sql).bind(centre).fetch_all(&app.pool).await.unwrap();
        assert!(!found.is_empty(), "centre A has data for {sql}");
        names.extend(found.into_iter().filter(|n| n.chars().count() >= 4));
    }
    assert!(names.len() >= 20, "{names:?}");
    names.into_iter().collect()
}

/// Every row of every table but the logs and sessions, as text. Of a notice, what sending it
/// does not change (the sender marks it sent and wipes its text in the background).
pub async fn snapshot(app: &TestApp) -> BTreeMap<String, Vec<String>> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT IN ('audit_log', 'sign_in_failures') AND name NOT LIKE 'tower_sessions%' ORDER BY name",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let mut all = BTreeMap::new();
    for table in tables {
        let columns: Vec<String> = if table == "notices" {
            ["id", "channel_id", "link_id", "purpose", "transport", "recipient", "created_at"]
                .map(String::from)
                .to_vec()
        } else {
            let sql = "SELECT name FROM pragma_table_info(?) ORDER BY cid";
            sqlx::query_scalar(sql).bind(table.as_str()).fetch_all(&app.pool).await.unwrap()
        };
        let row = columns.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || '|' || ");
        let sql = format!("SELECT {row} FROM \"{table}\" ORDER BY 1");
        let mut rows: Vec<String> = sqlx::query_scalar(&sql).fetch_all(&app.pool).await.unwrap();
        rows.sort();
        all.insert(table, rows);
    }
    assert!(all.contains_key("appointments") && all.contains_key("notices"), "{:?}", all.keys());
    all
}
