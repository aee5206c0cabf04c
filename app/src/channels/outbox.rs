//! The reply form's outbox. With JavaScript, a message is first kept on the device and then sent
//! with its own key (the server stores a key once, so no retry doubles it); on a dead or failing
//! line it stays, marked "Ikke sendt endnu", and goes by itself when the line is back (the
//! `online` event, and a retry every 20 seconds). A message the server refuses (the
//! device is no longer signed in, say) is marked as not sent with the reason and kept until the
//! writer tries again or deletes it; it is never retried blindly. Without JavaScript the form
//! posts as usual (and an offline post fails visibly in the browser). Kept texts are removed on
//! the sign-in page, so signing out leaves none behind.

use leptos::prelude::*;

use crate::i18n::Lang;

/// One kept message: its storage key, text, and why the server refused it (empty: waiting).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub key: String,
    pub text: String,
    pub refused: String,
}

/// Pending texts for the page's channel, kept in localStorage under
/// `samvaer_udbakke_<channel>_<n>`. No props: in the browser the channel is read from the reply
/// form and the reader's language from `<html lang>` (`client::page`). An island's props travel as
/// JSON, and decoding them brought a JSON decoder (and float formatting) into the wasm.
#[island]
pub fn Outbox() -> impl IntoView {
    let kept = RwSignal::new(Vec::<Kept>::new());
    #[cfg(feature = "hydrate")]
    let (channel_id, lang) = client::page();
    #[cfg(feature = "hydrate")]
    if let Some(channel_id) = channel_id {
        client::start(channel_id, kept);
    }
    // On the server nothing is kept, so nothing below is shown.
    #[cfg(not(feature = "hydrate"))]
    let lang = crate::i18n::use_lang();
    let retry = move |key: String| {
        #[cfg(feature = "hydrate")]
        if let Some(channel_id) = channel_id {
            client::retry(channel_id, kept, &key);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = key;
    };
    let delete = move |key: String| {
        #[cfg(feature = "hydrate")]
        if let Some(channel_id) = channel_id {
            client::delete(channel_id, kept, &key);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = key;
    };
    view! {
        <div class="outbox" role="status" aria-live="polite">
            {move || {
                let list = kept.get();
                (!list.is_empty()).then(|| view! {
                    <ul class="plain">{list.into_iter().map(|k| {
                        let (key1, key2) = (k.key.clone(), k.key.clone());
                        let waiting = k.refused.is_empty();
                        view! {
                            <li class="bubble mine outbox-item" class:failed=!waiting>
                                <p class="outbox-title">{if waiting {
                                    lang.t("Ikke sendt endnu – sendes, når der er forbindelse igen:", "Not sent yet – it goes when there is a connection again:").to_string()
                                } else {
                                    format!("{}{}", lang.t("Ikke sendt: ", "Not sent: "), why(&k.refused, lang))
                                }}</p>
                                <p class="prewrap">{k.text}</p>
                                {(!waiting).then(|| view! {
                                    <p class="outbox-actions">
                                        <button type="button" class="btn" on:click=move |_| retry(key1.clone())>{lang.t("Prøv igen", "Try again")}</button>
                                        <button type="button" class="btn btn-quiet" on:click=move |_| delete(key2.clone())>{lang.t("Slet", "Delete")}</button>
                                    </p>
                                })}
                            </li>
                        }
                    }).collect_view()}</ul>
                })
            }}
        </div>
    }
}

/// A kept refusal in the reader's language.
fn why(refused: &str, lang: Lang) -> String {
    let text = match refused {
        "login" => lang.t(
            "du er ikke logget ind længere. Åbn linket igen eller log ind, og prøv så igen.",
            "you are no longer signed in. Open the link again or sign in, then try again.",
        ),
        "rejected" => lang.t(
            "beskeden blev afvist (tom eller over 4.000 tegn).",
            "the message was refused (empty or over 4,000 characters).",
        ),
        "busy" => lang.t("for mange forsøg lige nu. Prøv igen om lidt.", "too many tries just now. Try again shortly."),
        other => other,
    };
    text.to_string()
}

/// Removes every kept message from this device (the sign-in page calls it: after sign-out).
#[cfg(feature = "hydrate")]
pub fn forget_all() {
    client::forget_all();
}

#[cfg(feature = "hydrate")]
mod client {
    use std::sync::atomic::{AtomicBool, Ordering};

    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};

    use super::{Kept, Lang};

    const PREFIX: &str = "samvaer_udbakke_";
    /// A refused message is kept under its key with this suffix holding the reason.
    const REFUSED: &str = "_afvist";

    /// The page's channel (the reply form's `channel_id`) and the reader's language (`<html lang>`,
    /// as the server rendered the page).
    pub fn page() -> (Option<crate::channels::ChannelId>, Lang) {
        let document = web_sys::window().and_then(|w| w.document());
        let channel = document
            .as_ref()
            .and_then(|d| d.query_selector("form.reply input[name=channel_id]").ok().flatten())
            .and_then(|input| input.get_attribute("value")?.parse().ok())
            .map(crate::channels::ChannelId);
        let lang = document
            .and_then(|d| d.document_element()?.get_attribute("lang"))
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default();
        (channel, lang)
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    fn keys(s: &web_sys::Storage) -> Vec<String> {
        (0..s.length().unwrap_or(0)).filter_map(|i| s.key(i).ok().flatten()).collect()
    }

    /// The channel's kept messages, oldest first.
    fn load(channel_id: crate::channels::ChannelId) -> Vec<Kept> {
        let Some(s) = storage() else { return Vec::new() };
        let prefix = format!("{PREFIX}{channel_id}_");
        let mut out: Vec<Kept> = keys(&s)
            .into_iter()
            .filter(|k| k.starts_with(&prefix) && !k.ends_with(REFUSED))
            .filter_map(|k| {
                let text = s.get_item(&k).ok().flatten()?;
                let refused = s.get_item(&format!("{k}{REFUSED}")).ok().flatten().unwrap_or_default();
                Some(Kept { key: k, text, refused })
            })
            .collect();
        out.sort_by(|a, b| a.key.cmp(&b.key));
        out
    }

    fn remove(key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
            let _ = s.remove_item(&format!("{key}{REFUSED}"));
        }
    }

    pub fn forget_all() {
        if let Some(s) = storage() {
            for k in keys(&s).into_iter().filter(|k| k.starts_with(PREFIX)) {
                let _ = s.remove_item(&k);
            }
        }
    }

    /// What a refusal says to the writer, by the server's status.
    /// Why the server refused a message, as kept on the device (`super::why` words it).
    fn refusal(status: u16) -> Option<&'static str> {
        match status {
            401 | 403 | 404 => Some("login"),
            422 => Some("rejected"),
            429 => Some("busy"),
            // Server trouble passes: keep it waiting and try again later.
            _ => None,
        }
    }

    /// Sends the waiting messages in order, also those written meanwhile; stops when the line
    /// fails. Each goes with its storage key, so the server stores it once however often it is
    /// sent (a lost answer, another open tab).
    async fn send_all(channel_id: crate::channels::ChannelId, kept: RwSignal<Vec<Kept>>) {
        let Some(window) = web_sys::window() else { return };
        let mut sent = 0;
        'rounds: loop {
            let waiting: Vec<Kept> = load(channel_id).into_iter().filter(|k| k.refused.is_empty()).collect();
            if waiting.is_empty() {
                break;
            }
            for k in waiting {
                match send_one(&window, channel_id, &k).await {
                    Sent::Yes => sent += 1,
                    Sent::Refused => {}
                    Sent::NoLine => break 'rounds,
                }
            }
        }
        kept.set(load(channel_id));
        // The thread shows what went; what was refused stays marked in the outbox.
        if sent > 0 {
            let _ = window.location().reload();
        }
    }

    enum Sent {
        Yes,
        Refused,
        NoLine,
    }

    async fn send_one(window: &web_sys::Window, channel_id: crate::channels::ChannelId, k: &Kept) -> Sent {
        let client_key = k.key.rsplit('_').next().unwrap_or_default();
        let Ok(params) = web_sys::UrlSearchParams::new() else { return Sent::NoLine };
        params.append("channel_id", &channel_id.to_string());
        params.append("text", &k.text);
        params.append("client_key", client_key);
        {
            let init = web_sys::RequestInit::new();
            init.set_method("POST");
            init.set_body(&JsValue::from(params.to_string()));
            let Ok(headers) = web_sys::Headers::new() else { return Sent::NoLine };
            let _ = headers.set("Content-Type", "application/x-www-form-urlencoded");
            let _ = headers.set("Accept", "application/json");
            init.set_headers(&headers);
            let response =
                wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init("/api/channels/post", &init)).await;
            let Some(response) = response.ok().and_then(|r| r.dyn_into::<web_sys::Response>().ok()) else {
                return Sent::NoLine; // no connection: it waits
            };
            if response.ok() {
                remove(&k.key);
                return Sent::Yes;
            }
            match (refusal(response.status()), storage()) {
                (Some(why), Some(s)) => {
                    let _ = s.set_item(&format!("{}{REFUSED}", k.key), why);
                    Sent::Refused
                }
                _ => Sent::NoLine,
            }
        }
    }

    /// One sending round at a time (a submit, the `online` event and the timer may meet).
    static SENDING: AtomicBool = AtomicBool::new(false);

    fn spawn_send(channel_id: crate::channels::ChannelId, kept: RwSignal<Vec<Kept>>) {
        if SENDING.swap(true, Ordering::SeqCst) {
            return;
        }
        leptos::task::spawn_local(async move {
            send_all(channel_id, kept).await;
            SENDING.store(false, Ordering::SeqCst);
        });
    }

    pub fn retry(channel_id: crate::channels::ChannelId, kept: RwSignal<Vec<Kept>>, key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(&format!("{key}{REFUSED}"));
        }
        kept.set(load(channel_id));
        spawn_send(channel_id, kept);
    }

    pub fn delete(channel_id: crate::channels::ChannelId, kept: RwSignal<Vec<Kept>>, key: &str) {
        remove(key);
        kept.set(load(channel_id));
    }

    /// The thread is shown: the other side's messages are read. A POST of its own, so a page
    /// opened by a link from elsewhere (a GET) marks nothing.
    fn mark_read(window: &web_sys::Window, channel_id: crate::channels::ChannelId) {
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from(format!("channel_id={channel_id}")));
        if let Ok(headers) = web_sys::Headers::new() {
            let _ = headers.set("Content-Type", "application/x-www-form-urlencoded");
            let _ = headers.set("Accept", "application/json");
            init.set_headers(&headers);
        }
        let request = window.fetch_with_str_and_init("/api/channels/mark_read", &init);
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(request).await;
        });
    }

    pub fn start(channel_id: crate::channels::ChannelId, kept: RwSignal<Vec<Kept>>) {
        let Some(window) = web_sys::window() else { return };
        mark_read(&window, channel_id);
        kept.set(load(channel_id));
        let Some(form) = window.document().and_then(|d| d.query_selector("form.reply").ok().flatten()) else { return };
        let on_submit = move |event: &web_sys::Event| {
            let field = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("form.reply textarea").ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
            let (Some(field), Some(s)) = (field, storage()) else { return };
            let text = field.value();
            if text.trim().is_empty() {
                return;
            }
            // Kept first, then sent: a line that fails mid-way loses nothing.
            event.prevent_default();
            // Time first (the order), then 32 random bits (two devices in the same millisecond).
            let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
            let _ = s.set_item(&format!("{PREFIX}{channel_id}_{:015}{random:08x}", js_now()), &text);
            field.set_value("");
            kept.set(load(channel_id));
            spawn_send(channel_id, kept);
        };
        gloo_events::EventListener::new_with_options(
            &form,
            "submit",
            gloo_events::EventListenerOptions::enable_prevent_default(),
            on_submit,
        )
        .forget();
        gloo_events::EventListener::new(&window, "online", move |_| spawn_send(channel_id, kept)).forget();
        let every = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            if kept.get_untracked().iter().any(|k| k.refused.is_empty()) {
                spawn_send(channel_id, kept);
            }
        });
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(every.as_ref().unchecked_ref(), 20_000);
        every.forget();
        if !load(channel_id).is_empty() {
            spawn_send(channel_id, kept);
        }
    }

    fn js_now() -> u64 {
        web_sys::window().and_then(|w| w.performance()).map_or(0, |p| (p.time_origin() + p.now()) as u64)
    }
}
