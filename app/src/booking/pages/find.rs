//! /booking/find-tid: the next free times for a family (a GET form, so the answer is a link).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{choices, minutes};
use crate::booking::SlotOffer;
use crate::booking::api::find_slots;
use crate::booking::board::api::booking_options;
use crate::booking::detail::FormOptions;
use crate::error::AppError;
use crate::layout::{ErrorNotice, Loading, Page};

#[derive(Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Wanted {
    family: String,
    minutes: String,
    from: String,
    weekdays: String,
    earliest: String,
    latest: String,
    staff: String,
    talk_before: String,
    talk_after: String,
}

#[component]
pub fn FindPage() -> impl IntoView {
    let q = use_query_map().read_untracked().clone();
    let get = |k: &str| q.get(k).unwrap_or_default();
    let w = Wanted {
        family: get("familie"),
        minutes: get("minutter"),
        from: get("fra"),
        weekdays: get("ugedage"),
        earliest: get("tidligst"),
        latest: get("senest"),
        staff: get("konsulent"),
        talk_before: get("vejledning_foer"),
        talk_after: get("vejledning_efter"),
    };
    let asked = !w.family.is_empty();
    let data = Resource::new(
        move || w.clone(),
        move |w| async move {
            let options = booking_options().await?;
            let offers = if asked {
                let family = w.family.parse().map_err(|_| AppError::invalid("family_id", "Vælg en familie."))?;
                let minutes = w.minutes.parse().unwrap_or(120);
                let staff = w.staff.parse().ok();
                let (before, after) = (w.talk_before.parse().unwrap_or(0), w.talk_after.parse().unwrap_or(0));
                Some(
                    find_slots(
                        family,
                        minutes,
                        w.from.clone(),
                        w.weekdays.clone(),
                        w.earliest.clone(),
                        w.latest.clone(),
                        staff,
                        15,
                        before,
                        after,
                    )
                    .await?,
                )
            } else {
                None
            };
            Ok::<_, AppError>((options, offers, w))
        },
    );
    view! {
        <Page title="Find tid">
            <p class="back"><a href="/booking">"← Booking"</a></p>
            <h1 class="page-title">"Find tid"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok((o, offers, w)) => view! { <Search options=o wanted=w.clone()/> <Offers offers=offers wanted=w/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Search(options: FormOptions, wanted: Wanted) -> impl IntoView {
    let families = options.families.iter().map(|(id, l)| (id.to_string(), l.clone())).collect();
    let mut staff = vec![(String::new(), "Enhver ledig konsulent".to_string())];
    staff.extend(options.consultants.iter().map(|(id, n, _)| (id.to_string(), n.clone())));
    let days = vec![
        (String::new(), "Alle dage".to_string()),
        ("6,7".into(), "Weekend (lørdag og søndag)".into()),
        ("6".into(), "Lørdag".into()),
        ("7".into(), "Søndag".into()),
        ("1,2,3,4,5".into(), "Hverdage".into()),
    ];
    let talks = minutes(&[0, 15, 30, 45, 60], "Ingen");
    let minutes = if wanted.minutes.is_empty() { "120".to_string() } else { wanted.minutes.clone() };
    view! {
        <form class="form card" method="get" action="/booking/find-tid">
            <div class="field">
                <label for="familie">"Familie"</label>
                <select id="familie" name="familie" required>{choices(families, &wanted.family)}</select>
            </div>
            <div class="field-row">
                <div class="field"><label for="minutter">"Varighed (minutter)"</label><input id="minutter" name="minutter" type="number" min="15" max="480" step="15" value=minutes required/></div>
                <div class="field"><label for="fra">"Fra dato"</label><input id="fra" name="fra" type="date" value=wanted.from.clone()/></div>
                <div class="field"><label for="ugedage">"Dage"</label><select id="ugedage" name="ugedage">{choices(days, &wanted.weekdays)}</select></div>
            </div>
            <div class="field-row">
                <div class="field"><label for="tidligst">"Tidligst start"</label><input id="tidligst" name="tidligst" type="time" value=wanted.earliest.clone()/></div>
                <div class="field"><label for="senest">"Senest start"</label><input id="senest" name="senest" type="time" value=wanted.latest.clone()/></div>
                <div class="field"><label for="konsulent">"Konsulent"</label><select id="konsulent" name="konsulent">{choices(staff, &wanted.staff)}</select></div>
            </div>
            <div class="field-row">
                <div class="field"><label for="vejledning_foer">"Vejledning før"</label><select id="vejledning_foer" name="vejledning_foer">{choices(talks.clone(), &wanted.talk_before)}</select></div>
                <div class="field"><label for="vejledning_efter">"Vejledning efter"</label><select id="vejledning_efter" name="vejledning_efter">{choices(talks, &wanted.talk_after)}</select></div>
            </div>
            <p class="hint">"Søger to uger frem på alle steder, inden for åbningstiderne, med 15 minutters buffer før og efter. Vejledningen ligger lige før og efter samværet, på samme sted og med samme konsulent."</p>
            <button type="submit" class="btn btn-primary">"Find tider"</button>
        </form>
    }
}

#[component]
fn Offers(offers: Option<Vec<SlotOffer>>, wanted: Wanted) -> impl IntoView {
    let minutes = if wanted.minutes.is_empty() { "120".to_string() } else { wanted.minutes.clone() };
    offers.map(|offers| {
        if offers.is_empty() {
            return view! { <p class="card muted">"Ingen ledige tider de næste to uger. Prøv andre dage, tider eller en anden konsulent."</p> }.into_any();
        }
        view! {
            <h2 class="section-title">"Ledige tider"</h2>
            <ul class="slot-list offers">
                {offers.into_iter().map(|o| {
                    let href = format!(
                        "/booking/ny?familie={}&sted={}&dato={}&tid={}&konsulent={}&minutter={minutes}&vejledning_foer={}&vejledning_efter={}",
                        wanted.family, o.place_id, o.date, o.time, o.staff_id, wanted.talk_before, wanted.talk_after
                    );
                    view! {
                        <li class="slot">
                            <span class="slot-main"><span class="slot-title">{o.when}</span><span class="slot-meta">{o.place}" · "{o.staff}</span></span>
                            <a class="btn" href=href>"Book"</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    })
}
