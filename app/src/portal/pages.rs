use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::{my_visits, visit};
use crate::layout::{ErrorNotice, Loading, Page};
use crate::visits::{Status, VisitId, VisitSummary};

#[component]
pub fn MyVisitsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_visits());
    view! {
        <Page title="Mine samvær">
            <h1 class="page-title">"Mine samvær"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(v) => view! {
                            {match v.next {
                                Some(next) => view! { <NextVisit visit=next/> }.into_any(),
                                None => view! {
                                    <section class="card"><p>"Du har ingen kommende samvær lige nu. Samværscentret kontakter dig, når det næste er planlagt."</p></section>
                                }.into_any(),
                            }}
                            <h2 class="section-title">"Senere"</h2>
                            {if v.later.is_empty() {
                                view! { <p class="muted">"Ingen flere aftaler er planlagt."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="visit-list">
                                        {v.later.into_iter().map(|s| view! { <VisitRow visit=s/> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn NextVisit(visit: VisitSummary) -> impl IntoView {
    let href = format!("/mine-samvaer/{}", visit.id.0);
    view! {
        <section class="card next-visit" aria-labelledby="next-title">
            <p class="eyebrow" id="next-title">"Næste samvær"</p>
            <Facts visit=visit with_type=true/>
            <a class="btn btn-primary" href=href>"Se forberedelse og detaljer"</a>
        </section>
    }
}

/// When, where, with whom: the same facts on the list's first card and on the visit's page.
#[component]
fn Facts(visit: VisitSummary, with_type: bool) -> impl IntoView {
    view! {
        <p class="next-when">{visit.when}</p>
        <p class="next-span">{visit.span}</p>
        <dl class="facts">
            <dt>"Hvor"</dt><dd>{visit.place}<span class="muted block">{visit.place_address}</span></dd>
            <dt>"Med"</dt><dd>{visit.children}</dd>
            <dt>"Konsulent"</dt><dd>{visit.staff}</dd>
            {with_type.then(|| view! { <dt>"Type"</dt><dd>{visit.title}</dd> })}
        </dl>
    }
}

#[component]
fn VisitRow(visit: VisitSummary) -> impl IntoView {
    let href = format!("/mine-samvaer/{}", visit.id.0);
    let cancelled = visit.status == Status::Cancelled;
    view! {
        <li class="visit-row" class:is-cancelled=cancelled>
            <a href=href>
                <span class="visit-day">{visit.day}</span>
                <span class="visit-main">
                    <span class="visit-title">{visit.title}</span>
                    <span class="visit-meta">{visit.span}" · "{visit.place}</span>
                </span>
                {cancelled.then(|| view! { <span class="badge status-cancelled">{visit.status_note.clone()}</span> })}
            </a>
        </li>
    }
}

#[component]
pub fn VisitPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => visit(VisitId(id)).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Page title="Samvær">
            <p class="back"><a href="/mine-samvaer">"← Mine samvær"</a></p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(d) => {
                            let s = d.summary;
                            let status = (s.status != Status::Planned).then(|| {
                                let text = if s.status_note.is_empty() { s.status.label().to_string() } else { s.status_note.clone() };
                                view! { <p class=format!("badge {}", s.status.css())>{text}</p> }
                            });
                            view! {
                                <h1 class="page-title">{s.title.clone()}</h1>
                                {status}
                                <section class="card">
                                    <Facts visit=s with_type=false/>
                                    <p class="explain">{d.type_explained}</p>
                                </section>
                                <section class="card">
                                    <h2>"Forberedelse og aftaler"</h2>
                                    {if d.preparation_notes.is_empty() {
                                        view! { <p class="muted">"Der er ingen noter til dette samvær endnu."</p> }.into_any()
                                    } else {
                                        view! { <p class="prewrap">{d.preparation_notes}</p> }.into_any()
                                    }}
                                </section>
                                {(!d.participants.is_empty()).then(|| view! {
                                    <section class="card">
                                        <h2>"Hvem deltager"</h2>
                                        <ul class="plain">{d.participants.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                                    </section>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </Page>
    }
}
