//! Soak: loads every page type as every demo role, with ids taken from the database, over new
//! connections and kept-alive ones, and fails on any 5xx, any request that does not answer within
//! its timeout, and any panic in the server (a panic hook counts them, also in spawned tasks).
//! Starts the real app in-process on 127.0.0.1:0 with a fresh demo database; asserts nothing
//! about time.
//!
//!     cargo run --release -p server --bin soak -- [--requests N] [--concurrency N]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use app::context::Settings;
use reqwest::{Client, header};

const PASSWORD: &str = "samvaer-demo";
const ROLES: [&str; 9] = [
    "mette@demo.test",
    "louise@demo.test",
    // A young person's account, made for the soak (the demo has none).
    YOUNG,
    "konsulent@demo.test",
    "timelonnet@demo.test",
    "koordinator@demo.test",
    "leder@demo.test",
    "raadgiver@demo.test",
    "admin@demo.test",
];

const YOUNG: &str = "sofia.ung@demo.test";

struct Args {
    requests: usize,
    concurrency: usize,
}

fn args() -> Args {
    let mut a = Args { requests: 20_000, concurrency: 8 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--requests" => a.requests = value.parse().unwrap_or(a.requests),
            "--concurrency" => a.concurrency = value.parse().unwrap_or(a.concurrency).max(1),
            _ => eprintln!("unknown argument {flag}"),
        }
    }
    a
}

async fn scalar(pool: &sqlx::SqlitePool, sql: &str) -> Result<i64, String> {
    sqlx::query_scalar(sql).fetch_one(pool).await.map_err(|e| format!("{sql}: {e}"))
}

/// Every page a role has, with real ids.
async fn pages(pool: &sqlx::SqlitePool, email: &str) -> Result<Vec<String>, String> {
    let family = |code: &str| format!("(SELECT f.id FROM families f WHERE f.code = '{code}')");
    let mut p: Vec<String> = vec!["/".into(), "/om-samvaer".into()];
    if email.ends_with("demo.test") && ["mette", "louise"].iter().any(|n| email.starts_with(n)) {
        let code = if email.starts_with("mette") { "F-01" } else { "F-02" };
        let visit = scalar(
            pool,
            &format!("SELECT min(id) FROM appointments WHERE family_id = {} AND kind = 'visit'", family(code)),
        )
        .await?;
        p.extend(
            ["/mine-samvaer", "/mine-samvaer?fane=tidligere", "/kontakt", "/kalender", "/mine-beskeder"]
                .map(String::from),
        );
        p.push(format!("/mine-samvaer/{visit}"));
        // A description shared with the family (0, a not-found page, when there is none).
        let shared = scalar(
            pool,
            &format!(
                "SELECT coalesce(min(d.id), 0) FROM descriptions d JOIN appointments a ON a.id = d.appointment_id \
                 WHERE a.family_id = {} AND d.state IN ('review', 'sent')",
                family(code)
            ),
        )
        .await?;
        p.push(format!("/beskrivelser/{shared}"));
    } else if email == YOUNG {
        // Their own page, and a parent's page they are refused.
        p.extend(["/ung", "/mine-samvaer"].map(String::from));
    } else if email.starts_with("raadgiver") {
        let case = scalar(
            pool,
            &format!(
                "SELECT min(cs.id) FROM cases cs JOIN users u ON u.id = cs.caseworker_id WHERE u.email = '{email}'"
            ),
        )
        .await?;
        p.extend(["/sager".to_string(), format!("/sager/{case}"), "/henvisninger".into(), "/henvisninger/ny".into()]);
        let sent = scalar(
            pool,
            &format!(
                "SELECT coalesce(min(d.id), 0) FROM descriptions d JOIN appointment_children ac ON ac.appointment_id = d.appointment_id \
                 JOIN cases cs ON cs.child_id = ac.child_id JOIN users u ON u.id = cs.caseworker_id \
                 WHERE u.email = '{email}' AND d.state = 'sent'"
            ),
        )
        .await?;
        p.extend([format!("/beskrivelser/{sent}"), format!("/beskrivelser/{sent}/pdf")]);
    } else if email.starts_with("admin") {
        let place = scalar(pool, "SELECT min(id) FROM places").await?;
        let centre = scalar(pool, "SELECT min(id) FROM centres").await?;
        p.extend([
            "/admin/brugere".to_string(),
            "/admin/centre".to_string(),
            format!("/admin/centre?id={centre}"),
            format!("/admin/steder?center={centre}"),
            format!("/admin/sted?center={centre}"),
            format!("/admin/sted?center={centre}&id={place}"),
        ]);
    } else {
        // Cases: the centre's for coordinators and leaders (a consultant is refused, politely).
        let case = scalar(pool, "SELECT min(id) FROM cases").await?;
        p.extend(["/sager".to_string(), format!("/sager/{case}"), "/henvisninger".into(), "/henvisninger/ny".into()]);
        let visit = scalar(pool, "SELECT min(a.id) FROM appointments a WHERE a.kind = 'visit'").await?;
        let staffed = scalar(
            pool,
            &format!(
                "SELECT coalesce(min(s.appointment_id), 0) FROM appointment_staff s JOIN users u ON u.id = s.user_id \
                 WHERE u.email = '{email}'"
            ),
        )
        .await?;
        let channel = scalar(pool, "SELECT min(id) FROM channels").await?;
        p.extend(
            [
                "/oversigt",
                "/booking",
                "/booking?visning=dag",
                "/booking?visning=konsulenter",
                "/booking/ny",
                "/booking/find-tid",
                "/booking/weekender",
                "/bemanding",
                "/beskeder",
            ]
            .map(String::from),
        );
        p.push(format!("/booking/aftale/{}", if staffed > 0 { staffed } else { visit }));
        // A meeting's page, with its agenda and minutes.
        let meeting = scalar(pool, "SELECT min(id) FROM appointments WHERE kind = 'kickoff_meeting'").await?;
        p.push(format!("/booking/aftale/{meeting}"));
        p.push(format!("/beskeder/{channel}"));
        // Descriptions: the lists, the leader's figures (refused to others), one to write, one sent.
        let draft = scalar(pool, "SELECT coalesce(min(id), 0) FROM descriptions WHERE state = 'draft'").await?;
        let sent = scalar(pool, "SELECT coalesce(min(id), 0) FROM descriptions WHERE state = 'sent'").await?;
        p.extend([
            "/beskrivelser".to_string(),
            "/tal/beskrivelser".to_string(),
            format!("/beskrivelser/{draft}"),
            format!("/beskrivelser/{sent}"),
            format!("/beskrivelser/{sent}/pdf"),
        ]);
    }
    Ok(p)
}

/// A young person's account for the demo's 15-year-old, the way the administrator makes one.
async fn young_account(pool: &sqlx::SqlitePool) -> Result<(), String> {
    let child = scalar(pool, "SELECT id FROM children WHERE first_name = 'Sofia'").await?;
    let new = app::auth::service::NewUser {
        email: YOUNG.into(),
        password: Some(PASSWORD.into()),
        full_name: "Sofia Christensen".into(),
        phone: None,
        role: app::auth::Role::Young,
        employment: None,
        centre_id: None,
        account_of: Some((app::auth::service::AccountOf::Child(app::cases::ChildId(child)), None)),
    };
    app::auth::service::create_user(pool, None, new).await.map(|_| ()).map_err(|e| e.to_string())
}

async fn sign_in(client: &Client, base: &str, email: &str) -> Result<String, String> {
    let res = client
        .post(format!("{base}/api/auth/sign_in"))
        .header(header::ORIGIN, base)
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .map_err(|e| format!("sign-in {email}: {e}"))?;
    let cookie = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("samvaer_session="))
        .and_then(|c| c.split(';').next())
        .map(str::to_string);
    match (res.status().as_u16(), cookie) {
        (200, Some(c)) => Ok(c),
        (status, _) => Err(format!("sign-in {email}: {status}")),
    }
}

#[tokio::main]
async fn main() {
    if let Err(e) = run(args()).await {
        eprintln!("soak: FAILED: {e}");
        std::process::exit(1);
    }
}

async fn run(a: Args) -> Result<(), String> {
    let panics = Arc::new(AtomicUsize::new(0));
    let counted = panics.clone();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        counted.fetch_add(1, Ordering::SeqCst);
        default_hook(info);
    }));
    let dir = std::path::Path::new("target/soak");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("target/soak: {e}"))?;
    let url = format!("sqlite://{}", dir.join("soak.db").display());
    let pool = server::connect(&url).await.map_err(|e| e.to_string())?;
    server::migrate(&pool).await.map_err(|e| e.to_string())?;
    server::seed::seed_demo(&pool).await.map_err(|e| e.to_string())?;
    young_account(&pool).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let base = format!("http://{addr}");
    let settings = Settings { public_url: base.clone(), sign_in_max_per_address: 1_000, ..Default::default() };
    let options = leptos::prelude::get_configuration(None).map_err(|e| e.to_string())?.leptos_options;
    let router = server::build_app(pool.clone(), settings, options).await.map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await;
    });

    let keep_alive = Client::builder().timeout(Duration::from_secs(10)).build().map_err(|e| e.to_string())?;
    let fresh = Client::builder()
        .timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(0)
        .build()
        .map_err(|e| e.to_string())?;
    let mut work: Vec<(String, String)> = vec![("/logind".into(), String::new()), ("/k/ukendt".into(), String::new())];
    for email in ROLES {
        let cookie = sign_in(&keep_alive, &base, email).await?;
        for page in pages(&pool, email).await? {
            work.push((page, cookie.clone()));
        }
    }
    println!("soak: {} page types over {} roles and anonymous, {} requests", work.len(), ROLES.len(), a.requests);
    let work = Arc::new(work);
    let next = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..a.concurrency {
        let (work, next, failures, base) = (work.clone(), next.clone(), failures.clone(), base.clone());
        // Half the workers open a new connection for every request, half keep theirs alive.
        let client = if worker % 2 == 0 { fresh.clone() } else { keep_alive.clone() };
        let total = a.requests;
        tasks.spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                if n >= total {
                    break;
                }
                let (page, cookie) = &work[n % work.len()];
                let mut req = client.get(format!("{base}{page}"));
                if !cookie.is_empty() {
                    req = req.header(header::COOKIE, cookie);
                }
                let problem = match req.send().await {
                    Ok(res) if res.status().is_server_error() => Some(format!("{page}: {}", res.status())),
                    Ok(res) => res.bytes().await.err().map(|e| format!("{page}: body: {e}")),
                    Err(e) if e.is_timeout() => Some(format!("{page}: no answer within 10 s")),
                    Err(e) => Some(format!("{page}: {e}")),
                };
                if let Some(p) = problem
                    && let Ok(mut f) = failures.lock()
                {
                    f.push(p);
                }
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    let failures = failures.lock().map(|f| f.clone()).unwrap_or_default();
    let panicked = panics.load(Ordering::SeqCst);
    let done = next.load(Ordering::SeqCst).min(a.requests);
    println!("soak: {done} requests, {} failed, {panicked} panics", failures.len());
    for f in failures.iter().take(20) {
        println!("  {f}");
    }
    if done < a.requests || !failures.is_empty() || panicked > 0 {
        return Err(format!("{} failed requests, {panicked} panics", failures.len()));
    }
    Ok(())
}
