//! A thread: the messages (own on the right), read receipts, corrections kept and marked, and the
//! reply form.

use leptos::prelude::*;

use crate::channels::api::{ForgetDevice, PostMessage, channel_thread};
use crate::channels::outbox::Outbox;
use crate::channels::{ChannelId, MessageView, Thread};
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::layout::{ErrorNotice, Loading, Page};

/// `/mine-beskeder`: a parent's own thread.
#[component]
pub fn MyThreadPage() -> impl IntoView {
    own_thread(false)
}

/// `/kanal`: a link holder's thread, on a device confirmed with the one-time code.
#[component]
pub fn LinkThreadPage() -> impl IntoView {
    own_thread(true)
}

fn own_thread(link_holder: bool) -> impl IntoView {
    let lang = use_lang();
    // Read before the Suspend: router state may be disposed by the time its content renders.
    let forgotten = leptos_router::hooks::use_query_map().read_untracked().get("glemt").is_some();
    let data = Resource::new(|| (), |_| channel_thread(None));
    view! {
        <Page title=lang.t("Beskeder", "Messages")>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        // A new phone or browser, or a cleared one: the link from the message opens it again.
                        Err(AppError::Unauthorized) if link_holder => view! { <NotConfirmed forgotten=forgotten/> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(t) => view! {
                            <h1 class="page-title">{lang.t("Beskeder med samværscentret", "Messages with the visitation centre")}</h1>
                            <p class="muted small">{lang.t(
                                "Kun du, din familie og samværscentret kan læse med her. Vi sender aldrig beskeden selv på e-mail eller SMS.",
                                "Only you, your family and the centre can read this. We never send the message itself by e-mail or text.",
                            )}</p>
                            {link_holder.then(|| view! { <crate::placement::pages::PlacementSection/> })}
                            <ThreadView thread=t/>
                            {link_holder.then(|| view! { <ForgetForm/> })}
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

/// A link holder's way out on a shared or borrowed phone.
#[component]
fn ForgetForm() -> impl IntoView {
    let lang = use_lang();
    let forget = ServerAction::<ForgetDevice>::new();
    view! {
        <ActionForm action=forget attr:class="form card forget-device">
            <p class="small">{lang.t(
                "Låner du telefonen eller computeren? Så log ud her. Næste gang skal du åbne linket og bruge en ny kode.",
                "Is this phone or computer borrowed? Sign out here. Next time, open the link and use a new code.",
            )}</p>
            <button type="submit" class="btn">{lang.t("Log ud / glem denne enhed", "Sign out / forget this device")}</button>
        </ActionForm>
    }
}

#[component]
fn NotConfirmed(forgotten: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card narrow link-closed">
            {forgotten.then(|| view! {
                <p class="notice" role="status">{lang.t("Du er logget ud, og denne enhed er glemt.", "You are signed out, and this device is forgotten.")}</p>
            })}
            <h1>{lang.t("Åbn linket igen", "Open the link again")}</h1>
            <p>{lang.t(
                "Denne telefon eller computer er ikke bekræftet til dine beskeder endnu, eller bekræftelsen er udløbet.",
                "This phone or computer is not confirmed for your messages yet, or the confirmation has expired.",
            )}</p>
            <p>{lang.t(
                "Åbn linket fra den e-mail eller SMS, du fik fra samværscentret. Så sender vi dig en engangskode.",
                "Open the link in the e-mail or text message from the visitation centre. We will then send you a one-time code.",
            )}</p>
            <super::link::SignInInstead/>
        </section>
    }
}

#[component]
pub fn ThreadView(thread: Thread) -> impl IntoView {
    let lang = use_lang();
    let post = ServerAction::<PostMessage>::new();
    let error = move || {
        post.value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <div class="notice notice-error" role="alert">{e.message(lang)}</div> })
    };
    let channel = thread.channel_id;
    view! {
        {if thread.messages.is_empty() {
            view! { <p class="card muted">{lang.t("Ingen beskeder endnu.", "No messages yet.")}</p> }.into_any()
        } else {
            view! { <ol class="thread">{thread.messages.into_iter().map(|m| view! { <Bubble m=m channel=channel/> }).collect_view()}</ol> }.into_any()
        }}
        {error}
        <ActionForm action=post attr:class="form card reply">
            <input type="hidden" name="channel_id" value=channel/>
            <div class="field">
                <label for="text">{lang.t("Skriv en besked", "Write a message")}</label>
                <textarea id="text" name="text" rows="4" maxlength="4000" required></textarea>
            </div>
            <button type="submit" class="btn btn-primary">{lang.t("Send", "Send")}</button>
        </ActionForm>
        <Outbox/>
    }
    .into_any()
}

#[component]
fn Bubble(m: MessageView, channel: ChannelId) -> impl IntoView {
    let lang = use_lang();
    let post = ServerAction::<PostMessage>::new();
    let can_correct = m.mine && !m.corrected && !m.deleted;
    view! {
        <li class="bubble" class:mine=m.mine class:corrected=m.corrected id=format!("besked-{}", m.id)>
            <p class="bubble-meta"><strong>{m.author.clone()}</strong>" · "{m.when.clone()}
                {m.is_correction.then(|| view! { " · "<span class="tag">{lang.t("Rettelse", "Correction")}</span> })}
            </p>
            {if m.deleted {
                view! { <p class="muted">{lang.t("Beskeden er slettet efter opbevaringsperioden.", "Deleted after the retention period.")}</p> }.into_any()
            } else {
                view! { <p class="prewrap bubble-text">{m.text.clone()}</p> }.into_any()
            }}
            {m.corrected.then(|| view! { <p class="small muted">{lang.t("Rettet senere – se den nyere udgave.", "Corrected later – see the newer version.")}</p> })}
            {(!m.read.is_empty()).then(|| view! { <p class="read">{m.read.clone()}</p> })}
            {can_correct.then(|| view! {
                <details class="correct">
                    <summary>{lang.t("Ret beskeden", "Correct the message")}</summary>
                    <ActionForm action=post attr:class="form">
                        <input type="hidden" name="channel_id" value=channel/>
                        <input type="hidden" name="corrects" value=m.id/>
                        <label class="sr-only" for=format!("ret-{}", m.id)>{lang.t("Rettet tekst", "Corrected text")}</label>
                        <textarea id=format!("ret-{}", m.id) name="text" rows="3" maxlength="4000" required>{m.text.clone()}</textarea>
                        <button type="submit" class="btn">{lang.t("Gem rettelse", "Save correction")}</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}
