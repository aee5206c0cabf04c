//! The child's voice on a case's page: the support person the child asked for, and what the
//! young person asked for in their own app.

use leptos::prelude::*;

use crate::cases::CaseId;
use crate::cases::api::SetSupportPerson;
use crate::layout::forms::{bad_field, described, invalid, refusal};

/// The support person (støtteperson): read by everyone who sees the case, set by its caseworker
/// and the coordinator while it is open.
#[component]
pub fn SupportSection(id: CaseId, text: String, editable: bool) -> impl IntoView {
    let action = ServerAction::<SetSupportPerson>::new();
    let error = action.value().get_untracked().and_then(Result::err);
    let bad = bad_field(&error);
    view! {
        <section class="card" aria-labelledby="support-title">
            <h2 id="support-title">"Barnets støtteperson"</h2>
            <p class="muted small">"En voksen, barnet selv har ønsket som støtte (§ 103). Konsulenten ser den ved barnets samvær."</p>
            {if editable {
                view! {
                    {refusal(error)}
                    <ActionForm action=action attr:class="inline-form">
                        <input type="hidden" name="id" value=id.0/>
                        <label for="support-person">"Navn og telefon"</label>
                        <input id="support-person" name="support_person" maxlength="200" value=text
                            aria-invalid=invalid(&bad, "support_person") aria-describedby=described(&bad, "support_person")/>
                        <button type="submit" class="btn">"Gem støttepersonen"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p>{if text.is_empty() { "Ingen".to_string() } else { text }}</p> }.into_any()
            }}
        </section>
    }
}

/// What the young person asked for in their own app (a pause, a talk), newest first.
#[component]
pub fn RequestsSection(lines: Vec<String>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="requests-title">
            <h2 id="requests-title">"Den unges ønsker"</h2>
            <p class="muted small">"Det, den unge selv har bedt om i sin app. Forældrene ser det ikke. En pause registreres under Afgørelser og pauser."</p>
            <ul class="plain">{lines.into_iter().map(|l| view! { <li class="prewrap">{l}</li> }).collect_view()}</ul>
        </section>
    }
}
