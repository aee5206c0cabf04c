//! Staff: the inbox (channels with unread counts) and a thread with its links, their notices'
//! delivery, and the family's other channels.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::thread::ThreadView;
use crate::channels::api::{AddChannel, CreateLink, RevokeLink, channel_inbox, channel_thread};
use crate::channels::{ChannelId, Thread};
use crate::error::AppError;
use crate::layout::{ErrorNotice, Loading, Page};

#[component]
pub fn InboxPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| channel_inbox());
    view! {
        <Page title="Beskeder">
            <h1 class="page-title">"Beskeder"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) => view! {
                            <ul class="slot-list inbox">
                                {list.into_iter().map(|c| view! {
                                    <li class="slot" class:unread=c.unread.gt(&0)>
                                        <span class="slot-main">
                                            <a class="slot-title" href=format!("/beskeder/{}", c.id)>{c.title}</a>
                                            <span class="slot-meta">{if c.last.is_empty() { "Ingen beskeder endnu".to_string() } else { c.last }}</span>
                                        </span>
                                        {(c.unread > 0).then(|| view! { <span class="badge unread-count">{format!("{} ulæste", c.unread)}</span> })}
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

#[component]
pub fn StaffThreadPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|s| s.parse::<ChannelId>().ok());
    let saved = match use_query_map().read_untracked().get("gemt").as_deref() {
        Some("link") => "Linket er oprettet og sendt. Personen bekræfter med en engangskode første gang.",
        Some("lukket") => "Linket er lukket. Det og de enheder, der har brugt det, virker ikke længere.",
        _ => "",
    };
    let data = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => channel_thread(Some(id)).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Page title="Beskeder">
            <p class="back"><a href="/beskeder">"← Beskeder"</a></p>
            {(!saved.is_empty()).then(|| view! { <div class="notice notice-ok" role="status">{saved}</div> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(t) => view! {
                            <h1 class="page-title">{t.title.clone()}</h1>
                            <div class="thread-layout">
                                <div><ThreadView thread=t.clone()/></div>
                                <aside><Links thread=t/></aside>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Links(thread: Thread) -> impl IntoView {
    let create = ServerAction::<CreateLink>::new();
    let revoke = ServerAction::<RevokeLink>::new();
    let add = ServerAction::<AddChannel>::new();
    let error =
        move || {
            create.value().get().and_then(Result::err)
            .or_else(|| revoke.value().get().and_then(Result::err))
            .or_else(|| add.value().get().and_then(Result::err))
            .map(|e| view! { <div class="notice notice-error" role="alert">{e.message(crate::i18n::Lang::Da)}</div> })
        };
    let channel = thread.channel_id;
    let family = !thread.parents.is_empty() || !thread.others.is_empty();
    let links_view = (!thread.links.is_empty()).then(|| {
        let items = thread
            .links
            .iter()
            .map(|l| {
                let (id, active) = (l.id, l.active);
                view! {
                    <li>
                        <strong>{l.person.clone()}</strong>" · "{l.to.clone()}<br/>
                        <span class="small" class:muted=!active>{l.state.clone()}</span>
                        {active.then(|| view! {
                            <ActionForm action=revoke attr:class="inline-form">
                                <input type="hidden" name="channel_id" value=channel/>
                                <input type="hidden" name="link_id" value=id/>
                                <button type="submit" class="btn btn-quiet">"Luk linket"</button>
                            </ActionForm>
                        })}
                    </li>
                }
            })
            .collect_view();
        view! { <h3>"Links"</h3><ul class="plain links">{items}</ul> }
    });
    view! {
        {error}
        <section class="card">
            <h2>"Sikkert link"</h2>
            <p class="muted small">"Linket sendes til personen. Første gang bekræfter de med en engangskode, der kommer den anden vej (SMS eller e-mail), når de har begge. Notifikationer indeholder kun et link."</p>
            <ActionForm action=create attr:class="form">
                <input type="hidden" name="channel_id" value=channel/>
                {(!thread.parents.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="person_id">"Forælder"</label>
                        <select id="person_id" name="person_id">
                            {thread.parents.iter().map(|(id, name, account)| view! {
                                <option value=id.to_string()>{if *account { format!("{name} (har adgangskode)") } else { name.clone() }}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <div class="field"><label for="link-name">"Navn"</label><input id="link-name" name="name" maxlength="80"/></div>
                <div class="field-row">
                    <div class="field"><label for="link-email">"E-mail"</label><input id="link-email" name="email" type="email" maxlength="200"/></div>
                    <div class="field"><label for="link-phone">"Mobil"</label><input id="link-phone" name="phone" type="tel" maxlength="30"/></div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="link-via">"Send linket med"</label>
                        <select id="link-via" name="via" aria-describedby="link-via-hint">
                            <option value="">"Automatisk"</option>
                            <option value="email">"E-mail"</option>
                            <option value="sms">"SMS"</option>
                        </select>
                    </div>
                    <div class="field"><label for="link-days">"Gælder i (dage)"</label><input id="link-days" name="days" type="number" min="1" max="90" value=thread.link_days/></div>
                </div>
                <p class="hint" id="link-via-hint">"Automatisk: e-mail, hvis der er en, ellers SMS."</p>
                <button type="submit" class="btn btn-primary">"Opret og send link"</button>
            </ActionForm>
            {links_view}
        </section>
        {(!thread.notices.is_empty()).then(|| view! {
            <section class="card">
                <h2>"Notifikationer"</h2>
                <ul class="plain notices">
                    {thread.notices.iter().map(|n| view! {
                        <li class:warn=n.failed>{format!("{} · {} · {} · {}", n.when, n.what, n.to, n.state)}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {family.then(|| view! {
            <section class="card">
                <h2>"Andre kanaler for familien"</h2>
                <ul class="plain">{thread.others.iter().map(|(id, title)| view! { <li><a href=format!("/beskeder/{id}")>{title.clone()}</a></li> }).collect_view()}</ul>
                <ActionForm action=add attr:class="form">
                    <input type="hidden" name="channel_id" value=channel/>
                    <div class="field"><label for="channel-title">"Ny kanal med (fx anbringelsesstedet eller rådgiveren)"</label><input id="channel-title" name="title" maxlength="80" required/></div>
                    <div class="field">
                        <label for="channel-child">"Er det et barns anbringelsessted?"</label>
                        <select id="channel-child" name="child_id" aria-describedby="channel-child-hint">
                            <option value="">"Nej"</option>
                            {thread.children.iter().map(|(id, name)| view! { <option value=*id>{format!("Ja, {}", crate::i18n::genitive(name))}</option> }).collect_view()}
                        </select>
                        <p class="hint" id="channel-child-hint">"Anbringelsesstedet ser barnets kommende samvær og skriver noter før og efter. Det ser aldrig forældrenes beskeder."</p>
                    </div>
                    <button type="submit" class="btn">"Opret kanal"</button>
                </ActionForm>
            </section>
        })}
    }
    .into_any()
}
