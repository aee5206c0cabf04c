//! /henvisninger/ny: the referral form. A caseworker sends it to a centre; a coordinator uses the
//! same form to enter a case directly, choosing the caseworker (or entering one without an
//! account) and the family's consultant.

use leptos::prelude::*;

use crate::error::AppError;
use crate::intake::api::{EnterCase, SendReferral, referral_options};
use crate::intake::{CHILD_ROWS, FormOptions, PERSON_ROWS, PLACEMENT_KINDS, PLACEMENTS, RELATIONS};
use crate::layout::forms::{bad_field, choices, refusal};
use crate::layout::{ErrorNotice, Loading, Page};
use crate::visits::VisitType;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect()
}

/// A labelled input whose `id` is also the key a refusal names it by.
fn input(id: String, name: String, label: String, kind: &'static str, bad: &Option<String>) -> impl IntoView + use<> {
    let marked = (bad.as_deref() == Some(id.as_str())).then_some("true");
    let described = marked.map(|_| "form-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id name=name type=kind aria-invalid=marked aria-describedby=described/>
        </div>
    }
}

#[component]
pub fn ReferralFormPage() -> impl IntoView {
    let options = Resource::new(|| (), |_| referral_options());
    view! {
        <Page title="Ny henvisning">
            <p class="back"><a href="/henvisninger">"← Henvisninger"</a></p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match options.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(o) => view! { <ReferralForm o=o/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn ReferralForm(o: FormOptions) -> impl IntoView {
    let send = ServerAction::<SendReferral>::new();
    let enter = ServerAction::<EnterCase>::new();
    let error: Option<AppError> =
        send.value().get_untracked().and_then(Result::err).or(enter.value().get_untracked().and_then(Result::err));
    let bad = bad_field(&error);
    let coordinator = !o.caseworkers.is_empty();
    let centres: Vec<(String, String)> = o.centres.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    let first_centre = centres.first().map(|(id, _)| id.clone()).unwrap_or_default();
    let today = o.today.clone();
    let body = view! {
        <fieldset>
            <legend>"Samværscenter"</legend>
            <div class="field">
                <label for="centre_id">"Henvis til"</label>
                <select id="centre_id" name="referral[centre_id]" required>{choices(centres, &first_centre)}</select>
            </div>
        </fieldset>
        {coordinator.then(|| {
            let mut workers: Vec<(String, String)> = vec![(String::new(), "Vælg rådgiver".into())];
            workers.extend(o.caseworkers.iter().map(|(id, n)| (id.to_string(), n.clone())));
            workers.push(("ny".into(), "Ny rådgiver uden konto".into()));
            let mut consultants: Vec<(String, String)> = vec![(String::new(), "Ingen endnu".into())];
            consultants.extend(o.consultants.iter().map(|(id, n)| (id.to_string(), n.clone())));
            view! {
                <fieldset>
                    <legend>"Rådgiver og konsulent"</legend>
                    <div class="field">
                        <label for="caseworker_id">"Sagens rådgiver"</label>
                        <select id="caseworker_id" name="caseworker_id" required>{choices(workers, "")}</select>
                        <p class="hint">"Har rådgiveren ingen konto, så vælg “Ny rådgiver uden konto” og udfyld nedenfor."</p>
                    </div>
                    <div class="field-row">
                        {input("new-caseworker-name".into(), "new_caseworker[full_name]".into(), "Ny rådgivers navn".into(), "text", &bad)}
                        {input("new-caseworker-municipality".into(), "new_caseworker[municipality]".into(), "Kommune".into(), "text", &bad)}
                    </div>
                    <div class="field-row">
                        {input("new-caseworker-email".into(), "new_caseworker[email]".into(), "E-mail".into(), "email", &bad)}
                        {input("new-caseworker-phone".into(), "new_caseworker[phone]".into(), "Telefon".into(), "tel", &bad)}
                    </div>
                    <div class="field">
                        <label for="consultant_id">"Familiens konsulent"</label>
                        <select id="consultant_id" name="consultant_id">{choices(consultants, "")}</select>
                    </div>
                </fieldset>
            }
        })}
        <fieldset>
            <legend>"Børn"</legend>
            <p class="hint">"Søskende henvises sammen. Hvert barn får sin egen sag."</p>
            {
                let child_row = |i: usize| {
                let place = pairs(&[("A", "Anbringelsessted A"), ("B", "Anbringelsessted B")]);
                let birth = format!("child-{i}-birth");
                let marked = (bad.as_deref() == Some(birth.as_str())).then_some("true");
                view! {
                    <div class="row-group">
                        <p class="row-title">{format!("Barn {}", i + 1)}</p>
                        <div class="field-row">
                            {input(format!("child-{i}-first"), format!("referral[children][{i}][first_name]"), "Fornavn".into(), "text", &bad)}
                            {input(format!("child-{i}-last"), format!("referral[children][{i}][last_name]"), "Efternavn".into(), "text", &bad)}
                        </div>
                        <div class="field-row">
                            <div class="field">
                                <label for=birth.clone()>"Fødselsdato"</label>
                                <input id=birth name=format!("referral[children][{i}][birth_date]") type="date" max=today.clone()
                                    aria-invalid=marked aria-describedby=marked.map(|_| "form-error")/>
                            </div>
                            <div class="field">
                                <label for=format!("child-{i}-placement")>"Anbragt på"</label>
                                <select id=format!("child-{i}-placement") name=format!("referral[children][{i}][placement]")>{choices(place, "A")}</select>
                            </div>
                        </div>
                    </div>
                }
                };
                view! {
                    {(0..2).map(child_row).collect_view()}
                    <details class="more-rows">
                        <summary>"Flere søskende (barn 3 og 4)"</summary>
                        {(2..CHILD_ROWS).map(child_row).collect_view()}
                    </details>
                }
            }
        </fieldset>
        {PLACEMENTS.iter().enumerate().map(|(i, p)| {
            let key = |f: &str| format!("placement-{i}-{f}");
            let name = |f: &str| format!("referral[placements][{i}][{f}]");
            let mut kinds = vec![(String::new(), "Vælg".to_string())];
            kinds.extend(pairs(&PLACEMENT_KINDS));
            view! {
                <fieldset>
                    <legend>{format!("Anbringelsessted {p}")}</legend>
                    {(i > 0).then(|| view! { <p class="hint">"Kun hvis søskende er anbragt forskellige steder."</p> })}
                    <div class="field">
                        <label for=key("kind")>"Slags"</label>
                        <select id=key("kind") name=name("kind")>{choices(kinds, "")}</select>
                    </div>
                    <div class="field-row">
                        {input(key("name"), name("name"), "Navn".into(), "text", &bad)}
                        {input(key("contact"), name("contact_name"), "Kontaktperson".into(), "text", &bad)}
                    </div>
                    <div class="field-row">
                        {input(key("phone"), name("phone"), "Telefon".into(), "tel", &bad)}
                        {input(key("email"), name("email"), "E-mail".into(), "email", &bad)}
                    </div>
                    {input(key("address"), name("address"), "Adresse".into(), "text", &bad)}
                    <div class="field check">
                        <input id=key("secret") name=name("secret") type="checkbox" value="on"/>
                        <label for=key("secret")>"Hemmelig adresse (forældrene må ikke se noget om stedet)"</label>
                    </div>
                </fieldset>
            }
        }).collect_view()}
        <fieldset>
            <legend>"Forældre og netværk"</legend>
            {
                let person_row = |i: usize| {
                let key = |f: &str| format!("person-{i}-{f}");
                let name = |f: &str| format!("referral[persons][{i}][{f}]");
                let mut relations = vec![(String::new(), "Vælg".to_string())];
                relations.extend(pairs(&RELATIONS));
                let custody_bad = (bad.as_deref() == Some(key("custody").as_str())).then_some("true");
                view! {
                    <div class="row-group">
                        <p class="row-title">{format!("Person {}", i + 1)}</p>
                        <div class="field-row">
                            {input(key("first"), name("first_name"), "Fornavn".into(), "text", &bad)}
                            {input(key("last"), name("last_name"), "Efternavn".into(), "text", &bad)}
                        </div>
                        <div class="field-row">
                            <div class="field">
                                <label for=key("relation")>"Relation til børnene"</label>
                                <select id=key("relation") name=name("relation")>{choices(relations, "")}</select>
                            </div>
                            {input(key("phone"), name("phone"), "Telefon".into(), "tel", &bad)}
                        </div>
                        {input(key("email"), name("email"), "E-mail".into(), "email", &bad)}
                        <div class="field check">
                            <input id=key("custody") name=name("custody") type="checkbox" value="on"
                                aria-invalid=custody_bad aria-describedby=custody_bad.map(|_| "form-error")/>
                            <label for=key("custody")>"Har forældremyndigheden"</label>
                        </div>
                    </div>
                }
                };
                view! {
                    {(0..2).map(person_row).collect_view()}
                    <details class="more-rows">
                        <summary>"Flere personer (3 og 4)"</summary>
                        {(2..PERSON_ROWS).map(person_row).collect_view()}
                    </details>
                }
            }
        </fieldset>
        <fieldset>
            <legend>"Afgørelsen om samvær"</legend>
            <div class="field">
                <label for="visit_type">"Samværsform"</label>
                <select id="visit_type" name="referral[decision][visit_type]">
                    {choices(pairs(&[VisitType::Supervised, VisitType::Supported].map(|v| (v.as_str(), v.with_law()))), "supervised")}
                </select>
            </div>
            <div class="field-row">
                {input("from".into(), "referral[decision][from]".into(), "Gælder fra".into(), "date", &bad)}
                {input("to".into(), "referral[decision][to]".into(), "Til og med".into(), "date", &bad)}
            </div>
            <div class="field-row">
                {input("frequency_weeks".into(), "referral[decision][frequency_weeks]".into(), "Uger mellem samvær".into(), "number", &bad)}
                {input("visit_minutes".into(), "referral[decision][visit_minutes]".into(), "Minutter pr. samvær".into(), "number", &bad)}
            </div>
            <div class="field"><label for="conditions">"Vilkår"</label><textarea id="conditions" name="referral[decision][conditions]" rows="2" maxlength="2000"></textarea></div>
            <div class="field"><label for="purpose">"Formål (fra barnets handleplan)"</label><textarea id="purpose" name="referral[decision][purpose]" rows="2" maxlength="2000"></textarea></div>
            <div class="field"><label for="goals">"Mål"</label><textarea id="goals" name="referral[decision][goals]" rows="2" maxlength="2000"></textarea></div>
            {input("document_ref".into(), "referral[decision][document_ref]".into(), "Dokumentreference (sagssystemet)".into(), "text", &bad)}
        </fieldset>
    };
    view! {
        <h1 class="page-title">{if coordinator { "Opret en sag direkte" } else { "Ny henvisning" }}</h1>
        <p class="muted">"Intet gemmes, før alt er i orden: får du en besked, så ret feltet og send igen."</p>
        {refusal(error)}
        {if coordinator {
            view! {
                <ActionForm action=enter attr:class="form card referral-form">
                    {body}
                    <button type="submit" class="btn btn-primary">"Opret familie og sager"</button>
                </ActionForm>
            }.into_any()
        } else {
            view! {
                <ActionForm action=send attr:class="form card referral-form">
                    {body}
                    <button type="submit" class="btn btn-primary">"Send henvisningen"</button>
                </ActionForm>
            }.into_any()
        }}
    }
}
