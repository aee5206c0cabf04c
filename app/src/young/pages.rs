//! /ung: the young person's own page, in plain words.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::YoungView;
use super::api::{SetYoungConsent, YoungAsk, read_young_page};
use crate::i18n::use_lang;
use crate::layout::forms::{bad_field, described, invalid, refusal};
use crate::layout::{ErrorNotice, Loading, Page};

#[component]
pub fn YoungPage() -> impl IntoView {
    let lang = use_lang();
    let saved = match use_query_map().read_untracked().get("gemt").as_deref() {
        Some("givet") => Some(lang.t("Dit samtykke er givet.", "Your consent is given.")),
        Some("trukket") => Some(lang.t(
            "Dit samtykke er trukket tilbage. Støttede samvær, der kræver det, er aflyst.",
            "Your consent is withdrawn. Supported visits that need it are cancelled.",
        )),
        Some("sendt") => Some(lang.t(
            "Tak. Din rådgiver og samværscentret kan se det nu og tager kontakt til dig.",
            "Thank you. Your caseworker and the centre can see it now and will contact you.",
        )),
        _ => None,
    };
    let data = Resource::new(|| (), |_| read_young_page());
    view! {
        <Page title=lang.t("Mine samvær", "My visits")>
            {saved.map(|t| view! { <div class="notice notice-ok" role="status">{t}</div> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(v) => view! { <Young v=v/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Young(v: YoungView) -> impl IntoView {
    let lang = use_lang();
    let consent = ServerAction::<SetYoungConsent>::new();
    let ask = ServerAction::<YoungAsk>::new();
    let error =
        consent.value().get_untracked().and_then(Result::err).or(ask.value().get_untracked().and_then(Result::err));
    let bad = bad_field(&error);
    let tel = crate::portal::rules::phone_href(&v.phone).unwrap_or_default();
    view! {
        <h1 class="page-title">{format!("{} {}", lang.t("Hej", "Hi"), v.first_name)}</h1>
        {refusal(error)}
        <section class="card" aria-labelledby="young-visits">
            <h2 id="young-visits">{lang.t("Dine næste samvær", "Your next visits")}</h2>
            {if v.visits.is_empty() {
                view! { <p class="muted">{lang.t("Der er ingen samvær de næste 12 uger.", "There are no visits in the next 12 weeks.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {v.visits.into_iter().map(|x| view! {
                            <li class:cancelled=x.cancelled>
                                <strong>{x.when}</strong>" · "{x.title}
                                {x.cancelled.then(|| view! { " · "<span class="badge">{lang.t("Aflyst", "Cancelled")}</span> })}<br/>
                                <span class="small">{x.span}" · "{x.place}{(!x.address.is_empty()).then(|| format!(", {}", x.address))}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {v.consent.map(|c| view! {
            <section class="card" aria-labelledby="young-consent">
                <h2 id="young-consent">{lang.t("Dit samtykke til støttet samvær", "Your consent to supported visits")}</h2>
                <p>{lang.t(
                    "Når du er fyldt 15 år, skal du selv sige ja til støttet samvær. Du kan altid trække dit ja tilbage. Så aflyses de støttede samvær, og din rådgiver får besked.",
                    "From 15 you say yes to supported visits yourself. You can always take your yes back. Then the supported visits are cancelled and your caseworker is told.",
                )}</p>
                <p><strong>{c.state}</strong></p>
                <ActionForm action=consent attr:class="inline-form">
                    <input type="hidden" name="given" value=if c.in_force { "nej" } else { "ja" }/>
                    <button type="submit" class=if c.in_force { "btn btn-danger" } else { "btn btn-primary" }>
                        {if c.in_force { lang.t("Træk mit samtykke tilbage", "Take my consent back") } else { lang.t("Giv mit samtykke", "Give my consent") }}
                    </button>
                </ActionForm>
            </section>
        })}
        <section class="card" aria-labelledby="young-ask">
            <h2 id="young-ask">{lang.t("Vil du have en pause eller tale med nogen?", "Do you want a pause or to talk to someone?")}</h2>
            <p>{lang.t(
                "Du kan bede om en pause i samværet (højst 8 uger) eller om en samtale. Din rådgiver og samværscentret ser det. Dine forældre ser det ikke.",
                "You can ask for a pause in the visits (8 weeks at most) or for a talk. Your caseworker and the centre see it. Your parents do not.",
            )}</p>
            <ActionForm action=ask attr:class="form">
                <fieldset>
                    <legend>{lang.t("Jeg beder om", "I ask for")}</legend>
                    <label class="check"><input type="radio" name="kind" value="talk" checked/>{lang.t("En samtale", "A talk")}</label>
                    <label class="check"><input type="radio" name="kind" value="pause"/>{lang.t("En pause i samværet", "A pause in the visits")}</label>
                </fieldset>
                <div class="field">
                    <label for="young-body">{lang.t("Skriv gerne hvorfor (det er frivilligt)", "Tell us why if you like (optional)")}</label>
                    <textarea id="young-body" name="body" rows="3" maxlength="1000"
                        aria-invalid=invalid(&bad, "body") aria-describedby=described(&bad, "body")></textarea>
                </div>
                <button type="submit" class="btn btn-primary">{lang.t("Send", "Send")}</button>
            </ActionForm>
            {(!v.requests.is_empty()).then(|| view! {
                <h3>{lang.t("Det har du bedt om", "What you asked for")}</h3>
                <ul class="plain">{v.requests.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            })}
            <p class="small">{lang.t("Haster det? Ring til samværscentret: ", "Urgent? Call the centre: ")}<a href=tel>{v.phone.clone()}</a></p>
        </section>
    }
}
