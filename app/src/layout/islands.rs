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

/// A button that copies `text` to the clipboard and says so.
#[island]
pub fn CopyButton(text: String, label: String, done: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
            copied.set(true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
    };
    view! {
        <button type="button" class="btn" on:click=on_click>
            {move || if copied.get() { done.clone() } else { label.clone() }}
        </button>
    }
}
