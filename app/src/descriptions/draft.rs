//! The description form's autosave. With JavaScript, every change is kept on the device at once
//! (localStorage) and saved to the server every few seconds and when the tab is hidden; a dead
//! line keeps it on the device and it goes when the line is back (the `online` event and the
//! timer). Each save sends every field with the revision and fingerprint it was shown with, so the
//! server stores only what this writer changed; a field a colleague saved meanwhile comes back
//! holding both texts, and the writer is told. Without JavaScript the form's buttons post as
//! usual. Kept texts are removed on the sign-in page, so signing out leaves none behind.

use leptos::prelude::*;

/// The status line of the form with `class="description-form"` for description `id`.
#[island]
pub fn DraftKeeper(id: i64) -> impl IntoView {
    let status = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    client::start(id, status);
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
    view! { <p class="draft-status" role="status" aria-live="polite">{move || status.get()}</p> }
}

/// Removes every kept draft from this device (the sign-in page calls it: after sign-out).
#[cfg(feature = "hydrate")]
pub fn forget_all() {
    client::forget_all();
}

#[cfg(feature = "hydrate")]
mod client {
    use std::sync::atomic::{AtomicBool, Ordering};

    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};

    use crate::descriptions::fingerprint;

    const PREFIX: &str = "samvaer_beskrivelse_";
    static DIRTY: AtomicBool = AtomicBool::new(false);
    static SAVING: AtomicBool = AtomicBool::new(false);

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn forget_all() {
        let Some(s) = storage() else { return };
        let keys: Vec<String> = (0..s.length().unwrap_or(0)).filter_map(|i| s.key(i).ok().flatten()).collect();
        for k in keys.into_iter().filter(|k| k.starts_with(PREFIX)) {
            let _ = s.remove_item(&k);
        }
    }

    fn form() -> Option<web_sys::HtmlFormElement> {
        web_sys::window()?
            .document()?
            .query_selector("form.description-form")
            .ok()
            .flatten()?
            .dyn_into::<web_sys::HtmlFormElement>()
            .ok()
    }

    fn named(name: &str) -> Option<web_sys::Element> {
        form()?.query_selector(&format!("[name=\"{name}\"]")).ok().flatten()
    }

    fn value(el: &web_sys::Element) -> String {
        js_sys::Reflect::get(el, &JsValue::from_str("value")).ok().and_then(|v| v.as_string()).unwrap_or_default()
    }

    fn set_value(el: &web_sys::Element, v: &str) {
        let _ = js_sys::Reflect::set(el, &JsValue::from_str("value"), &JsValue::from_str(v));
    }

    /// The text fields: (key, element).
    fn fields() -> Vec<(String, web_sys::Element)> {
        let Some(list) = form().and_then(|f| f.query_selector_all("[name^=\"text[\"]").ok()) else { return Vec::new() };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
            .filter_map(|el| {
                let name = el.get_attribute("name")?;
                let key = name.strip_prefix("text[")?.strip_suffix(']')?.to_string();
                Some((key, el))
            })
            .collect()
    }

    fn keep(id: i64) {
        let Some(s) = storage() else { return };
        let Ok(params) = web_sys::UrlSearchParams::new() else { return };
        for (key, el) in fields() {
            params.append(&key, &value(&el));
        }
        let _ = s.set_item(&format!("{PREFIX}{id}"), &String::from(params.to_string()));
    }

    fn forget(id: i64) {
        if let Some(s) = storage() {
            let _ = s.remove_item(&format!("{PREFIX}{id}"));
        }
    }

    /// A kept text from an earlier visit to the page (a lost line, a closed tab) goes back into
    /// its field; answers whether anything differed from what the server showed.
    fn restore(id: i64) -> bool {
        let Some(kept) = storage().and_then(|s| s.get_item(&format!("{PREFIX}{id}")).ok().flatten()) else {
            return false;
        };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(&kept) else { return false };
        let mut differed = false;
        for (key, el) in fields() {
            if let Some(text) = params.get(&key)
                && text != value(&el)
            {
                set_value(&el, &text);
                differed = true;
            }
        }
        if !differed {
            forget(id);
        }
        differed
    }

    fn get(obj: &JsValue, key: &str) -> JsValue {
        js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    /// Takes the server's answer in: fields the writer left alone since the save take the stored
    /// text; every field takes the revision and fingerprint it now stands on. Answers the merged
    /// fields' labels and the time.
    fn take_in(answer: &JsValue, sent: &[(String, String)]) -> (Vec<String>, String) {
        let sections = js_sys::Array::from(&get(answer, "sections"));
        for section in sections.iter() {
            let key = get(&section, "key").as_string().unwrap_or_default();
            let body = get(&section, "body").as_string().unwrap_or_default();
            let rev = get(&section, "rev").as_f64().unwrap_or(0.0) as i64;
            let (Some(el), Some(rev_el), Some(seen_el)) =
                (named(&format!("text[{key}]")), named(&format!("rev[{key}]")), named(&format!("seen[{key}]")))
            else {
                continue;
            };
            let was = sent.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default();
            let now = value(&el);
            if now == was {
                if body != now {
                    set_value(&el, &body);
                }
                set_value(&rev_el, &rev.to_string());
                set_value(&seen_el, &fingerprint(&body));
            } else if body == was {
                // Typed on while the save went: it stands on the saved text and is still unsaved.
                set_value(&rev_el, &rev.to_string());
                set_value(&seen_el, &fingerprint(&body));
                DIRTY.store(true, Ordering::SeqCst);
            } else {
                DIRTY.store(true, Ordering::SeqCst);
            }
        }
        let merged = js_sys::Array::from(&get(answer, "merged")).iter().filter_map(|v| v.as_string()).collect();
        (merged, get(answer, "at").as_string().unwrap_or_default())
    }

    const KEPT: &str =
        "Ingen forbindelse. Teksten er gemt på enheden og bliver gemt i Samvær, når forbindelsen er tilbage.";

    async fn save(id: i64, status: RwSignal<String>) {
        let (Some(window), Some(form)) = (web_sys::window(), form()) else { return };
        DIRTY.store(false, Ordering::SeqCst);
        let sent: Vec<(String, String)> = fields().into_iter().map(|(k, el)| (k, value(&el))).collect();
        let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else { return };
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        // A save as the tab is hidden goes on when it is closed (web-sys has no setter for it in
        // stable APIs); only then, as a keepalive body is limited to 64 KB.
        let hidden = window.document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if hidden {
            let _ = js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE);
        }
        init.set_body(&JsValue::from(params.to_string()));
        if let Ok(headers) = web_sys::Headers::new() {
            let _ = headers.set("Content-Type", "application/x-www-form-urlencoded");
            let _ = headers.set("Accept", "application/json");
            init.set_headers(&headers);
        }
        let request = window.fetch_with_str_and_init("/api/descriptions/save", &init);
        let response = wasm_bindgen_futures::JsFuture::from(request).await;
        let Some(response) = response.ok().and_then(|r| r.dyn_into::<web_sys::Response>().ok()) else {
            DIRTY.store(true, Ordering::SeqCst);
            status.set(KEPT.into());
            return;
        };
        if !response.ok() {
            let message = match response.status() {
                401 | 403 => {
                    "Du er ikke logget ind længere, så teksten er ikke gemt. Kopiér den, log ind igen og sæt den ind."
                }
                404 | 409 => {
                    // It can never be saved: nothing is left behind on the device.
                    forget(id);
                    "Beskrivelsen er sendt eller låst, så dine sidste ændringer er ikke gemt. Hent siden igen."
                }
                422 => "Et felt er for langt, så ændringerne er ikke gemt. Gør teksten kortere.",
                _ => {
                    DIRTY.store(true, Ordering::SeqCst);
                    "Samvær kunne ikke gemme lige nu. Teksten er gemt på enheden, og vi prøver igen om lidt."
                }
            };
            status.set(message.into());
            return;
        }
        let answer = match response.json() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.unwrap_or(JsValue::NULL),
            Err(_) => JsValue::NULL,
        };
        let (merged, at) = take_in(&answer, &sent);
        if merged.is_empty() {
            status.set(format!("Gemt kl. {at}."));
        } else {
            status.set(format!(
                "En kollega skrev i {} imens. Begge tekster står nu i feltet: ret dem sammen.",
                merged.iter().map(|m| format!("„{m}“")).collect::<Vec<_>>().join(", ")
            ));
        }
        if DIRTY.load(Ordering::SeqCst) {
            keep(id);
        } else {
            forget(id);
        }
    }

    fn spawn_save(id: i64, status: RwSignal<String>) {
        if !DIRTY.load(Ordering::SeqCst) || SAVING.swap(true, Ordering::SeqCst) {
            return;
        }
        leptos::task::spawn_local(async move {
            save(id, status).await;
            SAVING.store(false, Ordering::SeqCst);
        });
    }

    pub fn start(id: i64, status: RwSignal<String>) {
        let (Some(window), Some(form)) = (web_sys::window(), form()) else { return };
        if restore(id) {
            DIRTY.store(true, Ordering::SeqCst);
            status.set("Din tekst fra sidst er hentet fra enheden og bliver gemt nu.".into());
            spawn_save(id, status);
        }
        gloo_events::EventListener::new(&form, "input", move |_| {
            DIRTY.store(true, Ordering::SeqCst);
            keep(id);
            status.set("Ikke gemt endnu.".into());
        })
        .forget();
        let on_submit = move |event: &web_sys::Event| {
            let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
            if !online {
                event.prevent_default();
                keep(id);
                status.set(KEPT.into());
            }
        };
        gloo_events::EventListener::new_with_options(
            &form,
            "submit",
            gloo_events::EventListenerOptions::enable_prevent_default(),
            on_submit,
        )
        .forget();
        gloo_events::EventListener::new(&window, "online", move |_| spawn_save(id, status)).forget();
        if let Some(document) = window.document() {
            let doc = document.clone();
            gloo_events::EventListener::new(&document, "visibilitychange", move |_| {
                if doc.visibility_state() == web_sys::VisibilityState::Hidden {
                    spawn_save(id, status);
                }
            })
            .forget();
        }
        let every = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || spawn_save(id, status));
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(every.as_ref().unchecked_ref(), 4_000);
        every.forget();
    }
}
