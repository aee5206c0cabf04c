//! The parents' pages. Plain server-rendered HTML with forms that work without JavaScript.

mod about;
mod contact;
mod visit;
mod visits;

pub use about::AboutPage;
pub use contact::ContactPage;
pub use visit::VisitPage;
pub use visits::MyVisitsPage;

use leptos::prelude::*;

use crate::i18n::use_lang;
use crate::visits::{Status, VisitSummary};

/// When, where, with whom: the same facts on the list's first card and on the visit's page.
#[component]
fn Facts(visit: VisitSummary, with_type: bool) -> impl IntoView {
    let lang = use_lang();
    let map = visit.map_url.clone().map(|href| {
        view! {
            <a class="d-block" href=href target="_blank" rel="noopener noreferrer">
                {lang.t("Vis på kort", "Show on map")}
            </a>
        }
    });
    view! {
        <p class="next-when">{visit.when}</p>
        <p class="next-span">{visit.span}</p>
        {visit.moved_from.map(|m| view! { <p class="badge status-moved">{m}</p> })}
        <dl class="facts">
            <dt>{lang.t("Hvor", "Where")}</dt>
            <dd>{visit.place}<span class="muted d-block">{visit.place_address}</span>{map}</dd>
            {(!visit.children.is_empty()).then(|| view! { <dt>{lang.t("Med", "With")}</dt><dd>{visit.children}</dd> })}
            <dt>{lang.t("Konsulent", "Consultant")}</dt><dd>{visit.staff}</dd>
            {with_type.then(|| view! { <dt>{lang.t("Type", "Type")}</dt><dd>{visit.title}</dd> })}
        </dl>
    }
}

/// One line in a list of visits, linking to its page.
#[component]
fn VisitRow(visit: VisitSummary) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/mine-samvaer/{}", visit.id.0);
    let cancelled = visit.status == Status::Cancelled;
    let badge = match visit.status {
        Status::Planned => visit.moved_from.as_ref().map(|_| ("status-moved", lang.t("Flyttet", "Moved").to_string())),
        Status::Cancelled => Some((visit.status.css(), visit.status_note.clone())),
        other => Some((other.css(), other.label_in(lang).to_string())),
    };
    view! {
        <li class="visit-row" class:is-cancelled=cancelled>
            <a href=href>
                <span class="visit-day">{visit.day}</span>
                <span class="visit-main">
                    <span class="visit-title">{visit.title}</span>
                    <span class="visit-meta">{visit.span}" · "{visit.place}</span>
                    {visit.moved_from.clone().map(|m| view! { <span class="visit-meta">{m}</span> })}
                    {visit.talks.iter().map(|t| view! { <span class="visit-meta visit-talk">{t.clone()}</span> }).collect_view()}
                </span>
                {badge.map(|(css, text)| view! { <span class=format!("badge {css}")>{text}</span> })}
            </a>
        </li>
    }
}
