//! The application state and what a server function reads from the request it serves.

use std::sync::Arc;

use axum::http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use sqlx::SqlitePool;

use crate::error::AppError;

/// Settings the app reads while serving. The server fills it from the environment once at start.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The origin the app is reached at, e.g. `https://samvaer.example.dk`.
    pub public_url: String,
    /// Failed sign-ins allowed per account within `sign_in_window_secs`.
    pub sign_in_max_per_account: i64,
    /// Failed sign-ins allowed per client address within `sign_in_window_secs`.
    pub sign_in_max_per_address: i64,
    pub sign_in_window_secs: i64,
    /// A session ends after this long without a request.
    pub session_idle_secs: i64,
    /// A session ends this long after sign-in, however active.
    pub session_absolute_secs: i64,
    /// The server's secret for derived tokens (calendar links). Never logged.
    pub secret_key: SecretKey,
    /// Keys for message bodies at rest; the first encrypts. Never logged.
    pub message_keys: crate::channels::crypto::MessageKeys,
    /// A new channel link's lifetime in days unless staff choose another.
    pub link_days: i64,
    /// Messages older than this many days lose their text (the audit trail stays).
    pub message_retention_days: i64,
    /// Proxies of our own in front of the server: the client's address is the entry this many
    /// places from the right of `X-Forwarded-For` (0: the connection's own address).
    pub trusted_proxies: usize,
    /// How long one notice may take to send before it counts as a failed try (a gateway that
    /// hangs then holds up nothing else).
    pub notice_timeout: std::time::Duration,
    /// No request runs longer than this; it is answered with a Danish error page instead.
    pub request_timeout_secs: u64,
    /// How long after a change to the database reads are not kept in memory (`kept::SETTLE`;
    /// tests set zero to see what is kept at once).
    pub kept_settle: std::time::Duration,
}

/// 32 secret bytes. `Debug` prints nothing of them.
#[derive(Clone)]
pub struct SecretKey(pub [u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(redacted)")
    }
}

impl SecretKey {
    /// A key for one purpose, derived from this one (HMAC-SHA256), so one secret can serve many.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        use hmac::Mac;
        let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.0) else {
            return self.0; // unreachable: HMAC takes keys of any length
        };
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// A fresh key from the operating system's generator.
    pub fn random() -> Self {
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        SecretKey(bytes)
    }

    /// A key from configured material of any length (at least 32 bytes): its SHA-256.
    pub fn from_material(material: &[u8]) -> Option<Self> {
        use sha2::Digest;
        (material.len() >= 32).then(|| SecretKey(sha2::Sha256::digest(material).into()))
    }
}

impl Settings {
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_url: "http://127.0.0.1:3000".into(),
            sign_in_max_per_account: 5,
            sign_in_max_per_address: 30,
            sign_in_window_secs: 15 * 60,
            session_idle_secs: 30 * 60,
            session_absolute_secs: 12 * 60 * 60,
            secret_key: SecretKey::random(),
            message_keys: crate::channels::crypto::MessageKeys(vec![("k1".into(), SecretKey::random().0)]),
            link_days: 14,
            message_retention_days: 730,
            trusted_proxies: 0,
            notice_timeout: std::time::Duration::from_secs(30),
            request_timeout_secs: 30,
            kept_settle: crate::kept::SETTLE,
        }
    }
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub settings: Arc<Settings>,
    /// "Log ind uden adgangskode" requests, worked off in the background.
    pub sign_in_queue: crate::channels::signin_queue::SignInQueue,
    /// Commits the audit entries of reads in batches (`audit::read`).
    pub audit: crate::audit::writer::AuditWriter,
    /// Who sessions are signed in as, kept between requests (`auth::callers`).
    pub callers: Arc<crate::auth::callers::Callers>,
    /// A family's lists of visits, kept between requests (`portal::service::my_visits`).
    pub family_lists: Arc<crate::portal::service::Lists>,
    /// A centre's week or day of appointments, places and consultants, kept between requests
    /// (`booking::board::service::board`).
    pub boards: Arc<crate::booking::board::service::Boards>,
    /// What a staff member's overview shows, kept between requests (`overview::service`).
    pub overviews: Arc<crate::overview::service::Overviews>,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The app state, provided as context to every render and server function.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("context", "AppState missing"))
}

/// The id the request-id layer gave this request ("-" outside a request).
pub fn request_id() -> String {
    use_context::<Parts>()
        .and_then(|p| p.headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string))
        .unwrap_or_else(|| "-".into())
}

/// The client's address as seen by the server, or as our own proxies saw it (`trusted_proxies`).
pub fn client_address() -> String {
    use_context::<Parts>()
        .and_then(|p| p.extensions.get::<ClientAddress>().map(|a| a.0.clone()))
        .unwrap_or_else(|| "unknown".into())
}

/// Put into request extensions by the server's address layer.
#[derive(Clone, Debug)]
pub struct ClientAddress(pub String);

/// Runs a server function body and turns its error into the matching HTTP status.
pub async fn respond<T>(body: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let result = body.await;
    if let Err(err) = &result
        && let Some(opts) = use_context::<ResponseOptions>()
        && let Ok(code) = axum::http::StatusCode::from_u16(err.status_code())
    {
        opts.set_status(code);
    }
    result
}

/// Does the request come from a phone? The client hint `Sec-CH-UA-Mobile: ?1` (Chromium), else
/// "Mobi" in the user agent (Safari, Firefox and Chromium on phones; not tablets).
pub fn from_phone() -> bool {
    use_context::<Parts>().is_some_and(|p| {
        let header = |name: &str| p.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default();
        header("sec-ch-ua-mobile") == "?1" || header("user-agent").contains("Mobi")
    })
}

/// Is this a plain HTML form post (the browser asks for a page back)?
fn plain_form_post() -> bool {
    use_context::<Parts>()
        .and_then(|p| {
            p.headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// For a plain HTML form post (no JavaScript), answer with a redirect to `path`. A call from the
/// hydrated app gets the value back instead and navigates itself.
pub fn redirect_form_post(path: &str) {
    if plain_form_post() {
        leptos_axum::redirect(path);
    }
}

/// For a plain HTML form post that was refused, send the browser back to `form` with what was
/// typed in the address (`fields`, the form page's own prefill keys) and the refusal, instead of
/// the page it came from with only the refusal: the form then shows its message beside the
/// person's own choices, not the defaults. `server_fn` is the refused function's path. Only a
/// refusal of what was typed (invalid or conflicting) comes back with it, and only while it is
/// short (an address has a limit, and a proxy's header buffer too); otherwise the framework's own
/// redirect stands.
pub fn refused_form_post(server_fn: &str, form: &str, fields: &[(&str, String)], error: &AppError) {
    const MAX_TYPED: usize = 2_000;
    let refusal = matches!(error, AppError::Validation(_) | AppError::Conflict(_));
    let short = fields.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>() <= MAX_TYPED;
    let Some(opts) = use_context::<ResponseOptions>().filter(|_| refusal && short && plain_form_post()) else {
        return;
    };
    let base = format!("http://samvaer.invalid{form}");
    let Ok(mut url) = server_fn::error::ServerFnUrlError::new(server_fn, error.clone()).to_url(&base) else {
        return;
    };
    url.query_pairs_mut().extend_pairs(fields.iter().filter(|(_, v)| !v.is_empty()));
    let back = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    if let Ok(value) = axum::http::HeaderValue::from_str(&back) {
        opts.insert_header(axum::http::header::LOCATION, value);
    }
}
