//! The browser entry. Pages are rendered on the server and work without this; the wasm only brings
//! the interactive islands (`#[island]` components in `app`) to life and registers the service
//! worker (public/sw.js) that keeps the parent's pages for offline use.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    if let Some(window) = web_sys::window() {
        let workers = window.navigator().service_worker();
        let _ = workers.register("/sw.js");
        // A page that came before the worker ran (the first page after signing in, say) was not
        // saved by it: once the worker is ready it is asked to save this one (it keeps only the
        // parent's own pages). Pages it already serves are saved as they are fetched.
        if workers.controller().is_none()
            && let Ok(ready) = workers.ready()
        {
            wasm_bindgen_futures::spawn_local(async move {
                use wasm_bindgen::JsCast;
                if let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await
                    && let Some(worker) = registration.unchecked_into::<web_sys::ServiceWorkerRegistration>().active()
                {
                    let _ = worker.post_message(&"save".into());
                }
            });
        }
        // The sign-in page follows a sign-out: no message written here stays on the device
        // (description drafts: public/draft.js, which the sign-in page loads).
        if window.location().pathname().is_ok_and(|p| p == "/logind") {
            app::channels::outbox::forget_all();
        }
        if let Some(document) = window.document() {
            app::layout::islands::copy_buttons(&document);
        }
        // Marks the page as interactive (end-to-end tests wait for it; CSS could use it).
        if let Some(body) = window.document().and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    }
}
