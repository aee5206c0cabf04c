//! On a case's page: its sent descriptions, whether the parents read them first, and (for a
//! supported case) the parents' yes to descriptions, given or withdrawn with a date.

use leptos::prelude::*;

use super::DueTable;
use crate::cases::CaseId;
use crate::descriptions::CaseDescriptions;
use crate::descriptions::api::{RecordDescriptionYes, SetParentsReview, descriptions_of_case};
use crate::layout::Loading;
use crate::layout::forms::refusal;

#[component]
pub fn CaseSection(id: CaseId, today: String) -> impl IntoView {
    let data = Resource::new(move || id, descriptions_of_case);
    view! {
        <Suspense fallback=Loading>
            {move || {
                let today = today.clone();
                Suspend::new(async move {
                    data.await.ok().map(|d| view! { <Section d=d id=id today=today/> })
                })
            }}
        </Suspense>
    }
}

#[component]
fn Section(d: CaseDescriptions, id: CaseId, today: String) -> impl IntoView {
    let yes = ServerAction::<RecordDescriptionYes>::new();
    let review = ServerAction::<SetParentsReview>::new();
    let error = move || yes.value().get().and_then(Result::err).or(review.value().get().and_then(Result::err));
    let review_text = if d.parents_review {
        "Forældrene læser hver beskrivelse og kan kommentere den, før den sendes til rådgiveren."
    } else {
        "Beskrivelserne sendes direkte til rådgiveren. Forældrene kan læse dem, når de er sendt."
    };
    view! {
        <section class="card" aria-labelledby="descriptions-title">
            <h2 id="descriptions-title">"Skriftlige beskrivelser"</h2>
            {move || refusal(error())}
            {d.supported.then(|| view! {
                <p>{d.yes.clone()}" "<span class="muted small">"Ved støttet samvær skrives der kun beskrivelser, når forældrene har sagt ja."</span></p>
                {d.may_change.then(|| view! {
                    <ActionForm action=yes attr:class="inline-form">
                        <input type="hidden" name="id" value=id.0/>
                        <input type="hidden" name="given" value=if d.yes_in_force { "nej" } else { "ja" }/>
                        <label for="yes-on">"Fra"</label>
                        <input id="yes-on" name="on" type="date" value=today.clone() required/>
                        <button type="submit" class="btn btn-primary">{if d.yes_in_force { "Træk ja tilbage" } else { "Registrér forældrenes ja" }}</button>
                    </ActionForm>
                })}
            })}
            <p>{review_text}</p>
            {d.may_change.then(|| view! {
                <ActionForm action=review attr:class="inline-form">
                    <input type="hidden" name="id" value=id.0/>
                    <input type="hidden" name="on" value=if d.parents_review { "nej" } else { "ja" }/>
                    <button type="submit" class="btn btn-quiet">{if d.parents_review { "Send direkte til rådgiveren" } else { "Lad forældrene læse først" }}</button>
                </ActionForm>
            })}
            {if d.rows.is_empty() {
                view! { <p class="muted">"Der er ingen sendte beskrivelser endnu."</p> }.into_any()
            } else {
                view! { <DueTable rows=d.rows.clone() sent=true/> }.into_any()
            }}
        </section>
    }
}
