use leptos::prelude::*;

use super::api::my_cases;
use crate::layout::{ErrorNotice, Loading, Page};

#[component]
pub fn CasesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_cases());
    view! {
        <Page title="Mine sager">
            <h1 class="page-title">"Mine sager"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(cases) if cases.is_empty() => view! { <p class="card muted">"Du har ingen sager med samvær på centret."</p> }.into_any(),
                        Ok(cases) => view! {
                            <ul class="case-list">
                                {cases.into_iter().map(|c| view! {
                                    <li class="card case">
                                        <div class="case-head">
                                            <h2>{c.child_name}<span class="muted">", "{c.age}" år"</span></h2>
                                            <span class="badge">{c.status}</span>
                                        </div>
                                        <dl class="facts">
                                            <dt>"Samvær"</dt><dd>{c.visit_type}</dd>
                                            <dt>"Afgørelse"</dt><dd>{c.period}</dd>
                                            <dt>"Omfang"</dt><dd>{c.frequency}</dd>
                                            <dt>"Næste"</dt><dd>{c.next_visit.unwrap_or_else(|| "Intet planlagt".into())}</dd>
                                            <dt>"Vilkår"</dt><dd>{if c.conditions.is_empty() { "Ingen".to_string() } else { c.conditions }}</dd>
                                        </dl>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}
