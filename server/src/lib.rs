//! The Samvær server: builds the router from settings so `main` and the tests start the same app.

pub mod config;
pub mod layers;
pub mod seed;
pub mod smtp_sink;

use std::sync::Arc;
use std::time::Duration;

use app::context::{AppState, Settings};
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::from_fn;
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sqlx::SqlitePool;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::timeout::{ResponseBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{CachingSessionStore, Expiry, SessionManagerLayer};
use tower_sessions_moka_store::MokaStore;
use tower_sessions_sqlx_store::SqliteStore;

pub use app::db::{connect, migrate};

/// Sessions kept in memory at most (more are read from the database as they come).
const SESSION_CACHE_CAPACITY: u64 = 20_000;

/// Starts the worker that sends notices (and deletes message texts past the retention period).
pub fn start_notices(pool: SqlitePool, settings: Settings, senders: app::channels::notify::Senders, every: Duration) {
    tokio::spawn(app::channels::notify::run(pool, Arc::new(settings), senders, every));
}

/// Builds the whole app: pages, server functions, static files, sessions and the layers.
pub async fn build_app(
    pool: SqlitePool,
    settings: Settings,
    leptos_options: LeptosOptions,
) -> Result<Router, sqlx::Error> {
    build_app_with(pool, settings, leptos_options, Router::new()).await
}

/// The app with `extra` routes under the same layers (tests use it for routes that panic or hang).
pub async fn build_app_with(
    pool: SqlitePool,
    settings: Settings,
    leptos_options: LeptosOptions,
    extra: Router<AppState>,
) -> Result<Router, sqlx::Error> {
    let store = SqliteStore::new(pool.clone());
    store.migrate().await?;
    tokio::spawn(store.clone().continuously_delete_expired(Duration::from_secs(600)));
    // Sessions are read from memory and written through to SQLite: a signed-in page no longer
    // waits on a database read for its session, and a restarted server finds every session in
    // the file. One process serves the database, so the memory copy is never stale: a sign-out
    // deletes both. The cache drops a session at its own expiry.
    let store = CachingSessionStore::new(MokaStore::new(Some(SESSION_CACHE_CAPACITY)), store);
    let idle = tower_sessions::cookie::time::Duration::seconds(settings.session_idle_secs);
    let sessions = SessionManagerLayer::new(store)
        .with_name("samvaer_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookies())
        // Saved when changed: `guard::current_user` changes a signed-in session at most once a
        // minute, so its inactivity expiry slides with use without a write on every request.
        .with_expiry(Expiry::OnInactivity(idle));

    let layer_cfg = layers::LayerConfig {
        public_url: settings.public_url.clone(),
        secure: settings.secure_cookies(),
        trusted_proxies: settings.trusted_proxies,
        who_key: settings.secret_key.derive("who-header"),
    };
    let timeout = Duration::from_secs(settings.request_timeout_secs.max(1));
    let settings = Arc::new(settings);
    let sign_in_queue = app::channels::signin_queue::SignInQueue::start(pool.clone(), settings.clone());
    let audit = app::audit::writer::AuditWriter::start(pool.clone()).await?;
    let callers = Arc::new(app::auth::callers::Callers::new(&pool, settings.kept_settle));
    let family_lists = Arc::new(app::portal::service::lists(&pool, settings.kept_settle));
    let boards = Arc::new(app::booking::board::service::boards(&pool, settings.kept_settle));
    let overviews = Arc::new(app::overview::service::overviews(&pool, settings.kept_settle));
    let state =
        AppState { leptos_options, pool, settings, sign_in_queue, audit, callers, family_lists, boards, overviews };
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(app::auth::guard::RequestUser::default());
        }
    };
    let app_shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };

    // leptos_routes_with_context also registers every server function under /api.
    // Build files with their .br/.gz siblings made by cargo-leptos (best compression, done once).
    let pkg_dir = format!("{}/{}", state.leptos_options.site_root, state.leptos_options.site_pkg_dir);
    let pkg = ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip();
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/ical/{file}", get(app::calendar::feed::feed))
        .route("/beskrivelser/{id}/pdf", get(app::descriptions::export::download))
        .merge(extra)
        .nest_service("/pkg", pkg)
        .leptos_routes_with_context(&state, routes, context.clone(), app_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .with_state(state.clone())
        .layer(from_fn_with_state(layer_cfg.clone(), layers::who))
        .layer(sessions)
        .layer(from_fn(layers::server_fn_status))
        .layer(from_fn_with_state(layer_cfg.clone(), layers::same_origin))
        .layer(from_fn_with_state(layer_cfg.clone(), layers::client_address))
        .layer(from_fn_with_state(layer_cfg, layers::security_headers))
        .layer(CompressionLayer::new())
        .layer(from_fn(layers::cache_headers))
        .layer(CatchPanicLayer::custom(layers::panic_page))
        // No request runs on for ever: past the timeout it gets a Danish page (and a body that
        // stops coming is cut off), so no client waits on a connection that will never answer.
        .layer(ResponseBodyTimeoutLayer::new(timeout))
        .layer(TimeoutLayer::with_status_code(StatusCode::GATEWAY_TIMEOUT, timeout))
        .layer(from_fn(layers::timeout_page))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
            // Only method, path and request id, never the query string; and the secret tokens in
            // paths (calendar feeds, channel links) never reach the log.
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            let path = match req.uri().path() {
                p if p.starts_with("/ical/") => "/ical/…",
                p if p.starts_with("/k/") => "/k/…",
                p => p,
            };
            tracing::info_span!("http", method = %req.method(), path = path, request_id = id)
        }))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid));
    Ok(router)
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&state.pool).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
