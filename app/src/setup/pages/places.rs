//! /admin/steder?center=: a centre's places with what they have, their weekly hours and whether
//! they take bookings; close a place for new bookings or open it again.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::refusal;
use crate::layout::{ErrorNotice, Loading, Page};
use crate::setup::api::{ClosePlace, OpenPlace, list_places};
use crate::setup::rules::{WEEKDAYS, hours_label, week_lines};
use crate::setup::{CentreId, DayHours, PlaceItem, PlacesView};

fn saved_text(kind: &str) -> Option<&'static str> {
    match kind {
        "oprettet" => Some("Stedet er oprettet og kan bookes i sine åbningstider."),
        "rettet" => Some("Stedet er gemt."),
        "lukket" => Some("Stedet er lukket for nye bookinger. Det, der allerede er booket, står der stadig."),
        "aabnet" => Some("Stedet kan bookes igen."),
        _ => None,
    }
}

#[component]
pub fn PlacesPage() -> impl IntoView {
    let query = use_query_map().read_untracked().clone();
    let saved = saved_text(&query.get("gemt").unwrap_or_default());
    let centre = query.get("center").and_then(|s| s.parse::<i64>().ok()).map(CentreId);
    let data = Resource::new(move || centre, list_places);
    view! {
        <Page title="Steder">
            <h1 class="page-title">"Steder"</h1>
            {saved.map(|t| view! { <div class="notice notice-ok" role="status">{t}</div> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(v) => view! { <Places view=v/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Places(view: PlacesView) -> impl IntoView {
    let close = ServerAction::<ClosePlace>::new();
    let open = ServerAction::<OpenPlace>::new();
    let error =
        close.value().get_untracked().and_then(Result::err).or(open.value().get_untracked().and_then(Result::err));
    let Some(centre) = view.centre else {
        return view! {
            <p class="card">"Der er ingen samværscentre endnu. "<a href="/admin/centre">"Opret det første"</a>", og tilføj derefter dets steder."</p>
        }
        .into_any();
    };
    let others = (view.centres.len() > 1).then(|| {
        let current = centre.id;
        view! {
            <nav class="card" aria-label="Samværscentre">
                <ul class="chips">
                    {view.centres.into_iter().map(|(id, name)| view! {
                        <li><a href=format!("/admin/steder?center={}", id.0) aria-current=(id == current).then_some("page")>{name}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
        }
    });
    let empty = view.places.is_empty();
    view! {
        {others}
        <div class="section-head">
            <h2>{centre.name.clone()}</h2>
            <a class="btn btn-primary" href=format!("/admin/sted?center={}", centre.id.0)>"Opret sted"</a>
        </div>
        {refusal(error)}
        {empty.then(|| view! { <p class="card">"Samværscentret har ingen steder endnu. Opret et samværsrum, så der kan bookes samvær."</p> })}
        <ul class="plain-list">
            {view.places.into_iter().map(|p| view! { <PlaceCard p=p centre=centre.id close=close open=open/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn PlaceCard(
    p: PlaceItem,
    centre: CentreId,
    close: ServerAction<ClosePlace>,
    open: ServerAction<OpenPlace>,
) -> impl IntoView {
    let features = if p.features.is_empty() {
        "Intet valgt".to_string()
    } else {
        p.features.iter().map(|f| f.label()).collect::<Vec<_>>().join(", ")
    };
    let status = if p.active { "Kan bookes".to_string() } else { "Lukket for nye bookinger".to_string() };
    let moves = (!p.active && p.coming > 0).then(|| {
        let n = p.coming;
        view! { <p class="warn">{format!("{n} kommende {} står stadig her. Flyt {} under Booking.", if n == 1 { "aftale" } else { "aftaler" }, if n == 1 { "den" } else { "dem" })}</p> }
    });
    let name = p.name.clone();
    view! {
        <li class="card" id=format!("sted-{}", p.id.0)>
            <div class="case-head">
                <h3>{p.name.clone()}</h3>
                <span class="badge" class:badge-off=!p.active>{status}</span>
            </div>
            {moves}
            <dl class="facts facts-grid">
                <dt>"Slags"</dt><dd>{p.kind.label()}</dd>
                <dt>"Adresse"</dt><dd>{p.address}</dd>
                <dt>"Plads til"</dt><dd>{format!("{} personer", p.capacity)}</dd>
                <dt>"Har"</dt><dd>{features}</dd>
                <dt>"Åbent"</dt><dd><Hours hours=p.hours/></dd>
            </dl>
            <div class="actions">
                <a class="btn" href=format!("/admin/sted?center={}&id={}", centre.0, p.id.0) aria-label=format!("Ret {name}")>"Ret"</a>
                {if p.active {
                    view! {
                        <ActionForm action=close attr:class="inline-form">
                            <input type="hidden" name="place" value=p.id.0/>
                            <button type="submit" class="btn" aria-label=format!("Luk {name} for nye bookinger")>"Luk for nye bookinger"</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! {
                        <ActionForm action=open attr:class="inline-form">
                            <input type="hidden" name="place" value=p.id.0/>
                            <button type="submit" class="btn" aria-label=format!("Åbn {name} for bookinger igen")>"Åbn igen"</button>
                        </ActionForm>
                    }.into_any()
                }}
            </div>
        </li>
    }
}

/// The weekly hours in as few lines as they say it, then any hours that hold for a period.
#[component]
fn Hours(hours: Vec<DayHours>) -> impl IntoView {
    if hours.is_empty() {
        return view! { <span class="warn">"Ingen åbningstid: stedet kan ikke bookes"</span> }.into_any();
    }
    let weekly: Vec<(u32, String, String)> =
        hours.iter().filter(|h| h.dates.is_none()).map(|h| (h.weekday, h.opens.clone(), h.closes.clone())).collect();
    let dated = hours.into_iter().filter_map(|h| {
        let day = WEEKDAYS.get(h.weekday.saturating_sub(1) as usize)?;
        h.dates.map(|dates| format!("{day} {} ({dates})", hours_label(&h.opens, &h.closes)))
    });
    view! {
        <ul class="hours">
            {week_lines(&weekly).into_iter().chain(dated).map(|line| view! { <li>{line}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}
