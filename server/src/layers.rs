//! Middleware: security headers, the CSRF origin check, the client address, and the 500 page.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, Response, StatusCode, header};
use axum::middleware::Next;
use axum::response::IntoResponse;

use app::context::ClientAddress;
use app::error::AppError;

#[derive(Clone)]
pub struct LayerConfig {
    pub public_url: String,
    pub secure: bool,
    /// Our own proxies in front of the server (see `client_ip`).
    pub trusted_proxies: usize,
    /// Keys the `X-Samvaer-Who` value (never the user id itself).
    pub who_key: [u8; 32],
}

/// Headers on every response. Pages set their own CSP with a nonce; everything else gets the
/// strict one without.
pub async fn security_headers(State(cfg): State<LayerConfig>, req: Request, next: Next) -> Response<Body> {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(v) = HeaderValue::from_str(&app::layout::security::policy(None))
    {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if cfg.secure {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    res
}

/// CSRF defence for state-changing requests: a POST must say it comes from this site, by an
/// `Origin` that is this site or, where a browser sends no `Origin`, `Sec-Fetch-Site:
/// same-origin`. A request that says neither is refused. (Session cookies are also SameSite=Lax.)
pub async fn same_origin(State(cfg): State<LayerConfig>, req: Request, next: Next) -> Response<Body> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let allowed = match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        None => fetch_site == Some("same-origin"),
        Some(o) => {
            let same_host_tls = o == format!("https://{host}");
            // Plain http for the same host only while the app itself is not served over TLS.
            let same_host_plain = !cfg.secure && o == format!("http://{host}");
            (o == cfg.public_url || same_host_tls || same_host_plain) && fetch_site != Some("cross-site")
        }
    };
    if !allowed {
        tracing::warn!(method = %req.method(), path = req.uri().path(), "cross-origin request refused");
        return (StatusCode::FORBIDDEN, "Forespørgslen kom fra et andet websted og blev afvist.").into_response();
    }
    next.run(req).await
}

/// The client's address: the connection's own, or behind `hops` proxies of our own the entry
/// that many places from the right of `X-Forwarded-For` (each proxy appends the address it saw,
/// so entries further left are whatever the client chose to send). Too few entries: the request
/// did not come through our proxies, and the connection's address stands.
pub fn client_ip(forwarded_for: Option<&str>, peer: Option<String>, hops: usize) -> String {
    let entries: Vec<&str> = forwarded_for.map(|v| v.split(',').map(str::trim).collect()).unwrap_or_default();
    let from_proxy = (hops > 0 && entries.len() >= hops)
        .then(|| entries[entries.len() - hops])
        .filter(|e| e.parse::<std::net::IpAddr>().is_ok());
    from_proxy.map(str::to_string).or(peer).unwrap_or_else(|| "unknown".into())
}

/// Puts the client's address in the request for rate limiting and logs.
pub async fn client_address(State(cfg): State<LayerConfig>, mut req: Request, next: Next) -> Response<Body> {
    // Every X-Forwarded-For line, in order: a proxy may add a line of its own instead of
    // appending to the client's.
    let lines: Vec<&str> = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    let forwarded = (!lines.is_empty()).then(|| lines.join(","));
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    let address = client_ip(forwarded.as_deref(), peer, cfg.trusted_proxies);
    req.extensions_mut().insert(ClientAddress(address));
    next.run(req).await
}

/// `X-Samvaer-Who` on every page: a keyed value for whoever the request was answered for (the
/// signed-in account, or a link's confirmed device), "-" for nobody. The service worker forgets
/// the pages it saved when this changes, so one person's saved pages never show to the next, also
/// after a sign-in by link.
pub async fn who(State(cfg): State<LayerConfig>, req: Request, next: Next) -> Response<Body> {
    let session = req.extensions().get::<tower_sessions::Session>().cloned();
    let device = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';').map(str::trim))
        .find_map(|c| c.strip_prefix("samvaer_enhed=").map(str::to_string));
    let mut res = next.run(req).await;
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_page {
        return res;
    }
    let uid = match session {
        Some(s) => s.get::<i64>(app::auth::guard::SESSION_USER).await.ok().flatten(),
        None => None,
    };
    let subject = match (uid, device) {
        (Some(uid), _) => Some(format!("user:{uid}")),
        (None, Some(d)) if !d.is_empty() => Some(format!("device:{d}")),
        _ => None,
    };
    let value = subject.map_or_else(|| "-".to_string(), |s| who_value(&cfg.who_key, &s));
    if let Ok(v) = HeaderValue::from_str(&value) {
        res.headers_mut().insert("x-samvaer-who", v);
    }
    res
}

fn who_value(key: &[u8; 32], subject: &str) -> String {
    app::context::SecretKey(*key).derive(subject).iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// A panic anywhere becomes a plain Danish 500 page; the panic text stays in the log (with the
/// request id, from the span the trace layer opened).
pub fn panic_page(err: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "request panicked");
    let html = "<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
        content=\"width=device-width, initial-scale=1\"><title>Der skete en fejl · Samvær</title>\
        </head><body><main class=\"content\">\
        <section class=\"card narrow\"><h1>Der skete en fejl</h1><p>Noget gik galt hos os. Prøv igen om lidt. \
        Sker det igen, så ring til samværscentret.</p><p><a class=\"btn\" href=\"/\">Gå til forsiden</a></p>\
        </section></main></body></html>";
    let mut res = Response::new(Body::from(html));
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    res
}

/// A request past the server's timeout (the timeout layer answers 504 with no body) gets a Danish
/// page, as 503: the server did not manage, and trying again later may work.
pub async fn timeout_page(req: Request, next: Next) -> Response<Body> {
    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-").to_string();
    let res = next.run(req).await;
    if res.status() != StatusCode::GATEWAY_TIMEOUT || res.headers().contains_key(header::CONTENT_TYPE) {
        return res;
    }
    tracing::error!(request_id = id, "request timed out");
    let html = "<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
        content=\"width=device-width, initial-scale=1\"><title>Det tog for lang tid · Samvær</title>\
        </head><body><main class=\"content\"><section class=\"card narrow\"><h1>Det tog for lang tid</h1>\
        <p>Siden svarede ikke i tide. Prøv igen om lidt. Sker det igen, så ring til samværscentret.</p>\
        <p><a class=\"btn\" href=\"/\">Gå til forsiden</a></p></section></main></body></html>";
    let mut res = Response::new(Body::from(html));
    *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    res
}

/// Errors raised before a server function's own code runs (an argument that cannot be decoded)
/// leave server_fn's blanket 500; the body is an `AppError`, so answer with its status instead.
pub async fn server_fn_status(req: Request, next: Next) -> Response<Body> {
    let is_api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    // A failed plain form post (no JavaScript): leptos_axum points `Location` back at the form with
    // the error in the query but keeps the error status, which a browser does not follow.
    let failed = res.status().is_client_error() || res.status().is_server_error();
    if is_api && failed && res.headers().contains_key(header::LOCATION) {
        *res.status_mut() = StatusCode::SEE_OTHER;
        return res;
    }
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(err.status_code())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Caching: hashed build files for a year, the service worker and the description form's script
/// always revalidated, icons and the
/// manifest for a day, and nothing else at all (pages and API answers carry personal data).
pub async fn cache_headers(req: Request, next: Next) -> Response<Body> {
    let policy = cache_policy(req.uri().path());
    let mut res = next.run(req).await;
    if !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

fn cache_policy(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or_default();
    // cargo-leptos names hashed files `samvaer.<hash>.<ext>`; unhashed ones (development) may change.
    let hashed = path.starts_with("/pkg/") && file.split('.').count() >= 3;
    if hashed {
        "public, max-age=31536000, immutable"
    } else if path == "/sw.js" || path == "/draft.js" || path.starts_with("/pkg/") {
        "no-cache"
    } else if path.starts_with("/icons/") || path == "/manifest.webmanifest" {
        "public, max-age=86400"
    } else {
        "no-store"
    }
}

#[cfg(test)]
mod tests {
    use super::{cache_policy, client_ip};

    #[test]
    fn the_client_address_is_taken_from_the_right_behind_our_proxies() {
        let peer = || Some("10.0.0.2".to_string());
        assert_eq!(client_ip(Some("1.2.3.4"), peer(), 0), "10.0.0.2", "no proxy trusted");
        assert_eq!(client_ip(Some("6.6.6.6, 1.2.3.4"), peer(), 1), "1.2.3.4", "the client's own entry is ignored");
        assert_eq!(client_ip(Some("6.6.6.6, 1.2.3.4, 10.0.0.9"), peer(), 2), "1.2.3.4");
        assert_eq!(client_ip(Some("1.2.3.4"), peer(), 2), "10.0.0.2", "too few entries");
        assert_eq!(client_ip(None, peer(), 1), "10.0.0.2");
        assert_eq!(client_ip(Some("6.6.6.6, not-an-ip"), peer(), 1), "10.0.0.2");
    }

    #[test]
    fn hashed_files_are_cached_for_a_year_and_pages_never() {
        assert_eq!(cache_policy("/pkg/samvaer.0a1b2c.wasm"), "public, max-age=31536000, immutable");
        assert_eq!(cache_policy("/pkg/samvaer.wasm"), "no-cache");
        assert_eq!(cache_policy("/sw.js"), "no-cache");
        assert_eq!(cache_policy("/draft.js"), "no-cache");
        assert_eq!(cache_policy("/icons/icon-192.png"), "public, max-age=86400");
        assert_eq!(cache_policy("/mine-samvaer"), "no-store");
        assert_eq!(cache_policy("/api/portal/my_visits"), "no-store");
    }
}
