//! /bemanding: the coordinator staffs unstaffed visits; a consultant sees their own shifts, and an
//! hourly one says when they can work.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{choices, refusal};
use crate::auth::{Role, api::me};
use crate::booking::api::{AddAvailability, StaffVisit, my_availability, my_shifts, unstaffed_visits};
use crate::booking::board::api::booking_options;
use crate::error::AppError;
use crate::layout::{ErrorNotice, Loading, Page};
use crate::visits::VisitSummary;
use crate::visits::row::StaffRow;

#[derive(Clone, serde::Serialize, serde::Deserialize)]
enum Staffing {
    Coordinator { unstaffed: Vec<VisitSummary>, consultants: Vec<(String, String)> },
    Consultant { shifts: Vec<VisitSummary>, available: Option<Vec<String>> },
}

#[component]
pub fn StaffingPage() -> impl IntoView {
    let saved = match use_query_map().read_untracked().get("gemt").as_deref() {
        Some("tid") => "Tak. Din tid er gemt.",
        Some("bemandet") => "Konsulenten er sat på.",
        _ => "",
    };
    let data = Resource::new(
        || (),
        |_| async move {
            let user = me().await?.ok_or(AppError::Unauthorized)?;
            if user.role == Role::Coordinator {
                let consultants = booking_options()
                    .await?
                    .consultants
                    .into_iter()
                    .map(|(id, n, hourly)| (id.to_string(), if hourly { format!("{n} (timelønnet)") } else { n }))
                    .collect();
                Ok(Staffing::Coordinator { unstaffed: unstaffed_visits().await?, consultants })
            } else {
                Ok(Staffing::Consultant { shifts: my_shifts().await?, available: my_availability().await? })
            }
        },
    );
    view! {
        <Page title="Bemanding">
            <h1 class="page-title">"Bemanding"</h1>
            {(!saved.is_empty()).then(|| view! { <div class="notice notice-ok" role="status">{saved}</div> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(Staffing::Coordinator { unstaffed, consultants }) => view! { <Unstaffed visits=unstaffed consultants=consultants/> }.into_any(),
                        Ok(Staffing::Consultant { shifts, available }) => view! { <Shifts shifts=shifts available=available/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Unstaffed(visits: Vec<VisitSummary>, consultants: Vec<(String, String)>) -> impl IntoView {
    let action = ServerAction::<StaffVisit>::new();
    view! {
        <h2 class="section-title">"Mangler konsulent (de næste 8 uger)"</h2>
        {move || refusal(action.value().get().and_then(Result::err))}
        {if visits.is_empty() {
            view! { <p class="card muted">"Alle samvær er bemandet."</p> }.into_any()
        } else {
            view! {
                <ul class="slot-list">
                    {visits.into_iter().map(|v| {
                        let field = format!("staff-{}", v.id.0);
                        let list = consultants.clone();
                        let id = v.id.0;
                        view! {
                            <StaffRow visit=v with_day=true>
                                <ActionForm action=action attr:class="form inline-form">
                                    <input type="hidden" name="id" value=id/>
                                    <input type="hidden" name="back" value="/bemanding"/>
                                    <label class="sr-only" for=field.clone()>"Konsulent"</label>
                                    <select id=field name="staff_id">{choices(list, "")}</select>
                                    <button type="submit" class="btn">"Sæt på"</button>
                                </ActionForm>
                            </StaffRow>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn Shifts(shifts: Vec<VisitSummary>, available: Option<Vec<String>>) -> impl IntoView {
    let action = ServerAction::<AddAvailability>::new();
    view! {
        <h2 class="section-title">"Mine vagter (de næste 8 uger)"</h2>
        {if shifts.is_empty() {
            view! { <p class="card muted">"Du er ikke sat på noget endnu."</p> }.into_any()
        } else {
            view! {
                <ul class="slot-list">
                    {shifts.into_iter().map(|v| view! { <StaffRow visit=v with_day=true/> }).collect_view()}
                </ul>
            }.into_any()
        }}
        {match available {
            None => view! {
                <p class="card muted">"Som fast konsulent er du til rådighed i stedernes åbningstid. Timelønnede melder selv, hvornår de kan arbejde."</p>
            }.into_any(),
            Some(available) => view! {
                <section class="card">
                    <h2>"Hvornår kan du arbejde?"</h2>
                    <p class="muted small">"Du kan kun sættes på samvær inden for de tider, du har meldt."</p>
                    {move || refusal(action.value().get().and_then(Result::err))}
                    <ActionForm action=action attr:class="form">
                        <div class="field-row">
                            <div class="field"><label for="av-date">"Dato"</label><input id="av-date" name="date" type="date" required/></div>
                            <div class="field"><label for="av-from">"Fra"</label><input id="av-from" name="from" type="time" value="09:00" required/></div>
                            <div class="field"><label for="av-to">"Til"</label><input id="av-to" name="to" type="time" value="17:00" required/></div>
                        </div>
                        <button type="submit" class="btn btn-primary">"Meld tid"</button>
                    </ActionForm>
                    {(!available.is_empty()).then(|| view! {
                        <h3>"Meldt til rådighed"</h3>
                        <ul class="plain">{available.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
                    })}
                </section>
            }.into_any(),
        }}
    }
}
