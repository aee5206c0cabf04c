use leptos::prelude::*;

use crate::i18n::use_lang;
use crate::layout::{ErrorNotice, Loading, Page};
use crate::portal::ContactCard;
use crate::portal::api::my_contacts;

/// Whom to call: the centre, my consultant, my caseworker, with tap-to-call and mail links.
#[component]
pub fn ContactPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| my_contacts());
    view! {
        <Page title=lang.t("Kontakt", "Contact")>
            <h1 class="page-title">{lang.t("Kontakt", "Contact")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(c) => view! {
                            <div class="contact-grid">
                                <Card card=c.centre heading=lang.t("Samværscentret", "The visitation centre")/>
                                {c.consultant.map(|k| view! { <Card card=k heading=lang.t("Din samværskonsulent", "Your visit consultant")/> })}
                                {c.caseworkers.into_iter().map(|k| view! { <Card card=k heading=lang.t("Din rådgiver", "Your caseworker")/> }).collect_view()}
                                {c.placements.into_iter().map(|k| view! { <Card card=k heading=lang.t("Anbringelsessted", "Placement")/> }).collect_view()}
                            </div>
                            <p class="muted small">{lang.t(
                                "Skriv ikke følsomme oplysninger om dit barn i en almindelig e-mail. Ring hellere, eller tal med konsulenten ved næste samvær.",
                                "Please do not write sensitive details about your child in an ordinary e-mail. Call instead, or talk to the consultant at the next visit.",
                            )}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Card(card: ContactCard, heading: &'static str) -> impl IntoView {
    let lang = use_lang();
    let call = card.phone_href.clone().zip(card.phone.clone()).map(|(href, phone)| {
        view! { <a class="btn btn-primary" href=href>{lang.t("Ring ", "Call ")}{phone}</a> }
    });
    let mail = card.email.clone().map(|email| {
        let href = format!("mailto:{email}");
        view! { <a class="btn" href=href>{lang.t("Skriv til ", "E-mail ")}{email}</a> }
    });
    view! {
        <section class="card contact">
            <p class="eyebrow">{heading}</p>
            <h2 translate="no">{card.name}</h2>
            {(!card.role.is_empty()).then(|| view! { <p class="muted" translate="no">{card.role.clone()}</p> })}
            {card.address.clone().map(|a| view! { <p translate="no">{a}</p> })}
            {card.map_url.clone().map(|href| view! {
                <p><a href=href target="_blank" rel="noopener noreferrer">{lang.t("Vis på kort", "Show on map")}</a></p>
            })}
            {(!card.hours.is_empty()).then(|| view! {
                <h3>{lang.t("Åbningstider", "Opening hours")}</h3>
                <ul class="plain hours" translate="no">{card.hours.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}</ul>
            })}
            <div class="actions">{call}{mail}</div>
        </section>
    }
}
