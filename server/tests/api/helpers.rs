//! Starts the real app on 127.0.0.1:0 with its own fresh SQLite file and the demo data.

use std::net::SocketAddr;

use app::context::Settings;
use reqwest::{Client, Response, header};
use serde_json::Value;
use sqlx::SqlitePool;

pub struct TestApp {
    pub base: String,
    pub pool: SqlitePool,
    /// The SQLite file (its -wal file sits beside it).
    pub db_file: std::path::PathBuf,
    /// What the app has sent by e-mail, as the local SMTP sink received it.
    pub mail: server::smtp_sink::Inbox,
    /// Where the app's SMS texts are written (the demo's folder adapter), one file each.
    pub sms_dir: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

pub const DEMO_PASSWORD: &str = "samvaer-demo";

pub async fn spawn() -> TestApp {
    spawn_with(Settings::default()).await
}

pub async fn spawn_with(settings: Settings) -> TestApp {
    spawn_with_routes(settings, axum::Router::new()).await
}

/// The app with extra routes under its layers (routes that panic or hang, for the tests).
pub async fn spawn_with_routes(mut settings: Settings, extra: axum::Router<app::context::AppState>) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let pool = server::connect(&url).await.expect("open database");
    server::migrate(&pool).await.expect("migrate");
    assert!(server::seed::seed_demo(&pool).await.expect("seed"), "fresh database is seeded");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    settings.public_url = format!("http://{addr}");
    let options = leptos::prelude::get_configuration(None).expect("leptos config").leptos_options;
    // A local SMTP sink receives what the app mails; notices are sent every 100 ms.
    let sink = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind sink");
    let sink_port = sink.local_addr().expect("sink addr").port();
    let mail = server::smtp_sink::Inbox::default();
    tokio::spawn(server::smtp_sink::run(sink, None, mail.clone()));
    let senders = app::channels::notify::Senders {
        mail: Some(app::channels::notify::smtp("127.0.0.1", sink_port, "none", None, None).expect("smtp")),
        from: "Samværscentret <ikke-svar@samvaer.local>".parse().expect("from"),
        sms: app::channels::notify::Sms::Folder(dir.path().join("sms")),
    };
    server::start_notices(pool.clone(), settings.clone(), senders, std::time::Duration::from_millis(100));
    let app = server::build_app_with(pool.clone(), settings, options, extra).await.expect("build app");
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve");
    });
    TestApp {
        base: format!("http://{addr}"),
        pool,
        db_file: dir.path().join("test.db"),
        mail,
        sms_dir: dir.path().join("sms"),
        _dir: dir,
    }
}

/// A browser-like client with its own cookie jar.
pub fn client() -> Client {
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

pub fn path<F: server_fn::ServerFn>() -> &'static str {
    F::PATH
}

impl TestApp {
    /// Calls a server function the way the hydrated app does (form-encoded body, JSON back).
    pub async fn call<F: server_fn::ServerFn>(&self, c: &Client, form: &[(&str, &str)]) -> Response {
        c.post(format!("{}{}", self.base, path::<F>()))
            .header(header::ORIGIN, &self.base)
            .form(form)
            .send()
            .await
            .expect("request")
    }

    pub async fn sign_in(&self, c: &Client, email: &str, password: &str) -> Response {
        self.call::<app::auth::api::SignIn>(c, &[("email", email), ("password", password)]).await
    }

    pub async fn signed_in(&self, email: &str) -> Client {
        let c = client();
        let res = self.sign_in(&c, email, DEMO_PASSWORD).await;
        assert_eq!(res.status(), 200, "demo sign-in for {email}");
        c
    }

    pub async fn user_id(&self, email: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
            .bind(email)
            .fetch_one(&self.pool)
            .await
            .expect("user")
    }
}

pub async fn json(res: Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let body = res.text().await.expect("body");
    (status, serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

impl TestApp {
    /// Every byte the database holds on disk: the file and its write-ahead log.
    pub fn database_bytes(&self) -> Vec<u8> {
        let mut bytes = std::fs::read(&self.db_file).expect("database file");
        bytes.extend(std::fs::read(self.db_file.with_extension("db-wal")).unwrap_or_default());
        bytes
    }
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

impl TestApp {
    /// Waits for an SMS to `to` containing `needle` (up to 10 s) and returns its text.
    pub async fn sms_to(&self, to: &str, needle: &str) -> String {
        for _ in 0..100 {
            let mut files: Vec<_> =
                std::fs::read_dir(&self.sms_dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
            files.sort();
            for f in files.iter().rev() {
                let text = std::fs::read_to_string(f).unwrap_or_default();
                if text.starts_with(&format!("To: {to}\n")) && text.contains(needle) {
                    return text;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("no SMS to {to} with {needle:?}");
    }
}
