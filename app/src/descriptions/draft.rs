//! The description form's autosave: `public/draft.js`, which only this form's page loads (it was
//! an island, and every page's wasm carried it). It keeps every change on the device at once,
//! saves every few seconds, when the tab is hidden and when the line is back, each field against
//! the revision and fingerprint it was shown with (see the script). Without JavaScript the form's
//! buttons post as usual. Kept texts are removed on the sign-in page, so signing out leaves none
//! behind.

use leptos::prelude::*;

/// Where kept texts live on the device: `samvaer_beskrivelse_<id>` (also in `public/draft.js`).
#[cfg(feature = "hydrate")]
const PREFIX: &str = "samvaer_beskrivelse_";

/// The status line of the form with `class="description-form"` for description `id`, and the
/// script that keeps and saves it.
#[component]
pub fn DraftKeeper(id: i64) -> impl IntoView {
    view! {
        <p class="draft-status" role="status" aria-live="polite" data-description=id></p>
        <script src="/draft.js" defer></script>
    }
}

/// Removes every kept draft from this device (the sign-in page calls it: after sign-out).
#[cfg(feature = "hydrate")]
pub fn forget_all() {
    let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else { return };
    let keys: Vec<String> = (0..s.length().unwrap_or(0)).filter_map(|i| s.key(i).ok().flatten()).collect();
    for k in keys.into_iter().filter(|k| k.starts_with(PREFIX)) {
        let _ = s.remove_item(&k);
    }
}
