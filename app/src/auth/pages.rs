use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{CentreContact, SignIn, centre_contacts};
use crate::i18n::{Lang, use_lang};
use crate::layout::{LanguageSwitch, PRODUCT_NAME};

#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SignIn>::new();
    let error = move || action.value().get().and_then(Result::err);
    let ask = ServerAction::<crate::channels::api::RequestSignIn>::new();
    let ask_error = move || ask.value().get().and_then(Result::err);
    let link_sent = leptos_router::hooks::use_query_map().read_untracked().get("link").is_some();
    let centres = Resource::new(|| (), |_| centre_contacts());
    view! {
        <Title text=lang.t("Log ind", "Sign in")/>
        <main class="signin" id="indhold">
            <div class="signin-card">
                <div class="signin-brand">
                    <span class="brand-mark brand-mark-large" aria-hidden="true"></span>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let list = centres.await.unwrap_or_default();
                            // One centre on this server: its own name; several: the product's.
                            let name = match list.as_slice() {
                                [one] => one.name.clone(),
                                _ => PRODUCT_NAME.to_string(),
                            };
                            view! { <p class="signin-centre" translate="no">{name}</p> }
                        })}
                    </Suspense>
                </div>
                <h1>{lang.t("Log ind", "Sign in")}</h1>
                <p class="lead">{lang.t("For forældre, samværskonsulenter og rådgivere.", "For parents, visit consultants and caseworkers.")}</p>
                {move || error().map(|e| view! { <div class="notice notice-error" role="alert" id="signin-error">{e.message(lang)}</div> })}
                <ActionForm action=action attr:class="form">
                    <div class="field">
                        <label for="email">{lang.t("E-mail", "E-mail")}</label>
                        <input id="email" name="email" type="email" autocomplete="username" inputmode="email" required/>
                    </div>
                    <div class="field">
                        <label for="password">{lang.t("Adgangskode", "Password")}</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required/>
                    </div>
                    <button type="submit" class="btn btn-primary btn-block">{lang.t("Log ind", "Sign in")}</button>
                </ActionForm>
                <details class="passwordless" open=link_sent>
                    <summary>{lang.t("Log ind uden adgangskode (forældre)", "Sign in without a password (parents)")}</summary>
                    {link_sent.then(|| view! { <p class="notice notice-ok" role="status">{lang.t(
                        "Hvis adressen hører til en konto, har vi sendt et link. Det gælder i et døgn.",
                        "If the address belongs to an account, we have sent a link. It is valid for a day.",
                    )}</p> })}
                    {move || ask_error().map(|e| view! { <div class="notice notice-error" role="alert">{e.message(lang)}</div> })}
                    <ActionForm action=ask attr:class="form">
                        <div class="field">
                            <label for="link-email">{lang.t("Din e-mail", "Your e-mail")}</label>
                            <input id="link-email" name="email" type="email" autocomplete="email" inputmode="email" required/>
                        </div>
                        <button type="submit" class="btn btn-block">{lang.t("Send mig et link", "Send me a link")}</button>
                    </ActionForm>
                </details>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move { view! { <ForgotPassword centres=centres.await.unwrap_or_default() lang=lang/> } })}
                </Suspense>
                <LanguageSwitch/>
            </div>
            // Removes description drafts kept on this device (signing out lands here), without
            // waiting for the wasm, which a locked-down browser may not run.
            <script src="/draft.js" defer></script>
        </main>
    }
}

/// "Forgot your password? Call …": each centre's own phone (a `tel:` link) and opening hours.
#[component]
fn ForgotPassword(centres: Vec<CentreContact>, lang: Lang) -> impl IntoView {
    let several = centres.len() > 1;
    view! {
        <div class="help">
            <p>{lang.t("Har du glemt din adgangskode? Ring til samværscentret.", "Forgot your password? Call the visitation centre.")}</p>
            <ul class="plain-list">
                {centres.into_iter().map(|c| {
                    let tel = crate::portal::rules::phone_href(&c.phone).unwrap_or_default();
                    view! {
                        <li>
                            {several.then(|| view! { <strong translate="no">{c.name.clone()}</strong>": " })}
                            <a href=tel>{c.phone.clone()}</a>
                            {(!c.hours.is_empty()).then(|| view! { <span class="muted" translate="no">" · "{c.hours.join(" · ")}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
