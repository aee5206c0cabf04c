use leptos::prelude::*;

use super::api::{CreateCalendarLink, RevokeCalendarLink, my_calendar};
use super::{CalendarStatus, NewLink};
use crate::i18n::{Lang, use_lang};
use crate::layout::islands::CopyButton;
use crate::layout::{ErrorNotice, Loading, Page};

/// "Kalender": subscribe to my visits in the phone's calendar.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| my_calendar());
    view! {
        <Page title=lang.t("Kalender", "Calendar")>
            <h1 class="page-title">{lang.t("Samvær i din kalender", "Visits in your calendar")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(s) => view! { <Status status=s lang=lang/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Status(status: CalendarStatus, lang: Lang) -> impl IntoView {
    let create = ServerAction::<CreateCalendarLink>::new();
    let revoke = ServerAction::<RevokeCalendarLink>::new();
    let active = status.active_since.is_some();
    view! {
        <section class="card">
            <p>{lang.t(
                "Med et kalenderlink kommer dine samvær og møder automatisk ind i kalenderen på din telefon, og flyttede eller aflyste aftaler bliver opdateret. I kalenderen står kun typen, rummet og tidspunktet, aldrig navne.",
                "With a calendar link your visits and meetings appear in your phone's calendar by themselves, and moved or cancelled appointments are updated. The calendar shows only the type, the room and the time, never names.",
            )}</p>
            {match (status.link, status.active_since) {
                (Some(l), Some(since)) => view! { <LinkBox link=l since=since lang=lang/> }.into_any(),
                _ => view! { <p class="muted">{lang.t("Du har ikke noget kalenderlink.", "You have no calendar link.")}</p> }.into_any(),
            }}
            <div class="actions">
                <ActionForm action=create>
                    <button type="submit" class="btn btn-primary">
                        {if active { lang.t("Lav et nyt link", "Make a new link") } else { lang.t("Lav kalenderlink", "Make a calendar link") }}
                    </button>
                </ActionForm>
                {active.then(|| view! {
                    <ActionForm action=revoke>
                        <button type="submit" class="btn btn-danger">{lang.t("Stop kalenderlinket", "Stop the calendar link")}</button>
                    </ActionForm>
                })}
            </div>
            <p class="muted small">{lang.t(
                "Linket er personligt: den, der har det, kan se tidspunkterne. Del det ikke. Har en anden fået det, så lav et nyt: det gamle holder op med at virke med det samme.",
                "The link is personal: whoever has it can see the times. Do not share it. If someone else has it, make a new one: the old one stops working at once.",
            )}</p>
        </section>
    }
}

#[component]
fn LinkBox(link: NewLink, since: String, lang: Lang) -> impl IntoView {
    view! {
        <div class="notice notice-ok new-link">
            <p>{lang.t("Dit kalenderlink, lavet ", "Your calendar link, made ")}{since}"."</p>
            <label for="ical-link">{lang.t("Kalenderlink", "Calendar link")}</label>
            <input id="ical-link" type="text" readonly value=link.https.clone()/>
            <div class="actions">
                <a class="btn btn-primary" href=link.webcal>{lang.t("Åbn i kalender", "Open in calendar")}</a>
                <CopyButton
                    text=link.https
                    label=lang.t("Kopiér link", "Copy link").to_string()
                    done=lang.t("Kopieret", "Copied").to_string()
                    failed=lang.t("Kunne ikke kopiere: markér linket", "Could not copy: select the link").to_string()
                />
            </div>
        </div>
    }
}
