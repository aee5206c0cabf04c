//! The Content-Security-Policy for rendered pages, with the render's nonce for Leptos's own
//! hydration scripts. Other responses get the nonce-less policy from the server's header layer.

use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// The policy; `nonce` allows the inline scripts Leptos writes for hydration.
pub fn policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(n) => format!("script-src 'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "script-src 'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; {scripts}; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

pub fn set_page_csp() {
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    if let (Some(resp), Ok(value)) =
        (use_context::<ResponseOptions>(), axum::http::HeaderValue::from_str(&policy(nonce.as_deref())))
    {
        resp.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}
