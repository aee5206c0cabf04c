//! One typed configuration, read once at start from environment variables with safe defaults.
//! Secrets are never logged: `Debug` for this type prints no secret (there are none yet; the
//! mail and encryption keys of later issues must be added as redacted fields).

use std::net::SocketAddr;

use app::context::Settings;

#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// `SAMVAER_DATABASE_URL`, default `sqlite://data/samvaer.db` (created on first start).
    pub database_url: String,
    /// `SAMVAER_ADDR`, default `127.0.0.1:3000` (or cargo-leptos's `LEPTOS_SITE_ADDR`).
    pub addr: SocketAddr,
    /// `SAMVAER_TRUST_PROXY=1`: take the client address from `X-Forwarded-For` (behind a proxy only).
    pub trust_proxy: bool,
    /// `SAMVAER_SEED_DEMO=1`: fill an empty database with demo data at start.
    pub seed_demo: bool,
    /// `SAMVAER_LOG_FORMAT=json` for JSON lines, anything else for readable text.
    pub json_logs: bool,
    pub app: Settings,
}

fn var(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.trim().is_empty())
}

fn num(key: &str, default: i64) -> Result<i64, String> {
    match var(key) {
        None => Ok(default),
        Some(v) => v.trim().parse().map_err(|_| format!("{key} must be a whole number, got {v:?}")),
    }
}

fn flag(key: &str) -> bool {
    matches!(var(key).as_deref(), Some("1" | "true" | "yes"))
}

impl ServerConfig {
    pub fn from_env() -> Result<Self, String> {
        let addr_text =
            var("SAMVAER_ADDR").or_else(|| var("LEPTOS_SITE_ADDR")).unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr =
            addr_text.parse().map_err(|_| format!("SAMVAER_ADDR is not an address: {addr_text:?}"))?;
        let defaults = Settings::default();
        let public_url = var("SAMVAER_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}"));
        let app = Settings {
            public_url: public_url.trim_end_matches('/').to_string(),
            sign_in_max_per_account: num("SAMVAER_SIGNIN_MAX_PER_ACCOUNT", defaults.sign_in_max_per_account)?,
            sign_in_max_per_address: num("SAMVAER_SIGNIN_MAX_PER_ADDRESS", defaults.sign_in_max_per_address)?,
            sign_in_window_secs: num("SAMVAER_SIGNIN_WINDOW_SECS", defaults.sign_in_window_secs)?,
            session_idle_secs: num("SAMVAER_SESSION_IDLE_SECS", defaults.session_idle_secs)?,
            session_absolute_secs: num("SAMVAER_SESSION_ABSOLUTE_SECS", defaults.session_absolute_secs)?,
        };
        Ok(ServerConfig {
            database_url: var("SAMVAER_DATABASE_URL").unwrap_or_else(|| "sqlite://data/samvaer.db".into()),
            addr,
            trust_proxy: flag("SAMVAER_TRUST_PROXY"),
            seed_demo: flag("SAMVAER_SEED_DEMO"),
            json_logs: var("SAMVAER_LOG_FORMAT").as_deref() == Some("json"),
            app,
        })
    }
}
