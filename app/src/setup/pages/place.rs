//! /admin/sted?center=[&id=]: one place's form, new or existing: name, kind, address, how many it
//! holds, what it has, and the weekly opening hours (a closed day has both fields empty).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{bad_field, described, invalid, refusal};
use crate::error::AppError;
use crate::layout::{ErrorNotice, Loading, Page};
use crate::setup::api::{SavePlace, list_places};
use crate::setup::rules::{WEEKDAYS, hours_label};
use crate::setup::{CentreId, Feature, PlaceId, PlaceItem, PlaceKind};

#[component]
pub fn PlacePage() -> impl IntoView {
    let query = use_query_map().read_untracked().clone();
    let centre = query.get("center").and_then(|s| s.parse::<i64>().ok()).map(CentreId);
    let place = query.get("id").and_then(|s| s.parse::<i64>().ok()).map(PlaceId);
    let data = Resource::new(move || centre, list_places);
    let title = if place.is_some() { "Ret sted" } else { "Opret sted" };
    view! {
        <Page title=title>
            <p class="back"><a href=centre.map_or("/admin/steder".into(), |c| format!("/admin/steder?center={}", c.0))>"← Steder"</a></p>
            <h1 class="page-title">{title}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let v = match data.await {
                        Err(e) => return view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(v) => v,
                    };
                    let (Some(centre), Some(c)) = (centre, v.centre) else {
                        return view! { <ErrorNotice error=AppError::NotFound/> }.into_any();
                    };
                    match place {
                        None => view! { <PlaceForm centre=centre centre_name=c.name place=None/> }.into_any(),
                        Some(id) => match v.places.into_iter().find(|p| p.id == id) {
                            Some(p) => view! { <PlaceForm centre=centre centre_name=c.name place=Some(p)/> }.into_any(),
                            None => view! { <ErrorNotice error=AppError::NotFound/> }.into_any(),
                        },
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn PlaceForm(centre: CentreId, centre_name: String, place: Option<PlaceItem>) -> impl IntoView {
    let save = ServerAction::<SavePlace>::new();
    let error = save.value().get_untracked().and_then(Result::err);
    let bad = bad_field(&error);
    let id = place.as_ref().map(|p| p.id);
    // A new room gets the usual hours filled in: weekdays 8–20, weekends 9–17.
    let week: Vec<(String, String)> = (1..=7u32)
        .map(|day| match &place {
            Some(p) => p
                .hours
                .iter()
                .find(|h| h.weekday == day && h.dates.is_none())
                .map(|h| (h.opens.clone(), h.closes.clone()))
                .unwrap_or_default(),
            None if day <= 5 => ("08:00".into(), "20:00".into()),
            None => ("09:00".into(), "17:00".into()),
        })
        .collect();
    let dated: Vec<String> = place
        .iter()
        .flat_map(|p| p.hours.iter())
        .filter_map(|h| {
            let day = WEEKDAYS.get(h.weekday.saturating_sub(1) as usize)?;
            h.dates.as_ref().map(|d| format!("{day} {} ({d})", hours_label(&h.opens, &h.closes)))
        })
        .collect();
    let p = place.unwrap_or(PlaceItem {
        id: PlaceId(0),
        name: String::new(),
        kind: PlaceKind::Room,
        address: String::new(),
        capacity: 8,
        features: Vec::new(),
        hours: Vec::new(),
        active: true,
        coming: 0,
    });
    let text_bad = bad.clone();
    let text = move |id: &'static str, label: &'static str, value: String| {
        view! {
            <div class="field">
                <label for=format!("place-{id}")>{label}</label>
                <input id=format!("place-{id}") name=id value=value required maxlength=if id == "name" { "80" } else { "200" }
                    aria-invalid=invalid(&text_bad, id) aria-describedby=described(&text_bad, id)/>
            </div>
        }
    };
    let hours_error = invalid(&bad, "hours");
    view! {
        <section class="card">
            <p class="muted">{centre_name}</p>
            {refusal(error.clone())}
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="centre" value=centre.0/>
                {id.map(|id| view! { <input type="hidden" name="place" value=id.0/> })}
                {text("name", "Navn", p.name.clone())}
                <div class="field-row">
                    <div class="field">
                        <label for="place-kind">"Slags sted"</label>
                        <select id="place-kind" name="kind" aria-invalid=invalid(&bad, "kind")>
                            {PlaceKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected={k == p.kind}>{k.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="place-capacity">"Plads til (personer)"</label>
                        <input id="place-capacity" name="capacity" type="number" min="1" max="100" value=p.capacity required
                            aria-invalid=invalid(&bad, "capacity") aria-describedby=described(&bad, "capacity")/>
                    </div>
                </div>
                {text("address", "Adresse", p.address.clone())}
                <fieldset aria-invalid=invalid(&bad, "features")>
                    <legend>"Stedet har"</legend>
                    <div class="checks">
                        {Feature::ALL.into_iter().map(|f| view! {
                            <label class="check">
                                <input type="checkbox" name="features[]" value=f.as_str() checked=p.features.contains(&f)/>
                                {f.label()}
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <fieldset aria-describedby=hours_error.map(|_| "form-error hours-help").unwrap_or("hours-help")>
                    <legend>"Åbningstid hver uge"</legend>
                    <p id="hours-help" class="muted small">"Lad begge felter stå tomme på en dag, hvor stedet er lukket."</p>
                    <div class="week-hours">
                        {week.into_iter().enumerate().map(|(i, (o, c))| {
                            let day = WEEKDAYS[i];
                            view! {
                                <div class="day-hours" role="group" aria-label=day>
                                    <span class="day-name" aria-hidden="true">{day}</span>
                                    <label class="sr-only" for=format!("opens-{i}")>{format!("{day} åbner")}</label>
                                    <input id=format!("opens-{i}") name=format!("opens[{i}]") type="time" value=o aria-invalid=hours_error/>
                                    <span aria-hidden="true">"–"</span>
                                    <label class="sr-only" for=format!("closes-{i}")>{format!("{day} lukker")}</label>
                                    <input id=format!("closes-{i}") name=format!("closes[{i}]") type="time" value=c aria-invalid=hours_error/>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                    {(!dated.is_empty()).then(|| view! {
                        <p class="muted small">"Åbent i en periode (ændres ikke her): "{dated.join("; ")}</p>
                    })}
                </fieldset>
                <button type="submit" class="btn btn-primary">{if id.is_some() { "Gem" } else { "Opret sted" }}</button>
            </ActionForm>
        </section>
    }
}
