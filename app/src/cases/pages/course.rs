//! The parts of a case's page that record its course: the terms of the decision about visits and
//! the § 105 decisions, each with its form for the case's caseworker and the centre's coordinator.

use leptos::prelude::*;

use crate::cases::api::{AddDecision, ChangeTerms, EndDecision, HandOverCase, SetRhythm};
use crate::cases::{CaseId, Course, DecisionKind, DecisionLine, TermsForm};
use crate::layout::forms::{bad_field, choices, described, invalid, refusal};
use crate::visits::VisitType;

/// The visits and meetings of the case's period: counts, a small timeline (one mark each, the
/// list below says the same in words) and the list, next ones included.
#[component]
pub fn CourseSection(course: Course) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="course-title">
            <h2 id="course-title">"Samvær og møder i perioden"</h2>
            {if course.lines.is_empty() {
                view! { <p class="muted">"Intet booket i afgørelsens periode endnu."</p> }.into_any()
            } else {
                view! {
                    <p>{course.counts.clone()}</p>
                    <ol class="timeline" aria-hidden="true">
                        {course.lines.iter().map(|l| view! { <li class=l.mark.class() title=format!("{} · {}", l.when, l.state)></li> }).collect_view()}
                    </ol>
                    <ul class="plain-list course">
                        {course.lines.into_iter().map(|l| view! {
                            <li class=l.mark.class()>
                                <strong>{l.when}</strong>" · "{l.what}<br/>{l.state}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// How often follow-up meetings are held; due ones are listed on the coordinator's overview.
#[component]
pub fn RhythmSection(id: CaseId, weeks: i64) -> impl IntoView {
    let action = ServerAction::<SetRhythm>::new();
    let error = action.value().get_untracked().and_then(Result::err);
    let bad = bad_field(&error);
    let (marked, why) = (invalid(&bad, "followup_weeks"), described(&bad, "followup_weeks"));
    view! {
        <section class="card" aria-labelledby="rhythm-title">
            <h2 id="rhythm-title">"Opfølgningsmøder"</h2>
            <p class="muted small">{format!("Holdes hver {weeks}. uge efter familiens seneste møde. Når det næste nærmer sig og ikke er booket, står familien på koordinatorens oversigt.")}</p>
            {refusal(error)}
            <ActionForm action=action attr:class="inline-form">
                <input type="hidden" name="id" value=id.0/>
                <label for="rhythm-weeks">"Uger mellem opfølgningsmøder"</label>
                <input id="rhythm-weeks" name="followup_weeks" type="number" min="2" max="52" inputmode="numeric" value=weeks required aria-invalid=marked aria-describedby=why/>
                <button type="submit" class="btn">"Gem rytmen"</button>
            </ActionForm>
        </section>
    }
}

/// Hands the case to another caseworker.
#[component]
pub fn HandOverSection(id: CaseId, caseworkers: Vec<(crate::auth::UserId, String)>) -> impl IntoView {
    let action = ServerAction::<HandOverCase>::new();
    let error = action.value().get_untracked().and_then(Result::err);
    let bad = bad_field(&error);
    let (marked, why) = (invalid(&bad, "caseworker_id"), described(&bad, "caseworker_id"));
    let mut list = vec![(String::new(), "Vælg rådgiver".to_string())];
    list.extend(caseworkers.into_iter().map(|(id, n)| (id.to_string(), n)));
    view! {
        <section class="card" aria-labelledby="handover-title">
            <h2 id="handover-title">"Overdrag sagen"</h2>
            <p class="muted small">"Den nye rådgiver får sagen med hele dens historik. Den, der havde den, kan ikke længere se den."</p>
            {refusal(error)}
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="id" value=id.0/>
                <div class="field">
                    <label for="handover-to">"Ny rådgiver"</label>
                    <select id="handover-to" name="caseworker_id" required aria-invalid=marked aria-describedby=why>{choices(list, "")}</select>
                </div>
                <button type="submit" class="btn">"Overdrag sagen"</button>
            </ActionForm>
        </section>
    }
}

/// The decision about visits: shown as facts above; here the form that changes it.
#[component]
pub fn TermsSection(t: TermsForm, id: CaseId) -> impl IntoView {
    let action = ServerAction::<ChangeTerms>::new();
    let error = action.value().get_untracked().and_then(Result::err);
    let bad = bad_field(&error);
    let open = error.is_some();
    let field = |name: &str| (invalid(&bad, name), described(&bad, name));
    let (from, to, freq, minutes, conditions) =
        (field("from"), field("to"), field("frequency_weeks"), field("visit_minutes"), field("conditions"));
    view! {
        <section class="card" aria-labelledby="terms-title">
            <h2 id="terms-title">"Ændr afgørelsen om samvær"</h2>
            {refusal(error)}
            <details open=open>
                <summary>"Samværsform, periode, omfang og vilkår"</summary>
                <p class="muted small">"Ændringen gælder fra nu. Planlagte samvær, som den nye afgørelse ikke giver plads til, aflyses, og familien ser dem som aflyst. Koordinatoren og familiens konsulent får besked."</p>
                <ActionForm action=action attr:class="form">
                    <input type="hidden" name="id" value=id.0/>
                    <div class="field">
                        <label for="terms-type">"Samværsform"</label>
                        <select id="terms-type" name="visit_type">
                            {[VisitType::Supported, VisitType::Supervised].map(|v| view! {
                                <option value=v.as_str() selected=t.visit_type == v>{v.with_law()}</option>
                            })}
                        </select>
                    </div>
                    <div class="field-row">
                        <div class="field"><label for="terms-from">"Afgørelsen gælder fra"</label><input id="terms-from" name="from" type="date" value=t.from required aria-invalid=from.0 aria-describedby=from.1/></div>
                        <div class="field"><label for="terms-to">"Til og med"</label><input id="terms-to" name="to" type="date" value=t.to required aria-invalid=to.0 aria-describedby=to.1/></div>
                    </div>
                    <div class="field-row">
                        <div class="field"><label for="terms-freq">"Uger mellem samvær"</label><input id="terms-freq" name="frequency_weeks" type="number" min="1" max="52" inputmode="numeric" value=t.frequency_weeks required aria-invalid=freq.0 aria-describedby=freq.1/></div>
                        <div class="field"><label for="terms-minutes">"Minutter pr. samvær"</label><input id="terms-minutes" name="visit_minutes" type="number" min="15" max="480" step="15" inputmode="numeric" value=t.visit_minutes required aria-invalid=minutes.0 aria-describedby=minutes.1/></div>
                    </div>
                    <div class="field">
                        <label for="terms-conditions">"Vilkår"</label>
                        <textarea id="terms-conditions" name="conditions" rows="3" maxlength="2000" aria-invalid=conditions.0 aria-describedby=conditions.1>{t.conditions}</textarea>
                    </div>
                    <button type="submit" class="btn btn-primary">"Gem ændringen"</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// The case's § 105 decisions, each with where it stands and a form to move its end; below, a
/// form for a new one.
#[component]
pub fn DecisionsSection(lines: Vec<DecisionLine>, id: CaseId, today: String, editable: bool) -> impl IntoView {
    let add = ServerAction::<AddDecision>::new();
    let end = ServerAction::<EndDecision>::new();
    let error = add.value().get_untracked().and_then(Result::err).or(end.value().get_untracked().and_then(Result::err));
    let bad = bad_field(&error);
    let field = |name: &str| (invalid(&bad, name), described(&bad, name));
    let (from, to, note) = (field("from"), field("to"), field("note"));
    view! {
        <section class="card" aria-labelledby="decisions-title">
            <h2 id="decisions-title">"Afgørelser og pauser"</h2>
            <p class="muted small">"Børne- og ungeudvalgets afgørelser efter § 105 og pauser efter barnets ønske (§ 103, højst 8 uger), med deres periode. De gælder i Samvær fra det øjeblik, de er registreret."</p>
            {refusal(error)}
            {if lines.is_empty() {
                view! { <p class="muted">"Ingen afgørelser eller pauser."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list decisions">
                        {lines.into_iter().map(|l| {
                            let field_id = format!("decision-to-{}", l.id);
                            let label = format!("Ny slutdato for {}", l.kind.label().to_lowercase());
                            view! {
                                <li class="decision">
                                    <p>
                                        <strong>{l.kind.label()}</strong>" · "{l.state.clone()}<br/>
                                        {l.period.clone()}<br/>
                                        <span class="muted small">{l.kind.effect()}</span>
                                        {(!l.note.is_empty()).then(|| view! { <br/><span>{format!("Note: {}", l.note)}</span> })}
                                    </p>
                                    {editable.then(|| view! {
                                        <ActionForm action=end attr:class="inline-form">
                                            <input type="hidden" name="id" value=id.0/>
                                            <input type="hidden" name="decision" value=l.id/>
                                            <label for=field_id.clone()>"Gælder til og med"</label>
                                            <input id=field_id name="to" type="date" value=l.to required/>
                                            <button type="submit" class="btn" aria-label=label>"Ret slutdato"</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {editable.then(|| view! {
                <h3>"Registrér en ny afgørelse"</h3>
                <ActionForm action=add attr:class="form">
                    <input type="hidden" name="id" value=id.0/>
                    <div class="field">
                        <label for="decision-kind">"Afgørelse"</label>
                        <select id="decision-kind" name="kind">
                            {DecisionKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field-row">
                        <div class="field"><label for="decision-from">"Gælder fra"</label><input id="decision-from" name="from" type="date" value=today required aria-invalid=from.0 aria-describedby=from.1/></div>
                        <div class="field"><label for="decision-to">"Til og med"</label><input id="decision-to" name="to" type="date" required aria-invalid=to.0 aria-describedby=to.1/></div>
                    </div>
                    <div class="field">
                        <label for="decision-note">"Note (kun for personalet)"</label>
                        <textarea id="decision-note" name="note" rows="2" maxlength="1000" aria-invalid=note.0 aria-describedby=note.1></textarea>
                    </div>
                    <button type="submit" class="btn btn-primary">"Registrér afgørelsen"</button>
                </ActionForm>
            })}
        </section>
    }
}
