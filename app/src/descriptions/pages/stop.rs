//! On a visit's page for staff: its description (a link, and where it stands), and stopping the
//! visit before its time, made for a phone: the time now, the reason, one button.

use leptos::prelude::*;

use crate::descriptions::api::StopVisit;
use crate::layout::forms::{bad_field, described, invalid, refusal};
use crate::visits::VisitId;

#[component]
pub fn DescriptionLink(id: i64, state: String) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="description-title">
            <h2 id="description-title">"Beskrivelse"</h2>
            <p><a class="btn btn-primary" href=format!("/beskrivelser/{id}")>"Åbn beskrivelsen"</a>" "<span class="badge">{state}</span></p>
        </section>
    }
}

#[component]
pub fn StopForm(id: VisitId, now: String) -> impl IntoView {
    let action = ServerAction::<StopVisit>::new();
    let error = move || action.value().get().and_then(Result::err);
    view! {
        <section class="card" aria-labelledby="stop-title">
            <h2 id="stop-title">"Stop samværet før tid"</h2>
            <p class="small muted">"Koordinatoren og rådgiveren får besked med det samme (uden indhold). Det bliver en del af beskrivelsen."</p>
            {move || refusal(error())}
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="id" value=id.0/>
                <div class="field">
                    <label for="stop-at">"Stoppet kl."</label>
                    <input id="stop-at" name="at" type="time" value=now required
                        aria-invalid=move || invalid(&bad_field(&error()), "at")
                        aria-describedby=move || described(&bad_field(&error()), "at")/>
                </div>
                <div class="field">
                    <label for="stop-reason">"Hvorfor?"</label>
                    <textarea id="stop-reason" name="reason" rows="3" maxlength="2000" required
                        aria-invalid=move || invalid(&bad_field(&error()), "reason")
                        aria-describedby=move || described(&bad_field(&error()), "reason")></textarea>
                </div>
                <button type="submit" class="btn btn-danger">"Stop samværet"</button>
            </ActionForm>
        </section>
    }
}
