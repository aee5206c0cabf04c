//! /booking/weekender: the next 8 weekends' place-hours open and booked, visits staffed and not;
//! the coordinator adds extra places with their own opening hours here.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::refusal;
use crate::auth::{Role, api::me};
use crate::booking::WeekendCapacity;
use crate::booking::api::weekend_capacity;
use crate::booking::board::api::AddPlace;
use crate::error::AppError;
use crate::layout::{ErrorNotice, Loading, Page};

fn hours(minutes: i64) -> String {
    if minutes % 60 == 0 {
        format!("{} t", minutes / 60)
    } else {
        format!("{},{} t", minutes / 60, (minutes % 60) * 10 / 60)
    }
}

#[component]
pub fn WeekendsPage() -> impl IntoView {
    let saved = use_query_map().read_untracked().get("gemt").is_some();
    let data = Resource::new(
        || (),
        |_| async move {
            let coordinator = me().await?.is_some_and(|u| u.role == Role::Coordinator);
            Ok::<_, AppError>((weekend_capacity().await?, coordinator))
        },
    );
    view! {
        <Page title="Weekender">
            <h1 class="page-title">"Weekender"</h1>
            <p class="muted">"De næste 8 weekender: steder, tider og bemanding."</p>
            {saved.then(|| view! { <div class="notice notice-ok" role="status">"Stedet er oprettet og kan bookes i sine åbningstider."</div> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok((weeks, coordinator)) => view! {
                            <Capacity weeks=weeks/>
                            {coordinator.then(|| view! { <ExtraPlace/> })}
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Capacity(weeks: Vec<WeekendCapacity>) -> impl IntoView {
    view! {
        <div class="board-frame" tabindex="0" role="region" aria-label="Kapacitet i weekenderne">
            <table class="capacity">
                <thead><tr>
                    <th scope="col">"Weekend"</th><th scope="col">"Åbent"</th><th scope="col">"Booket"</th>
                    <th scope="col">"Ledigt"</th><th scope="col">"Belægning"</th><th scope="col">"Bemandede"</th><th scope="col">"Mangler konsulent"</th>
                </tr></thead>
                <tbody>
                    {weeks.into_iter().map(|w| {
                        let pct = if w.open_minutes > 0 { (w.booked_minutes * 100 / w.open_minutes).min(100) } else { 100 };
                        let full = pct >= 80;
                        view! {
                            <tr class:tight=full>
                                <th scope="row">{w.label}</th>
                                <td>{hours(w.open_minutes)}</td>
                                <td>{hours(w.booked_minutes)}</td>
                                <td>{hours((w.open_minutes - w.booked_minutes).max(0))}</td>
                                <td><meter min="0" max="100" low="60" high="80" optimum="0" value=pct.to_string() aria-hidden="true"></meter>" "{format!("{pct} %")}</td>
                                <td>{w.staffed}</td>
                                <td class:warn=w.unstaffed.gt(&0)>{w.unstaffed}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="muted small">"Sted-timer: hvert steds åbningstid lagt sammen. Belægning på 80 % eller mere er markeret."</p>
    }
}

#[component]
fn ExtraPlace() -> impl IntoView {
    let action = ServerAction::<AddPlace>::new();
    view! {
        <section class="card">
            <h2>"Tilføj ekstra sted"</h2>
            <p class="muted small">"Fx en lånt idrætshal i weekenderne. Stedet kan kun bookes i de åbningstider, du skriver her."</p>
            {move || refusal(action.value().get().and_then(Result::err))}
            <ActionForm action=action attr:class="form">
                <div class="field-row">
                    <div class="field"><label for="place-name">"Navn"</label><input id="place-name" name="name" maxlength="80" required/></div>
                    <div class="field grow"><label for="place-address">"Adresse"</label><input id="place-address" name="address" maxlength="200" required/></div>
                </div>
                <div class="field-row">
                    <div class="field"><label for="place-from">"Fra dato"</label><input id="place-from" name="from" type="date" required/></div>
                    <div class="field"><label for="place-to">"Til og med"</label><input id="place-to" name="to" type="date" required/></div>
                    <div class="field">
                        <label for="place-days">"Dage"</label>
                        <select id="place-days" name="weekdays">
                            <option value="6,7">"Lørdag og søndag"</option>
                            <option value="6">"Lørdag"</option>
                            <option value="7">"Søndag"</option>
                            <option value="1,2,3,4,5">"Hverdage"</option>
                            <option value="1,2,3,4,5,6,7">"Alle dage"</option>
                        </select>
                    </div>
                    <div class="field"><label for="place-opens">"Åbner"</label><input id="place-opens" name="opens" type="time" value="09:00" required/></div>
                    <div class="field"><label for="place-closes">"Lukker"</label><input id="place-closes" name="closes" type="time" value="17:00" required/></div>
                </div>
                <button type="submit" class="btn btn-primary">"Tilføj sted"</button>
            </ActionForm>
        </section>
    }
}
