//! Headers, CSRF, error pages, health.

use app::auth::api::SignIn;
use reqwest::header;

use crate::helpers::{DEMO_PASSWORD, client, path, spawn};

#[tokio::test]
async fn pages_carry_a_strict_csp_with_a_nonce_and_the_security_headers() {
    let app = spawn().await;
    let res = client().get(format!("{}/logind", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers();
    let csp = h.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().to_string();
    assert!(csp.contains("script-src 'self' 'nonce-"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(h.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
    assert_eq!(h.get(header::REFERRER_POLICY).unwrap(), "same-origin");
    assert!(h.get("x-request-id").is_some());
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_string();
    let body = res.text().await.unwrap();
    assert!(body.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");
    assert!(body.contains("<html lang=\"da\""));
    assert!(body.contains("Log ind"));
}

#[tokio::test]
async fn a_post_from_another_site_is_refused() {
    let app = spawn().await;
    let res = client()
        .post(format!("{}{}", app.base, path::<SignIn>()))
        .header(header::ORIGIN, "https://evil.example")
        .form(&[("email", "mette@demo.test"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let signed_in: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(signed_in, 0);
}

#[tokio::test]
async fn a_plain_form_sign_in_without_javascript_redirects_to_the_start_page() {
    let app = spawn().await;
    let c = client();
    let res = c
        .post(format!("{}{}", app.base, path::<SignIn>()))
        .header(header::ORIGIN, &app.base)
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, format!("{}/logind", app.base))
        .form(&[("email", "mette@demo.test"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers().get(header::LOCATION).unwrap(), "/mine-samvaer");
    let page = c.get(format!("{}/mine-samvaer", app.base)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Næste samvær"), "server-rendered without JavaScript");
    assert!(html.contains(" kl. "));
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in() {
    let app = spawn().await;
    for p in ["/", "/mine-samvaer", "/oversigt"] {
        let res = client().get(format!("{}{p}", app.base)).header(header::ACCEPT, "text/html").send().await.unwrap();
        assert_eq!(res.status(), 302, "{p}");
        assert_eq!(res.headers().get(header::LOCATION).unwrap(), "/logind", "{p}");
    }
}

#[tokio::test]
async fn unknown_pages_get_a_danish_404() {
    let app = spawn().await;
    let res = client().get(format!("{}/findes-ikke", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Siden findes ikke"));
}

#[tokio::test]
async fn health_and_compression() {
    let app = spawn().await;
    let res = client().get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let page =
        client().get(format!("{}/logind", app.base)).header(header::ACCEPT_ENCODING, "gzip").send().await.unwrap();
    assert_eq!(page.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap()), Some("gzip"));
}
