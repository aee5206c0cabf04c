//! /henvisninger: the caseworker's own referrals, or the coordinator's centre's;
//! /henvisninger/:id: one referral with its questions and answers, and for the coordinator
//! "Spørg rådgiveren" and "Modtag henvisningen" (then: book the kick-off meeting).

mod form;

pub use form::ReferralFormPage;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{AcceptReferral, AnswerReferral, AskReferral, read_referral, referrals};
use super::{PLACEMENT_KINDS, RELATIONS, ReferralId, ReferralIn, ReferralView, label_of};
use crate::auth::{Role, api::me};
use crate::error::AppError;
use crate::layout::forms::{choices, refusal};
use crate::layout::{ErrorNotice, Loading, Page};
use crate::visits::VisitType;

#[component]
pub fn ReferralsPage() -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async move {
            let coordinator = me().await?.is_some_and(|u| u.role == Role::Coordinator);
            Ok::<_, AppError>((referrals().await?, coordinator))
        },
    );
    view! {
        <Page title="Henvisninger">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok((list, coordinator)) => view! {
                            <div class="page-head">
                                <h1 class="page-title">{if coordinator { "Henvisninger" } else { "Mine henvisninger" }}</h1>
                                <a class="btn btn-primary" href="/henvisninger/ny">{if coordinator { "Opret en sag direkte" } else { "Ny henvisning" }}</a>
                            </div>
                            {list.is_empty().then(|| view! { <p class="card muted">"Ingen henvisninger endnu."</p> })}
                            <ul class="case-list">
                                {list.into_iter().map(|r| view! {
                                    <li class="card case">
                                        <div class="case-head">
                                            <h2><a href=format!("/henvisninger/{}", r.id.0)>{r.children}</a></h2>
                                            <span class="badge">{r.status}</span>
                                        </div>
                                        <p class="muted small">{r.sent}" · "{r.caseworker}</p>
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

fn saved_text(kind: &str) -> Option<&'static str> {
    match kind {
        "sendt" => Some("Henvisningen er sendt. Samværscentret vender tilbage her."),
        "spurgt" => Some("Spørgsmålet er sendt til rådgiveren."),
        "svaret" => Some("Svaret er sendt til samværscentret."),
        "modtaget" | "oprettet" => Some("Familien og sagerne er oprettet. Book opstartsmødet nu."),
        _ => None,
    }
}

#[component]
pub fn ReferralPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|s| s.parse::<i64>().ok()).map(ReferralId);
    let saved = saved_text(&use_query_map().read_untracked().get("gemt").unwrap_or_default());
    let data = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => read_referral(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Page title="Henvisning">
            <p class="back"><a href="/henvisninger">"← Henvisninger"</a></p>
            {saved.map(|t| view! { <div class="notice notice-ok" role="status">{t}</div> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(v) => view! { <Referral v=v/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Referral(v: ReferralView) -> impl IntoView {
    let ask = ServerAction::<AskReferral>::new();
    let answer = ServerAction::<AnswerReferral>::new();
    let accept = ServerAction::<AcceptReferral>::new();
    let error = ask
        .value()
        .get_untracked()
        .and_then(Result::err)
        .or(answer.value().get_untracked().and_then(Result::err))
        .or(accept.value().get_untracked().and_then(Result::err));
    let id = v.item.id.0;
    let mut consultants = vec![(String::new(), "Ingen endnu".to_string())];
    consultants.extend(v.consultants.iter().map(|(id, n)| (id.to_string(), n.clone())));
    view! {
        <h1 class="page-title">{v.item.children.clone()}</h1>
        <p class="muted">{format!("{} · {} · til {}", v.item.sent, v.item.caseworker, v.centre)}" · "<span class="badge">{v.item.status.clone()}</span></p>
        {refusal(error)}
        {v.family_id.map(|f| view! {
            <section class="card" aria-labelledby="cases-title">
                <h2 id="cases-title">"Sagerne"</h2>
                <ul class="plain-list">
                    {v.cases.iter().map(|(c, n)| view! { <li><a href=format!("/sager/{c}")>{format!("{} sag", crate::i18n::genitive(n))}</a></li> }).collect_view()}
                </ul>
                {v.coordinator.then(|| view! {
                    <a class="btn btn-primary" href=format!("/booking/ny?familie={f}&type=kickoff_meeting")>"Book opstartsmødet"</a>
                })}
            </section>
        })}
        <Body b=v.body.clone() children=v.children_lines.clone() period=v.period.clone() frequency=v.frequency.clone()/>
        <section class="card" aria-labelledby="notes-title">
            <h2 id="notes-title">"Spørgsmål og svar"</h2>
            {if v.notes.is_empty() {
                view! { <p class="muted">"Ingen endnu."</p> }.into_any()
            } else {
                view! { <ul class="history">{v.notes.into_iter().map(|(when, who, text)| view! { <li><strong>{when}</strong>" · "{who}<br/>{text}</li> }).collect_view()}</ul> }.into_any()
            }}
            {v.may_accept.then(|| view! {
                <ActionForm action=ask attr:class="form">
                    <input type="hidden" name="id" value=id/>
                    <div class="field"><label for="ask-text">"Spørg rådgiveren"</label><textarea id="ask-text" name="text" rows="2" maxlength="2000" required></textarea></div>
                    <button type="submit" class="btn">"Send spørgsmålet"</button>
                </ActionForm>
            })}
            {v.may_answer.then(|| view! {
                <ActionForm action=answer attr:class="form">
                    <input type="hidden" name="id" value=id/>
                    <div class="field"><label for="answer-text">"Dit svar"</label><textarea id="answer-text" name="text" rows="2" maxlength="2000" required></textarea></div>
                    <button type="submit" class="btn btn-primary">"Send svaret"</button>
                </ActionForm>
            })}
        </section>
        {v.may_accept.then(|| view! {
            <section class="card" aria-labelledby="accept-title">
                <h2 id="accept-title">"Modtag henvisningen"</h2>
                <p class="muted small">"Opretter familien, børnene, forældre og netværk og én sag pr. barn. Derefter kan du booke opstartsmødet."</p>
                <ActionForm action=accept attr:class="form">
                    <input type="hidden" name="id" value=id/>
                    <div class="field"><label for="consultant_id">"Familiens konsulent"</label><select id="consultant_id" name="consultant_id">{choices(consultants, "")}</select></div>
                    <button type="submit" class="btn btn-primary">"Modtag og opret sagerne"</button>
                </ActionForm>
            </section>
        })}
    }
}

/// What the referral says, as staff read it.
#[component]
fn Body(b: ReferralIn, children: Vec<String>, period: String, frequency: String) -> impl IntoView {
    let d = b.decision.clone();
    let or_none = |s: String| if s.trim().is_empty() { "Ikke oplyst".to_string() } else { s };
    view! {
        <section class="card" aria-labelledby="children-title">
            <h2 id="children-title">"Børn og anbringelse"</h2>
            <ul class="plain-list">
                {children.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
            </ul>
            {b.placements.iter().filter(|p| !p.name.is_empty()).map(|p| view! {
                <p class="small">
                    <strong>{p.name.clone()}</strong>{format!(" ({})", label_of(&PLACEMENT_KINDS, &p.kind))}<br/>
                    {format!("{} · {} {}", p.contact_name, p.phone, p.email)}
                    {p.secret.is_some().then(|| view! { <br/><span class="warn">"Hemmelig adresse"</span> })}
                </p>
            }).collect_view()}
        </section>
        <section class="card" aria-labelledby="persons-title">
            <h2 id="persons-title">"Forældre og netværk"</h2>
            <ul class="plain-list">
                {b.persons.iter().filter(|p| !p.first_name.is_empty()).map(|p| view! {
                    <li>
                        <strong>{format!("{} {}", p.first_name, p.last_name)}</strong>
                        {format!(" · {}{}", label_of(&RELATIONS, &p.relation), if p.custody.is_some() { " · forældremyndighed" } else { "" })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="card" aria-labelledby="decision-title">
            <h2 id="decision-title">"Afgørelsen"</h2>
            <dl class="facts facts-grid">
                <dt>"Samvær"</dt><dd>{VisitType::parse(&d.visit_type).map_or("", VisitType::with_law)}</dd>
                <dt>"Periode"</dt><dd>{period}</dd>
                <dt>"Omfang"</dt><dd>{frequency}</dd>
                <dt>"Vilkår"</dt><dd>{or_none(d.conditions)}</dd>
                <dt>"Formål"</dt><dd>{or_none(d.purpose)}</dd>
                <dt>"Mål"</dt><dd>{or_none(d.goals)}</dd>
                <dt>"Dokument"</dt><dd>{or_none(d.document_ref)}</dd>
            </dl>
        </section>
    }
}
