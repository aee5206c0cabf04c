//! /sager: the caller's cases (a caseworker's own, a centre's for its coordinator and leader);
//! /sager/:id: one case with its history, closing it and continuing it in a new one.

mod course;
mod voice;

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{CloseCase, ContinueCase, RecordConsent, my_cases, read_case};
use super::{CaseDetail, CaseId, CaseSummary, ConsentLine};
use crate::auth::{Role, api::me};
use crate::error::AppError;
use crate::layout::forms::{bad_field, described, invalid};
use crate::layout::{ErrorNotice, Loading, Page};

#[component]
pub fn CasesPage() -> impl IntoView {
    let handed = use_query_map().read_untracked().get("gemt").as_deref() == Some("overdraget");
    let data = Resource::new(
        || (),
        |_| async move {
            let own = me().await?.is_some_and(|u| u.role == Role::Caseworker);
            Ok::<_, AppError>((my_cases().await?, own))
        },
    );
    view! {
        <Page title="Sager">
            {handed.then(|| view! { <div class="notice notice-ok" role="status">"Sagen er overdraget til den nye rådgiver."</div> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok((cases, own)) => view! {
                            <h1 class="page-title">{if own { "Mine sager" } else { "Sager" }}</h1>
                            {cases.is_empty().then(|| view! { <p class="card muted">"Der er ingen sager med samvær på samværscentret."</p> })}
                            <ul class="case-list">
                                {cases.into_iter().map(|c| view! { <CaseCard c=c/> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn CaseCard(c: CaseSummary) -> impl IntoView {
    let href = format!("/sager/{}", c.id.0);
    view! {
        <li class="card case">
            <div class="case-head">
                <h2>
                    <a href=href>{c.child_name}</a>
                    <span class="muted">", "{c.age}" år · "{c.family_code}</span>
                </h2>
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
    }
}

fn saved_text(kind: &str, count: &str) -> Option<String> {
    match kind {
        "afsluttet" if count == "1" => {
            Some("Sagen er afsluttet. 1 planlagt aftale er aflyst, og familien kan se det.".into())
        }
        "afsluttet" => {
            Some(format!("Sagen er afsluttet. {count} planlagte aftaler er aflyst, og familien kan se det."))
        }
        "fortsat" => Some("Den nye sag er oprettet. Book samvær, når I er klar.".into()),
        "overdraget" => Some("Sagen er overdraget til den nye rådgiver.".into()),
        "rytme" => Some("Rytmen for opfølgningsmøder er gemt.".into()),
        "stoetteperson" => Some("Støttepersonen er gemt. Konsulenten ser den ved barnets samvær.".into()),
        "samtykke" => Some("Samtykket er registreret.".into()),
        "beskrivelser" => Some("Indstillingen for skriftlige beskrivelser er gemt.".into()),
        "vilkaar" | "afgoerelse" => {
            let what =
                if kind == "vilkaar" { "Afgørelsen om samvær er ændret" } else { "Afgørelsen er registreret" };
            Some(match count {
                "0" => format!("{what}. Intet planlagt samvær skulle aflyses."),
                "1" => format!("{what}. 1 kommende samvær er aflyst, og familien ser det som aflyst."),
                n => format!("{what}. {n} kommende samvær er aflyst, og familien ser dem som aflyst."),
            })
        }
        "tilbagetrukket" if count == "0" => {
            Some("Samtykket er trukket tilbage. Intet planlagt samvær skulle aflyses.".into())
        }
        "tilbagetrukket" => Some(format!(
            "Samtykket er trukket tilbage. {count} kommende samvær er aflyst, og familien ser dem som aflyst."
        )),
        _ => None,
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|s| s.parse::<i64>().ok()).map(CaseId);
    let query = use_query_map().read_untracked().clone();
    // Only a number is shown from the address.
    let count = query.get("antal").and_then(|n| n.parse::<u32>().ok()).map(|n| n.to_string()).unwrap_or_default();
    let saved = saved_text(&query.get("gemt").unwrap_or_default(), &count);
    let data = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => read_case(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Page title="Sag">
            <p class="back"><a href="/sager">"← Sager"</a></p>
            {saved.map(|t| view! { <div class="notice notice-ok" role="status">{t}</div> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(d) => view! { <Case d=d/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Case(d: CaseDetail) -> impl IntoView {
    let close = ServerAction::<CloseCase>::new();
    let carry_on = ServerAction::<ContinueCase>::new();
    let consent = ServerAction::<RecordConsent>::new();
    let error = close
        .value()
        .get_untracked()
        .and_then(Result::err)
        .or(carry_on.value().get_untracked().and_then(Result::err))
        .or(consent.value().get_untracked().and_then(Result::err));
    let bad = bad_field(&error);
    let (reason_bad, from_bad, to_bad) = (invalid(&bad, "reason"), invalid(&bad, "from"), invalid(&bad, "to"));
    let (reason_why, from_why, to_why) = (described(&bad, "reason"), described(&bad, "from"), described(&bad, "to"));
    let id = d.summary.id;
    let open = d.closed.is_none();
    let name = d.summary.child_name.clone();
    view! {
        <h1 class="page-title">{name}</h1>
        {d.closed.clone().map(|c| view! { <p class="notice">{c}" Sagen kan kun læses."</p> })}
        <section class="card">
            <dl class="facts facts-grid">
                <dt>"Status"</dt><dd>{d.summary.status}</dd>
                <dt>"Familie"</dt><dd>{format!("{} · {} år", d.summary.family_code, d.summary.age)}</dd>
                <dt>"Samvær"</dt><dd>{d.summary.visit_type}</dd>
                <dt>"Afgørelse"</dt><dd>{d.summary.period}</dd>
                <dt>"Omfang"</dt><dd>{d.summary.frequency}</dd>
                <dt>"Næste"</dt><dd>{d.summary.next_visit.unwrap_or_else(|| "Intet planlagt".into())}</dd>
                <dt>"Vilkår"</dt><dd>{if d.summary.conditions.is_empty() { "Ingen".to_string() } else { d.summary.conditions }}</dd>
                <dt>"Rådgiver"</dt><dd>{d.caseworker}</dd>
                <dt>"Konsulent"</dt><dd>{d.consultant.clone().unwrap_or_else(|| "Ikke valgt endnu".into())}</dd>
                {(!d.purpose.is_empty()).then(|| view! { <dt>"Formål"</dt><dd>{d.purpose.clone()}</dd> })}
                {(!d.goals.is_empty()).then(|| view! { <dt>"Mål"</dt><dd>{d.goals.clone()}</dd> })}
                {(!d.document_ref.is_empty()).then(|| view! { <dt>"Dokument"</dt><dd>{d.document_ref.clone()}</dd> })}
                {d.previous.map(|p| view! { <dt>"Fortsætter"</dt><dd><a href=format!("/sager/{}", p.0)>"Den afsluttede sag"</a></dd> })}
                {d.next.map(|n| view! { <dt>"Fortsat i"</dt><dd><a href=format!("/sager/{}", n.0)>"Den nye sag"</a></dd> })}
            </dl>
        </section>
        {crate::layout::forms::refusal(error)}
        {(!d.consents.is_empty()).then(|| {
            let editable = d.may_change && open;
            view! { <Consents lines=d.consents.clone() id=id today=d.today.clone() editable=editable action=consent/> }
        })}
        <crate::descriptions::pages::CaseSection id=id today=d.today.clone()/>
        <course::CourseSection course=d.course.clone()/>
        <course::DecisionsSection lines=d.decisions.clone() id=id today=d.today.clone() editable=d.may_change && open/>
        {(d.may_change && open).then(|| view! { <course::TermsSection t=d.terms.clone() id=id/> })}
        {(!d.requests.is_empty()).then(|| view! { <voice::RequestsSection lines=d.requests.clone()/> })}
        <voice::SupportSection id=id text=d.support_person.clone() editable=d.may_change && open/>
        {(d.may_change && open).then(|| view! { <course::RhythmSection id=id weeks=d.followup_weeks/> })}
        {(d.may_change && open).then(|| view! { <course::HandOverSection id=id caseworkers=d.caseworkers.clone()/> })}
        {(d.may_change && open).then(|| view! {
            <section class="card" aria-labelledby="close-title">
                <h2 id="close-title">"Afslut sagen"</h2>
                <p class="muted small">"Barnets planlagte samvær fra nu af aflyses; familien ser dem som aflyst, fordi sagen er afsluttet. Kommer en søskende stadig, tages kun dette barn af aftalen. Begrundelsen står kun i sagens historik, og sagen kan derefter kun læses."</p>
                <ActionForm action=close attr:class="form">
                    <input type="hidden" name="id" value=id.0/>
                    <div class="field">
                        <label for="close-reason">"Hvorfor afsluttes sagen?"</label>
                        <textarea id="close-reason" name="reason" rows="3" maxlength="500" required
                            aria-invalid=reason_bad aria-describedby=reason_why></textarea>
                    </div>
                    <button type="submit" class="btn btn-danger">"Afslut sagen"</button>
                </ActionForm>
            </section>
        })}
        {(d.may_change && !open && d.next.is_none()).then(|| view! {
            <section class="card" aria-labelledby="continue-title">
                <h2 id="continue-title">"Fortsæt i en ny sag"</h2>
                <p class="muted small">"En ny afgørelse for samme barn: den nye sag får samme samværsform, omfang og vilkår, og den afsluttede sag bliver ved med at kunne læses."</p>
                <ActionForm action=carry_on attr:class="form">
                    <input type="hidden" name="id" value=id.0/>
                    <div class="field-row">
                        <div class="field"><label for="continue-from">"Afgørelsen gælder fra"</label><input id="continue-from" name="from" type="date" required aria-invalid=from_bad aria-describedby=from_why/></div>
                        <div class="field"><label for="continue-to">"Til og med"</label><input id="continue-to" name="to" type="date" required aria-invalid=to_bad aria-describedby=to_why/></div>
                    </div>
                    <button type="submit" class="btn btn-primary">"Opret den nye sag"</button>
                </ActionForm>
            </section>
        })}
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">"Historik"</h2>
            {if d.history.is_empty() {
                view! { <p class="muted">"Ingen ændringer endnu."</p> }.into_any()
            } else {
                view! {
                    <ul class="history">
                        {d.history.into_iter().map(|h| view! { <li><strong>{h.when}</strong>" · "{h.who}<br/>{h.what}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// The consents a supported case needs, each with its state and, for staff who may change the
/// case, a form to record it given or withdrawn (on a date, today by default).
#[component]
fn Consents(
    lines: Vec<ConsentLine>,
    id: CaseId,
    today: String,
    editable: bool,
    action: ServerAction<RecordConsent>,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="consent-title">
            <h2 id="consent-title">"Samtykke til støttet samvær (§ 104)"</h2>
            <p class="muted small">"Støttet samvær kræver samtykke fra hver forældremyndighedsindehaver og fra den unge selv fra 15 år. Trækkes et samtykke tilbage, aflyses de kommende støttede samvær, det ikke længere dækker."</p>
            <ul class="plain-list consents">
                {lines.into_iter().enumerate().map(|(i, l)| {
                    let field = format!("consent-on-{i}");
                    let button = if l.in_force { "Træk samtykket tilbage" } else { "Registrér samtykke" };
                    let label = format!("{button} for {}", l.who);
                    let today = today.clone();
                    view! {
                        <li class="consent">
                            <p><strong>{l.who.clone()}</strong><br/><span class:warn=!l.in_force>{l.state}</span></p>
                            {editable.then(|| view! {
                                <ActionForm action=action attr:class="inline-form">
                                    <input type="hidden" name="id" value=id.0/>
                                    <input type="hidden" name="party" value=l.party/>
                                    <input type="hidden" name="given" value=(!l.in_force).to_string()/>
                                    <label class="sr-only" for=field.clone()>{format!("Dato: {label}")}</label>
                                    <input id=field name="on" type="date" value=today required/>
                                    <button type="submit" class="btn" aria-label=label>{button}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
