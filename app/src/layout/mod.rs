//! The frame around every page: header with the centre's name, navigation by role, sign-out,
//! and the shared ways of showing loading and errors.

#[cfg(feature = "ssr")]
pub mod security;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::auth::{CurrentUser, Role, api::me, rules::landing_path};
use crate::error::AppError;

pub const CENTRE_NAME: &str = "Samværscentret Fjordlyset";

/// A page: header, navigation for the signed-in user, and the content.
#[component]
pub fn Page(#[prop(into)] title: String, children: Children) -> impl IntoView {
    let user = Resource::new(|| (), |_| me());
    view! {
        <Title text=title/>
        <a class="skip" href="#indhold">"Gå til indhold"</a>
        <header class="topbar">
            <div class="topbar-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true"></span>
                    <span class="brand-name">{CENTRE_NAME}</span>
                </a>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        user.await.ok().flatten().map(|u| view! { <UserMenu user=u/> })
                    })}
                </Suspense>
            </div>
        </header>
        <main id="indhold" class="content">{children()}</main>
    }
}

fn nav_links(role: Role) -> Vec<(&'static str, &'static str)> {
    match role {
        Role::Parent => vec![("/mine-samvaer", "Mine samvær")],
        Role::Caseworker => vec![("/sager", "Mine sager")],
        Role::Admin => vec![("/oversigt", "Oversigt"), ("/admin/brugere", "Brugere")],
        _ => vec![("/oversigt", "Oversigt")],
    }
}

#[component]
fn UserMenu(user: CurrentUser) -> impl IntoView {
    let action = ServerAction::<crate::auth::api::SignOut>::new();
    view! {
        <nav class="mainnav" aria-label="Hovedmenu">
            {nav_links(user.role).into_iter().map(|(href, label)| view! { <a href=href>{label}</a> }).collect_view()}
        </nav>
        <div class="who">
            <span class="who-name">{user.full_name}</span>
            <span class="who-role">{user.role.label()}</span>
        </div>
        <ActionForm action=action attr:class="signout">
            <button type="submit" class="btn btn-quiet">"Log ud"</button>
        </ActionForm>
    }
}

/// How an error shows on a page. Not signed in sends you to sign-in.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthorized => view! { <Redirect path="/logind"/> }.into_any(),
        other => view! {
            <div class="notice notice-error" role="alert">
                <p>{other.to_string()}</p>
                <p><a href="/">"Gå til forsiden"</a></p>
            </div>
        }
        .into_any(),
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">"Henter…"</p> }
}

/// "/" sends a signed-in user to their own start page, and anyone else to sign-in.
#[component]
pub fn Home() -> impl IntoView {
    let user = Resource::new(|| (), |_| me());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let path = match user.await {
                    Ok(Some(u)) => landing_path(u.role),
                    _ => "/logind",
                };
                view! { <Redirect path=path/> }
            })}
        </Suspense>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Page title="Siden findes ikke">
            <section class="card narrow">
                <h1>"Siden findes ikke"</h1>
                <p>"Adressen er forkert, eller siden er flyttet."</p>
                <p><a class="btn" href="/">"Gå til forsiden"</a></p>
            </section>
        </Page>
    }
}
