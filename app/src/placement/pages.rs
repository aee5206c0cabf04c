//! On the placement's link page (/kanal): the child's visits with hand-over times and place, the
//! notes written, and a note form on each visit that takes one now.

use leptos::prelude::*;

use super::api::{WriteHandover, placement_visits};
use super::{HandoverVisit, PlacementView};
use crate::i18n::use_lang;
use crate::layout::forms::{bad_field, described, invalid, refusal};

#[component]
pub fn PlacementSection() -> impl IntoView {
    let data = Resource::new(|| (), |_| placement_visits());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().flatten().map(|v| view! { <Visits v=v/> })
            })}
        </Suspense>
    }
}

#[component]
fn Visits(v: PlacementView) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<WriteHandover>::new();
    let error = action.value().get_untracked().and_then(Result::err);
    let saved = leptos_router::hooks::use_query_map().read_untracked().get("gemt").is_some_and(|g| g == "note");
    let heading = format!("{} {}", lang.t("Samvær for", "Visits for"), v.child);
    view! {
        <section class="card" aria-labelledby="placement-title">
            <h2 id="placement-title">{heading}</h2>
            <p class="muted small">{lang.t(
                "Skriv gerne en kort note til konsulenten før samværet (fx hvordan barnet har sovet) og efter (fx hvordan aftenen gik). Forældrene ser ikke noterne.",
                "Please write a short note to the consultant before the visit (how the child slept, say) and after it (how the evening went). The parents do not see the notes.",
            )}</p>
            {saved.then(|| view! { <div class="notice notice-ok" role="status">{lang.t("Noten er sendt til konsulenten.", "The note was sent to the consultant.")}</div> })}
            {refusal(error.clone())}
            {if v.visits.is_empty() {
                view! { <p class="muted">{lang.t("Der er ingen samvær de næste otte uger.", "There are no visits in the next eight weeks.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list handovers">
                        {v.visits.into_iter().map(|h| view! { <Visit h=h action=action bad=bad_field(&error)/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Visit(h: HandoverVisit, action: ServerAction<WriteHandover>, bad: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let field = format!("note-{}", h.id.0);
    let phase_field = format!("phase-{}", h.id.0);
    let single = (h.phases.len() == 1).then(|| h.phases[0].clone());
    view! {
        <li class="handover" class:cancelled=h.cancelled>
            <h3>{format!("{} · {}", h.day, h.title)}</h3>
            <p>{if h.cancelled { lang.t("Aflyst", "Cancelled").to_string() } else { h.handover.clone() }}</p>
            <p class="small">{h.place.clone()}{(!h.address.is_empty()).then(|| format!(", {}", h.address))}</p>
            {(!h.notes.is_empty()).then(|| view! {
                <ul class="plain notes">{h.notes.iter().map(|n| view! { <li class="prewrap">{n.clone()}</li> }).collect_view()}</ul>
            })}
            {(!h.phases.is_empty()).then(|| view! {
                <ActionForm action=action attr:class="form">
                    <input type="hidden" name="id" value=h.id.0/>
                    {match single {
                        Some((phase, _)) => view! { <input type="hidden" name="phase" value=phase/> }.into_any(),
                        None => view! {
                            <div class="field">
                                <label for=phase_field.clone()>{lang.t("Noten er", "The note is")}</label>
                                <select id=phase_field name="phase">
                                    {h.phases.iter().map(|(p, l)| view! { <option value=p.clone()>{l.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                        }.into_any(),
                    }}
                    <div class="field">
                        <label for=field.clone()>{match &h.phases[..] {
                            [(p, _)] if p == "after" => lang.t("Note efter samværet", "Note after the visit"),
                            [_] => lang.t("Note før samværet", "Note before the visit"),
                            _ => lang.t("Note", "Note"),
                        }}</label>
                        <textarea id=field name="body" rows="2" maxlength="1000" required
                            aria-invalid=invalid(&bad, "body") aria-describedby=described(&bad, "body")></textarea>
                    </div>
                    <button type="submit" class="btn">{lang.t("Send noten", "Send the note")}</button>
                </ActionForm>
            })}
        </li>
    }
}
