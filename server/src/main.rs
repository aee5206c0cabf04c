//! `server [serve|migrate|seed-demo|create-user]`

use std::net::SocketAddr;

use app::auth::{
    Role,
    service::{NewUser, create_user},
};
use clap::{Parser, Subcommand};
use server::config::ServerConfig;
use tracing_subscriber::{EnvFilter, fmt};

/// mimalloc instead of glibc's malloc: a profile of signed-in pages under load spent a fifth of
/// the server's time in glibc's malloc and free (many small allocations while rendering, handed
/// between threads); mimalloc is Microsoft's maintained allocator made for exactly that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "server", about = "Samvær: the visitation centre's app")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the app (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Fill an empty database with the demo centre; does nothing if data exists.
    SeedDemo,
    /// Re-encrypt every message and notice under the first key of SAMVAER_MESSAGE_KEYS.
    RotateMessageKey,
    /// Create a user. The password is read from SAMVAER_NEW_USER_PASSWORD, so it stays out of
    /// shell history and process lists.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// parent, consultant, coordinator, leader, caseworker or admin
        #[arg(long)]
        role: String,
        /// For a consultant: permanent (default) or hourly
        #[arg(long)]
        employment: Option<String>,
        /// The centre's id for a staff account (needed when there are several)
        #[arg(long)]
        centre: Option<i64>,
    },
}

#[tokio::main]
async fn main() {
    if let Err(message) = run().await {
        eprintln!("samvaer: {message}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), String> {
    let cli = Cli::parse();
    let config = ServerConfig::from_env()?;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn"));
    if config.json_logs {
        fmt().json().with_env_filter(filter).init();
    } else {
        fmt().with_env_filter(filter).init();
    }
    if let Some(dir) = config.database_url.strip_prefix("sqlite://").and_then(|p| std::path::Path::new(p).parent())
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create the data directory {}: {e}", dir.display()))?;
    }
    let pool = server::connect(&config.database_url).await.map_err(|e| format!("cannot open the database: {e}"))?;
    server::migrate(&pool).await.map_err(|e| format!("migration failed: {e}"))?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            tracing::info!("database migrated");
            Ok(())
        }
        Command::SeedDemo => seed(&pool).await,
        Command::RotateMessageKey => {
            let n = app::channels::notify::rotate(&pool, &config.app).await.map_err(|e| e.to_string())?;
            println!("re-encrypted {n} texts under key {}", config.app.message_keys.current_id());
            Ok(())
        }
        Command::CreateUser { email, name, role, employment, centre } => {
            let role = Role::parse(&role).ok_or_else(|| format!("unknown role {role:?}"))?;
            let password = std::env::var("SAMVAER_NEW_USER_PASSWORD").ok().filter(|p| !p.is_empty());
            let new = NewUser {
                email,
                password,
                full_name: name,
                phone: None,
                role,
                employment,
                centre_id: centre,
                account_of: None,
            };
            let id = create_user(&pool, None, new).await.map_err(|e| e.to_string())?;
            println!("created user {}", id.0);
            Ok(())
        }
        Command::Serve => {
            if config.seed_demo {
                seed(&pool).await?;
            }
            serve(config, pool).await
        }
    }
}

async fn seed(pool: &sqlx::SqlitePool) -> Result<(), String> {
    let seeded = server::seed::seed_demo(pool).await.map_err(|e| format!("demo data failed: {e}"))?;
    if seeded {
        tracing::info!("demo data created");
    } else {
        tracing::info!("database already has data; demo data not added");
    }
    Ok(())
}

async fn serve(config: ServerConfig, pool: sqlx::SqlitePool) -> Result<(), String> {
    let mut leptos_options =
        leptos::prelude::get_configuration(None).map_err(|e| format!("leptos configuration: {e}"))?.leptos_options;
    leptos_options.site_addr = config.addr;
    // A release build made by cargo-leptos leaves hash.txt beside the binary: the hashed file names.
    if let Ok(exe) = std::env::current_exe()
        && exe.with_file_name(leptos_options.hash_file.as_ref()).exists()
    {
        leptos_options.hash_files = true;
    }
    let every = std::time::Duration::from_millis(config.notice_interval_ms);
    server::start_notices(pool.clone(), config.app.clone(), config.senders.clone(), every);
    let app = server::build_app(pool.clone(), config.app.clone(), leptos_options)
        .await
        .map_err(|e| format!("cannot start: {e}"))?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    tracing::info!(addr = %config.addr, "listening");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
