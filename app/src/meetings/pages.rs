//! The agenda and minutes on a kick-off or follow-up meeting's page (/booking/aftale/:id).

use leptos::prelude::*;

use super::Minutes;
use super::api::{WriteMinutes, read_minutes};
use crate::layout::forms::{bad_field, described, invalid, refusal};
use crate::layout::{ErrorNotice, Loading};
use crate::visits::VisitId;

#[component]
pub fn MinutesSection(id: VisitId) -> impl IntoView {
    let data = Resource::new(move || id, read_minutes);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(m) => view! { <AgendaCard m=m.clone()/><MinutesCard id=id m=m/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn or_none(text: &str) -> String {
    if text.is_empty() { "Ikke skrevet i afgørelsen.".into() } else { text.to_string() }
}

#[component]
fn AgendaCard(m: Minutes) -> impl IntoView {
    let a = m.agenda;
    let title = if a.kickoff { "Dagsorden for opstartsmødet" } else { "Dagsorden for opfølgningsmødet" };
    let book = a
        .next_followup_date
        .as_ref()
        .filter(|_| m.can_write)
        .map(|d| format!("/booking/ny?familie={}&type=followup_meeting&dato={d}", a.family_id));
    view! {
        <section class="card" aria-labelledby="agenda-title">
            <h2 id="agenda-title">{title}</h2>
            <ol class="agenda">
                {a.children.into_iter().map(|(name, purpose, goals, conditions)| view! {
                    <li>
                        <h3>{format!("{name}: formål, mål og vilkår")}</h3>
                        <dl class="facts facts-grid">
                            <dt>"Formål"</dt><dd class="prewrap">{or_none(&purpose)}</dd>
                            <dt>"Mål"</dt><dd class="prewrap">{or_none(&goals)}</dd>
                            <dt>"Vilkår"</dt><dd class="prewrap">{if conditions.is_empty() { "Ingen vilkår.".to_string() } else { conditions }}</dd>
                        </dl>
                    </li>
                }).collect_view()}
                <li><h3>"Forældrenes ønsker"</h3><p class="muted small">"Legetøj, mad og aktiviteter ved samværet."</p></li>
                {a.kickoff.then(|| view! { <li><h3>"Rundvisning i lokaler og have"</h3></li> })}
                <li>
                    <h3>{if a.kickoff { "Første opfølgningsmøde" } else { "Næste opfølgningsmøde" }}</h3>
                    {match a.next_followup {
                        Some(day) => view! {
                            <p>{format!("Efter sagens rytme: {day}.")}</p>
                            {book.map(|href| view! { <a class="btn" href=href>"Book opfølgningsmødet"</a> })}
                        }.into_any(),
                        None => view! { <p class="muted">"Afgørelsens periode slutter før næste opfølgningsmøde."</p> }.into_any(),
                    }}
                </li>
            </ol>
        </section>
    }
}

#[component]
fn MinutesCard(id: VisitId, m: Minutes) -> impl IntoView {
    let written = m.written.clone().map(|w| view! { <p class="muted small">{w}</p> });
    if !m.can_write {
        return view! {
            <section class="card" aria-labelledby="minutes-title">
                <h2 id="minutes-title">"Referat"</h2>
                {written}
                {if m.written.is_none() {
                    view! { <p class="muted">"Der er ikke skrevet referat endnu."</p> }.into_any()
                } else {
                    view! {
                        <dl class="facts facts-grid">
                            <dt>"Forældrenes ønsker"</dt><dd class="prewrap">{m.wishes}</dd>
                            <dt>"Referat"</dt><dd class="prewrap">{m.body}</dd>
                        </dl>
                    }.into_any()
                }}
            </section>
        }
        .into_any();
    }
    let action = ServerAction::<WriteMinutes>::new();
    let error = action.value().get_untracked().and_then(Result::err);
    let bad = bad_field(&error);
    let kickoff = m.agenda.kickoff;
    view! {
        <section class="card" aria-labelledby="minutes-title">
            <h2 id="minutes-title">"Referat"</h2>
            {written}
            {refusal(error)}
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="id" value=id.0/>
                <input type="hidden" name="seen" value=m.seen.clone()/>
                <div class="field">
                    <label for="minutes-wishes">"Forældrenes ønsker: legetøj, mad og aktiviteter"</label>
                    <textarea id="minutes-wishes" name="wishes" rows="3" maxlength="2000"
                        aria-invalid=invalid(&bad, "wishes") aria-describedby=described(&bad, "wishes")>{m.wishes}</textarea>
                </div>
                {kickoff.then(|| view! {
                    <label class="check"><input type="checkbox" name="toured" value="ja" checked=m.toured/>"Familien har set lokaler og have"</label>
                })}
                <div class="field">
                    <label for="minutes-body">"Referat"</label>
                    <textarea id="minutes-body" name="body" rows="8" maxlength="8000"
                        aria-invalid=invalid(&bad, "body") aria-describedby=described(&bad, "body")>{m.body}</textarea>
                </div>
                <fieldset>
                    <legend>"Aftaler, som forældrene ser"</legend>
                    <p class="hint" id="agreements-help">"Forældrene ser aftalerne ved hvert samvær i deres app. Et tomt felt fjerner aftalen."</p>
                    {m.agreements.into_iter().map(|(topic, label, body)| {
                        let field = format!("minutes-{topic}");
                        let describedby = if invalid(&bad, &topic).is_some() { "form-error agreements-help" } else { "agreements-help" };
                        view! {
                            <div class="field">
                                <label for=field.clone()>{label}</label>
                                <textarea id=field name=topic.clone() rows="2" maxlength="2000"
                                    aria-invalid=invalid(&bad, &topic) aria-describedby=describedby>{body}</textarea>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="btn btn-primary">"Gem referat og aftaler"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
