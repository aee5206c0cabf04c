use leptos::prelude::*;

use super::api::week_overview;
use crate::layout::{ErrorNotice, Loading, Page};
use crate::visits::{Status, VisitSummary};

#[component]
pub fn OverviewPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| week_overview());
    view! {
        <Page title="Oversigt">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(o) => view! {
                            <div class="page-head">
                                <h1 class="page-title">"I dag"</h1>
                                <p class="muted">{o.today_label.clone()}</p>
                            </div>
                            {o.only_mine.then(|| view! { <p class="notice">"Du ser de samvær, du selv er sat på."</p> })}
                            {(!o.alerts.is_empty()).then(|| view! {
                                <section class="alerts" aria-labelledby="alerts-title">
                                    <h2 class="section-title" id="alerts-title">"Beskeder fra forældre"</h2>
                                    <ul class="slot-list">{o.alerts.into_iter().map(|v| view! { <Slot visit=v with_day=true/> }).collect_view()}</ul>
                                </section>
                            })}
                            {(!o.case_notices.is_empty()).then(|| view! {
                                <section class="card case-notices" aria-labelledby="case-notices-title">
                                    <h2 class="section-title" id="case-notices-title">"Ændringer i sager"</h2>
                                    <ul class="history">
                                        {o.case_notices.into_iter().map(|n| view! { <li><strong>{n.when}</strong><br/>{n.text}</li> }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <crate::descriptions::pages::OverdueSection/>
                            {(!o.followups.is_empty()).then(|| view! {
                                <section class="card followups" aria-labelledby="followups-title">
                                    <h2 class="section-title" id="followups-title">"Opfølgningsmøder at booke"</h2>
                                    <ul class="plain-list">
                                        {o.followups.into_iter().map(|f| view! {
                                            <li class="followup">
                                                <span><strong>{f.family_code.clone()}</strong>" · "{if f.overdue { "skulle have været holdt " } else { "skal holdes " }}{f.due}</span>
                                                " "<a class="btn" href=f.book_href aria-label=format!("Book opfølgningsmøde for {}", f.family_code)>"Book"</a>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <section aria-label="Dagens samvær" class="today">
                                {if o.today.is_empty() {
                                    view! { <p class="card muted">"Ingen samvær i dag."</p> }.into_any()
                                } else {
                                    view! { <ul class="slot-list">{o.today.into_iter().map(|v| view! { <Slot visit=v with_day=false/> }).collect_view()}</ul> }.into_any()
                                }}
                            </section>
                            <h2 class="section-title">{o.week_label}</h2>
                            <div class="week">
                                {o.week.into_iter().map(|day| view! {
                                    <section class="day" class:weekend=day.is_weekend>
                                        <h3 class="day-title">{day.label}</h3>
                                        {if day.visits.is_empty() {
                                            view! { <p class="muted small">"Intet planlagt"</p> }.into_any()
                                        } else {
                                            view! { <ul class="slot-list">{day.visits.into_iter().map(|v| view! { <Slot visit=v with_day=false/> }).collect_view()}</ul> }.into_any()
                                        }}
                                    </section>
                                }).collect_view()}
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Slot(visit: VisitSummary, with_day: bool) -> impl IntoView {
    let cancelled = matches!(visit.status, Status::Cancelled | Status::NoShow);
    let marked = visit.status != Status::Planned;
    view! {
        <li class="slot" class:is-cancelled=cancelled>
            <span class="slot-time">{with_day.then(|| view! { <span class="d-block">{visit.day.clone()}</span> })}{visit.span}</span>
            <span class="slot-main">
                <span class="slot-title">{visit.title}</span>
                <span class="slot-meta"><span class="code">{visit.family_code}</span>" "{visit.children}</span>
                <span class="slot-meta">{visit.place}" · "{visit.staff}</span>
                {visit.notices.into_iter().map(|n| view! { <span class="slot-notice">{n}</span> }).collect_view()}
            </span>
            {marked.then(|| {
                let text = if visit.status_note.is_empty() { visit.status.label().to_string() } else { visit.status_note.clone() };
                view! { <span class=format!("badge {}", visit.status.css())>{text}</span> }
            })}
        </li>
    }
}
