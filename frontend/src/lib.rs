//! The browser entry. Pages are rendered on the server and work without this; the wasm only brings
//! the interactive islands (`#[island]` components in `app`) to life.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Marks the page as interactive (end-to-end tests wait for it; CSS could use it).
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
