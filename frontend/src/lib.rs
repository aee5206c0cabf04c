//! The browser entry. Pages are rendered on the server and work without this; the wasm only brings
//! the interactive islands (`#[island]` components in `app`) to life and registers the service
//! worker (public/sw.js) that keeps the parent's pages for offline use.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().service_worker().register("/sw.js");
        // The sign-in page follows a sign-out: no message or draft written here stays on the device.
        if window.location().pathname().is_ok_and(|p| p == "/logind") {
            app::channels::outbox::forget_all();
            app::descriptions::draft::forget_all();
        }
        // Marks the page as interactive (end-to-end tests wait for it; CSS could use it).
        if let Some(body) = window.document().and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    }
}
