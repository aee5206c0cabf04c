//! `/k/<token>`: a secure link. A confirmed device goes straight to the thread; otherwise a
//! one-time code is sent on a second channel and entered here. A closed link says why and what to do.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

use crate::channels::LinkState;
use crate::channels::api::{SendCode, VerifyCode, open_link};
use crate::i18n::use_lang;
use crate::layout::{ErrorNotice, Loading, Page};

#[component]
pub fn LinkPage() -> impl IntoView {
    let lang = use_lang();
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let t = token.clone();
    let data = Resource::new(move || t.clone(), open_link);
    view! {
        <Page title=lang.t("Sikkert link", "Secure link")>
            <Suspense fallback=Loading>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(LinkState::Open { to }) => view! { <Redirect path=to/> }.into_any(),
                            Ok(LinkState::Closed { why, phone }) => view! { <Closed why=why phone=phone/> }.into_any(),
                            Ok(LinkState::NeedsCode { person, sent_to }) => view! { <Code token=token person=person sent_to=sent_to/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </Page>
    }
}

#[component]
fn Closed(why: String, phone: String) -> impl IntoView {
    let lang = use_lang();
    let tel = crate::portal::rules::phone_href(&phone);
    view! {
        <section class="card narrow link-closed">
            <h1>{lang.t("Linket kan ikke bruges", "This link cannot be used")}</h1>
            <p>{why}</p>
            <p>{lang.t(
                "Ring til samværscentret, så hjælper vi dig og sender et nyt link, hvis du skal have et.",
                "Call the visitation centre. We will help you and send a new link if you need one.",
            )}</p>
            {tel.map(|tel| view! { <p><a class="btn btn-primary" href=tel>{lang.t("Ring ", "Call ")}{phone.clone()}</a></p> })}
            <SignInInstead/>
        </section>
    }
}

#[component]
fn Code(token: String, person: String, sent_to: String) -> impl IntoView {
    let lang = use_lang();
    let send = ServerAction::<SendCode>::new();
    let verify = ServerAction::<VerifyCode>::new();
    let error = move || {
        send.value()
            .get()
            .and_then(Result::err)
            .or_else(|| verify.value().get().and_then(Result::err))
            .map(|e| view! { <div class="notice notice-error" role="alert">{e.message(lang)}</div> })
    };
    let sent = !sent_to.is_empty();
    let token2 = token.clone();
    view! {
        <section class="card narrow">
            <h1>{lang.t("Hej ", "Hello ")}<span translate="no">{person}</span></h1>
            <p>{lang.t(
                "Dette link fører til dine beskeder med samværscentret. Første gang på denne telefon eller computer skal du bekræfte med en engangskode, så ingen andre kan bruge linket.",
                "This link leads to your messages with the visitation centre. The first time on this phone or computer, confirm with a one-time code, so no one else can use the link.",
            )}</p>
            {error}
            {sent.then(|| view! {
                <p class="notice notice-ok" role="status">
                    {lang.t("Vi har sendt en kode til ", "We have sent a code to ")}{sent_to.clone()}
                    {lang.t(". Den gælder i 10 minutter.", ". It is valid for 10 minutes.")}
                </p>
            })}
            {sent.then(|| view! {
                <ActionForm action=verify attr:class="form">
                    <input type="hidden" name="token" value=token.clone()/>
                    <div class="field">
                        <label for="code">{lang.t("Kode (6 cifre)", "Code (6 digits)")}</label>
                        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required/>
                    </div>
                    <button type="submit" class="btn btn-primary">{lang.t("Bekræft", "Confirm")}</button>
                </ActionForm>
            })}
            <ActionForm action=send attr:class="form">
                <input type="hidden" name="token" value=token2/>
                <button type="submit" class=if sent { "btn btn-quiet" } else { "btn btn-primary" }>{if sent { lang.t("Send en ny kode", "Send a new code") } else { lang.t("Send mig en kode", "Send me a code") }}</button>
            </ActionForm>
        </section>
    }
}

/// For a parent with a password: the usual way in.
#[component]
pub(super) fn SignInInstead() -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="muted small">{lang.t(
            "Har du en adgangskode, kan du også logge ind som sædvanlig.",
            "If you have a password, you can also sign in as usual.",
        )}</p>
        <p><a href="/logind">{lang.t("Gå til log ind", "Go to sign in")}</a></p>
    }
}
