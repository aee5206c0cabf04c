use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{Facts, VisitRow};
use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use crate::layout::forms::{bad_field, described, invalid, refusal_in};
use crate::layout::{ErrorNotice, Loading, Page};
use crate::portal::api::{ReportCantCome, ReportDelay, visit};
use crate::visits::{Kind, Status, VisitDetail, VisitId};

/// A visit's page: the facts, what to prepare, agreements and conditions, linked guidance talks
/// and meetings, and the two things a parent can tell the centre.
#[component]
pub fn VisitPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = params.read_untracked().get("id").and_then(|s| s.parse::<i64>().ok());
    let sent = use_query_map().read_untracked().get("meldt");
    let data = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => visit(VisitId(id)).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Page title=lang.t("Samvær", "Visit")>
            <p class="back"><a href="/mine-samvaer">{lang.t("← Mine samvær", "← My visits")}</a></p>
            <Suspense fallback=Loading>
                {move || {
                    let sent = sent.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(d) => view! { <Detail detail=d sent=sent/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </Page>
    }
}

#[component]
fn Detail(detail: VisitDetail, sent: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let d = detail;
    let s = d.summary.clone();
    let status = (s.status != Status::Planned).then(|| {
        let text = if s.status_note.is_empty() { s.status.label_in(lang).to_string() } else { s.status_note.clone() };
        view! { <p class=format!("badge {}", s.status.css())>{text}</p> }
    });
    let thanks = sent.map(|kind| {
        let text = match kind.as_str() {
            "afbud" => lang.t(
                "Tak for din besked. Aftalen er aflyst, og samværscentret har fået besked.",
                "Thank you. The appointment is cancelled and the visitation centre has been told.",
            ),
            _ => lang.t(
                "Tak. Samværscentret har fået besked om, at du er forsinket.",
                "Thank you. The visitation centre knows you are delayed.",
            ),
        };
        view! { <div class="notice notice-ok" role="status">{text}</div> }
    });
    let notes = d.preparation_notes.clone();
    // What a parent most often comes here for, before anything else on the page.
    let act = (d.can_report_delay || d.can_cancel).then(|| {
        view! {
            <p class="lead-action">
                <a class="btn btn-primary" href="#giv-besked">
                    {lang.t("Forsinket, eller kan du ikke komme?", "Running late, or can't you come?")}
                </a>
            </p>
        }
    });
    view! {
        <h1 class="page-title">{s.title.clone()}</h1>
        {thanks}
        {status}
        {act}
        <section class="card">
            <Facts visit=s.clone() with_type=false/>
            <p class="explain">{d.type_explained.clone()}</p>
        </section>
        {matches!(s.kind, Kind::Visit | Kind::FollowupMeeting).then(|| view! {
            <crate::descriptions::pages::ParentSection id=s.id meeting=s.kind == Kind::FollowupMeeting/>
        })}
        {(!s.notices.is_empty()).then(|| view! {
            <section class="card">
                <h2>{lang.t("Det har du fortalt os", "What you have told us")}</h2>
                <ul class="plain">{s.notices.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            </section>
        })}
        <section class="card">
            <h2>{lang.t("Forberedelse", "Preparation")}</h2>
            {if notes.is_empty() {
                view! { <p class="muted">{lang.t("Der er ingen særlige noter til denne gang.", "There are no special notes for this time.")}</p> }.into_any()
            } else {
                view! { <p class="prewrap">{notes}</p> }.into_any()
            }}
            {(!d.agreements.is_empty()).then(|| view! {
                <h3>{lang.t("Vores faste aftaler", "Our standing agreements")}</h3>
                <dl class="agreements" translate="no">
                    {d.agreements.iter().map(|(topic, body)| view! { <dt>{topic.clone()}</dt><dd>{body.clone()}</dd> }).collect_view()}
                </dl>
            })}
        </section>
        {(!d.conditions.is_empty()).then(|| view! {
            <section class="card">
                <h2>{lang.t("Regler for samværet", "Rules for the visits")}</h2>
                <p class="muted small">{lang.t("Din rådgiver har fastsat dem. Konsulenten hjælper dig med at huske dem.", "Your caseworker has set them. The consultant helps you remember them.")}</p>
                <ul class="plain" translate="no">{d.conditions.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul>
            </section>
        })}
        {(!d.related.is_empty()).then(|| view! {
            <h2 class="section-title">{lang.t("Vejledning før og efter", "Guidance before and after")}</h2>
            <ul class="visit-list">{d.related.iter().cloned().map(|r| view! { <VisitRow visit=r/> }).collect_view()}</ul>
        })}
        {(!d.participants.is_empty()).then(|| view! {
            <section class="card">
                <h2>{lang.t("Hvem deltager", "Who attends")}</h2>
                <ul class="plain" translate="no">{d.participants.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
            </section>
        })}
        {(!d.meetings.is_empty()).then(|| view! {
            <h2 class="section-title">{lang.t("Kommende møder", "Coming meetings")}</h2>
            {d.meetings.iter().map(|(m, who)| view! {
                <section class="card meeting">
                    <h3>{m.title.clone()}</h3>
                    <p><strong>{m.when.clone()}</strong>" · "{m.place.clone()}</p>
                    <p class="muted small">{lang.t("Deltagere: ", "Attending: ")}{who.join(", ")}</p>
                </section>
            }).collect_view()}
        })}
        <TellTheCentre id=s.id can_delay=d.can_report_delay can_cancel=d.can_cancel phone=d.centre_phone.clone() lang=lang/>
    }
}

/// "Jeg er forsinket" and "Jeg kan ikke komme". Plain forms: they work without JavaScript.
#[component]
fn TellTheCentre(id: VisitId, can_delay: bool, can_cancel: bool, phone: Option<String>, lang: Lang) -> impl IntoView {
    let delay = ServerAction::<ReportDelay>::new();
    let cancel = ServerAction::<ReportCantCome>::new();
    let delay_error = move || delay.value().get().and_then(Result::err);
    let cancel_error = move || cancel.value().get().and_then(Result::err);
    // A refused plain form post comes back with the error in the address: the message is shown
    // by its own form and focused, and the field it is about marked and described by it.
    let refusal = move |e: Option<AppError>| refusal_in(e, lang);
    if !can_delay && !can_cancel {
        // Shown even when the forms are no longer offered.
        return (move || refusal(delay_error().or_else(cancel_error))).into_any();
    }
    view! {
        <section class="card tell" id="giv-besked" aria-labelledby="tell-title">
            <h2 id="tell-title">{lang.t("Giv besked til samværscentret", "Tell the visitation centre")}</h2>
            {can_delay.then(|| view! {
                <h3>{lang.t("Er du forsinket?", "Running late?")}</h3>
                {move || refusal(delay_error())}
                <ActionForm action=delay attr:class="form">
                    <input type="hidden" name="id" value=id.0/>
                    <div class="field">
                        <label for="minutes">{lang.t("Hvor mange minutter er du forsinket?", "How many minutes late will you be?")}</label>
                        <input id="minutes" name="minutes" type="number" inputmode="numeric" min="5" max="120" step="5" value="15" required
                            aria-invalid=move || invalid(&bad_field(&delay_error()), "minutes")
                            aria-describedby=move || described(&bad_field(&delay_error()), "minutes")/>
                    </div>
                    <button type="submit" class="btn btn-primary">{lang.t("Jeg er forsinket", "I'm delayed")}</button>
                </ActionForm>
            })}
            {can_cancel.then(|| view! {
                <h3>{lang.t("Kan du ikke komme?", "Can't you come?")}</h3>
                {move || refusal(cancel_error())}
                <ActionForm action=cancel attr:class="form form-cancel">
                    <input type="hidden" name="id" value=id.0/>
                    <div class="field">
                        <label for="message">{lang.t("Besked til samværscentret (valgfri)", "Message to the visitation centre (optional)")}</label>
                        <textarea id="message" name="message" rows="3" maxlength="500"
                            aria-invalid=move || invalid(&bad_field(&cancel_error()), "message")
                            aria-describedby=move || described(&bad_field(&cancel_error()), "message")></textarea>
                    </div>
                    <div class="check">
                        <input id="confirm" type="checkbox" required/>
                        <label for="confirm">{lang.t("Ja, jeg kan ikke komme, og aftalen skal aflyses", "Yes, I cannot come and the appointment should be cancelled")}</label>
                    </div>
                    <button type="submit" class="btn btn-danger">{lang.t("Jeg kan ikke komme", "I can't come")}</button>
                </ActionForm>
            })}
            <p class="muted small">
                {lang.t("Haster det, så ring til samværscentret", "If it is urgent, call the visitation centre")}
                {phone.and_then(|p| crate::portal::rules::phone_href(&p).map(|href| view! {
                    {lang.t(" på ", " on ")}<a href=href>{p}</a>
                }))}
                {lang.t(". Du kan ikke ændre andet her.", ". Nothing else can be changed here.")}
            </p>
        </section>
    }
    .into_any()
}
