use leptos::prelude::*;

use super::api::week_overview;
use crate::layout::{ErrorNotice, Loading, Page};
use crate::visits::row::StaffRow;

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
                            <h1 class="page-title">"Oversigt"</h1>
                            {o.only_mine.then(|| view! { <p class="notice">"Du ser de samvær, du selv er sat på."</p> })}
                            {(!o.alerts.is_empty()).then(|| view! {
                                <section class="alerts" aria-labelledby="alerts-title">
                                    <h2 class="section-title" id="alerts-title">"Beskeder fra forældre"</h2>
                                    <ul class="slot-list">{o.alerts.into_iter().map(|v| view! { <StaffRow visit=v with_day=true/> }).collect_view()}</ul>
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
                            <crate::descriptions::pages::OverdueSection rows=o.overdue/>
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
                            <section aria-labelledby="today-title" class="today">
                                <h2 class="section-title" id="today-title">"I dag"<span class="muted today-date">{o.today_label.clone()}</span></h2>
                                {if o.today.is_empty() {
                                    view! { <p class="card muted">"Ingen samvær i dag."</p> }.into_any()
                                } else {
                                    view! { <ul class="slot-list">{o.today.into_iter().map(|v| view! { <StaffRow visit=v/> }).collect_view()}</ul> }.into_any()
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
                                            view! { <ul class="slot-list">{day.visits.into_iter().map(|v| view! { <StaffRow visit=v/> }).collect_view()}</ul> }.into_any()
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
