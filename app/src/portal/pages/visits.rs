use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{Facts, VisitRow};
use crate::i18n::use_lang;
use crate::layout::{ErrorNotice, Loading, Page};
use crate::portal::api::my_visits;
use crate::visits::VisitSummary;

/// "Mine samvær": the next visit first, then the rest; earlier visits on their own tab.
#[component]
pub fn MyVisitsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let past = query.read_untracked().get("fane").as_deref() == Some("tidligere");
    let data = Resource::new(move || past, my_visits);
    let tab = move |href: &'static str, label: &'static str, current: bool| {
        view! { <a href=href class="tab" aria-current=current.then_some("page")>{label}</a> }
    };
    view! {
        <Page title=lang.t("Mine samvær", "My visits")>
            <h1 class="page-title">{lang.t("Mine samvær", "My visits")}</h1>
            <nav class="tabs" aria-label=lang.t("Vis", "Show")>
                {tab("/mine-samvaer", lang.t("Kommende", "Upcoming"), !past)}
                {tab("/mine-samvaer?fane=tidligere", lang.t("Tidligere", "Earlier"), past)}
            </nav>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(v) if past => view! { <List visits=v.others empty=lang.t("Der er ingen tidligere aftaler.", "There are no earlier appointments.")/> }.into_any(),
                        Ok(v) => view! {
                            {match v.next {
                                Some(next) => view! { <NextVisit visit=next/> }.into_any(),
                                None => view! {
                                    <section class="card"><p>{lang.t(
                                        "Du har ingen kommende samvær lige nu. Samværscentret kontakter dig, når det næste er planlagt.",
                                        "You have no upcoming visits right now. The visitation centre will contact you when the next one is planned.",
                                    )}</p></section>
                                }.into_any(),
                            }}
                            <h2 class="section-title">{lang.t("Senere", "Later")}</h2>
                            <List visits=v.others empty=lang.t("Ingen flere aftaler er planlagt.", "No more appointments are planned.")/>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn List(visits: Vec<VisitSummary>, empty: &'static str) -> impl IntoView {
    if visits.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <ul class="visit-list">
            {visits.into_iter().map(|s| view! { <VisitRow visit=s/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn NextVisit(visit: VisitSummary) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/mine-samvaer/{}", visit.id.0);
    let talks = visit.talks.clone();
    view! {
        <section class="card next-visit" aria-labelledby="next-title">
            <p class="eyebrow" id="next-title">{lang.t("Næste samvær", "Next visit")}</p>
            <Facts visit=visit with_type=true/>
            {(!talks.is_empty()).then(|| view! {
                <ul class="plain visit-talks">{talks.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            })}
            <a class="btn btn-primary" href=href>{lang.t("Se forberedelse og detaljer", "Preparation and details")}</a>
        </section>
    }
}
