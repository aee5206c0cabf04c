//! /booking/aftale/:id: one appointment for staff. Move it (or it and the rest of its series),
//! cancel it (or end the series), record the outcome, staff it, and read its history.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{choices, refusal};
use crate::booking::api::{
    CancelFollowing, CancelVisit, MoveFollowing, MoveVisit, RecordOutcome, StaffVisit, UnstaffVisit,
};
use crate::booking::board::api::staff_appointment;
use crate::booking::detail::Appointment;
use crate::descriptions::pages::{DescriptionLink, StopForm};
use crate::error::AppError;
use crate::layout::{ErrorNotice, Loading, Page};
use crate::meetings::pages::MinutesSection;
use crate::visits::{CancelledBy, Status, VisitId};

fn saved_text(kind: &str, count: &str) -> String {
    match kind {
        "booket" if count != "1" && !count.is_empty() => {
            format!("Booket: {count} aftaler i serien. Her er den første.")
        }
        "booket" => "Booket.".into(),
        "flyttet" => "Flyttet. Forældrene ser det nye tidspunkt i deres app.".into(),
        "serie-flyttet" => format!("{count} aftaler i serien er flyttet. Forældrene ser de nye tidspunkter."),
        "aflyst" => "Aflyst.".into(),
        "serie-aflyst" => format!("Serien er afsluttet: {count} aftaler er aflyst."),
        "udfald" => "Udfaldet er registreret.".into(),
        "stoppet" => "Samværet er registreret som stoppet. Koordinatoren og rådgiveren har fået besked.".into(),
        "bemandet" => "Konsulenten er sat på.".into(),
        "taget-af" => "Konsulenten er taget af aftalen.".into(),
        "referat" => match count {
            "" | "0" => "Referatet er gemt.".into(),
            "1" => "Referatet er gemt. 1 aftale er ændret, og forældrene ser den nu.".into(),
            n => format!("Referatet er gemt. {n} aftaler er ændret, og forældrene ser dem nu."),
        },
        _ => String::new(),
    }
}

#[component]
pub fn AppointmentPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|s| s.parse::<i64>().ok());
    let query = use_query_map().read_untracked().clone();
    let saved = saved_text(&query.get("gemt").unwrap_or_default(), &query.get("antal").unwrap_or_default());
    let data = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => staff_appointment(VisitId(id)).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Page title="Aftale">
            <p class="back"><a href="/booking">"← Booking"</a></p>
            <Suspense fallback=Loading>
                {move || {
                    let saved = saved.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(a) => view! { <Detail a=a saved=saved/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </Page>
    }
}

#[component]
fn Detail(a: Appointment, saved: String) -> impl IntoView {
    let s = a.summary.clone();
    let status = (s.status != Status::Planned).then(|| {
        let text = if s.status_note.is_empty() { s.status.label().to_string() } else { s.status_note.clone() };
        view! { <p class=format!("badge {}", s.status.css())>{text}</p> }
    });
    let board = format!("/booking?visning=uge&dato={}", a.date);
    view! {
        <div class="page-head">
            <h1 class="page-title">{s.title.clone()}</h1>
            <a class="btn btn-quiet" href=board>"Se ugen"</a>
        </div>
        {(!saved.is_empty()).then(|| view! { <div class="notice notice-ok" role="status">{saved}</div> })}
        {status}
        <section class="card">
            <dl class="appt-facts">
                <dt>"Hvornår"</dt><dd>{s.when.clone()}" · "{s.span.clone()}</dd>
                {s.moved_from.clone().map(|m| view! { <dt>"Ændret"</dt><dd>{m}</dd> })}
                <dt>"Sted"</dt><dd>{s.place.clone()}</dd>
                <dt>"Familie"</dt><dd><span class="code">{s.family_code.clone()}</span>" "{s.children.clone()}</dd>
                <dt>"Konsulenter"</dt><dd>{s.staff.clone()}</dd>
                {a.stopped.clone().map(|t| view! { <dt>"Stoppet"</dt><dd>{t}</dd> })}
                {(!a.talks.is_empty()).then(|| view! { <dt>"Vejledning"</dt><dd>{a.talks.join(" · ")}</dd> })}
                {(a.series_left > 0).then(|| view! { <dt>"Serie"</dt><dd>{format!("{} planlagte fra og med denne", a.series_left)}</dd> })}
            </dl>
            {(!a.support.is_empty()).then(|| view! {
                <ul class="plain">{a.support.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul>
            })}
            {(!s.notices.is_empty()).then(|| view! {
                <ul class="plain">{s.notices.iter().map(|n| view! { <li class="slot-notice">{n.clone()}</li> }).collect_view()}</ul>
            })}
        </section>
        // Once it has begun, what a consultant does now comes first: stop it, its outcome, its
        // description.
        {a.can_stop.then(|| view! { <StopForm id=s.id now=a.now.clone()/> })}
        {a.can_record.then(|| view! { <Outcome id=s.id/> })}
        {a.description.clone().map(|(d, state)| view! { <DescriptionLink id=d state=state/> })}
        {a.can_book.then(|| view! { <Change a=a.clone()/> })}
        {a.can_staff.then(|| view! { <Staff a=a.clone()/> })}
        {s.kind.is_meeting().then(|| view! { <MinutesSection id=s.id/> })}
        {(!a.handovers.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="handover-title">
                <h2 id="handover-title">"Noter fra anbringelsesstedet"</h2>
                <ul class="plain-list">
                    {a.handovers.iter().map(|(who, text)| view! { <li><p class="small muted">{who.clone()}</p><p class="prewrap">{text.clone()}</p></li> }).collect_view()}
                </ul>
            </section>
        })}
        <section class="card">
            <h2>"Historik"</h2>
            {if a.history.is_empty() {
                view! { <p class="muted">"Ingen ændringer."</p> }.into_any()
            } else {
                view! { <ol class="plain history">{a.history.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}</ol> }.into_any()
            }}
        </section>
    }
}

#[component]
fn Change(a: Appointment) -> impl IntoView {
    let move_one = ServerAction::<MoveVisit>::new();
    let move_rest = ServerAction::<MoveFollowing>::new();
    let cancel = ServerAction::<CancelVisit>::new();
    let end = ServerAction::<CancelFollowing>::new();
    let error = move || {
        move_one
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| move_rest.value().get().and_then(Result::err))
            .or_else(|| cancel.value().get().and_then(Result::err).or_else(|| end.value().get().and_then(Result::err)))
    };
    let id = a.summary.id.0;
    let mut places = vec![(String::new(), "Samme sted".to_string())];
    places.extend(a.places.iter().map(|(i, n)| (i.to_string(), n.clone())));
    let by: Vec<_> = CancelledBy::ALL.into_iter().map(|b| (b.as_str().to_string(), b.who().to_string())).collect();
    let in_series = a.series_left > 1;
    let (date, time, left, minutes) = (a.date.clone(), a.time.clone(), a.series_left, a.minutes);
    let (date2, time2, places2, by2) = (a.date.clone(), a.time.clone(), places.clone(), by.clone());
    view! {
        {move || refusal(error())}
        <section class="card">
            <h2>"Flyt"</h2>
            <ActionForm action=move_one attr:class="form">
                <input type="hidden" name="id" value=id/>
                <When prefix="move" date_label="Ny dato" date=date time=time minutes=minutes places=places/>
                <button type="submit" class="btn btn-primary">{if in_series { "Flyt kun denne" } else { "Flyt" }}</button>
            </ActionForm>
            {in_series.then(|| view! {
                <ActionForm action=move_rest attr:class="form">
                    <input type="hidden" name="id" value=id/>
                    <h3>{format!("Denne og følgende ({left})")}</h3>
                    <p class="hint">"Alle følgende flyttes lige så mange dage og får samme klokkeslæt, sted og varighed. Kan én af dem ikke flyttes, flyttes ingen."</p>
                    <When prefix="rest" date_label="Ny dato for denne" date=date2 time=time2 minutes=minutes places=places2/>
                    <button type="submit" class="btn">"Flyt denne og følgende"</button>
                </ActionForm>
            })}
        </section>
        <section class="card">
            <h2>{if in_series { "Aflys eller spring over" } else { "Aflys" }}</h2>
            <ActionForm action=cancel attr:class="form">
                <input type="hidden" name="id" value=id/>
                <Why prefix="cancel" by=by/>
                <button type="submit" class="btn btn-danger">{if in_series { "Aflys kun denne" } else { "Aflys" }}</button>
            </ActionForm>
            {in_series.then(|| view! {
                <ActionForm action=end attr:class="form">
                    <input type="hidden" name="id" value=id/>
                    <Why prefix="end" by=by2/>
                    <button type="submit" class="btn btn-danger">{format!("Afslut serien herfra ({left} aftaler)")}</button>
                </ActionForm>
            })}
        </section>
    }
}

/// Date, time, length and place fields of a move form; ids start with `prefix`.
#[component]
fn When(
    prefix: &'static str,
    date_label: &'static str,
    date: String,
    time: String,
    minutes: i64,
    places: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <div class="field-row">
            <div class="field"><label for=format!("{prefix}-date")>{date_label}</label><input id=format!("{prefix}-date") name="date" type="date" value=date required/></div>
            <div class="field"><label for=format!("{prefix}-time")>"Ny starttid"</label><input id=format!("{prefix}-time") name="time" type="time" value=time step="300" required/></div>
            <div class="field"><label for=format!("{prefix}-minutes")>"Varighed (min.)"</label><input id=format!("{prefix}-minutes") name="minutes" type="number" inputmode="numeric" min="15" max="480" step="15" value=minutes required/></div>
            <div class="field"><label for=format!("{prefix}-place")>"Sted"</label><select id=format!("{prefix}-place") name="place_id">{choices(places, "")}</select></div>
        </div>
    }
}

/// Who cancels and why; ids start with `prefix`.
#[component]
fn Why(prefix: &'static str, by: Vec<(String, String)>) -> impl IntoView {
    view! {
        <div class="field-row">
            <div class="field"><label for=format!("{prefix}-by")>"Aflyst af"</label><select id=format!("{prefix}-by") name="by">{choices(by, CancelledBy::Centre.as_str())}</select></div>
            <div class="field grow"><label for=format!("{prefix}-reason")>"Grund"</label><input id=format!("{prefix}-reason") name="reason" maxlength="500" required/></div>
        </div>
    }
}

#[component]
fn Staff(a: Appointment) -> impl IntoView {
    let action = ServerAction::<StaffVisit>::new();
    let unstaff = ServerAction::<UnstaffVisit>::new();
    let id = a.summary.id.0;
    let on = a.staffed.clone();
    let list = a
        .consultants
        .iter()
        .map(|(i, n, hourly)| (i.to_string(), if *hourly { format!("{n} (timelønnet)") } else { n.clone() }))
        .collect();
    view! {
        <section class="card">
            <h2>"Bemand"</h2>
            {move || refusal(action.value().get().and_then(Result::err).or_else(|| unstaff.value().get().and_then(Result::err)))}
            {(!on.is_empty()).then(|| view! {
                <ul class="plain staffed">{on.into_iter().map(|(uid, name)| view! {
                    <li>
                        <ActionForm action=unstaff attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="staff_id" value=uid/>
                            <span>{name.clone()}</span>" "
                            <button type="submit" class="btn btn-quiet" aria-label=format!("Tag {name} af aftalen")>"Tag af"</button>
                        </ActionForm>
                    </li>
                }).collect_view()}</ul>
            })}
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="id" value=id/>
                <div class="field"><label for="staff-id">"Sæt konsulent på"</label><select id="staff-id" name="staff_id">{choices(list, "")}</select></div>
                <button type="submit" class="btn">"Sæt på"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Outcome(id: VisitId) -> impl IntoView {
    let action = ServerAction::<RecordOutcome>::new();
    view! {
        <section class="card">
            <h2>"Udfald"</h2>
            {move || refusal(action.value().get().and_then(Result::err))}
            <ActionForm action=action attr:class="form inline-buttons">
                <input type="hidden" name="id" value=id.0/>
                <button type="submit" name="outcome" value="held" class="btn">"Afholdt"</button>
                <button type="submit" name="outcome" value="no_show" class="btn btn-quiet">"Udeblevet"</button>
            </ActionForm>
        </section>
    }
}
