//! `/k/<token>`: a secure link. A confirmed device goes straight to the thread; otherwise a
//! one-time code is sent on a second channel and entered here. A closed link says why and what to do.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

use crate::channels::LinkState;
use crate::channels::api::{SendCode, VerifyCode, open_link};
use crate::layout::{ErrorNotice, Loading, Page};

#[component]
pub fn LinkPage() -> impl IntoView {
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let t = token.clone();
    let data = Resource::new(move || t.clone(), open_link);
    view! {
        <Page title="Sikkert link">
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
    let tel = format!("tel:{}", phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>());
    view! {
        <section class="card narrow link-closed">
            <h1>"Linket kan ikke bruges"</h1>
            <p>{why}</p>
            <p>"Ring til samværscentret, så hjælper vi dig og sender et nyt link, hvis du skal have et."</p>
            {(!phone.is_empty()).then(|| view! { <p><a class="btn btn-primary" href=tel>{format!("Ring {phone}")}</a></p> })}
            <p class="muted small">"Har du en adgangskode, kan du også logge ind som sædvanlig."</p>
            <p><a href="/logind">"Gå til log ind"</a></p>
        </section>
    }
}

#[component]
fn Code(token: String, person: String, sent_to: String) -> impl IntoView {
    let send = ServerAction::<SendCode>::new();
    let verify = ServerAction::<VerifyCode>::new();
    let error =
        move || {
            send.value().get().and_then(Result::err).or_else(|| verify.value().get().and_then(Result::err)).map(
                |e| view! { <div class="notice notice-error" role="alert">{e.message(crate::i18n::Lang::Da)}</div> },
            )
        };
    let sent = !sent_to.is_empty();
    let token2 = token.clone();
    view! {
        <section class="card narrow">
            <h1>{format!("Hej {person}")}</h1>
            <p>"Dette link fører til dine beskeder med samværscentret. Første gang på denne telefon eller computer skal du bekræfte med en engangskode, så ingen andre kan bruge linket."</p>
            {error}
            {sent.then(|| view! { <p class="notice notice-ok" role="status">{format!("Vi har sendt en kode til {sent_to}. Den gælder i 10 minutter.")}</p> })}
            {sent.then(|| view! {
                <ActionForm action=verify attr:class="form">
                    <input type="hidden" name="token" value=token.clone()/>
                    <div class="field">
                        <label for="code">"Kode (6 cifre)"</label>
                        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required/>
                    </div>
                    <button type="submit" class="btn btn-primary">"Bekræft"</button>
                </ActionForm>
            })}
            <ActionForm action=send attr:class="form">
                <input type="hidden" name="token" value=token2/>
                <button type="submit" class=if sent { "btn btn-quiet" } else { "btn btn-primary" }>{if sent { "Send en ny kode" } else { "Send mig en kode" }}</button>
            </ActionForm>
        </section>
    }
}
