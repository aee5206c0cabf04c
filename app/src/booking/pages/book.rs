//! /booking/ny: book a visit or a meeting, once or as a series, with guidance talks and buffers.
//! Prefilled from the query (find-a-slot's "Book" links and the board's date).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use super::{choices, minutes, refusal};
use crate::booking::api::BookVisit;
use crate::booking::board::api::booking_options;
use crate::booking::detail::FormOptions;
use crate::layout::{ErrorNotice, Loading, Page};

#[component]
pub fn BookPage() -> impl IntoView {
    let query = use_query_map().read_untracked().clone();
    let data = Resource::new(|| (), |_| booking_options());
    view! {
        <Page title="Book">
            <p class="back"><a href="/booking">"← Booking"</a></p>
            <h1 class="page-title">"Book samvær eller møde"</h1>
            <Suspense fallback=Loading>
                {move || {
                    let query = query.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(o) => view! { <BookForm options=o query=query/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </Page>
    }
}

#[component]
fn BookForm(options: FormOptions, query: ParamsMap) -> impl IntoView {
    // Prefilled from the address: find-a-slot's "Book" link, or what was typed when a booking
    // was refused (the server sends the form back with it).
    let prefill = |k: &str| query.get(k).unwrap_or_default();
    let or = |k: &str, default: &str| query.get(k).filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_string());
    let (family, place, date, time, staff_id) =
        (prefill("familie"), prefill("sted"), prefill("dato"), prefill("tid"), prefill("konsulent"));
    let (second_id, repeat, until, dates, skip) =
        (or("anden_konsulent", ""), or("gentag", "once"), prefill("til"), prefill("datoer"), prefill("spring"));
    let (talk_before, talk_after) = (or("vejledning_foer", "0"), or("vejledning_efter", "0"));
    let (buffer_before, buffer_after) = (or("buffer_foer", "15"), or("buffer_efter", "15"));
    let action = ServerAction::<BookVisit>::new();
    let error = move || action.value().get().and_then(Result::err);
    let o = options;
    let families = o.families.iter().map(|(id, l)| (id.to_string(), l.clone())).collect();
    let places = o.places.iter().map(|(id, l)| (id.to_string(), l.clone())).collect::<Vec<_>>();
    let mut staff = vec![(String::new(), "Ingen endnu (bemandes senere)".to_string())];
    staff.extend(
        o.consultants
            .iter()
            .map(|(id, n, hourly)| (id.to_string(), if *hourly { format!("{n} (timelønnet)") } else { n.clone() })),
    );
    let mut second = vec![(String::new(), "Ingen".to_string())];
    second.extend(staff.iter().skip(1).cloned());
    let length = or("minutter", "120");
    // A meeting kind from the query (the accepted referral's "Book opstartsmødet"), else a visit.
    let kind = match prefill("type").as_str() {
        k @ ("kickoff_meeting" | "followup_meeting") => k.to_string(),
        _ => "visit".to_string(),
    };
    let kinds = vec![
        ("visit".into(), "Samvær (støttet eller overvåget efter sagen)".into()),
        ("kickoff_meeting".into(), "Opstartsmøde".into()),
        ("followup_meeting".into(), "Opfølgningsmøde".into()),
    ];
    let repeats = vec![
        ("once".into(), "Én gang".into()),
        ("1".into(), "Hver uge".into()),
        ("2".into(), "Hver 2. uge".into()),
        ("4".into(), "Hver 4. uge".into()),
        ("custom".into(), "Egne datoer".into()),
    ];
    view! {
        {move || refusal(error())}
        <ActionForm action=action attr:class="form card booking-form">
            <fieldset>
                <legend>"Hvem og hvad"</legend>
                <div class="field">
                    <label for="family_id">"Familie (kode og børnenes initialer)"</label>
                    <select id="family_id" name="family_id" required>{choices(families, &family)}</select>
                    <p class="hint">"Søskende bookes sammen. Støttet eller overvåget følger sagen."</p>
                </div>
                <div class="field">
                    <label for="kind">"Type"</label>
                    <select id="kind" name="kind">{choices(kinds, &kind)}</select>
                </div>
            </fieldset>
            <fieldset>
                <legend>"Hvor og hvornår"</legend>
                <div class="field">
                    <label for="place_id">"Sted"</label>
                    <select id="place_id" name="place_id" required>{choices(places, &place)}</select>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="date">"Dato"</label>
                        <input id="date" name="date" type="date" value=date required/>
                    </div>
                    <div class="field">
                        <label for="time">"Starttid"</label>
                        <input id="time" name="time" type="time" value=time step="300" required/>
                    </div>
                    <div class="field">
                        <label for="minutes">"Varighed (minutter)"</label>
                        <input id="minutes" name="minutes" type="number" inputmode="numeric" min="15" max="480" step="15" value=length required/>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="guidance_before">"Vejledning før"</label>
                        <select id="guidance_before" name="guidance_before">{choices(minutes(&[0, 15, 30, 45, 60], "Ingen"), &talk_before)}</select>
                    </div>
                    <div class="field">
                        <label for="guidance_after">"Vejledning efter"</label>
                        <select id="guidance_after" name="guidance_after">{choices(minutes(&[0, 15, 30, 45, 60], "Ingen"), &talk_after)}</select>
                    </div>
                    <div class="field">
                        <label for="buffer_before">"Buffer før"</label>
                        <select id="buffer_before" name="buffer_before">{choices(minutes(&[0, 15, 30, 45, 60], "Ingen"), &buffer_before)}</select>
                    </div>
                    <div class="field">
                        <label for="buffer_after">"Buffer efter"</label>
                        <select id="buffer_after" name="buffer_after">{choices(minutes(&[0, 15, 30, 45, 60], "Ingen"), &buffer_after)}</select>
                    </div>
                </div>
                <p class="hint">"Bufferen er tid til overlevering: stedet, konsulenterne og børnene er optaget i den."</p>
            </fieldset>
            <fieldset>
                <legend>"Konsulenter"</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="staff_ids">"Konsulent"</label>
                        <select id="staff_ids" name="staff_ids">{choices(staff, &staff_id)}</select>
                    </div>
                    <div class="field">
                        <label for="second_staff">"Anden konsulent"</label>
                        <select id="second_staff" name="second_staff">{choices(second, &second_id)}</select>
                    </div>
                </div>
            </fieldset>
            <fieldset>
                <legend>"Gentagelse"</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="repeat">"Gentag"</label>
                        <select id="repeat" name="repeat">{choices(repeats, &repeat)}</select>
                    </div>
                    <div class="field">
                        <label for="until">"Til og med"</label>
                        <input id="until" name="until" type="date" value=until/>
                    </div>
                </div>
                <fieldset class="date-list own-dates">
                    <legend>"Egne datoer"</legend>
                    <p class="hint">"Den første dato er datoen ovenfor. Tomme felter tæller ikke."</p>
                    {date_fields("dates[]", "Egen dato", &dates, 8)}
                </fieldset>
                <fieldset class="date-list skip-dates">
                    <legend>"Spring over"</legend>
                    <p class="hint">"Datoer i serien uden samvær, fx juleaften. Én dato kan også aflyses senere fra aftalen."</p>
                    {date_fields("skip[]", "Spring over", &skip, 4)}
                </fieldset>
                <p class="hint">"En serie holder klokkeslættet, også når der skiftes til og fra sommertid. Uden slutdato løber den et år."</p>
            </fieldset>
            <button type="submit" class="btn btn-primary">"Book"</button>
        </ActionForm>
    }
}

/// One date field per date already given (a refused form's), and empty ones up to `at_least`, one
/// more than given at the least: staff pick each date, never type a list.
fn date_fields(name: &'static str, label: &'static str, given: &str, at_least: usize) -> impl IntoView + use<> {
    let mut dates: Vec<String> =
        given.split(|c: char| c == ',' || c.is_whitespace()).filter(|d| !d.is_empty()).map(str::to_string).collect();
    let count = at_least.max(dates.len() + 1);
    dates.resize(count, String::new());
    view! {
        <div class="date-fields">
            {dates
                .into_iter()
                .enumerate()
                .map(|(i, value)| {
                    view! { <input name=name type="date" value=value aria-label=format!("{label} {}", i + 1)/> }
                })
                .collect_view()}
        </div>
    }
}
