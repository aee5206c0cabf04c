//! On a parent's page of a visit: its description when there is one to read; on a follow-up
//! meeting's page: every description since the meeting before, as the centre promises to go
//! through them with the parents before the meeting.

use leptos::prelude::*;

use crate::descriptions::api::page_descriptions;
use crate::descriptions::{DueRow, State};
use crate::i18n::use_lang;
use crate::visits::VisitId;

#[component]
pub fn ParentSection(id: VisitId, meeting: bool) -> impl IntoView {
    let data = Resource::new(move || id, page_descriptions);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().filter(|rows| !rows.is_empty() || meeting).map(|rows| view! { <Rows rows=rows meeting=meeting/> })
            })}
        </Suspense>
    }
}

#[component]
fn Rows(rows: Vec<DueRow>, meeting: bool) -> impl IntoView {
    let lang = use_lang();
    let title = if meeting {
        lang.t("Beskrivelser siden sidste møde", "Descriptions since the last meeting")
    } else {
        lang.t("Beskrivelse af samværet", "Description of the visit")
    };
    let intro = if meeting {
        lang.t(
            "Vi gennemgår beskrivelserne sammen med dig før mødet. Du kan læse dem her først.",
            "We go through the descriptions with you before the meeting. You can read them here first.",
        )
    } else {
        lang.t(
            "Konsulenten har skrevet, hvordan samværet gik. Du kan læse det her.",
            "The consultant has written how the visit went. You can read it here.",
        )
    };
    view! {
        <section class="card" aria-labelledby="parent-descriptions-title">
            <h2 id="parent-descriptions-title">{title}</h2>
            <p class="muted small">{intro}</p>
            {rows.is_empty().then(|| view! { <p class="muted">{lang.t("Der er ingen beskrivelser endnu.", "There are no descriptions yet.")}</p> })}
            <ul class="plain-list">
                {rows.into_iter().map(|r| {
                    let ask = r.state == State::Review;
                    view! {
                        <li>
                            <a class="btn btn-quiet" href=format!("/beskrivelser/{}", r.id.0)>
                                {if meeting { r.when.clone() } else { lang.t("Læs beskrivelsen", "Read the description").to_string() }}
                            </a>
                            {ask.then(|| view! { " "<span class="badge">{lang.t("Du kan kommentere", "You can comment")}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
