//! The frame around every page: header with the centre's name, navigation by role, sign-out,
//! and the shared ways of showing loading and errors.

#[cfg(feature = "ssr")]
pub mod security;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::auth::{CurrentUser, Role, api::me, rules::landing_path};
use crate::error::AppError;
use crate::i18n::{Lang, use_lang};

pub mod assets;
pub mod forms;
pub mod islands;
pub mod language;

pub use islands::ConnectionWatch;
pub use language::LanguageSwitch;

/// The product's name, where no one centre is meant (signed out, on a server with several).
pub const PRODUCT_NAME: &str = "Samvær";

/// A page: header, navigation for the signed-in user, the content, and the language switch.
/// The offline banner shows when the service worker serves a saved copy (or the line drops).
#[component]
pub fn Page(#[prop(into)] title: String, children: Children) -> impl IntoView {
    let lang = use_lang();
    let user = Resource::new(|| (), |_| me());
    view! {
        <Title text=title/>
        <a class="skip" href="#indhold">{lang.t("Gå til indhold", "Skip to content")}</a>
        <div class="offline-banner" role="status">
            <strong>{lang.t("Du er offline.", "You are offline.")}</strong>" "
            {lang.t("Du ser siden, som den var ", "You are seeing this page as it was ")}
            <span class="updated">{lang.t("sidst opdateret ", "last updated ")}{rendered_at(lang)}</span>"."
        </div>
        <ConnectionWatch/>
        <header class="topbar">
            <div class="topbar-inner">
                // Only the parents' pages (and sign-in) are translated; staff pages are Danish. The
                // switch is in the header, where a parent looks first. The brand is the user's own
                // centre, from its data.
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let user = user.await.ok().flatten();
                        let name = user.as_ref().map(|u| u.centre_name.clone()).filter(|n| !n.is_empty());
                        let brand = view! {
                            <a class="brand" href="/">
                                <span class="brand-mark" aria-hidden="true"></span>
                                <span class="brand-name" translate="no">{name.unwrap_or_else(|| PRODUCT_NAME.to_string())}</span>
                            </a>
                        };
                        match user {
                            Some(u) => view! { {brand} <UserMenu user=u/> }.into_any(),
                            None => view! { {brand} <LanguageSwitch/> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </header>
        <main id="indhold" class="content">{children()}</main>
    }
}

/// When the page was made, in the reader's language ("lørdag 21. november kl. 14.03").
fn rendered_at(lang: Lang) -> String {
    #[cfg(feature = "ssr")]
    return crate::time::long_in(lang, chrono::Utc::now());
    #[cfg(not(feature = "ssr"))]
    {
        let _ = lang;
        String::new()
    }
}

fn nav_links(role: Role, lang: Lang) -> Vec<(&'static str, &'static str)> {
    match role {
        Role::Parent => vec![
            ("/mine-samvaer", lang.t("Mine samvær", "My visits")),
            ("/mine-beskeder", lang.t("Beskeder", "Messages")),
            ("/kontakt", lang.t("Kontakt", "Contact")),
            ("/kalender", lang.t("Kalender", "Calendar")),
            ("/om-samvaer", lang.t("Om samvær", "About visits")),
        ],
        Role::Young => vec![("/ung", lang.t("Mine samvær", "My visits"))],
        Role::Caseworker => vec![("/sager", "Mine sager"), ("/henvisninger", "Henvisninger")],
        Role::Admin => {
            vec![("/admin/centre", "Samværscentre"), ("/admin/steder", "Steder"), ("/admin/brugere", "Brugere")]
        }
        Role::Coordinator => vec![
            ("/oversigt", "Oversigt"),
            ("/booking", "Booking"),
            ("/booking/find-tid", "Find tid"),
            ("/bemanding", "Bemanding"),
            ("/booking/weekender", "Weekender"),
            ("/beskeder", "Beskeder"),
            ("/beskrivelser", "Beskrivelser"),
            ("/sager", "Sager"),
            ("/henvisninger", "Henvisninger"),
        ],
        Role::Leader => vec![
            ("/oversigt", "Oversigt"),
            ("/booking", "Booking"),
            ("/booking/weekender", "Weekender"),
            ("/sager", "Sager"),
            ("/tal/beskrivelser", "Beskrivelser til tiden"),
        ],
        Role::Consultant => vec![
            ("/oversigt", "Oversigt"),
            ("/booking", "Booking"),
            ("/booking/find-tid", "Find tid"),
            ("/bemanding", "Bemanding"),
            ("/beskeder", "Beskeder"),
            ("/beskrivelser", "Mine beskrivelser"),
        ],
    }
}

/// The path and query of the page being rendered, from the request itself. Never from the
/// router's reactive location: the header renders inside `Suspend`s, where the router's memos
/// may already be disposed, and reading one then panicked about once in 300 page loads. Pages
/// render on the server only (islands mode); in the browser build this is empty.
pub fn request_path() -> (String, String) {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<axum::http::request::Parts>() {
        return (parts.uri.path().to_string(), parts.uri.query().unwrap_or_default().to_string());
    }
    (String::new(), String::new())
}

#[component]
fn UserMenu(user: CurrentUser) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<crate::auth::api::SignOut>::new();
    let here = request_path().0;
    let role_label = if user.role == Role::Parent { lang.t("Forælder", "Parent") } else { user.role.label() };
    let links = nav_links(user.role, lang);
    // The longest link the path is under is the current one ("/booking/find-tid", not "/booking").
    let current_href = links
        .iter()
        .map(|(href, _)| *href)
        .filter(|href| here == *href || here.starts_with(&format!("{href}/")))
        .max_by_key(|href| href.len());
    view! {
        <nav class="mainnav" aria-label=lang.t("Hovedmenu", "Main menu")>
            {links.into_iter().map(|(href, label)| {
                let current = (Some(href) == current_href).then_some("page");
                view! { <a href=href aria-current=current>{label}</a> }
            }).collect_view()}
        </nav>
        <div class="who">
            <span class="who-name">{user.full_name}</span>
            <span class="who-role">{role_label}</span>
        </div>
        {(user.role == Role::Parent).then(|| view! { <LanguageSwitch/> })}
        <ActionForm action=action attr:class="signout">
            <button type="submit" class="btn btn-quiet">{lang.t("Log ud", "Sign out")}</button>
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
                <p>{other.message(use_lang())}</p>
                <p><a href="/">{use_lang().t("Gå til forsiden", "Go to the front page")}</a></p>
            </div>
        }
        .into_any(),
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">{use_lang().t("Henter…", "Loading…")}</p> }
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
    let lang = use_lang();
    view! {
        <Page title=lang.t("Siden findes ikke", "Page not found")>
            <section class="card narrow">
                <h1>{lang.t("Siden findes ikke", "Page not found")}</h1>
                <p>{lang.t("Adressen er forkert, eller siden er flyttet.", "The address is wrong, or the page has moved.")}</p>
                <p><a class="btn" href="/">{lang.t("Gå til forsiden", "Go to the front page")}</a></p>
            </section>
        </Page>
    }
}
