//! /admin/centre: the centres an administrator sets up. The installation's administrator sees all
//! and creates new ones; a centre's administrator edits their own. `?id=` opens one centre's form.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{bad_field, described, invalid, refusal};
use crate::error::AppError;
use crate::layout::{ErrorNotice, Loading, Page};
use crate::setup::api::{CreateCentre, SetCentreOpen, UpdateCentre, list_centres};
use crate::setup::{CentreId, CentreItem, CentresView};

fn saved_text(kind: &str) -> Option<&'static str> {
    match kind {
        "oprettet" => Some("Samværscentret er oprettet. Tilføj nu dets steder og medarbejdere."),
        "rettet" => Some("Oplysningerne er gemt."),
        "lukket" => {
            Some("Samværscentret er lukket: det tager ikke imod nye bookinger eller henvisninger. Historikken bevares.")
        }
        "aabnet" => Some("Samværscentret er åbnet igen."),
        _ => None,
    }
}

#[component]
pub fn CentresPage() -> impl IntoView {
    let query = use_query_map().read_untracked().clone();
    let saved = saved_text(&query.get("gemt").unwrap_or_default());
    let chosen = query.get("id").and_then(|s| s.parse::<i64>().ok()).map(CentreId);
    let data = Resource::new(|| (), |_| list_centres());
    view! {
        <Page title="Samværscentre">
            <h1 class="page-title">"Samværscentre"</h1>
            {saved.map(|t| view! { <div class="notice notice-ok" role="status">{t}</div> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(CentresView { centres, may_create }) => {
                            // A centre's own administrator has one centre: its form straight away.
                            let own = (!may_create).then(|| centres.first().map(|c| c.id)).flatten();
                            match chosen.or(own).and_then(|id| centres.iter().find(|c| c.id == id).cloned()) {
                                Some(c) => view! { <CentreForm centre=Some(c)/> }.into_any(),
                                None if chosen.is_some() => view! { <ErrorNotice error=AppError::NotFound/> }.into_any(),
                                None => view! { <CentreList list=centres/> <CentreForm centre=None/> }.into_any(),
                            }
                        }
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn CentreList(list: Vec<CentreItem>) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <p class="card">"Der er ingen samværscentre endnu. Opret det første herunder; derefter dets steder og medarbejdere."</p>
        }
        .into_any();
    }
    let toggle = ServerAction::<SetCentreOpen>::new();
    let error = toggle.value().get_untracked().and_then(Result::err);
    view! {
        {refusal(error)}
        <ul class="plain-list">
            {list.into_iter().map(|c| {
                let (button, label) = if c.active {
                    ("Luk samværscentret", format!("Luk {} for nye bookinger og henvisninger", c.name))
                } else {
                    ("Åbn igen", format!("Åbn {} igen", c.name))
                };
                view! {
                    <li class="card">
                        <h2>{c.name.clone()}{(!c.active).then(|| view! { " " <span class="badge">"Lukket"</span> })}</h2>
                        <p class="muted">{c.municipality}" · "{c.address}</p>
                        <p class="actions">
                            <a class="btn" href=format!("/admin/centre?id={}", c.id.0)>"Ret oplysninger"</a>
                            <a class="btn" href=format!("/admin/steder?center={}", c.id.0)>"Steder"</a>
                        </p>
                        <ActionForm action=toggle attr:class="inline-form">
                            <input type="hidden" name="centre" value=c.id.0/>
                            <input type="hidden" name="open" value=(!c.active).to_string()/>
                            <button type="submit" class=if c.active { "btn btn-danger" } else { "btn" } aria-label=label>{button}</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The form for a new centre (`centre` None) or an existing one.
#[component]
fn CentreForm(centre: Option<CentreItem>) -> impl IntoView {
    let create = ServerAction::<CreateCentre>::new();
    let update = ServerAction::<UpdateCentre>::new();
    let error =
        create.value().get_untracked().and_then(Result::err).or(update.value().get_untracked().and_then(Result::err));
    let bad = bad_field(&error);
    let editing = centre.is_some();
    let c = centre.unwrap_or(CentreItem {
        id: CentreId(0),
        name: String::new(),
        municipality: String::new(),
        address: String::new(),
        phone: String::new(),
        email: String::new(),
        opening_hours: String::new(),
        description_days: 3,
        active: true,
    });
    let bad_days = bad.clone();
    let field = move |id: &'static str, label: &'static str, value: String, kind: &'static str| {
        view! {
            <div class="field">
                <label for=format!("centre-{id}")>{label}</label>
                <input id=format!("centre-{id}") name=id type=kind value=value required={id != "opening_hours"}
                    aria-invalid=invalid(&bad, id) aria-describedby=described(&bad, id)/>
            </div>
        }
    };
    let fields = view! {
        {field("name", "Navn", c.name.clone(), "text")}
        {field("municipality", "Kommune", c.municipality.clone(), "text")}
        {field("address", "Adresse", c.address.clone(), "text")}
        <div class="field-row">
            {field("phone", "Telefon", c.phone.clone(), "tel")}
            {field("email", "E-mail", c.email.clone(), "email")}
        </div>
        {field("opening_hours", "Åbningstid, som forældrene læser den (fx Hverdage 8–20, weekend 9–17)", c.opening_hours.clone(), "text")}
        <div class="field">
            <label for="centre-description_days">"Frist for beskrivelser (arbejdsdage efter samværet)"</label>
            <input id="centre-description_days" name="description_days" type="number" min="1" max="15" step="1"
                class="input-short" value=c.description_days required
                aria-invalid=invalid(&bad_days, "description_days") aria-describedby=described(&bad_days, "description_days")/>
        </div>
    };
    view! {
        <section class="card" aria-labelledby="centre-form-title">
            <h2 id="centre-form-title">{if editing { format!("Ret {}", c.name) } else { "Opret samværscenter".into() }}</h2>
            {refusal(error.clone())}
            {if editing {
                view! {
                    <ActionForm action=update attr:class="form">
                        <input type="hidden" name="centre" value=c.id.0/>
                        {fields}
                        <button type="submit" class="btn btn-primary">"Gem"</button>
                    </ActionForm>
                    <p><a href=format!("/admin/steder?center={}", c.id.0)>"Stederne i samværscentret →"</a></p>
                }.into_any()
            } else {
                view! {
                    <ActionForm action=create attr:class="form">
                        {fields}
                        <button type="submit" class="btn btn-primary">"Opret"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}
