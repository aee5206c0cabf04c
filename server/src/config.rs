//! One typed configuration, read once at start from environment variables with safe defaults.
//! Secrets are never logged: `Debug` for this type prints no secret (the server key, the message
//! keys and the SMTP and SMS credentials are redacted types).

use std::net::SocketAddr;

use app::channels::crypto::MessageKeys;
use app::channels::notify::{self, Senders};
use app::context::{SecretKey, Settings};

#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// `SAMVAER_DATABASE_URL`, default `sqlite://data/samvaer.db` (created on first start).
    pub database_url: String,
    /// `SAMVAER_ADDR`, default `127.0.0.1:3000` (or cargo-leptos's `LEPTOS_SITE_ADDR`).
    pub addr: SocketAddr,
    /// `SAMVAER_SEED_DEMO=1`: fill an empty database with demo data at start.
    pub seed_demo: bool,
    /// `SAMVAER_LOG_FORMAT=json` for JSON lines, anything else for readable text.
    pub json_logs: bool,
    pub app: Settings,
    /// E-mail and SMS for notices (see `senders`); credentials redacted in `Debug`.
    pub senders: Senders,
    /// `SAMVAER_NOTICE_INTERVAL_MS`, default 2000: how often due notices are sent.
    pub notice_interval_ms: u64,
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

/// `SAMVAER_TRUST_PROXY`: how many proxies of our own stand in front of the server (`1` for one
/// reverse proxy; `true`/`yes` mean 1); unset or 0: none, and `X-Forwarded-For` is ignored.
fn trusted_proxies() -> Result<usize, String> {
    match var("SAMVAER_TRUST_PROXY").as_deref().map(str::trim) {
        None | Some("" | "0" | "false" | "no") => Ok(0),
        Some("true" | "yes") => Ok(1),
        Some(n) => n.parse().map_err(|_| format!("SAMVAER_TRUST_PROXY must be a number of proxies, got {n:?}")),
    }
}

/// A time limit in whole seconds, 1 to 120 (a notice's claim lasts 10 minutes: well beyond
/// the longest round of sends this allows).
fn secs(key: &str, default: i64) -> Result<std::time::Duration, String> {
    let n = num(key, default)?;
    if !(1..=120).contains(&n) {
        return Err(format!("{key} must be 1 to 120 seconds, got {n}"));
    }
    Ok(std::time::Duration::from_secs(n.unsigned_abs()))
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
            secret_key: SecretKey([0; 32]),
            link_days: num("SAMVAER_LINK_DAYS", defaults.link_days)?,
            message_retention_days: num("SAMVAER_MESSAGE_RETENTION_DAYS", defaults.message_retention_days)?,
            trusted_proxies: trusted_proxies()?,
            notice_timeout: secs("SAMVAER_NOTICE_TIMEOUT_SECS", 30)?,
            request_timeout_secs: u64::try_from(num("SAMVAER_REQUEST_TIMEOUT_SECS", 30)?).unwrap_or(30),
            ..defaults
        };
        let database_url = var("SAMVAER_DATABASE_URL").unwrap_or_else(|| "sqlite://data/samvaer.db".into());
        let key = secret_key(&database_url)?;
        let message_keys = message_keys(&key)?;
        let app = Settings { secret_key: key, message_keys, ..app };
        Ok(ServerConfig {
            database_url,
            addr,
            seed_demo: flag("SAMVAER_SEED_DEMO"),
            json_logs: var("SAMVAER_LOG_FORMAT").as_deref() == Some("json"),
            app,
            senders: senders()?,
            notice_interval_ms: u64::try_from(num("SAMVAER_NOTICE_INTERVAL_MS", 2000)?).unwrap_or(2000),
        })
    }
}

/// `SAMVAER_SECRET_KEY` (at least 32 characters), else the key in `SAMVAER_SECRET_KEY_FILE`
/// (default `secret.key` beside the database), made with 32 random bytes on first start. Links
/// derived from it (calendar feeds) stop working if it changes.
fn secret_key(database_url: &str) -> Result<SecretKey, String> {
    if let Some(material) = var("SAMVAER_SECRET_KEY") {
        return SecretKey::from_material(material.trim().as_bytes())
            .ok_or_else(|| "SAMVAER_SECRET_KEY must be at least 32 characters".to_string());
    }
    let db_dir = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .map(|p| p.split('?').next().unwrap_or(p))
        .filter(|p| !p.is_empty() && !p.contains(":memory:"))
        .and_then(|p| std::path::Path::new(p).parent().map(|d| d.to_path_buf()));
    let Some(path) =
        var("SAMVAER_SECRET_KEY_FILE").map(std::path::PathBuf::from).or_else(|| db_dir.map(|d| d.join("secret.key")))
    else {
        eprintln!("warning: an in-memory database and no SAMVAER_SECRET_KEY: calendar links last until restart");
        return Ok(SecretKey::random());
    };
    if let Ok(text) = std::fs::read_to_string(&path) {
        return SecretKey::from_material(text.trim().as_bytes())
            .ok_or_else(|| format!("the key in {} is shorter than 32 characters", path.display()));
    }
    let key = SecretKey::random();
    let text: String = key.0.iter().map(|b| format!("{b:02x}")).collect();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    write_private(&path, &text).map_err(|e| format!("cannot write the key file {}: {e}", path.display()))?;
    SecretKey::from_material(text.as_bytes()).ok_or_else(|| "key generation failed".to_string())
}

/// Mail: `SAMVAER_SMTP_HOST` (none: e-mail notices wait and are flagged), `SAMVAER_SMTP_PORT`,
/// `SAMVAER_SMTP_TLS` = starttls (default) / tls / none, `SAMVAER_SMTP_USER`, `SAMVAER_SMTP_PASSWORD`,
/// `SAMVAER_MAIL_FROM`. SMS: `SAMVAER_SMS_URL` and `SAMVAER_SMS_TOKEN` for an HTTP gateway,
/// `SAMVAER_SMS_DIR` to write texts to a folder (demo and tests only), else the log-only adapter.
/// The gateway's client gives up on connecting after 5 seconds and on a request after
/// `SAMVAER_SMS_TIMEOUT_SECS` (default 15).
pub fn senders() -> Result<Senders, String> {
    let tls = var("SAMVAER_SMTP_TLS").unwrap_or_else(|| "starttls".into());
    let default_port = match tls.as_str() {
        "tls" => 465,
        "none" => 25,
        _ => 587,
    };
    let port = u16::try_from(num("SAMVAER_SMTP_PORT", default_port)?).map_err(|_| "SAMVAER_SMTP_PORT is not a port")?;
    let mail = match var("SAMVAER_SMTP_HOST") {
        Some(host) => Some(notify::smtp(&host, port, &tls, var("SAMVAER_SMTP_USER"), var("SAMVAER_SMTP_PASSWORD"))?),
        None => None,
    };
    let from = var("SAMVAER_MAIL_FROM").unwrap_or_else(|| "Samværscentret <ikke-svar@samvaer.local>".into());
    let from = from.parse().map_err(|_| format!("SAMVAER_MAIL_FROM is not an address: {from:?}"))?;
    let sms = match (var("SAMVAER_SMS_URL"), var("SAMVAER_SMS_TOKEN"), var("SAMVAER_SMS_DIR")) {
        (Some(url), Some(token), _) => {
            let total = secs("SAMVAER_SMS_TIMEOUT_SECS", 15)?;
            notify::Sms::http(url, token, std::time::Duration::from_secs(5), total)?
        }
        (_, _, Some(dir)) => notify::Sms::Folder(dir.into()),
        _ => notify::Sms::Log,
    };
    Ok(Senders { mail, from, sms })
}

/// `SAMVAER_MESSAGE_KEYS`: "id:base64-of-32-bytes" separated by commas, the first encrypting new
/// bodies and the others kept to read older ones until `server rotate-message-key` has run.
/// Without it, one key ("k1") is derived from the server key.
fn message_keys(secret: &SecretKey) -> Result<MessageKeys, String> {
    use base64::Engine;
    let Some(text) = var("SAMVAER_MESSAGE_KEYS") else {
        return Ok(MessageKeys(vec![("k1".into(), secret.derive("samvaer message key k1"))]));
    };
    let mut keys = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (id, b64) = part.split_once(':').ok_or("SAMVAER_MESSAGE_KEYS: each key is id:base64")?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .map_err(|_| format!("SAMVAER_MESSAGE_KEYS: key {id:?} is not base64"))?;
        let key: [u8; 32] =
            bytes.try_into().map_err(|_| format!("SAMVAER_MESSAGE_KEYS: key {id:?} must be 32 bytes"))?;
        keys.push((id.trim().to_string(), key));
    }
    if keys.is_empty() {
        return Err("SAMVAER_MESSAGE_KEYS has no key".into());
    }
    Ok(MessageKeys(keys))
}

/// Creates a file only its owner can read.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}
