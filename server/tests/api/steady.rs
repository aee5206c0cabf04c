//! No request panics its way out or hangs: a panic is a Danish 500 page, a request past the
//! timeout a Danish 503 page, both at once; and a read's audit entry is on disk before its answer.

use std::time::{Duration, Instant};

use axum::routing::get;

use crate::helpers::{client, spawn_with_routes};

async fn breaks() -> &'static str {
    panic!("a page that breaks")
}

async fn hangs() -> &'static str {
    tokio::time::sleep(Duration::from_secs(600)).await;
    "too late"
}

fn routes() -> axum::Router<app::context::AppState> {
    axum::Router::new().route("/__panic", get(breaks)).route("/__hang", get(hangs))
}

#[tokio::test]
async fn a_panic_is_a_danish_500_and_a_hang_a_danish_503_within_the_timeout() {
    let settings = app::context::Settings { request_timeout_secs: 1, ..Default::default() };
    let app = spawn_with_routes(settings, routes()).await;
    let c = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    for _ in 0..3 {
        let res = c.get(format!("{}/__panic", app.base)).send().await.expect("an answer, not a hang");
        assert_eq!(res.status(), 500);
        assert!(res.text().await.unwrap().contains("Der skete en fejl"));
    }
    let start = Instant::now();
    let res = c.get(format!("{}/__hang", app.base)).send().await.expect("an answer within the client's 5 s");
    assert_eq!(res.status(), 503);
    assert!(start.elapsed() < Duration::from_secs(4), "{:?}", start.elapsed());
    assert!(res.text().await.unwrap().contains("Det tog for lang tid"));
    // The server goes on serving.
    assert_eq!(client().get(format!("{}/healthz", app.base)).send().await.unwrap().status(), 200);
}

/// The real server binary, killed with SIGKILL right after a burst of signed-in reads: every read
/// that was answered has its audit row in the database file, and the parent's session (kept in
/// memory, written through to the file) is still valid when the server is back.
#[tokio::test(flavor = "multi_thread")]
async fn a_killed_server_has_the_audit_row_of_every_read_it_answered() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kill.db");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&db, dir.path(), port);
    let c = reqwest::Client::builder().cookie_store(true).build().unwrap();
    assert!(up_at(&c, &base).await, "the server started");
    let form = [("email", "mette@demo.test"), ("password", crate::helpers::DEMO_PASSWORD)];
    let res = c.post(format!("{base}/api/auth/sign_in")).header("origin", &base).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..60 {
        let (c, base) = (c.clone(), base.clone());
        tasks.spawn(async move {
            let url = format!("{base}/api/portal/my_visits");
            c.post(url).header("origin", &base).send().await.is_ok_and(|r| r.status() == 200)
        });
    }
    let answered = tasks.join_all().await.into_iter().filter(|ok| *ok).count();
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(answered, 60);
    let pool = server::connect(&format!("sqlite://{}", db.display())).await.unwrap();
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND subject_kind = 'appointment_list'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(logged >= 60, "{logged} of {answered} answered reads are on disk");
    pool.close().await;

    // Sessions are kept in memory and written through: the restarted server knows the parent's.
    let mut server = start(&db, dir.path(), port);
    assert!(up_at(&c, &base).await, "the server started again");
    let res = c.post(format!("{base}/api/portal/my_visits")).header("origin", &base).send().await.unwrap();
    assert_eq!(res.status(), 200, "the session survived the kill");
    let res = c.post(format!("{base}/api/auth/sign_out")).header("origin", &base).send().await.unwrap();
    assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
    let res = c.post(format!("{base}/api/portal/my_visits")).header("origin", &base).send().await.unwrap();
    assert_eq!(res.status(), 401, "signed out at once");
    server.kill().unwrap();
    server.wait().unwrap();
}

fn start(db: &std::path::Path, dir: &std::path::Path, port: u16) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env("SAMVAER_DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("SAMVAER_ADDR", format!("127.0.0.1:{port}"))
        .env("SAMVAER_SEED_DEMO", "1")
        .env("SAMVAER_SECRET_KEY_FILE", dir.join("secret.key"))
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

async fn up_at(c: &reqwest::Client, base: &str) -> bool {
    for _ in 0..200 {
        if c.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status() == 200) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}
