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

/// A button that copies `text` to the clipboard and says whether it worked. Plain HTML, brought to
/// life by `copy_buttons` once the page is hydrated: as an island its four texts travelled as
/// props, and decoding those brought a JSON decoder (and float formatting) into the wasm.
#[component]
pub fn CopyButton(text: String, label: String, done: String, failed: String) -> impl IntoView {
    view! {
        <button type="button" class="btn" data-copy=text data-done=done data-failed=failed aria-live="polite">
            {label}
        </button>
    }
}

/// Makes every copy button on the page copy its `data-copy` and then say `data-done` or
/// `data-failed` (the browser may refuse the clipboard). Run once, after hydrating: a copy button
/// belongs in the server-rendered page, not in what an island draws later.
#[cfg(feature = "hydrate")]
pub fn copy_buttons(document: &web_sys::Document) {
    use wasm_bindgen::JsCast;
    let Ok(buttons) = document.query_selector_all("button[data-copy]") else { return };
    for button in (0..buttons.length()).filter_map(|i| buttons.item(i)?.dyn_into::<web_sys::Element>().ok()) {
        let target = button.clone();
        gloo_events::EventListener::new(&button, "click", move |_| {
            let Some(window) = web_sys::window() else { return };
            let text = target.get_attribute("data-copy").unwrap_or_default();
            let promise = window.navigator().clipboard().write_text(&text);
            let target = target.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                let said = target.get_attribute(if copied { "data-done" } else { "data-failed" });
                target.set_text_content(said.as_deref());
            });
        })
        .forget();
    }
}
