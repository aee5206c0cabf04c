//! "Mine beskrivelser" (the coordinator: the centre's), the list of rows other pages share (the
//! overview's overdue ones, a case's sent ones), and the leader's figures.

use leptos::prelude::*;

use crate::auth::{Role, api::me};
use crate::descriptions::api::{description_figures, my_descriptions};
use crate::descriptions::{DueRow, OnTime, State};
use crate::error::AppError;
use crate::layout::{ErrorNotice, Loading, Page};

/// Rows of descriptions; each whole row opens the description. The deadline comes first.
#[component]
pub fn DueTable(rows: Vec<DueRow>, #[prop(optional)] sent: bool) -> impl IntoView {
    view! {
        <ul class="due-list">
            {rows.into_iter().map(|r| {
                let state = match r.state {
                    State::Draft if r.overdue => view! { <span class="badge badge-warn">"Frist overskredet"</span> }.into_any(),
                    State::Draft => view! { <span class="badge">"Skal skrives"</span> }.into_any(),
                    s => view! { <span class="badge">{s.label()}</span> }.into_any(),
                };
                // The deadline is the writers': shown while it is still theirs.
                let deadline = if sent || r.state != State::Draft { String::new() } else { format!("Frist {}", r.due) };
                view! {
                    <li>
                        <a class="due-row" class:overdue=r.overdue href=format!("/beskrivelser/{}", r.id.0)>
                            <span class="due-when">{r.when}</span>
                            <span class="due-what"><span class="code">{r.family}</span>" · "{r.kind}</span>
                            <span class="due-who small muted">{r.writers}</span>
                            <span class="due-state">{state}" "<span class="small">{deadline}</span></span>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn MyDescriptionsPage() -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async move {
            let all = me().await?.is_some_and(|u| u.role == Role::Coordinator);
            Ok::<_, AppError>((my_descriptions().await?, all))
        },
    );
    view! {
        <Page title="Beskrivelser">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(((open, sent), all)) => {
                            let overdue = open.iter().filter(|r| r.overdue).count();
                            view! {
                                <h1 class="page-title">{if all { "Beskrivelser" } else { "Mine beskrivelser" }}</h1>
                                {(overdue > 0).then(|| view! {
                                    <p class="notice notice-error" role="status">{if overdue == 1 {
                                        "1 beskrivelse har overskredet fristen.".to_string()
                                    } else {
                                        format!("{overdue} beskrivelser har overskredet fristen.")
                                    }}</p>
                                })}
                                <section aria-labelledby="open-title">
                                    <h2 id="open-title">"Skal skrives eller sendes"</h2>
                                    {if open.is_empty() {
                                        view! { <p class="card muted">"Der er ingen beskrivelser, der venter."</p> }.into_any()
                                    } else {
                                        view! { <DueTable rows=open/> }.into_any()
                                    }}
                                </section>
                                <section aria-labelledby="sent-title">
                                    <h2 id="sent-title">"Sendt de sidste 30 dage"</h2>
                                    {if sent.is_empty() {
                                        view! { <p class="card muted">"Ingen endnu."</p> }.into_any()
                                    } else {
                                        view! { <DueTable rows=sent sent=true/> }.into_any()
                                    }}
                                </section>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
pub fn FiguresPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| description_figures());
    view! {
        <Page title="Beskrivelser til tiden">
            <h1 class="page-title">"Beskrivelser til tiden"</h1>
            <p class="muted">"Første udgave af hver beskrivelse, efter den måned fristen faldt i. En beskrivelse tæller for hver konsulent på samværet."</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p class="card muted">"Der er ingen beskrivelser med frist det seneste år."</p> }.into_any(),
                        Ok(rows) => view! { <Figures rows=rows/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Figures(rows: Vec<OnTime>) -> impl IntoView {
    // One group a month (latest first, as they come), so the table is narrow enough for a phone.
    let mut months: Vec<(String, Vec<OnTime>)> = Vec::new();
    for r in rows {
        match months.last_mut() {
            Some((m, list)) if *m == r.month => list.push(r),
            _ => months.push((r.month.clone(), vec![r])),
        }
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Beskrivelser til tiden pr. måned og konsulent">
            <table class="figures">
                <thead><tr>
                    <th scope="col">"Konsulent"</th>
                    <th scope="col">"Sendt"</th>
                    <th scope="col">"Til tiden"</th>
                    <th scope="col">"Over fristen, ikke sendt"</th>
                </tr></thead>
                {months.into_iter().map(|(month, list)| view! {
                    <tbody>
                        <tr class="figures-month"><th scope="rowgroup" colspan="4">{month}</th></tr>
                        {list.into_iter().map(|r| {
                            let share = if r.sent > 0 { format!("{} ({} %)", r.on_time, r.on_time * 100 / r.sent) } else { "–".into() };
                            view! { <tr><th scope="row">{r.consultant}</th><td>{r.sent}</td><td>{share}</td><td>{r.overdue}</td></tr> }
                        }).collect_view()}
                    </tbody>
                }).collect_view()}
            </table>
        </div>
    }
}

/// On the overview: descriptions past their deadline (nothing when there are none; read with the
/// overview's week, `overview::service`).
#[component]
pub fn OverdueSection(rows: Vec<DueRow>) -> impl IntoView {
    (!rows.is_empty()).then(|| {
        view! {
            <section class="card overdue-descriptions" aria-labelledby="overdue-title">
                <h2 class="section-title" id="overdue-title">"Beskrivelser over fristen"</h2>
                <DueTable rows=rows/>
            </section>
        }
    })
}
