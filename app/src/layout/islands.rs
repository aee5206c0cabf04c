//! The few interactive parts, shipped to the browser as islands. Everything else is plain HTML.

use leptos::prelude::*;

/// Shows the offline banner while the connection is gone (the service worker marks saved copies
/// itself; this covers a line that drops while the page is open).
#[island]
pub fn ConnectionWatch() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let set = |offline: bool| {
            if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
                let _ = if offline {
                    body.set_attribute("data-offline", "true")
                } else {
                    body.remove_attribute("data-offline")
                };
            }
        };
        if let Some(window) = web_sys::window() {
            if !window.navigator().on_line() {
                set(true);
            }
            gloo_events::EventListener::new(&window, "offline", move |_| set(true)).forget();
            gloo_events::EventListener::new(&window, "online", move |_| set(false)).forget();
        }
    }
}

/// A button that copies `text` to the clipboard and says whether it worked.
#[island]
pub fn CopyButton(text: String, label: String, done: String, failed: String) -> impl IntoView {
    let outcome = RwSignal::new(None::<bool>);
    let on_click = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let promise = w.navigator().clipboard().write_text(&text);
            leptos::task::spawn_local(async move {
                outcome.set(Some(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()));
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
    };
    view! {
        <button type="button" class="btn" on:click=on_click aria-live="polite">
            {move || match outcome.get() {
                None => label.clone(),
                Some(true) => done.clone(),
                Some(false) => failed.clone(),
            }}
        </button>
    }
}
