//! The description form's autosave: `public/draft.js`, which only this form's page loads (it was
//! an island, and every page's wasm carried it). It keeps every change on the device at once,
//! saves every few seconds, when the tab is hidden and when the line is back, each field against
//! the revision and fingerprint it was shown with (see the script). Without JavaScript the form's
//! buttons post as usual. Kept texts are removed on the sign-in page, which loads the script too, so
//! signing out leaves none behind.

use leptos::prelude::*;

/// The status line of the form with `class="description-form"` for description `id`, and the
/// script that keeps and saves it.
#[component]
pub fn DraftKeeper(id: i64) -> impl IntoView {
    view! {
        <p class="draft-status" role="status" aria-live="polite" data-description=id></p>
        <script src="/draft.js" defer></script>
    }
}
